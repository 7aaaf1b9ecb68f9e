//! `personal/language-mismatch`: the customer writes in one language and an
//! agent answers in another. Languages are detected with whatlang over text
//! cleaned of links, handles, addresses and numbers, and only trusted when
//! the detector calls its guess reliable on a long enough sample, so "hola"
//! or "merci!" never decides a conversation's language.

use super::Hit;
use crate::model::{Conversation, Role};
use std::sync::LazyLock;
use whatlang::{Detector, Lang};

/// A customer message shorter than this (in letters) says too little to
/// tell its language.
const MIN_CUSTOMER_LETTERS: usize = 25;
/// Text the function words cannot place goes to the trigram detector only
/// when it holds this many letters.
const MIN_DETECTOR_LETTERS: usize = 60;
/// The agent's messages together must hold this many letters.
const MIN_AGENT_LETTERS: usize = 40;

/// The languages support teams work in. Limiting the detector to them keeps
/// it from hearing English as Tagalog in a short, noisy chat line.
static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    Detector::with_allowlist(vec![
        Lang::Eng,
        Lang::Spa,
        Lang::Fra,
        Lang::Deu,
        Lang::Por,
        Lang::Ita,
        Lang::Nld,
        Lang::Swe,
        Lang::Dan,
        Lang::Nob,
        Lang::Fin,
        Lang::Pol,
        Lang::Ces,
        Lang::Tur,
        Lang::Rus,
        Lang::Ukr,
        Lang::Ell,
        Lang::Ara,
        Lang::Heb,
        Lang::Hin,
        Lang::Jpn,
        Lang::Kor,
        Lang::Cmn,
        Lang::Vie,
        Lang::Ind,
        Lang::Tha,
        Lang::Ron,
        Lang::Hun,
    ])
});

/// The text with links, @handles, email addresses, numbers and order ids
/// taken out: they carry no language and mislead the detector.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace().filter(|w| !is_noise(w)) {
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// A word that carries no language: a link, handle, address or number.
fn is_noise(word: &str) -> bool {
    word.starts_with('@')
        || word.starts_with('#')
        || word.contains("://")
        || word.starts_with("www.")
        || word.contains('@')
        || word.bytes().any(|b| b.is_ascii_digit())
}

/// Common function words of the languages support teams meet most, each
/// chosen to be rare in the others. Trigram detection on a two-line chat
/// message is rarely "reliable" by whatlang's own measure, even in plain
/// English; function words settle those cases with high precision.
const FUNCTION_WORDS: &[(Lang, &[&str])] = &[
    (
        Lang::Eng,
        &[
            "the", "and", "is", "are", "you", "your", "to", "of", "it", "this", "that", "with",
            "for", "have", "has", "was", "my", "we", "i", "can", "will", "not", "be", "on",
            "please", "thanks", "thank", "what", "i'm", "it's", "don't", "i've",
        ],
    ),
    (
        Lang::Spa,
        &[
            "el", "la", "los", "las", "y", "es", "en", "que", "un", "una", "por", "para", "con",
            "mi", "su", "del", "al", "lo", "pero", "muy", "gracias", "hola", "está", "esta",
            "tengo", "puede", "usted", "favor", "no", "se", "mis", "sus", "como", "ya",
        ],
    ),
    (
        Lang::Fra,
        &[
            "le", "la", "les", "et", "est", "un", "une", "des", "du", "pour", "avec", "mon", "ma",
            "mes", "votre", "vous", "je", "nous", "pas", "ne", "que", "qui", "sur", "dans",
            "merci", "bonjour", "c'est", "j'ai", "n'est", "au", "aux", "très",
        ],
    ),
    (
        Lang::Deu,
        &[
            "der", "die", "das", "und", "ist", "ich", "nicht", "mit", "ein", "eine", "mein",
            "meine", "ihre", "ihr", "sie", "wir", "zu", "den", "dem", "auf", "für", "bitte",
            "danke", "hallo", "es", "noch", "habe", "haben", "wurde", "kann", "auch",
        ],
    ),
    (
        Lang::Por,
        &[
            "o", "os", "as", "e", "é", "um", "uma", "não", "com", "para", "meu", "minha", "seu",
            "sua", "do", "da", "dos", "das", "obrigado", "obrigada", "olá", "está", "você", "foi",
            "mas", "muito", "ainda", "já", "pedido", "em", "no", "na",
        ],
    ),
    (
        Lang::Ita,
        &[
            "il", "lo", "gli", "le", "e", "è", "un", "una", "non", "per", "con", "mio", "mia",
            "suo", "sua", "del", "della", "che", "grazie", "ciao", "sono", "ho", "ancora", "anche",
            "ma", "molto", "questo", "questa", "di", "ordine",
        ],
    ),
    (
        Lang::Nld,
        &[
            "de", "het", "een", "en", "is", "niet", "ik", "mijn", "jij", "je", "u", "uw", "met",
            "voor", "van", "dat", "die", "wij", "we", "bedankt", "dank", "hallo", "nog", "maar",
            "heb", "heeft", "ook", "graag",
        ],
    ),
];

/// Function words that are also everyday words of a language the lists
/// do not cover but the detector knows: Finnish "on" (is) and "se" (it),
/// Polish and Czech "to", "i", "na", "do", "o", "je", Polish "my" (we),
/// Swedish, Danish and Norwegian "i", "en", "de", "du", "den", "der", "have",
/// "for", Romanian "la", "un", "e", "meu", "da", Indonesian "di",
/// Hungarian "is" and "van", Turkish "ne" and "mi". Dense in those words,
/// a Finnish or Polish message looked English or Portuguese to the lists,
/// so they count toward a language's hits but cannot place a text by
/// themselves: see [`MIN_DISTINCTIVE_HITS`].
#[rustfmt::skip]
const SHARED_WORDS: &[&str] = &[
    "i", "to", "on", "for", "is", "my", "have", // of the English list
    "se", "no", "en", "la", "un", "mi",   // Spanish
    "du", "ma", "je", "ne", "au",         // French
    "der", "mit", "den", "dem",           // German
    "o", "e", "do", "da", "na", "meu",    // Portuguese
    "di",                                 // Italian
    "de", "u", "van",                     // Dutch
];

/// Of the function words a text holds, at least this many must be
/// distinctive (not [`SHARED_WORDS`]) for the lists to place it. One is
/// enough: "¿Me puede escribir en español?" is Spanish by "puede" alone,
/// and a Finnish or Polish text has none.
const MIN_DISTINCTIVE_HITS: usize = 1;

/// What a function word tells: the languages (bits, in [`FUNCTION_WORDS`]
/// order) it belongs to, and whether it is one of the [`SHARED_WORDS`].
#[derive(Clone, Copy)]
struct FunctionWord {
    languages: u8,
    shared: bool,
}

/// Each function word, for one lookup per word.
const _: () = assert!(FUNCTION_WORDS.len() <= 8, "the language bitmask is a u8");
static FUNCTION_WORD_INDEX: LazyLock<crate::normalize::fingerprint::WordMap<FunctionWord>> =
    LazyLock::new(|| {
        let mut index = crate::normalize::fingerprint::WordMap::default();
        for (bit, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            for word in *words {
                index
                    .entry(*word)
                    .or_insert(FunctionWord {
                        languages: 0,
                        shared: SHARED_WORDS.contains(word),
                    })
                    .languages |= 1 << bit;
            }
        }
        index
    });

/// The length in bytes of the longest function word: no longer word needs
/// looking up.
const LONGEST_FUNCTION_WORD: usize = {
    let mut longest = 0;
    let mut language = 0;
    while language < FUNCTION_WORDS.len() {
        let words = FUNCTION_WORDS[language].1;
        let mut word = 0;
        while word < words.len() {
            if words[word].len() > longest {
                longest = words[word].len();
            }
            word += 1;
        }
        language += 1;
    }
    longest
};

/// What a whitespace-separated word is to the sampler: noise [`clean`]
/// drops, plain ASCII, or a word with other characters.
enum Word {
    Noise,
    Ascii,
    Other,
}

/// Reads a word once to say what [`is_noise`] would and whether it is
/// ASCII. The noise bytes (`@`, `#`, digits, `:`) are ASCII, so they never
/// sit inside a multi-byte character.
fn read_word(word: &str) -> Word {
    let bytes = word.as_bytes();
    if matches!(bytes.first(), Some(b'@' | b'#')) || bytes.starts_with(b"www.") {
        return Word::Noise;
    }
    let mut ascii = true;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte.is_ascii_digit()
            || byte == b'@'
            || (byte == b':' && bytes[at + 1..].starts_with(b"//"))
        {
            return Word::Noise;
        }
        ascii &= byte.is_ascii();
    }
    if ascii { Word::Ascii } else { Word::Other }
}

/// What one pass over a text's words learns: its letters, outside the
/// noise [`clean`] drops, and how many of its words are function words of
/// each language.
#[derive(Default, Debug, PartialEq)]
struct Sample {
    letters: usize,
    words: usize,
    hits: [usize; FUNCTION_WORDS.len()],
    /// The hits that are not [`SHARED_WORDS`].
    distinctive: [usize; FUNCTION_WORDS.len()],
}

impl Sample {
    /// Reads the words of `text` that [`clean`] keeps, in place: the
    /// words it would join with spaces, split the same way, so no cleaned
    /// copy is made unless the trigram detector needs one. Runs on every
    /// message of every conversation, so it lowercases only the words
    /// that need it.
    fn of(text: &str) -> Sample {
        let mut sample = Sample::default();
        let mut lowered = String::new();
        for word in text.split_whitespace() {
            match read_word(word) {
                Word::Noise => {}
                Word::Ascii => sample.add_ascii_word(word.as_bytes()),
                Word::Other => sample.add_word(word, &mut lowered),
            }
        }
        sample
    }

    /// What a word with non-ASCII letters adds: its letters, and each of
    /// its runs of letters and apostrophes as a word.
    fn add_word(&mut self, word: &str, lowered: &mut String) {
        self.letters += word.chars().filter(|c| c.is_alphabetic()).count();
        for token in word
            .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
            .filter(|w| !w.is_empty())
        {
            let key = if token.chars().all(|c| c.is_lowercase() || c == '\'') {
                token
            } else {
                lowered.clear();
                lowered.extend(
                    token
                        .chars()
                        .flat_map(char::to_lowercase)
                        .map(|c| if c == '’' { '\'' } else { c }),
                );
                lowered.as_str()
            };
            self.count(key);
        }
    }

    /// What an ASCII word adds, the same as [`Sample::add_word`] would, in
    /// one pass over its bytes: most words of most messages are ASCII, and
    /// this runs on every message.
    fn add_ascii_word(&mut self, word: &[u8]) {
        let mut token_start = None;
        let mut upper = false;
        for (at, &byte) in word.iter().enumerate() {
            if byte.is_ascii_alphabetic() || byte == b'\'' {
                self.letters += usize::from(byte != b'\'');
                upper |= byte.is_ascii_uppercase();
                token_start.get_or_insert(at);
            } else if let Some(start) = token_start.take() {
                self.add_ascii_token(&word[start..at], upper);
                upper = false;
            }
        }
        if let Some(start) = token_start {
            self.add_ascii_token(&word[start..], upper);
        }
    }

    /// One run of ASCII letters and apostrophes, looked up lowercased.
    fn add_ascii_token(&mut self, token: &[u8], upper: bool) {
        if token.len() > LONGEST_FUNCTION_WORD {
            self.words += 1;
            return;
        }
        let mut buffer = [0u8; LONGEST_FUNCTION_WORD];
        let key = &mut buffer[..token.len()];
        key.copy_from_slice(token);
        if upper {
            key.make_ascii_lowercase();
        }
        // ASCII bytes are always UTF-8.
        self.count(std::str::from_utf8(key).unwrap_or_default());
    }

    /// Counts one word toward the languages whose function word it is.
    fn count(&mut self, key: &str) {
        self.words += 1;
        if key.len() > LONGEST_FUNCTION_WORD {
            return;
        }
        if let Some(&word) = FUNCTION_WORD_INDEX.get(key) {
            for bit in 0..FUNCTION_WORDS.len() {
                if word.languages & (1 << bit) != 0 {
                    self.hits[bit] += 1;
                    self.distinctive[bit] += usize::from(!word.shared);
                }
            }
        }
    }

    /// The language whose function words clearly dominate: at least three
    /// hits, [`MIN_DISTINCTIVE_HITS`] of them distinctive, a fifth of the
    /// words, and twice the runner-up's hits.
    fn dominant(&self) -> Option<Lang> {
        if self.words == 0 {
            return None;
        }
        let (best_at, &best) = self
            .hits
            .iter()
            .enumerate()
            .max_by_key(|&(i, h)| (*h, std::cmp::Reverse(i)))?;
        let runner_up = self
            .hits
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != best_at)
            .map(|(_, h)| *h)
            .max()
            .unwrap_or(0);
        (best >= 3
            && self.distinctive[best_at] >= MIN_DISTINCTIVE_HITS
            && best * 5 >= self.words
            && best >= runner_up * 2)
            .then_some(FUNCTION_WORDS[best_at].0)
    }
}

/// The language of `text`, when the sample is long enough and either its
/// function words or the trigram detector are sure.
fn language(text: &str, min_letters: usize) -> Option<Lang> {
    // Quoted email history is an earlier message, in whoever's language.
    let own = crate::check::context::own_words(text);
    let sample = Sample::of(&own);
    if sample.letters < min_letters {
        return None;
    }
    if let Some(lang) = sample.dominant() {
        return Some(lang);
    }
    // Trigram detection is the costly part and unreliable on short text;
    // short text the function words could not place stays unplaced.
    if sample.letters < MIN_DETECTOR_LETTERS {
        return None;
    }
    let info = DETECTOR.detect(&clean(&own))?;
    info.is_reliable().then(|| info.lang())
}

/// Whether `text` holds any function word of `lang` that is not one of
/// the [`SHARED_WORDS`]: a sign of the language where the trigram detector
/// is unsure ("Let me check. Your order ships tomorrow.").
pub fn has_distinctive_word(text: &str, lang: Lang) -> bool {
    let sample = Sample::of(text);
    FUNCTION_WORDS
        .iter()
        .zip(sample.distinctive)
        .any(|((l, _), hits)| *l == lang && hits > 0)
}

pub fn check(conversation: &Conversation) -> Vec<Hit> {
    // The customer's first reliable language comes first: when the
    // customer never says enough to place one (most short chats), nothing
    // can mismatch and the agents' text, the costly detection, is never
    // read.
    let customer_language = |message: &crate::model::Message| {
        (message.role == Role::Customer && message.public)
            .then(|| language(&message.text, MIN_CUSTOMER_LETTERS))
            .flatten()
    };
    let messages = &conversation.messages;
    let Some((first_at, first)) = messages
        .iter()
        .enumerate()
        .find_map(|(i, m)| customer_language(m).map(|lang| (i, lang)))
    else {
        return Vec::new();
    };
    let mut agents: Vec<(&str, usize, String)> = Vec::new();
    for (index, message) in messages.iter().enumerate() {
        if !message.is_public_agent() {
            continue;
        }
        match agents.iter_mut().find(|(a, _, _)| *a == message.author) {
            Some((_, _, text)) => {
                text.push('\n');
                text.push_str(&message.text);
            }
            None => agents.push((&message.author, index, message.text.clone())),
        }
    }
    let agents: Vec<(&str, usize, Lang)> = agents
        .into_iter()
        .filter_map(|(agent, index, text)| {
            language(&text, MIN_AGENT_LETTERS).map(|lang| (agent, index, lang))
        })
        .collect();
    if agents.is_empty() {
        return Vec::new();
    }
    // Every language the customer reliably wrote in: a customer who
    // switches to English has no quarrel with an English reply. Detection
    // stops once every agent's language is among them.
    let mut customer: Vec<Lang> = vec![first];
    for message in &messages[first_at + 1..] {
        if agents.iter().all(|(_, _, lang)| customer.contains(lang)) {
            return Vec::new();
        }
        if let Some(lang) = customer_language(message)
            && !customer.contains(&lang)
        {
            customer.push(lang);
        }
    }
    let Some(&first_language) = customer.first() else {
        return Vec::new();
    };
    agents
        .iter()
        .find(|&&(agent, _, lang)| {
            !customer.contains(&lang)
                && !customer_asked_for(conversation, lang)
                && !answered_also_in(conversation, agent, &customer)
        })
        .map(|&(agent, index, lang)| Hit {
            due: None,
            template: None,
            index,
            span: None,
            agent: Some(agent.to_string()),
            detail: format!(
                "the customer wrote in {}, the agent answered in {}",
                first_language.eng_name(),
                lang.eng_name()
            ),
        })
        .into_iter()
        .collect()
}

/// Names of the languages, in the languages customers write: a customer
/// who asks for an answer "en inglés" has chosen the agent's language.
const LANGUAGE_NAMES: &[(Lang, &[&str])] = &[
    (
        Lang::Eng,
        &[
            "english", "inglés", "ingles", "anglais", "englisch", "inglese", "engels", "inglês",
        ],
    ),
    (
        Lang::Spa,
        &[
            "spanish", "español", "espanol", "espagnol", "spanisch", "spagnolo", "spaans",
            "espanhol",
        ],
    ),
    (
        Lang::Fra,
        &[
            "french",
            "francés",
            "frances",
            "français",
            "francais",
            "französisch",
            "francese",
            "frans",
            "francês",
        ],
    ),
    (
        Lang::Deu,
        &[
            "german", "alemán", "aleman", "allemand", "deutsch", "tedesco", "duits", "alemão",
        ],
    ),
    (
        Lang::Por,
        &[
            "portuguese",
            "portugués",
            "portugais",
            "portugiesisch",
            "portoghese",
            "portugees",
            "português",
        ],
    ),
    (
        Lang::Ita,
        &["italian", "italiano", "italien", "italienisch", "italiaans"],
    ),
    (
        Lang::Nld,
        &[
            "dutch",
            "holandés",
            "néerlandais",
            "niederländisch",
            "olandese",
            "nederlands",
        ],
    ),
];

/// True when a customer asks for `lang`: "can you answer in English?",
/// "please reply in Spanish for my mother".
fn customer_asked_for(conversation: &Conversation, lang: Lang) -> bool {
    let Some((_, names)) = LANGUAGE_NAMES.iter().find(|(l, _)| *l == lang) else {
        return false;
    };
    conversation
        .messages
        .iter()
        .filter(|m| m.role == Role::Customer && m.public)
        .any(|m| {
            // "in English", "en inglés", "auf Englisch": asking for it, not
            // "no hablo inglés".
            let words: Vec<String> = m
                .text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            words.windows(2).any(|pair| {
                ["in", "en", "em", "auf", "op"].contains(&pair[0].as_str())
                    && names.contains(&pair[1].as_str())
            })
        })
}

/// True when one paragraph of the agent's messages is in a language the
/// customer wrote: a bilingual reply answers in both.
fn answered_also_in(conversation: &Conversation, agent: &str, customer: &[Lang]) -> bool {
    conversation
        .messages
        .iter()
        .filter(|m| m.is_public_agent() && m.author == agent)
        .flat_map(|m| m.text.split('\n'))
        .filter_map(|paragraph| language(paragraph, MIN_AGENT_LETTERS))
        .any(|lang| customer.contains(&lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_support_messages_get_their_language() {
        let lang = |t: &str| language(t, MIN_CUSTOMER_LETTERS);
        assert_eq!(
            lang("Hola, mi pedido llegó roto y necesito un reembolso, por favor."),
            Some(Lang::Spa)
        );
        assert_eq!(
            lang("Hi Maria, thanks for your message. I'm sorry your order arrived broken."),
            Some(Lang::Eng)
        );
        assert_eq!(
            lang("Bonjour, ma commande n'est toujours pas arrivée, pouvez-vous vérifier?"),
            Some(Lang::Fra)
        );
        assert_eq!(lang("merci!"), None);
        assert_eq!(
            lang("Hola! My order arrived broken, can you help?"),
            Some(Lang::Eng)
        );
    }

    /// Support lines in seventeen languages (`fixtures/languages`), each
    /// with its ISO 639-3 code.
    fn labelled_lines() -> Vec<(Lang, &'static str)> {
        crate::testing::labelled_lines()
            .map(|(code, text)| (Lang::from_code(code).expect(code), text))
            .collect()
    }

    #[test]
    fn every_shared_word_is_a_function_word() {
        for word in SHARED_WORDS {
            assert!(
                FUNCTION_WORDS.iter().any(|(_, words)| words.contains(word)),
                "{word}"
            );
        }
    }

    #[test]
    fn no_line_is_placed_in_the_wrong_language() {
        // Finnish "on", Polish "to" and "i", Danish "de" and "en" are
        // function words of the seven lists too; a line dense in them was
        // once called English, Portuguese or Dutch.
        let wrong: Vec<String> = labelled_lines()
            .into_iter()
            .filter_map(|(expected, text)| {
                let placed = language(text, MIN_CUSTOMER_LETTERS)?;
                (placed != expected).then(|| format!("{expected:?} as {placed:?}: {text}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn lines_in_the_listed_languages_are_placed() {
        let listed: Vec<(Lang, &str)> = labelled_lines()
            .into_iter()
            .filter(|(lang, _)| FUNCTION_WORDS.iter().any(|(l, _)| l == lang))
            .filter(|(_, text)| Sample::of(text).letters >= MIN_CUSTOMER_LETTERS)
            .collect();
        let placed = listed
            .iter()
            .filter(|(lang, text)| language(text, MIN_CUSTOMER_LETTERS) == Some(*lang))
            .count();
        assert!(listed.len() >= 70, "{}", listed.len());
        assert!(
            placed * 10 >= listed.len() * 8,
            "{placed} of {}",
            listed.len()
        );
    }

    /// The sampler as first written: every word [`clean`] keeps, read
    /// character by character.
    fn plain_sample(text: &str) -> Sample {
        let mut sample = Sample::default();
        let mut lowered = String::new();
        for word in text.split_whitespace().filter(|w| !is_noise(w)) {
            sample.add_word(word, &mut lowered);
        }
        sample
    }

    #[test]
    fn the_byte_sampler_counts_what_the_plain_one_does() {
        let pieces = [
            "The",
            "the",
            "THE",
            "you're",
            "I'm",
            "it’s",
            "C'EST",
            "j'ai",
            "está",
            "ESTÁ",
            "für",
            "Très",
            "obrigado",
            "OBRIGADOS",
            "x",
            "'",
            "''",
            "a'b",
            "and/or",
            "you,",
            "(the)",
            "#123",
            "@maria",
            "a@b.co",
            "https://x.io/the",
            "www.the.com",
            "ab:/",
            "ab://",
            "12th",
            "the2",
            "😀",
            "the😀you",
            "Ünd",
            "İstanbul",
            "ǅemal",
            "-",
            "\t",
            "\n",
            "  ",
            "\u{a0}",
            "\u{3000}",
            "и",
            "ПРИВЕТ",
            "Straße",
        ];
        // The same texts every run.
        let mut next = crate::testing::generator(0x2545_f491_4f6c_dd1d);
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..next(12) {
                text.push_str(pieces[next(pieces.len())]);
                if next(3) > 0 {
                    text.push(' ');
                }
            }
            assert_eq!(Sample::of(&text), plain_sample(&text), "{text:?}");
        }
    }
}
