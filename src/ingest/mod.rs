//! Reading conversations: finds the input files, decides each one's format,
//! and streams records out of it. Every reader yields canonical
//! [`Conversation`]s; a malformed record becomes an [`InputProblem`] naming
//! `path:line`, and the run goes on.

pub mod chatlog;
pub mod csv;
pub mod email;
pub mod helpdesk;
pub mod jsonl;

use crate::model::{Conversation, Origin};
use email::{MailFile, MailKind};
use jiff::tz::TimeZone;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The formats `--input-format` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum InputFormat {
    Auto,
    Jsonl,
    Csv,
    Chatlog,
    Zendesk,
    Intercom,
    Freshdesk,
    Helpscout,
    Mbox,
    Eml,
    /// A JSON document whose platform its content decides (`.json`).
    #[value(skip)]
    Json,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Csv => "csv",
            InputFormat::Chatlog => "chatlog",
            InputFormat::Zendesk => "zendesk",
            InputFormat::Intercom => "intercom",
            InputFormat::Freshdesk => "freshdesk",
            InputFormat::Helpscout => "helpscout",
            InputFormat::Mbox => "mbox",
            InputFormat::Eml => "eml",
            InputFormat::Json => "json",
        }
    }

    /// The help-desk platforms, whose exports are JSON.
    pub fn is_helpdesk(self) -> bool {
        matches!(
            self,
            InputFormat::Zendesk
                | InputFormat::Intercom
                | InputFormat::Freshdesk
                | InputFormat::Helpscout
                | InputFormat::Json
        )
    }

    /// The format a file name implies, if its extension is one we know.
    fn from_extension(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "json" => Some(InputFormat::Json),
            "csv" => Some(InputFormat::Csv),
            "txt" | "log" | "chat" => Some(InputFormat::Chatlog),
            "eml" => Some(InputFormat::Eml),
            "mbox" | "mbx" => Some(InputFormat::Mbox),
            _ => None,
        }
    }

    /// Decides a format from the first bytes of a file: one JSON object per
    /// line is JSON Lines, a pretty-printed object or an array is a JSON
    /// document, a chat log starts with `#` or `[time]`, a CSV header names
    /// `conversation_id`, an mbox starts with `From `, and a message starts
    /// with mail headers.
    fn sniff(head: &[u8]) -> Option<InputFormat> {
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        let first_line = text.lines().next().unwrap_or("").trim();
        let after_bracket = text.strip_prefix('[').map_or("", str::trim_start);
        if text.starts_with('{') {
            if first_line == "{" {
                Some(InputFormat::Json)
            } else {
                Some(InputFormat::Jsonl)
            }
        } else if text.starts_with('[')
            && (after_bracket.starts_with('{') || after_bracket.starts_with(']'))
        {
            Some(InputFormat::Json)
        } else if first_line.contains("conversation_id") && first_line.contains(',') {
            Some(InputFormat::Csv)
        } else if text.starts_with("# conversation") || text.starts_with('[') {
            Some(InputFormat::Chatlog)
        } else if email::mbox::is_from_line(first_line.as_bytes()) {
            Some(InputFormat::Mbox)
        } else if looks_like_mail_headers(text) {
            Some(InputFormat::Eml)
        } else {
            None
        }
    }

    fn is_mail(self) -> bool {
        matches!(self, InputFormat::Mbox | InputFormat::Eml)
    }
}

/// Whether text starts with RFC 5322 header lines, among them one that
/// every mail has.
fn looks_like_mail_headers(text: &str) -> bool {
    let header = |line: &str| {
        line.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    };
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.is_empty())
        .take(40)
        .collect();
    let known = [
        "from:",
        "date:",
        "message-id:",
        "received:",
        "return-path:",
        "subject:",
        "mime-version:",
        "delivered-to:",
    ];
    lines.first().is_some_and(|l| header(l))
        && lines.iter().any(|l| {
            let lower = l.to_ascii_lowercase();
            known.iter().any(|k| lower.starts_with(k))
        })
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad an input problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// The record or file was skipped.
    Skipped,
    /// The record was read, with a caveat (lossy UTF-8).
    Warning,
}

/// A problem with the input: `path:line: what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputProblem {
    pub origin: Origin,
    pub kind: ProblemKind,
    pub message: String,
}

impl InputProblem {
    pub fn skipped(origin: Origin, message: impl Into<String>) -> Self {
        InputProblem {
            origin,
            kind: ProblemKind::Skipped,
            message: message.into(),
        }
    }

    pub fn warning(origin: Origin, message: impl Into<String>) -> Self {
        InputProblem {
            origin,
            kind: ProblemKind::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.origin.line == 0 {
            write!(f, "{}: ", self.origin.path)?;
        } else {
            write!(f, "{}: ", self.origin)?;
        }
        if self.kind == ProblemKind::Warning {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)
    }
}

/// One thing a reader hands to the engine.
#[derive(Debug)]
pub enum Item {
    /// A JSON Lines record not parsed yet: parsing is the expensive part, so
    /// it happens on the worker threads.
    JsonLine(jsonl::RawLine),
    Conversation(Box<Conversation>),
    Problem(InputProblem),
}

/// Settings readers need.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// Naive local times are read in this zone.
    pub zone: TimeZone,
    /// Email senders from these domains (lowercase) are agents.
    pub agent_domains: Vec<String>,
    /// Names and addresses (lowercase) of bots and automations.
    pub ignore: Vec<String>,
    /// People found in help-desk user and agent lists among the inputs.
    pub people: Arc<helpdesk::People>,
}

impl ReadOptions {
    pub fn new(format: InputFormat, zone: TimeZone) -> Self {
        ReadOptions {
            format,
            zone,
            agent_domains: Vec::new(),
            ignore: Vec::new(),
            people: Arc::default(),
        }
    }
}

/// An input to read: a file, standard input, or the email files of a run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The name shown in messages: the path as found, or `-`.
    pub display: String,
    pub path: Option<PathBuf>,
    /// What the file's place implies when its name does not (a Maildir
    /// entry has no extension).
    pub hint: Option<InputFormat>,
    /// Email files read together, so threads can cross files. When not
    /// empty, `path` is unused.
    pub mail: Vec<MailFile>,
}

impl Input {
    fn file(path: &Path, hint: Option<InputFormat>) -> Self {
        Input {
            display: path.display().to_string(),
            path: Some(path.to_path_buf()),
            hint,
            mail: Vec::new(),
        }
    }

    /// Standard input, which can be read only once.
    pub fn is_stdin(&self) -> bool {
        self.path.is_none() && self.mail.iter().all(|f| f.path.is_none())
    }

    /// Whether the input is one regular file, which can be read again line
    /// by line.
    pub fn is_regular_file(&self) -> bool {
        self.mail.is_empty()
            && self
                .path
                .as_deref()
                .is_some_and(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file()))
    }

    /// Whether the input can be opened again once read: not standard
    /// input, and not a pipe or device given by path (opening a named pipe
    /// again waits for a new writer, which never comes).
    pub fn can_be_read_again(&self) -> bool {
        match &self.path {
            Some(path) => std::fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir()),
            None => !self.is_stdin(),
        }
    }

    /// The input's size in bytes, for progress.
    pub fn size(&self) -> u64 {
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        self.path.as_deref().map(size).unwrap_or(0)
            + self
                .mail
                .iter()
                .filter_map(|f| f.path.as_deref())
                .map(size)
                .sum::<u64>()
    }
}

/// Expands the command-line paths: files as given, directories
/// recursively (sorted, hidden entries skipped, only files with a known
/// extension or in a Maildir), `-` for standard input. The email files
/// found become one input, so that threads can cross files; `format`
/// (the `--input-format`) says whether a file of another name is email.
pub fn discover(paths: &[PathBuf], format: InputFormat) -> (Vec<Input>, Vec<InputProblem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                display: "-".into(),
                path: None,
                hint: None,
                mail: Vec::new(),
            });
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut problems);
        } else if path.exists() {
            inputs.push(Input::file(path, None));
        } else {
            problems.push(InputProblem::skipped(
                Origin {
                    path: path.display().to_string(),
                    line: 0,
                    record: 0,
                },
                "no such file or directory",
            ));
        }
    }
    (group_mail(inputs, format), problems)
}

/// Gathers the email files among the inputs into one input, placed where
/// the first of them was.
fn group_mail(inputs: Vec<Input>, format: InputFormat) -> Vec<Input> {
    let mut grouped = Vec::with_capacity(inputs.len());
    let mut mail_at = None;
    let mut files = Vec::new();
    for input in inputs {
        let kind = match (format, input.hint, input.path.as_deref()) {
            (_, _, None) => None,
            (InputFormat::Mbox, _, _) => Some(MailKind::Mbox),
            (InputFormat::Eml, _, _) => Some(MailKind::Message),
            (InputFormat::Auto, hint, Some(path)) => {
                match hint.or_else(|| InputFormat::from_extension(path)) {
                    Some(InputFormat::Mbox) => Some(MailKind::Mbox),
                    Some(InputFormat::Eml) => Some(MailKind::Message),
                    _ => None,
                }
            }
            _ => None,
        };
        match kind {
            Some(kind) => {
                mail_at.get_or_insert(grouped.len());
                files.push(MailFile {
                    display: input.display,
                    path: input.path,
                    kind,
                });
            }
            None => grouped.push(input),
        }
    }
    if let Some(at) = mail_at {
        let display = if files.len() == 1 {
            files[0].display.clone()
        } else {
            format!("{} email files", files.len())
        };
        grouped.insert(
            at,
            Input {
                display,
                path: None,
                hint: None,
                mail: files,
            },
        );
    }
    grouped
}

/// Whether a directory is a Maildir: its messages are the files in `cur`
/// and `new`, which have no extension.
fn is_maildir(dir: &Path) -> bool {
    // Git and zip drop empty directories, so one of cur/ and new/ is enough.
    dir.join("cur").is_dir() || dir.join("new").is_dir()
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<InputProblem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(InputProblem::skipped(
                Origin {
                    path: dir.display().to_string(),
                    line: 0,
                    record: 0,
                },
                format!("cannot read directory: {error}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.'))
        })
        .collect();
    // Sorted so that input order, and therefore output order, never depends
    // on the file system.
    paths.sort();
    if is_maildir(dir) {
        for sub in ["cur", "new"] {
            let mut messages: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| !n.starts_with('.'))
                })
                .collect();
            messages.sort();
            inputs.extend(
                messages
                    .iter()
                    .map(|p| Input::file(p, Some(InputFormat::Eml))),
            );
        }
        // Maildir++ folders (.Sent, .Archive) hold the agents' replies.
        let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.') && n.len() > 1)
                    && is_maildir(p)
            })
            .collect();
        folders.sort();
        for folder in folders {
            walk(&folder, inputs, problems);
        }
        return;
    }
    for path in paths {
        if path.is_dir() {
            walk(&path, inputs, problems);
        } else if InputFormat::from_extension(&path).is_some() {
            inputs.push(Input::file(&path, None));
        }
    }
}

/// A reader over one input, whatever its format.
pub enum Reader {
    Jsonl(jsonl::JsonlReader),
    Csv(Box<csv::CsvReader>),
    Chatlog(Box<chatlog::ChatlogReader>),
    /// Readers that parse everything up front and hand out the results.
    Parsed(std::vec::IntoIter<Item>),
    /// Readers that parse as they go.
    Streamed(Box<dyn Iterator<Item = Item> + Send>),
    /// The input could not be opened or understood; yields one problem.
    Failed(Option<InputProblem>),
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self {
            Reader::Jsonl(reader) => reader.next(),
            Reader::Csv(reader) => reader.next(),
            Reader::Chatlog(reader) => reader.next(),
            Reader::Parsed(items) => items.next(),
            Reader::Streamed(items) => items.next(),
            Reader::Failed(problem) => problem.take().map(Item::Problem),
        }
    }
}

/// How much of a file is read to decide its format and spot binary data.
const SNIFF_BYTES: usize = 8 * 1024;

/// Opens an input and picks its reader. Returns the format decided, for the
/// summary.
pub fn open(input: &Input, options: &ReadOptions) -> (Option<InputFormat>, Reader) {
    if !input.mail.is_empty() {
        let format = if input.mail.iter().any(|f| f.kind == MailKind::Mbox) {
            InputFormat::Mbox
        } else {
            InputFormat::Eml
        };
        let items: Vec<Item> = email::MailReader::new(&input.mail, options).collect();
        return (Some(format), Reader::Parsed(items.into_iter()));
    }
    let origin = Origin::file(input.display.clone());
    let source: Box<dyn Read + Send> = match &input.path {
        None => Box::new(io::stdin()),
        Some(path) => match File::open(path) {
            Ok(file) => Box::new(file),
            Err(error) => {
                let problem = InputProblem::skipped(origin, format!("cannot open: {error}"));
                return (None, Reader::Failed(Some(problem)));
            }
        },
    };
    let mut buffered = BufReader::with_capacity(256 * 1024, source);
    let head = match fill_head(&mut buffered) {
        Ok(head) => head,
        Err(error) => {
            let problem = InputProblem::skipped(origin, format!("cannot read: {error}"));
            return (None, Reader::Failed(Some(problem)));
        }
    };
    if head.contains(&0) {
        let problem =
            InputProblem::skipped(origin, "binary file, not a conversation export; skipped");
        return (None, Reader::Failed(Some(problem)));
    }
    let format = match options.format {
        InputFormat::Auto => input
            .hint
            .or_else(|| input.path.as_deref().and_then(InputFormat::from_extension))
            .or_else(|| InputFormat::sniff(&head)),
        explicit => Some(explicit),
    };
    let Some(format) = format else {
        if head.iter().all(u8::is_ascii_whitespace) {
            // An empty file holds no conversations; that is not an error.
            return (None, Reader::Failed(None));
        }
        let problem = InputProblem::skipped(
            origin,
            "cannot tell the format (not JSON Lines, a help-desk JSON export, CSV with a conversation_id column, a chat log or email); use --input-format",
        );
        return (None, Reader::Failed(Some(problem)));
    };
    if format.is_mail() {
        // An email file met on its own (standard input, or a name that did
        // not say so): read as a thread source of its own.
        let file = MailFile {
            display: input.display.clone(),
            path: input.path.clone(),
            kind: if format == InputFormat::Mbox
                || InputFormat::sniff(&head) == Some(InputFormat::Mbox)
            {
                MailKind::Mbox
            } else {
                MailKind::Message
            },
        };
        let mut bytes = Vec::new();
        if let Err(error) = buffered.read_to_end(&mut bytes) {
            let problem = InputProblem::skipped(origin, format!("cannot read: {error}"));
            return (None, Reader::Failed(Some(problem)));
        }
        let items: Vec<Item> = email::MailReader::from_bytes(&file, bytes, options).collect();
        return (Some(format), Reader::Parsed(items.into_iter()));
    }
    let lines_are_helpdesk = format == InputFormat::Jsonl && helpdesk::first_line_is_export(&head);
    if format.is_helpdesk() || lines_are_helpdesk {
        return helpdesk::open(input, format, lines_are_helpdesk, buffered, options);
    }
    let reader = match format {
        InputFormat::Csv => Reader::Csv(Box::new(csv::CsvReader::new(
            input.display.clone(),
            buffered,
            options.zone.clone(),
        ))),
        InputFormat::Chatlog => Reader::Chatlog(Box::new(chatlog::ChatlogReader::new(
            input.display.clone(),
            buffered,
            options.zone.clone(),
        ))),
        _ => Reader::Jsonl(jsonl::JsonlReader::new(input.display.clone(), buffered)),
    };
    (Some(format), reader)
}

/// Buffers up to [`SNIFF_BYTES`] without consuming them.
fn fill_head(reader: &mut BufReader<Box<dyn Read + Send>>) -> io::Result<Vec<u8>> {
    // One fill_buf may return less than a full buffer (a pipe delivers in
    // chunks); that is enough to sniff a format.
    let head = reader.fill_buf()?;
    Ok(head[..head.len().min(SNIFF_BYTES)].to_vec())
}

/// Decodes bytes as UTF-8, lossily when they are not, reporting a warning.
pub fn decode_lossy(bytes: Vec<u8>, origin: &Origin, problems: &mut Vec<InputProblem>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            problems.push(InputProblem::warning(
                origin.clone(),
                "invalid UTF-8, decoded lossily",
            ));
            String::from_utf8_lossy(error.as_bytes()).into_owned()
        }
    }
}

/// Reads everything a reader yields, for tests of readers that parse their
/// own records: the conversations, and the problems as printed.
#[cfg(test)]
pub(crate) fn drain(reader: impl Iterator<Item = Item>) -> (Vec<Conversation>, Vec<String>) {
    let mut conversations = Vec::new();
    let mut problems = Vec::new();
    for item in reader {
        match item {
            Item::Conversation(c) => conversations.push(*c),
            Item::Problem(p) => problems.push(p.to_string()),
            Item::JsonLine(_) => panic!("this reader parses its own records"),
        }
    }
    (conversations, problems)
}
