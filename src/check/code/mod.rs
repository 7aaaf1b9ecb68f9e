//! The `code` kind: named checks that need more than phrases, written in
//! Rust and switched on by a rule with `code = "…"`. Each check reads the
//! whole conversation and returns its findings.

mod asked_again;
mod deadlines;
pub(crate) mod language;
mod names;
pub mod template_reply;
pub mod template_text;

use super::{CompiledRule, finding_at};
use crate::model::{Conversation, Finding, PromiseRecord};
use crate::normalize::Normalized;
use crate::normalize::calendar::TimeSettings;
use crate::pack::CodeCheck;
use jiff::Timestamp;
use template_reply::TemplateUse;

/// What the checks record besides findings: the dated promises the
/// deadline check judged, and the replies fingerprinted for the corpus
/// pass of the template check.
#[derive(Debug, Default)]
pub struct Records {
    pub promises: Vec<PromiseRecord>,
    pub template_uses: Vec<TemplateUse>,
}

/// Runs the named check of `rule` over `conversation`.
pub fn run(
    conversation: &Conversation,
    texts: &[Option<Normalized>],
    rule: &CompiledRule,
    time: &TimeSettings,
    findings: &mut Vec<Finding>,
    records: &mut Records,
) {
    let Some(code) = rule.spec.code else {
        return;
    };
    let found = match code {
        CodeCheck::AskedAgain => asked_again::check(conversation),
        CodeCheck::WrongName => names::wrong_names(conversation),
        CodeCheck::NoName => names::no_name(conversation, rule.spec.min_messages),
        CodeCheck::LanguageMismatch => language::check(conversation),
        CodeCheck::MissedDeadline => {
            deadlines::check(conversation, texts, time, &mut records.promises)
        }
        CodeCheck::TemplateReply => {
            template_reply::check(conversation, texts, &mut records.template_uses)
        }
        CodeCheck::BrokenPlaceholder
        | CodeCheck::PlaceholderWithoutFallback
        | CodeCheck::TooLong
        | CodeCheck::Shouting
        | CodeCheck::HardToRead => template_text::check(conversation, code),
    };
    findings.extend(
        found
            .into_iter()
            .map(|hit| hit.into_finding(conversation, rule)),
    );
}

/// What a check found: the message, an optional span in its original text,
/// the agent charged, a detail appended to the rule's message, and when
/// the finding waits on the as-of time, the instant it must pass.
#[derive(Default)]
pub struct Hit {
    pub index: usize,
    pub span: Option<(usize, usize)>,
    pub agent: Option<String>,
    pub detail: String,
    pub due: Option<Timestamp>,
    /// The reply's fingerprint, when the finding stands only if the reply
    /// is a template.
    pub template: Option<u64>,
}

impl Hit {
    fn into_finding(self, conversation: &Conversation, rule: &CompiledRule) -> Finding {
        let message = if self.detail.is_empty() {
            rule.spec.message.clone()
        } else {
            format!("{}: {}", rule.spec.message, self.detail)
        };
        let mut finding = finding_at(
            conversation,
            rule,
            self.index,
            self.span,
            self.agent,
            message,
        );
        finding.due = self.due;
        finding.template = self.template;
        finding
    }
}
