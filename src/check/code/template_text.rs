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
}

/// Liquid's standard filters, and Intercom's `fallback`.
const FILTERS: &[&str] = &[
    "abs",
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
    // Open blocks: (tag, its `end…` name, where it opened).
    let mut blocks: Vec<(&str, &str, usize, usize)> = Vec::new();
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
        let guarded = blocks
            .iter()
            .any(|(tag, ..)| matches!(*tag, "if" | "unless" | "case"));
        if output {
            scan.placeholders.push(output_placeholder(
                inner,
                inner_start,
                at,
                end,
                guarded,
                &mut scan.broken,
            ));
        } else {
            tag(inner, inner_start, at, end, guarded, &mut blocks, &mut scan);
        }
        at = end;
    }
    for (tag, _, start, end) in blocks {
        scan.broken.push(TextHit::new(
            start,
            end,
            format!("`{{% {tag} %}}` is never closed"),
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
    blocks: &mut Vec<(&'t str, &'t str, usize, usize)>,
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
        if let Some(closes) = closes {
            blocks.push((name, closes, start, end));
        }
        return;
    }
    if let Some(opened) = name.strip_prefix("end") {
        match blocks.last() {
            Some((tag, _, _, _)) if *tag == opened => {
                blocks.pop();
            }
            Some((tag, _, _, _)) => scan.broken.push(TextHit::new(
                start,
                end,
                format!("`{{% {name} %}}` closes nothing here (the open block is `{tag}`)"),
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
        "user",
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
    scan.placeholders
        .iter()
        .filter(|p| !p.has_fallback && !p.guarded)
        .filter_map(|p| {
            let variable = p.variable.as_deref()?;
            is_customer_name(variable).then(|| {
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
pub fn mask_placeholders(text: &str) -> String {
    let scan = scan(text);
    let mut masked = text.to_string();
    for placeholder in scan.placeholders.iter().rev() {
        let len = placeholder.end - placeholder.start;
        masked.replace_range(placeholder.start..placeholder.end, &"x".repeat(len));
    }
    masked
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
    let count = words(&mask_placeholders(text)).len();
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

/// ALL-CAPS runs and `!!`: one finding per run, `!!` joined to the caps
/// run it ends.
pub fn shouting(text: &str) -> Vec<TextHit> {
    let masked = mask_placeholders(text);
    let mut hits: Vec<TextHit> = Vec::new();
    let mut run: Vec<(usize, &str)> = Vec::new();
    let flush = |run: &mut Vec<(usize, &str)>, hits: &mut Vec<TextHit>| {
        let shouting = match run.len() {
            0 => false,
            1 => run[0].1.chars().count() >= 5 && !ACRONYMS.contains(&run[0].1),
            _ => run
                .iter()
                .any(|(_, w)| w.chars().count() >= 4 && !ACRONYMS.contains(w)),
        };
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
        let caps = letters.len() >= 2
            && letters.iter().all(|c| c.is_uppercase())
            && !word.chars().any(|c| c.is_ascii_digit());
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
    let masked = mask_placeholders(text);
    let all_words = words(&masked);
    if all_words.is_empty() {
        return None;
    }
    let mut sentences = 0;
    for line in masked.lines().filter(|l| !l.trim().is_empty()) {
        let ends = line.matches(['.', '!', '?']).count();
        let trailing = line.trim_end().ends_with(['.', '!', '?', ':']);
        sentences += ends + usize::from(!trailing);
    }
    let sentences = sentences.max(1) as f64;
    let count = all_words.len() as f64;
    let syllable_count: usize = all_words.iter().map(|(_, w)| syllables(w)).sum();
    let grade = 0.39 * (count / sentences) + 11.8 * (syllable_count as f64 / count) - 15.59;
    Some((grade, all_words.len()))
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
        assert!(too_long(plain, 200).is_none());
        assert_eq!(
            too_long(plain, 10).unwrap().detail,
            "38 words (the limit is 10)"
        );
    }
}
