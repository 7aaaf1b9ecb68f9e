//! The `timing` kind: how long customers waited, measured against the
//! channel's SLA (or the rule's own `limit`) in the business calendar.
//! Only public messages of human agents stop a wait clock: a bot's
//! auto-acknowledgement is not an answer (DESIGN §3).
//!
//! Each measure gives at most one finding per conversation, the worst
//! case, so a QA lead reads one coaching point per conversation:
//! - `first-response`: the first agent reply to a conversation the
//!   customer opened came after `first_response` (wall clock unless the
//!   SLA is written in business time);
//! - `wait`: a customer message waited longer than `wait` for the next
//!   agent reply (the first wait too: a slow first reply is a long wait);
//! - `unanswered`: the customer's last substantive message got no agent
//!   reply; due `wait` after it (counted from the next opening when sent
//!   while closed), so a message newer than the SLA is not yet unanswered;
//! - `out-of-hours`: a message sent while the team was closed was answered
//!   later than the next opening plus the SLA (for staffing: no agent is
//!   charged);
//! - `burst`: `min_messages` agent contacts within `limit` (default 24h)
//!   with no customer message between; agent messages under 10 minutes
//!   apart are one contact. Chat is exempt unless `channels` names it.

use super::{CompiledRule, finding_at};
use crate::model::{Conversation, Finding, Message, Role};
use crate::normalize::calendar::{Duration, TimeSettings, human_seconds};
use crate::normalize::normalize;
use crate::pack::Measure;
use jiff::Timestamp;
use regex::Regex;
use std::sync::LazyLock;

/// Agent messages closer together than this are one contact.
const CONTACT_GAP_SECONDS: i64 = 600;
/// The default window of a burst.
const BURST_WINDOW: Duration = Duration::Wall(86_400);
/// Channels whose bursts count when a rule names none: chat is a
/// conversation in real time, where several messages in a row are normal.
const BURST_CHANNELS: &[&str] = &["email", "social"];

/// Judges one conversation for a `timing` rule.
pub fn verdict(
    conversation: &Conversation,
    rule: &CompiledRule,
    time: &TimeSettings,
) -> Vec<Finding> {
    let channel = conversation.channel.as_deref().map(str::to_ascii_lowercase);
    if !rule.spec.channels.is_empty()
        && !channel
            .as_deref()
            .is_some_and(|c| rule.spec.channels.iter().any(|allowed| allowed == c))
    {
        return Vec::new();
    }
    let sla = time.sla_for(channel.as_deref());
    let channel_name = channel.as_deref().unwrap_or("unknown channel");
    let Some(measure) = rule.spec.measure else {
        return Vec::new();
    };
    let found = match measure {
        Measure::FirstResponse => first_response(
            conversation,
            rule,
            time,
            rule.spec.limit.unwrap_or(sla.first_response),
            channel_name,
        ),
        Measure::Wait => longest_wait(
            conversation,
            rule,
            time,
            rule.spec.limit.unwrap_or(sla.wait),
            channel_name,
        ),
        Measure::Unanswered => unanswered(
            conversation,
            rule,
            time,
            rule.spec.limit.unwrap_or(sla.wait),
            channel_name,
        ),
        Measure::OutOfHours => {
            out_of_hours(conversation, rule, time, rule.spec.limit, sla, channel_name)
        }
        Measure::Burst => {
            let exempt = rule.spec.channels.is_empty()
                && !channel
                    .as_deref()
                    .is_some_and(|c| BURST_CHANNELS.contains(&c));
            if exempt {
                None
            } else {
                burst(conversation, rule, time)
            }
        }
    };
    found.into_iter().collect()
}

fn is_customer(message: &Message) -> bool {
    message.role == Role::Customer && message.public
}

/// The first public human agent reply after message `index`.
fn next_reply(conversation: &Conversation, index: usize) -> Option<(usize, &Message)> {
    conversation
        .messages
        .iter()
        .enumerate()
        .skip(index + 1)
        .find(|(_, m)| m.is_public_agent())
}

/// `1d 3h (email SLA 24h)`-style detail for a wait.
fn waited(seconds: i64, limit: Duration, channel: &str) -> String {
    format!("{} (limit {limit} for {channel})", human_seconds(seconds))
}

fn first_response(
    conversation: &Conversation,
    rule: &CompiledRule,
    time: &TimeSettings,
    limit: Duration,
    channel: &str,
) -> Option<Finding> {
    let messages = &conversation.messages;
    let first_customer = messages.iter().position(is_customer)?;
    // A conversation the team opened has no first response to time.
    if messages[..first_customer]
        .iter()
        .any(Message::is_public_agent)
    {
        return None;
    }
    let asked = messages[first_customer].ts?;
    let (reply_index, reply) = next_reply(conversation, first_customer)?;
    let replied = reply.ts?;
    if replied <= limit.after(asked, &time.calendar) {
        return None;
    }
    let seconds = replied.duration_since(asked).as_secs();
    Some(finding_at(
        conversation,
        rule,
        first_customer,
        None,
        Some(reply.author.clone()),
        format!(
            "{}: first reply ({}) after {}",
            rule.spec.message,
            messages[reply_index].id,
            waited(seconds, limit, channel)
        ),
    ))
}

fn longest_wait(
    conversation: &Conversation,
    rule: &CompiledRule,
    time: &TimeSettings,
    limit: Duration,
    channel: &str,
) -> Option<Finding> {
    let messages = &conversation.messages;
    let mut worst: Option<(i64, usize, usize)> = None;
    for (index, message) in messages.iter().enumerate() {
        if !is_customer(message) {
            continue;
        }
        let Some(asked) = message.ts else { continue };
        let Some((reply_index, reply)) = next_reply(conversation, index) else {
            continue;
        };
        let Some(replied) = reply.ts else { continue };
        if replied <= limit.after(asked, &time.calendar) {
            continue;
        }
        let seconds = replied.duration_since(asked).as_secs();
        if worst.is_none_or(|(longest, _, _)| seconds > longest) {
            worst = Some((seconds, index, reply_index));
        }
    }
    let (seconds, index, reply_index) = worst?;
    Some(finding_at(
        conversation,
        rule,
        index,
        None,
        Some(messages[reply_index].author.clone()),
        format!(
            "{}: answered ({}) after {}",
            rule.spec.message,
            messages[reply_index].id,
            waited(seconds, limit, channel)
        ),
    ))
}

fn unanswered(
    conversation: &Conversation,
    rule: &CompiledRule,
    time: &TimeSettings,
    limit: Duration,
    channel: &str,
) -> Option<Finding> {
    let messages = &conversation.messages;
    let last_agent = messages.iter().rposition(Message::is_public_agent);
    let after = last_agent.map_or(0, |i| i + 1);
    let (index, message) = messages
        .iter()
        .enumerate()
        .skip(after)
        .find(|(_, m)| is_customer(m) && !is_pleasantry(&m.text))?;
    let asked = message.ts?;
    // A message sent while the team is closed starts waiting at the next
    // opening: nobody could have answered it before.
    let clock_starts = time.calendar.next_opening(asked);
    let due = limit.after(clock_starts, &time.calendar);
    // The agent who dropped the thread, else whoever it was handed to.
    let agent = last_agent
        .map(|i| messages[i].author.clone())
        .or_else(|| assignee(conversation));
    let mut finding = finding_at(
        conversation,
        rule,
        index,
        None,
        agent,
        format!(
            "{}: no agent reply after it (limit {limit} for {channel})",
            rule.spec.message
        ),
    );
    finding.due = Some(due);
    Some(finding)
}

/// The last person a conversation was assigned or transferred to.
fn assignee(conversation: &Conversation) -> Option<String> {
    use crate::model::EventKind;
    conversation
        .events
        .iter()
        .rev()
        .find_map(|event| match &event.kind {
            EventKind::Assign { to, .. } | EventKind::Transfer { to, .. } => to.clone(),
            EventKind::Status { .. } => None,
        })
}

fn out_of_hours(
    conversation: &Conversation,
    rule: &CompiledRule,
    time: &TimeSettings,
    limit: Option<Duration>,
    sla: crate::normalize::calendar::ChannelSla,
    channel: &str,
) -> Option<Finding> {
    let messages = &conversation.messages;
    let first_customer = messages.iter().position(is_customer);
    for (index, message) in messages.iter().enumerate() {
        if !is_customer(message) {
            continue;
        }
        let Some(asked) = message.ts else { continue };
        if time.calendar.is_open(asked) {
            continue;
        }
        let Some((reply_index, reply)) = next_reply(conversation, index) else {
            continue;
        };
        let Some(replied) = reply.ts else { continue };
        let opening = time.calendar.next_opening(asked);
        let first = Some(index) == first_customer
            && !messages[..index].iter().any(Message::is_public_agent);
        let limit = limit.unwrap_or(if first { sla.first_response } else { sla.wait });
        if replied <= limit.after(opening, &time.calendar) {
            continue;
        }
        let seconds = replied.duration_since(opening).as_secs();
        return Some(finding_at(
            conversation,
            rule,
            index,
            None,
            None,
            format!(
                "{}: answered ({}) {} after the next opening",
                rule.spec.message,
                messages[reply_index].id,
                waited(seconds, limit, channel)
            ),
        ));
    }
    None
}

fn burst(conversation: &Conversation, rule: &CompiledRule, time: &TimeSettings) -> Option<Finding> {
    let window = rule.spec.limit.unwrap_or(BURST_WINDOW);
    let needed = rule.spec.min_messages.max(2);
    let mut contacts: Vec<Timestamp> = Vec::new();
    let mut last_agent: Option<Timestamp> = None;
    for (index, message) in conversation.messages.iter().enumerate() {
        if is_customer(message) {
            contacts.clear();
            continue;
        }
        if !message.is_public_agent() {
            continue;
        }
        let Some(ts) = message.ts else { continue };
        let new_contact =
            last_agent.is_none_or(|last| ts.duration_since(last).as_secs() >= CONTACT_GAP_SECONDS);
        last_agent = Some(ts);
        if !new_contact {
            continue;
        }
        contacts.push(ts);
        if contacts.len() >= needed {
            let first = contacts[contacts.len() - needed];
            if ts <= window.after(first, &time.calendar) {
                return Some(finding_at(
                    conversation,
                    rule,
                    index,
                    None,
                    Some(message.author.clone()),
                    format!(
                        "{}: {needed} contacts in {} with no reply from the customer",
                        rule.spec.message,
                        human_seconds(ts.duration_since(first).as_secs())
                    ),
                ));
            }
        }
    }
    None
}

/// Thanks or an acknowledgement, in the languages customers close in.
static ACKNOWLEDGEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:thanks?|thank you|thx|ty|cheers|appreciated?|grazie|gracias|merci|danke|obrigad[oa]|",
        r"perfect|great|awesome|brilliant|excellent|lovely|wonderful|fantastic|yay|",
        r"works? now|worked|working now|all sorted|sorted|got it|received|that's all|bye|goodbye|",
        r"ok|okay|sounds good|will do|noted|understood|i see|makes sense|that's clear)\b"
    ))
    .expect("the acknowledgement regex is valid")
});

/// What keeps a message open even with thanks in it: a question, trouble
/// that goes on, a contrast, a request.
static NEEDS_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\?|\b(?:still|doesn't|does not|don't|didn't|did not|isn't|is not|won't|can't|cannot|",
        r"not working|broken|error|wrong|problem|issue|but|however|although|please|",
        r"can you|could you|would you|can i|could i|i need|we need|i want|we want|let me know|",
        r"unfortunately|again)\b"
    ))
    .expect("the needs-answer regex is valid")
});

/// A closing message needs no answer: thanks or an acknowledgement with no
/// question, complaint or request in it ("It's back now, thanks.", "OK,
/// we'll pick it up this afternoon.", "¡Gracias!").
fn is_pleasantry(text: &str) -> bool {
    let normalized = normalize(text);
    let text = normalized.text.as_str();
    if text.is_empty() || NEEDS_ANSWER.is_match(text) {
        return false;
    }
    if ACKNOWLEDGEMENT.is_match(text) {
        return true;
    }
    // Nothing but emoji and punctuation: a thumbs-up.
    !text.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::is_pleasantry;

    #[test]
    fn pleasantries_need_no_answer() {
        for closing in [
            "Thanks!",
            "ok great, thank you so much",
            "Perfect, thanks Dana 👍",
            "Thank you for your help, have a nice day!",
            "Cheers, bye",
            "Got it. Will do.",
            "🙏",
            "It's back now, thanks.",
            "OK, we'll pick up the loan unit this afternoon.",
            "¡Gracias!",
            "I see, I missed that email. Thanks for explaining.",
        ] {
            assert!(is_pleasantry(closing), "{closing:?}");
        }
        for question in [
            "Thanks, but when will it arrive?",
            "Thanks. Also, can I change the address",
            "ok but it still doesn't work",
            "Hello? Anyone there",
            "I'd like to change the size on order 5512 before it ships.",
            "That link gives a 404",
            "Thanks, but I still can't log in",
            "ok, please cancel it then",
            "",
        ] {
            assert!(!is_pleasantry(question), "{question:?}");
        }
    }
}
