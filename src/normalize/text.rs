//! Matching-friendly text: case-folded, curly quotes and dashes
//! straightened, whitespace collapsed, with a byte map back to the original
//! so every finding can quote the exact span the author wrote.

/// A message's text as the matchers see it.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Lower-cased text with straight quotes, ASCII dashes and single spaces.
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of the character
    /// that produced normalised byte `i`; one extra entry maps the end.
    origin: Vec<u32>,
}

impl Normalized {
    /// Maps a normalised byte range back to a byte range of the original.
    ///
    /// The end maps to the end of the last original character used, so a
    /// match never cuts a character of the original in half.
    pub fn original_range(&self, start: usize, end: usize, original: &str) -> (usize, usize) {
        let from = self.origin[start] as usize;
        if end == 0 {
            return (from, from);
        }
        let last = self.origin[end - 1] as usize;
        let to = original[last..]
            .chars()
            .next()
            .map_or(original.len(), |c| last + c.len_utf8());
        (from, to.max(from))
    }
}

/// Normalises `original` for matching.
///
/// Runs on every message a rule reads, so ASCII bytes, most of any text,
/// take a short path: lower-cased and mapped byte for byte, with no
/// character decoding. Other characters go through [`push_folded`].
pub fn normalize(original: &str) -> Normalized {
    let bytes = original.as_bytes();
    let mut text: Vec<u8> = Vec::with_capacity(original.len());
    let mut origin: Vec<u32> = Vec::with_capacity(original.len() + 1);
    // Leading whitespace is dropped and runs collapse to one space, so a
    // pending space is only written once a non-space character follows.
    let mut pending_space: Option<usize> = None;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let (c, width) = if byte.is_ascii() {
            (char::from(byte), 1)
        } else {
            // `at` is a character boundary: every step moves past a whole
            // character.
            let c = original[at..].chars().next().unwrap_or_default();
            (c, c.len_utf8())
        };
        if c.is_whitespace() || c == '\u{200b}' {
            if !text.is_empty() && pending_space.is_none() {
                pending_space = Some(at);
            }
            at += width;
            continue;
        }
        if let Some(space_at) = pending_space.take() {
            text.push(b' ');
            origin.push(space_at as u32);
        }
        if byte.is_ascii() && byte != b'`' {
            // The run of plain ASCII up to the next space or special byte
            // goes in at once.
            let run = bytes[at..]
                .iter()
                .position(|&b| !b.is_ascii() || b == b'`' || b.is_ascii_whitespace() || b == 0x0b)
                .map_or(bytes.len(), |len| at + len.max(1));
            text.extend(bytes[at..run].iter().map(u8::to_ascii_lowercase));
            origin.extend(at as u32..run as u32);
            at = run;
            continue;
        }
        push_folded(c, at, &mut text, &mut origin);
        at += width;
    }
    origin.push(original.len() as u32);
    // Only whole characters were written.
    let text = String::from_utf8(text).unwrap_or_default();
    Normalized { text, origin }
}

/// Writes the normalised form of `c`, found at byte `at` of the original:
/// quotes straightened, dashes made ASCII, an ellipsis spelled out, the
/// rest lower-cased.
fn push_folded(c: char, at: usize, text: &mut Vec<u8>, origin: &mut Vec<u32>) {
    let mut push = |s: char| {
        let mut buffer = [0u8; 4];
        let encoded = s.encode_utf8(&mut buffer).as_bytes();
        text.extend_from_slice(encoded);
        origin.extend(std::iter::repeat_n(at as u32, encoded.len()));
    };
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => {
            push('\'')
        }
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => {
            push('"')
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => push('-'),
        '\u{2026}' => {
            for _ in 0..3 {
                push('.');
            }
        }
        c => {
            for lower in c.to_lowercase() {
                push(lower);
            }
        }
    }
}

/// The normalised text of one word (no whitespace inside), as
/// [`normalize`] gives it, without the offset map: plain ASCII only needs
/// lower-casing, and most words are plain ASCII.
pub fn normalize_word(word: &str) -> String {
    if word
        .bytes()
        .all(|b| b.is_ascii() && b != b'`' && !b.is_ascii_whitespace())
    {
        word.to_ascii_lowercase()
    } else {
        normalize(word).text
    }
}

/// True when `c` continues a word: letters, digits, and the apostrophe
/// inside contractions is handled by callers.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `text[start..end]` is not glued to word characters on either
/// side, so "thank" does not match inside "thankless" when the phrase asks
/// for a whole word.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let phrase = &text[start..end];
    let starts_with_word = phrase.chars().next().is_some_and(is_word_char);
    let ends_with_word = phrase.chars().next_back().is_some_and(is_word_char);
    let before_ok = !starts_with_word
        || text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
    // "can" does not end at a boundary in "can't": an apostrophe followed by
    // a letter continues the word.
    let mut rest = text[end..].chars();
    let after_ok = !ends_with_word
        || match rest.next() {
            None => true,
            Some('\'') => !rest.next().is_some_and(char::is_alphabetic),
            Some(c) => !is_word_char(c),
        };
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_normalises_as_the_whole_text_would() {
        for word in [
            "Maria",
            "O'Brien",
            "don`t",
            "ZOË",
            "İstanbul",
            "x\u{2019}s",
            "a b",
            "",
        ] {
            assert_eq!(normalize_word(word), normalize(word).text, "{word:?}");
        }
    }

    #[test]
    fn folds_case_quotes_dashes_and_space() {
        let cases = [
            ("That\u{2019}s  our\tPolicy", "that's our policy"),
            ("  \u{201c}Hi\u{201d} \u{2014} ok\u{2026}", "\"hi\" - ok..."),
            ("ÉCOLE\n\nDone ", "école done"),
            ("", ""),
            ("İstanbul", "i\u{307}stanbul"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input).text, expected, "input {input:?}");
        }
    }

    /// `normalize` as first written, a character at a time: the oracle
    /// for its ASCII short path.
    fn normalize_by_chars(original: &str) -> Normalized {
        let mut text = Vec::new();
        let mut origin = Vec::new();
        let mut pending_space: Option<usize> = None;
        for (at, c) in original.char_indices() {
            if c.is_whitespace() || c == '\u{200b}' {
                if !text.is_empty() && pending_space.is_none() {
                    pending_space = Some(at);
                }
                continue;
            }
            if let Some(space_at) = pending_space.take() {
                text.push(b' ');
                origin.push(space_at as u32);
            }
            push_folded(c, at, &mut text, &mut origin);
        }
        origin.push(original.len() as u32);
        Normalized {
            text: String::from_utf8(text).unwrap(),
            origin,
        }
    }

    #[test]
    fn the_ascii_path_normalises_as_the_character_walk_does() {
        let pieces = [
            "Hello", "THAT", "don`t", " ", "  ", "\t", "\n", "\r\n", "\u{b}", "\u{c}", "\u{a0}",
            "\u{200b}", "\u{2019}", "\u{201c}", "\u{2014}", "\u{2026}", "İ", "ZOË", "é", "ß", "😀",
            "Ǆ", "ΣΑΣ", "x", ".", "'", "`", "-", "\u{3000}", "\u{85}",
        ];
        // The same texts every run.
        let mut next = crate::testing::generator(0x9e37_79b9_7f4a_7c15);
        for _ in 0..5_000 {
            let text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            let (fast, plain) = (normalize(&text), normalize_by_chars(&text));
            assert_eq!(fast.text, plain.text, "{text:?}");
            assert_eq!(fast.origin, plain.origin, "{text:?}");
        }
    }

    #[test]
    fn maps_spans_back_to_original_bytes() {
        let original = "Sorry \u{2014} THAT\u{2019}S   our policy!";
        let norm = normalize(original);
        let start = norm.text.find("that's our policy").unwrap();
        let end = start + "that's our policy".len();
        let (from, to) = norm.original_range(start, end, original);
        assert_eq!(&original[from..to], "THAT\u{2019}S   our policy");
    }

    #[test]
    fn maps_expanded_characters_without_splitting_them() {
        let original = "İ ok";
        let norm = normalize(original);
        let (from, to) = norm.original_range(0, 3, original);
        assert_eq!(&original[from..to], "İ");
    }

    #[test]
    fn word_boundaries() {
        assert!(at_word_boundaries("thank you", 0, 5));
        assert!(!at_word_boundaries("thankless job", 0, 5));
        assert!(!at_word_boundaries("unthank", 2, 7));
        assert!(at_word_boundaries("ok, thanks!", 4, 10));
        assert!(at_word_boundaries("(!!)", 1, 3));
        assert!(
            !at_word_boundaries("but we can't", 0, 10),
            "can inside can't"
        );
        assert!(at_word_boundaries("it's the customers' fault", 9, 18));
    }
}
