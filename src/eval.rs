//! Precision and recall of the rules on a labelled set of conversations.
//!
//! Each conversation of the set carries an `expect` list (kept in its
//! `meta` by the readers): every finding it must produce, across all rules,
//! as `rule-id@message-id` for a finding on one message or `rule-id` for a
//! conversation-level finding wherever it is pinned. Anything else the
//! rules find there is a false alarm. `tact rules eval DIR` prints the
//! table; the test suite holds the default packs to their targets.

use crate::check::{RuleSet, newest};
use crate::ingest::{self, Item, ReadOptions};
use crate::model::{Conversation, Finding};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub rule: String,
    /// `None` when any message of the conversation will do.
    pub message_id: Option<String>,
}

impl Label {
    pub fn parse(text: &str) -> Label {
        match text.split_once('@') {
            Some((rule, message)) => Label {
                rule: rule.trim().to_string(),
                message_id: Some(message.trim().to_string()),
            },
            None => Label {
                rule: text.trim().to_string(),
                message_id: None,
            },
        }
    }
}

/// A finding the labels did not expect, or a label no finding met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub conversation_id: String,
    pub message_id: Option<String>,
    /// The finding's excerpt, or the conversation's `note` for a miss.
    pub detail: String,
}

/// The counts of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleScore {
    pub expected: usize,
    pub found: usize,
    pub true_positives: usize,
    pub false_alarms: Vec<Mismatch>,
    pub misses: Vec<Mismatch>,
}

impl RuleScore {
    /// Share of findings that were expected; `None` with no findings.
    pub fn precision(&self) -> Option<f64> {
        (self.found > 0).then(|| self.true_positives as f64 / self.found as f64)
    }

    /// Share of expected findings that were found; `None` with none expected.
    pub fn recall(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.true_positives as f64 / self.expected as f64)
    }
}

/// The whole evaluation: per-rule scores, and input problems.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub conversations: usize,
    /// Every enabled rule, scored or not.
    pub rules: BTreeMap<String, RuleScore>,
    /// Records that could not be read and malformed labels: the figures
    /// would be wrong, so the evaluation fails.
    pub problems: Vec<String>,
    /// Reader warnings (a lossy decode, say) and labels for rules that are
    /// not enabled in this run: worth saying, not worth failing.
    pub notes: Vec<String>,
}

/// Scores one conversation's findings against its labels.
pub fn score_conversation(
    conversation: &Conversation,
    findings: &[Finding],
    evaluation: &mut Evaluation,
) {
    evaluation.conversations += 1;
    let labels: Vec<Label> = match conversation.meta.get("expect") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v.as_str() {
                Some(text) => Some(Label::parse(text)),
                None => {
                    evaluation
                        .problems
                        .push(format!("{}: label {v} is not a string", conversation.id));
                    None
                }
            })
            .collect(),
        Some(_) => {
            evaluation.problems.push(format!(
                "{}: `expect` must be a list of strings",
                conversation.id
            ));
            Vec::new()
        }
        None => Vec::new(),
    };
    let note = conversation
        .meta
        .get("note")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    for label in &labels {
        if !evaluation.rules.contains_key(&label.rule) {
            evaluation.notes.push(format!(
                "{}: label for `{}`, which is not enabled, not scored",
                conversation.id, label.rule
            ));
        }
    }
    for (rule, score) in evaluation.rules.iter_mut() {
        let mut wanted: Vec<&Label> = labels.iter().filter(|l| &l.rule == rule).collect();
        let mut unmatched: Vec<&Finding> = Vec::new();
        let found: Vec<&Finding> = findings.iter().filter(|f| &f.rule == rule).collect();
        score.expected += wanted.len();
        score.found += found.len();
        // Labels that name a message are matched first, then any-message
        // labels take what is left.
        for finding in found {
            let exact = wanted
                .iter()
                .position(|l| l.message_id.is_some() && l.message_id == finding.message_id);
            match exact {
                Some(i) => {
                    wanted.remove(i);
                    score.true_positives += 1;
                }
                None => unmatched.push(finding),
            }
        }
        for finding in unmatched {
            match wanted.iter().position(|l| l.message_id.is_none()) {
                Some(i) => {
                    wanted.remove(i);
                    score.true_positives += 1;
                }
                None => score.false_alarms.push(Mismatch {
                    conversation_id: conversation.id.clone(),
                    message_id: finding.message_id.clone(),
                    detail: finding.excerpt.clone(),
                }),
            }
        }
        for label in wanted {
            score.misses.push(Mismatch {
                conversation_id: conversation.id.clone(),
                message_id: label.message_id.clone(),
                detail: note.clone(),
            });
        }
    }
}

/// Every conversation the inputs at `paths` hold, in input order: records
/// that cannot be read go to `problems`, warnings to `notes`.
pub fn read_conversations(
    paths: &[PathBuf],
    read: &ReadOptions,
    problems: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Vec<Conversation> {
    let (inputs, discovered) = ingest::discover(paths, read.format);
    problems.extend(discovered.iter().map(ToString::to_string));
    let mut conversations = Vec::new();
    for input in &inputs {
        let (_, reader) = ingest::open(input, read);
        for item in reader {
            let mut found = Vec::new();
            let conversation = match item {
                Item::Problem(problem) => {
                    problems.push(problem.to_string());
                    continue;
                }
                Item::Conversation(conversation) => *conversation,
                Item::JsonLine(line) => {
                    match ingest::jsonl::parse_line(line, &read.zone, &mut found) {
                        Ok(conversation) => conversation,
                        Err(problem) => {
                            problems.push(problem.to_string());
                            continue;
                        }
                    }
                }
            };
            for problem in found {
                let text = problem.to_string();
                match problem.kind {
                    ingest::ProblemKind::Skipped => problems.push(text),
                    ingest::ProblemKind::Warning => notes.push(text),
                }
            }
            conversations.push(conversation);
        }
    }
    conversations
}

/// Reads every conversation under `paths` and scores `rules` on them.
/// Single-threaded: the set is small, and the order of the mismatches then
/// follows the files. As in an audit, the run's as-of time is the newest
/// timestamp of the whole set, so a label can say a promise with no
/// follow-up was missed (or, due after it, was not).
pub fn evaluate(paths: &[PathBuf], rules: &RuleSet, read: &ReadOptions) -> Evaluation {
    let mut evaluation = Evaluation::default();
    for spec in rules.specs() {
        evaluation
            .rules
            .insert(spec.id.clone(), RuleScore::default());
    }
    let conversations =
        read_conversations(paths, read, &mut evaluation.problems, &mut evaluation.notes);
    let as_of = conversations.iter().filter_map(newest).max();
    for conversation in &conversations {
        let analysis = rules.judge(conversation);
        let findings: Vec<Finding> = analysis.standing(as_of).cloned().collect();
        score_conversation(conversation, &findings, &mut evaluation);
    }
    evaluation
}
