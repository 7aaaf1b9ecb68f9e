//! The corpus pass's records: one [`UseRecord`] per substantive agent
//! reply, held in memory in batches and written to temporary files as
//! sorted runs when a batch fills. Clustering reads them back as one
//! sorted stream (a merge of the runs), twice, and never holds them all:
//! they are the only part of an audit that grows with every reply. Runs
//! merge into larger ones [`MERGE_FAN_IN`](crate::findings::MERGE_FAN_IN) at a time, as findings' do, so
//! the final merge keeps few files open.

use crate::corpus::UseRecord;
use crate::findings::merge_full_levels;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Records a worker holds before writing them out as a sorted run: two
/// megabytes (a 4 GB input makes some 120 runs, merged sixteen at a
/// time). The bound is in bytes because every accumulator the parallel
/// pass keeps alive holds up to this much: with 16-byte records it was
/// 131,072 of them, and the place added to each record would otherwise
/// have raised the peak at 4 GB by some 15 MB.
pub const SPILL_RECORDS: usize = (2 << 20) / RECORD_BYTES;

/// Bytes of one record in a spill file: fingerprint, conversation, agent
/// and place, little-endian.
const RECORD_BYTES: usize = 24;

/// Every record of an audit so far: files of full batches, and the rest
/// in memory. The order of records means nothing: clustering sorts them.
#[derive(Debug, Clone)]
pub struct UseRecords {
    memory: Vec<UseRecord>,
    files: Vec<Arc<SpillFile>>,
    on_disk: usize,
    /// [`SPILL_RECORDS`], smaller in tests.
    spill_at: usize,
}

impl Default for UseRecords {
    fn default() -> Self {
        UseRecords {
            memory: Vec::new(),
            files: Vec::new(),
            on_disk: 0,
            spill_at: SPILL_RECORDS,
        }
    }
}

/// One batch of records on disk, removed when the last audit holding it
/// is dropped.
#[derive(Debug)]
struct SpillFile {
    path: PathBuf,
    records: usize,
    /// 0 for a spilled batch, one more for each merge.
    level: u32,
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
        if self.memory.len() < self.spill_at {
            return false;
        }
        self.memory.sort_unstable();
        match write_file(0, self.memory.iter().map(|&r| Ok(r))) {
            Ok(file) => {
                self.on_disk += file.records;
                self.files.push(Arc::new(file));
                self.memory = Vec::new();
                self.merge_full_levels();
                true
            }
            Err(_) => false,
        }
    }

    fn merge_full_levels(&mut self) {
        merge_full_levels(
            &mut self.files,
            |file| file.level,
            |group, level| {
                let merged = merge_runs(group, &[]).map_err(io::Error::other)?;
                write_file(level, merged.map(|r| r.map_err(io::Error::other)))
            },
        );
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
        merge_runs(&self.files, &self.memory)
    }
}

/// The records of sorted runs on disk and one sorted run in memory, as
/// one sorted stream.
fn merge_runs<'a>(files: &[Arc<SpillFile>], memory: &'a [UseRecord]) -> Result<Merged<'a>, String> {
    let mut sources = Vec::with_capacity(files.len() + 1);
    for file in files {
        let reader = File::open(&file.path).map_err(|error| read_error(file, &error))?;
        sources.push(Source::File {
            reader: BufReader::new(reader),
            left: file.records,
            file: Arc::clone(file),
        });
    }
    sources.push(Source::Memory(memory.iter()));
    let mut merged = Merged {
        heap: BinaryHeap::with_capacity(sources.len()),
        sources,
    };
    for at in 0..merged.sources.len() {
        merged.refill(at)?;
    }
    Ok(merged)
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

fn write_file(
    level: u32,
    records: impl IntoIterator<Item = io::Result<UseRecord>>,
) -> io::Result<SpillFile> {
    let number = NEXT_FILE.fetch_add(1, Ordering::Relaxed);
    let path =
        std::env::temp_dir().join(format!("tact-records-{}-{number}.bin", std::process::id()));
    let mut file = SpillFile {
        path,
        records: 0,
        level,
    };
    let mut writer = BufWriter::new(
        File::options()
            .write(true)
            .create_new(true)
            .open(&file.path)?,
    );
    for record in records {
        let record = record?;
        writer.write_all(&record.hash.to_le_bytes())?;
        writer.write_all(&record.conversation.to_le_bytes())?;
        writer.write_all(&record.agent.to_le_bytes())?;
        writer.write_all(&record.place.to_le_bytes())?;
        file.records += 1;
    }
    writer.flush()?;
    Ok(file)
}

fn read_record(reader: &mut impl Read) -> io::Result<UseRecord> {
    let mut bytes = [0u8; RECORD_BYTES];
    reader.read_exact(&mut bytes)?;
    // A little-endian field of `len` bytes at `at`.
    let field = |at: usize, len: usize| {
        bytes[at..at + len]
            .iter()
            .rev()
            .fold(0u64, |value, &byte| value << 8 | u64::from(byte))
    };
    Ok(UseRecord {
        hash: field(0, 8),
        conversation: field(8, 4) as u32,
        agent: field(12, 4) as u32,
        place: field(16, 8),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::MERGE_FAN_IN;

    fn record(i: u64) -> UseRecord {
        UseRecord {
            hash: i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            conversation: (i * 7) as u32,
            agent: (i % 300) as u32,
            place: i * 13,
        }
    }

    fn store(spill_at: usize) -> UseRecords {
        UseRecords {
            spill_at,
            ..UseRecords::default()
        }
    }

    #[test]
    fn records_come_back_whole_and_sorted_from_memory_and_disk() {
        let mut left = store(1000);
        let mut right = store(1000);
        let count = 2 * 1000 + 123;
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

    /// Past [`MERGE_FAN_IN`](crate::findings::MERGE_FAN_IN) spills, runs merge into larger ones: few
    /// files stay open for the final merge, and nothing is lost.
    #[test]
    fn many_runs_merge_into_few() {
        let mut records = store(100);
        let count = (MERGE_FAN_IN as u64 + 2) * 100 + 7;
        for i in 0..count {
            records.push(record(i));
            records.spill_if_full();
        }
        records.finish();
        let levels: Vec<u32> = records.files.iter().map(|f| f.level).collect();
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{levels:?}");
        assert!(records.files.len() < MERGE_FAN_IN, "{levels:?}");
        assert_eq!(records.len(), count as usize);
        let mut expected: Vec<UseRecord> = (0..count).map(record).collect();
        expected.sort_unstable();
        let all: Vec<UseRecord> = records.sorted().unwrap().map(Result::unwrap).collect();
        assert_eq!(all, expected);
    }
}
