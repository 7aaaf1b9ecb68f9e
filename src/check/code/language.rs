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
    for word in text.split_whitespace() {
        let noise = word.starts_with('@')
            || word.starts_with('#')
            || word.contains("://")
            || word.starts_with("www.")
            || word.contains('@')
            || word.chars().any(|c| c.is_ascii_digit());
        if !noise {
            out.push_str(word);
            out.push(' ');
        }
    }
    out
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
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
            "please", "thanks", "thank", "what", "my", "i'm", "it's", "don't", "i've",
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

/// The language whose function words clearly dominate `text`: at least
/// three hits, a fifth of the words, and twice the runner-up's hits.
fn by_function_words(text: &str) -> Option<Lang> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut scores: Vec<(usize, Lang)> = FUNCTION_WORDS
        .iter()
        .map(|(lang, list)| {
            let hits = words.iter().filter(|w| list.contains(&w.as_str())).count();
            (hits, *lang)
        })
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.0));
    let (best, lang) = scores[0];
    let runner_up = scores[1].0;
    (best >= 3 && best * 5 >= words.len() && best >= runner_up * 2).then_some(lang)
}

/// The language of `text`, when the sample is long enough and either its
/// function words or the trigram detector are sure.
fn language(text: &str, min_letters: usize) -> Option<Lang> {
    let text = clean(text);
    if letters(&text) < min_letters {
        return None;
    }
    if let Some(lang) = by_function_words(&text) {
        return Some(lang);
    }
    let info = DETECTOR.detect(&text)?;
    info.is_reliable().then(|| info.lang())
}

pub fn check(conversation: &Conversation) -> Vec<Hit> {
    // Every language the customer reliably wrote in: a customer who
    // switches to English has no quarrel with an English reply.
    let mut customer: Vec<Lang> = Vec::new();
    for message in &conversation.messages {
        if message.role == Role::Customer
            && message.public
            && let Some(lang) = language(&message.text, MIN_CUSTOMER_LETTERS)
            && !customer.contains(&lang)
        {
            customer.push(lang);
        }
    }
    let Some(&first_language) = customer.first() else {
        return Vec::new();
    };
    let mut agents: Vec<(&str, usize, String)> = Vec::new();
    for (index, message) in conversation.messages.iter().enumerate() {
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
    for (agent, first_index, text) in agents {
        let Some(lang) = language(&text, MIN_AGENT_LETTERS) else {
            continue;
        };
        if !customer.contains(&lang) {
            return vec![Hit {
                index: first_index,
                span: None,
                agent: Some(agent.to_string()),
                detail: format!(
                    "the customer wrote in {}, the agent answered in {}",
                    first_language.eng_name(),
                    lang.eng_name()
                ),
            }];
        }
    }
    Vec::new()
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
}
