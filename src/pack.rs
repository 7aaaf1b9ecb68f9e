//! Rule packs: the TOML schema, the packs embedded in the binary, and the
//! validation that runs before any work. Every problem in every pack is
//! reported at once, each with its file, line and column.

use crate::model::{Charge, Severity};
use crate::normalize::calendar::Duration;
use crate::normalize::time::parse_timestamp;
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The default packs, compiled into the binary so `tact` needs no files
/// beside it.
pub const DEFAULT_PACKS: &[(&str, &str)] = &[
    (
        "rules/courtesy.toml",
        include_str!("../rules/courtesy.toml"),
    ),
    ("rules/policy.toml", include_str!("../rules/policy.toml")),
    (
        "rules/template.toml",
        include_str!("../rules/template.toml"),
    ),
    (
        "rules/form-letter.toml",
        include_str!("../rules/form-letter.toml"),
    ),
    (
        "rules/promises.toml",
        include_str!("../rules/promises.toml"),
    ),
    (
        "rules/listening.toml",
        include_str!("../rules/listening.toml"),
    ),
    (
        "rules/runaround.toml",
        include_str!("../rules/runaround.toml"),
    ),
    (
        "rules/escalation.toml",
        include_str!("../rules/escalation.toml"),
    ),
    (
        "rules/argument.toml",
        include_str!("../rules/argument.toml"),
    ),
    (
        "rules/knowledge.toml",
        include_str!("../rules/knowledge.toml"),
    ),
    (
        "rules/responsiveness.toml",
        include_str!("../rules/responsiveness.toml"),
    ),
    (
        "rules/personal.toml",
        include_str!("../rules/personal.toml"),
    ),
    ("rules/abuse.toml", include_str!("../rules/abuse.toml")),
    (
        "rules/over-contact.toml",
        include_str!("../rules/over-contact.toml"),
    ),
];

/// A problem in a pack or config file: `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl SourceError {
    /// Builds an error at a byte offset of `text`, counting lines from 1
    /// and columns in characters from 1.
    pub fn at(file: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..text.floor_char_boundary(offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        SourceError {
            file: file.to_string(),
            line,
            col,
            message: message.into(),
        }
    }

    /// Converts a TOML parse or type error.
    pub fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> Self {
        let offset = error.span().map_or(0, |span| span.start);
        SourceError::at(file, text, offset, error.message().trim().to_string())
    }
}

/// Which messages a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    Agent,
    Customer,
    Any,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Agent => "agent",
            Scope::Customer => "customer",
            Scope::Any => "any",
        }
    }
}

/// Where an `unless` phrase must appear to cancel a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum UnlessScope {
    #[default]
    Message,
    Sentence,
}

/// The check kinds a rule can use. Closed set: each is code in `check/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One of `phrases` in a message.
    Phrase,
    /// One of `patterns` (regex) in a message.
    Pattern,
    /// A participant never says any of `phrases` in the conversation.
    Absence,
    /// A trigger (`phrases` or `patterns`) in one role's message that the
    /// other side's next replies never meet with one of `answers`.
    Response,
    /// Too many hand-offs (events, or `phrases`/`patterns` in agent
    /// messages) or too many agents in one conversation.
    Count,
    /// A named check written in Rust (`code = "…"`).
    Code,
    /// Waits measured against the channel's SLA (`measure = "…"`).
    Timing,
}

impl Kind {
    const NAMES: &[&str] = &[
        "phrase", "pattern", "absence", "response", "count", "code", "timing",
    ];

    fn parse(text: &str) -> Option<Kind> {
        match text {
            "phrase" => Some(Kind::Phrase),
            "pattern" => Some(Kind::Pattern),
            "absence" => Some(Kind::Absence),
            "response" => Some(Kind::Response),
            "count" => Some(Kind::Count),
            "code" => Some(Kind::Code),
            "timing" => Some(Kind::Timing),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Phrase => "phrase",
            Kind::Pattern => "pattern",
            Kind::Absence => "absence",
            Kind::Response => "response",
            Kind::Count => "count",
            Kind::Code => "code",
            Kind::Timing => "timing",
        }
    }
}

/// The checks a `code` rule can name; each lives in `check/code/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    AskedAgain,
    WrongName,
    NoName,
    LanguageMismatch,
    MissedDeadline,
    TemplateReply,
    BrokenPlaceholder,
    PlaceholderWithoutFallback,
    TooLong,
    Shouting,
    HardToRead,
}

impl CodeCheck {
    /// The checks of a canned response's text: `tact lint` runs them, the
    /// audit does not (a long, careful email is not a mistake).
    pub fn is_template_text(self) -> bool {
        matches!(
            self,
            CodeCheck::BrokenPlaceholder
                | CodeCheck::PlaceholderWithoutFallback
                | CodeCheck::TooLong
                | CodeCheck::Shouting
                | CodeCheck::HardToRead
        )
    }

    pub const NAMES: &[&str] = &[
        "asked-again",
        "wrong-name",
        "no-name",
        "language-mismatch",
        "missed-deadline",
        "template-reply",
        "broken-placeholder",
        "placeholder-without-fallback",
        "too-long",
        "shouting",
        "hard-to-read",
    ];

    fn parse(text: &str) -> Option<CodeCheck> {
        match text {
            "asked-again" => Some(CodeCheck::AskedAgain),
            "wrong-name" => Some(CodeCheck::WrongName),
            "no-name" => Some(CodeCheck::NoName),
            "language-mismatch" => Some(CodeCheck::LanguageMismatch),
            "missed-deadline" => Some(CodeCheck::MissedDeadline),
            "template-reply" => Some(CodeCheck::TemplateReply),
            "broken-placeholder" => Some(CodeCheck::BrokenPlaceholder),
            "placeholder-without-fallback" => Some(CodeCheck::PlaceholderWithoutFallback),
            "too-long" => Some(CodeCheck::TooLong),
            "shouting" => Some(CodeCheck::Shouting),
            "hard-to-read" => Some(CodeCheck::HardToRead),
            _ => None,
        }
    }
}

/// What a `timing` rule measures; each is a function in `check/timing.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The wait for the first agent reply, against `first_response`.
    FirstResponse,
    /// Every customer message's wait for the next agent reply, against `wait`.
    Wait,
    /// The customer's last messages, with no agent reply by the as-of time.
    Unanswered,
    /// A message sent while the team is closed, counted from the next opening.
    OutOfHours,
    /// Several agent contacts in a row with no customer reply between.
    Burst,
}

impl Measure {
    pub const NAMES: &[&str] = &[
        "first-response",
        "wait",
        "unanswered",
        "out-of-hours",
        "burst",
    ];

    fn parse(text: &str) -> Option<Measure> {
        match text {
            "first-response" => Some(Measure::FirstResponse),
            "wait" => Some(Measure::Wait),
            "unanswered" => Some(Measure::Unanswered),
            "out-of-hours" => Some(Measure::OutOfHours),
            "burst" => Some(Measure::Burst),
            _ => None,
        }
    }
}

/// Events a `response` rule may accept as its answer.
const ANSWER_EVENTS: &[&str] = &["transfer", "assign"];

#[derive(Debug, Deserialize)]
struct PackFile {
    pack: PackHeader,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
struct PackHeader {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
}

fn default_language() -> String {
    "en".into()
}

#[derive(Debug, Deserialize)]
struct RawRule {
    id: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    scope: Scope,
    severity: Spanned<String>,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    unless_scope: UnlessScope,
    #[serde(default)]
    notes: bool,
    #[serde(default = "yes")]
    skip_quoted: bool,
    #[serde(default = "yes")]
    skip_negated: bool,
    #[serde(default = "one")]
    min_messages: usize,
    #[serde(default)]
    exposure: bool,
    #[serde(default)]
    after_agent: bool,
    #[serde(default)]
    answers: Vec<Spanned<String>>,
    #[serde(default)]
    within: usize,
    #[serde(default)]
    answer_events: Vec<Spanned<String>>,
    #[serde(default = "two")]
    min_handoffs: usize,
    #[serde(default = "three")]
    min_agents: usize,
    #[serde(default)]
    code: Option<Spanned<String>>,
    #[serde(default)]
    measure: Option<Spanned<String>>,
    #[serde(default)]
    limit: Option<Spanned<String>>,
    #[serde(default)]
    channels: Vec<String>,
    message: String,
    what: String,
    why: String,
    #[serde(default)]
    example: Option<String>,
    #[serde(default)]
    instead: Option<String>,
    #[serde(default)]
    test: Vec<RawTest>,
}

fn yes() -> bool {
    true
}

fn one() -> usize {
    1
}

fn two() -> usize {
    2
}

fn three() -> usize {
    3
}

#[derive(Debug, Deserialize)]
struct RawTest {
    name: String,
    conversation: Vec<Spanned<String>>,
    expect: usize,
    #[serde(default)]
    customer: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    as_of: Option<Spanned<String>>,
}

/// The keys each table may hold; anything else is a typo worth an error.
const PACK_KEYS: &[&str] = &["name", "description", "language"];
const RULE_KEYS: &[&str] = &[
    "id",
    "kind",
    "scope",
    "severity",
    "phrases",
    "patterns",
    "unless",
    "requires",
    "unless_scope",
    "notes",
    "skip_quoted",
    "skip_negated",
    "min_messages",
    "exposure",
    "after_agent",
    "answers",
    "within",
    "answer_events",
    "min_handoffs",
    "min_agents",
    "code",
    "measure",
    "limit",
    "channels",
    "message",
    "what",
    "why",
    "example",
    "instead",
    "test",
];
const TEST_KEYS: &[&str] = &[
    "name",
    "conversation",
    "expect",
    "customer",
    "channel",
    "as_of",
];

/// Keys that only some kinds read: a key on another kind would be ignored
/// silently, so it is an error.
const KIND_KEYS: &[(&str, &[&str])] = &[
    ("phrases", &["phrase", "absence", "response", "count"]),
    ("patterns", &["pattern", "response", "count"]),
    ("unless", &["phrase", "pattern", "response", "count"]),
    ("requires", &["phrase", "pattern", "response", "count"]),
    ("unless_scope", &["phrase", "pattern", "response", "count"]),
    ("min_messages", &["absence", "code", "timing"]),
    ("answers", &["response"]),
    ("within", &["response"]),
    ("answer_events", &["response"]),
    ("min_handoffs", &["count"]),
    ("min_agents", &["count"]),
    ("code", &["code"]),
    ("measure", &["timing"]),
    ("limit", &["timing"]),
    ("channels", &["timing"]),
];

/// A rule's documentation, printed by `tact rule`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDocs {
    pub what: String,
    pub why: String,
    pub example: Option<String>,
    pub instead: Option<String>,
}

/// A small conversation and how many findings of its rule it must produce.
#[derive(Debug, Clone)]
pub struct RuleTest {
    pub name: String,
    /// Lines `role: text`; roles are `customer`, `agent`, `agent2`, `note`,
    /// `bot`, `system`.
    pub conversation: Vec<String>,
    pub expect: usize,
    pub customer: Option<String>,
    /// The conversation's channel (default `chat`), for its SLA.
    pub channel: Option<String>,
    /// The run's "now" (default: the conversation's newest message).
    pub as_of: Option<jiff::Timestamp>,
}

/// A validated rule, ready to compile.
#[derive(Debug, Clone)]
pub struct RuleSpec {
    pub id: String,
    pub pack: String,
    pub kind: Kind,
    pub scope: Scope,
    pub severity: Severity,
    pub phrases: Vec<String>,
    pub patterns: Vec<String>,
    pub unless: Vec<String>,
    /// The message must also contain one of these, or the match is not a
    /// finding (a refusal cue for a policy mention, say).
    pub requires: Vec<String>,
    pub unless_scope: UnlessScope,
    pub notes: bool,
    pub skip_quoted: bool,
    pub skip_negated: bool,
    pub min_messages: usize,
    pub charge: Charge,
    /// Only messages after an agent's first public reply are judged.
    pub after_agent: bool,
    /// `response`: what the other side must say to meet the trigger.
    pub answers: Vec<String>,
    /// `response`: how many of the other side's replies may pass before the
    /// trigger counts as unmet; 0 means the rest of the conversation.
    pub within: usize,
    /// `response`: event kinds that meet the trigger (`transfer`, `assign`).
    pub answer_events: Vec<String>,
    /// `count`: hand-offs that make a runaround.
    pub min_handoffs: usize,
    /// `count`: distinct human agents that make a runaround.
    pub min_agents: usize,
    /// `code`: which named check.
    pub code: Option<CodeCheck>,
    /// `timing`: what is measured.
    pub measure: Option<Measure>,
    /// `timing`: a limit that replaces the channel's SLA.
    pub limit: Option<Duration>,
    /// `timing`: only conversations of these channels (all when empty).
    pub channels: Vec<String>,
    pub message: String,
    pub docs: RuleDocs,
    pub tests: Vec<RuleTest>,
    /// The pack's language: absence rules stay quiet on other languages.
    pub language: String,
}

/// A loaded pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub name: String,
    pub description: String,
    pub file: String,
    pub rules: Vec<RuleSpec>,
}

/// Loads the default packs and the `.toml` files of each extra directory
/// (or file), returning every problem found in any of them.
pub fn load_packs(extra: &[std::path::PathBuf]) -> Result<Vec<Pack>, Vec<SourceError>> {
    let mut sources: Vec<(String, String)> = DEFAULT_PACKS
        .iter()
        .map(|(file, text)| (file.to_string(), text.to_string()))
        .collect();
    let mut errors = Vec::new();
    for path in extra {
        collect_pack_files(path, &mut sources, &mut errors);
    }
    let mut packs = Vec::new();
    for (file, text) in &sources {
        match parse_pack(file, text) {
            Ok(pack) => packs.push(pack),
            Err(mut found) => errors.append(&mut found),
        }
    }
    check_unique_ids(&packs, &sources, &mut errors);
    if errors.is_empty() {
        Ok(packs)
    } else {
        Err(errors)
    }
}

fn collect_pack_files(
    path: &Path,
    sources: &mut Vec<(String, String)>,
    errors: &mut Vec<SourceError>,
) {
    let file_error = |message: String| SourceError {
        file: path.display().to_string(),
        line: 1,
        col: 1,
        message,
    };
    if path.is_dir() {
        let mut files: Vec<_> = match std::fs::read_dir(path) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect(),
            Err(error) => {
                return errors.push(file_error(format!("cannot read rules directory: {error}")));
            }
        };
        files.sort();
        if files.is_empty() {
            errors.push(file_error("no .toml rule packs in this directory".into()));
        }
        for file in files {
            collect_pack_files(&file, sources, errors);
        }
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(text) => sources.push((path.display().to_string(), text)),
        Err(error) => errors.push(file_error(format!("cannot read rule pack: {error}"))),
    }
}

/// Parses and validates one pack file.
pub fn parse_pack(file: &str, text: &str) -> Result<Pack, Vec<SourceError>> {
    let mut errors = Vec::new();
    // First pass: the raw tree with spans, to report every unknown key at
    // its own place (serde would stop at the first).
    match DeTable::parse(text) {
        Ok(root) => check_keys(file, text, root.get_ref(), &mut errors),
        Err(error) => return Err(vec![SourceError::from_toml(file, text, &error)]),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let raw: PackFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => return Err(vec![SourceError::from_toml(file, text, &error)]),
    };
    let pack_name = raw.pack.name.get_ref().clone();
    if pack_name.is_empty()
        || !pack_name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errors.push(SourceError::at(
            file,
            text,
            raw.pack.name.span().start,
            "pack name must be lowercase letters, digits and dashes",
        ));
    }
    let mut rules = Vec::new();
    for rule in raw.rule {
        if let Some(spec) = validate_rule(
            file,
            text,
            &pack_name,
            &raw.pack.language,
            rule,
            &mut errors,
        ) {
            rules.push(spec);
        }
    }
    if errors.is_empty() {
        Ok(Pack {
            name: pack_name,
            description: raw.pack.description,
            file: file.to_string(),
            rules,
        })
    } else {
        Err(errors)
    }
}

fn check_keys(file: &str, text: &str, root: &DeTable<'_>, errors: &mut Vec<SourceError>) {
    let unknown = |key: &Spanned<toml::de::DeString<'_>>, allowed: &[&str], table: &str| {
        SourceError::at(
            file,
            text,
            key.span().start,
            format!(
                "unknown key `{}` in {table} (expected one of: {})",
                key.get_ref(),
                allowed.join(", ")
            ),
        )
    };
    for (key, value) in root.iter() {
        match key.get_ref().as_ref() {
            "pack" => {
                if let DeValue::Table(table) = value.get_ref() {
                    for (key, _) in table.iter() {
                        if !PACK_KEYS.contains(&key.get_ref().as_ref()) {
                            errors.push(unknown(key, PACK_KEYS, "[pack]"));
                        }
                    }
                }
            }
            "rule" => {
                let DeValue::Array(rules) = value.get_ref() else {
                    continue;
                };
                for rule in rules.iter() {
                    let DeValue::Table(rule) = rule.get_ref() else {
                        continue;
                    };
                    let kind = rule.iter().find_map(|(key, value)| match value.get_ref() {
                        DeValue::String(kind) if key.get_ref() == "kind" => Some(kind.to_string()),
                        _ => None,
                    });
                    for (key, value) in rule.iter() {
                        if !RULE_KEYS.contains(&key.get_ref().as_ref()) {
                            errors.push(unknown(key, RULE_KEYS, "[[rule]]"));
                        } else if let Some(kind) = &kind
                            && let Some(&(_, kinds)) =
                                KIND_KEYS.iter().find(|(k, _)| *k == key.get_ref().as_ref())
                            && Kind::NAMES.contains(&kind.as_str())
                            && !kinds.contains(&kind.as_str())
                        {
                            errors.push(SourceError::at(
                                file,
                                text,
                                key.span().start,
                                format!(
                                    "`{}` does nothing in a `{kind}` rule (it is for: {})",
                                    key.get_ref(),
                                    kinds.join(", ")
                                ),
                            ));
                        }
                        if key.get_ref() == "test"
                            && let DeValue::Array(tests) = value.get_ref()
                        {
                            for test in tests.iter() {
                                if let DeValue::Table(test) = test.get_ref() {
                                    for (key, _) in test.iter() {
                                        if !TEST_KEYS.contains(&key.get_ref().as_ref()) {
                                            errors.push(unknown(key, TEST_KEYS, "[[rule.test]]"));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            _ => errors.push(unknown(key, &["pack", "rule"], "the pack file")),
        }
    }
}

fn validate_rule(
    file: &str,
    text: &str,
    pack: &str,
    language: &str,
    rule: RawRule,
    errors: &mut Vec<SourceError>,
) -> Option<RuleSpec> {
    let before = errors.len();
    let mut error = |span: Range<usize>, message: String| {
        errors.push(SourceError::at(file, text, span.start, message));
    };
    let id = rule.id.get_ref().clone();
    let expected_prefix = format!("{pack}/");
    if !id.starts_with(&expected_prefix) || id.len() == expected_prefix.len() {
        error(
            rule.id.span(),
            format!("rule id `{id}` must start with its pack name: `{pack}/…`"),
        );
    }
    let kind = Kind::parse(rule.kind.get_ref());
    if kind.is_none() {
        error(
            rule.kind.span(),
            format!(
                "unknown kind `{}` (expected one of: {})",
                rule.kind.get_ref(),
                Kind::NAMES.join(", ")
            ),
        );
    }
    let severity = Severity::parse(rule.severity.get_ref());
    if severity.is_none() {
        error(
            rule.severity.span(),
            format!(
                "unknown severity `{}` (expected info, warning or error)",
                rule.severity.get_ref()
            ),
        );
    }
    for pattern in rule.patterns.iter().chain(&rule.answers) {
        if let Err(e) = regex::Regex::new(pattern.get_ref()) {
            // The last line of the regex crate's message says what is wrong;
            // the lines above repeat the pattern, which the place shows.
            let detail = e
                .to_string()
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .to_string();
            error(pattern.span(), format!("bad regex: {detail}"));
        }
    }
    for event in &rule.answer_events {
        if !ANSWER_EVENTS.contains(&event.get_ref().as_str()) {
            error(
                event.span(),
                format!(
                    "unknown answer event `{}` (expected one of: {})",
                    event.get_ref(),
                    ANSWER_EVENTS.join(", ")
                ),
            );
        }
    }
    for phrase in &rule.phrases {
        if crate::normalize::normalize(phrase.get_ref())
            .text
            .is_empty()
        {
            error(phrase.span(), "empty phrase".into());
        }
    }
    match kind {
        Some(Kind::Phrase | Kind::Absence) if rule.phrases.is_empty() => {
            error(
                rule.kind.span(),
                format!("a `{}` rule needs `phrases`", rule.kind.get_ref()),
            );
        }
        Some(Kind::Pattern) if rule.patterns.is_empty() => {
            error(rule.kind.span(), "a `pattern` rule needs `patterns`".into());
        }
        Some(Kind::Response) => {
            if rule.phrases.is_empty() && rule.patterns.is_empty() {
                error(
                    rule.kind.span(),
                    "a `response` rule needs a trigger: `phrases` or `patterns`".into(),
                );
            }
            if rule.answers.is_empty() && rule.answer_events.is_empty() {
                error(
                    rule.kind.span(),
                    "a `response` rule needs `answers` or `answer_events`".into(),
                );
            }
            if rule.scope == Scope::Any {
                error(
                    rule.kind.span(),
                    "a `response` rule needs scope `agent` or `customer`: the side that triggers"
                        .into(),
                );
            }
        }
        Some(Kind::Count) if rule.min_handoffs == 0 || rule.min_agents == 0 => {
            error(
                rule.kind.span(),
                "`min_handoffs` and `min_agents` must be at least 1".into(),
            );
        }
        Some(Kind::Code) => {
            if let Some((span, message)) = choice_problem(
                &rule.kind,
                ("code", "code check"),
                rule.code.as_ref(),
                CodeCheck::NAMES,
            ) {
                error(span, message);
            }
        }
        Some(Kind::Timing) => {
            if let Some((span, message)) = choice_problem(
                &rule.kind,
                ("measure", "measure"),
                rule.measure.as_ref(),
                Measure::NAMES,
            ) {
                error(span, message);
            } else if let Some(measure) = &rule.measure
                && measure.get_ref() == "burst"
                && rule.min_messages < 2
            {
                error(
                    measure.span(),
                    "a burst needs `min_messages` of at least 2 contacts".into(),
                );
            }
        }
        _ => {}
    }
    let limit = match &rule.limit {
        None => None,
        Some(text) => match Duration::parse(text.get_ref()) {
            Ok(limit) => Some(limit),
            Err(message) => {
                error(text.span(), format!("bad `limit`: {message}"));
                None
            }
        },
    };
    for test in &rule.test {
        if let Some(as_of) = &test.as_of
            && let Err(message) = parse_timestamp(as_of.get_ref(), &jiff::tz::TimeZone::UTC)
        {
            error(as_of.span(), format!("bad `as_of`: {message}"));
        }
        for line in &test.conversation {
            if crate::check::examples::parse_test_line(line.get_ref()).is_none() {
                error(
                    line.span(),
                    "test line must be `ROLE: text` with ROLE one of customer, agent, agent2, agent3, note, bot, system, or an event `transfer: TO`, `assign: TO`, `status: STATUS`, optionally after a time `[2026-11-16 09:00]`".into(),
                );
            }
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(RuleSpec {
        id,
        pack: pack.to_string(),
        kind: kind?,
        scope: rule.scope,
        severity: severity?,
        phrases: rule.phrases.into_iter().map(Spanned::into_inner).collect(),
        patterns: rule.patterns.into_iter().map(Spanned::into_inner).collect(),
        unless: rule.unless,
        requires: rule.requires,
        unless_scope: rule.unless_scope,
        notes: rule.notes,
        skip_quoted: rule.skip_quoted,
        skip_negated: rule.skip_negated,
        min_messages: rule.min_messages,
        charge: if rule.exposure {
            Charge::Exposure
        } else {
            Charge::Agent
        },
        after_agent: rule.after_agent,
        answers: rule.answers.into_iter().map(Spanned::into_inner).collect(),
        within: rule.within,
        answer_events: rule
            .answer_events
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        min_handoffs: rule.min_handoffs,
        min_agents: rule.min_agents,
        code: rule.code.and_then(|c| CodeCheck::parse(c.get_ref())),
        measure: rule.measure.and_then(|m| Measure::parse(m.get_ref())),
        limit,
        channels: rule
            .channels
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .collect(),
        message: rule.message,
        docs: RuleDocs {
            what: rule.what,
            why: rule.why,
            example: rule.example,
            instead: rule.instead,
        },
        tests: rule
            .test
            .into_iter()
            .map(|t| RuleTest {
                name: t.name,
                conversation: t
                    .conversation
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
                expect: t.expect,
                customer: t.customer,
                channel: t.channel,
                as_of: t
                    .as_of
                    .and_then(|a| parse_timestamp(a.get_ref(), &jiff::tz::TimeZone::UTC).ok()),
            })
            .collect(),
        language: language.to_string(),
    })
}

/// What is wrong with a key that names one of a closed set (`code`,
/// `measure`): missing from its kind of rule, or not one of `names`.
/// `key` is the key and the noun its values go by.
fn choice_problem(
    kind: &Spanned<String>,
    (key, noun): (&str, &str),
    value: Option<&Spanned<String>>,
    names: &[&str],
) -> Option<(Range<usize>, String)> {
    match value {
        None => Some((
            kind.span(),
            format!(
                "a `{}` rule needs `{key}` (one of: {})",
                kind.get_ref(),
                names.join(", ")
            ),
        )),
        Some(value) if !names.contains(&value.get_ref().as_str()) => Some((
            value.span(),
            format!(
                "unknown {noun} `{}` (expected one of: {})",
                value.get_ref(),
                names.join(", ")
            ),
        )),
        Some(_) => None,
    }
}

fn check_unique_ids(packs: &[Pack], sources: &[(String, String)], errors: &mut Vec<SourceError>) {
    let mut seen: std::collections::BTreeMap<&str, &str> = Default::default();
    for pack in packs {
        for rule in &pack.rules {
            if let Some(first) = seen.insert(&rule.id, &pack.file) {
                let text = sources
                    .iter()
                    .find(|(file, _)| *file == pack.file)
                    .map_or("", |(_, text)| text.as_str());
                let needle = format!("\"{}\"", rule.id);
                let offset = text.find(&needle).unwrap_or(0);
                errors.push(SourceError::at(
                    &pack.file,
                    text,
                    offset,
                    format!("duplicate rule id `{}` (first defined in {first})", rule.id),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse_pack("p.toml", text)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const HEADER: &str = "[pack]\nname = \"p\"\n";

    fn rule(body: &str) -> String {
        format!(
            "{HEADER}[[rule]]\nid = \"p/r\"\nkind = \"phrase\"\nseverity = \"warning\"\nphrases = [\"x\"]\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n{body}"
        )
    }

    #[test]
    fn default_packs_load() {
        let packs = load_packs(&[]).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(packs.iter().any(|p| p.name == "courtesy"));
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let text = format!(
            "{HEADER}[[rule]]\nid = \"p/a\"\nkind = \"fuzzy\"\nseverity = \"warning\"\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n\n[[rule]]\nid = \"p/b\"\nkind = \"pattern\"\nseverity = \"loud\"\npatterns = [\"(unclosed\"]\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n"
        );
        let found = errors(&text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with("p.toml:5:8: unknown kind `fuzzy`"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("p.toml:14:12: unknown severity `loud`"),
            "{found:?}"
        );
        assert!(found[2].starts_with("p.toml:15:13: bad regex"), "{found:?}");
    }

    #[test]
    fn unknown_keys_are_all_reported() {
        let found = errors(&rule("colour = \"red\"\nsevrity = \"x\"\n"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("p.toml:11:1: unknown key `colour` in [[rule]]"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("p.toml:12:1: unknown key `sevrity`"),
            "{found:?}"
        );
    }

    #[test]
    fn syntax_and_type_errors_have_places() {
        let found = errors("[pack\nname = 1");
        assert!(found[0].starts_with("p.toml:1:"), "{found:?}");
        let found = errors(&rule("notes = \"yes\"\n"));
        assert!(found[0].starts_with("p.toml:11:9:"), "{found:?}");
    }

    #[test]
    fn new_kinds_say_what_they_need() {
        let response = rule("").replace("kind = \"phrase\"", "kind = \"response\"");
        let found = errors(&response);
        assert!(
            found[0].contains("a `response` rule needs `answers` or `answer_events`"),
            "{found:?}"
        );
        let code = rule("code = \"guess-mood\"\n")
            .replace("kind = \"phrase\"", "kind = \"code\"")
            .replace("phrases = [\"x\"]\n", "");
        let found = errors(&code);
        assert!(
            found[0].starts_with(
                "p.toml:10:8: unknown code check `guess-mood` (expected one of: asked-again"
            ),
            "{found:?}"
        );
        let events =
            rule("answers = [\"ok\"]\nanswer_events = [\"status\"]\nscope = \"customer\"\n")
                .replace("kind = \"phrase\"", "kind = \"response\"");
        let found = errors(&events);
        assert!(
            found[0].contains("unknown answer event `status` (expected one of: transfer, assign)"),
            "{found:?}"
        );
        let count = rule("min_agents = 0\n").replace("kind = \"phrase\"", "kind = \"count\"");
        assert!(errors(&count)[0].contains("must be at least 1"));
        let found = errors(&rule("answers = [\"sorry\"]\n"));
        assert!(
            found[0].starts_with(
                "p.toml:11:1: `answers` does nothing in a `phrase` rule (it is for: response)"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn ids_must_belong_to_their_pack_and_be_unique() {
        let found = errors(&rule("").replace("p/r", "other/r"));
        assert!(
            found[0].contains("must start with its pack name"),
            "{found:?}"
        );
        let dir = std::env::temp_dir().join(format!("tact-dup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("a.toml"),
            rule("")
                .replace("\"p\"", "\"courtesy\"")
                .replace("p/r", "courtesy/no-thanks"),
        )
        .unwrap();
        let found = load_packs(std::slice::from_ref(&dir)).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            found[0].to_string().contains(
                "duplicate rule id `courtesy/no-thanks` (first defined in rules/courtesy.toml)"
            ),
            "{found:?}"
        );
        assert!(found[0].to_string().contains("a.toml:4:6:"), "{found:?}");
    }
}
