//! The `absence` kind: a participant who never says any of the phrases in
//! the whole conversation ("never thanks the customer"). Presence is
//! recorded by the shared phrase automaton; this file decides who is
//! charged once every message has been read.

use crate::model::{Conversation, Message, Role};
use whatlang::Lang;

/// The language of a pack, as the detector names it.
fn detector_language(code: &str) -> Option<Lang> {
    match code {
        "en" => Some(Lang::Eng),
        "es" => Some(Lang::Spa),
        "fr" => Some(Lang::Fra),
        "de" => Some(Lang::Deu),
        "pt" => Some(Lang::Por),
        "it" => Some(Lang::Ita),
        "nl" => Some(Lang::Nld),
        _ => None,
    }
}

/// Text shorter than this says too little to tell its language.
const MIN_LANGUAGE_SAMPLE: usize = 40;

/// True when the messages are reliably in another language than `pack`:
/// an English pack cannot judge whether a Spanish reply said thank you.
pub fn in_other_language(messages: &[&Message], pack: &str) -> bool {
    let Some(expected) = detector_language(pack) else {
        return false;
    };
    let mut sample = String::new();
    for message in messages {
        sample.push_str(&message.text);
        sample.push(' ');
        if sample.len() > 2000 {
            break;
        }
    }
    if sample.trim().chars().count() < MIN_LANGUAGE_SAMPLE {
        return false;
    }
    // Function words place most samples at a fraction of the trigram
    // detector's cost, and a sample they place in the pack's own language
    // is not in another one.
    if super::code::by_function_words(&sample) == Some(expected) {
        return false;
    }
    match whatlang::detect(&sample) {
        Some(info) => info.is_reliable() && info.lang() != expected,
        None => false,
    }
}

/// The people an absence rule of `role` judges: authors of at least
/// `min_messages` public messages, each with their messages, in order of
/// first appearance.
pub fn participants(
    conversation: &Conversation,
    role: Role,
    min_messages: usize,
) -> Vec<(&str, Vec<(usize, &Message)>)> {
    let mut people: Vec<(&str, Vec<(usize, &Message)>)> = Vec::new();
    for (index, message) in conversation.messages.iter().enumerate() {
        if message.role != role || !message.public {
            continue;
        }
        match people
            .iter_mut()
            .find(|(author, _)| *author == message.author)
        {
            Some((_, said)) => said.push((index, message)),
            None => people.push((&message.author, vec![(index, message)])),
        }
    }
    people.retain(|(_, said)| said.len() >= min_messages.max(1));
    people
}
