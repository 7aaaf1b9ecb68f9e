//! The `code` kind: named checks that need more than phrases, written in
//! Rust and switched on by a rule with `code = "…"`. Each check reads the
//! whole conversation and returns its findings.

mod asked_again;
mod language;
mod names;

use super::{CompiledRule, finding_at};
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
        let message = if self.detail.is_empty() {
            rule.spec.message.clone()
        } else {
            format!("{}: {}", rule.spec.message, self.detail)
        };
        finding_at(
            conversation,
            rule,
            self.index,
            self.span,
            self.agent,
            message,
        )
    }
}
