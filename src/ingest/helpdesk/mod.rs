//! Help-desk exports in JSON: Zendesk (tickets, audits, the full JSON
//! export, Chat transcripts), Intercom conversations, Freshdesk tickets and
//! Help Scout conversations.
//!
//! An export arrives as API pages (one JSON document per file, often a
//! recorded response with the page in its `body`) or as one record per line
//! (Zendesk's full export). A document is read whole: an API page is bounded
//! by the API's page size. The reader then looks through it for objects of a
//! known shape, so the same code reads a bare ticket, a list page, a page
//! with side-loaded users and a recorded response around any of them. Each
//! platform's file holds its field map (DESIGN §3).

mod freshdesk;
mod helpscout;
mod intercom;
mod people;
mod zendesk;

pub use people::{People, collect_people};

use super::{InputFormat, InputProblem, Item, ReadOptions, Reader, decode_lossy};
use crate::model::{Conversation, Origin};
use crate::normalize::time::{parse_timestamp, unix_seconds};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value};
use std::io::BufRead;

type Object = Map<String, Value>;

/// Which platform a conversation came from: the summary says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Zendesk,
    Intercom,
    Freshdesk,
    Helpscout,
    /// tact's own form inside a JSON document.
    Canonical,
}

impl Platform {
    fn format(self) -> InputFormat {
        match self {
            Platform::Zendesk => InputFormat::Zendesk,
            Platform::Intercom => InputFormat::Intercom,
            Platform::Freshdesk => InputFormat::Freshdesk,
            Platform::Helpscout => InputFormat::Helpscout,
            Platform::Canonical => InputFormat::Jsonl,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Platform::Zendesk => "Zendesk",
            Platform::Intercom => "Intercom",
            Platform::Freshdesk => "Freshdesk",
            Platform::Helpscout => "Help Scout",
            Platform::Canonical => "canonical",
        }
    }
}

/// What converters need besides the object itself.
pub(crate) struct Context<'a> {
    pub zone: &'a TimeZone,
    /// People from user lists: the run's, then the document's own.
    pub people: &'a People,
    pub local: &'a People,
}

impl Context<'_> {
    pub fn person(&self, id: &str) -> Option<&people::Person> {
        self.local.get(id).or_else(|| self.people.get(id))
    }
}

/// A conversation converted, or why the record could not be.
type Converted = Result<Conversation, String>;

/// Everything found in one document (or one line).
#[derive(Default)]
struct Found {
    conversations: Vec<(Platform, Converted)>,
    /// What the document looked like when it held no conversation.
    people: usize,
    schema: bool,
}

/// Whether the first line of a JSON Lines input is a help-desk record
/// rather than a canonical conversation (which always has `messages`).
pub fn first_line_is_export(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let first = text.lines().next().unwrap_or("");
    !first.contains("\"messages\"")
        && [
            "\"requester_id\"",
            "\"conversation_parts\"",
            "\"ticket_id\"",
            "\"description_text\"",
            "\"threads\"",
            "\"history\"",
            "\"via\"",
        ]
        .iter()
        .any(|marker| first.contains(marker))
}

/// Opens a help-desk input: a whole JSON document, or one record per line
/// (streamed: a line is read only when the previous one's items are used).
pub fn open(
    input: &super::Input,
    format: InputFormat,
    per_line: bool,
    mut source: impl BufRead + Send + 'static,
    options: &ReadOptions,
) -> (Option<InputFormat>, Reader) {
    let origin = Origin::file(input.display.clone());
    let wanted = match format {
        InputFormat::Zendesk => Some(Platform::Zendesk),
        InputFormat::Intercom => Some(Platform::Intercom),
        InputFormat::Freshdesk => Some(Platform::Freshdesk),
        InputFormat::Helpscout => Some(Platform::Helpscout),
        _ => None,
    };
    if per_line {
        let mut lines = Lines {
            source: Box::new(source),
            path: input.display.clone(),
            line: 0,
            wanted,
            options: options.clone(),
            pending: std::collections::VecDeque::new(),
            platform: None,
            done: false,
        };
        // The first record says which platform the file is, for the summary.
        lines.fill();
        let format = lines.platform.map(Platform::format).or(Some(format));
        return (format, Reader::Streamed(Box::new(lines)));
    }
    let mut items = Vec::new();
    let mut platform = None;
    let mut bytes = Vec::new();
    if let Err(error) = source.read_to_end(&mut bytes) {
        let problem = InputProblem::skipped(origin, format!("cannot read: {error}"));
        return (None, Reader::Failed(Some(problem)));
    }
    let mut problems = Vec::new();
    let text = decode_lossy(bytes, &origin, &mut problems);
    items.extend(problems.into_iter().map(Item::Problem));
    if is_json_lines(&text) {
        // One record a line in a file named .json (Zendesk's full export).
        for (index, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                let origin = Origin::at_line(input.display.clone(), index as u64 + 1);
                read_document(line, &origin, wanted, options, &mut items, &mut platform);
            }
        }
    } else {
        read_document(&text, &origin, wanted, options, &mut items, &mut platform);
    }
    let format = platform.map(Platform::format).or(Some(format));
    (format, Reader::Parsed(items.into_iter()))
}

/// Whether a document is really JSON Lines: two or more lines, each a
/// whole object on its own.
fn is_json_lines(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    let Some(first) = lines.next() else {
        return false;
    };
    lines.peek().is_some()
        && first.starts_with('{')
        && first.ends_with('}')
        && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
}

/// Help-desk records one per line, parsed as they are read.
struct Lines {
    source: Box<dyn BufRead + Send>,
    path: String,
    line: u64,
    wanted: Option<Platform>,
    options: ReadOptions,
    pending: std::collections::VecDeque<Item>,
    platform: Option<Platform>,
    done: bool,
}

impl Lines {
    /// Reads lines until one yields items, or the input ends.
    fn fill(&mut self) {
        while self.pending.is_empty() && !self.done {
            let mut bytes = Vec::new();
            self.line += 1;
            let origin = Origin::at_line(self.path.clone(), self.line);
            match self.source.read_until(b'\n', &mut bytes) {
                Ok(0) => self.done = true,
                Ok(_) if bytes.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) => {
                    let mut problems = Vec::new();
                    let text = decode_lossy(bytes, &origin, &mut problems);
                    let mut items: Vec<Item> = problems.into_iter().map(Item::Problem).collect();
                    read_document(
                        &text,
                        &origin,
                        self.wanted,
                        &self.options,
                        &mut items,
                        &mut self.platform,
                    );
                    self.pending.extend(items);
                }
                Err(error) => {
                    self.done = true;
                    self.pending.push_back(Item::Problem(InputProblem::skipped(
                        origin,
                        format!("read error: {error}"),
                    )));
                }
            }
        }
    }
}

impl Iterator for Lines {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.fill();
        self.pending.pop_front()
    }
}

/// Reads one JSON document (or line) into items.
fn read_document(
    text: &str,
    origin: &Origin,
    wanted: Option<Platform>,
    options: &ReadOptions,
    items: &mut Vec<Item>,
    platform: &mut Option<Platform>,
) {
    let mut value: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(value) => value,
        Err(error) => {
            // A document's own line and column are the useful place.
            let place = if origin.line == 0 {
                Origin::at_line(origin.path.clone(), error.line() as u64)
            } else {
                origin.clone()
            };
            let message = format!("not valid JSON: {error}");
            items.push(Item::Problem(InputProblem::skipped(place, message)));
            return;
        }
    };
    unwrap_recorded_bodies(&mut value);
    let found = extract(&value, options);
    let mut record = 0;
    let mut kept = 0;
    let mut others = Vec::new();
    for (found_platform, converted) in found.conversations {
        if wanted.is_some_and(|w| w != found_platform) {
            others.push(found_platform.name());
            continue;
        }
        record += 1;
        let place = Origin {
            record,
            ..origin.clone()
        };
        platform.get_or_insert(found_platform);
        match converted {
            Ok(mut conversation) => {
                conversation.origin = place;
                kept += 1;
                items.push(Item::Conversation(Box::new(conversation)));
            }
            Err(message) => items.push(Item::Problem(InputProblem::skipped(place, message))),
        }
    }
    if record > 0 || kept > 0 {
        return;
    }
    let message = if let (Some(wanted), Some(other)) = (wanted, others.first()) {
        format!(
            "not a {} export: its conversations look like {other}'s",
            wanted.name()
        )
    } else if found.schema {
        "a JSON Schema or API description, not an export: no conversations in it".to_string()
    } else if found.people > 0 {
        // Useful, not wrong: its people name the authors of the other files.
        let message = format!(
            "{} user, contact or agent record{}, no conversations: used to name and place the authors of the other inputs",
            found.people,
            if found.people == 1 { "" } else { "s" }
        );
        items.push(Item::Problem(InputProblem::warning(
            origin.clone(),
            message,
        )));
        return;
    } else {
        "no conversations found: not a Zendesk, Intercom, Freshdesk or Help Scout export, nor canonical conversations".to_string()
    };
    items.push(Item::Problem(InputProblem::skipped(
        origin.clone(),
        message,
    )));
}

/// Recorded API responses keep the page in `body`, sometimes as a JSON
/// string (Help Scout's recorded responses); those strings are parsed in
/// place so the walk sees the page.
fn unwrap_recorded_bodies(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let recorded = ["headers", "_request", "_status", "status_code", "request"]
                .iter()
                .any(|key| object.contains_key(*key));
            if recorded
                && let Some(Value::String(body)) = object.get("body")
                && let Ok(parsed) = serde_json::from_str::<Value>(body)
                && parsed.is_object()
            {
                object.insert("body".into(), parsed);
            }
            object.values_mut().for_each(unwrap_recorded_bodies);
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_recorded_bodies),
        _ => {}
    }
}

/// Finds every conversation in a document.
fn extract(value: &Value, options: &ReadOptions) -> Found {
    let local = People::from_document(value);
    let context = Context {
        zone: &options.zone,
        people: &options.people,
        local: &local,
    };
    let mut walk = Walk::default();
    walk.visit(value, &context);
    let mut found = Found {
        people: local.len(),
        schema: walk.schema,
        ..Found::default()
    };
    found.conversations = walk.conversations;
    for converted in zendesk::tickets(&walk.zendesk, &context) {
        found.conversations.push((Platform::Zendesk, converted));
    }
    for converted in freshdesk::loose_conversations(&walk.freshdesk_loose, &context) {
        found.conversations.push((Platform::Freshdesk, converted));
    }
    found
}

/// The objects met while walking a document.
#[derive(Default)]
struct Walk<'v> {
    conversations: Vec<(Platform, Converted)>,
    zendesk: zendesk::Parts<'v>,
    freshdesk_loose: Vec<&'v Object>,
    schema: bool,
}

impl<'v> Walk<'v> {
    fn visit(&mut self, value: &'v Value, context: &Context) {
        match value {
            Value::Object(object) if !self.classify(object, context) => {
                if object.contains_key("$schema")
                    || (object.contains_key("properties") && object.contains_key("type"))
                {
                    self.schema = true;
                }
                object.values().for_each(|v| self.visit(v, context));
            }
            Value::Array(items) => items.iter().for_each(|v| self.visit(v, context)),
            _ => {}
        }
    }

    /// Takes the object if it has a known shape; false to look inside it.
    fn classify(&mut self, object: &'v Object, context: &Context) -> bool {
        if object.get("messages").is_some_and(Value::is_array) && object.contains_key("id") {
            let text = Value::Object(object.clone()).to_string();
            let converted =
                super::jsonl::parse_conversation(&text, Origin::default(), context.zone)
                    .map_err(|problem| problem.message);
            self.conversations.push((Platform::Canonical, converted));
        } else if intercom::is_conversation(object) {
            self.conversations
                .push((Platform::Intercom, intercom::conversation(object, context)));
        } else if zendesk::is_chat(object) {
            self.conversations
                .push((Platform::Zendesk, zendesk::chat(object, context)));
        } else if zendesk::is_audit(object) || zendesk::is_ticket(object) {
            self.zendesk.add(object);
        } else if freshdesk::is_ticket(object) {
            self.conversations
                .push((Platform::Freshdesk, freshdesk::ticket(object, context)));
        } else if freshdesk::is_conversation_entry(object) {
            self.freshdesk_loose.push(object);
        } else if helpscout::is_conversation(object) {
            self.conversations.push((
                Platform::Helpscout,
                helpscout::conversation(object, context),
            ));
        } else {
            return false;
        }
        true
    }
}

// Field access shared by the platform readers. Exports disagree on whether
// ids are numbers or strings, so ids are read as either.

pub(crate) fn text<'a>(object: &'a Object, key: &str) -> Option<&'a str> {
    object
        .get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(crate) fn id(object: &Object, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn object<'a>(parent: &'a Object, key: &str) -> Option<&'a Object> {
    parent.get(key)?.as_object()
}

pub(crate) fn array<'a>(parent: &'a Object, key: &str) -> &'a [Value] {
    parent
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A time written as RFC 3339 text or as Unix seconds; `Ok(None)` when
/// absent or null.
pub(crate) fn time(
    object: &Object,
    key: &str,
    zone: &TimeZone,
) -> Result<Option<Timestamp>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(seconds) => unix_seconds(seconds).map(Some),
            None => Err(format!("{key}: {n} is not a Unix time in seconds")),
        },
        Some(Value::String(s)) => parse_timestamp(s, zone)
            .map(Some)
            .map_err(|e| format!("{key}: {e}")),
        Some(other) => Err(format!("{key}: expected a time, found {other}")),
    }
}

#[cfg(test)]
mod tests;
