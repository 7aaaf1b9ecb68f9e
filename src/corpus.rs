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

/// Records per chunk of a [`RecordStore`]: one megabyte.
const CHUNK: usize = 65_536;

/// The records of the corpus pass as they are collected, in chunks of a
/// fixed size: a `Vec` that doubles as it grows would hold up to twice the
/// records' size, and copy them at every doubling.
#[derive(Debug, Clone, Default)]
pub struct RecordStore {
    full: Vec<Vec<UseRecord>>,
    current: Vec<UseRecord>,
}

impl RecordStore {
    pub fn push(&mut self, record: UseRecord) {
        if self.current.len() == CHUNK {
            self.full.push(std::mem::take(&mut self.current));
        }
        if self.current.capacity() == 0 {
            self.current.reserve_exact(CHUNK);
        }
        self.current.push(record);
    }

    pub fn merge(&mut self, other: RecordStore) {
        self.full.extend(other.full);
        for record in other.current {
            self.push(record);
        }
    }

    pub fn len(&self) -> usize {
        self.full.len() * CHUNK + self.current.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every record in one `Vec`, freeing each chunk once it is copied.
    pub fn into_vec(self) -> Vec<UseRecord> {
        let mut all =
            Vec::with_capacity(self.full.iter().map(Vec::len).sum::<usize>() + self.current.len());
        for chunk in self.full {
            all.extend(chunk);
        }
        all.extend(self.current);
        all
    }
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
        let mut distinct: Vec<u64> = records.iter().map(|r| r.hash).collect();
        distinct.dedup();
        let mut parent: Vec<u32> = (0..distinct.len() as u32).collect();
        for band in 0..4 {
            let mut keyed: Vec<(u16, u32)> = distinct
                .iter()
                .enumerate()
                .map(|(i, hash)| ((hash >> (16 * band)) as u16, i as u32))
                .collect();
            keyed.sort_unstable();
            for group in keyed.chunk_by(|a, b| a.0 == b.0) {
                for (at, &(_, i)) in group.iter().enumerate() {
                    let from = at.saturating_sub(BAND_NEIGHBOURS);
                    for &(_, j) in &group[from..at] {
                        if fingerprint::near(distinct[i as usize], distinct[j as usize]) {
                            union(&mut parent, i, j);
                        }
                    }
                }
            }
        }
        // Each record's cluster, then the records ordered by cluster (and,
        // within one, by their own order): four bytes a record, where a map
        // of vectors would cost a node and a vector for every lone reply.
        let mut root: Vec<u32> = Vec::with_capacity(records.len());
        let mut at = 0;
        for record in records.iter() {
            while distinct[at] != record.hash {
                at += 1;
            }
            root.push(find(&mut parent, at as u32));
        }
        drop(distinct);
        drop(parent);
        let mut order: Vec<u32> = (0..records.len() as u32).collect();
        order.sort_unstable_by_key(|&i| (root[i as usize], i));
        let clusters = order.chunk_by(|&a, &b| root[a as usize] == root[b as usize]);
        let mut found = Templates::default();
        for indices in clusters {
            // Fewer uses than conversations needed: not a template.
            if indices.len() < min_conversations {
                continue;
            }
            let members: Vec<&UseRecord> = indices.iter().map(|&i| &records[i as usize]).collect();
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
