//! What the sender of an email newly wrote: the body without the quoted
//! history of earlier messages ("On … wrote:" and `>` lines, Outlook
//! "From: … Sent: …" blocks, forwarded messages, help-desk "reply above this
//! line" markers) and without the signature ("-- ", "Sent from my iPhone",
//! the sign-off block). Without this a quoted sentence would be counted
//! again in every reply, and credited to whoever replied.

use regex::Regex;
use std::sync::LazyLock;

/// Reply attributions in the languages mail clients localise them to.
/// The verb may end the line ("… wrote:") or sit before the name
/// ("Am … schrieb Dana <…>:").
static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(on|am|le|el|op|em|il|den|w\ dniu)\s.{4,}?
          (
            \b(wrote|a\ écrit|escribió|escreveu|ha\ scritto|napisał|pisze)\s*:\s*$
          | \b(schrieb|schreef|skrev)\b[^\n]*:\s*$
          )",
    )
    .expect("attribution pattern")
});

/// An attribution in any language, trusted only right above `>` quotes: a
/// line ending in a colon that names an address and a date or time
/// ("2026年11月16日(月) 9:40 Dana <dana@acme.example>:").
fn generic_attribution(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with(':')
        && text.contains('@')
        && text.bytes().any(|b| b.is_ascii_digit())
        && text.chars().count() <= 200
}

/// An attribution that runs straight into the quoted text on one line, as
/// Yahoo writes it: only trusted when it names an address.
static INLINE_ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^on\s.{4,}?<[^<>@\s]+@[^<>\s]+>\s*wrote:").expect("inline attribution")
});

/// Lines that start a block of history which runs to the end.
static HISTORY_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(
            -{3,}\s*(original\ message|forwarded\ message|ursprüngliche\ nachricht|message\ d'origine|mensaje\ original)\s*-{3,}
          | begin\ forwarded\ message:
          | _{10,}
          | [\#\-=*\s]*(please\ )?(type\ your\ )?reply\ above\ this\ line[\#\-=*\s]*
        )$",
    )
    .expect("history marker")
});

/// Header lines of a quoted message as Outlook and others write them, in
/// the languages Outlook is localised to; `*From:*` is Gmail's plain-text
/// rendering of a bold label, and French puts a space before the colon.
static HEADER_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\*?(from|von|de|da|van|från|fra|od)\*?\s?:\*?\s*\S").expect("from header")
});
static HEADER_OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\*?(sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado|enviado el|para|asunto|assunto|inviato|a|oggetto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|til|emne)\*?\s?:")
        .expect("other header")
});

/// The label of a header line, lowercased, without stars and spaces.
fn header_label(line: &str) -> Option<String> {
    let line = line.trim().trim_start_matches('*');
    let (label, _) = line.split_once(':')?;
    let label = label.trim().trim_end_matches('*').trim().to_lowercase();
    (label.chars().count() <= 12).then_some(label)
}

/// Signature lines mobile clients append.
static DEVICE_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(sent\ from\ my\ .+|sent\ from\ (mail|outlook|yahoo\ mail)\b.*|get\ outlook\ for\ (ios|android).*|sent\ via\ .+|von\ meinem\ .+\ gesendet|envoyé\ de\ mon\ .+|enviado\ desde\ mi\ .+)$"
            .replace(' ', r"\ ")
            .replace(r"\\ ", r"\ ")
            .as_str(),
    )
    .expect("device signature")
});

/// Valedictions that open a sign-off block when alone on their line.
const VALEDICTIONS: &[&str] = &[
    "thanks",
    "thank you",
    "thanks again",
    "thanks so much",
    "thank you so much",
    "many thanks",
    "with thanks",
    "thx",
    "best",
    "best regards",
    "kind regards",
    "warm regards",
    "warmest regards",
    "regards",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours truly",
    "all the best",
    "best wishes",
    "take care",
    "respectfully",
    "viele grüße",
    "mit freundlichen grüßen",
    "beste grüße",
    "liebe grüße",
    "grüße",
    "cordialement",
    "bien cordialement",
    "salutations",
    "saludos",
    "un saludo",
    "atentamente",
    "met vriendelijke groet",
    "groeten",
    "obrigado",
    "obrigada",
    "atenciosamente",
    "abraços",
    "cumprimentos",
];

/// How many lines a sign-off block may run to after its valediction (name,
/// title, company, phone, address, link, a legal disclaimer).
const MAX_SIGNATURE_LINES: usize = 30;

/// The text the sender newly wrote.
pub fn new_text(body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = body.lines().collect();
    cut_history(&mut lines);
    drop_quotes(&mut lines);
    let postscript = cut_signature(&mut lines);
    lines.extend(postscript);
    tidy(&lines)
}

/// Cuts the signature: device lines at the end ("Sent from my iPhone"), a
/// `-- ` delimiter, the sign-off block. A postscript after the signature
/// ("P.S. the box was soaked") is the sender's own text and is returned to
/// be put back.
fn cut_signature<'a>(lines: &mut Vec<&'a str>) -> Vec<&'a str> {
    let mut postscript = Vec::new();
    if let Some(ps) = lines.iter().position(|line| is_postscript(line)) {
        postscript = lines.split_off(ps);
        // A device line under the postscript still goes.
        trim_device_lines(&mut postscript);
    }
    trim_device_lines(lines);
    cut_signature_delimiter(lines);
    trim_device_lines(lines);
    cut_sign_off(lines);
    if !postscript.is_empty() {
        lines.push("");
    }
    postscript
}

fn is_postscript(line: &str) -> bool {
    let line = line.trim_start();
    ["P.S.", "PS:", "P.S:", "PS -", "P.P.S."]
        .iter()
        .any(|p| line.starts_with(p))
}

/// Removes device signatures ("Sent from my iPhone") and blank lines from
/// the end: only there, so "Sent via UPS on Monday" in the middle of a
/// message stays.
fn trim_device_lines(lines: &mut Vec<&str>) {
    while let Some(last) = lines.last() {
        let line = last.trim();
        if line.is_empty()
            || (line.split_whitespace().count() <= 8 && DEVICE_SIGNATURE.is_match(line))
        {
            lines.pop();
        } else {
            break;
        }
    }
}

/// Cuts at the first line after which everything is history: an Outlook
/// header block, a forwarded or original-message rule, a help-desk marker,
/// or an attribution whose quote is not marked with `>` (so nothing after
/// it can be told apart from the quote).
fn cut_history(lines: &mut Vec<&str>) {
    for index in 0..lines.len() {
        let line = lines[index].trim();
        if HISTORY_MARKER.is_match(line) || is_header_block(lines, index) {
            lines.truncate(index);
            return;
        }
        if INLINE_ATTRIBUTION.is_match(line) && !ATTRIBUTION.is_match(line) {
            lines.truncate(index);
            return;
        }
        if let Some(span) = attribution_at(lines, index)
            && !next_content_is_quoted(lines, index + span)
        {
            lines.truncate(index);
            return;
        }
    }
}

/// The number of lines (1 to 3) an attribution starting at `index` spans,
/// if one does: clients wrap long ones, even inside the address.
fn attribution_at(lines: &[&str], index: usize) -> Option<usize> {
    let first = lines[index].trim();
    if first.starts_with('>') || first.is_empty() {
        return None;
    }
    let mut joined = first.to_string();
    for span in 1..=3 {
        if span > 1 {
            let next = lines.get(index + span - 1)?.trim();
            if next.is_empty() || next.starts_with('>') {
                return None;
            }
            if !joined.ends_with('<') {
                joined.push(' ');
            }
            joined.push_str(next);
        }
        // A date or an address: "On Monday I wrote to you about this:" is
        // the sender's own sentence, not an attribution.
        if joined.len() <= 400
            && ATTRIBUTION.is_match(&joined)
            && joined.bytes().any(|b| b.is_ascii_digit() || b == b'@')
        {
            return Some(span);
        }
    }
    None
}

fn next_content_is_quoted(lines: &[&str], from: usize) -> bool {
    lines[from.min(lines.len())..]
        .iter()
        .map(|line| line.trim())
        .find(|line| !line.is_empty())
        .is_some_and(|line| line.starts_with('>'))
}

/// A "From:" line followed within four lines by a date and a recipient or
/// subject: the head of a quoted message. One "From:" in a sentence is not,
/// and neither is a block at the very top of the message (a formal letter
/// heading its own complaint "To: … From: … Date: … Subject: …").
fn is_header_block(lines: &[&str], index: usize) -> bool {
    if !HEADER_FROM.is_match(lines[index].trim()) {
        return false;
    }
    if !lines[..index]
        .iter()
        .any(|line| !line.trim().is_empty() && !HEADER_OTHER.is_match(line.trim()))
    {
        return false;
    }
    let labels: Vec<String> = lines[index + 1..]
        .iter()
        .take(4)
        .filter(|line| HEADER_OTHER.is_match(line.trim()))
        .filter_map(|line| header_label(line))
        .collect();
    let has = |names: &[&str]| labels.iter().any(|l| names.contains(&l.as_str()));
    has(&[
        "sent",
        "date",
        "gesendet",
        "datum",
        "envoyé",
        "enviado",
        "enviado el",
        "inviato",
        "verzonden",
        "skickat",
        "sendt",
    ]) && has(&[
        "to",
        "subject",
        "an",
        "betreff",
        "à",
        "objet",
        "para",
        "asunto",
        "assunto",
        "a",
        "oggetto",
        "aan",
        "onderwerp",
        "till",
        "ämne",
        "til",
        "emne",
    ])
}

/// Removes `>`-quoted runs and the attributions that introduce them. A run
/// of `>>>` lines alone (a pasted Python session) is the sender's own.
fn drop_quotes(lines: &mut Vec<&str>) {
    let mut keep = vec![true; lines.len()];
    let mut index = 0;
    while index < lines.len() {
        if !lines[index].trim_start().starts_with('>') {
            index += 1;
            continue;
        }
        let start = index;
        while index < lines.len() && lines[index].trim_start().starts_with('>') {
            index += 1;
        }
        let run = &lines[start..index];
        let single_level = run.iter().any(|line| {
            let rest = line.trim_start().trim_start_matches('>');
            line.trim_start().len() - rest.len() == 1 || rest.trim().is_empty()
        });
        let introduced = attribution_before(lines, start).is_some();
        if single_level || introduced {
            keep[start..index].iter_mut().for_each(|k| *k = false);
            if let Some((from, to)) = attribution_before(lines, start) {
                keep[from..to].iter_mut().for_each(|k| *k = false);
            }
        }
    }
    let mut kept = keep.into_iter();
    lines.retain(|_| kept.next().unwrap_or(true));
}

/// The attribution lines (as a range) just above a quote run, blank lines
/// between allowed.
fn attribution_before(lines: &[&str], quote_start: usize) -> Option<(usize, usize)> {
    let mut end = quote_start;
    while end > 0 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    (end.saturating_sub(3)..end)
        .find(|&start| attribution_at(lines, start).is_some_and(|span| start + span == end))
        .or_else(|| (end > 0 && generic_attribution(lines[end - 1].trim())).then(|| end - 1))
        .map(|start| (start, end))
}

/// Cuts at the conventional "-- " signature delimiter. A bare "--" counts
/// only when what follows looks like a signature (a name first, a few
/// lines), since people also use it to separate their own paragraphs.
fn cut_signature_delimiter(lines: &mut Vec<&str>) {
    let found = lines.iter().enumerate().position(|(index, line)| {
        *line == "-- " || (line.trim_end() == "--" && looks_like_signature(&lines[index + 1..], 10))
    });
    if let Some(index) = found {
        lines.truncate(index);
    }
}

/// Name, title and contact lines: the first reads as a name (a few words,
/// no sentence punctuation, not starting in lower case), and there are not
/// too many of them.
fn looks_like_signature(after: &[&str], max_lines: usize) -> bool {
    let content: Vec<&str> = after
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let Some(first) = content.first() else {
        return false;
    };
    let name_like = first.split_whitespace().count() <= 5
        && !first.ends_with(['.', '?', '!', ':'])
        && !first.starts_with(|c: char| c.is_lowercase());
    name_like && content.len() <= max_lines
}

/// Cuts the sign-off block: a valediction alone on its line, with the
/// sender's text above it and a signature after it (a name first, then
/// title, contacts, a disclaimer). A valediction in a sentence ("Thanks for
/// your patience, …") is body text, and so is a "Thank you!" line that the
/// message goes on after, or a last "Thanks!" with nothing after it.
fn cut_sign_off(lines: &mut Vec<&str>) {
    let Some(index) = lines.iter().rposition(|line| is_valediction(line)) else {
        return;
    };
    let before = lines[..index].iter().any(|line| !line.trim().is_empty());
    if before && looks_like_signature(&lines[index + 1..], MAX_SIGNATURE_LINES) {
        lines.truncate(index);
    }
}

fn is_valediction(line: &str) -> bool {
    let word = line
        .trim()
        .trim_end_matches([',', '.', '!', '-', ' '])
        .to_lowercase();
    VALEDICTIONS.contains(&word.as_str())
}

/// Trailing spaces off, blank runs collapsed, no blank lines at the ends.
fn tidy(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end_matches('\n').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Case {
        name: String,
        body: String,
        expected: String,
    }

    /// Compares as the table's README says: trailing spaces and blank-line
    /// runs do not matter.
    fn normal(text: &str) -> String {
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        tidy(&lines)
    }

    /// The reply table: real-looking replies from Gmail, Outlook, Apple Mail,
    /// Thunderbird, Yahoo, mobile clients and help-desk notifications, written
    /// apart from this code, with what the sender newly wrote.
    #[test]
    fn reply_table() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/email/reply-table.json"
        );
        let cases: Vec<Case> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(cases.len() >= 30);
        let mut failures = Vec::new();
        for case in &cases {
            let got = new_text(&case.body);
            if got != normal(&case.expected) {
                failures.push(format!(
                    "--- {}\nexpected:\n{}\ngot:\n{}",
                    case.name,
                    normal(&case.expected),
                    got
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} cases failed:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn nothing_odd_panics() {
        for body in [
            "",
            ">",
            "--",
            "On",
            "From: x\nSent:",
            "\r\r\n>\n> >",
            "Thanks,",
            "On 1 wrote:",
        ] {
            let _ = new_text(body);
        }
    }
}
