//! The `phrase` kind, and the shared automaton: every phrase of every rule
//! that reads one role's messages goes into one aho-corasick automaton, so
//! a message is scanned once however many phrase rules there are.

use super::RuleIndex;
use crate::normalize::normalize;
use crate::normalize::text::at_word_boundaries;
use aho_corasick::{AhoCorasick, MatchKind};

/// A phrase hit: which rule, and where in the normalised text.
#[derive(Debug, Clone, Copy)]
pub struct PhraseHit {
    pub rule: RuleIndex,
    pub start: usize,
    pub end: usize,
}

/// One automaton over the phrases of the rules that read one role.
#[derive(Debug, Default)]
pub struct PhraseAutomaton {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern id -> the rule that owns the phrase.
    owners: Vec<RuleIndex>,
}

impl PhraseAutomaton {
    /// Builds the automaton from `(rule, phrase)` pairs; phrases are
    /// normalised the same way message text is.
    pub fn build(phrases: Vec<(RuleIndex, &str)>) -> Result<Self, String> {
        if phrases.is_empty() {
            return Ok(PhraseAutomaton::default());
        }
        let mut owners = Vec::with_capacity(phrases.len());
        let mut patterns = Vec::with_capacity(phrases.len());
        for (rule, phrase) in phrases {
            owners.push(rule);
            patterns.push(normalize(phrase).text);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("cannot build the phrase automaton: {e}"))?;
        Ok(PhraseAutomaton {
            automaton: Some(automaton),
            owners,
        })
    }

    /// Every whole-word occurrence of any phrase in `text`, overlapping
    /// ones included, in order of their end.
    pub fn hits(&self, text: &str, out: &mut Vec<PhraseHit>) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        for found in automaton.find_overlapping_iter(text) {
            let (start, end) = (found.start(), found.end());
            if at_word_boundaries(text, start, end) {
                out.push(PhraseHit {
                    rule: self.owners[found.pattern().as_usize()],
                    start,
                    end,
                });
            }
        }
    }
}
