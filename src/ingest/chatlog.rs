//! Plain-text chat logs, the format people paste from chat tools:
//!
//! ```text
//! # conversation L-4001
//! # channel: chat
//! # customer: Maria Johnson
//! [2026-11-16 09:02:11] Maria Johnson (customer): Hi, my card is declined.
//! [09:03] Dana Reyes (agent): Thanks, Maria! Could you tell me
//! the last four digits?
//! [09:04] Dana Reyes (agent note): internal: check billing
//! ```
//!
//! A `# conversation ID` line starts a conversation (without one the file
//! is one conversation named after the file); `# key: value` lines set its
//! channel, customer, subject and `date`; a line that does not start with
//! `[` or `#` continues the previous message. Times without a zone are
//! business-local; a time without a date takes the last date seen.

use super::{InputProblem, Item, decode_lossy};
use crate::model::{Conversation, Customer, Message, Origin, Role};
use crate::normalize::time::parse_timestamp;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use regex::Regex;
use std::collections::{BTreeMap, VecDeque};
use std::io::BufRead;
use std::sync::LazyLock;

static MESSAGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([^\]]+)\]\s*([^:()]+?)\s*(?:\(([^()]*)\))?\s*:(?:\s|$)(.*)$")
        .expect("message line regex is valid")
});

/// Streams conversations from a chat log.
pub struct ChatlogReader {
    path: String,
    input: Box<dyn BufRead + Send>,
    zone: TimeZone,
    line: u64,
    current: Option<Conversation>,
    /// Blank lines seen inside a message, kept in case text follows.
    pending_blank: bool,
    /// The date used for times written without one.
    last_date: Option<Date>,
    queue: VecDeque<Item>,
    done: bool,
}

impl ChatlogReader {
    pub fn new(path: String, input: impl BufRead + Send + 'static, zone: TimeZone) -> Self {
        ChatlogReader {
            path,
            input: Box::new(input),
            zone,
            line: 0,
            current: None,
            pending_blank: false,
            last_date: None,
            queue: VecDeque::new(),
            done: false,
        }
    }

    fn origin(&self) -> Origin {
        Origin {
            path: self.path.clone(),
            line: self.line,
            record: 0,
        }
    }

    fn problem(&mut self, message: String) {
        let problem = InputProblem::skipped(self.origin(), message);
        self.queue.push_back(Item::Problem(problem));
    }

    /// The id of a conversation without a header: the file's stem.
    fn default_id(&self) -> String {
        std::path::Path::new(&self.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| *s != "-")
            .unwrap_or("chatlog")
            .to_string()
    }

    fn start_conversation(&mut self, id: String) {
        self.flush();
        self.last_date = None;
        self.current = Some(Conversation {
            id,
            channel: Some("chat".into()),
            subject: None,
            customer: None,
            messages: Vec::new(),
            events: Vec::new(),
            meta: BTreeMap::new(),
            origin: self.origin(),
        });
    }

    fn flush(&mut self) {
        self.pending_blank = false;
        if let Some(conversation) = self.current.take() {
            self.queue
                .push_back(Item::Conversation(Box::new(conversation)));
        }
    }

    fn current(&mut self) -> &mut Conversation {
        if self.current.is_none() {
            let id = self.default_id();
            self.start_conversation(id);
        }
        self.current
            .as_mut()
            .expect("a conversation was just started")
    }

    fn header(&mut self, rest: &str) {
        let rest = rest.trim();
        if let Some(id) = rest.strip_prefix("conversation") {
            let id = id.trim().trim_start_matches(':').trim();
            if id.is_empty() {
                self.problem("`# conversation` needs an id".into());
            } else {
                self.start_conversation(id.to_string());
            }
            return;
        }
        let Some((key, value)) = rest.split_once(':') else {
            return; // A comment.
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().to_string();
        if key == "date" {
            match value.parse::<Date>() {
                Ok(date) => self.last_date = Some(date),
                Err(_) => self.problem(format!(
                    "date: invalid date {value:?} (expected YYYY-MM-DD)"
                )),
            }
            return;
        }
        let conversation = self.current();
        let customer = conversation.customer.get_or_insert_with(Customer::default);
        match key.as_str() {
            "channel" => conversation.channel = Some(value.to_ascii_lowercase()),
            "subject" => conversation.subject = Some(value),
            "customer" => customer.name = Some(value),
            "customer_email" | "email" => customer.email = Some(value),
            "customer_id" => customer.id = Some(value),
            _ => {
                conversation
                    .meta
                    .insert(key, serde_json::Value::String(value));
            }
        }
        if conversation.customer.as_ref() == Some(&Customer::default()) {
            conversation.customer = None;
        }
    }

    fn timestamp(&mut self, text: &str) -> Result<Timestamp, String> {
        let text = text.trim();
        let looks_like_time_only = text.len() <= 8 && text.contains(':') && !text.contains('-');
        if looks_like_time_only {
            let date = self.last_date.ok_or_else(|| {
                format!("time {text:?} without a date (add `# date: YYYY-MM-DD` or a full date)")
            })?;
            return parse_timestamp(&format!("{date}T{text}"), &self.zone);
        }
        let ts = parse_timestamp(text, &self.zone)?;
        self.last_date = Some(ts.to_zoned_datetime(self.zone.clone()).date());
        Ok(ts)
    }

    fn message_line(&mut self, ts: &str, author: &str, role: Option<&str>, text: &str) {
        let ts = match self.timestamp(ts) {
            Ok(ts) => ts,
            Err(message) => return self.problem(message),
        };
        let author = author.trim().to_string();
        let (role, public) = match role.map(|r| r.trim().to_ascii_lowercase()) {
            Some(role) => {
                let words: Vec<&str> = role
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|w| !w.is_empty())
                    .collect();
                let note = words.contains(&"note") || words.contains(&"internal");
                let named = words
                    .iter()
                    .find_map(|w| Role::parse(w))
                    .or(note.then_some(Role::Agent));
                match named {
                    Some(named) => (named, !note),
                    None => {
                        return self.problem(format!(
                            "unknown role {role:?} (expected customer, agent, bot, system or agent note)"
                        ));
                    }
                }
            }
            None => {
                // Without a role, the customer named in the header is the
                // customer and everyone else is staff.
                let customer = self.current().customer_name().map(str::to_string);
                match customer {
                    Some(name) if name.eq_ignore_ascii_case(&author) => (Role::Customer, true),
                    Some(_) => (Role::Agent, true),
                    None => {
                        return self.problem(format!(
                            "no role for {author:?}: write `Name (agent):` or add `# customer: Name`"
                        ));
                    }
                }
            }
        };
        self.pending_blank = false;
        let conversation = self.current();
        let id = format!("m{}", conversation.messages.len() + 1);
        conversation.messages.push(Message {
            id,
            author,
            role,
            ts: Some(ts),
            text: text.trim_end().to_string(),
            public,
            meta: BTreeMap::new(),
        });
    }

    fn line(&mut self, text: &str) {
        let text = text.trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() {
            self.pending_blank = true;
            return;
        }
        if let Some(rest) = text.strip_prefix('#') {
            self.pending_blank = false;
            return self.header(rest);
        }
        if let Some(caps) = MESSAGE_LINE.captures(text) {
            let ts = caps.get(1).map_or("", |m| m.as_str()).to_string();
            let author = caps.get(2).map_or("", |m| m.as_str()).to_string();
            let role = caps.get(3).map(|m| m.as_str().to_string());
            let body = caps.get(4).map_or("", |m| m.as_str()).to_string();
            return self.message_line(&ts, &author, role.as_deref(), &body);
        }
        let blank = std::mem::take(&mut self.pending_blank);
        let last = self.current.as_mut().and_then(|c| c.messages.last_mut());
        match last {
            Some(message) => {
                message.text.push_str(if blank { "\n\n" } else { "\n" });
                message.text.push_str(text.trim_end());
            }
            None => self.problem(
                "text before the first message line (expected `[time] Name (role): text`)".into(),
            ),
        }
    }
}

impl Iterator for ChatlogReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            let mut bytes = Vec::new();
            self.line += 1;
            match self.input.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    self.done = true;
                    self.flush();
                }
                Ok(_) => {
                    let origin = self.origin();
                    let mut warnings = Vec::new();
                    let text = decode_lossy(bytes, &origin, &mut warnings);
                    self.queue.extend(warnings.into_iter().map(Item::Problem));
                    self.line(&text);
                }
                Err(error) => {
                    self.problem(format!("read error: {error}"));
                    self.done = true;
                    self.flush();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str, text: &str) -> (Vec<Conversation>, Vec<String>) {
        let zone = TimeZone::get("America/New_York").unwrap();
        let reader = ChatlogReader::new(
            path.into(),
            std::io::Cursor::new(text.as_bytes().to_vec()),
            zone,
        );
        crate::ingest::drain(reader)
    }

    #[test]
    fn reads_headers_roles_notes_and_continuations() {
        let (convs, problems) = read(
            "logs/a.txt",
            concat!(
                "# conversation L-1\n# channel: Chat\n# customer: Maria Johnson\n",
                "[2026-11-16 09:02:11] Maria Johnson (customer): Hi, my card: declined.\n",
                "[09:03] Dana Reyes (agent): Thanks, Maria! Could you tell me\n",
                "the last four digits?\n\n",
                "Second paragraph.\n",
                "[09:04] Dana Reyes (agent note): check billing\n",
                "[09:05] Support Bot (bot): An agent will be with you shortly.\n",
                "\n# conversation L-2\n",
                "[2026-11-17T10:00:00Z] Li (customer): hello\n",
            ),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(convs.len(), 2);
        let first = &convs[0];
        assert_eq!(first.id, "L-1");
        assert_eq!(first.messages[0].text, "Hi, my card: declined.");
        assert_eq!(
            first.messages[0].ts.unwrap().to_string(),
            "2026-11-16T14:02:11Z"
        );
        assert_eq!(
            first.messages[1].text,
            "Thanks, Maria! Could you tell me\nthe last four digits?\n\nSecond paragraph."
        );
        assert_eq!(
            first.messages[1].ts.unwrap().to_string(),
            "2026-11-16T14:03:00Z"
        );
        assert!(!first.messages[2].public);
        assert_eq!(first.messages[2].role, Role::Agent);
        assert_eq!(first.messages[3].role, Role::Bot);
        assert_eq!(convs[1].messages[0].role, Role::Customer);
    }

    #[test]
    fn a_file_without_header_is_one_conversation_named_after_it() {
        let (convs, problems) = read(
            "logs/chat-77.txt",
            "# customer: Ana\n# date: 2026-11-18\n[10:00] Ana: hola\n[10:01] Luis: hola Ana\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(convs[0].id, "chat-77");
        assert_eq!(convs[0].messages[0].role, Role::Customer);
        assert_eq!(convs[0].messages[1].role, Role::Agent);
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let (convs, problems) = read(
            "x.txt",
            "stray text\n[10:00] Ana (customer): no date\n[2026-11-18 10:00] Bo (wizard): hi\n[2026-11-18 10:01] Bo: hi\n[2026-11-18 10:02] Ana (customer): fine\n",
        );
        assert_eq!(convs.len(), 1);
        assert_eq!(convs[0].messages.len(), 1);
        assert!(
            problems[0].starts_with("x.txt:1: text before the first message"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("x.txt:2: time \"10:00\" without a date"),
            "{problems:?}"
        );
        assert!(
            problems[2].starts_with("x.txt:3: unknown role \"wizard\""),
            "{problems:?}"
        );
        assert!(
            problems[3].starts_with("x.txt:4: no role for \"Bo\""),
            "{problems:?}"
        );
    }
}
