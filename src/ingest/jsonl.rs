//! The canonical format: JSON Lines, one conversation per line (DESIGN §3).
//! Reading only splits lines; parsing runs on worker threads.

use super::{InputProblem, Item, decode_lossy};
use crate::model::{Conversation, Customer, Event, EventKind, Message, Origin, Role};
use crate::normalize::time::{parse_timestamp, unix_seconds};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::BufRead;

/// One line of a JSON Lines file, not parsed yet.
#[derive(Debug)]
pub struct RawLine {
    pub origin: Origin,
    pub bytes: Vec<u8>,
}

/// Streams the non-blank lines of a JSON Lines input.
pub struct JsonlReader {
    path: String,
    input: Box<dyn BufRead + Send>,
    line: u64,
    done: bool,
}

impl JsonlReader {
    pub fn new(path: String, input: impl BufRead + Send + 'static) -> Self {
        JsonlReader {
            path,
            input: Box::new(input),
            line: 0,
            done: false,
        }
    }
}

impl Iterator for JsonlReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            let mut bytes = Vec::new();
            self.line += 1;
            let origin = Origin {
                path: self.path.clone(),
                line: self.line,
                record: 0,
            };
            match self.input.read_until(b'\n', &mut bytes) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Item::JsonLine(RawLine { origin, bytes }));
                }
                Err(error) => {
                    self.done = true;
                    return Some(Item::Problem(InputProblem::skipped(
                        origin,
                        format!("read error: {error}"),
                    )));
                }
            }
        }
        None
    }
}

/// A conversation line as written. Deserialised by hand (below) rather
/// than with `#[serde(flatten)]`, which would buffer every field, texts
/// included, before reading it: unknown fields go to `meta` as they come.
struct RawConversation {
    id: Id,
    channel: Option<String>,
    subject: Option<String>,
    customer: Option<RawCustomer>,
    messages: Vec<RawMessage>,
    events: Vec<RawEvent>,
    meta: BTreeMap<String, Value>,
}

/// Ids are strings in the canonical form, but exports often write numbers.
enum Id {
    Text(String),
    Number(serde_json::Number),
}

/// Read by a visitor, not as an untagged enum, whose only error was "data
/// did not match any variant of untagged enum Id": the visitor says what
/// it found and what it expected ("invalid type: boolean `true`, expected
/// a string or a number"), and reads the value without serde's buffered
/// copy.
impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl Visitor<'_> for Either {
            type Value = Id;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Id, E> {
                Ok(Id::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Id, E> {
                Ok(Id::Text(text))
            }

            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Id, E> {
                Ok(Id::Number(number.into()))
            }

            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Id, E> {
                Ok(Id::Number(number.into()))
            }

            fn visit_f64<E: de::Error>(self, number: f64) -> Result<Id, E> {
                serde_json::Number::from_f64(number)
                    .map(Id::Number)
                    .ok_or_else(|| E::custom("an id that is not a finite number"))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Id {
    fn into_string(self) -> String {
        match self {
            Id::Text(text) => text,
            Id::Number(number) => number.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct RawCustomer {
    #[serde(default)]
    id: Option<Id>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// A message as written; deserialised by hand like [`RawConversation`].
struct RawMessage {
    id: Option<Id>,
    author: Option<String>,
    role: String,
    ts: Option<RawTime>,
    text: Option<String>,
    public: Option<bool>,
    meta: BTreeMap<String, Value>,
}

/// Sets a field once; a second occurrence is the error serde's derive
/// gives.
fn once<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de> Deserialize<'de> for RawConversation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = RawConversation;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("struct RawConversation")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawConversation, A::Error> {
                let (mut id, mut channel, mut subject, mut customer) = (None, None, None, None);
                let (mut messages, mut events) = (None, None);
                let mut meta = BTreeMap::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match key.as_ref() {
                        "id" => once(&mut id, "id", &mut map)?,
                        "channel" => once(&mut channel, "channel", &mut map)?,
                        "subject" => once(&mut subject, "subject", &mut map)?,
                        "customer" => once(&mut customer, "customer", &mut map)?,
                        "messages" => once(&mut messages, "messages", &mut map)?,
                        "events" => once(&mut events, "events", &mut map)?,
                        _ => {
                            meta.insert(key.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok(RawConversation {
                    id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                    channel: channel.flatten(),
                    subject: subject.flatten(),
                    customer: customer.flatten(),
                    messages: messages.ok_or_else(|| de::Error::missing_field("messages"))?,
                    events: events.unwrap_or_default(),
                    meta,
                })
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

impl<'de> Deserialize<'de> for RawMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = RawMessage;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("struct RawMessage")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMessage, A::Error> {
                let (mut id, mut author, mut role, mut ts) = (None, None, None, None);
                let (mut text, mut public) = (None, None);
                let mut meta = BTreeMap::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match key.as_ref() {
                        "id" => once(&mut id, "id", &mut map)?,
                        "author" => once(&mut author, "author", &mut map)?,
                        "role" => once(&mut role, "role", &mut map)?,
                        "ts" => once(&mut ts, "ts", &mut map)?,
                        "text" => once(&mut text, "text", &mut map)?,
                        "public" => once(&mut public, "public", &mut map)?,
                        _ => {
                            meta.insert(key.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok(RawMessage {
                    id: id.flatten(),
                    author: author.flatten(),
                    role: role.ok_or_else(|| de::Error::missing_field("role"))?,
                    ts: ts.flatten(),
                    text: text.flatten(),
                    public: public.flatten(),
                    meta,
                })
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// A timestamp as written: text (RFC 3339 and the other forms
/// `parse_timestamp` reads) or Unix seconds. Read by a visitor for the
/// reason [`Id`] is.
enum RawTime {
    Text(String),
    Unix(i64),
}

impl<'de> Deserialize<'de> for RawTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl Visitor<'_> for Either {
            type Value = RawTime;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a timestamp: text or whole Unix seconds")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawTime, E> {
                Ok(RawTime::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<RawTime, E> {
                Ok(RawTime::Text(text))
            }

            fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<RawTime, E> {
                Ok(RawTime::Unix(seconds))
            }

            fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<RawTime, E> {
                i64::try_from(seconds)
                    .map(RawTime::Unix)
                    .map_err(|_| E::custom("Unix seconds out of range"))
            }
        }
        deserializer.deserialize_any(Either)
    }
}

#[derive(Deserialize)]
struct RawEvent {
    #[serde(default)]
    ts: Option<RawTime>,
    kind: String,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

fn resolve_time(raw: Option<RawTime>, zone: &TimeZone) -> Result<Option<Timestamp>, String> {
    match raw {
        None => Ok(None),
        Some(RawTime::Text(text)) => parse_timestamp(&text, zone).map(Some),
        Some(RawTime::Unix(seconds)) => unix_seconds(seconds).map(Some),
    }
}

/// Unknown fields, with a `meta` object (as `tact convert` writes them)
/// merged in: fields beside it win.
fn unnest_meta(mut meta: BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    if let Some(Value::Object(inner)) = meta.remove("meta") {
        for (key, value) in inner {
            meta.entry(key).or_insert(value);
        }
    }
    meta
}

/// Parses one line into a conversation. Problems that skip the record are
/// the `Err`; warnings (lossy UTF-8) are pushed to `problems`.
pub fn parse_line(
    raw: RawLine,
    zone: &TimeZone,
    problems: &mut Vec<InputProblem>,
) -> Result<Conversation, InputProblem> {
    let RawLine { origin, bytes } = raw;
    let text = decode_lossy(bytes, &origin, problems);
    parse_conversation(text.trim_end_matches(['\n', '\r']), origin, zone)
}

/// A JSON error without serde's "at line 1 column N": the record is one
/// line, whose number the origin already gives, so only the column helps.
fn json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) if error.line() == 1 => format!("{} (column {})", &text[..at], error.column()),
        _ => text,
    }
}

/// Parses one canonical conversation from JSON text.
pub fn parse_conversation(
    text: &str,
    origin: Origin,
    zone: &TimeZone,
) -> Result<Conversation, InputProblem> {
    // Most lines are well formed: they are read without tracking the path,
    // which costs an allocation per key. A line that fails is read again
    // with it, so the error names the field.
    if let Ok(raw) = serde_json::from_str::<RawConversation>(text) {
        return convert(raw, origin, zone);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let raw: RawConversation = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(raw) => raw,
        Err(error) => {
            let path = error.path().to_string();
            let inner = json_error(&error.into_inner());
            let message = if path == "." || path == "?" || path.is_empty() {
                inner
            } else {
                format!("{path}: {inner}")
            };
            return Err(InputProblem::skipped(origin, message));
        }
    };
    if let Err(error) = deserializer.end() {
        return Err(InputProblem::skipped(origin, json_error(&error)));
    }
    convert(raw, origin, zone)
}

/// The canonical conversation from what the line held.
fn convert(
    raw: RawConversation,
    origin: Origin,
    zone: &TimeZone,
) -> Result<Conversation, InputProblem> {
    let fail = |message: String| InputProblem::skipped(origin.clone(), message);

    let mut messages = Vec::with_capacity(raw.messages.len());
    for (index, message) in raw.messages.into_iter().enumerate() {
        let role = Role::parse(&message.role).ok_or_else(|| {
            fail(format!(
                "messages[{index}].role: unknown role {:?} (expected customer, agent, bot or system)",
                message.role
            ))
        })?;
        let ts = resolve_time(message.ts, zone)
            .map_err(|e| fail(format!("messages[{index}].ts: {e}")))?;
        messages.push(Message {
            id: message
                .id
                .map_or_else(|| format!("m{}", index + 1), Id::into_string),
            author: message.author.unwrap_or_default(),
            role,
            ts,
            text: message.text.unwrap_or_default(),
            public: message.public.unwrap_or(true),
            meta: unnest_meta(message.meta),
        });
    }

    let mut events = Vec::with_capacity(raw.events.len());
    for (index, event) in raw.events.into_iter().enumerate() {
        let ts =
            resolve_time(event.ts, zone).map_err(|e| fail(format!("events[{index}].ts: {e}")))?;
        let kind = match event.kind.as_str() {
            "transfer" => EventKind::Transfer {
                from: event.from,
                to: event.to,
            },
            "assign" => EventKind::Assign {
                from: event.from,
                to: event.to,
            },
            "status" => EventKind::Status {
                status: event.status.unwrap_or_default(),
            },
            // Other kinds are not errors: exports grow new event types, and
            // no rule reads them yet.
            _ => continue,
        };
        events.push(Event { ts, kind });
    }

    Ok(Conversation {
        id: raw.id.into_string(),
        channel: raw.channel.map(|c| c.to_ascii_lowercase()),
        subject: raw.subject,
        customer: raw.customer.map(|c| Customer {
            id: c.id.map(Id::into_string),
            name: c.name,
            email: c.email,
        }),
        messages,
        events,
        meta: unnest_meta(raw.meta),
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Conversation, String> {
        parse_conversation(
            text,
            Origin {
                path: "t.jsonl".into(),
                line: 3,
                record: 0,
            },
            &TimeZone::UTC,
        )
        .map_err(|p| p.to_string())
    }

    #[test]
    fn reads_the_canonical_example() {
        let conv = parse(r#"{"id":"T-1","channel":"Email","customer":{"id":"u-7","name":"Maria"},"messages":[{"id":"m1","author":"Maria","role":"customer","ts":"2026-11-16T09:02:11Z","text":"Hi"},{"author":"Dana","role":"agent","ts":1763283731,"text":"Hello","public":false,"lang":"en"}],"events":[{"ts":"2026-11-16T10:00:00Z","kind":"transfer","from":"Dana","to":"Billing"},{"kind":"merge"}],"priority":"high"}"#).unwrap();
        assert_eq!(conv.id, "T-1");
        assert_eq!(conv.channel.as_deref(), Some("email"));
        assert_eq!(conv.messages.len(), 2);
        assert_eq!(conv.messages[1].id, "m2");
        assert!(!conv.messages[1].public);
        assert_eq!(conv.messages[1].meta["lang"], "en");
        assert_eq!(conv.events.len(), 1);
        assert_eq!(conv.meta["priority"], "high");
    }

    #[test]
    fn numeric_ids_become_strings() {
        let conv = parse(r#"{"id":1042,"messages":[{"id":7,"role":"agent","text":"x"}]}"#).unwrap();
        assert_eq!(conv.id, "1042");
        assert_eq!(conv.messages[0].id, "7");
        let conv = parse(r#"{"id":-3,"messages":[{"id":2.5,"role":"agent","text":"x"}]}"#).unwrap();
        assert_eq!(conv.id, "-3");
        assert_eq!(conv.messages[0].id, "2.5");
    }

    #[test]
    fn errors_name_the_place_and_the_field() {
        let cases = [
            (r#"{"id":1,"#, "t.jsonl:3: EOF while parsing"),
            (
                r#"{"id":"a","messages":"hi"}"#,
                "t.jsonl:3: messages: invalid type",
            ),
            (r#"{"id":"a"}"#, "t.jsonl:3: missing field `messages`"),
            (
                r#"{"id":"a","messages":[{"role":"robot","text":"x"}]}"#,
                "t.jsonl:3: messages[0].role: unknown role \"robot\"",
            ),
            (
                r#"{"id":"a","messages":[{"role":"agent","ts":"soon","text":"x"}]}"#,
                "t.jsonl:3: messages[0].ts: invalid timestamp",
            ),
            (
                r#"{"id":"a","messages":[{"id":true,"role":"agent","text":"x"}]}"#,
                "t.jsonl:3: messages[0].id: invalid type: boolean `true`, expected a string or a number",
            ),
            (
                r#"{"id":"a","messages":[{"role":"agent","ts":1.5,"text":"x"}]}"#,
                "t.jsonl:3: messages[0].ts: invalid type: floating point `1.5`, expected a timestamp",
            ),
            (r#"[1,2]"#, "t.jsonl:3: invalid type: sequence"),
            (
                r#"{"id":"a","messages":[]} trailing"#,
                "t.jsonl:3: trailing characters",
            ),
        ];
        for (input, expected) in cases {
            let error = parse(input).unwrap_err();
            assert!(error.starts_with(expected), "{input}: got {error}");
        }
    }
}
