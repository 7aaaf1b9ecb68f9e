//! `promises/missed-deadline`: an agent's dated promise ("I'll email you
//! by Thursday", "you'll hear from us within 24 hours") and whether an
//! agent followed up, or the ticket was resolved, before the deadline.
//!
//! A promise is a first-person commitment of the agent or the team with a
//! deadline expression in the same sentence, after the commitment (or
//! opening the sentence: "Tomorrow morning I'll call you"). Third-party
//! estimates ("the courier expects to deliver it by Friday"), questions
//! ("shall I call you tomorrow?"), hedges ("hopefully we'll…"), negated
//! and quoted commitments are not promises. The outcome:
//! - kept: a public human agent message, a `solved`/`closed` status, or
//!   the customer saying it arrived or works, at or before the deadline;
//! - late: the first of those comes after the deadline;
//! - open: none comes; a finding due at the deadline, so the engine
//!   reports it only when the run's as-of time is past it (else pending).

use super::Hit;
use crate::check::context;
use crate::model::{Conversation, EventKind, PromiseRecord, PromiseState, Role};
use crate::normalize::Normalized;
use crate::normalize::calendar::{TimeSettings, human_seconds};
use crate::normalize::deadline;
use aho_corasick::AhoCorasick;
use jiff::Timestamp;
use regex::Regex;
use std::sync::LazyLock;

/// First-person commitments to do something for the customer, matched on
/// normalised text. After "I'll" or "we will" any verb is a commitment
/// ("I'll rebook you", "we'll restore the backup") except the few that
/// are not ([`is_commitment`] keeps out "I'll be away on Monday", "we'll
/// need your address by Friday").
static COMMITMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:",
        r"(?:i|we)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to)",
        r"(?: (?:personally|definitely|certainly|also|then|just|now|first|make sure to|be sure to))?",
        r" (?P<verb>[a-z][a-z-]*)(?: (?P<next>[a-z']+)(?: (?P<next2>[a-z']+))?)?",
        r"|you(?:'ll| will) (?:hear (?:back )?from (?:us|me|the team|our team|someone|one of us)|(?:have|get|receive) (?:it|this|that|them|the|your|an?|our|my)\b)",
        r"|expect (?:an? |my |our |the )?(?:\w+ )?(?:update|reply|response|answer|call|e-?mail|message|news|confirmation|refund|replacement)s? from (?:me|us|our team|the team)",
        r"|(?:someone|somebody|a colleague|one of (?:us|our team|my colleagues)|(?:our|the|my) (?:\w+ )?team) (?:will|'ll|is going to) (?:get back|follow up|e-?mail|call|contact|be in touch|update|send|reply|respond|reach out|let you know)",
        r")"
    ))
    .expect("the commitment regex is valid")
});

/// Verbs after "I'll"/"we'll" that commit to nothing for the customer.
const NOT_COMMITMENTS: &[&str] = &[
    "need", "try", "aim", "hope", "see", "wait", "leave", "probably", "likely", "not", "never",
    "still", "want", "miss", "assume", "keep", "continue", "only", "also", "both", "all", "soon",
    "already", "ever",
    // Not verbs at all: a typo or a cut sentence ("I'll by then…").
    "by", "on", "in", "at", "the", "a", "an", "to", "you", "it", "that", "this", "so", "and", "but",
    "if", "when", "as", "from", "with", "for", "of", "tomorrow", "today", "tonight",
];

/// Whether the verb after "I'll"/"we'll" (and the two words after it)
/// commits the agent to something.
fn is_commitment(verb: &str, next: Option<&str>, next2: Option<&str>) -> bool {
    match verb {
        // "I'll be in touch", "I'll be back", "we'll be sending it", but
        // not "I'll be away", "we'll be closed", "I'll be leaving".
        "be" => match (next, next2) {
            (Some("in"), Some("touch" | "contact")) => true,
            (Some("back" | "right"), _) => true,
            (Some(ing), _) if ing.ends_with("ing") => !matches!(
                ing,
                "leaving"
                    | "waiting"
                    | "working"
                    | "travelling"
                    | "traveling"
                    | "going"
                    | "staying"
                    | "taking"
                    | "closing"
                    | "nothing"
            ),
            _ => false,
        },
        "have" => next != Some("to"),
        "let" => next == Some("you"),
        _ => !NOT_COMMITMENTS.contains(&verb),
    }
}

/// Every commitment holds one of these, so a message without any is
/// skipped before it is normalised: most agent messages promise nothing.
static COMMITMENT_CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["'ll", "\u{2019}ll", "will", "shall", "going to", "expect"])
        .expect("the cue automaton builds")
});

/// Words that make a commitment a hope rather than a promise.
const HEDGES: &[&str] = &[
    "hopefully",
    "i hope",
    "we hope",
    "probably",
    "might",
    "if possible",
    "if all goes well",
    "fingers crossed",
    "can't promise",
    "cannot promise",
    "can't guarantee",
    "cannot guarantee",
    "no guarantee",
];

/// Words between a commitment and a time that tie the time to something
/// else ("we'll send a new one if it hasn't arrived by Friday").
const CONDITIONS: &[&str] = &[
    " if ",
    " unless ",
    " in case ",
    " once ",
    " when ",
    " after ",
    " as soon as ",
    " until ",
    " should ",
    " whether ",
];

/// Words that may stand before a time opening a sentence ("By Thursday
/// you'll have it").
const SENTENCE_LEADS: &[&str] = &["by", "on", "before", "no later than", "and", "so"];

/// The customer saying it is done: it arrived, it works now.
static DONE_BY_CUSTOMER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:(?:it|they|(?:the|my|your) (?:\w+ ){0,2}\w+)(?: has| have|'s|'ve)? (?:arrived|come through|landed|been received|shown up|showed up|turned up)",
        r"|(?:i(?:'ve| have)|i just|just) (?:got|received) (?:it|them|(?:the|my) (?:\w+ ){0,2}\w+|your e-?mail|your message)",
        r"|(?:it's|it is|all|everything's|everything is) (?:working|sorted|fixed|resolved) now)\b"
    ))
    .expect("the done regex is valid")
});

/// Trouble in the sentence that says something arrived.
static STILL_TROUBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:broken|damaged|wrong|error|again|still|missing|faulty|cracked|dented|empty|late|doesn't|does not|isn't|won't|not working|but)\b",
    )
    .expect("the trouble regex is valid")
});

/// Agent messages closer than this to a promise are the same contact.
const FOLLOW_UP_GAP_SECONDS: i64 = 600;

/// A dated promise in one message.
struct Promise {
    /// Byte span of the promise in the original text.
    span: (usize, usize),
    deadline: Timestamp,
}

/// Judges every dated promise of the conversation's agents.
pub fn check(
    conversation: &Conversation,
    texts: &[Option<Normalized>],
    time: &TimeSettings,
    promises: &mut Vec<PromiseRecord>,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (index, message) in conversation.messages.iter().enumerate() {
        if !message.is_public_agent() {
            continue;
        }
        let Some(said) = message.ts else { continue };
        let Some(Some(normalized)) = texts.get(index) else {
            continue;
        };
        let Some(promise) = find_promise(&message.text, normalized, said, time) else {
            continue;
        };
        let follow_up = follow_up_after(conversation, texts, index, said, promise.deadline);
        let state = match follow_up {
            Some(at) if at <= promise.deadline => PromiseState::Kept,
            Some(_) => PromiseState::Late,
            None => PromiseState::Open,
        };
        promises.push(PromiseRecord {
            agent: message.author.clone(),
            deadline: promise.deadline,
            state,
        });
        let when = format_deadline(promise.deadline, time);
        let (detail, due) = match (state, follow_up) {
            (PromiseState::Kept, _) => continue,
            // Due at the deadline too: an as-of time before it means the
            // late follow-up has not happened yet.
            (PromiseState::Late, Some(at)) => (
                format!(
                    "due {when}; the follow-up came {} late",
                    human_seconds(at.duration_since(promise.deadline).as_secs())
                ),
                Some(promise.deadline),
            ),
            _ => (
                format!("due {when}; no follow-up by the end of the export"),
                Some(promise.deadline),
            ),
        };
        hits.push(Hit {
            index,
            span: Some(promise.span),
            agent: Some(message.author.clone()),
            detail,
            due,
            template: None,
        });
    }
    hits
}

/// The first dated promise of a message (its text and matching text),
/// resolved against its time.
fn find_promise(
    text: &str,
    normalized: &Normalized,
    said: Timestamp,
    time: &TimeSettings,
) -> Option<Promise> {
    let norm = &normalized.text;
    if !COMMITMENT_CUES.is_match(norm) {
        return None;
    }
    let mut quotes: Option<Vec<(usize, usize)>> = None;
    for captures in COMMITMENT.captures_iter(norm) {
        let commitment = captures.get(0).expect("group 0 always matches");
        let start = commitment.start();
        // The deadline is looked for after the verb: the words the regex
        // read past it may be the deadline itself ("I'll call tomorrow").
        let end = match captures.name("verb") {
            Some(verb) => {
                let word = |name| captures.name(name).map(|m| m.as_str());
                if !is_commitment(verb.as_str(), word("next"), word("next2")) {
                    continue;
                }
                verb.end()
            }
            None => commitment.end(),
        };
        let (sentence_start, sentence_end) = context::sentence_bounds(norm, start, end);
        let sentence = &norm[sentence_start..sentence_end];
        if sentence.trim_end().ends_with('?') {
            continue;
        }
        let before = &norm[sentence_start..start];
        if HEDGES.iter().any(|h| before.contains(h)) {
            continue;
        }
        // "If they don't respond in ten days, I'll credit you by Friday":
        // the whole commitment hangs on a condition.
        if CONDITIONS
            .iter()
            .any(|c| format!(" {before}").starts_with(c))
        {
            continue;
        }
        let (from, _) = normalized.original_range(start, end, text);
        let quotes = quotes.get_or_insert_with(|| context::quoted_spans(norm));
        if context::inside(quotes, start, end)
            || context::on_quoted_line(text, from)
            || context::reported(norm, start)
            || context::negated(norm, start)
        {
            continue;
        }
        let after =
            deadline::find(sentence, end - sentence_start, time.date_order).filter(|found| {
                let between = &sentence[end - sentence_start..found.start];
                !CONDITIONS
                    .iter()
                    .any(|c| format!(" {between} ").contains(c))
            });
        // A time that opens the sentence belongs to the commitment too:
        // "Tomorrow morning I'll call you".
        let found = after.or_else(|| {
            deadline::find(sentence, 0, time.date_order).filter(|f| {
                let lead = sentence[..f.start].trim();
                (lead.is_empty() || SENTENCE_LEADS.contains(&lead))
                    && f.end <= start - sentence_start
            })
        });
        let Some(found) = found else { continue };
        let Some(deadline) = deadline::resolve(found.when, said, &time.calendar) else {
            continue;
        };
        if deadline <= said {
            continue;
        }
        let promise_start = start.min(sentence_start + found.start);
        let promise_end = end.max(sentence_start + found.end);
        let span = normalized.original_range(promise_start, promise_end, text);
        return Some(Promise { span, deadline });
    }
    None
}

/// When the promise was next acted on: a public human agent message, a
/// solved or closed status, or the customer saying it is done.
fn follow_up_after(
    conversation: &Conversation,
    texts: &[Option<Normalized>],
    index: usize,
    said: Timestamp,
    deadline: Timestamp,
) -> Option<Timestamp> {
    // A follow-up is a new contact: after the customer wrote, or at least
    // ten minutes on. "Anything else I can help with?" a few seconds after
    // the promise keeps nothing. A promise due within the hour ("back in
    // five minutes") is kept by any later message.
    let short_promise = deadline.duration_since(said).as_secs() <= 3600;
    let mut customer_spoke = false;
    let mut message_follow_up = None;
    for (i, message) in conversation.messages.iter().enumerate().skip(index + 1) {
        let Some(ts) = message.ts.filter(|&ts| message.public && ts >= said) else {
            continue;
        };
        let kept = match message.role {
            Role::Agent => {
                customer_spoke
                    || short_promise
                    || ts.duration_since(said).as_secs() >= FOLLOW_UP_GAP_SECONDS
            }
            Role::Customer => {
                customer_spoke = true;
                texts
                    .get(i)
                    .and_then(Option::as_ref)
                    .is_some_and(customer_says_done)
            }
            Role::Bot | Role::System => false,
        };
        if kept {
            message_follow_up = Some(ts);
            break;
        }
    }
    let resolved = conversation
        .events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::Status { status } if matches!(status.to_ascii_lowercase().as_str(), "solved" | "closed" | "resolved")))
        .filter_map(|e| e.ts)
        .filter(|&ts| ts > said)
        .min();
    match (message_follow_up, resolved) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The customer says it arrived or works, and says no trouble with it
/// ("my replacement arrived broken" is a complaint, not a confirmation).
fn customer_says_done(normalized: &Normalized) -> bool {
    let text = &normalized.text;
    DONE_BY_CUSTOMER.find_iter(text).any(|m| {
        let (start, end) = context::sentence_bounds(text, m.start(), m.end());
        !context::negated(text, m.start()) && !STILL_TROUBLE.is_match(&text[start..end])
    })
}

/// `Thu 2026-11-19 17:00 EST`: the deadline as the team's clock shows it.
fn format_deadline(deadline: Timestamp, time: &TimeSettings) -> String {
    deadline
        .to_zoned_datetime(time.calendar.zone.clone())
        .strftime("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::calendar::Calendar;

    fn settings() -> TimeSettings {
        TimeSettings {
            calendar: Calendar {
                zone: jiff::tz::TimeZone::get("America/New_York").unwrap(),
                ..Calendar::default()
            },
            ..TimeSettings::default()
        }
    }

    /// Said on Monday 2026-11-16 10:00 EST.
    fn deadline_of(text: &str) -> Option<String> {
        let said: Timestamp = "2026-11-16T15:00:00Z".parse().unwrap();
        let normalized = crate::normalize::normalize(text);
        find_promise(text, &normalized, said, &settings()).map(|p| p.deadline.to_string())
    }

    #[test]
    fn promises_and_look_alikes() {
        let thursday = Some("2026-11-19T22:00:00Z".to_string());
        for promise in [
            "I'll email you by Thursday with an update.",
            "You'll hear from us on Thursday.",
            "Expect an update from me by Thursday.",
            "We will send you the tracking number no later than Thursday.",
            "Thanks! By Thursday you'll have it, I promise.",
            "Someone from our team will call you on Thursday.",
            "I'll rebook you and DM the new itinerary by Thursday.",
            "We'll restore the backup on Thursday and confirm here.",
            "I'll be in touch on Thursday.",
            "I'll be sending the label on Thursday.",
        ] {
            assert_eq!(deadline_of(promise), thursday, "{promise:?}");
        }
        for not_a_promise in [
            "The courier expects to deliver it by Thursday.",
            "Shall I call you on Thursday?",
            "Hopefully we'll have it by Thursday.",
            "I can't promise we'll have it by Thursday.",
            "We'll send a replacement if it hasn't arrived by Thursday.",
            "You were told \"we'll call you on Thursday\" and nobody did.",
            "You'll have to wait until Thursday, sorry.",
            "I'll be away on Thursday, so Sam will look after you.",
            "We'll get back to you soon.",
            "I won't call you on Thursday.",
            "Since Thursday we'll ship from the new warehouse.",
            "We'll need your address by Thursday.",
            "We'll have to wait until Thursday.",
            "I'll be away on Thursday.",
            "We'll be closed on Thursday.",
            "If they don't respond within ten days, I'll credit your account by Thursday.",
        ] {
            assert_eq!(deadline_of(not_a_promise), None, "{not_a_promise:?}");
        }
    }
}
