//! The `code` kind: named checks that need more than phrases, written in
//! Rust and switched on by a rule with `code = "…"`. Each check reads the
//! whole conversation and returns its findings.

mod asked_again;
mod language;
mod names;

use super::CompiledRule;
use super::context;
use crate::model::{Conversation, Finding};
use crate::pack::CodeCheck;

/// Runs the named check of `rule` over `conversation`.
pub fn run(conversation: &Conversation, rule: &CompiledRule, findings: &mut Vec<Finding>) {
    let Some(code) = rule.spec.code else {
        return;
    };
    let found = match code {
        CodeCheck::AskedAgain => asked_again::check(conversation),
        CodeCheck::WrongName => names::wrong_names(conversation),
        CodeCheck::NoName => names::no_name(conversation, rule.spec.min_messages),
        CodeCheck::LanguageMismatch => language::check(conversation),
    };
    findings.extend(
        found
            .into_iter()
            .map(|hit| hit.into_finding(conversation, rule)),
    );
}

/// What a check found: the message, an optional span in its original text,
/// the agent charged, and a detail appended to the rule's message.
pub struct Hit {
    pub index: usize,
    pub span: Option<(usize, usize)>,
    pub agent: Option<String>,
    pub detail: String,
}

impl Hit {
    fn into_finding(self, conversation: &Conversation, rule: &CompiledRule) -> Finding {
        let message = &conversation.messages[self.index];
        let excerpt = match self.span {
            Some((from, to)) => context::excerpt(&message.text, from, to),
            None => context::opening(&message.text),
        };
        Finding {
            rule: rule.spec.id.clone(),
            severity: rule.spec.severity,
            conversation_id: conversation.id.clone(),
            message_id: Some(message.id.clone()),
            agent: self.agent,
            ts: message.ts,
            start: self.span.map(|s| s.0),
            end: self.span.map(|s| s.1),
            excerpt,
            message: if self.detail.is_empty() {
                rule.spec.message.clone()
            } else {
                format!("{}: {}", rule.spec.message, self.detail)
            },
            charge: rule.spec.charge,
            message_index: self.index,
            origin: conversation.origin.clone(),
        }
    }
}
