//! Near-duplicate fingerprints of agent messages, for finding the macros
//! a team sends again and again.
//!
//! A message is masked first (names, numbers, email addresses, links and
//! dates become placeholders), so one macro sent to Maria about order 5531
//! and to Tom about order 7781 reads the same. The masked words, their
//! pairs and their triples are hashed and folded into a 64-bit SimHash:
//! each bit is the majority vote of the features' hashes. Two texts that
//! share most features get hashes a few bits apart; texts that share
//! little differ in about half the bits. SimHash rather than MinHash
//! because one 64-bit number per message is all the corpus pass may keep
//! (DESIGN §9), and the Hamming distance between two numbers is the whole
//! comparison.
//!
//! Measured on macro-sized texts (30-40 words; the tests below): masked
//! names and numbers leave the hash unchanged, a one-word edit moves it 4
//! to 7 bits, a paraphrase in other words 20 to 28 bits, an unrelated
//! reply about 32. [`NEAR`] is 6. Short texts are where SimHash is
//! noisiest, so a heavier edit of a short macro may fall outside and start
//! a cluster of its own; longer texts are steadier. The chance that two
//! unrelated hashes fall within 6 bits is about 4e-12 per pair (the sum of
//! C(64,k) for k ≤ 6 over 2^64), so a false merge needs real shared
//! wording, not bad luck.

use super::text::is_word_char;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// [`STOP_WORDS`] as a set: it is asked about every word
/// of every agent reply, so it hashes with FNV-1a, several times cheaper
/// than the standard library's DoS-resistant hasher on short words (the
/// keys are our own constants, not input).
pub type WordSet = HashSet<&'static str, BuildHasherDefault<WordHasher>>;
/// A map from our own constant words, hashed the same way.
pub type WordMap<V> = std::collections::HashMap<&'static str, V, BuildHasherDefault<WordHasher>>;
static STOP_SET: LazyLock<WordSet> = LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// FNV-1a as a [`Hasher`], for [`WordSet`].
pub struct WordHasher(u64);

impl Default for WordHasher {
    fn default() -> Self {
        WordHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hashes at most this many bits apart are near-duplicates.
pub const NEAR: u32 = 6;

/// Words that carry no meaning of their own: left out when deciding
/// whether a message says enough to be an answer.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing",
    "don't", "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
    "his", "how", "i", "i'm", "i've", "i'll", "if", "in", "into", "is", "it", "it's", "its",
    "just", "me", "more", "my", "no", "not", "now", "of", "on", "once", "only", "or", "other",
    "our", "out", "over", "please", "so", "some", "such", "than", "that", "that's", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us", "very",
    "was", "we", "we'll", "we're", "we've", "were", "what", "when", "where", "which", "while",
    "who", "why", "will", "with", "would", "you", "you'll", "you're", "your", "yours", "hi",
    "hello", "hey", "dear", "thanks", "thank", "regards", "best", "kind", "cheers",
];

/// What a masked word stands in for.
const NUMBER: &str = "<num>";
const NAME: &str = "<name>";
const EMAIL: &str = "<email>";
const LINK: &str = "<link>";

/// The words of a normalised message with names, numbers, addresses,
/// links and dates replaced by placeholders. `names` are the lower-case
/// words of the people's names in the conversation.
pub fn masked_words<'a>(normalized: &'a str, names: &[String]) -> Vec<&'a str> {
    let mut words = Vec::with_capacity(normalized.len() / 4 + 1);
    let bytes = normalized.as_bytes();
    // Words are split at spaces by hand, byte by byte: a space is ASCII, so
    // every piece is whole characters, and one pass over a word's bytes
    // answers the questions asked of every word.
    for piece in bytes.split(|&b| b == b' ') {
        let from = piece.as_ptr() as usize - bytes.as_ptr() as usize;
        let raw = &normalized[from..from + piece.len()];
        let (mut at, mut dot, mut digit) = (false, false, false);
        for &b in piece {
            at |= b == b'@';
            dot |= b == b'.';
            digit |= b.is_ascii_digit();
        }
        if at && dot {
            words.push(EMAIL);
            continue;
        }
        if raw.starts_with("http") || raw.starts_with("www.") {
            words.push(LINK);
            continue;
        }
        let word = raw.trim_matches(|c: char| !is_word_char(c) && c != '\'');
        let word = word.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        // A digit is a word character, so trimming kept every one of them.
        if digit {
            // Order numbers, ticket ids, amounts, times: one placeholder,
            // and runs of them collapse ("5531-22" is one).
            if words.last() != Some(&NUMBER) {
                words.push(NUMBER);
            }
            continue;
        }
        if is_month(word) {
            if words.last() != Some(&NUMBER) {
                words.push(NUMBER);
            }
            continue;
        }
        let bare = word.strip_suffix("'s").unwrap_or(word);
        if names.iter().any(|n| n == bare) {
            if words.last() != Some(&NAME) {
                words.push(NAME);
            }
            continue;
        }
        words.push(word);
    }
    words
}

/// Whether `word` is an English month name, whole or short (masked like a
/// date's numbers): a `match` on the string, which the compiler turns into
/// a switch on the length and a comparison, cheaper than a hash lookup on
/// every word of every reply.
fn is_month(word: &str) -> bool {
    matches!(
        word,
        "jan"
            | "january"
            | "feb"
            | "february"
            | "mar"
            | "march"
            | "apr"
            | "april"
            | "may"
            | "jun"
            | "june"
            | "jul"
            | "july"
            | "aug"
            | "august"
            | "sep"
            | "sept"
            | "september"
            | "oct"
            | "october"
            | "nov"
            | "november"
            | "dec"
            | "december"
    )
}

/// Words that say something: not stop words, not placeholders.
pub fn content_words<'a>(words: &[&'a str]) -> impl Iterator<Item = &'a str> {
    words
        .iter()
        .copied()
        .filter(|w| !w.starts_with('<') && !STOP_SET.contains(w))
}

/// The 64-bit SimHash of masked words, from the words, their pairs and
/// their triples.
pub fn simhash(words: &[&str]) -> u64 {
    // Each bit's vote is counted in a byte lane: a feature's hash is read a
    // byte at a time, and a table spreads that byte's 8 bits over the 8
    // lanes of one u64, so a feature costs 8 additions instead of 64. Lanes
    // are emptied into the totals before they can overflow.
    let mut ones = [0u32; 64];
    let mut lanes = [0u64; 8];
    let mut pending = 0u32;
    let mut features = 0u32;
    // FNV-1a reads its input in order, so the state after a word is where
    // the hashes of the pair and the triple starting there go on: each
    // starting word feeds its three shingles with one pass.
    for start in 0..words.len() {
        let mut state = FNV_OFFSET;
        for word in &words[start..words.len().min(start + 3)] {
            state = fnv1a_word(state, word);
            let hash = finish(state);
            for (byte, lane) in lanes.iter_mut().enumerate() {
                *lane += SPREAD[(hash >> (8 * byte)) as usize & 0xff];
            }
            features += 1;
            pending += 1;
            if pending == u32::from(u8::MAX) {
                empty_lanes(&mut lanes, &mut ones);
                pending = 0;
            }
        }
    }
    empty_lanes(&mut lanes, &mut ones);
    ones.iter()
        .enumerate()
        .filter(|(_, count)| 2 * **count > features)
        .fold(0u64, |hash, (bit, _)| hash | 1 << bit)
}

/// For each byte value, a u64 whose byte `i` is bit `i` of the value.
static SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut value = 0;
    while value < 256 {
        let mut bit = 0;
        while bit < 8 {
            table[value] |= (((value >> bit) & 1) as u64) << (8 * bit);
            bit += 1;
        }
        value += 1;
    }
    table
};

/// Adds the per-bit counts held in byte lanes to `ones`, and clears them.
fn empty_lanes(lanes: &mut [u64; 8], ones: &mut [u32; 64]) {
    for (byte, lane) in lanes.iter_mut().enumerate() {
        for bit in 0..8 {
            ones[8 * byte + bit] += ((*lane >> (8 * bit)) & 0xff) as u32;
        }
        *lane = 0;
    }
}

/// FNV-1a over words with a separator, then a final mix so that nearby
/// inputs spread over all 64 bits. Hand-written: stable across Rust
/// versions and platforms, which the standard library's hasher is not
/// (fingerprints must not change between runs or machines).
fn fnv1a(words: &[&str]) -> u64 {
    finish(
        words
            .iter()
            .fold(FNV_OFFSET, |state, word| fnv1a_word(state, word)),
    )
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a's state after `word` and its separator.
fn fnv1a_word(mut hash: u64, word: &str) -> u64 {
    for byte in word.bytes().chain([0x1f]) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// splitmix64's finaliser.
fn finish(mut hash: u64) -> u64 {
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// A stable 64-bit hash of a string, for keys that must be the same on
/// every run (conversation and agent keys).
pub fn stable_hash(text: &str) -> u64 {
    fnv1a(&[text])
}

/// Whether two fingerprints are near-duplicates.
pub fn near(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= NEAR
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// The plain count, one bit at a time, that the lanes must agree with.
    fn simhash_bit_by_bit(words: &[&str]) -> u64 {
        let mut ones = [0u32; 64];
        let mut features = 0u32;
        for size in 1..=3 {
            for shingle in words.windows(size) {
                let hash = fnv1a(shingle);
                for (bit, count) in ones.iter_mut().enumerate() {
                    *count += ((hash >> bit) & 1) as u32;
                }
                features += 1;
            }
        }
        ones.iter()
            .enumerate()
            .filter(|(_, count)| 2 * **count > features)
            .fold(0u64, |hash, (bit, _)| hash | 1 << bit)
    }

    #[test]
    fn month_names_whole_or_short() {
        for month in ["jan", "january", "sept", "september", "may", "dec"] {
            assert!(is_month(month), "{month}");
        }
        for word in ["mayo", "janvier", "marc", "decent", "Jan", ""] {
            assert!(!is_month(word), "{word}");
        }
    }

    #[test]
    fn lane_counting_gives_the_bit_by_bit_hash() {
        let vocabulary = [
            "refund", "order", "<num>", "sorry", "the", "we", "card", "été",
        ];
        for length in [0, 1, 2, 3, 7, 30, 84, 85, 86, 200, 1000] {
            let words: Vec<&str> = (0..length)
                .map(|i| vocabulary[(i * 7 + i / 3) % vocabulary.len()])
                .collect();
            assert_eq!(
                simhash(&words),
                simhash_bit_by_bit(&words),
                "{length} words"
            );
        }
    }

    fn fingerprint(text: &str, names: &[&str]) -> u64 {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let normalized = normalize(text).text;
        simhash(&masked_words(&normalized, &names))
    }

    const MACRO: &str = "Hi Maria,\n\nYou can reset your password from Settings > Security > Reset password. We'll email you a link that is valid for 24 hours; if it doesn't arrive, check your spam folder.\n\nKind regards,\nDana Reyes\nBrightdesk Support";

    #[test]
    fn a_macro_with_other_names_and_numbers_is_near() {
        let first = fingerprint(MACRO, &["maria", "johnson", "dana", "reyes"]);
        let renamed = MACRO
            .replace("Maria", "Tomasz")
            .replace("Dana Reyes", "Sam Lee")
            .replace("24", "48");
        let second = fingerprint(&renamed, &["tomasz", "wiśniewski", "sam", "lee"]);
        assert_eq!(first, second, "masked names and numbers read the same");
        let edited = MACRO.replace("check your spam folder", "check your junk folder");
        let third = fingerprint(&edited, &["maria", "dana", "reyes"]);
        assert!(
            near(first, third),
            "{} bits apart",
            (first ^ third).count_ones()
        );
    }

    #[test]
    fn a_paraphrase_is_far() {
        let first = fingerprint(MACRO, &["maria", "dana", "reyes"]);
        let paraphrase = "No problem, Maria! Head to Settings, then Security, and hit Reset password. A link will land in your inbox and works for a day; peek in spam if you can't see it. Dana";
        let second = fingerprint(paraphrase, &["maria", "dana"]);
        assert!(
            (first ^ second).count_ones() > 2 * NEAR,
            "only {} bits apart",
            (first ^ second).count_ones()
        );
    }

    #[test]
    fn masking_replaces_what_varies() {
        let normalized =
            normalize("Order #5531-22 for maria@example.net, see https://x.io on 30 November.")
                .text;
        let words = masked_words(&normalized, &[]);
        assert_eq!(
            words,
            vec![
                "order", "<num>", "for", "<email>", "see", "<link>", "on", "<num>"
            ]
        );
    }
}
