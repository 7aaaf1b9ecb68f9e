//! Checks: compiles validated rule specs into matchers once, then judges a
//! conversation without failing. One file per rule kind; this file holds
//! the shared pass over a conversation's messages, which finds every
//! phrase and pattern candidate, and hands the conversation-level kinds
//! (absence, response, count, code) what they need for their verdicts.

pub mod absence;
pub mod code;
pub mod context;
pub mod count;
pub mod examples;
pub mod pattern;
pub mod phrase;
pub mod response;
pub mod timing;

use crate::model::{Charge, Conversation, Finding, Message, Role};
use crate::normalize::calendar::TimeSettings;
use crate::normalize::{Normalized, normalize};
use crate::pack::{Kind, RuleSpec, Scope, UnlessScope};
use jiff::Timestamp;
use pattern::{PatternMatcher, PatternSet};
use phrase::{PhraseAutomaton, PhraseHit};
use std::collections::HashSet;

/// Position of a rule in its [`RuleSet`].
pub type RuleIndex = usize;

/// A rule ready to judge. Its phrases live in the shared per-role
/// automata; its regexes here.
#[derive(Debug)]
pub struct CompiledRule {
    pub spec: RuleSpec,
    /// `unless` phrases, normalised.
    unless: phrase::PhraseList,
    /// `requires` phrases, normalised.
    requires: phrase::PhraseList,
    /// `patterns`, when the rule has any.
    patterns: Option<PatternMatcher>,
    /// `answers` of a `response` rule.
    pub answers: Option<PatternMatcher>,
}

impl CompiledRule {
    fn reads_role(&self, role: Role) -> bool {
        match self.spec.scope {
            Scope::Agent => role == Role::Agent,
            Scope::Customer => role == Role::Customer,
            Scope::Any => matches!(role, Role::Agent | Role::Customer),
        }
    }

    /// Bots and system messages are never judged; internal notes only by
    /// rules that ask for them.
    fn reads(&self, message: &Message) -> bool {
        self.reads_role(message.role) && (message.public || self.spec.notes)
    }
}

/// Every enabled rule, compiled once and shared by all worker threads.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<CompiledRule>,
    customer_phrases: PhraseAutomaton,
    agent_phrases: PhraseAutomaton,
    /// Pattern rules, by role, so a message only runs the regexes that can
    /// judge it.
    customer_patterns: Vec<RuleIndex>,
    agent_patterns: Vec<RuleIndex>,
    /// All the patterns of those rules in one set each, in the same order.
    customer_pattern_set: PatternSet,
    agent_pattern_set: PatternSet,
    /// The business calendar and SLAs the timing and deadline rules use.
    time: TimeSettings,
}

/// What judging one conversation found: its findings, some of which may
/// wait on the run's as-of time (`Finding::due`), and the dated promises
/// its agents made.
#[derive(Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub records: code::Records,
}

impl Analysis {
    /// The findings that stand at `as_of`, judged as one conversation
    /// alone: with no corpus, no reply is known to be a template.
    pub fn standing(&self, as_of: Option<Timestamp>) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.stands_at(as_of) && f.template.is_none())
    }
}

/// Each message's matching text (`None` for bots and system messages,
/// which no rule reads), as the main pass makes them.
pub fn normalized_texts(conversation: &Conversation) -> Vec<Option<Normalized>> {
    conversation
        .messages
        .iter()
        .map(|m| matches!(m.role, Role::Agent | Role::Customer).then(|| normalize(&m.text)))
        .collect()
}

/// The newest message time of a conversation: the least the run's as-of
/// time can be.
pub fn newest(conversation: &Conversation) -> Option<Timestamp> {
    conversation.messages.iter().filter_map(|m| m.ts).max()
}

impl RuleSet {
    /// Compiles the rules. Specs were validated when their pack loaded, so
    /// an error here means a pack bypassed validation.
    pub fn compile(specs: Vec<RuleSpec>) -> Result<RuleSet, String> {
        let mut rules = Vec::with_capacity(specs.len());
        for spec in specs {
            let compile = |list: &[String]| {
                (!list.is_empty())
                    .then(|| PatternMatcher::compile(list))
                    .transpose()
            };
            if spec.kind == Kind::Count && (spec.min_handoffs == 0 || spec.min_agents == 0) {
                return Err(format!(
                    "{}: min_handoffs and min_agents must be at least 1",
                    spec.id
                ));
            }
            let patterns = compile(&spec.patterns)?;
            let answers = compile(&spec.answers)?;
            let normalized = |list: &[String]| -> Vec<String> {
                list.iter().map(|u| normalize(u).text).collect()
            };
            let unless = phrase::PhraseList::new(&normalized(&spec.unless))?;
            let requires = phrase::PhraseList::new(&normalized(&spec.requires))?;
            rules.push(CompiledRule {
                spec,
                unless,
                requires,
                patterns,
                answers,
            });
        }
        let phrases_for = |role: Role| -> Vec<(RuleIndex, &str)> {
            rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.reads_role(role))
                .flat_map(|(i, r)| r.spec.phrases.iter().map(move |p| (i, p.as_str())))
                .collect()
        };
        let customer_phrases = PhraseAutomaton::build(phrases_for(Role::Customer))?;
        let agent_phrases = PhraseAutomaton::build(phrases_for(Role::Agent))?;
        let patterns_for = |role: Role| -> Vec<RuleIndex> {
            rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.reads_role(role) && r.patterns.is_some())
                .map(|(i, _)| i)
                .collect()
        };
        let customer_patterns = patterns_for(Role::Customer);
        let agent_patterns = patterns_for(Role::Agent);
        let set_of = |indices: &[RuleIndex]| {
            PatternSet::build(indices.iter().filter_map(|&i| rules[i].patterns.as_ref()))
        };
        let customer_pattern_set = set_of(&customer_patterns)?;
        let agent_pattern_set = set_of(&agent_patterns)?;
        Ok(RuleSet {
            rules,
            customer_phrases,
            agent_phrases,
            customer_patterns,
            agent_patterns,
            customer_pattern_set,
            agent_pattern_set,
            time: TimeSettings::default(),
        })
    }

    /// Uses the team's calendar and SLAs instead of the defaults.
    pub fn with_time(mut self, time: TimeSettings) -> RuleSet {
        self.time = time;
        self
    }

    /// The enabled rules, in pack order.
    pub fn specs(&self) -> impl Iterator<Item = &RuleSpec> {
        self.rules.iter().map(|r| &r.spec)
    }

    /// Judges one conversation as if the run ended with it: the findings
    /// that stand at its newest message, in message order.
    pub fn analyze(&self, conversation: &Conversation) -> Vec<Finding> {
        let analysis = self.judge(conversation);
        let as_of = newest(conversation);
        analysis.standing(as_of).cloned().collect()
    }

    /// Reads the messages of `conversations` with the shared automata, one
    /// stage at a time over all of them: every message is normalised, then
    /// the phrase automata read every text, then the pattern sets do. Each
    /// automaton's tables then stay in the CPU cache from one message to
    /// the next, instead of being pushed out by the other stages and the
    /// code checks between two messages (the set scanned four times slower
    /// so).
    pub fn scan(&self, conversations: &[&Conversation]) -> Vec<Scan> {
        let mut scans: Vec<Scan> = conversations
            .iter()
            .map(|conversation| Scan {
                texts: conversation
                    .messages
                    .iter()
                    .map(|m| self.matchers_for(m.role).map(|_| normalize(&m.text)))
                    .collect(),
                ..Scan::default()
            })
            .collect();
        for (conversation, scan) in conversations.iter().zip(&mut scans) {
            for (message, text) in conversation.messages.iter().zip(&scan.texts) {
                if let (Some(text), Some(matchers)) = (text, self.matchers_for(message.role)) {
                    matchers.phrases.hits(&text.text, &mut scan.hits);
                }
                scan.hit_ends.push(scan.hits.len());
            }
        }
        let mut found = Vec::new();
        for (conversation, scan) in conversations.iter().zip(&mut scans) {
            for (message, text) in conversation.messages.iter().zip(&scan.texts) {
                if let (Some(text), Some(matchers)) = (text, self.matchers_for(message.role)) {
                    matchers.pattern_set.candidates(&text.text, &mut found);
                    scan.candidates.extend_from_slice(&found);
                }
                scan.candidate_ends.push(scan.candidates.len());
            }
        }
        scans
    }

    /// The shared matchers of the rules that read `role`'s messages; none
    /// for bots and system notes, whose messages no rule reads.
    fn matchers_for(&self, role: Role) -> Option<RoleMatchers<'_>> {
        match role {
            Role::Customer => Some(RoleMatchers {
                phrases: &self.customer_phrases,
                patterns: &self.customer_patterns,
                pattern_set: &self.customer_pattern_set,
            }),
            Role::Agent => Some(RoleMatchers {
                phrases: &self.agent_phrases,
                patterns: &self.agent_patterns,
                pattern_set: &self.agent_pattern_set,
            }),
            Role::Bot | Role::System => None,
        }
    }

    /// Judges one conversation. Findings come out in message order; those
    /// that depend on the run's as-of time carry `due`.
    pub fn judge(&self, conversation: &Conversation) -> Analysis {
        let scans = self.scan(&[conversation]);
        self.judge_all(&[conversation], scans)
            .pop()
            .unwrap_or_default()
    }

    /// [`RuleSet::judge`] for each of `conversations`, already
    /// [scanned](RuleSet::scan). Each rule's conversation-level verdict
    /// runs over all of them before the next rule's, for the reason the
    /// scan goes stage by stage: a code check's regexes and tables stay in
    /// the CPU cache from one conversation to the next.
    pub fn judge_all(&self, conversations: &[&Conversation], scans: Vec<Scan>) -> Vec<Analysis> {
        let mut states: Vec<Judging> = conversations
            .iter()
            .zip(scans)
            .map(|(conversation, scan)| self.read_messages(conversation, scan))
            .collect();
        for (rule_index, rule) in self.rules.iter().enumerate() {
            for (conversation, state) in conversations.iter().zip(&mut states) {
                self.verdict(rule_index, rule, conversation, state);
            }
        }
        states
            .into_iter()
            .map(|state| {
                let mut findings = state.findings;
                findings.sort_by_key(|f| (f.message_index, f.start, f.rule.clone()));
                Analysis {
                    findings,
                    records: state.records,
                }
            })
            .collect()
    }

    /// The pass over one scanned conversation's messages: the findings of
    /// the message-level kinds, and what the conversation-level verdicts
    /// need.
    fn read_messages<'c>(&'c self, conversation: &'c Conversation, scan: Scan) -> Judging<'c> {
        let mut pending = Pending::default();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut fired: Vec<RuleIndex> = Vec::new();
        for (index, message) in conversation.messages.iter().enumerate() {
            let (Some(matchers), Some(normalized)) =
                (self.matchers_for(message.role), &scan.texts[index])
            else {
                continue;
            };
            let patterns = matchers.patterns;
            let mut judge = MessageJudge::new(conversation, index, normalized);
            fired.clear();
            for hit in scan.hits_of(index) {
                let rule = &self.rules[hit.rule];
                if !rule.reads(message) || fired.contains(&hit.rule) {
                    continue;
                }
                if self.candidate(
                    hit.rule,
                    &mut judge,
                    &message.author,
                    hit.start,
                    hit.end,
                    &mut pending,
                ) {
                    fired.push(hit.rule);
                }
            }
            let candidates = scan.candidates_of(index);
            for (slot, &rule_index) in patterns.iter().enumerate() {
                let rule = &self.rules[rule_index];
                let Some(matcher) = &rule.patterns else {
                    continue;
                };
                if !rule.reads(message)
                    || fired.contains(&rule_index)
                    || !candidates.iter().any(|&(s, _)| s == slot)
                {
                    continue;
                }
                spans.clear();
                matcher.hits_of(
                    &normalized.text,
                    |regex| candidates.contains(&(slot, regex)),
                    &mut spans,
                );
                for &(start, end) in &spans {
                    if self.candidate(
                        rule_index,
                        &mut judge,
                        &message.author,
                        start,
                        end,
                        &mut pending,
                    ) {
                        break;
                    }
                }
            }
        }
        Judging {
            findings: std::mem::take(&mut pending.findings),
            pending,
            texts: scan.texts,
            records: code::Records::default(),
            languages: LanguageMemo::default(),
        }
    }

    /// One rule's conversation-level verdict on a conversation whose
    /// messages were read, added to its findings.
    fn verdict<'c>(
        &'c self,
        rule_index: RuleIndex,
        rule: &'c CompiledRule,
        conversation: &'c Conversation,
        state: &mut Judging<'c>,
    ) {
        let findings = &mut state.findings;
        let pending = &state.pending;
        match rule.spec.kind {
            Kind::Absence => absence_findings(
                conversation,
                rule_index,
                rule,
                &pending.said,
                &mut state.languages,
                findings,
            ),
            Kind::Response => findings.extend(response::verdict(
                conversation,
                rule,
                pending
                    .triggers
                    .iter()
                    .filter(|(r, _)| *r == rule_index)
                    .map(|(_, f)| f),
            )),
            Kind::Count => {
                let handoffs: Vec<usize> = pending
                    .handoffs
                    .iter()
                    .filter(|(r, _)| *r == rule_index)
                    .map(|&(_, i)| i)
                    .collect();
                findings.extend(count::verdict(conversation, rule, &handoffs));
            }
            Kind::Code => code::run(
                conversation,
                &state.texts,
                rule,
                &self.time,
                findings,
                &mut state.records,
            ),
            Kind::Timing => findings.extend(timing::verdict(conversation, rule, &self.time)),
            Kind::Phrase | Kind::Pattern => {}
        }
    }

    /// Handles one candidate match of a rule in the judged message; true
    /// when it was taken (the rule needs no more candidates there).
    fn candidate<'c>(
        &self,
        rule_index: RuleIndex,
        judge: &mut MessageJudge<'_>,
        author: &'c str,
        start: usize,
        end: usize,
        pending: &mut Pending<'c>,
    ) -> bool {
        let rule = &self.rules[rule_index];
        match rule.spec.kind {
            Kind::Absence => {
                if !judge.really_said(start, end) {
                    return false;
                }
                pending.said.insert((rule_index, author));
            }
            Kind::Phrase | Kind::Pattern => match judge.accept(rule, start, end) {
                Some(finding) => pending.findings.push(finding),
                None => return false,
            },
            Kind::Response => match judge.accept(rule, start, end) {
                Some(finding) => pending.triggers.push((rule_index, finding)),
                None => return false,
            },
            Kind::Count => {
                if judge.accept(rule, start, end).is_none() {
                    return false;
                }
                pending.handoffs.push((rule_index, judge.index));
            }
            Kind::Code | Kind::Timing => return false,
        }
        true
    }
}

/// What the shared automata find in one conversation's messages
/// ([`RuleSet::scan`]): each message's matching text (`None` for bots and
/// system notes) and, message by message, its phrase hits and the pattern
/// set's candidates.
#[derive(Debug, Default)]
pub struct Scan {
    texts: Vec<Option<Normalized>>,
    hits: Vec<PhraseHit>,
    /// Where each message's hits end in `hits`.
    hit_ends: Vec<usize>,
    candidates: Vec<(usize, usize)>,
    /// Where each message's candidates end in `candidates`.
    candidate_ends: Vec<usize>,
}

impl Scan {
    fn hits_of(&self, index: usize) -> &[PhraseHit] {
        &self.hits[range_of(&self.hit_ends, index)]
    }

    fn candidates_of(&self, index: usize) -> &[(usize, usize)] {
        &self.candidates[range_of(&self.candidate_ends, index)]
    }
}

/// Item `index`'s range in a list laid out item after item, given where
/// each item ends.
fn range_of(ends: &[usize], index: usize) -> std::ops::Range<usize> {
    let start = index.checked_sub(1).map_or(0, |before| ends[before]);
    start..ends[index]
}

/// One role's shared matchers: its phrase automaton, its pattern rules in
/// the order of its set's slots, and the set.
#[derive(Clone, Copy)]
struct RoleMatchers<'a> {
    phrases: &'a PhraseAutomaton,
    patterns: &'a [RuleIndex],
    pattern_set: &'a PatternSet,
}

/// A conversation between the pass over its messages and the end of its
/// conversation-level verdicts.
struct Judging<'c> {
    /// Its findings so far, in no order yet.
    findings: Vec<Finding>,
    pending: Pending<'c>,
    /// Each message's matching text, lent to the code checks.
    texts: Vec<Option<Normalized>>,
    records: code::Records,
    languages: LanguageMemo<'c>,
}

/// What the pass over messages finds, and what it leaves for the
/// conversation-level verdicts.
#[derive(Default)]
struct Pending<'a> {
    /// Findings of the message-level kinds.
    findings: Vec<Finding>,
    /// (absence rule, author) pairs that said one of the phrases.
    said: HashSet<(RuleIndex, &'a str)>,
    /// Trigger matches of response rules, as findings-to-be.
    triggers: Vec<(RuleIndex, Finding)>,
    /// Messages with a hand-off phrase, per count rule.
    handoffs: Vec<(RuleIndex, usize)>,
}

/// Judges candidate matches in one message against the precision guards.
struct MessageJudge<'a> {
    conversation: &'a Conversation,
    index: usize,
    message: &'a Message,
    normalized: &'a Normalized,
    /// Quotations in the normalised text, found on first need.
    quotes: Option<Vec<(usize, usize)>>,
}

impl<'a> MessageJudge<'a> {
    fn new(conversation: &'a Conversation, index: usize, normalized: &'a Normalized) -> Self {
        MessageJudge {
            conversation,
            index,
            message: &conversation.messages[index],
            normalized,
            quotes: None,
        }
    }

    /// Whether an absence phrase at this span was said by the author: not
    /// quoted, not on quoted email history, and not the causal "thanks to
    /// a mix-up" that thanks nobody.
    fn really_said(&mut self, start: usize, end: usize) -> bool {
        let text = &self.normalized.text;
        let (from, _) = self
            .normalized
            .original_range(start, end, &self.message.text);
        let quotes = self
            .quotes
            .get_or_insert_with(|| context::quoted_spans(text));
        if context::inside(quotes, start, end) || context::on_quoted_line(&self.message.text, from)
        {
            return false;
        }
        let after = &text[end..];
        match after.strip_prefix(" to ") {
            Some(object) => ["you", "your", "everyone", "all", "both"]
                .iter()
                .any(|w| object.split(' ').next() == Some(*w)),
            None => true,
        }
    }

    /// A finding for `rule` at the normalised span, unless the span is
    /// quoted, negated or cancelled by an `unless` phrase.
    fn accept(&mut self, rule: &CompiledRule, start: usize, end: usize) -> Option<Finding> {
        let text = &self.normalized.text;
        // A pattern may anchor on the end of the previous sentence (". again,
        // my order…"); the match starts at its first word, so the guards read
        // the right clause and the quote starts where the words do.
        let start = text[start..end]
            .find(crate::normalize::text::is_word_char)
            .map_or(start, |skip| start + skip);
        let original = &self.message.text;
        let (from, to) = self.normalized.original_range(start, end, original);
        if rule.spec.skip_quoted {
            let quotes = self
                .quotes
                .get_or_insert_with(|| context::quoted_spans(text));
            if context::inside(quotes, start, end)
                || context::on_quoted_line(original, from)
                || context::reported(text, start)
            {
                return None;
            }
        }
        // Quoted history in the message itself also shows an earlier
        // exchange: an email chasing unanswered ones.
        if rule.spec.after_agent
            && !self.conversation.messages[..self.index]
                .iter()
                .any(Message::is_public_agent)
            && !original.lines().any(|l| l.trim_start().starts_with('>'))
        {
            return None;
        }
        if rule.spec.skip_negated && context::negated(text, start) {
            return None;
        }
        if !rule.requires.is_empty() && !rule.requires.found_in(text) {
            return None;
        }
        if !rule.unless.is_empty() {
            let region = match rule.spec.unless_scope {
                UnlessScope::Message => text.as_str(),
                UnlessScope::Sentence => {
                    let (s, e) = context::sentence_bounds(text, start, end);
                    &text[s..e]
                }
            };
            if rule.unless.found_in(region) {
                return None;
            }
        }
        Some(finding_at(
            self.conversation,
            rule,
            self.index,
            Some((from, to)),
            charged_agent(self.conversation, self.index),
            rule.spec.message.clone(),
        ))
    }
}

/// A finding of `rule` on message `index`, charged to `agent`: it quotes
/// `span` (byte offsets into the message text), or the message's opening
/// when the mistake belongs to the conversation rather than to words.
fn finding_at(
    conversation: &Conversation,
    rule: &CompiledRule,
    index: usize,
    span: Option<(usize, usize)>,
    agent: Option<String>,
    message: String,
) -> Finding {
    let pinned = &conversation.messages[index];
    Finding {
        rule: rule.spec.id.clone(),
        severity: rule.spec.severity,
        conversation_id: conversation.id.clone(),
        message_id: Some(pinned.id.clone()),
        agent,
        ts: pinned.ts,
        start: span.map(|s| s.0),
        end: span.map(|s| s.1),
        excerpt: match span {
            Some((from, to)) => context::excerpt(&pinned.text, from, to),
            None => context::opening(&pinned.text),
        },
        message,
        charge: rule.spec.charge,
        message_index: index,
        due: None,
        template: None,
        origin: conversation.origin.clone(),
    }
}

/// The agent a finding on message `index` is charged to: its author for an
/// agent message; for a customer message, the agent who spoke last before
/// it, or else the first one after it.
pub fn charged_agent(conversation: &Conversation, index: usize) -> Option<String> {
    let message = &conversation.messages[index];
    if message.role == Role::Agent {
        return Some(message.author.clone());
    }
    let is_agent = |m: &&Message| m.role == Role::Agent && m.public;
    conversation.messages[..index]
        .iter()
        .rev()
        .find(is_agent)
        .or_else(|| conversation.messages[index + 1..].iter().find(is_agent))
        .map(|m| m.author.clone())
}

/// Whether a participant wrote in another language than a pack's, per
/// (role, author, pack language): several absence rules ask the same
/// question of one person, and the detector is costly.
#[derive(Default)]
struct LanguageMemo<'c> {
    answers: Vec<(Role, &'c str, &'c str, bool)>,
}

fn absence_findings<'c>(
    conversation: &'c Conversation,
    rule_index: RuleIndex,
    rule: &'c CompiledRule,
    said: &HashSet<(RuleIndex, &str)>,
    languages: &mut LanguageMemo<'c>,
    findings: &mut Vec<Finding>,
) {
    let (role, other) = match rule.spec.scope {
        Scope::Customer => (Role::Customer, Role::Agent),
        Scope::Agent | Scope::Any => (Role::Agent, Role::Customer),
    };
    // Nobody owes thanks or an apology to a side that never spoke.
    if !conversation
        .messages
        .iter()
        .any(|m| m.role == other && m.public)
    {
        return;
    }
    for (author, messages) in absence::participants(conversation, role, rule.spec.min_messages) {
        if said.contains(&(rule_index, author)) {
            continue;
        }
        let language = rule.spec.language.as_str();
        let known = languages
            .answers
            .iter()
            .find(|(r, a, l, _)| *r == role && *a == author && *l == language)
            .map(|&(_, _, _, other)| other);
        let other = known.unwrap_or_else(|| {
            let texts: Vec<&Message> = messages.iter().map(|(_, m)| *m).collect();
            let other = absence::in_other_language(&texts, language);
            languages.answers.push((role, author, language, other));
            other
        });
        if other {
            continue;
        }
        let Some(&(index, _)) = messages.last() else {
            continue;
        };
        let agent = if role == Role::Agent {
            Some(author.to_string())
        } else {
            charged_agent(conversation, index)
        };
        findings.push(finding_at(
            conversation,
            rule,
            index,
            None,
            agent,
            rule.spec.message.clone(),
        ));
    }
}

/// Whether a finding lowers its agent's score.
pub fn counts_against_agent(finding: &Finding) -> bool {
    finding.charge == Charge::Agent
}
