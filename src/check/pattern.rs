//! The `pattern` kind: regular expressions over normalised message text
//! (lower case, straight quotes). A named group `hit` marks the part to
//! quote, so a pattern can demand context it does not quote.
//!
//! Speed: the regex crate's fast automaton handles Unicode word boundaries
//! (`\b`) only on ASCII text and falls back to a much slower engine on any
//! other byte. So each message is also given as an ASCII stand-in of the
//! same length ([`Haystack`]): every byte of a non-ASCII letter or digit
//! becomes `x`, every other non-ASCII byte `#`. Word boundaries fall in the
//! same places as in the real text, so an ASCII pattern finds the same
//! spans; patterns with non-ASCII letters of their own ("désolé") search
//! the real text.

use regex::Regex;
use std::borrow::Cow;

/// A message's normalised text, and its ASCII stand-in.
pub struct Haystack<'a> {
    text: &'a str,
    ascii: Cow<'a, str>,
}

impl<'a> Haystack<'a> {
    pub fn new(text: &'a str) -> Self {
        Haystack {
            text,
            ascii: ascii_stand_in(text),
        }
    }
}

/// `text` with every byte of a non-ASCII letter or digit written `x` and
/// every other non-ASCII byte `#`: same length, same word boundaries, and
/// all ASCII, so regexes with `\b` run on the fast automaton.
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

/// A compiled pattern rule.
#[derive(Debug)]
pub struct PatternMatcher {
    /// Each regex, and whether it is all ASCII (and may search the stand-in).
    regexes: Vec<(Regex, bool)>,
}

impl PatternMatcher {
    pub fn compile(patterns: &[String]) -> Result<Self, String> {
        let regexes = patterns
            .iter()
            .map(|p| {
                Regex::new(p)
                    .map(|regex| (regex, p.is_ascii()))
                    .map_err(|e| format!("bad regex {p:?}: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(PatternMatcher { regexes })
    }

    /// Candidate spans in the haystack, in order, for the caller's context
    /// checks. Spans are byte offsets into the real text.
    pub fn hits(&self, haystack: &Haystack<'_>, out: &mut Vec<(usize, usize)>) {
        for (regex, ascii) in &self.regexes {
            let text = if *ascii {
                haystack.ascii.as_ref()
            } else {
                haystack.text
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_finds_the_same_spans_as_the_text() {
        let matcher = PatternMatcher::compile(&[r"\b(?P<hit>no idea)\b".to_string()]).unwrap();
        let mut spans = Vec::new();
        let text = "señor, no idea — ça va";
        matcher.hits(&Haystack::new(text), &mut spans);
        assert_eq!(spans, vec![(8, 15)]);
        assert_eq!(&text[8..15], "no idea");
        // A word boundary inside a non-ASCII word is not one in the stand-in.
        spans.clear();
        matcher.hits(&Haystack::new("ñno idea"), &mut spans);
        assert!(spans.is_empty());
    }
}
