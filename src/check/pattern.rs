//! The `pattern` kind: regular expressions over normalised message text
//! (lower case, straight quotes). A named group `hit` marks the part to
//! quote, so a pattern can demand context it does not quote. The same
//! matcher serves `response` answers and `count` hand-off patterns.

use regex::Regex;
use regex::bytes::{RegexSet, RegexSetBuilder};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, Hir, HirKind, Look, Repetition,
};
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
        self.hits_of(text, |_| true, out);
    }

    /// Like [`hits`](Self::hits), but only from the regexes `wanted`
    /// picks (by their position in the rule), when a [`PatternSet`] has
    /// already said which can match.
    pub fn hits_of(
        &self,
        text: &str,
        wanted: impl Fn(usize) -> bool,
        out: &mut Vec<(usize, usize)>,
    ) {
        for (index, regex) in self.regexes.iter().enumerate() {
            // Most messages match nothing: the plain match runs on the fast
            // automaton, and only a message that matches pays for the
            // capture groups.
            if !wanted(index) || !regex.is_match(text) {
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

    fn patterns(&self) -> impl Iterator<Item = &str> {
        self.regexes.iter().map(Regex::as_str)
    }
}

/// Every pattern of the rules that read one role, in one set: a message is
/// scanned once to learn which patterns can match at all, and only those
/// run on their own (most messages match none). The set holds loosened,
/// bytewise copies of the patterns (see `loosen` and `bytewise`) that
/// match wherever the pattern does, and sometimes more; the patterns
/// themselves then decide, so matches are exactly what they were.
#[derive(Debug, Default)]
pub struct PatternSet {
    set: Option<RegexSet>,
    /// Set pattern id -> (the rule's position in the caller's list, the
    /// regex's position in that rule).
    owners: Vec<(usize, usize)>,
}

/// The lazy automaton's cache per thread: large enough that a set of some
/// fifty patterns does not thrash and give up on the automaton.
const SET_CACHE_BYTES: usize = 32 << 20;

impl PatternSet {
    /// One set over `matchers`, in their order.
    pub fn build<'a>(
        matchers: impl IntoIterator<Item = &'a PatternMatcher>,
    ) -> Result<Self, String> {
        let mut owners = Vec::new();
        let mut patterns = Vec::new();
        for (slot, matcher) in matchers.into_iter().enumerate() {
            for (index, pattern) in matcher.patterns().enumerate() {
                owners.push((slot, index));
                patterns.push(loosened(pattern)?);
            }
        }
        if patterns.is_empty() {
            return Ok(PatternSet::default());
        }
        let set = RegexSetBuilder::new(&patterns)
            .dfa_size_limit(SET_CACHE_BYTES)
            .build()
            .map_err(|e| format!("cannot build the pattern set: {e}"))?;
        Ok(PatternSet {
            set: Some(set),
            owners,
        })
    }

    /// Puts into `out` the (slot, regex) pairs that may match `text`, in
    /// order; only those need to run.
    pub fn candidates(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        // Most messages match no pattern: a plain scan that can stop at
        // the first match says so faster than the overlapping scan that
        // lists every pattern.
        if let Some(set) = &self.set
            && set.is_match(text.as_bytes())
        {
            out.extend(
                set.matches(text.as_bytes())
                    .iter()
                    .map(|id| self.owners[id]),
            );
        }
    }
}

/// The set's copy of `pattern`, as regex syntax.
fn loosened(pattern: &str) -> Result<String, String> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("bad regex {pattern:?}: {e}"))?;
    Ok(bytewise(loosen(hir)).to_string())
}

/// A copy of a loosened pattern that reads bytes, not characters, and
/// matches wherever it did: each class keeps its ASCII part, and any
/// non-ASCII character in it becomes "a run of non-ASCII bytes". The set's
/// automaton then has one transition for every byte of every non-ASCII
/// character instead of a tree of UTF-8 sequences per class (`[^.!?]`,
/// `\w`, `\s`), so it has fewer states and a narrower alphabet, and its
/// tables stay in the CPU cache. Literals are already bytes and stay.
fn bytewise(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let ascii: Vec<ClassBytesRange> = class
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| ClassBytesRange::new(r.start() as u8, r.end().min('\x7f') as u8))
                .collect();
            let ascii = Hir::class(Class::Bytes(ClassBytes::new(ascii)));
            if class.ranges().iter().all(|r| r.end().is_ascii()) {
                return ascii;
            }
            let non_ascii = Hir::repetition(Repetition {
                min: 1,
                max: None,
                greedy: true,
                sub: Box::new(Hir::class(Class::Bytes(ClassBytes::new([
                    ClassBytesRange::new(0x80, 0xff),
                ])))),
            });
            Hir::alternation(vec![ascii, non_ascii])
        }
        HirKind::Repetition(repetition) => {
            let sub = bytewise(*repetition.sub);
            // The syntax printer writes a repetition of a repetition with
            // no brackets, so "(?:b+)?" would come back as "b+?", a lazy
            // "one or more" instead of "optional": a group keeps it whole.
            let sub = match sub.kind() {
                HirKind::Repetition(_) => Hir::capture(Capture {
                    index: 1,
                    name: None,
                    sub: Box::new(sub),
                }),
                _ => sub,
            };
            Hir::repetition(Repetition {
                sub: Box::new(sub),
                ..repetition
            })
        }
        HirKind::Capture(capture) => bytewise(*capture.sub),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(bytewise).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(bytewise).collect()),
        HirKind::Class(Class::Bytes(class)) => Hir::class(Class::Bytes(class)),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
    }
}

/// A copy of a pattern that matches a superset of what it matches, and
/// that the set's lazy automaton runs fast on any text:
/// - word-boundary assertions go: Unicode `\b` would stop the automaton at
///   the first non-ASCII character;
/// - bounded repetitions (`[^.!?]{0,60}`) become unbounded (`*`): each
///   bound unrolls into that many states, and across fifty patterns the
///   automaton's states multiply until its cache thrashes;
/// - capture groups go: the set only says which patterns matched.
fn loosen(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(look) if is_word_look(look) => Hir::empty(),
        HirKind::Repetition(repetition) => {
            let bounded = repetition.max.is_some_and(|max| max > 1);
            Hir::repetition(Repetition {
                min: if bounded { 0 } else { repetition.min },
                max: if bounded { None } else { repetition.max },
                greedy: repetition.greedy,
                sub: Box::new(loosen(*repetition.sub)),
            })
        }
        HirKind::Capture(capture) => loosen(*capture.sub),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(loosen).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(loosen).collect()),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(class),
    }
}

/// Whether `look` is one of the word-boundary assertions.
fn is_word_look(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loosened_copy_drops_boundaries_bounds_and_groups() {
        let same = |a: &str, b: &str| {
            let a = loosen(regex_syntax::Parser::new().parse(a).unwrap()).to_string();
            let b = regex_syntax::Parser::new().parse(b).unwrap().to_string();
            assert_eq!(a, b);
        };
        same(r"\bcalm down\b", "calm down");
        same(r"a\Bb", "ab");
        same(r"\b{start}word\b{end}", "word");
        same(r"(?-u:\b)x", "x");
        same(r"\\b", r"\\b");
        same(
            r"(?P<hit>our policy)[^.!?]{0,60}sorry",
            "our policy[^.!?]*sorry",
        );
        same(r"x{2,}y{3}z?", "x{2,}y*z?");
        same(r"(?m)^hi$", "(?m)^hi$");
    }

    /// The bytewise copy reads any character a class allows, ASCII or not,
    /// and keeps ASCII classes as they were.
    #[test]
    fn the_bytewise_copy_reads_any_character_of_a_class() {
        let bytewise_regex = |pattern: &str| {
            let hir = bytewise(regex_syntax::Parser::new().parse(pattern).unwrap());
            regex::bytes::Regex::new(&hir.to_string()).unwrap()
        };
        let regex = bytewise_regex(r"perd[oó]n[^.!?]*bien");
        for text in ["perdón, très bien", "perdon 日本 😀 bien", "perdón bien"] {
            assert!(regex.is_match(text.as_bytes()), "{text}");
        }
        assert!(!regex.is_match("perdón. bien".as_bytes()));
        assert!(!regex.is_match("perdan bien".as_bytes()));
        let ascii = bytewise_regex(r"[a-c]x");
        assert!(ascii.is_match(b"bx"));
        assert!(!ascii.is_match("éx".as_bytes()));
    }

    /// The set must let through every regex that matches, on ASCII text
    /// and around accents, emoji and other scripts alike, where a Unicode
    /// word boundary differs from an ASCII one.
    #[test]
    fn the_set_never_drops_a_regex_that_matches() {
        let matchers = [
            PatternMatcher::compile(&[
                r"\bcalm down\b".to_string(),
                r"\b(?P<hit>our policy)\b[^.!?]{0,20}\bsorry\b".to_string(),
            ])
            .unwrap(),
            PatternMatcher::compile(&[
                r"\bcafé\b".to_string(),
                r"\bperd[oó]n\b".to_string(),
                r"\b(?:ça|[^\x00-\x7f]+) va\b[^.!?]{0,6}\bbien\b".to_string(),
                r"\b\w+ère\b".to_string(),
                r"a(?:b+)?c".to_string(),
                r"sorry(?:\s+)?for".to_string(),
                r"(?:[^\x00-\x7f]{1,3})?x".to_string(),
                r"\bna\w+\b".to_string(),
                r"\b(?:so|very){1,2} sorry\b".to_string(),
                r"\bour\b[^.!?]{0,10}\brules?\b".to_string(),
            ])
            .unwrap(),
        ];
        let set = PatternSet::build(&matchers).unwrap();
        let texts = [
            "please calm down",
            "calm downé",
            "écalm down 😀",
            "that is our policy, très sorry 🙁 sorry",
            "our policyé sorry",
            "un café, s'il vous plaît",
            "cafés",
            "naïve",
            "日本 calm down 日本",
            "so very sorry 😀",
            "our très strict rules",
            "ourés rules",
            "¡perdón!",
            "perdon",
            "ça va très bien",
            "日本 va 😀 bien",
            "la mère",
            "ça va. bien",
            "ac",
            "sorryfor",
            "x",
            "éx",
            "our ééééé rules",
            "",
        ];
        let mut candidates = Vec::new();
        for text in texts {
            set.candidates(text, &mut candidates);
            for (slot, matcher) in matchers.iter().enumerate() {
                for (index, regex) in matcher.regexes.iter().enumerate() {
                    if regex.is_match(text) {
                        assert!(
                            candidates.contains(&(slot, index)),
                            "{text:?}: the set dropped {regex}"
                        );
                    }
                }
            }
        }
        set.candidates("nothing to see", &mut candidates);
        assert!(candidates.is_empty());
    }

    /// The same promise on generated patterns and texts: classes with and
    /// without non-ASCII members, case folding (which adds the Kelvin sign
    /// to `k`), anchors, word boundaries, nested and bounded repetitions,
    /// emoji, combining marks and line breaks. Deterministic (a fixed
    /// xorshift seed); `TACT_SET_CASES` runs more patterns.
    #[test]
    fn the_set_never_drops_a_match_on_generated_patterns() {
        const ATOMS: &[&str] = &[
            "a",
            "k",
            "s",
            "é",
            "K",
            "\u{212A}",
            "ß",
            "😀",
            "日",
            "\u{301}",
            " ",
            "\\.",
            "\\n",
            "[a-z]",
            "[^a]",
            "[^.!?]",
            "[aé]",
            "[é-ü]",
            "[^\\x00-\\x7f]",
            "[^\\n]",
            "\\pL",
            "\\pM",
            "\\w",
            "\\W",
            "\\d",
            "\\s",
            "\\S",
            ".",
            "(?s:.)",
            "(?-u:\\w)",
            "\\b",
            "\\B",
            "\\b{start}",
            "\\b{end}",
            "^",
            "$",
            "(?m:^)",
            "(?m:$)",
            "(?i:k)",
            "(?i:s)",
            "(?i:é)",
            "(?i:[a-z])",
            "(?i:[^k])",
            "(?i:\\w)",
        ];
        const REPEATS: &[&str] = &[
            "", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "{3,}", "??", "+?", "{0}",
        ];
        const CHARS: &[&str] = &[
            "a", "k", "K", "s", "ſ", "\u{212A}", "é", "É", "e\u{301}", "😀", "日", "\n", "\r\n",
            " ", ".", "!", "_", "1", "٣", "ß", "\t", "\u{a0}", "'", "’", "x", "z", "İ", "ı", "👍🏽",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut below = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let cases: usize = std::env::var("TACT_SET_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1000);
        let mut candidates = Vec::new();
        for _ in 0..cases {
            let mut pattern = String::new();
            for _ in 0..1 + below(4) {
                if below(5) == 0 {
                    let inner: Vec<String> = (0..1 + below(3))
                        .map(|_| {
                            let atom = ATOMS[below(ATOMS.len())];
                            format!("{atom}{}", REPEATS[below(REPEATS.len())])
                        })
                        .collect();
                    let open = ["(?:", "(", "(?i:", "(?P<hit>"][below(4)];
                    pattern.push_str(&format!("{open}{})", inner.join("|")));
                } else {
                    pattern.push_str(ATOMS[below(ATOMS.len())]);
                }
                pattern.push_str(REPEATS[below(REPEATS.len())]);
            }
            if below(3) == 0 {
                pattern.insert_str(0, "(?i)");
            }
            let Ok(matcher) = PatternMatcher::compile(std::slice::from_ref(&pattern)) else {
                continue;
            };
            let set = PatternSet::build([&matcher]).unwrap();
            for _ in 0..20 {
                let text: String = (0..below(16)).map(|_| CHARS[below(CHARS.len())]).collect();
                if matcher.regexes[0].is_match(&text) {
                    set.candidates(&text, &mut candidates);
                    assert!(
                        candidates.contains(&(0, 0)),
                        "{text:?}: the set dropped {pattern:?}"
                    );
                }
            }
        }
    }
}
