//! `tact lint`: canned responses checked like code. Each file of a library
//! is read into responses whose text maps back to the file (`source`,
//! `read`); every response is judged as if an agent wrote it, by the
//! message-level rules (placeholders masked first) and the template checks
//! (on the text as written); suppressions and per-file ignores are applied;
//! what is left is reported at its file, line and column.

pub mod read;
pub mod source;

use crate::check::RuleSet;
use crate::check::code::template_text::{self, Limits};
use crate::model::{Conversation, Message, Role, Severity};
use crate::pack::RuleSpec;
use rayon::prelude::*;
use read::{LintFile, Suppression};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LintFinding {
    /// The path as given on the command line.
    pub path: String,
    /// 1-based; columns count characters.
    pub line: usize,
    pub col: usize,
    pub end_line: usize,
    pub end_col: usize,
    pub rule: String,
    pub severity: Severity,
    pub excerpt: String,
    pub message: String,
    /// The response's title, for reports that group by response.
    #[serde(skip)]
    pub response: String,
    /// The finding's first line in the file (a window of it when the line
    /// is long), for `full`.
    #[serde(skip)]
    pub context: String,
    /// The finding's column within `context`.
    #[serde(skip)]
    pub context_col: usize,
}

/// The findings tact itself reports about suppressions.
pub const UNUSED_SUPPRESSION: &str = "tact/unused-suppression";
pub const SUPPRESSION_WITHOUT_REASON: &str = "tact/suppression-without-reason";

/// Documentation of the suppression findings, for `tact rule` and SARIF.
pub const META_RULES: &[(&str, &str, &str)] = &[
    (
        UNUSED_SUPPRESSION,
        "Suppression that suppresses nothing",
        "A `tact: ignore[rule]` comment whose line (or response) has no finding of that rule, or names no known rule. Stale suppressions hide the next real mistake on that line; delete them.",
    ),
    (
        SUPPRESSION_WITHOUT_REASON,
        "Suppression without a reason",
        "A `tact: ignore[rule]` comment with no reason after it. The reason is what lets a reviewer decide whether the exception still holds; write one (`tact: ignore[policy/hiding-behind-policy] legal wording approved by counsel`). The suppression still applies.",
    ),
];

/// What a lint run needs besides the files.
pub struct LintOptions {
    pub limits: Limits,
    /// `[lint] per-file-ignores`: glob → rule ids or pack names.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Every known rule id and pack name, to spot suppressions of nothing.
    pub known_rules: Vec<String>,
    /// The rules this run judges: a suppression of a rule switched off by
    /// `--select`/`--ignore` is not "unused".
    pub active_rules: Vec<String>,
}

/// What a lint run found.
#[derive(Debug, Default)]
pub struct LintRun {
    pub findings: Vec<LintFinding>,
    /// Files or parts of files that could not be read (`path:line: why`).
    pub problems: Vec<String>,
    /// Each file read and its responses' titles, in order (JUnit lists
    /// every response, passing or not).
    pub files: Vec<(String, Vec<String>)>,
}

impl LintRun {
    pub fn responses(&self) -> usize {
        self.files.iter().map(|(_, r)| r.len()).sum()
    }
}

/// Lints every file under `paths`. `rules` holds the message-level rules;
/// `template_rules` the template checks (run on the unmasked text).
pub fn run(
    paths: &[PathBuf],
    rules: &RuleSet,
    template_rules: &[RuleSpec],
    options: &LintOptions,
) -> LintRun {
    let (files, mut problems) = read::discover(paths);
    let results: Vec<(LintFile, Vec<LintFinding>)> = files
        .par_iter()
        .map(|path| {
            let file = read::read(path);
            let findings = lint_file(&file, rules, template_rules, options);
            (file, findings)
        })
        .collect();
    let mut run = LintRun::default();
    for (file, findings) in results {
        problems.extend(file.problems.iter().cloned());
        run.files.push((
            file.display.clone(),
            file.responses.iter().map(|r| r.title.clone()).collect(),
        ));
        run.findings.extend(findings);
    }
    run.findings.sort();
    run.findings.dedup();
    run.problems = problems;
    run
}

/// A finding's place before it becomes line and column: file byte offsets.
struct Place {
    start: usize,
    end: usize,
}

fn lint_file(
    file: &LintFile,
    rules: &RuleSet,
    template_rules: &[RuleSpec],
    options: &LintOptions,
) -> Vec<LintFinding> {
    let mut found: Vec<(Place, String, Severity, String, String, usize)> = Vec::new();
    for (index, response) in file.responses.iter().enumerate() {
        let body = &response.body;
        let first_word = body.text.find(|c: char| !c.is_whitespace()).unwrap_or(0);
        let mut push =
            |start: usize, end: usize, rule: &str, severity: Severity, message: String| {
                let raw_start = body.raw_offset(start);
                let raw_end = if end > start {
                    body.raw_end(end)
                } else {
                    raw_start
                };
                found.push((
                    Place {
                        start: raw_start,
                        end: raw_end.max(raw_start),
                    },
                    rule.to_string(),
                    severity,
                    message,
                    excerpt(&body.text, start, end),
                    index,
                ));
            };
        // Phrase and pattern rules read the text with placeholders masked,
        // as an agent's message.
        let conversation = Conversation {
            id: response.title.clone(),
            channel: None,
            subject: None,
            customer: None,
            messages: vec![Message {
                id: "response".into(),
                author: "canned response".into(),
                role: Role::Agent,
                ts: None,
                text: template_text::mask_placeholders(&body.text),
                public: true,
                meta: BTreeMap::new(),
            }],
            events: Vec::new(),
            meta: BTreeMap::new(),
            origin: Default::default(),
        };
        for finding in rules.judge(&conversation).findings {
            let (start, end) = match (finding.start, finding.end) {
                (Some(s), Some(e)) => (s, e),
                _ => (first_word, first_word),
            };
            push(start, end, &finding.rule, finding.severity, finding.message);
        }
        for spec in template_rules {
            let Some(code) = spec.code else { continue };
            for hit in template_text::check_text(code, &body.text, options.limits) {
                let message = if hit.detail.is_empty() {
                    spec.message.clone()
                } else {
                    format!("{}: {}", spec.message, hit.detail)
                };
                push(hit.start, hit.end, &spec.id, spec.severity, message);
            }
        }
    }

    let ignored_here = per_file_ignores(&file.display, &options.per_file_ignores);
    let mut used_comment = vec![false; file.suppressions.len()];
    // The comment suppressions by the line they cover.
    let mut comment_lines: std::collections::HashMap<usize, Vec<usize>> =
        std::collections::HashMap::new();
    for (index, suppression) in file.suppressions.iter().enumerate() {
        if let Some(line) = suppression.line {
            comment_lines.entry(line).or_default().push(index);
        }
    }
    let mut used_response: Vec<Vec<bool>> = file
        .responses
        .iter()
        .map(|r| vec![false; r.suppressions.len()])
        .collect();
    let mut findings = Vec::new();
    for (place, rule, severity, message, excerpt, response_index) in found {
        if ignored_here.iter().any(|i| covers(i, &rule)) {
            continue;
        }
        let (line, col) = file.lines.position(&file.text, place.start);
        let (end_line, end_col) = file.lines.position(&file.text, place.end);
        let by_comment = comment_lines.get(&line).and_then(|candidates| {
            candidates
                .iter()
                .copied()
                .find(|&i| file.suppressions[i].rules.iter().any(|r| covers(r, &rule)))
        });
        if let Some(i) = by_comment {
            used_comment[i] = true;
            continue;
        }
        let by_response = file.responses[response_index]
            .suppressions
            .iter()
            .position(|s| s.rules.iter().any(|r| covers(r, &rule)));
        if let Some(i) = by_response {
            used_response[response_index][i] = true;
            continue;
        }
        let (context, context_col) = line_text(&file.text, place.start);
        findings.push(LintFinding {
            path: file.display.clone(),
            line,
            col,
            end_line,
            end_col,
            rule,
            severity,
            excerpt,
            message,
            response: file.responses[response_index].title.clone(),
            context,
            context_col,
        });
    }
    let all_suppressions = file
        .suppressions
        .iter()
        .zip(&used_comment)
        .map(|(s, used)| (s, *used, String::new()))
        .chain(
            file.responses
                .iter()
                .zip(&used_response)
                .flat_map(|(r, used)| {
                    r.suppressions
                        .iter()
                        .zip(used)
                        .map(move |(s, used)| (s, *used, r.title.clone()))
                }),
        );
    // A `tact_ignore` shared by the responses of one macro (Help Scout's
    // email and chat texts, two Zendesk comment actions) is one suppression:
    // used if any of them used it, reported once.
    let mut merged: Vec<(&Suppression, bool, String)> = Vec::new();
    let mut by_offset: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (suppression, used, response) in all_suppressions {
        match by_offset.get(&suppression.offset) {
            Some(&at) => merged[at].1 |= used,
            None => {
                by_offset.insert(suppression.offset, merged.len());
                merged.push((suppression, used, response));
            }
        }
    }
    for (suppression, used, response) in merged {
        findings.extend(suppression_findings(
            file,
            suppression,
            used,
            response,
            options,
        ));
    }
    findings
}

fn suppression_findings(
    file: &LintFile,
    suppression: &Suppression,
    used: bool,
    response: String,
    options: &LintOptions,
) -> Vec<LintFinding> {
    let (line, col) = file.lines.position(&file.text, suppression.offset);
    let (context, context_col) = line_text(&file.text, suppression.offset);
    let finding = |rule: &str, message: String| LintFinding {
        path: file.display.clone(),
        line,
        col,
        end_line: line,
        end_col: col + 5,
        rule: rule.to_string(),
        severity: Severity::Warning,
        excerpt: format!("tact: ignore[{}]", suppression.rules.join(", ")),
        message,
        response: response.clone(),
        context: context.clone(),
        context_col,
    };
    let mut out = Vec::new();
    let judged = suppression.rules.iter().any(|r| {
        !options.known_rules.contains(r)
            || options.active_rules.iter().any(|active| covers(r, active))
    });
    if !used && judged {
        let unknown: Vec<&String> = suppression
            .rules
            .iter()
            .filter(|r| !options.known_rules.contains(r))
            .collect();
        let message = if unknown.is_empty() {
            format!(
                "Suppression of {} suppresses nothing here",
                suppression.rules.join(", ")
            )
        } else {
            format!(
                "Suppression names no known rule: {}",
                unknown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(finding(UNUSED_SUPPRESSION, message));
    }
    if suppression.reason.is_none() {
        out.push(finding(
            SUPPRESSION_WITHOUT_REASON,
            "Suppression without a reason: say why the exception is fine".into(),
        ));
    }
    out
}

/// Whether a suppression or ignore entry (a rule id or a pack name) covers
/// a rule.
fn covers(entry: &str, rule: &str) -> bool {
    entry == rule || rule.split('/').next() == Some(entry)
}

/// The rules the config's per-file ignores switch off for this path.
fn per_file_ignores<'a>(path: &str, table: &'a BTreeMap<String, Vec<String>>) -> Vec<&'a str> {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    table
        .iter()
        .filter(|(pattern, _)| glob_matches(pattern.trim_start_matches("./"), path))
        .flat_map(|(_, rules)| rules.iter().map(String::as_str))
        .collect()
}

/// Glob matching: `*` and `?` within a path segment, `**` across them. A
/// relative pattern also matches at any directory boundary of the path,
/// so `macros/legal/*.txt` matches `repo/macros/legal/a.txt`.
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    fn matches(pattern: &[u8], text: &[u8]) -> bool {
        match (pattern.first(), text.first()) {
            (None, None) => true,
            (Some(b'*'), _) if pattern.get(1) == Some(&b'*') => {
                let rest = pattern[2..].strip_prefix(b"/").unwrap_or(&pattern[2..]);
                (0..=text.len()).any(|i| matches(rest, &text[i..]))
            }
            (Some(b'*'), _) => (0..=text.len())
                .take_while(|&i| i == 0 || text[i - 1] != b'/')
                .any(|i| matches(&pattern[1..], &text[i..])),
            (Some(b'?'), Some(c)) if *c != b'/' => matches(&pattern[1..], &text[1..]),
            (Some(p), Some(c)) if p == c => matches(&pattern[1..], &text[1..]),
            _ => false,
        }
    }
    let pattern = pattern.as_bytes();
    let text = path.as_bytes();
    matches(pattern, text)
        || text
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == b'/')
            .any(|(i, _)| matches(pattern, &text[i + 1..]))
}

/// The line of the file an offset is on, without its line break, and the
/// offset's column in it: a window of about 160 characters on long lines.
fn line_text(text: &str, offset: usize) -> (String, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[start..end].trim_end_matches('\r');
    let before: Vec<char> = text[start..offset].chars().rev().take(61).collect();
    if before.len() <= 60 && line.len() <= 240 {
        return (line.to_string(), before.len() + 1);
    }
    let shown_before: String = before.iter().take(60).rev().collect();
    let after: String = text[offset..end.max(offset)].chars().take(100).collect();
    let prefix = if before.len() > 60 { "…" } else { "" };
    (
        format!("{prefix}{shown_before}{after}…"),
        prefix.chars().count() + shown_before.chars().count() + 1,
    )
}

/// The quoted evidence: the matched text, or the start of the response.
fn excerpt(text: &str, start: usize, end: usize) -> String {
    let snippet = if end > start {
        text.get(start..end).unwrap_or("")
    } else {
        text.get(start..).unwrap_or("")
    };
    // Email addresses, phone and card numbers are masked, as in the audit.
    let one_line: String = crate::normalize::redact::redact(snippet)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if one_line.chars().count() > 80 {
        format!("{}…", one_line.chars().take(79).collect::<String>())
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("macros/legal/*.txt", "macros/legal/terms.txt"));
        assert!(glob_matches(
            "macros/legal/*.txt",
            "repo/macros/legal/terms.txt"
        ));
        assert!(!glob_matches(
            "macros/legal/*.txt",
            "macros/legal/sub/terms.txt"
        ));
        assert!(glob_matches(
            "macros/**/*.txt",
            "macros/legal/sub/terms.txt"
        ));
        assert!(glob_matches("*.md", "a/b/c.md"));
        assert!(!glob_matches("*.md", "a/b/c.txt"));
    }

    #[test]
    fn a_pack_name_covers_its_rules() {
        assert!(covers("policy", "policy/hiding-behind-policy"));
        assert!(covers(
            "policy/hiding-behind-policy",
            "policy/hiding-behind-policy"
        ));
        assert!(!covers("polic", "policy/hiding-behind-policy"));
    }
}
