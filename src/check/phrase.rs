//! The `phrase` kind, and the shared automaton: every phrase of every rule
//! that reads one role's messages goes into one aho-corasick automaton, so
//! a message is scanned once however many phrase rules there are. A
//! rule's `unless` and `requires` lists are automata of the same kind.

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
        let automaton = every_occurrence(&patterns)?;
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
        for found in whole_words(automaton, text) {
            out.push(PhraseHit {
                rule: self.owners[found.pattern().as_usize()],
                start: found.start(),
                end: found.end(),
            });
        }
    }
}

/// A rule's `unless` or `requires` phrases, in one automaton: a message
/// is read once for all of them, not once per phrase (a rule may have
/// seventy).
#[derive(Debug, Default)]
pub struct PhraseList {
    automaton: Option<AhoCorasick>,
}

impl PhraseList {
    /// The list of `phrases`, already normalised.
    pub fn new(phrases: &[String]) -> Result<PhraseList, String> {
        if phrases.is_empty() {
            return Ok(PhraseList::default());
        }
        Ok(PhraseList {
            automaton: Some(every_occurrence(phrases)?),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// True when `haystack` contains any of the phrases as whole words
    /// (every occurrence is tried, overlapping ones too).
    pub fn found_in(&self, haystack: &str) -> bool {
        self.automaton
            .as_ref()
            .is_some_and(|automaton| whole_words(automaton, haystack).next().is_some())
    }
}

/// An automaton that reports every occurrence of every phrase, overlapping
/// ones included, so a phrase glued to a word is not hiding a whole-word
/// occurrence that overlaps it.
fn every_occurrence<P: AsRef<[u8]>>(phrases: &[P]) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(phrases)
        .map_err(|e| format!("cannot build a phrase automaton: {e}"))
}

/// The occurrences in `text` that stand as whole words, in order of their
/// end.
fn whole_words<'a>(
    automaton: &'a AhoCorasick,
    text: &'a str,
) -> impl Iterator<Item = aho_corasick::Match> + 'a {
    automaton
        .find_overlapping_iter(text)
        .filter(|found| at_word_boundaries(text, found.start(), found.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_lists_find_whole_words() {
        let list = PhraseList::new(&["can't".to_string(), "no no".to_string()]).unwrap();
        assert!(list.found_in("sorry, i can't do that"));
        assert!(!list.found_in("i scan'tly read"));
        // The first occurrence is inside a word; a later, overlapping one
        // is whole.
        assert!(list.found_in("ino no no"));
        assert!(!list.found_in("nothing"));
        let empty = PhraseList::new(&[]).unwrap();
        assert!(empty.is_empty() && !empty.found_in("can't"));
    }
}
