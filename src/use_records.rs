//! The corpus pass's records: one [`UseRecord`] per substantive agent
//! reply, held in memory in batches and written to temporary files as
//! sorted runs when a batch fills. Clustering reads them back as one
//! sorted stream (a merge of the runs), twice, and never holds them all:
//! they are the only part of an audit that grows with every reply.

use crate::corpus::UseRecord;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Records a worker holds before writing them out as a sorted run: two
/// megabytes, so a 4 GB input makes some sixty runs (the merge keeps one
/// file open per run).
pub const SPILL_RECORDS: usize = 131_072;

/// Bytes of one record in a spill file: fingerprint, conversation and
/// agent, little-endian.
const RECORD_BYTES: usize = 16;

/// Every record of an audit so far: files of full batches, and the rest
/// in memory. The order of records means nothing: clustering sorts them.
#[derive(Debug, Clone, Default)]
pub struct UseRecords {
    memory: Vec<UseRecord>,
    files: Vec<Arc<SpillFile>>,
    on_disk: usize,
}

/// One batch of records on disk, removed when the last audit holding it
/// is dropped.
#[derive(Debug)]
struct SpillFile {
    path: PathBuf,
    records: usize,
}

impl Drop for SpillFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

static NEXT_FILE: AtomicU64 = AtomicU64::new(0);

impl UseRecords {
    pub fn push(&mut self, record: UseRecord) {
        self.memory.push(record);
    }

    pub fn len(&self) -> usize {
        self.on_disk + self.memory.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes in another audit's records.
    pub fn merge(&mut self, other: UseRecords) {
        if other.memory.len() > self.memory.len() {
            let mine = std::mem::replace(&mut self.memory, other.memory);
            self.memory.extend(mine);
        } else {
            self.memory.extend(other.memory);
        }
        self.files.extend(other.files);
        self.on_disk += other.on_disk;
    }

    /// Writes the records in memory to a file once there are
    /// [`SPILL_RECORDS`] of them; true when it did. Should the disk
    /// refuse, they stay in memory: a larger run beats a lost record.
    pub fn spill_if_full(&mut self) -> bool {
        if self.memory.len() < SPILL_RECORDS {
            return false;
        }
        self.memory.sort_unstable();
        match write_file(&self.memory) {
            Ok(file) => {
                self.on_disk += file.records;
                self.files.push(Arc::new(file));
                self.memory = Vec::new();
                true
            }
            Err(_) => false,
        }
    }

    /// Sorts the records held in memory, which [`sorted`](Self::sorted)
    /// reads as one more run; call once every record is in.
    pub fn finish(&mut self) {
        self.memory.sort_unstable();
    }

    /// Every record in sorted order, merged from the runs on disk and
    /// the records in memory (once [`finish`](Self::finish)ed); may be
    /// called again for another pass. A
    /// run that cannot be read back ends the stream with an `Err` naming
    /// it, since templates counted on part of the replies would be wrong
    /// without saying so.
    pub fn sorted(&self) -> Result<Merged<'_>, String> {
        let mut sources = Vec::with_capacity(self.files.len());
        for file in &self.files {
            let reader = File::open(&file.path).map_err(|error| read_error(file, &error))?;
            sources.push(Source::File {
                reader: BufReader::new(reader),
                left: file.records,
                file: Arc::clone(file),
            });
        }
        sources.push(Source::Memory(self.memory.iter()));
        let mut merged = Merged {
            heap: BinaryHeap::with_capacity(sources.len()),
            sources,
        };
        for at in 0..merged.sources.len() {
            merged.refill(at)?;
        }
        Ok(merged)
    }
}

fn read_error(file: &SpillFile, error: &io::Error) -> String {
    format!(
        "cannot read back the corpus pass's records from {}: {error}",
        file.path.display()
    )
}

/// One sorted run being read.
enum Source<'a> {
    File {
        reader: BufReader<File>,
        left: usize,
        file: Arc<SpillFile>,
    },
    Memory(std::slice::Iter<'a, UseRecord>),
}

/// The records of every run in sorted order.
pub struct Merged<'a> {
    heap: BinaryHeap<Reverse<(UseRecord, usize)>>,
    sources: Vec<Source<'a>>,
}

impl Merged<'_> {
    /// Puts the next record of source `at`, if any, on the heap.
    fn refill(&mut self, at: usize) -> Result<(), String> {
        let next = match &mut self.sources[at] {
            Source::Memory(records) => records.next().copied(),
            Source::File { left: 0, .. } => None,
            Source::File { reader, left, file } => {
                *left -= 1;
                Some(read_record(reader).map_err(|error| read_error(file, &error))?)
            }
        };
        if let Some(record) = next {
            self.heap.push(Reverse((record, at)));
        }
        Ok(())
    }
}

impl Iterator for Merged<'_> {
    type Item = Result<UseRecord, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((record, at)) = self.heap.pop()?;
        Some(self.refill(at).map(|()| record))
    }
}

fn write_file(records: &[UseRecord]) -> io::Result<SpillFile> {
    let number = NEXT_FILE.fetch_add(1, Ordering::Relaxed);
    let path =
        std::env::temp_dir().join(format!("tact-records-{}-{number}.bin", std::process::id()));
    let file = SpillFile {
        path,
        records: records.len(),
    };
    let mut writer = BufWriter::new(
        File::options()
            .write(true)
            .create_new(true)
            .open(&file.path)?,
    );
    for record in records {
        writer.write_all(&record.hash.to_le_bytes())?;
        writer.write_all(&record.conversation.to_le_bytes())?;
        writer.write_all(&record.agent.to_le_bytes())?;
    }
    writer.flush()?;
    Ok(file)
}

fn read_record(reader: &mut impl Read) -> io::Result<UseRecord> {
    let mut bytes = [0u8; RECORD_BYTES];
    reader.read_exact(&mut bytes)?;
    let [
        h0,
        h1,
        h2,
        h3,
        h4,
        h5,
        h6,
        h7,
        c0,
        c1,
        c2,
        c3,
        a0,
        a1,
        a2,
        a3,
    ] = bytes;
    Ok(UseRecord {
        hash: u64::from_le_bytes([h0, h1, h2, h3, h4, h5, h6, h7]),
        conversation: u32::from_le_bytes([c0, c1, c2, c3]),
        agent: u32::from_le_bytes([a0, a1, a2, a3]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(i: u64) -> UseRecord {
        UseRecord {
            hash: i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            conversation: (i * 7) as u32,
            agent: (i % 300) as u32,
        }
    }

    #[test]
    fn records_come_back_whole_and_sorted_from_memory_and_disk() {
        let mut left = UseRecords::default();
        let mut right = UseRecords::default();
        let count = 2 * SPILL_RECORDS as u64 + 123;
        for i in 0..count {
            let side = if i % 3 == 0 { &mut left } else { &mut right };
            side.push(record(i));
            side.spill_if_full();
        }
        assert!(!right.files.is_empty(), "the test must spill");
        let paths: Vec<PathBuf> = right.files.iter().map(|f| f.path.clone()).collect();
        left.merge(right);
        assert_eq!(left.len(), count as usize);
        let mut expected: Vec<UseRecord> = (0..count).map(record).collect();
        expected.sort_unstable();
        left.finish();
        for _pass in 0..2 {
            let all: Vec<UseRecord> = left.sorted().unwrap().map(Result::unwrap).collect();
            assert_eq!(all, expected);
        }
        assert!(paths.iter().all(|p| p.exists()));
        drop(left);
        assert!(paths.iter().all(|p| !p.exists()), "spill files are removed");
    }
}
