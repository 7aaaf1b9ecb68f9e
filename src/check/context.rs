//! What surrounds a match: is it inside quotation marks, negated, which
//! sentence holds it, and the excerpt that quotes it. These are the
//! precision guards every phrase and pattern rule shares.

use crate::normalize::text::is_word_char;

/// Words that turn the phrase after them around ("this isn't company
/// policy", "no need to calm down"). "can't" and "cannot" are left out on
/// purpose: "we can't do that, that's our policy" is the mistake itself.
const NEGATORS: &[&str] = &[
    "not",
    "never",
    "no",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "nor",
    "without",
    "hardly",
    "shouldn't",
    "mustn't",
    "dont",
    "isnt",
    "wont",
    "nobody",
    "nothing",
];

/// Words that start a new clause, so a negator before them does not reach
/// the phrase after them ("I don't know why, but that's our policy").
const CLAUSE_WORDS: &[&str] = &[
    "but", "because", "since", "so", "and", "although", "though", "however",
];

/// How many words before a phrase a negator may stand.
const NEGATION_REACH: usize = 4;

/// Verbs that report what someone else said: "you were told it's not our
/// problem", "the email said we apologise for any inconvenience". A phrase
/// they introduce is being quoted, not said.
const REPORTING: &[&str] = &[
    "told", "said", "says", "say", "saying", "wrote", "writes", "claimed", "claims", "called",
];

/// How many words before a phrase a reporting verb may stand.
const REPORTING_REACH: usize = 6;

/// True when a reporting verb introduces `text[start..]` within its clause.
pub fn reported(text: &str, start: usize) -> bool {
    clause_words_before(text, start, REPORTING_REACH).any(|w| REPORTING.contains(&w))
}

/// The words before `start`, nearest first, up to `reach` of them, stopping
/// at the end of the previous clause.
fn clause_words_before(text: &str, start: usize, reach: usize) -> impl Iterator<Item = &str> {
    text[..start]
        .rsplit(' ')
        .filter(|w| !w.is_empty())
        .take_while(|w| !w.ends_with([',', '.', ';', ':', '!', '?', '"', '(', ')']))
        .map(|w| w.trim_matches(|c: char| !is_word_char(c) && c != '\''))
        .take_while(|w| !CLAUSE_WORDS.contains(w))
        .take(reach)
}

/// Two-word negators, nearest word first: "rather than promising we'll get
/// back to you soon" and "instead of saying that's our policy" mention the
/// phrase in order not to say it.
const NEGATOR_PAIRS: &[(&str, &str)] = &[("than", "rather"), ("of", "instead")];

/// True when `text[start..]` is preceded, within its clause, by a negator.
pub fn negated(text: &str, start: usize) -> bool {
    let words: Vec<&str> = clause_words_before(text, start, NEGATION_REACH + 1).collect();
    words
        .iter()
        .take(NEGATION_REACH)
        .any(|w| NEGATORS.contains(w))
        || words
            .windows(2)
            .any(|pair| NEGATOR_PAIRS.contains(&(pair[0], pair[1])))
}

/// Words that refuse what follows them: "I can't get a manager to call
/// you". Kept apart from [`NEGATORS`], which leave them out on purpose
/// (a refusal is often the very mistake a rule looks for).
const REFUSALS: &[&str] = &["can't", "cannot", "unable", "cant"];

/// True when a refusal word stands before `text[start..]` in its clause.
pub fn refused(text: &str, start: usize) -> bool {
    clause_words_before(text, start, NEGATION_REACH).any(|w| REFUSALS.contains(&w))
}

/// Byte ranges of `text` that are quotations: between double quotes, or
/// between single quotes used as quotation marks (not apostrophes).
pub fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open_double: Option<usize> = None;
    let mut open_single: Option<usize> = None;
    // Quote marks are ASCII, so only their bytes need looking at, and the
    // characters around one are read from the text there.
    let marks = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'"' || b == b'\'');
    for (at, mark) in marks {
        if mark == b'"' {
            match open_double.take() {
                Some(open) => spans.push((open, at + 1)),
                None => open_double = Some(at),
            }
            continue;
        }
        let word_before = text[..at].chars().next_back().is_some_and(is_word_char);
        let word_after = text[at + 1..].chars().next().is_some_and(is_word_char);
        if word_before && word_after {
            continue; // an apostrophe: "that's"
        }
        match open_single {
            Some(open) if !word_after => {
                spans.push((open, at + 1));
                open_single = None;
            }
            None if !word_before && word_after => open_single = Some(at),
            _ => {}
        }
    }
    spans
}

/// True when byte `at` of the original text is on a line of quoted email
/// history (`> …`), which belongs to an earlier message.
pub fn on_quoted_line(original: &str, at: usize) -> bool {
    let at = original.floor_char_boundary(at.min(original.len()));
    let line_start = original[..at].rfind('\n').map_or(0, |i| i + 1);
    original[line_start..].trim_start().starts_with('>')
}

/// `text` with its quoted email history (`> …` lines) blanked out, byte
/// for byte, so offsets still point into the real text and no sentence of
/// an earlier message is read as this one's.
pub fn own_words(text: &str) -> std::borrow::Cow<'_, str> {
    // Most messages have no '>' at all, and one memchr says so.
    if !text.contains('>') || !text.lines().any(|l| l.trim_start().starts_with('>')) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('>') {
            let body = line.strip_suffix('\n');
            out.extend(std::iter::repeat_n(' ', body.unwrap_or(line).len()));
            if body.is_some() {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// True when the range lies inside one of `spans`.
pub fn inside(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    spans.iter().any(|&(s, e)| s <= start && end <= e)
}

/// The sentence of `text` around `[start, end)`: from after the previous
/// `.`, `!`, `?` (followed by a space) to the next one.
pub fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let is_end = |s: &str| s.ends_with(['.', '!', '?']);
    let mut from = 0;
    for (i, _) in text[..start].match_indices(' ') {
        if is_end(&text[..i]) {
            from = i + 1;
        }
    }
    let mut to = text.len();
    for (i, _) in text[end..].match_indices(' ') {
        if is_end(&text[..end + i]) {
            to = end + i;
            break;
        }
    }
    (from, to)
}

/// The longest excerpt, in characters, on each side of the match.
const EXCERPT_CONTEXT: usize = 60;

/// Quotes the match with its sentence around it: whitespace collapsed,
/// `…` where the text was cut. A sentence ends at a line break or at `.`,
/// `!`, `?` followed by a space, so "example.net" does not cut it.
pub fn excerpt(original: &str, start: usize, end: usize) -> String {
    let start = original.floor_char_boundary(start.min(original.len()));
    let end = original.ceil_char_boundary(end.clamp(start, original.len()));
    let ends_sentence = |at: usize, c: char| {
        c == '\n'
            || matches!(c, '.' | '!' | '?')
                && original[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
    };
    // Walk back to the start of the sentence, at most EXCERPT_CONTEXT chars.
    let mut from = start;
    let mut cut_before = false;
    for (count, (i, c)) in original[..start].char_indices().rev().enumerate() {
        if ends_sentence(i, c) {
            break;
        }
        if count >= EXCERPT_CONTEXT {
            cut_before = true;
            break;
        }
        from = i;
    }
    let mut to = end;
    let mut cut_after = false;
    for (count, (i, c)) in original[end..].char_indices().enumerate() {
        if c == '\n' {
            break;
        }
        if count >= EXCERPT_CONTEXT {
            cut_after = true;
            break;
        }
        to = end + i + c.len_utf8();
        if ends_sentence(end + i, c) {
            break;
        }
    }
    let body: String = original[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(body.len() + 6);
    if cut_before {
        out.push('…');
    }
    out.push_str(&body);
    if cut_after {
        out.push('…');
    }
    out
}

/// The start of a message, for findings that are about a whole message.
pub fn opening(original: &str) -> String {
    let body: String = original.split_whitespace().collect::<Vec<_>>().join(" ");
    match body.char_indices().nth(EXCERPT_CONTEXT * 2) {
        Some((at, _)) => format!("{}…", &body[..at]),
        None => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_reaches_back_within_the_clause() {
        let cases = [
            ("this isn't company policy", "company policy", true),
            (
                "there is no company policy against it",
                "company policy",
                true,
            ),
            ("i never said that's our policy", "that's our policy", true),
            (
                "we can't refund, that's our policy",
                "that's our policy",
                false,
            ),
            (
                "we cannot do that because that's our policy",
                "that's our policy",
                false,
            ),
            (
                "i don't know why, but that's our policy",
                "that's our policy",
                false,
            ),
            ("no. that's our policy", "that's our policy", false),
            (
                "not once in my whole long career was that our policy",
                "that our policy",
                false,
            ),
            ("that's our policy", "that's our policy", false),
        ];
        for (text, phrase, expected) in cases {
            let at = text.find(phrase).unwrap();
            assert_eq!(negated(text, at), expected, "{text:?}");
        }
    }

    #[test]
    fn reported_speech() {
        let cases = [
            (
                "sorry you were told it's not our problem",
                "not our problem",
                true,
            ),
            (
                "the last email just said we apologise for any inconvenience",
                "we apologise",
                true,
            ),
            ("i told you, that's our policy", "that's our policy", false),
            ("that's our policy", "that's our policy", false),
        ];
        for (text, phrase, expected) in cases {
            let at = text.find(phrase).unwrap();
            assert_eq!(reported(text, at), expected, "{text:?}");
        }
    }

    #[test]
    fn quotations_are_found_and_apostrophes_ignored() {
        let text = "you said \"that's our policy\" and i'm sorry. 'rules are rules' is wrong. that's our policy";
        let spans = quoted_spans(text);
        let first = text.find("that's our policy").unwrap();
        let last = text.rfind("that's our policy").unwrap();
        let rules = text.find("rules are rules").unwrap();
        assert!(inside(&spans, first, first + 17));
        assert!(inside(&spans, rules, rules + 15));
        assert!(!inside(&spans, last, last + 17));
    }

    #[test]
    fn email_quote_lines() {
        let text = "Thanks!\nOn Mon, Dana wrote:\n> that's our policy\n>> old";
        assert!(on_quoted_line(text, text.find("that's").unwrap()));
        assert!(on_quoted_line(text, text.find("old").unwrap()));
        assert!(!on_quoted_line(text, text.find("Thanks").unwrap()));
    }

    #[test]
    fn sentences() {
        let text = "thanks for waiting. send us your order number! ok";
        let at = text.find("send").unwrap();
        let (s, e) = sentence_bounds(text, at, at + 4);
        assert_eq!(&text[s..e], "send us your order number!");
    }

    #[test]
    fn excerpts_quote_the_sentence() {
        let text = "Hello Maria.\nMail maria@example.net, sorry, but that's our policy and I can't change it. Bye";
        let at = text.find("that's").unwrap();
        assert_eq!(
            excerpt(text, at, at + 17),
            "Mail maria@example.net, sorry, but that's our policy and I can't change it."
        );
        let long = format!(
            "{} that's our policy {}",
            "word ".repeat(40),
            "more ".repeat(40)
        );
        let at = long.find("that's").unwrap();
        let quoted = excerpt(&long, at, at + 17);
        assert!(quoted.starts_with('…') && quoted.ends_with('…'), "{quoted}");
    }
}
