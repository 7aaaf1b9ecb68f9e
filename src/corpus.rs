//! The corpus-level pass: reply fingerprints from every conversation are
//! clustered into near-duplicate groups, and a group used in enough
//! conversations is a template (a macro, a canned response).
//!
//! Memory is one [`UseRecord`] (16 bytes) per substantive agent reply,
//! kept on disk while the input is read (`use_records`) and in memory
//! only to be clustered: texts are never kept. Clustering sorts the records, takes the distinct
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
/// its agent, as stable hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UseRecord {
    pub hash: u64,
    pub conversation: u32,
    pub agent: u32,
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
}

/// A record's fingerprint once clustering has put it in a candidate
/// cluster: the cluster's root, and whether it is the cluster's main
/// fingerprint. Records of other clusters sort after every candidate.
fn cluster_tag(root: u32, main: bool) -> u64 {
    u64::from(root) << 1 | u64::from(main)
}
const NO_CLUSTER: u64 = u64::MAX;

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

    /// Clusters the records and keeps the groups used in at least
    /// `min_conversations` conversations. The records are overwritten:
    /// the last step reuses them instead of another list per member.
    pub fn find(records: &mut [UseRecord], min_conversations: usize) -> Templates {
        records.sort_unstable();
        // The distinct fingerprints, each named by the first record of its
        // run (records are sorted by fingerprint): four bytes apiece.
        let starts: Vec<u32> = (0..records.len())
            .filter(|&i| i == 0 || records[i - 1].hash != records[i].hash)
            .map(|i| i as u32)
            .collect();
        let total = records.len();
        let run_of = |d: usize| {
            let end = starts.get(d + 1).map_or(total, |&e| e as usize);
            starts[d] as usize..end
        };
        let hash_of = |d: u32| records[starts[d as usize] as usize].hash;
        let mut parent: Vec<u32> = (0..starts.len() as u32).collect();
        let mut by_band: Vec<u32> = Vec::with_capacity(starts.len());
        for band in 0..4 {
            let key = |d: u32| (hash_of(d) >> (16 * band)) as u16;
            by_band.clear();
            by_band.extend(0..starts.len() as u32);
            by_band.sort_unstable_by_key(|&d| (key(d), d));
            for group in by_band.chunk_by(|&a, &b| key(a) == key(b)) {
                for (at, &i) in group.iter().enumerate() {
                    let from = at.saturating_sub(BAND_NEIGHBOURS);
                    for &j in &group[from..at] {
                        if fingerprint::near(hash_of(i), hash_of(j)) {
                            union(&mut parent, i, j);
                        }
                    }
                }
            }
        }
        drop(by_band);
        let roots: Vec<u32> = (0..starts.len() as u32)
            .map(|d| find(&mut parent, d))
            .collect();
        drop(parent);
        // Each cluster's uses, and its main fingerprint: the one used most
        // often, the smallest of equals (fingerprints come in increasing
        // order, so only a larger count takes over).
        let mut uses = vec![0u32; starts.len()];
        let mut main: Vec<u32> = vec![u32::MAX; starts.len()];
        for (d, &root) in roots.iter().enumerate() {
            let root = root as usize;
            let count = run_of(d).len() as u32;
            uses[root] += count;
            if main[root] == u32::MAX || count > run_of(main[root] as usize).len() as u32 {
                main[root] = d as u32;
            }
        }
        // The clusters with enough uses to be a template are candidates;
        // their fingerprints are noted before the records are overwritten.
        let is_candidate = |root: u32| uses[root as usize] as usize >= min_conversations;
        let mut root_of_member: HashMap<u64, u32> = HashMap::new();
        let mut main_hash_of: HashMap<u32, u64> = HashMap::new();
        for (d, &root) in roots.iter().enumerate() {
            if is_candidate(root) {
                root_of_member.insert(hash_of(d as u32), root);
                if main[root as usize] == d as u32 {
                    main_hash_of.insert(root, hash_of(d as u32));
                }
            }
        }
        // Each record now says which candidate it belongs to, and sorting
        // again groups a cluster's records by conversation and agent.
        for (d, &root) in roots.iter().enumerate() {
            let tag = if is_candidate(root) {
                cluster_tag(root, main[root as usize] == d as u32)
            } else {
                NO_CLUSTER
            };
            for record in &mut records[run_of(d)] {
                record.hash = tag;
            }
        }
        drop(uses);
        drop(main);
        drop(roots);
        drop(starts);
        records.sort_unstable();
        let mut found = Templates::default();
        let mut template_of_root: HashMap<u32, usize> = HashMap::new();
        let candidates = records
            .iter()
            .position(|r| r.hash == NO_CLUSTER)
            .unwrap_or(records.len());
        for cluster in records[..candidates].chunk_by(|a, b| a.hash >> 1 == b.hash >> 1) {
            let root = (cluster[0].hash >> 1) as u32;
            // The main fingerprint's records come last, each part sorted
            // by conversation.
            let split = cluster.partition_point(|r| r.hash & 1 == 0);
            let (others, mains) = cluster.split_at(split);
            let conversations = distinct_in_union(others, mains);
            if conversations < min_conversations {
                continue;
            }
            let mut agents: Vec<u32> = cluster.iter().map(|r| r.agent).collect();
            agents.sort_unstable();
            agents.dedup();
            template_of_root.insert(root, found.templates.len());
            found
                .main_conversations
                .extend(mains.iter().map(|r| r.conversation));
            found.templates.push(Template {
                main_hash: main_hash_of[&root],
                conversations,
                uses: cluster.len(),
                agents,
            });
        }
        found.main_conversations.sort_unstable();
        found.main_conversations.dedup();
        found.member_of = root_of_member
            .into_iter()
            .filter_map(|(hash, root)| Some((hash, *template_of_root.get(&root)?)))
            .collect();
        found
    }
}

/// How many distinct conversations two lists sorted by conversation hold
/// together.
fn distinct_in_union(a: &[UseRecord], b: &[UseRecord]) -> usize {
    let mut a = a.iter().map(|r| r.conversation).peekable();
    let mut b = b.iter().map(|r| r.conversation).peekable();
    let (mut count, mut last) = (0, None);
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) | (None, _) => b.next(),
            (Some(_), None) => a.next(),
        };
        let Some(next) = next else {
            return count;
        };
        if last != Some(next) {
            count += 1;
            last = Some(next);
        }
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

    fn record(hash: u64, conversation: u32) -> UseRecord {
        UseRecord {
            hash,
            conversation,
            agent: 1,
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
        let templates = Templates::find(&mut records, 5);
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
        let mut found = Templates::find(&mut records, 4);
        assert_eq!(found.templates.len(), 1, "{:?}", found.templates);
        let template = &found.templates[0];
        assert_eq!(
            (template.main_hash, template.conversations, template.uses),
            (base, 4, 12)
        );
        assert_eq!(found.of(variant), Some(0));
        assert_eq!(found.of(!base), None);
        assert_eq!(found.take_main_conversations(), vec![0, 1, 2, 9]);
    }

    #[test]
    fn clusters_do_not_depend_on_record_order() {
        let mut records: Vec<UseRecord> = (0..40)
            .map(|i| record(0xabcd_0000_0000_0000 ^ (1 << (i % 5)), i))
            .collect();
        let forward = Templates::find(&mut records.clone(), 5);
        records.reverse();
        let backward = Templates::find(&mut records, 5);
        assert_eq!(forward.templates, backward.templates);
    }
}
