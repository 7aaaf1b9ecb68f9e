//! `form-letter/template-reply`, the part one conversation can tell: every
//! substantive agent message is fingerprinted for the corpus pass (see
//! `engine` and `normalize::fingerprint`), and a reply that is the agent's
//! only substantive answer to a customer's specific problem, and does not
//! engage with it, becomes a candidate finding. The corpus pass keeps the
//! candidates whose reply turns out to be a template: a near-duplicate of
//! replies in many conversations.
//!
//! Engagement, measured on the customer's messages up to the reply: the
//! reply engages when it shares a specific word with them (compared by
//! their first five letters, so "charged" meets "charge"), a number of
//! three or more digits, or a topic ("can't log in" and "reset your
//! password" are both about access). Words every support reply uses
//! ("order", "request", "team", "received") do not count, so "we have
//! received your request about your order" engages with nothing.

use super::Hit;
use crate::model::{Conversation, Message, Role};
use crate::normalize::fingerprint::{WordMap, WordSet, content_words, masked_words, simhash};
use crate::normalize::text::normalize_word;
use crate::normalize::{Normalized, normalize};
use std::sync::LazyLock;

/// An agent message fingerprinted for the corpus pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateUse {
    /// Position of the message in its conversation.
    pub index: usize,
    pub hash: u64,
}

/// A reply needs this many content words to be an answer rather than a
/// pleasantry ("Glad to help, have a great day!").
const SUBSTANTIVE_WORDS: usize = 6;
/// A customer message needs this many specific words to state a problem.
const SPECIFIC_WORDS: usize = 2;

/// Words of every support conversation: sharing them is not engaging.
const GENERIC: &[&str] = &[
    "order", "account", "help", "issue", "problem", "request", "team", "support", "service",
    "contact", "message", "reply", "question", "sorry", "apolog", "trouble", "patie", "appre",
    "review", "relev", "recei", "customer", "today", "asap", "soon", "thing", "things", "look",
    "know", "need", "want", "like", "could", "would", "should", "still", "please", "again",
    "updat", "inform", "detai", "query", "concern", "passe", "assis", "email", "e-mail", "ticket",
    "address", "case",
];

/// Topics that a question and its answer name in different words.
const TOPICS: &[&[&str]] = &[
    &[
        "login", "log", "logged", "sign", "signi", "passw", "reset", "locke", "lock", "acces",
        "crede", "authe", "verif", "2fa", "recov", "hacke", "compr", "secur",
    ],
    &[
        "charg", "bill", "billi", "invoi", "payme", "pay", "paid", "refun", "price", "fee",
        "subsc", "renew", "plan", "cost", "credi",
    ],
    &[
        "deliv", "ship", "shipp", "parce", "packa", "couri", "track", "arriv", "dispa", "post",
    ],
    &["cancel", "cance", "unsub"],
];

/// The first five letters of a word: enough to match "charged" with
/// "charge" and "passwords" with "password".
fn stem(word: &str) -> &str {
    match word.char_indices().nth(5) {
        Some((at, _)) => &word[..at],
        None => word,
    }
}

/// [`TOPICS`] and [`GENERIC`] by stem, built once: they are asked about
/// every word of the messages this check reads.
static TOPIC_OF: LazyLock<WordMap<usize>> = LazyLock::new(|| {
    TOPICS
        .iter()
        .enumerate()
        .flat_map(|(topic, words)| words.iter().map(move |w| (stem(w), topic)))
        .collect()
});
static GENERIC_STEMS: LazyLock<WordSet> =
    LazyLock::new(|| GENERIC.iter().map(|g| stem(g)).collect());

fn topic(word_stem: &str) -> Option<usize> {
    TOPIC_OF.get(word_stem).copied()
}

fn is_generic(word_stem: &str) -> bool {
    GENERIC_STEMS.contains(word_stem)
}

/// The lower-case words of everyone's name in the conversation, masked
/// before fingerprinting so that a macro reads the same for every
/// customer and agent.
fn names(conversation: &Conversation) -> Vec<String> {
    let customer = conversation.customer_name().into_iter();
    // People only: a bot's name ("Support Bot") holds words of the
    // team's own replies.
    // Each person once: a conversation has dozens of messages but two or
    // three authors.
    let mut authors: Vec<&str> = Vec::new();
    for message in &conversation.messages {
        if matches!(message.role, Role::Agent | Role::Customer)
            && !authors.contains(&message.author.as_str())
        {
            authors.push(&message.author);
        }
    }
    let mut names: Vec<String> = customer
        .chain(authors)
        .flat_map(|name| name.split([' ', '.', ',', '-']))
        .filter(|part| part.chars().count() > 1)
        .map(normalize_word)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn is_customer(message: &Message) -> bool {
    message.role == Role::Customer && message.public
}

/// The fingerprints of a conversation's substantive public agent replies,
/// in message order, from the messages' matching texts.
pub fn fingerprints(conversation: &Conversation, texts: &[Option<Normalized>]) -> Vec<TemplateUse> {
    fingerprints_with(conversation, texts, &names(conversation))
}

/// [`fingerprints`], with the conversation's names already listed.
fn fingerprints_with(
    conversation: &Conversation,
    texts: &[Option<Normalized>],
    names: &[String],
) -> Vec<TemplateUse> {
    conversation
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_public_agent())
        .filter_map(|(index, _)| {
            let normalized = texts.get(index)?.as_ref()?;
            let words = masked_words(&normalized.text, names);
            // Counting stops at the number that makes a reply substantive.
            let substantive = content_words(&words).nth(SUBSTANTIVE_WORDS - 1).is_some();
            substantive.then(|| TemplateUse {
                index,
                hash: simhash(&words),
            })
        })
        .collect()
}

/// A reply's text for the templates report: whitespace collapsed, the
/// conversation's names written `{name}`, contact details masked, cut to
/// 300 characters.
pub fn representative(conversation: &Conversation, index: usize) -> String {
    let names = names(conversation);
    let text = crate::normalize::redact::redact(&conversation.messages[index].text).into_owned();
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let bare = normalize_word(core);
        if bare.is_empty() || !names.contains(&bare) {
            out.push(word.to_string());
            continue;
        }
        // "Maria," becomes "{name},": the name goes, the punctuation stays.
        let masked = word.replacen(core, "{name}", 1);
        match out.last_mut() {
            Some(last) if last.ends_with("{name}") && masked.starts_with("{name}") => {
                last.push_str(&masked["{name}".len()..]);
            }
            _ => out.push(masked),
        }
    }
    let joined = out.join(" ");
    match joined.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &joined[..at]),
        None => joined,
    }
}

/// Fingerprints the conversation's substantive agent replies, and finds
/// the reply that is the only answer to a specific problem and does not
/// engage with it.
pub fn check(
    conversation: &Conversation,
    texts: &[Option<Normalized>],
    uses: &mut Vec<TemplateUse>,
) -> Vec<Hit> {
    let names = names(conversation);
    let first_use = uses.len();
    uses.extend(fingerprints_with(conversation, texts, &names));
    let uses = &uses[first_use..];
    let messages = &conversation.messages;
    let text = |index: usize| {
        texts
            .get(index)
            .and_then(Option::as_ref)
            .map_or("", |n| n.text.as_str())
    };
    // The customer's first message that states a specific problem.
    let Some(problem) = messages.iter().enumerate().position(|(i, m)| {
        is_customer(m) && specific_stems(text(i), &names).len() >= SPECIFIC_WORDS
    }) else {
        return Vec::new();
    };
    let answers: Vec<&TemplateUse> = uses.iter().filter(|u| u.index > problem).collect();
    let [reply] = answers[..] else {
        return Vec::new();
    };
    let asked: Vec<usize> = (problem..reply.index)
        .filter(|&i| is_customer(&messages[i]))
        .collect();
    let asked_text = asked.iter().map(|&i| text(i)).collect::<Vec<_>>().join(" ");
    let asked_raw = asked
        .iter()
        .map(|&i| messages[i].text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let reply_message = &messages[reply.index];
    let said = Said {
        text: &asked_text,
        raw: &asked_raw,
    };
    let answered = Said {
        text: text(reply.index),
        raw: &reply_message.text,
    };
    if engages(&said, &answered, &names) {
        return Vec::new();
    }
    vec![Hit {
        index: reply.index,
        span: None,
        agent: Some(reply_message.author.clone()),
        detail: format!(
            "the only answer to {} shares no word, number or topic with it",
            messages[problem].id
        ),
        due: None,
        template: Some(reply.hash),
    }]
}

/// Words as the matchers read them (`text`, normalised) and as written
/// (`raw`, for capitals and digits).
struct Said<'a> {
    text: &'a str,
    raw: &'a str,
}

/// The stems of a normalised text's specific words: not stop words, not
/// generic, not the people's names.
fn specific_stems<'a>(normalized: &'a str, names: &[String]) -> Vec<&'a str> {
    let words = masked_words(normalized, names);
    let mut stems: Vec<&str> = content_words(&words)
        .map(stem)
        .filter(|s| !is_generic(s) && s.chars().count() > 2)
        .collect();
    stems.sort_unstable();
    stems.dedup();
    stems
}

/// Numbers of three digits or more: order, ticket and invoice numbers.
fn long_numbers(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|n| n.len() >= 3)
        .collect()
}

/// Stems of the capitalised words inside sentences: names of products and
/// companies ("Brightdesk"), which a macro shares with every customer.
fn proper_stems(text: &str) -> Vec<String> {
    let mut stems = Vec::new();
    let mut sentence_start = true;
    for word in text.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if !sentence_start && bare.chars().next().is_some_and(char::is_uppercase) {
            stems.push(stem(&normalize(bare).text).to_string());
        }
        sentence_start = word.ends_with(['.', '!', '?', ':']);
    }
    stems
}

/// Whether a reply engages with what the customer wrote; `names` are the
/// conversation's people, whose names a greeting shares with a signature.
fn engages(asked: &Said, reply: &Said, names: &[String]) -> bool {
    let asked_stems = specific_stems(asked.text, names);
    let reply_stems = specific_stems(reply.text, names);
    let (asked_proper, reply_proper) = (proper_stems(asked.raw), proper_stems(reply.raw));
    let proper = |list: &[String], s: &str| list.iter().any(|p| p == s);
    let shared_word = asked_stems.iter().any(|s| {
        reply_stems.contains(s) && !(proper(&asked_proper, s) && proper(&reply_proper, s))
    });
    let shared_topic = asked_stems
        .iter()
        .filter_map(|s| topic(s))
        .any(|t| reply_stems.iter().any(|r| topic(r) == Some(t)));
    let reply_numbers = long_numbers(reply.raw);
    let shared_number = long_numbers(asked.raw)
        .iter()
        .any(|n| reply_numbers.contains(n));
    shared_word || shared_topic || shared_number
}

#[cfg(test)]
mod tests {
    use super::{Said, engages as engages_said};
    use crate::normalize::normalize;

    fn engages(asked: &str, reply: &str, names: &[String]) -> bool {
        let (asked_text, reply_text) = (normalize(asked).text, normalize(reply).text);
        engages_said(
            &Said {
                text: &asked_text,
                raw: asked,
            },
            &Said {
                text: &reply_text,
                raw: reply,
            },
            names,
        )
    }

    const RESET_MACRO: &str = "Hi Maria, You can reset your password from Settings > Security > Reset password. We'll email you a link that is valid for 24 hours; if it doesn't arrive, check your spam folder.";
    const ACK_MACRO: &str = "Thank you for contacting Example Support, and we're sorry to hear about the trouble with your order. We have received your request and it has been passed to the relevant team for review.";

    #[test]
    fn engagement_by_word_topic_or_number() {
        assert!(engages(
            "I forgot my password, how do I get back in?",
            RESET_MACRO,
            &[]
        ));
        assert!(engages(
            "I can't log in since this morning.",
            RESET_MACRO,
            &[]
        ));
        assert!(engages(
            "Invoice 88123 charged me twice.",
            "I've refunded the second payment on invoice 88123.",
            &[]
        ));
        assert!(!engages(
            "I was charged twice on my last invoice.",
            RESET_MACRO,
            &[]
        ));
        assert!(!engages(
            "My air fryer arrived with a big crack down the side.",
            ACK_MACRO,
            &[]
        ));
        assert!(!engages(
            "I never received my order and the tracking hasn't moved.",
            ACK_MACRO,
            &[]
        ));
        // The company's name is in every macro and many messages.
        assert!(!engages(
            "Hi, the toaster I sent back hasn't been refunded. Yuki",
            "Hi Yuki, thank you for contacting us. We have received your request.",
            &["yuki".to_string()]
        ));
        assert!(!engages(
            "Every email sent to our address arrives in Example Desk twice.",
            "Thank you for contacting Example Desk. We have received your request and passed it to the relevant team for review.",
            &[]
        ));
        assert!(engages(
            "Our Google Calendar sync creates every event twice.",
            "To stop duplicate events, disconnect Google Calendar under Integrations and connect it again, then the sync starts fresh.",
            &[]
        ));
    }
}
