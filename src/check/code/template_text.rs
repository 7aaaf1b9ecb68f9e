//! The checks of a canned response's text (`template/*`): placeholders that
//! will not render (unbalanced `{{ }}` / `{% %}`, unknown Liquid filters and
//! tags, unclosed blocks), a customer-name placeholder with no fallback (the
//! customer reads "Hi ," when the name is missing), too many words, ALL-CAPS
//! shouting and `!!`, and prose above a readability grade.
//!
//! `tact lint` runs them on every response, before placeholders are masked
//! for the phrase rules; as `code` rules they judge agent messages, which is
//! how their examples are tested.

use super::Hit;
use crate::model::Conversation;
use crate::pack::CodeCheck;

/// A finding in one text: a byte span and what to add to the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextHit {
    pub start: usize,
    pub end: usize,
    pub detail: String,
}

impl TextHit {
    fn new(start: usize, end: usize, detail: impl Into<String>) -> Self {
        TextHit {
            start,
            end,
            detail: detail.into(),
        }
    }
}

/// The limits of the length and readability checks (`[lint]` in tact.toml).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub max_words: usize,
    pub max_grade: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_words: 200,
            max_grade: 10.0,
        }
    }
}

/// Runs one template check on a text.
pub fn check_text(code: CodeCheck, text: &str, limits: Limits) -> Vec<TextHit> {
    let mut hits = check_unclamped(code, text, limits);
    // Spans always fall on character boundaries, whatever the text.
    for hit in &mut hits {
        while hit.start > 0 && !text.is_char_boundary(hit.start) {
            hit.start -= 1;
        }
        hit.end = hit.end.clamp(hit.start, text.len());
        while !text.is_char_boundary(hit.end) {
            hit.end += 1;
        }
    }
    hits
}

fn check_unclamped(code: CodeCheck, text: &str, limits: Limits) -> Vec<TextHit> {
    match code {
        CodeCheck::BrokenPlaceholder => scan(text).broken,
        CodeCheck::PlaceholderWithoutFallback => without_fallback(text),
        CodeCheck::TooLong => too_long(text, limits.max_words).into_iter().collect(),
        CodeCheck::Shouting => shouting(text),
        CodeCheck::HardToRead => hard_to_read(text, limits.max_grade).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The check as a `code` rule: every public agent message of the
/// conversation, with the default limits.
pub fn check(conversation: &Conversation, code: CodeCheck) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (index, message) in conversation.messages.iter().enumerate() {
        if !message.is_public_agent() {
            continue;
        }
        for hit in check_text(code, &message.text, Limits::default()) {
            hits.push(Hit {
                index,
                span: Some((hit.start, hit.end)),
                agent: Some(message.author.clone()),
                detail: hit.detail,
                ..Hit::default()
            });
        }
    }
    hits
}

/// One placeholder: `{{ … }}` output or `{% … %}` tag (a Help Scout
/// `{%customer.firstName,fallback=there%}` variable is read as output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub start: usize,
    pub end: usize,
    /// The variable path of an output placeholder (`ticket.requester.first_name`).
    pub variable: Option<String>,
    pub has_fallback: bool,
    /// Inside an `{% if %}`/`{% unless %}` block: guarded by the template.
    pub guarded: bool,
}

/// What scanning a text's placeholders found.
#[derive(Debug, Default)]
pub struct Scan {
    pub placeholders: Vec<Placeholder>,
    pub broken: Vec<TextHit>,
    /// Liquid tags and Handlebars block markers: template code a customer
    /// never reads.
    pub tags: Vec<(usize, usize)>,
    /// `{% comment %}…{% endcomment %}` spans, never shown.
    pub hidden: Vec<(usize, usize)>,
    /// Variables assigned with a fallback (`{% assign name = x | default: "there" %}`).
    pub assigned_with_fallback: Vec<String>,
}

/// An open block: its tag, the tag that closes it, where it opened, and
/// its condition (what an `if` tests), lowercased.
struct Block<'t> {
    tag: &'t str,
    closes: String,
    start: usize,
    end: usize,
    condition: String,
}

/// Liquid's standard filters, and Intercom's `fallback`.
const FILTERS: &[&str] = &[
    "abs",
    "base64_decode",
    "base64_encode",
    "base64_url_safe_decode",
    "base64_url_safe_encode",
    "h",
    "json",
    "pluralize",
    "append",
    "at_least",
    "at_most",
    "capitalize",
    "ceil",
    "compact",
    "concat",
    "date",
    "default",
    "divided_by",
    "downcase",
    "escape",
    "escape_once",
    "fallback",
    "first",
    "floor",
    "join",
    "last",
    "lstrip",
    "map",
    "minus",
    "modulo",
    "newline_to_br",
    "plus",
    "prepend",
    "remove",
    "remove_first",
    "remove_last",
    "replace",
    "replace_first",
    "replace_last",
    "reverse",
    "round",
    "rstrip",
    "size",
    "slice",
    "sort",
    "sort_natural",
    "split",
    "strip",
    "strip_html",
    "strip_newlines",
    "sum",
    "times",
    "truncate",
    "truncatewords",
    "uniq",
    "upcase",
    "url_decode",
    "url_encode",
    "where",
];

/// Liquid tags, with the block each opens (`None` for a plain tag).
const TAGS: &[(&str, Option<&str>)] = &[
    ("if", Some("endif")),
    ("unless", Some("endunless")),
    ("case", Some("endcase")),
    ("for", Some("endfor")),
    ("capture", Some("endcapture")),
    ("comment", Some("endcomment")),
    ("raw", Some("endraw")),
    ("tablerow", Some("endtablerow")),
    ("elsif", None),
    ("else", None),
    ("when", None),
    ("break", None),
    ("continue", None),
    ("assign", None),
    ("cycle", None),
    ("increment", None),
    ("decrement", None),
    ("echo", None),
    ("liquid", None),
    ("render", None),
    ("include", None),
];

/// Finds every placeholder and every way one is broken.
pub fn scan(text: &str) -> Scan {
    let mut scan = Scan::default();
    let mut blocks: Vec<Block> = Vec::new();
    let bytes = text.as_bytes();
    // Every delimiter's place, found once: looking ahead is a binary
    // search, so a text full of unclosed `{{` stays linear.
    let places =
        |needle: &str| -> Vec<usize> { text.match_indices(needle).map(|(i, _)| i).collect() };
    let (output_closers, tag_closers) = (places("}}"), places("%}"));
    let mut openers: Vec<usize> = places("{{");
    openers.extend(places("{%"));
    openers.sort_unstable();
    let first_after =
        |list: &[usize], from: usize| list.get(list.partition_point(|&i| i < from)).copied();
    let mut at = 0;
    while at + 1 < bytes.len() {
        let pair = &bytes[at..at + 2];
        if pair == b"}}" || pair == b"%}" {
            scan.broken.push(TextHit::new(
                at,
                at + 2,
                format!("`{}` closes nothing", &text[at..at + 2]),
            ));
            at += 2;
            continue;
        }
        if pair != b"{{" && pair != b"{%" {
            at += 1;
            continue;
        }
        let output = pair == b"{{";
        let closer = if output { "}}" } else { "%}" };
        let close = first_after(
            if output {
                &output_closers
            } else {
                &tag_closers
            },
            at + 2,
        );
        let next_open = first_after(&openers, at + 2);
        let Some(close) = close.filter(|&c| next_open.is_none_or(|n| c < n)) else {
            let shown: String = text[at..]
                .chars()
                .take(40)
                .take_while(|c| *c != '\n')
                .collect();
            scan.broken.push(TextHit::new(
                at,
                at + 2,
                format!("`{shown}` is never closed with `{closer}`"),
            ));
            at += 2;
            continue;
        };
        let end = close + 2;
        let inner_start = at + 2;
        let inner = &text[inner_start..close];
        // What the enclosing `if`s test: a name placeholder inside an `if`
        // that tests that name is guarded.
        let guards: Vec<&str> = blocks
            .iter()
            .filter(|b| matches!(b.tag, "if" | "unless" | "case" | "#if" | "#unless"))
            .map(|b| b.condition.as_str())
            .collect();
        let trimmed = inner.trim().trim_matches('-').trim();
        if output && (trimmed.starts_with('#') || trimmed.starts_with('/') || trimmed == "else") {
            // A Handlebars block marker: {{#if x}}, {{else}}, {{/if}}.
            handlebars_block(trimmed, at, end, &mut blocks, &mut scan);
        } else if output {
            let mut placeholder =
                output_placeholder(inner, inner_start, at, end, false, &mut scan.broken);
            placeholder.guarded = placeholder.variable.as_deref().is_some_and(|v| {
                let last = v.rsplit('.').next().unwrap_or(v).to_lowercase();
                guards.iter().any(|g| g.contains(&last))
            });
            scan.placeholders.push(placeholder);
        } else {
            let guarded = !guards.is_empty();
            tag(inner, inner_start, at, end, guarded, &mut blocks, &mut scan);
        }
        at = end;
    }
    for block in blocks {
        let shown = if block.tag.starts_with('#') {
            format!("`{{{{{}}}}}`", block.tag)
        } else {
            format!("`{{% {} %}}`", block.tag)
        };
        scan.broken.push(TextHit::new(
            block.start,
            block.end,
            format!("{shown} is never closed"),
        ));
    }
    scan.broken.sort_by_key(|hit| hit.start);
    scan
}

/// `{{ expression | filter: args | … }}`.
fn output_placeholder(
    inner: &str,
    inner_start: usize,
    start: usize,
    end: usize,
    guarded: bool,
    broken: &mut Vec<TextHit>,
) -> Placeholder {
    // `{{- name -}}` trims whitespace around the output; the dashes are
    // not part of the expression.
    let lead = inner.len() - inner.trim_start_matches('-').len();
    let inner_start = inner_start + lead;
    let inner = inner.trim_start_matches('-').trim_end_matches('-');
    let mut parts = split_outside_quotes(inner, '|');
    let (expression_offset, expression) = parts.remove(0);
    let mut has_fallback = false;
    for (offset, filter) in parts {
        let name_start = offset + (filter.len() - filter.trim_start().len());
        let name: String = filter
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            broken.push(TextHit::new(start, end, "an empty filter after `|`"));
            continue;
        }
        if matches!(name.as_str(), "default" | "fallback") {
            has_fallback = true;
        }
        if !FILTERS.contains(&name.as_str()) {
            let at = inner_start + name_start;
            broken.push(TextHit::new(
                at,
                at + name.len(),
                format!("unknown filter `{name}`"),
            ));
        }
    }
    let expression = expression.trim();
    let variable = is_path(expression).then(|| expression.to_string());
    if expression.is_empty() {
        broken.push(TextHit::new(start, end, "an empty placeholder"));
    }
    let _ = expression_offset;
    Placeholder {
        start,
        end,
        variable,
        has_fallback,
        guarded,
    }
}

/// `{% tag … %}`, or a Help Scout variable `{%customer.firstName,fallback=x%}`.
fn tag<'t>(
    inner: &'t str,
    inner_start: usize,
    start: usize,
    end: usize,
    guarded: bool,
    blocks: &mut Vec<Block<'t>>,
    scan: &mut Scan,
) {
    let trimmed = inner
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim();
    let name: &str = trimmed
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    if let Some((_, closes)) = TAGS.iter().find(|(tag, _)| *tag == name) {
        scan.tags.push((start, end));
        if let Some(closes) = closes {
            blocks.push(Block {
                tag: name,
                closes: closes.to_string(),
                start,
                end,
                condition: trimmed[name.len()..].to_lowercase(),
            });
        }
        if name == "assign" {
            // {% assign greeting_name = first_name | default: "there" %}
            let rest = trimmed["assign".len()..].trim();
            if let Some((variable, value)) = rest.split_once('=') {
                let has_fallback = split_outside_quotes(value, '|')
                    .iter()
                    .skip(1)
                    .any(|(_, f)| {
                        matches!(
                            f.trim().split(':').next().map(str::trim),
                            Some("default") | Some("fallback")
                        )
                    });
                if has_fallback {
                    scan.assigned_with_fallback
                        .push(variable.trim().to_string());
                }
            }
        }
        return;
    }
    if let Some(opened) = name.strip_prefix("end") {
        scan.tags.push((start, end));
        match blocks.last() {
            Some(block) if block.tag == opened => {
                let block = blocks.pop().expect("a block is open");
                if block.tag == "comment" {
                    scan.hidden.push((block.start, end));
                }
            }
            Some(block) => scan.broken.push(TextHit::new(
                start,
                end,
                format!(
                    "`{{% {name} %}}` closes nothing here (the open block is `{}`)",
                    block.tag
                ),
            )),
            None => scan.broken.push(TextHit::new(
                start,
                end,
                format!("`{{% {name} %}}` closes nothing"),
            )),
        }
        return;
    }
    // Help Scout: {%customer.firstName,fallback=there%}.
    let mut pieces = trimmed.split(',');
    let path = pieces.next().unwrap_or("").trim();
    if is_path(path) && path.contains('.') {
        let has_fallback = pieces.any(|p| p.trim().starts_with("fallback"));
        scan.placeholders.push(Placeholder {
            start,
            end,
            variable: Some(path.to_string()),
            has_fallback,
            guarded,
        });
        return;
    }
    match inner.find(name).filter(|_| !name.is_empty()) {
        Some(offset) => {
            let at = inner_start + offset;
            scan.broken.push(TextHit::new(
                at,
                at + name.len(),
                format!("unknown Liquid tag `{name}`"),
            ));
        }
        None => scan
            .broken
            .push(TextHit::new(start, end, "an empty `{% %}` tag")),
    }
}

/// Handlebars blocks: `{{#if x}}` opens, `{{/if}}` closes, `{{else}}`
/// divides; all are template code, masked like tags.
fn handlebars_block<'t>(
    trimmed: &'t str,
    start: usize,
    end: usize,
    blocks: &mut Vec<Block<'t>>,
    scan: &mut Scan,
) {
    scan.tags.push((start, end));
    if let Some(opened) = trimmed.strip_prefix('#') {
        let name_end = opened.find(char::is_whitespace).unwrap_or(opened.len());
        let name = &opened[..name_end];
        blocks.push(Block {
            tag: &trimmed[..1 + name_end],
            closes: format!("/{name}"),
            start,
            end,
            condition: opened[name_end..].to_lowercase(),
        });
    } else if let Some(closed) = trimmed.strip_prefix('/') {
        match blocks.last() {
            Some(block) if block.closes == format!("/{}", closed.trim()) => {
                blocks.pop();
            }
            _ => scan.broken.push(TextHit::new(
                start,
                end,
                format!("`{{{{/{}}}}}` closes nothing", closed.trim()),
            )),
        }
    }
}

fn is_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'))
}

/// Splits on `separator` outside quoted strings, keeping each part's offset.
fn split_outside_quotes(text: &str, separator: char) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c == separator => {
                parts.push((start, &text[start..i]));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push((start, &text[start..]));
    parts
}

/// Whether a variable path names the customer (not the agent or the
/// company).
fn is_customer_name(path: &str) -> bool {
    let lower = path.to_lowercase();
    let segments: Vec<&str> = lower.split('.').collect();
    let last = segments
        .last()
        .map(|s| s.replace(['_', '-'], ""))
        .unwrap_or_default();
    if !matches!(
        last.as_str(),
        "firstname" | "name" | "fullname" | "lastname" | "customername" | "displayname"
    ) {
        return false;
    }
    let staff = [
        "current_user",
        "currentuser",
        "agent",
        "assignee",
        "sender",
        "teammate",
        "admin",
        "author",
        "brand",
        "organization",
        "company",
        "account",
        "team",
        "mailbox",
    ];
    if segments.iter().any(|s| staff.contains(s)) {
        return false;
    }
    let customer = [
        "requester",
        "customer",
        "contact",
        "recipient",
        "lead",
        "visitor",
        "end_user",
        "person",
    ];
    segments.len() == 1 || segments.iter().any(|s| customer.contains(s))
}

/// Customer-name placeholders with no fallback and no `{% if %}` guard.
pub fn without_fallback(text: &str) -> Vec<TextHit> {
    let scan = scan(text);
    let assigned = |variable: &str| scan.assigned_with_fallback.iter().any(|a| a == variable);
    scan.placeholders
        .iter()
        .filter(|p| !p.has_fallback && !p.guarded)
        .filter_map(|p| {
            let variable = p.variable.as_deref()?;
            (is_customer_name(variable) && !assigned(variable)).then(|| {
                TextHit::new(
                    p.start,
                    p.end,
                    format!(
                        "`{}` renders empty when the name is unknown",
                        &text[p.start..p.end]
                    ),
                )
            })
        })
        .collect()
}

/// The text with every placeholder replaced by `x`s of the same length, so
/// phrase rules neither match inside a placeholder nor lose their offsets.
/// Tags, Handlebars block markers and comment blocks become spaces: they
/// are template code, never read by the customer.
pub fn mask_placeholders(text: &str) -> String {
    let scan = scan(text);
    let mut bytes = text.as_bytes().to_vec();
    let mut fill = |start: usize, end: usize, with: u8| {
        for byte in &mut bytes[start..end.min(text.len())] {
            *byte = with;
        }
    };
    for placeholder in &scan.placeholders {
        fill(placeholder.start, placeholder.end, b'x');
    }
    for &(start, end) in scan.tags.iter().chain(&scan.hidden) {
        fill(start, end, b' ');
    }
    // Whole spans of characters were replaced by ASCII, so this is UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Words: runs of letters (and apostrophes inside them), placeholders
/// counted as one word each.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part = c.is_alphanumeric() || (c == '\'' || c == '’') && start.is_some();
        match (start, part) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

fn first_word(text: &str) -> usize {
    text.find(|c: char| !c.is_whitespace()).unwrap_or(0)
}

pub fn too_long(text: &str, max_words: usize) -> Option<TextHit> {
    let count = words(&mask_links(&mask_placeholders(text))).len();
    (count > max_words).then(|| {
        let at = first_word(text);
        TextHit::new(at, at, format!("{count} words (the limit is {max_words})"))
    })
}

/// All-caps words that are not acronyms.
const ACRONYMS: &[&str] = &[
    "ASAP", "FAQ", "HTTP", "HTTPS", "HTML", "JSON", "CSV", "XML", "SKU", "VAT", "PDF", "URL",
    "API", "USPS", "UPS", "DHL", "FEDEX", "IBAN", "SWIFT", "BIC", "GDPR", "CCPA", "HIPAA", "IMEI",
    "PIN", "OTP", "SMS", "MMS", "RMA", "ETA", "USD", "EUR", "GBP", "CAD", "AUD", "NOTE", "SSO",
    "SAML", "VPN", "WIFI", "USB", "HDMI", "LED", "LCD", "NASA", "IKEA", "LEGO", "FIFA", "UEFA",
    "NHS", "IRS", "HMRC", "TSA", "AM", "PM", "OK", "ID", "UK", "USA", "EU", "UTC", "GMT", "EST",
    "PST", "CET", "FYI", "TBD", "POS", "QR", "EAN", "UPC", "ISBN", "DIY", "FAQS", "APIS",
];

/// Ordinary words whose capitals are shouting: the voice of warnings,
/// orders and pleas, not of names.
const SHOUTED_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "always",
    "and",
    "any",
    "are",
    "as",
    "at",
    "attention",
    "back",
    "be",
    "been",
    "before",
    "but",
    "by",
    "call",
    "can",
    "cannot",
    "careful",
    "carefully",
    "check",
    "click",
    "contact",
    "deadline",
    "do",
    "does",
    "done",
    "dont",
    "email",
    "ever",
    "every",
    "final",
    "for",
    "from",
    "get",
    "has",
    "have",
    "help",
    "here",
    "if",
    "immediately",
    "important",
    "in",
    "is",
    "it",
    "just",
    "last",
    "listen",
    "must",
    "need",
    "never",
    "no",
    "not",
    "notice",
    "now",
    "of",
    "on",
    "only",
    "or",
    "our",
    "please",
    "read",
    "really",
    "refund",
    "reply",
    "required",
    "send",
    "should",
    "sorry",
    "stop",
    "thank",
    "thanks",
    "that",
    "the",
    "this",
    "to",
    "today",
    "understand",
    "urgent",
    "very",
    "wait",
    "warning",
    "we",
    "what",
    "will",
    "with",
    "without",
    "you",
    "your",
    "yours",
];

/// ALL-CAPS runs and `!!`: one finding per run, `!!` joined to the caps
/// run it ends.
pub fn shouting(text: &str) -> Vec<TextHit> {
    let masked = mask_placeholders(text);
    let mut hits: Vec<TextHit> = Vec::new();
    let mut run: Vec<(usize, &str)> = Vec::new();
    let flush = |run: &mut Vec<(usize, &str)>, hits: &mut Vec<TextHit>| {
        // Capitals shout when they spell ordinary English words: product
        // names, codes and place names in capitals are not shouting.
        let shouting = run.iter().any(|(_, w)| {
            !ACRONYMS.contains(w) && SHOUTED_WORDS.contains(&w.to_lowercase().as_str())
        });
        if shouting {
            let (start, _) = run[0];
            let (last, word) = run[run.len() - 1];
            hits.push(TextHit::new(
                start,
                last + word.len(),
                "written in capitals",
            ));
        }
        run.clear();
    };
    let all_words = words(&masked);
    let mut previous_end = 0;
    for (at, word) in all_words {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        // A word joined to digits or by hyphens is a code or a name
        // (COVID-19, T-MOBILE, ORD-ABCDE).
        let joined = masked[..at].ends_with(['-', '_', '/'])
            || masked[at + word.len()..]
                .starts_with(|c: char| c == '-' || c == '_' || c.is_ascii_digit());
        let caps = letters.len() >= 2
            && letters.iter().all(|c| c.is_uppercase())
            && !word.chars().any(|c| c.is_ascii_digit())
            && !joined;
        let gap = &masked[previous_end..at];
        if !caps || gap.contains('\n') {
            flush(&mut run, &mut hits);
        }
        if caps {
            run.push((at, word));
        }
        previous_end = at + word.len();
    }
    flush(&mut run, &mut hits);
    let mut search = 0;
    while let Some(found) = masked[search..].find("!!") {
        let at = search + found;
        let end = at + masked[at..].chars().take_while(|c| *c == '!').count();
        // "READ THIS!!" is one finding: the marks extend the caps run.
        let joined = hits.iter_mut().find(|h| {
            h.end <= at
                && masked[h.end..at]
                    .chars()
                    .all(|c| c == ' ' || c == '.' || c == ',')
        });
        match joined {
            Some(hit) => {
                hit.end = end;
                hit.detail = "written in capitals with `!!`".into();
            }
            None => hits.push(TextHit::new(at, end, "`!!`")),
        }
        search = end;
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// Vowel groups, less a silent final e: the usual estimate.
fn syllables(word: &str) -> usize {
    let lower: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let vowel = |c: &char| "aeiouyàáâäèéêëìíîïòóôöùúûü".contains(*c);
    let mut count = 0;
    let mut previous = false;
    for c in &lower {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = lower.len();
    if n > 2 && lower[n - 1] == 'e' && !vowel(&lower[n - 2]) && lower[n - 2] != 'l' && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// The Flesch-Kincaid grade level: 0.39 × words per sentence + 11.8 ×
/// syllables per word − 15.59. A sentence ends at `.`, `!`, `?` or a line
/// that ends without one (greetings and sign-offs are short sentences).
pub fn grade(text: &str) -> Option<(f64, usize)> {
    let masked = mask_links(&mask_placeholders(text));
    let all_words = words(&masked);
    if all_words.is_empty() {
        return None;
    }
    // A sentence ends at `.`, `!` or `?` before a space or the end ("e.g."
    // and the dots of a URL do not end one), or at a short line with no
    // end mark (a greeting, a sign-off); a long line wrapped in the middle
    // of a sentence does not end it, so wrapping does not change the grade.
    let bytes = masked.as_bytes();
    let mut sentences = 0;
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?')
            && bytes
                .get(i + 1)
                .is_none_or(|next| next.is_ascii_whitespace())
            && !bytes
                .get(i.wrapping_sub(1))
                .is_some_and(|prev| matches!(prev, b'.' | b'!' | b'?'))
        {
            sentences += 1;
        }
    }
    for line in masked.lines() {
        let trimmed = line.trim_end();
        let short = trimmed.split_whitespace().count() <= 8;
        if !trimmed.is_empty() && short && !trimmed.ends_with(['.', '!', '?', ':']) {
            sentences += 1;
        }
    }
    let sentences = sentences.max(1) as f64;
    let count = all_words.len() as f64;
    let syllable_count: usize = all_words.iter().map(|(_, w)| syllables(w)).sum();
    let grade = 0.39 * (count / sentences) + 11.8 * (syllable_count as f64 / count) - 15.59;
    Some((grade, all_words.len()))
}

/// Links become one word: a URL is not eighteen words of prose.
fn mask_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        if word.contains("://") || word.starts_with("www.") {
            out.push('x');
            out.push_str(&piece[word.len()..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// Texts under this many words get no grade: the formula is noise there.
const MIN_WORDS_FOR_GRADE: usize = 30;

pub fn hard_to_read(text: &str, max_grade: f64) -> Option<TextHit> {
    let (grade, count) = grade(text)?;
    (count >= MIN_WORDS_FOR_GRADE && grade > max_grade).then(|| {
        let at = first_word(text);
        TextHit::new(
            at,
            at,
            format!("reading grade {grade:.1} (the limit is {max_grade})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(text: &str) -> Vec<String> {
        scan(text)
            .broken
            .into_iter()
            .map(|h| format!("{}:{}", h.start, h.detail))
            .collect()
    }

    #[test]
    fn balanced_placeholders_and_blocks_are_fine() {
        for text in [
            "Hi {{ first_name | default: \"there\" }}, thanks.",
            "Hi {{first_name | fallback: \"there\"}}!",
            "{% if ticket.requester.first_name %}Hi {{ticket.requester.first_name}},{% else %}Hi there,{% endif %}",
            "Hi {%customer.firstName,fallback=there%},",
            "Ordered on {{ order.date | date: \"%b %d\" }}.",
            "No placeholders, braces { } and a 50% discount.",
        ] {
            assert_eq!(broken(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn broken_placeholders_say_where_and_why() {
        assert_eq!(
            broken("Hi {{ticket.requester.first_name}, thanks"),
            vec!["3:`{{ticket.requester.first_name}, thanks` is never closed with `}}`"]
        );
        assert_eq!(
            broken("Hi {{ first_name | captalize }}"),
            vec!["19:unknown filter `captalize`"]
        );
        assert_eq!(
            broken("{% if x %}open"),
            vec!["0:`{% if %}` is never closed"]
        );
        assert_eq!(broken("name}} here"), vec!["4:`}}` closes nothing"]);
        assert_eq!(
            broken("{% endif %}"),
            vec!["0:`{% endif %}` closes nothing"]
        );
        assert_eq!(broken("{% iff x %}"), vec!["3:unknown Liquid tag `iff`"]);
    }

    #[test]
    fn name_placeholders_need_a_fallback() {
        let flagged = |t: &str| without_fallback(t).len();
        assert_eq!(flagged("Hi {{first_name}},"), 1);
        assert_eq!(flagged("Hi {{ticket.requester.first_name}},"), 1);
        assert_eq!(flagged("Hi {{recipient.first_name}},"), 1);
        assert_eq!(flagged("Hi {%customer.firstName%},"), 1);
        assert_eq!(flagged("Hi {{first_name | fallback: \"there\"}},"), 0);
        assert_eq!(flagged("Hi {%customer.firstName,fallback=there%},"), 0);
        assert_eq!(
            flagged("{% if first_name %}Hi {{first_name}}{% endif %}"),
            0
        );
        // Handlebars guards, assigned fallbacks and whitespace control.
        assert_eq!(
            flagged("{{#if first_name}}Hi {{first_name}},{{else}}Hi there,{{/if}}"),
            0
        );
        assert_eq!(
            flagged(
                "{% assign name = ticket.requester.first_name | default: \"there\" %}Hi {{name}},"
            ),
            0
        );
        assert_eq!(flagged("Hi {{- first_name -}},"), 1);
        // An if about something else does not guard the name.
        assert_eq!(
            flagged(
                "{% if ticket.status == \"open\" %}Hi {{ticket.requester.first_name}},{% endif %}"
            ),
            1
        );
        // `user` is the agent in Front and Help Scout.
        assert_eq!(flagged("Thanks, {{user.first_name}}"), 0);
        // The agent's own name and the company's are not the customer's.
        assert_eq!(
            flagged("{{current_user.first_name}} from {{ticket.organization.name}}"),
            0
        );
    }

    #[test]
    fn masking_keeps_offsets() {
        let text = "Hi {{first_name}}, that's our policy";
        let masked = mask_placeholders(text);
        assert_eq!(masked.len(), text.len());
        assert_eq!(&masked[..18], "Hi xxxxxxxxxxxxxx,");
    }

    #[test]
    fn shouting_runs_and_marks() {
        let spans = |t: &str| {
            shouting(t)
                .into_iter()
                .map(|h| t[h.start..h.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            spans("PLEASE READ THIS CAREFULLY!! Thanks."),
            vec!["PLEASE READ THIS CAREFULLY!!"]
        );
        assert_eq!(spans("Your order is late!!"), vec!["!!"]);
        assert_eq!(
            spans("Send the PDF and the SKU, and your VAT ID. OK?"),
            Vec::<String>::new()
        );
        assert_eq!(spans("This is URGENT."), vec!["URGENT"]);
        assert_eq!(spans("DO NOT share your password."), vec!["DO NOT"]);
        // Names, codes and places in capitals are not shouting.
        for text in [
            "COVID-19 rules",
            "Use FREESHIP at checkout",
            "NVIDIA and ADOBE",
            "T-MOBILE users",
            "Ships to HAWAII",
            "Ref ORD-ABCDE",
            "Sign in with AZURE AD",
        ] {
            assert_eq!(spans(text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(spans("Hi {{FIRST_NAME}}, thanks!"), Vec::<String>::new());
    }

    #[test]
    fn grades_and_lengths() {
        let plain = "Hi Maria, thanks for writing. Your parcel left today. It should reach you on Friday. If it does not, reply here and I will send a new one. Have a good week. We are glad to help you.";
        let (g, _) = grade(plain).unwrap();
        assert!(g < 6.0, "{g}");
        let legalese = "Notwithstanding the aforementioned contractual stipulations, reimbursement eligibility determinations are contingent upon comprehensive verification of documentation substantiating the circumstances precipitating the aforementioned dissatisfaction, in accordance with organisational regulations.";
        let (g, _) = grade(legalese).unwrap();
        assert!(g > 14.0, "{g}");
        assert!(hard_to_read(plain, 10.0).is_none());
        // Wrapping a paragraph does not change its grade.
        let one_line = "We will renew your subscription automatically at the end of the current billing period unless you cancel it beforehand in your account settings.";
        let wrapped = "We will renew your subscription automatically at the end of\nthe current billing period unless you cancel it beforehand\nin your account settings.";
        assert_eq!(grade(one_line).unwrap().0, grade(wrapped).unwrap().0);
        let link = "See https://help.acme.example/articles/123-how-to-reset-your-password now";
        assert_eq!(
            too_long(link, 2).unwrap().detail,
            "3 words (the limit is 2)"
        );
        assert!(too_long(plain, 200).is_none());
        assert_eq!(
            too_long(plain, 10).unwrap().detail,
            "38 words (the limit is 10)"
        );
    }
}
