//! The corpus-level pass: reply fingerprints from every conversation are
//! clustered into near-duplicate groups, and a group used in enough
//! conversations is a template (a macro, a canned response).
//!
//! Each substantive agent reply leaves one [`UseRecord`] (24 bytes), kept
//! in sorted runs on disk (`use_records`): texts are never kept.
//! Clustering reads the records in sorted order, takes the distinct
//! fingerprints, and joins two of them when they are within
//! [`fingerprint::NEAR`] bits. Candidates come from four 16-bit bands of
//! the hash: two fingerprints within 3 bits agree on at least one band
//! (pigeonhole), so those are always compared; pairs 4 to 6 bits apart
//! agree on a band about half the time, and a macro used many times is
//! joined through any of its variants. Everything is sorted first, so the
//! clusters do not depend on the order conversations were read in.

use crate::normalize::fingerprint::{self, stable_hash};
use std::collections::HashMap;

/// One substantive agent reply: its fingerprint, its conversation and
/// its agent, as stable hashes, and where it stands in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UseRecord {
    pub hash: u64,
    pub conversation: u32,
    pub agent: u32,
    /// See [`use_place`]; [`UNKNOWN_PLACE`] when the reply's place cannot
    /// be packed.
    pub place: u64,
}

/// The place of a reply that is not on a line of a JSON Lines file that
/// can be read again (standard input, a pipe, email, help-desk JSON).
pub const UNKNOWN_PLACE: u64 = u64::MAX;

/// Bits of a packed place: the input's rank, its line, the message.
const RANK_BITS: u32 = 16;
const LINE_BITS: u32 = 36;
const INDEX_BITS: u32 = 12;
const _: () = assert!(RANK_BITS + LINE_BITS + INDEX_BITS == 64);

/// The place of message `index` of the conversation on `line` of a JSON
/// Lines input, packed into one number that orders as the places do:
/// `rank` is the input's place among the inputs' paths in sorted order,
/// as [`Origin`](crate::model::Origin)s compare. [`UNKNOWN_PLACE`] when a
/// part does not fit.
pub fn use_place(rank: u64, line: u64, index: usize) -> u64 {
    let index = index as u64;
    if rank >= 1 << RANK_BITS || line >= 1 << LINE_BITS || index >= 1 << INDEX_BITS {
        return UNKNOWN_PLACE;
    }
    rank << (LINE_BITS + INDEX_BITS) | line << INDEX_BITS | index
}

/// The input rank and the line of a packed place.
pub fn rank_and_line(place: u64) -> (u64, u64) {
    (
        place >> (LINE_BITS + INDEX_BITS),
        (place >> INDEX_BITS) & ((1 << LINE_BITS) - 1),
    )
}

/// The key of a conversation in the corpus pass.
pub fn conversation_key(path: &str, line: u64, id: &str) -> u32 {
    stable_hash(&format!("{path}\u{1f}{line}\u{1f}{id}")) as u32
}

/// The key of an agent in the corpus pass.
pub fn agent_key(name: &str) -> u32 {
    stable_hash(name) as u32
}

/// How many members of a band group each fingerprint is compared with: a
/// bound on the work when many distinct fingerprints share a band.
const BAND_NEIGHBOURS: usize = 64;

/// A group of near-duplicate replies used in enough conversations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The fingerprint used most often in the group (the smallest of
    /// equals): the reply the report shows.
    pub main_hash: u64,
    pub conversations: usize,
    pub uses: usize,
    /// Agent keys, sorted.
    pub agents: Vec<u32>,
}

/// The templates of a corpus and which fingerprints belong to each.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub templates: Vec<Template>,
    /// Exact fingerprint -> index in `templates`.
    member_of: HashMap<u64, usize>,
    /// Keys of the conversations that hold a template's main reply,
    /// sorted: the only ones the templates' texts need read again.
    main_conversations: Vec<u32>,
    /// The place of each template's first use of its main reply, sorted;
    /// `None` when some use of a main reply has no known place (see
    /// [`UNKNOWN_PLACE`]).
    first_places: Option<Vec<u64>>,
}

impl Templates {
    /// The template a reply fingerprint belongs to, if any.
    pub fn of(&self, hash: u64) -> Option<usize> {
        self.member_of.get(&hash).copied()
    }

    /// Keys of the conversations that hold a template's main reply,
    /// sorted; taken out, since only the templates' texts need them.
    pub fn take_main_conversations(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.main_conversations)
    }

    /// The places of the templates' first uses, sorted, when all are
    /// known; taken out, since only the templates' texts need them.
    pub fn take_first_places(&mut self) -> Option<Vec<u64>> {
        self.first_places.take()
    }

    /// Clusters the records that `sorted` hands out in sorted order, as
    /// often as asked (twice), and keeps the groups used in at least
    /// `min_conversations` conversations: the records are never all held.
    /// Memory is a few bytes per distinct fingerprint, and four per
    /// conversation a candidate cluster is used in.
    pub fn find_sorted<I>(
        mut sorted: impl FnMut() -> Result<I, String>,
        min_conversations: usize,
    ) -> Result<Templates, String>
    where
        I: Iterator<Item = Result<UseRecord, String>>,
    {
        // The distinct fingerprints, in increasing order, and their uses.
        let mut hashes: Vec<u64> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        for record in sorted()? {
            let record = record?;
            if hashes.last() != Some(&record.hash) {
                hashes.push(record.hash);
                counts.push(0);
            }
            if let Some(count) = counts.last_mut() {
                *count += 1;
            }
        }
        let distinct = hashes.len();
        let mut parent: Vec<u32> = (0..distinct as u32).collect();
        let mut by_band: Vec<u32> = Vec::with_capacity(distinct);
        for band in 0..4 {
            let key = |d: u32| (hashes[d as usize] >> (16 * band)) as u16;
            by_band.clear();
            by_band.extend(0..distinct as u32);
            by_band.sort_unstable_by_key(|&d| (key(d), d));
            for group in by_band.chunk_by(|&a, &b| key(a) == key(b)) {
                for (at, &i) in group.iter().enumerate() {
                    let from = at.saturating_sub(BAND_NEIGHBOURS);
                    for &j in &group[from..at] {
                        if fingerprint::near(hashes[i as usize], hashes[j as usize]) {
                            union(&mut parent, i, j);
                        }
                    }
                }
            }
        }
        drop(by_band);
        let roots: Vec<u32> = (0..distinct as u32).map(|d| find(&mut parent, d)).collect();
        drop(parent);
        // Each cluster's uses, and its main fingerprint: the one used most
        // often, the smallest of equals (fingerprints come in increasing
        // order, so only a larger count takes over).
        let mut uses = vec![0u32; distinct];
        let mut main: Vec<u32> = vec![u32::MAX; distinct];
        for (d, &root) in roots.iter().enumerate() {
            let root = root as usize;
            uses[root] += counts[d];
            if main[root] == u32::MAX || counts[d] > counts[main[root] as usize] {
                main[root] = d as u32;
            }
        }
        drop(counts);
        // The clusters with enough uses to be a template are candidates,
        // numbered in the order of their roots.
        const NONE: u32 = u32::MAX;
        let mut candidate_of = vec![NONE; distinct];
        let mut candidate_roots: Vec<u32> = Vec::new();
        for (d, &root) in roots.iter().enumerate() {
            if root as usize == d && uses[d] as usize >= min_conversations {
                candidate_of[d] = candidate_roots.len() as u32;
                candidate_roots.push(root);
            }
        }
        // The second pass lists, per candidate, the conversations it is
        // used in, those holding its main fingerprint, and its agents
        // (compacted as they grow: a team has few agents).
        let mut conversations: Vec<Vec<u32>> = vec![Vec::new(); candidate_roots.len()];
        let mut main_conversations: Vec<Vec<u32>> = vec![Vec::new(); candidate_roots.len()];
        let mut agents: Vec<(Vec<u32>, usize)> = vec![(Vec::new(), 0); candidate_roots.len()];
        let mut first_place = vec![UNKNOWN_PLACE; candidate_roots.len()];
        let mut places_known = true;
        let mut d = 0;
        for record in sorted()? {
            let record = record?;
            while hashes.get(d) != Some(&record.hash) {
                d += 1;
                if d >= distinct {
                    return Err("the corpus pass's records changed between passes".into());
                }
            }
            let root = roots[d] as usize;
            let candidate = candidate_of[root];
            if candidate == NONE {
                continue;
            }
            let candidate = candidate as usize;
            let used_in = &mut conversations[candidate];
            if used_in.last() != Some(&record.conversation) {
                used_in.push(record.conversation);
            }
            if main[root] == d as u32 {
                let holds_main = &mut main_conversations[candidate];
                if holds_main.last() != Some(&record.conversation) {
                    holds_main.push(record.conversation);
                }
                places_known &= record.place != UNKNOWN_PLACE;
                first_place[candidate] = first_place[candidate].min(record.place);
            }
            let (seen, compact) = &mut agents[candidate];
            if seen.last() != Some(&record.agent) {
                seen.push(record.agent);
                if seen.len() > 2 * *compact + 64 {
                    seen.sort_unstable();
                    seen.dedup();
                    *compact = seen.len();
                }
            }
        }
        let mut found = Templates::default();
        let mut first_places = Vec::new();
        let mut template_of_candidate = vec![NONE; candidate_roots.len()];
        for (candidate, &root) in candidate_roots.iter().enumerate() {
            let used_in = &mut conversations[candidate];
            used_in.sort_unstable();
            used_in.dedup();
            let count = used_in.len();
            *used_in = Vec::new();
            if count < min_conversations {
                continue;
            }
            let (mut seen, _) = std::mem::take(&mut agents[candidate]);
            seen.sort_unstable();
            seen.dedup();
            template_of_candidate[candidate] = found.templates.len() as u32;
            first_places.push(first_place[candidate]);
            found
                .main_conversations
                .append(&mut main_conversations[candidate]);
            found.templates.push(Template {
                main_hash: hashes[main[root as usize] as usize],
                conversations: count,
                uses: uses[root as usize] as usize,
                agents: seen,
            });
        }
        found.main_conversations.sort_unstable();
        found.main_conversations.dedup();
        if places_known {
            first_places.sort_unstable();
            found.first_places = Some(first_places);
        }
        for (d, &hash) in hashes.iter().enumerate() {
            let candidate = candidate_of[roots[d] as usize];
            if candidate != NONE && template_of_candidate[candidate as usize] != NONE {
                found
                    .member_of
                    .insert(hash, template_of_candidate[candidate as usize] as usize);
            }
        }
        Ok(found)
    }
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        parent[i as usize] = parent[parent[i as usize] as usize];
        i = parent[i as usize];
    }
    i
}

/// Joins two sets, the smaller index becoming the root so the result does
/// not depend on the order of the calls.
fn union(parent: &mut [u32], a: u32, b: u32) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b) as usize] = a.min(b);
    }
}

/// The default number of conversations that makes a cluster a template:
/// one in 500 conversations, at least 5 and at most 50, so a small team's
/// week and a large centre's quarter both see their macros.
pub fn default_min_conversations(conversations: usize) -> usize {
    (conversations / 500).clamp(5, 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clusters records held in memory.
    fn templates_of(records: &mut [UseRecord], min_conversations: usize) -> Templates {
        records.sort_unstable();
        let sorted = || Ok::<_, String>(records.iter().copied().map(Ok));
        Templates::find_sorted(sorted, min_conversations).unwrap()
    }

    fn record(hash: u64, conversation: u32) -> UseRecord {
        UseRecord {
            hash,
            conversation,
            agent: 1,
            place: use_place(0, u64::from(conversation) + 1, 2),
        }
    }

    #[test]
    fn near_hashes_cluster_and_far_ones_do_not() {
        let base = 0xdead_beef_cafe_f00d_u64;
        let mut records: Vec<UseRecord> = (0..4).map(|c| record(base, c)).collect();
        // Two bits off, in two conversations more: the same template.
        records.push(record(base ^ 0b101, 10));
        records.push(record(base ^ 0b101, 11));
        // Far away, in many conversations: its own template.
        records.extend((20..26).map(|c| record(!base, c)));
        // A one-off.
        records.push(record(0x1234_5678, 30));
        let templates = templates_of(&mut records, 5);
        assert_eq!(templates.templates.len(), 2, "{:?}", templates.templates);
        let first = templates.of(base).unwrap();
        assert_eq!(templates.of(base ^ 0b101), Some(first));
        assert_eq!(templates.templates[first].conversations, 6);
        assert_eq!(templates.templates[first].main_hash, base);
        assert!(templates.of(0x1234_5678).is_none());
    }

    #[test]
    fn a_cluster_counts_each_conversation_once() {
        let base = 0x0f0f_1234_5678_9abc_u64;
        let variant = base ^ 0b11;
        // Conversations 0..3 use both the main reply and its variant;
        // conversation 9 uses the main reply six times.
        let mut records: Vec<UseRecord> = (0..3)
            .flat_map(|c| [record(base, c), record(variant, c)])
            .collect();
        records.extend((0..6).map(|_| record(base, 9)));
        // Many uses in one conversation alone do not make a template.
        records.extend((0..8).map(|_| record(!base, 20)));
        let mut found = templates_of(&mut records, 4);
        assert_eq!(found.templates.len(), 1, "{:?}", found.templates);
        let template = &found.templates[0];
        assert_eq!(
            (template.main_hash, template.conversations, template.uses),
            (base, 4, 12)
        );
        assert_eq!(found.of(variant), Some(0));
        assert_eq!(found.of(!base), None);
        assert_eq!(found.take_main_conversations(), vec![0, 1, 2, 9]);
        assert_eq!(found.take_first_places(), Some(vec![use_place(0, 1, 2)]));
    }

    /// The first use is the earliest place of the main reply (not of a
    /// variant), and one use of unknown place leaves all places unknown.
    #[test]
    fn a_template_knows_the_place_of_its_first_main_use() {
        let base = 0x7777_1234_5678_9abc_u64;
        let place = |rank, line| use_place(rank, line, 3);
        let mut records: Vec<UseRecord> = (0..5)
            .map(|c| UseRecord {
                place: place(1, 10 + u64::from(c)),
                ..record(base, c)
            })
            .collect();
        // A variant comes earlier, in a lower-ranked input.
        records.push(UseRecord {
            place: place(0, 1),
            ..record(base ^ 1, 7)
        });
        let mut found = templates_of(&mut records.clone(), 5);
        assert_eq!(found.take_first_places(), Some(vec![place(1, 10)]));
        assert_eq!(rank_and_line(place(1, 10)), (1, 10));
        records[2].place = UNKNOWN_PLACE;
        assert_eq!(templates_of(&mut records, 5).take_first_places(), None);
    }

    #[test]
    fn places_order_as_inputs_lines_and_messages_do() {
        assert!(use_place(0, 5, 4000) < use_place(0, 6, 0));
        assert!(use_place(0, (1 << 36) - 1, 0) < use_place(1, 1, 0));
        assert_eq!(use_place(0, 1 << 36, 0), UNKNOWN_PLACE);
        assert_eq!(use_place(0, 1, 1 << 12), UNKNOWN_PLACE);
        assert_eq!(use_place(1 << 16, 1, 0), UNKNOWN_PLACE);
    }

    #[test]
    fn clusters_do_not_depend_on_record_order() {
        let mut records: Vec<UseRecord> = (0..40)
            .map(|i| record(0xabcd_0000_0000_0000 ^ (1 << (i % 5)), i))
            .collect();
        let forward = templates_of(&mut records.clone(), 5);
        records.reverse();
        let backward = templates_of(&mut records, 5);
        assert_eq!(forward.templates, backward.templates);
    }
}
