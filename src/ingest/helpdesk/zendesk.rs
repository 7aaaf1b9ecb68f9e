//! Zendesk Support and Zendesk Chat.
//!
//! Support: a ticket's messages are the `Comment` events of its audits
//! (`ticket_audits`, `tickets/{id}/audits`), or the `comments` embedded in
//! the full JSON export; an incremental ticket export holds neither, so its
//! ticket yields the description as the first customer message. Authors
//! are `author_id`s: side-loaded or listed users give name and role
//! (`end-user` customer, `agent`/`admin` agent); without them the requester
//! is the customer and anyone else on the ticket staff. Comments made by
//! triggers and automations (`via.channel == "rule"`) are bots.
//!
//! Chat: `history[]` entries of type `chat.msg`, agents by `agent_names`
//! or an `agent:` nick.

use super::{Context, Converted, Object, array, id, object, text, time};
use crate::model::{Conversation, Customer, Event, EventKind, Message, Role};
use crate::normalize::html::html_to_text;
use jiff::Timestamp;
use std::collections::{BTreeMap, HashMap};

pub fn is_audit(o: &Object) -> bool {
    o.contains_key("ticket_id") && o.get("events").is_some_and(|e| e.is_array())
}

pub fn is_ticket(o: &Object) -> bool {
    o.contains_key("id")
        && o.contains_key("requester_id")
        && o.get("via").is_some_and(|v| v.is_object())
}

pub fn is_chat(o: &Object) -> bool {
    let typed = matches!(text(o, "type"), Some("chat") | Some("offline_msg"));
    o.get("visitor").is_some_and(|v| v.is_object())
        && (typed || o.get("history").is_some_and(|h| h.is_array()))
}

/// The tickets and audits of a document, gathered by ticket id.
#[derive(Default)]
pub struct Parts<'v> {
    order: Vec<String>,
    tickets: HashMap<String, &'v Object>,
    audits: HashMap<String, Vec<&'v Object>>,
}

impl<'v> Parts<'v> {
    pub fn add(&mut self, o: &'v Object) {
        let (key, is_audit) = if is_audit(o) {
            (id(o, "ticket_id"), true)
        } else {
            (id(o, "id"), false)
        };
        let Some(key) = key else { return };
        if !self.tickets.contains_key(&key) && !self.audits.contains_key(&key) {
            self.order.push(key.clone());
        }
        if is_audit {
            self.audits.entry(key).or_default().push(o);
        } else {
            self.tickets.entry(key).or_insert(o);
        }
    }
}

pub fn tickets(parts: &Parts, context: &Context) -> Vec<Converted> {
    parts
        .order
        .iter()
        .map(|key| {
            let audits = parts.audits.get(key).map(Vec::as_slice).unwrap_or(&[]);
            ticket(key, parts.tickets.get(key).copied(), audits, context)
                .map_err(|e| format!("Zendesk ticket {key}: {e}"))
        })
        .collect()
}

/// Who wrote a comment, as far as the export tells.
struct Authors<'a> {
    context: &'a Context<'a>,
    requester: Option<String>,
    /// Set when an author was taken for an agent for want of knowing.
    guessed: std::cell::Cell<bool>,
}

impl Authors<'_> {
    fn role(&self, author: &str) -> Role {
        if let Some(role) = self.context.person(author).and_then(|p| p.role) {
            return role;
        }
        if self.requester.as_deref() == Some(author) {
            Role::Customer
        } else if author == "-1" {
            Role::System
        } else {
            self.guessed.set(true);
            Role::Agent
        }
    }

    fn name(&self, author: &str) -> String {
        self.context
            .person(author)
            .and_then(|p| p.name.clone())
            .unwrap_or_else(|| format!("user {author}"))
    }
}

/// A comment made by a trigger or automation: the name of the rule.
fn automation(via: Option<&Object>) -> Option<String> {
    let via = via?;
    let source = object(via, "source");
    let rel = source.and_then(|s| text(s, "rel"));
    if text(via, "channel") == Some("rule") || matches!(rel, Some("trigger") | Some("automation")) {
        let title = source
            .and_then(|s| object(s, "from"))
            .and_then(|f| text(f, "title"))
            .unwrap_or("Zendesk automation");
        Some(title.to_string())
    } else {
        None
    }
}

/// The comment's text: plain, else the markdown body, else its HTML.
fn comment_text(comment: &Object) -> String {
    if let Some(plain) = text(comment, "plain_body") {
        // plain_body is rendered from HTML and pads lines with spaces.
        plain
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    } else if let Some(body) = text(comment, "body") {
        body.to_string()
    } else {
        text(comment, "html_body")
            .map(html_to_text)
            .unwrap_or_default()
    }
}

fn ticket(key: &str, ticket: Option<&Object>, audits: &[&Object], context: &Context) -> Converted {
    let mut requester = ticket.and_then(|t| id(t, "requester_id"));
    let mut subject = ticket
        .and_then(|t| text(t, "subject").or_else(|| text(t, "raw_subject")))
        .map(str::to_string);
    for audit in audits {
        for event in array(audit, "events").iter().filter_map(|e| e.as_object()) {
            if text(event, "type") == Some("Create") {
                match text(event, "field_name") {
                    Some("requester_id") if requester.is_none() => requester = id(event, "value"),
                    Some("subject") if subject.is_none() => {
                        subject = text(event, "value").map(str::to_string)
                    }
                    _ => {}
                }
            }
        }
    }
    let authors = Authors {
        context,
        requester: requester.clone(),
        guessed: std::cell::Cell::new(false),
    };
    let mut messages = Vec::new();
    let mut events = Vec::new();
    let mut sorted: Vec<&Object> = audits.to_vec();
    // Audits come newest first from some endpoints; a conversation reads
    // oldest first. The sort is stable, so equal times keep export order.
    let mut keyed = Vec::with_capacity(sorted.len());
    for audit in sorted.drain(..) {
        keyed.push((time(audit, "created_at", context.zone)?, audit));
    }
    keyed.sort_by_key(|(ts, _)| *ts);
    for (index, (audit_ts, audit)) in keyed.iter().enumerate() {
        let audit_author = id(audit, "author_id");
        let rule = automation(object(audit, "via"));
        for (event_index, event) in array(audit, "events")
            .iter()
            .filter_map(|e| e.as_object())
            .enumerate()
        {
            let place = format!("audits[{index}].events[{event_index}]");
            let ts = time(event, "created_at", context.zone)
                .map_err(|e| format!("{place}.{e}"))?
                .or(*audit_ts);
            match text(event, "type") {
                Some("Comment") | Some("VoiceComment") => {
                    let author = id(event, "author_id")
                        .or_else(|| audit_author.clone())
                        .unwrap_or_default();
                    messages.push(comment(event, &author, ts, rule.clone(), &authors));
                }
                Some("Create") | Some("Change") => {
                    if let Some(event) = change(event, ts, &authors) {
                        events.push(event);
                    }
                }
                _ => {}
            }
        }
    }
    if audits.is_empty()
        && let Some(ticket) = ticket
    {
        for (index, comment_value) in array(ticket, "comments").iter().enumerate() {
            let Some(c) = comment_value.as_object() else {
                continue;
            };
            let ts = time(c, "created_at", context.zone)
                .map_err(|e| format!("comments[{index}].{e}"))?;
            let author = id(c, "author_id").unwrap_or_default();
            let rule = automation(object(c, "via"));
            messages.push(comment(c, &author, ts, rule, &authors));
        }
        if messages.is_empty()
            && let Some(description) = text(ticket, "description")
        {
            let author = requester.clone().unwrap_or_default();
            messages.push(Message {
                id: "description".into(),
                author: authors.name(&author),
                role: Role::Customer,
                ts: time(ticket, "created_at", context.zone)?,
                text: description.to_string(),
                public: true,
                meta: BTreeMap::new(),
            });
        }
        if let Some(status) = text(ticket, "status") {
            events.push(Event {
                ts: time(ticket, "updated_at", context.zone)?,
                kind: EventKind::Status {
                    status: status.to_string(),
                },
            });
        }
    }
    if messages.is_empty() {
        return Err("no comments or description".into());
    }
    // Without the requester or the users, "anyone but the requester is an
    // agent" would make customers agents: say so instead of guessing.
    if requester.is_none() && authors.guessed.get() {
        return Err("the requester is not in this file (no Create audit, ticket or users), so customers cannot be told from agents: add the ticket's first audit page, the tickets, or a users export to the inputs".into());
    }
    let channel = ticket
        .and_then(|t| object(t, "via"))
        .or_else(|| keyed.first().and_then(|(_, a)| object(a, "via")))
        .and_then(|via| text(via, "channel"))
        .map(channel_name);
    let customer = requester.as_deref().map(|r| {
        let person = context.person(r);
        Customer {
            id: Some(r.to_string()),
            name: person.and_then(|p| p.name.clone()),
            email: person.and_then(|p| p.email.clone()),
        }
    });
    Ok(Conversation {
        id: key.to_string(),
        channel,
        subject,
        customer,
        messages,
        events,
        meta: BTreeMap::new(),
        origin: Default::default(),
    })
}

fn comment(
    c: &Object,
    author: &str,
    ts: Option<Timestamp>,
    rule: Option<String>,
    authors: &Authors,
) -> Message {
    let (name, role) = match rule {
        Some(rule) => (rule, Role::Bot),
        None => (authors.name(author), authors.role(author)),
    };
    Message {
        id: id(c, "id").unwrap_or_default(),
        author: name,
        role,
        ts,
        text: comment_text(c),
        public: c.get("public").and_then(|p| p.as_bool()).unwrap_or(true),
        meta: BTreeMap::new(),
    }
}

/// Status changes, reassignments and group moves (a transfer to another
/// department) from Create and Change events.
fn change(event: &Object, ts: Option<Timestamp>, authors: &Authors) -> Option<Event> {
    let field = text(event, "field_name")?;
    let value = id(event, "value");
    let previous = id(event, "previous_value");
    let kind = match field {
        "status" => EventKind::Status { status: value? },
        "assignee_id" if text(event, "type") == Some("Change") => EventKind::Assign {
            from: previous.map(|p| authors.name(&p)),
            to: value.map(|v| authors.name(&v)),
        },
        "group_id" if text(event, "type") == Some("Change") => EventKind::Transfer {
            from: previous.map(|p| format!("group {p}")),
            to: value.map(|v| format!("group {v}")),
        },
        _ => return None,
    };
    Some(Event { ts, kind })
}

/// Zendesk's `via.channel` in tact's channel names.
fn channel_name(channel: &str) -> String {
    match channel {
        "email" | "mail" => "email",
        "chat" | "native_messaging" | "messaging" | "chat_transcript" => "chat",
        "twitter" | "facebook" | "instagram_dm" | "whatsapp" | "any_channel" => "social",
        "voice" | "phone_call_inbound" | "phone_call_outbound" => "voice",
        "web" | "web_form" | "web_widget" | "api" | "mobile_sdk" | "help_center" => "web",
        other => other,
    }
    .to_string()
}

pub fn chat(chat: &Object, context: &Context) -> Converted {
    let key = id(chat, "id").ok_or("Zendesk chat without an id")?;
    let fail = |e: String| format!("Zendesk chat {key}: {e}");
    let visitor = object(chat, "visitor");
    let visitor_name = visitor.and_then(|v| text(v, "name"));
    let agent_names: Vec<&str> = array(chat, "agent_names")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    let mut messages = Vec::new();
    for (index, entry) in array(chat, "history")
        .iter()
        .filter_map(|h| h.as_object())
        .enumerate()
    {
        if text(entry, "type") != Some("chat.msg") {
            continue;
        }
        let name = text(entry, "name").unwrap_or("unknown");
        let nick = text(entry, "nick").unwrap_or("");
        let role = if nick.starts_with("agent:") || agent_names.contains(&name) {
            Role::Agent
        } else if nick.starts_with("visitor:")
            || Some(name) == visitor_name
            || !agent_names.is_empty()
        {
            Role::Customer
        } else {
            Role::Agent
        };
        messages.push(Message {
            id: id(entry, "msg_id").unwrap_or_else(|| format!("m{}", index + 1)),
            author: name.to_string(),
            role,
            ts: time(entry, "timestamp", context.zone)
                .map_err(|e| fail(format!("history[{index}].{e}")))?,
            text: text(entry, "msg").unwrap_or("").to_string(),
            public: true,
            meta: BTreeMap::new(),
        });
    }
    if messages.is_empty()
        && let Some(message) = text(chat, "message")
    {
        // An offline message: the visitor's one message.
        messages.push(Message {
            id: "m1".into(),
            author: visitor_name.unwrap_or("visitor").to_string(),
            role: Role::Customer,
            ts: time(chat, "timestamp", context.zone).map_err(fail)?,
            text: message.to_string(),
            public: true,
            meta: BTreeMap::new(),
        });
    }
    if messages.is_empty() {
        return Err(fail("no chat messages".into()));
    }
    Ok(Conversation {
        id: key.clone(),
        channel: Some("chat".into()),
        subject: None,
        customer: visitor.map(|v| Customer {
            id: id(v, "id"),
            name: text(v, "name").map(str::to_string),
            email: text(v, "email").map(str::to_lowercase),
        }),
        messages,
        events: Vec::new(),
        meta: BTreeMap::new(),
        origin: Default::default(),
    })
}
