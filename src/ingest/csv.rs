//! One row per message (DESIGN §3): `conversation_id, author, role,
//! timestamp, text, public`, plus optional `message_id`, `channel`,
//! `subject`, `customer_name`, `customer_email`, `customer_id`; other columns
//! are kept in the message's `meta`. Rows of a conversation are contiguous,
//! which is what lets the reader stream.

use super::{InputProblem, Item};
use crate::model::{Conversation, Customer, Message, Origin, Role};
use crate::normalize::time::parse_timestamp;
use jiff::tz::TimeZone;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::BufRead;

/// The columns the reader understands; their positions in this file.
#[derive(Default)]
struct Columns {
    conversation_id: usize,
    role: usize,
    text: usize,
    author: Option<usize>,
    timestamp: Option<usize>,
    public: Option<usize>,
    message_id: Option<usize>,
    channel: Option<usize>,
    subject: Option<usize>,
    customer_name: Option<usize>,
    customer_email: Option<usize>,
    customer_id: Option<usize>,
    /// Everything else, kept in `meta`.
    extra: Vec<(usize, String)>,
}

impl Columns {
    fn from_header(header: &[String]) -> Result<Columns, String> {
        let find = |name: &str| header.iter().position(|h| h == name);
        let required = |name: &str| find(name).ok_or_else(|| format!("missing column `{name}`"));
        let known = [
            "conversation_id",
            "role",
            "text",
            "author",
            "timestamp",
            "public",
            "message_id",
            "channel",
            "subject",
            "customer_name",
            "customer_email",
            "customer_id",
        ];
        let missing: Vec<String> = ["conversation_id", "role", "text"]
            .iter()
            .filter(|name| find(name).is_none())
            .map(|name| format!("`{name}`"))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "not a message CSV: missing column {} in the header",
                missing.join(", ")
            ));
        }
        Ok(Columns {
            conversation_id: required("conversation_id")?,
            role: required("role")?,
            text: required("text")?,
            author: find("author"),
            timestamp: find("timestamp"),
            public: find("public"),
            message_id: find("message_id"),
            channel: find("channel"),
            subject: find("subject"),
            customer_name: find("customer_name"),
            customer_email: find("customer_email"),
            customer_id: find("customer_id"),
            extra: header
                .iter()
                .enumerate()
                .filter(|(_, name)| !known.contains(&name.as_str()))
                .map(|(i, name)| (i, name.clone()))
                .collect(),
        })
    }
}

/// Streams conversations from a message CSV.
pub struct CsvReader {
    path: String,
    rows: csv::Reader<Box<dyn BufRead + Send>>,
    zone: TimeZone,
    columns: Option<Columns>,
    current: Option<Conversation>,
    /// Conversations already emitted, with the line they started on, to
    /// catch rows that are not contiguous.
    finished: HashMap<String, u64>,
    queue: VecDeque<Item>,
    done: bool,
}

impl CsvReader {
    pub fn new(path: String, input: impl BufRead + Send + 'static, zone: TimeZone) -> Self {
        let rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(Box::new(input) as Box<dyn BufRead + Send>);
        CsvReader {
            path,
            rows,
            zone,
            columns: None,
            current: None,
            finished: HashMap::new(),
            queue: VecDeque::new(),
            done: false,
        }
    }

    fn origin(&self, line: u64) -> Origin {
        Origin::at_line(self.path.clone(), line)
    }

    /// Reads one physical record; returns false at the end of input.
    fn step(&mut self) -> bool {
        let mut record = csv::ByteRecord::new();
        let read = self.rows.read_byte_record(&mut record);
        let line = record.position().map_or(0, |p| p.line());
        match read {
            Ok(false) => return false,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(line, |p| p.line());
                let fatal = !matches!(error.kind(), csv::ErrorKind::UnequalLengths { .. });
                self.queue.push_back(Item::Problem(InputProblem::skipped(
                    self.origin(line),
                    format!("malformed CSV: {error}"),
                )));
                return !fatal;
            }
        }
        let origin = self.origin(line);
        let mut lossy = false;
        let fields: Vec<String> = record
            .iter()
            .map(|field| match std::str::from_utf8(field) {
                Ok(text) => text.to_string(),
                Err(_) => {
                    lossy = true;
                    String::from_utf8_lossy(field).into_owned()
                }
            })
            .collect();
        if lossy {
            self.queue.push_back(Item::Problem(InputProblem::warning(
                origin.clone(),
                "invalid UTF-8, decoded lossily",
            )));
        }
        let Some(columns) = &self.columns else {
            let header: Vec<String> = fields
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
                .collect();
            match Columns::from_header(&header) {
                Ok(columns) => self.columns = Some(columns),
                Err(message) => {
                    self.queue
                        .push_back(Item::Problem(InputProblem::skipped(origin, message)));
                    return false;
                }
            }
            return true;
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            return true;
        }
        match row_to_message(columns, &fields, &self.zone) {
            Err(message) => {
                self.queue
                    .push_back(Item::Problem(InputProblem::skipped(origin, message)));
            }
            Ok(row) => self.add_row(row, origin),
        }
        true
    }

    fn add_row(&mut self, row: Row, origin: Origin) {
        if let Some(first_line) = self.finished.get(&row.conversation_id) {
            let message = format!(
                "row of conversation {:?} after its rows ended (it started on line {first_line}); rows of a conversation must be contiguous",
                row.conversation_id
            );
            self.queue
                .push_back(Item::Problem(InputProblem::skipped(origin, message)));
            return;
        }
        let continues = self
            .current
            .as_ref()
            .is_some_and(|c| c.id == row.conversation_id);
        if !continues {
            self.flush();
            self.current = Some(Conversation {
                id: row.conversation_id.clone(),
                channel: None,
                subject: None,
                customer: None,
                messages: Vec::new(),
                events: Vec::new(),
                meta: BTreeMap::new(),
                origin,
            });
        }
        let Some(conversation) = self.current.as_mut() else {
            return;
        };
        // Conversation-level columns may be filled on any row; the first
        // non-empty value wins.
        conversation.channel = conversation.channel.take().or(row.channel);
        conversation.subject = conversation.subject.take().or(row.subject);
        if row.customer != Customer::default() && conversation.customer.is_none() {
            conversation.customer = Some(row.customer);
        }
        let mut message = row.message;
        if message.id.is_empty() {
            message.id = format!("m{}", conversation.messages.len() + 1);
        }
        conversation.messages.push(message);
    }

    fn flush(&mut self) {
        if let Some(conversation) = self.current.take() {
            self.finished
                .insert(conversation.id.clone(), conversation.origin.line);
            self.queue
                .push_back(Item::Conversation(Box::new(conversation)));
        }
    }
}

struct Row {
    conversation_id: String,
    channel: Option<String>,
    subject: Option<String>,
    customer: Customer,
    message: Message,
}

fn row_to_message(columns: &Columns, fields: &[String], zone: &TimeZone) -> Result<Row, String> {
    let get = |index: usize| fields.get(index).map(String::as_str).unwrap_or("");
    let optional = |index: Option<usize>| {
        index
            .map(get)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let conversation_id = get(columns.conversation_id).trim().to_string();
    if conversation_id.is_empty() {
        return Err("empty conversation_id".into());
    }
    let role_text = get(columns.role);
    let role = Role::parse(role_text).ok_or_else(|| {
        format!("role: unknown role {role_text:?} (expected customer, agent, bot or system)")
    })?;
    let ts = match optional(columns.timestamp) {
        None => None,
        Some(text) => Some(parse_timestamp(&text, zone).map_err(|e| format!("timestamp: {e}"))?),
    };
    let public = match optional(columns.public).map(|v| v.to_ascii_lowercase()) {
        None => true,
        Some(v) if matches!(v.as_str(), "true" | "1" | "yes" | "public") => true,
        Some(v) if matches!(v.as_str(), "false" | "0" | "no" | "private" | "note") => false,
        Some(v) => return Err(format!("public: expected true or false, found {v:?}")),
    };
    let meta = columns
        .extra
        .iter()
        .filter(|(i, _)| !get(*i).is_empty())
        .map(|(i, name)| (name.clone(), serde_json::Value::String(get(*i).to_string())))
        .collect();
    Ok(Row {
        conversation_id,
        channel: optional(columns.channel).map(|c| c.to_ascii_lowercase()),
        subject: optional(columns.subject),
        customer: Customer {
            id: optional(columns.customer_id),
            name: optional(columns.customer_name),
            email: optional(columns.customer_email),
        },
        message: Message {
            id: optional(columns.message_id).unwrap_or_default(),
            author: optional(columns.author).unwrap_or_default(),
            role,
            ts,
            text: get(columns.text).to_string(),
            public,
            meta,
        },
    })
}

impl Iterator for CsvReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            if !self.step() {
                self.done = true;
                self.flush();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Conversation>, Vec<String>) {
        let reader = CsvReader::new(
            "t.csv".into(),
            std::io::Cursor::new(text.as_bytes().to_vec()),
            TimeZone::UTC,
        );
        crate::ingest::drain(reader)
    }

    #[test]
    fn groups_rows_and_keeps_quoted_text() {
        let (convs, problems) = read(concat!(
            "conversation_id,author,role,timestamp,text,public,customer_name,tags\n",
            "S-1,Maria,customer,2026-11-16T09:00:00Z,\"Hi, my \"\"order\"\"\nis late\",,Maria Johnson,vip\n",
            "S-1,Dana,agent,2026-11-16T09:05:00Z,On it,true,,\n",
            "S-1,Dana,agent,2026-11-16T09:06:00Z,note,false,,\n",
            "S-2,Li,customer,,Hello,,,\n",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(convs.len(), 2);
        assert_eq!(convs[0].messages[0].text, "Hi, my \"order\"\nis late");
        assert_eq!(convs[0].customer_name(), Some("Maria Johnson"));
        assert_eq!(convs[0].messages[0].meta["tags"], "vip");
        assert!(!convs[0].messages[2].public);
        assert_eq!(convs[0].messages[2].id, "m3");
        assert_eq!(convs[1].origin.line, 6);
    }

    #[test]
    fn bad_rows_are_skipped_with_their_line() {
        let (convs, problems) = read(concat!(
            "conversation_id,role,text,timestamp\n",
            "A,agent,ok,2026-11-16T09:00:00Z\n",
            "A,wizard,x,\n",
            "A,agent,x,tomorrow\n",
            "A,agent,too,many,fields\n",
            "B,customer,hi,\n",
            "A,agent,late row,\n",
        ));
        assert_eq!(convs.len(), 2);
        assert_eq!(convs[0].messages.len(), 1);
        assert!(
            problems[0].starts_with("t.csv:3: role: unknown role"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("t.csv:4: timestamp: invalid"),
            "{problems:?}"
        );
        assert!(
            problems[2].starts_with("t.csv:5: malformed CSV"),
            "{problems:?}"
        );
        assert!(
            problems[3].starts_with("t.csv:7: row of conversation \"A\""),
            "{problems:?}"
        );
    }

    #[test]
    fn a_header_without_the_required_columns_is_one_clear_error() {
        let (convs, problems) = read("name,email\nMaria,m@example.net\n");
        assert!(convs.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("missing column `conversation_id`, `role`, `text`"));
    }
}
