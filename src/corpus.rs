//! The corpus-level pass: reply fingerprints from every conversation are
//! clustered into near-duplicate groups, and a group used in enough
//! conversations is a template (a macro, a canned response).
//!
//! Memory is one [`UseRecord`] (16 bytes) per substantive agent reply:
//! texts are never kept. Clustering sorts the records, takes the distinct
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
}

impl Templates {
    /// The template a reply fingerprint belongs to, if any.
    pub fn of(&self, hash: u64) -> Option<usize> {
        self.member_of.get(&hash).copied()
    }

    /// Clusters the records and keeps the groups used in at least
    /// `min_conversations` conversations.
    pub fn find(records: &mut [UseRecord], min_conversations: usize) -> Templates {
        records.sort_unstable();
        // The distinct fingerprints, each named by the first record of its
        // run (records are sorted by fingerprint): four bytes apiece.
        let starts: Vec<u32> = (0..records.len())
            .filter(|&i| i == 0 || records[i - 1].hash != records[i].hash)
            .map(|i| i as u32)
            .collect();
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
        // Each fingerprint's cluster and each cluster's uses; then only the
        // records of clusters with enough uses to be a template, ordered by
        // cluster and, within one, by their own order.
        let roots: Vec<u32> = (0..starts.len() as u32)
            .map(|d| find(&mut parent, d))
            .collect();
        drop(parent);
        let mut uses = vec![0u32; starts.len()];
        let mut members_of: Vec<(u32, u32)> = Vec::new();
        for pass in 0..2 {
            for (d, &start) in starts.iter().enumerate() {
                let end = starts.get(d + 1).map_or(records.len() as u32, |&e| e);
                let root = roots[d] as usize;
                if pass == 0 {
                    uses[root] += end - start;
                } else if uses[root] as usize >= min_conversations {
                    members_of.extend((start..end).map(|i| (root as u32, i)));
                }
            }
        }
        drop(uses);
        drop(roots);
        drop(starts);
        members_of.sort_unstable();
        let clusters = members_of.chunk_by(|a, b| a.0 == b.0);
        let mut found = Templates::default();
        for cluster in clusters {
            let members: Vec<&UseRecord> =
                cluster.iter().map(|&(_, i)| &records[i as usize]).collect();
            let mut conversations: Vec<u32> = members.iter().map(|r| r.conversation).collect();
            conversations.sort_unstable();
            conversations.dedup();
            if conversations.len() < min_conversations {
                continue;
            }
            let mut agents: Vec<u32> = members.iter().map(|r| r.agent).collect();
            agents.sort_unstable();
            agents.dedup();
            // Members are sorted by hash: runs of one hash are its uses.
            let main_hash = members
                .chunk_by(|a, b| a.hash == b.hash)
                .max_by(|a, b| a.len().cmp(&b.len()).then(b[0].hash.cmp(&a[0].hash)))
                .map_or(0, |run| run[0].hash);
            let index = found.templates.len();
            for record in &members {
                found.member_of.insert(record.hash, index);
            }
            found.templates.push(Template {
                main_hash,
                conversations: conversations.len(),
                uses: members.len(),
                agents,
            });
        }
        found
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
