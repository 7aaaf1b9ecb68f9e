//! Reading conversations: finds the input files, decides each one's format,
//! and streams records out of it. Every reader yields canonical
//! [`Conversation`]s; a malformed record becomes an [`InputProblem`] naming
//! `path:line`, and the run goes on.

pub mod chatlog;
pub mod csv;
pub mod email;
pub mod jsonl;

use crate::model::{Conversation, Origin};
use jiff::tz::TimeZone;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The formats `--input-format` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum InputFormat {
    Auto,
    Jsonl,
    Csv,
    Chatlog,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Csv => "csv",
            InputFormat::Chatlog => "chatlog",
        }
    }

    /// The format a file name implies, if its extension is one we know.
    fn from_extension(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            "txt" | "log" | "chat" => Some(InputFormat::Chatlog),
            _ => None,
        }
    }

    /// Decides a format from the first bytes of a file: JSON objects start
    /// with `{`, a chat log with `#` or `[`, and a CSV header names
    /// `conversation_id`.
    fn sniff(head: &[u8]) -> Option<InputFormat> {
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        let first_line = text.lines().next().unwrap_or("");
        if text.starts_with('{') {
            Some(InputFormat::Jsonl)
        } else if first_line.contains("conversation_id") && first_line.contains(',') {
            Some(InputFormat::Csv)
        } else if text.starts_with("# conversation") || text.starts_with('[') {
            Some(InputFormat::Chatlog)
        } else {
            None
        }
    }
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
}

/// An input to read: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The name shown in messages: the path as found, or `-`.
    pub display: String,
    pub path: Option<PathBuf>,
}

/// Expands the command-line paths: files as given, directories
/// recursively (sorted, hidden entries skipped, only files with a known
/// extension), `-` for standard input.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputProblem>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                display: "-".into(),
                path: None,
            });
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut problems);
        } else if path.exists() {
            inputs.push(Input {
                display: path.display().to_string(),
                path: Some(path.clone()),
            });
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
    (inputs, problems)
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
    for path in paths {
        if path.is_dir() {
            walk(&path, inputs, problems);
        } else if InputFormat::from_extension(&path).is_some() {
            inputs.push(Input {
                display: path.display().to_string(),
                path: Some(path),
            });
        }
    }
}

/// A reader over one input, whatever its format.
pub enum Reader {
    Jsonl(jsonl::JsonlReader),
    Csv(Box<csv::CsvReader>),
    Chatlog(Box<chatlog::ChatlogReader>),
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
            Reader::Failed(problem) => problem.take().map(Item::Problem),
        }
    }
}

/// How much of a file is read to decide its format and spot binary data.
const SNIFF_BYTES: usize = 8 * 1024;

/// Opens an input and picks its reader. Returns the format decided, for the
/// summary.
pub fn open(input: &Input, options: &ReadOptions) -> (Option<InputFormat>, Reader) {
    let origin = Origin {
        path: input.display.clone(),
        line: 0,
        record: 0,
    };
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
            .path
            .as_deref()
            .and_then(InputFormat::from_extension)
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
            "cannot tell the format (not JSON Lines, CSV with a conversation_id column, or a chat log); use --input-format",
        );
        return (None, Reader::Failed(Some(problem)));
    };
    let reader = match format {
        InputFormat::Jsonl | InputFormat::Auto => {
            Reader::Jsonl(jsonl::JsonlReader::new(input.display.clone(), buffered))
        }
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
