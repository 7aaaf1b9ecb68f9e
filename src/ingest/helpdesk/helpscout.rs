//! Help Scout conversations (Mailbox API 2.0 with `embed=threads`, and the
//! older v1 shape). Threads come newest first and are put in time order.
//! `customer` threads are the customer's, `reply`/`message` threads an
//! agent's, `note` threads internal; chat and phone threads say by
//! `createdBy.type` (`customer` or `user`). Drafts are not messages.

use super::{Context, Converted, Object, id, object, text, time};
use crate::model::{Conversation, Customer, Event, EventKind, Message, Role};
use crate::normalize::html::html_to_text;
use jiff::Timestamp;
use serde_json::Value;
use std::collections::BTreeMap;

fn threads(o: &Object) -> Option<&[Value]> {
    match o.get("threads") {
        Some(Value::Array(list)) => Some(list.as_slice()),
        _ => object(o, "_embedded")
            .and_then(|e| e.get("threads"))
            .and_then(Value::as_array)
            .map(Vec::as_slice),
    }
}

pub fn is_conversation(o: &Object) -> bool {
    threads(o).is_some()
        && [
            "createdBy",
            "primaryCustomer",
            "customer",
            "mailboxId",
            "mailbox",
        ]
        .iter()
        .any(|k| o.contains_key(*k))
}

fn person_name(p: &Object) -> Option<String> {
    let first = text(p, "first").or_else(|| text(p, "firstName"));
    let last = text(p, "last").or_else(|| text(p, "lastName"));
    let joined = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        text(p, "name")
            .or_else(|| text(p, "email"))
            .map(str::to_string)
    } else {
        Some(joined)
    }
}

pub fn conversation(c: &Object, context: &Context) -> Converted {
    let key = id(c, "id").ok_or("Help Scout conversation without an id")?;
    let fail = |e: String| format!("Help Scout conversation {key}: {e}");
    let mut timed = Vec::new();
    for (index, thread) in threads(c)
        .unwrap_or(&[])
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
    {
        let ts = time(thread, "createdAt", context.zone)
            .map_err(|e| fail(format!("threads[{index}].{e}")))?;
        timed.push((ts.unwrap_or(Timestamp::MIN), index, thread));
    }
    // Newest first in the API; oldest first in a conversation.
    timed.sort_by_key(|(ts, index, _)| (*ts, std::cmp::Reverse(*index)));
    let mut messages = Vec::new();
    let mut events = Vec::new();
    for (ts, index, thread) in timed {
        let ts = (ts != Timestamp::MIN).then_some(ts);
        let kind = text(thread, "type").unwrap_or("");
        if matches!(text(thread, "state"), Some("draft") | Some("underReview")) {
            continue;
        }
        if kind == "lineitem" {
            if let Some(status) = text(thread, "status") {
                events.push(Event {
                    ts,
                    kind: EventKind::Status {
                        status: status.to_string(),
                    },
                });
            }
            continue;
        }
        let author = object(thread, "createdBy");
        let role = match (kind, author.and_then(|a| text(a, "type"))) {
            ("customer", _) => Role::Customer,
            ("note", _)
            | ("reply", _)
            | ("message", _)
            | ("forwardparent", _)
            | ("forwardchild", _) => Role::Agent,
            (_, Some("customer")) => Role::Customer,
            (_, Some("workflow")) => Role::Bot,
            _ => Role::Agent,
        };
        messages.push(Message {
            id: id(thread, "id").unwrap_or_else(|| format!("t{}", index + 1)),
            author: author
                .and_then(person_name)
                .unwrap_or_else(|| "unknown".into()),
            role,
            ts,
            text: text(thread, "body").map(html_to_text).unwrap_or_default(),
            public: kind != "note",
            meta: BTreeMap::new(),
        });
    }
    let customer = object(c, "primaryCustomer")
        .or_else(|| object(c, "customer"))
        .map(|p| Customer {
            id: id(p, "id"),
            name: person_name(p),
            email: text(p, "email").map(str::to_lowercase),
        });
    let channel = match text(c, "type") {
        Some("email") => Some("email".to_string()),
        Some("chat") | Some("beaconchat") => Some("chat".to_string()),
        Some("phone") => Some("voice".to_string()),
        other => other.map(str::to_string),
    };
    if messages.is_empty() {
        return Err(fail("no threads with messages".into()));
    }
    Ok(Conversation {
        id: key,
        channel,
        subject: text(c, "subject").map(str::to_string),
        customer,
        messages,
        events,
        meta: BTreeMap::new(),
        origin: Default::default(),
    })
}
