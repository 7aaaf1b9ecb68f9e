//! The `response` kind: a trigger in one side's message ("can I speak to a
//! manager?", "my parcel never arrived") that the other side must meet
//! within its next replies, with one of the rule's `answers` ("I'll fetch
//! my supervisor", "sorry") or an answering event (a transfer). Triggers
//! are found and guarded by the shared pass; this file gives the verdict.

use super::CompiledRule;
use super::context;
use crate::model::{Conversation, EventKind, Finding, Message, Role};
use crate::normalize::normalize;
use crate::pack::Scope;

/// The first unmet trigger of the conversation, as a finding charged to
/// the agent who replied without meeting it. A trigger nobody on the other
/// side replied to at all is left to the timing rules (`unanswered`): there
/// is no reply to judge. One finding per conversation: a QA lead coaches
/// the pattern, and a customer who asks three times for a manager is one
/// refused request, not three.
pub fn verdict<'a>(
    conversation: &Conversation,
    rule: &CompiledRule,
    triggers: impl Iterator<Item = &'a Finding>,
) -> Option<Finding> {
    let replier = match rule.spec.scope {
        Scope::Customer => Role::Agent,
        Scope::Agent | Scope::Any => Role::Customer,
    };
    // Every public message of the replying side, with its position.
    let all: Vec<(usize, &Message)> = conversation
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.role == replier && m.public)
        .collect();
    for trigger in triggers {
        let replies: Vec<&Message> = all
            .iter()
            .filter(|(i, _)| *i > trigger.message_index)
            .map(|&(_, m)| m)
            .collect();
        let Some(first) = replies.first() else {
            continue;
        };
        // With no window the rule asks whether the other side *ever* met
        // it: an apology before the customer's second complaint counts.
        let everyone: Vec<&Message>;
        let window = match rule.spec.within {
            0 => {
                everyone = all.iter().map(|&(_, m)| m).collect();
                &everyone[..]
            }
            n => &replies[..n.min(replies.len())],
        };
        if window.iter().any(|m| answers(rule, m))
            || answered_by_event(conversation, rule, trigger, &replies)
        {
            // With no window, every later trigger's replies are a part of
            // this one's: once met, the conversation is.
            if rule.spec.within == 0 {
                return None;
            }
            continue;
        }
        let mut finding = trigger.clone();
        if replier == Role::Agent {
            finding.agent = Some(first.author.clone());
        }
        return Some(finding);
    }
    None
}

/// True when the message says one of the rule's answers, in its own words:
/// not negated or refused ("I won't transfer you", "I can't get a manager
/// to call you"), not quoted, not on quoted email history.
fn answers(rule: &CompiledRule, message: &Message) -> bool {
    let Some(matcher) = &rule.answers else {
        return false;
    };
    let normalized = normalize(&message.text);
    let text = &normalized.text;
    let mut spans = Vec::new();
    matcher.hits(text, &mut spans);
    if spans.is_empty() {
        return false;
    }
    let quotes = context::quoted_spans(text);
    spans.iter().any(|&(start, end)| {
        let (from, _) = normalized.original_range(start, end, &message.text);
        !context::negated(text, start)
            && !context::refused(text, start)
            && !context::inside(&quotes, start, end)
            && !context::on_quoted_line(&message.text, from)
    })
}

/// True when an answering event (a transfer, an assignment) happened after
/// the trigger and before the first reply beyond the window.
fn answered_by_event(
    conversation: &Conversation,
    rule: &CompiledRule,
    trigger: &Finding,
    replies: &[&Message],
) -> bool {
    if rule.spec.answer_events.is_empty() {
        return false;
    }
    // The agent who replied to the trigger: an assignment to them is no
    // escalation.
    let refused_by = replies.first().map(|m| m.author.as_str());
    // With no window the rule asks whether the escalation ever happened,
    // as it does for answers.
    if rule.spec.within == 0 {
        return conversation
            .events
            .iter()
            .any(|e| answering(rule, &e.kind, refused_by));
    }
    let Some(from) = trigger.ts else {
        // Without times an event cannot be placed; give the benefit of the
        // doubt to any answering event at all.
        return conversation
            .events
            .iter()
            .any(|e| answering(rule, &e.kind, refused_by));
    };
    let until = replies.get(rule.spec.within).and_then(|m| m.ts);
    conversation.events.iter().any(|event| {
        answering(rule, &event.kind, refused_by)
            && event
                .ts
                .is_none_or(|ts| ts >= from && until.is_none_or(|u| ts <= u))
    })
}

/// Whether an event is an answer the rule accepts: a transfer, or a
/// reassignment to someone else; not the first assignment of a new
/// conversation, and not one back to the agent who refused.
fn answering(rule: &CompiledRule, kind: &EventKind, refused_by: Option<&str>) -> bool {
    let (name, to) = match kind {
        EventKind::Transfer { to, .. } => ("transfer", to),
        EventKind::Assign { from, to } => {
            if from.is_none() || from == to {
                return false;
            }
            ("assign", to)
        }
        EventKind::Status { .. } => return false,
    };
    if to.is_some() && to.as_deref() == refused_by {
        return false;
    }
    rule.spec.answer_events.iter().any(|e| e == name)
}
