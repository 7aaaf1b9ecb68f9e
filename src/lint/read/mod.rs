//! Reading canned-response libraries: each file becomes responses whose
//! text maps back to the file, and the suppressions written in it.

mod csv;
mod html;
mod json;
mod markdown;

use super::source::{LineIndex, Mapped};
use std::path::{Path, PathBuf};

/// One canned response of a file.
#[derive(Debug, Clone)]
pub struct Response {
    /// Its name: a heading, a CSV title, a macro's title, or the file name.
    pub title: String,
    pub body: Mapped,
    /// Suppressions that cover the whole response (a JSON `tact_ignore`).
    pub suppressions: Vec<Suppression>,
}

/// `tact: ignore[rule-id, …] reason`, written where the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// Where `tact:` stands in the file.
    pub offset: usize,
    /// The 1-based line it covers; `None` covers its whole response.
    pub line: Option<usize>,
}

/// A file read for linting.
#[derive(Debug, Clone)]
pub struct LintFile {
    /// The path as given on the command line (relative stays relative).
    pub display: String,
    pub path: PathBuf,
    /// The file's text (decoded lossily if it was not UTF-8).
    pub text: String,
    pub lines: LineIndex,
    pub responses: Vec<Response>,
    /// Comment suppressions (HTML and Markdown), each covering one line.
    pub suppressions: Vec<Suppression>,
    /// Why the file or part of it could not be read.
    pub problems: Vec<String>,
}

/// Files a library is made of.
const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "csv", "json",
];

/// Project files that sit beside macros and are not responses: exactly
/// these names, with any extension (a macro called `license-key-reset.txt`
/// is linted).
fn is_documentation(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    [
        "readme",
        "changelog",
        "license",
        "licence",
        "contributing",
        "code_of_conduct",
        "copying",
    ]
    .contains(&stem)
}

/// Expands the command-line paths: files as given (whatever their name),
/// directories recursively, sorted, hidden entries, documentation files and
/// unknown extensions skipped.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            problems
                .push("-: tact lint reads files and directories, not standard input".to_string());
        } else if path.is_dir() {
            walk(path, &mut files, &mut problems);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            problems.push(format!("{}: no such file or directory", path.display()));
        }
    }
    (files, problems)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(format!("{}: cannot read directory: {error}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        // Symbolic links to folders are not followed: a link back up the
        // tree would read the library again and again.
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() {
            if !is_link {
                walk(&path, files, problems);
            }
        } else if !is_documentation(name)
            && extension(&path).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
        {
            files.push(path);
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()?.to_str().map(str::to_ascii_lowercase)
}

/// Reads one file into responses. Never fails: a file that cannot be read
/// carries its problem.
pub fn read(path: &Path) -> LintFile {
    let display = path.display().to_string();
    let mut file = LintFile {
        display: display.clone(),
        path: path.to_path_buf(),
        text: String::new(),
        lines: LineIndex::new(""),
        responses: Vec::new(),
        suppressions: Vec::new(),
        problems: Vec::new(),
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            file.problems
                .push(format!("{display}: cannot read: {error}"));
            return file;
        }
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        file.problems.push(format!(
            "{display}: UTF-16 text; save the file as UTF-8 to lint it"
        ));
        return file;
    }
    if bytes.contains(&0) {
        file.problems.push(format!(
            "{display}: binary file, not a canned response; skipped"
        ));
        return file;
    }
    file.text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            file.problems.push(format!(
                "{display}: warning: invalid UTF-8, decoded lossily (save the file as UTF-8 for exact columns)"
            ));
            String::from_utf8_lossy(error.as_bytes()).into_owned()
        }
    };
    // A byte-order mark is not text: columns and headings start after it.
    if let Some(stripped) = file.text.strip_prefix('\u{feff}') {
        file.text = stripped.to_string();
    }
    file.lines = LineIndex::new(&file.text);
    if file.text.trim().is_empty() {
        return file;
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("response")
        .to_string();
    let text = file.text.clone();
    match extension(path).as_deref() {
        Some("md") | Some("markdown") => {
            file.suppressions = markdown::suppressions(&text);
            file.responses = markdown::responses(&text, &stem);
        }
        Some("html") | Some("htm") => {
            file.suppressions = markdown::suppressions(&text);
            file.responses = html::responses(&text, &stem);
        }
        Some("csv") => match csv::responses(&text) {
            Ok(responses) => file.responses = responses,
            Err(problem) => file.problems.push(format!("{display}:{problem}")),
        },
        Some("json") => match json::responses(&text) {
            Ok(responses) => file.responses = responses,
            Err(problem) => file.problems.push(format!("{display}:{problem}")),
        },
        _ => file.responses = vec![markdown::whole(&text, &stem)],
    }
    file
}

/// Parses `tact: ignore[a, b] reason` from a comment's text, given where
/// the comment's text starts in the file.
pub fn parse_suppression(comment: &str, comment_offset: usize) -> Option<Suppression> {
    let at = comment.find("tact:")?;
    let rest = comment[at + 5..].trim_start();
    let rest = rest.strip_prefix("ignore[")?;
    let (rules, reason) = rest.split_once(']')?;
    let rules = rules
        .split(',')
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    let reason = reason
        .trim()
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches([':', '-', '—'])
        .trim();
    Some(Suppression {
        rules,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
        offset: comment_offset + at,
        line: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No text makes a reader or a template check panic, and every offset
    /// of every response maps inside the file on a character boundary.
    #[test]
    fn random_text_never_panics() {
        let alphabet: Vec<char> = "ab {}%<>&;#\"\\,\n\r:/|-!ABé’€😀[]()".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let fixed = [
            "{{",
            "{%",
            "}}",
            "&amp",
            "&#x1F600;",
            "<p",
            "<!--",
            "\"a\":\"\\u",
            "[//]: # (tact: ignore[",
            "## ",
        ];
        for round in 0..3000 {
            let len = (next() % 80) as usize;
            let mut text = String::new();
            for _ in 0..len {
                if next() % 7 == 0 {
                    text.push_str(fixed[(next() % fixed.len() as u64) as usize]);
                } else {
                    text.push(alphabet[(next() % alphabet.len() as u64) as usize]);
                }
            }
            if round % 3 == 0 {
                text = format!(
                    "{{\"macros\":[{{\"title\":\"t\",\"body\":\"{}\"}}]}}",
                    text.replace(['"', '\\'], "")
                );
            }
            let mut all = Vec::new();
            all.extend(markdown::responses(&text, "x"));
            all.extend(html::responses(&text, "x"));
            all.extend(csv::responses(&text).unwrap_or_default());
            all.extend(json::responses(&text).unwrap_or_default());
            let _ = markdown::suppressions(&text);
            for response in &all {
                for offset in 0..=response.body.text.len() {
                    let raw = response.body.raw_offset(offset);
                    assert!(raw <= text.len(), "{text:?}");
                }
                for code in [
                    crate::pack::CodeCheck::BrokenPlaceholder,
                    crate::pack::CodeCheck::PlaceholderWithoutFallback,
                    crate::pack::CodeCheck::TooLong,
                    crate::pack::CodeCheck::Shouting,
                    crate::pack::CodeCheck::HardToRead,
                ] {
                    let limits = crate::check::code::template_text::Limits {
                        max_words: 3,
                        max_grade: 0.0,
                    };
                    for hit in crate::check::code::template_text::check_text(
                        code,
                        &response.body.text,
                        limits,
                    ) {
                        assert!(
                            response.body.text.get(hit.start..hit.end).is_some(),
                            "{text:?}"
                        );
                    }
                }
            }
            let lines = LineIndex::new(&text);
            for offset in 0..=text.len() {
                let _ = lines.position(&text, offset);
            }
        }
    }
}
