//! Freshdesk tickets (API v2 with `include=conversations,requester`, and
//! API v1's `helpdesk_ticket` with `notes`). The description is the
//! customer's first message; each conversation entry is `incoming` (the
//! customer) or not (an agent), `private` ones are internal notes. Entries
//! name only a `user_id`, so agent names come from an agent list among the
//! inputs, else the `from_email` display name.

use super::{Context, Converted, Object, array, id, object, text, time};
use crate::model::{Conversation, Customer, Event, EventKind, Message, Role};
use crate::normalize::html::html_to_text;
use jiff::Timestamp;
use serde_json::Value;
use std::collections::BTreeMap;

pub fn is_ticket(o: &Object) -> bool {
    o.contains_key("id")
        && o.contains_key("requester_id")
        && !o.get("via").is_some_and(Value::is_object)
        && [
            "description_text",
            "responder_id",
            "fr_due_by",
            "frDueBy",
            "display_id",
        ]
        .iter()
        .any(|k| o.contains_key(*k))
}

pub fn is_conversation_entry(o: &Object) -> bool {
    o.contains_key("ticket_id") && o.get("incoming").is_some_and(Value::is_boolean)
}

struct Names<'a> {
    context: &'a Context<'a>,
    requester_id: Option<String>,
    requester_name: Option<String>,
    responder_id: Option<String>,
    responder_name: Option<String>,
}

impl Names<'_> {
    fn of(&self, entry: &Object, incoming: bool) -> String {
        let user = id(entry, "user_id");
        if let Some(name) = user
            .as_deref()
            .and_then(|u| self.context.person(u))
            .and_then(|p| p.name.clone())
        {
            return name;
        }
        if user.is_some()
            && user == self.requester_id
            && let Some(name) = &self.requester_name
        {
            return name.clone();
        }
        if user.is_some()
            && user == self.responder_id
            && let Some(name) = &self.responder_name
        {
            return name.clone();
        }
        // "Rachel <rachel@freshdesk.com>": the display name, else the address.
        if let Some(from) = text(entry, "from_email") {
            let display = from
                .split('<')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .trim();
            if !display.is_empty() {
                return display.to_string();
            }
            return from.trim_matches(['<', '>']).to_string();
        }
        match (incoming, user) {
            (true, _) if self.requester_name.is_some() => {
                self.requester_name.clone().unwrap_or_default()
            }
            (_, Some(user)) => format!("user {user}"),
            _ => "unknown".into(),
        }
    }
}

fn entry_message(
    entry: &Object,
    index: usize,
    names: &Names,
    context: &Context,
) -> Result<Message, String> {
    let incoming = entry
        .get("incoming")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let body = text(entry, "body_text")
        .map(str::to_string)
        .or_else(|| text(entry, "body").map(html_to_text))
        .or_else(|| text(entry, "body_html").map(html_to_text))
        .unwrap_or_default();
    Ok(Message {
        id: id(entry, "id").unwrap_or_else(|| format!("c{}", index + 1)),
        author: names.of(entry, incoming),
        role: if incoming {
            Role::Customer
        } else {
            Role::Agent
        },
        ts: time(entry, "created_at", context.zone)
            .map_err(|e| format!("conversations[{index}].{e}"))?,
        text: body,
        public: !entry
            .get("private")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        meta: BTreeMap::new(),
    })
}

fn channel(ticket: &Object) -> Option<String> {
    let by_number = |n: i64| match n {
        1 | 10 => "email",
        2 | 9 => "web",
        3 => "voice",
        7 => "chat",
        5 | 6 => "social",
        _ => "web",
    };
    match ticket.get("source") {
        Some(Value::Number(n)) => n.as_i64().map(|n| by_number(n).to_string()),
        _ => text(ticket, "source_name").map(str::to_lowercase),
    }
}

fn status(ticket: &Object) -> Option<String> {
    match ticket.get("status") {
        Some(Value::Number(n)) => match n.as_i64()? {
            2 => Some("open"),
            3 => Some("pending"),
            4 => Some("solved"),
            5 => Some("closed"),
            _ => None,
        }
        .map(str::to_string),
        _ => text(ticket, "status_name").map(str::to_lowercase),
    }
}

pub fn ticket(t: &Object, context: &Context) -> Converted {
    let key = id(t, "display_id")
        .or_else(|| id(t, "id"))
        .ok_or("Freshdesk ticket without an id")?;
    let fail = |e: String| format!("Freshdesk ticket {key}: {e}");
    let requester_id = id(t, "requester_id");
    let requester = object(t, "requester");
    let requester_person = requester_id.as_deref().and_then(|r| context.person(r));
    let requester_name = requester
        .and_then(|r| text(r, "name"))
        .map(str::to_string)
        .or_else(|| requester_person.and_then(|p| p.name.clone()))
        .or_else(|| text(t, "requester_name").map(str::to_string));
    let names = Names {
        context,
        requester_id: requester_id.clone(),
        requester_name: requester_name.clone(),
        responder_id: id(t, "responder_id"),
        responder_name: text(t, "responder_name").map(str::to_string),
    };
    let created = time(t, "created_at", context.zone).map_err(fail)?;
    let description = text(t, "description_text")
        .map(str::to_string)
        .or_else(|| text(t, "description").map(html_to_text))
        .or_else(|| text(t, "description_html").map(html_to_text));
    let mut messages = Vec::new();
    // An outbound email (source 10) is the agent writing first.
    let outbound = t.get("source").and_then(Value::as_i64) == Some(10);
    if let Some(description) = description {
        let (author, role) = if outbound {
            let agent = names
                .responder_id
                .as_deref()
                .and_then(|r| context.person(r))
                .and_then(|p| p.name.clone())
                .or_else(|| names.responder_name.clone())
                .unwrap_or_else(|| {
                    names
                        .responder_id
                        .as_ref()
                        .map_or("agent".into(), |r| format!("user {r}"))
                });
            (agent, Role::Agent)
        } else {
            (
                requester_name.clone().unwrap_or_else(|| "customer".into()),
                Role::Customer,
            )
        };
        messages.push(Message {
            id: "description".into(),
            author,
            role,
            ts: created,
            text: description,
            public: true,
            meta: BTreeMap::new(),
        });
    }
    let mut entries: Vec<&Object> = array(t, "conversations")
        .iter()
        .filter_map(Value::as_object)
        .collect();
    // API v1 wraps each entry: notes: [{"note": {…}}].
    entries.extend(
        array(t, "notes")
            .iter()
            .filter_map(Value::as_object)
            .map(|n| object(n, "note").unwrap_or(n)),
    );
    for (index, entry) in entries.into_iter().enumerate() {
        messages.push(entry_message(entry, index, &names, context).map_err(fail)?);
    }
    sort_by_time(&mut messages);
    let mut events = Vec::new();
    if let Some(status) = status(t) {
        events.push(Event {
            ts: time(t, "updated_at", context.zone).map_err(fail)?,
            kind: EventKind::Status { status },
        });
    }
    Ok(Conversation {
        id: key,
        channel: channel(t),
        subject: text(t, "subject").map(str::to_string),
        customer: Some(Customer {
            id: requester_id,
            name: requester_name,
            email: requester
                .and_then(|r| text(r, "email"))
                .map(str::to_lowercase)
                .or_else(|| requester_person.and_then(|p| p.email.clone())),
        }),
        messages,
        events,
        meta: BTreeMap::new(),
        origin: Default::default(),
    })
}

/// Conversation entries listed on their own (`tickets/{id}/conversations`),
/// grouped by ticket: the ticket's description is not among them.
pub fn loose_conversations(entries: &[&Object], context: &Context) -> Vec<Converted> {
    let mut order: Vec<String> = Vec::new();
    let mut by_ticket: BTreeMap<String, Vec<&Object>> = BTreeMap::new();
    for entry in entries {
        let Some(ticket) = id(entry, "ticket_id") else {
            continue;
        };
        if !by_ticket.contains_key(&ticket) {
            order.push(ticket.clone());
        }
        by_ticket.entry(ticket).or_default().push(entry);
    }
    let names = Names {
        context,
        requester_id: None,
        requester_name: None,
        responder_id: None,
        responder_name: None,
    };
    order
        .into_iter()
        .map(|ticket| {
            let mut messages = Vec::new();
            for (index, entry) in by_ticket[&ticket].iter().enumerate() {
                messages.push(
                    entry_message(entry, index, &names, context)
                        .map_err(|e| format!("Freshdesk ticket {ticket}: {e}"))?,
                );
            }
            sort_by_time(&mut messages);
            Ok(Conversation {
                id: ticket,
                channel: None,
                subject: None,
                customer: None,
                messages,
                events: Vec::new(),
                meta: BTreeMap::new(),
                origin: Default::default(),
            })
        })
        .collect()
}

fn sort_by_time(messages: &mut [Message]) {
    // Stable, and untimed messages keep their place at the front.
    messages.sort_by_key(|m| m.ts.unwrap_or(Timestamp::MIN));
}
