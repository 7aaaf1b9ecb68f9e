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
    match whatlang::detect(&sample) {
        Some(info) if info.is_reliable() => info.lang() != expected,
        // Too little text for a sure guess: the pack judges it when the
        // guess is its language or the text holds one of its distinctive
        // function words ("Let me check. Your order ships tomorrow."), not
        // when it holds none ("Hei Matti! Tarkistan asian.").
        Some(info) => {
            info.lang() != expected
                && !crate::check::code::language::has_distinctive_word(&sample, expected)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn agent_says(text: &str) -> Message {
        Message {
            id: "m1".into(),
            author: "Agent".into(),
            role: Role::Agent,
            ts: None,
            text: text.into(),
            public: true,
            meta: Default::default(),
        }
    }

    /// Finnish "on", Polish "i" and "to" are English function words too:
    /// counted alone they call these replies English, and an English pack
    /// would then charge their agents for never saying "thank you".
    #[test]
    fn replies_the_function_words_would_call_english_are_still_placed() {
        for (text, language) in [
            (
                "Hei, tilauksesi on lähetetty tänään ja se on perillä huomenna. Seurantakoodi on sähköpostissasi.",
                "Finnish",
            ),
            (
                "Dzień dobry, to zamówienie jest już w drodze i to powinno dotrzeć jutro. Sprawdzę to i dam znać.",
                "Polish",
            ),
        ] {
            let message = agent_says(text);
            assert!(in_other_language(&[&message], "en"), "{language}");
        }
        let english = agent_says(
            "Your order is on its way and it should arrive tomorrow. I'll check it and let you know.",
        );
        assert!(!in_other_language(&[&english], "en"));
    }

    /// Support lines in seventeen languages (`fixtures/languages`): the
    /// English pack judges every English one, and none in another language
    /// that the detector or the function words can place.
    #[test]
    fn the_english_pack_judges_english_lines_only() {
        let mut judged_foreign = Vec::new();
        for (code, text) in crate::testing::labelled_lines() {
            let message = agent_says(text);
            let other = in_other_language(&[&message], "en");
            if code == "eng" {
                assert!(!other, "{text}");
            } else if !other
                && text.chars().filter(|c| c.is_alphabetic()).count() >= MIN_LANGUAGE_SAMPLE
            {
                judged_foreign.push(format!("{code}: {text}"));
            }
        }
        // Before unsure guesses were read, 34 of them were judged.
        assert!(judged_foreign.is_empty(), "{judged_foreign:#?}");
    }
}
