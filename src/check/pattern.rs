//! The `pattern` kind: regular expressions over normalised message text
//! (lower case, straight quotes). A named group `hit` marks the part to
//! quote, so a pattern can demand context it does not quote. The same
//! matcher serves `response` answers and `count` hand-off patterns.

use regex::Regex;
use std::borrow::Cow;

/// A compiled pattern rule.
#[derive(Debug)]
pub struct PatternMatcher {
    regexes: Vec<Regex>,
}

impl PatternMatcher {
    pub fn compile(patterns: &[String]) -> Result<Self, String> {
        let regexes = patterns
            .iter()
            .map(|p| Regex::new(p).map_err(|e| format!("bad regex {p:?}: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(PatternMatcher { regexes })
    }

    /// Candidate spans in `text`, in order, for the caller's context checks.
    pub fn hits(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        for regex in &self.regexes {
            // Most messages match nothing: the plain match runs on the fast
            // automaton, and only a message that matches pays for the
            // capture groups.
            if !regex.is_match(text) {
                continue;
            }
            for caps in regex.captures_iter(text) {
                let span = caps.name("hit").or_else(|| caps.get(0));
                if let Some(span) = span
                    && span.end() > span.start()
                {
                    out.push((span.start(), span.end()));
                }
            }
        }
        out.sort_unstable();
    }
}

/// `text` with every byte of a non-ASCII letter or digit written `x` and
/// every other non-ASCII byte `#`: the same length and all ASCII, so the
/// fixed regexes of `code` checks, which look for ASCII values and
/// keywords, run on the fast automaton (it handles `\b` only on ASCII).
/// Callers slice what they keep from the real text, snapped to character
/// boundaries. Not used for pack patterns, whose `.`, counts and classes
/// must see characters, not bytes.
pub fn ascii_stand_in(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut stand_in = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            stand_in.push(c);
        } else {
            let fill = if c.is_alphanumeric() { 'x' } else { '#' };
            stand_in.extend(std::iter::repeat_n(fill, c.len_utf8()));
        }
    }
    Cow::Owned(stand_in)
}

/// `text[start..end]`, widened to whole characters.
pub fn slice_chars(text: &str, start: usize, end: usize) -> &str {
    let start = text.floor_char_boundary(start.min(text.len()));
    let end = text.ceil_char_boundary(end.clamp(start, text.len()));
    &text[start..end]
}
