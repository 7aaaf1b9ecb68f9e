//! The shared nouns of the pipeline: conversations and their messages and
//! events as every reader yields them, and the findings rules produce.

use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Agent,
    /// Bots and automations: never charged with a finding.
    Bot,
    System,
}

impl Role {
    /// Parses the canonical role names (case-insensitive), with a few
    /// synonyms that help-desk exports use.
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "customer" | "end-user" | "end_user" | "user" | "visitor" | "contact" | "lead" => {
                Some(Role::Customer)
            }
            "agent" | "admin" | "staff" | "operator" => Some(Role::Agent),
            "bot" | "automation" | "trigger" => Some(Role::Bot),
            "system" => Some(Role::System),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Bot => "bot",
            Role::System => "system",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The person on the other side, as the export records them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Customer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub id: String,
    pub author: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ts: Option<Timestamp>,
    pub text: String,
    /// `false` marks an internal note, which rules skip unless they ask for notes.
    #[serde(skip_serializing_if = "is_true")]
    pub public: bool,
    /// Fields the canonical form does not name. Written as a `meta` object
    /// (a field named like a canonical one cannot clash with it), which the
    /// JSON Lines reader merges back, so `tact convert` output reads in
    /// again unchanged.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, serde_json::Value>,
}

fn is_true(value: &bool) -> bool {
    *value
}

impl Message {
    /// A public message written by a human agent: the only kind of message
    /// agent rules judge.
    pub fn is_public_agent(&self) -> bool {
        self.public && self.role == Role::Agent
    }
}

/// What happened to a conversation besides messages.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum EventKind {
    Transfer {
        from: Option<String>,
        to: Option<String>,
    },
    Assign {
        from: Option<String>,
        to: Option<String>,
    },
    Status {
        status: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ts: Option<Timestamp>,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Where a record came from, for error messages and for stable ordering.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Origin {
    pub path: String,
    /// The line the record starts on, counted from 1; 0 when the input has
    /// no useful line (a whole JSON document, a Maildir file).
    pub line: u64,
    /// The record's place among the records that share a line (the
    /// conversations of one JSON document), counted from 1; 0 when the line
    /// alone identifies it. It keeps the order stable, never shown.
    pub record: u64,
}

impl Origin {
    /// The start of a file: for problems with the file as a whole.
    pub fn file(path: impl Into<String>) -> Self {
        Origin {
            path: path.into(),
            line: 0,
            record: 0,
        }
    }

    pub fn at_line(path: impl Into<String>, line: u64) -> Self {
        Origin {
            path: path.into(),
            line,
            record: 0,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.path)
        } else {
            write!(f, "{}:{}", self.path, self.line)
        }
    }
}

/// The canonical conversation every reader yields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversation {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    pub messages: Vec<Message>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Fields the canonical form does not name. Written as a `meta` object
    /// (a field named like a canonical one cannot clash with it), which the
    /// JSON Lines reader merges back, so `tact convert` output reads in
    /// again unchanged.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, serde_json::Value>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Conversation {
    /// The customer's name on record, if any.
    pub fn customer_name(&self) -> Option<&str> {
        self.customer.as_ref()?.name.as_deref()
    }
}

/// How serious a finding is; ordered so that `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a finding counts against the agent or only records what the
/// agent was exposed to (customer abuse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Charge {
    #[default]
    Agent,
    Exposure,
}

/// One mistake found, with the evidence behind it.
///
/// Field order is the sort order of reports: conversation, then message
/// position, then rule, so output is stable whatever thread found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub conversation_id: String,
    pub message_id: Option<String>,
    pub agent: Option<String>,
    pub ts: Option<Timestamp>,
    /// Byte offsets of the matched span in the message text.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub excerpt: String,
    pub message: String,
    #[serde(skip)]
    pub charge: Charge,
    /// Position of the message in its conversation, for ordering only.
    #[serde(skip)]
    pub message_index: usize,
    /// When set, the finding stands only if the run's as-of time is after
    /// this instant (a deadline or an SLA not yet passed is pending).
    #[serde(skip)]
    pub due: Option<Timestamp>,
    /// When set, the finding stands only if this reply fingerprint turns
    /// out to be a template in the corpus pass.
    #[serde(skip)]
    pub template: Option<u64>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Finding {
    /// Whether the finding stands at the run's as-of time.
    pub fn stands_at(&self, as_of: Option<Timestamp>) -> bool {
        match (self.due, as_of) {
            (None, _) => true,
            (Some(due), Some(as_of)) => as_of > due,
            (Some(_), None) => false,
        }
    }

    /// The total order reports use.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.origin,
            &self.conversation_id,
            self.message_index,
            self.start,
            &self.rule,
            &self.agent,
        )
    }
}

/// What became of a promise with a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PromiseState {
    /// A follow-up or resolution came before the deadline.
    Kept,
    /// The follow-up came after the deadline.
    Late,
    /// No follow-up in the data: missed once the as-of time passes the
    /// deadline, pending until then.
    Open,
}

/// A dated promise an agent made, for the summary's promise counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromiseRecord {
    pub agent: String,
    pub deadline: Timestamp,
    pub state: PromiseState,
}

impl PromiseRecord {
    /// Missed at `as_of`: late or open, with the deadline passed. A late
    /// follow-up after an as-of time before the deadline is not known yet:
    /// at that time the promise is pending.
    pub fn missed_at(&self, as_of: Option<Timestamp>) -> bool {
        match self.state {
            PromiseState::Kept => false,
            PromiseState::Late | PromiseState::Open => as_of.is_some_and(|now| now > self.deadline),
        }
    }
}
