//! The `count` kind: a runaround, counted. A conversation with at least
//! `min_handoffs` hand-offs (transfer events, reassignments between people
//! or teams, or agent messages that say "I'm transferring you") or at least
//! `min_agents` distinct human agents.

use super::{CompiledRule, finding_at};
use crate::model::{Conversation, EventKind, Finding, Role};

/// One hand-off: the message it is pinned to and the agent who made it.
struct Handoff {
    index: usize,
    agent: Option<String>,
}

/// The finding for a conversation that passed a threshold, pinned to the
/// hand-off (or the first message of the agent) that passed it and charged
/// to the agent who handed the customer on. `phrase_handoffs` are the
/// indices of agent messages whose hand-off phrase passed the guards.
pub fn verdict(
    conversation: &Conversation,
    rule: &CompiledRule,
    phrase_handoffs: &[usize],
) -> Option<Finding> {
    let from_events = event_handoffs(conversation);
    let from_phrases: Vec<Handoff> = phrase_handoffs
        .iter()
        .map(|&index| Handoff {
            index,
            agent: Some(conversation.messages[index].author.clone()),
        })
        .collect();
    // An export that records transfers as events usually also has the
    // agent saying so; counting both would count each hand-off twice.
    let mut handoffs = if from_events.len() >= from_phrases.len() {
        from_events
    } else {
        from_phrases
    };
    handoffs.sort_by_key(|h| h.index);
    let agents = distinct_agents(conversation);
    let (pin, agent) = if handoffs.len() >= rule.spec.min_handoffs {
        let passing = &handoffs[rule.spec.min_handoffs - 1];
        (passing.index, passing.agent.clone())
    } else if agents.len() >= rule.spec.min_agents {
        let first_of_last = agents[rule.spec.min_agents - 1];
        let previous = conversation.messages[..first_of_last]
            .iter()
            .rev()
            .find(|m| m.is_public_agent())
            .map(|m| m.author.clone());
        (first_of_last, previous)
    } else {
        return None;
    };
    conversation.messages.get(pin)?;
    let message = format!(
        "{} ({} hand-off{}, {} agent{})",
        rule.spec.message,
        handoffs.len(),
        if handoffs.len() == 1 { "" } else { "s" },
        agents.len(),
        if agents.len() == 1 { "" } else { "s" },
    );
    Some(finding_at(conversation, rule, pin, None, agent, message))
}

/// Transfers, and reassignments from one owner to another (the first
/// assignment of a new conversation is not a hand-off), each pinned to the
/// last public agent message at or before it.
fn event_handoffs(conversation: &Conversation) -> Vec<Handoff> {
    let mut handoffs = Vec::new();
    // A bot passing the customer to a human is the front door, not a
    // runaround.
    let is_bot = |name: &Option<String>| {
        name.as_ref().is_some_and(|name| {
            conversation
                .messages
                .iter()
                .any(|m| m.role == Role::Bot && &m.author == name)
        })
    };
    for event in &conversation.events {
        let counts = match &event.kind {
            EventKind::Transfer { from, .. } => !is_bot(from),
            EventKind::Assign { from, to } => {
                from.is_some() && to.is_some() && from != to && !is_bot(from)
            }
            EventKind::Status { .. } => false,
        };
        if !counts {
            continue;
        }
        let from = match &event.kind {
            EventKind::Transfer { from, .. } | EventKind::Assign { from, .. } => from.clone(),
            EventKind::Status { .. } => continue,
        };
        // Pinned to the last public agent message before the event; with no
        // times to compare, to the last message of the agent it came from.
        let before = conversation.messages.iter().enumerate().rfind(|(_, m)| {
            m.is_public_agent()
                && match (m.ts, event.ts) {
                    (Some(m), Some(e)) => m <= e,
                    _ => from.as_deref() == Some(m.author.as_str()),
                }
        });
        let (index, agent) = match before {
            Some((i, m)) => (i, Some(m.author.clone())),
            None => (0, from),
        };
        handoffs.push(Handoff { index, agent });
    }
    handoffs
}

/// The index of each distinct human agent's first public message, in
/// order. Bots are not agents.
fn distinct_agents(conversation: &Conversation) -> Vec<usize> {
    let mut seen: Vec<&str> = Vec::new();
    let mut firsts = Vec::new();
    for (index, message) in conversation.messages.iter().enumerate() {
        if message.role == Role::Agent && message.public && !seen.contains(&message.author.as_str())
        {
            seen.push(&message.author);
            firsts.push(index);
        }
    }
    firsts
}
