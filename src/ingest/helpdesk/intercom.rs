//! Intercom conversations (API 2.x): the `source` is the first message,
//! `conversation_parts` the rest. Authors say what they are: `user`, `lead`
//! and `contact` are customers, `admin` and `team` agents, `bot` (Fin,
//! Operator, workflows) a bot. `note` parts are internal; assignments,
//! closes, opens and snoozes are events. Times are Unix seconds and bodies
//! HTML.

use super::{Context, Converted, Object, array, id, object, text, time};
use crate::model::{Conversation, Customer, Event, EventKind, Message, Role};
use crate::normalize::html::html_to_text;
use serde_json::Value;
use std::collections::BTreeMap;

pub fn is_conversation(o: &Object) -> bool {
    text(o, "type") == Some("conversation") && o.get("source").is_some_and(Value::is_object)
}

fn role(author: Option<&Object>) -> Role {
    match author.and_then(|a| text(a, "type")) {
        Some("admin") | Some("team") => Role::Agent,
        Some("bot") => Role::Bot,
        _ => Role::Customer,
    }
}

fn name(author: Option<&Object>) -> String {
    let Some(author) = author else {
        return "unknown".into();
    };
    text(author, "name")
        .or_else(|| text(author, "email"))
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{} {}",
                text(author, "type").unwrap_or("user"),
                id(author, "id").unwrap_or_default()
            )
        })
}

fn body(o: &Object) -> String {
    text(o, "body").map(html_to_text).unwrap_or_default()
}

fn channel(source_type: Option<&str>) -> Option<String> {
    let name = match source_type? {
        "conversation" | "chat" | "push" | "in_app" => "chat",
        "email" => "email",
        "facebook" | "twitter" | "instagram" | "whatsapp" | "sms" => "social",
        "phone_call" | "phone_switch" => "voice",
        other => other,
    };
    Some(name.to_string())
}

pub fn conversation(c: &Object, context: &Context) -> Converted {
    let key = id(c, "id").ok_or("Intercom conversation without an id")?;
    let fail = |e: String| format!("Intercom conversation {key}: {e}");
    let source = object(c, "source").ok_or_else(|| fail("no source".into()))?;
    let source_author = object(source, "author");
    let mut messages = vec![Message {
        id: id(source, "id").unwrap_or_else(|| "source".into()),
        author: name(source_author),
        role: role(source_author),
        ts: time(c, "created_at", context.zone).map_err(fail)?,
        text: body(source),
        public: true,
        meta: BTreeMap::new(),
    }];
    let mut events = Vec::new();
    let parts = match c.get("conversation_parts") {
        Some(Value::Object(list)) => array(list, "conversation_parts"),
        Some(Value::Array(list)) => list.as_slice(),
        _ => &[],
    };
    for (index, part) in parts.iter().filter_map(Value::as_object).enumerate() {
        let ts = time(part, "created_at", context.zone)
            .map_err(|e| fail(format!("conversation_parts[{index}].{e}")))?;
        let author = object(part, "author");
        let part_type = text(part, "part_type").unwrap_or("");
        let text_ = body(part);
        let event = match part_type {
            "assignment"
            | "default_assignment"
            | "away_mode_assignment"
            | "assign_and_reopen"
            | "assign_and_unsnooze" => {
                let to = object(part, "assigned_to").map(|a| match text(a, "name") {
                    Some(n) => n.to_string(),
                    None => format!(
                        "{} {}",
                        text(a, "type").unwrap_or("admin"),
                        id(a, "id").unwrap_or_default()
                    ),
                });
                Some(EventKind::Assign { from: None, to })
            }
            "close" => Some(EventKind::Status {
                status: "closed".into(),
            }),
            "open" => Some(EventKind::Status {
                status: "open".into(),
            }),
            "snoozed" => Some(EventKind::Status {
                status: "pending".into(),
            }),
            _ => None,
        };
        if let Some(kind) = event {
            events.push(Event { ts, kind });
        }
        let is_message =
            matches!(part_type, "comment" | "note" | "quick_reply") || part_type.ends_with("note");
        // An assignment or close may carry the reply sent with it.
        if is_message || !text_.is_empty() {
            messages.push(Message {
                id: id(part, "id").unwrap_or_else(|| format!("part{}", index + 1)),
                author: name(author),
                role: role(author),
                ts,
                text: text_,
                public: !part_type.ends_with("note"),
                meta: BTreeMap::new(),
            });
        }
    }
    let customer = if role(source_author) == Role::Customer {
        source_author.map(|a| Customer {
            id: id(a, "id"),
            name: text(a, "name").map(str::to_string),
            email: text(a, "email").map(str::to_lowercase),
        })
    } else {
        object(c, "contacts")
            .map(|list| array(list, "contacts"))
            .and_then(|list| list.first())
            .and_then(Value::as_object)
            .map(|contact| Customer {
                id: id(contact, "id"),
                name: text(contact, "name").map(str::to_string),
                email: text(contact, "email").map(str::to_lowercase),
            })
    };
    let subject = text(source, "subject")
        .map(html_to_text)
        .or_else(|| text(c, "title").map(str::to_string))
        .filter(|s| !s.is_empty());
    Ok(Conversation {
        id: key,
        channel: channel(text(source, "type")),
        subject,
        customer,
        messages,
        events,
        meta: BTreeMap::new(),
        origin: Default::default(),
    })
}
