//! The corpus pass's records while the input is read: one [`UseRecord`]
//! per substantive agent reply, held in memory in small batches and
//! written to temporary files as the batches fill, then read back into one
//! list for clustering. The records are the only part of an audit that
//! grows with every reply; kept on disk until the input is read, they do
//! not sit in memory beside the workers' buffers, and the one list they
//! come back into is allocated once, at its exact size.

use crate::corpus::UseRecord;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Records a worker holds before writing them out: one megabyte.
pub const SPILL_RECORDS: usize = 65_536;

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

    /// Every record in one list of exactly their number. A file that
    /// cannot be read back is an `Err` naming it; the records read so far
    /// are lost with it, since templates counted on part of the replies
    /// would be wrong without saying so.
    pub fn into_vec(self) -> Result<Vec<UseRecord>, String> {
        let mut all = Vec::with_capacity(self.len());
        for file in &self.files {
            read_file(file, &mut all).map_err(|error| {
                format!(
                    "cannot read back the corpus pass's records from {}: {error}",
                    file.path.display()
                )
            })?;
        }
        all.extend(self.memory);
        Ok(all)
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

fn read_file(file: &SpillFile, out: &mut Vec<UseRecord>) -> io::Result<()> {
    let mut reader = BufReader::new(File::open(&file.path)?);
    let mut bytes = [0u8; RECORD_BYTES];
    for _ in 0..file.records {
        reader.read_exact(&mut bytes)?;
        let (hash, rest) = bytes.split_at(8);
        let (conversation, agent) = rest.split_at(4);
        out.push(UseRecord {
            hash: u64::from_le_bytes(hash.try_into().expect("8 bytes")),
            conversation: u32::from_le_bytes(conversation.try_into().expect("4 bytes")),
            agent: u32::from_le_bytes(agent.try_into().expect("4 bytes")),
        });
    }
    Ok(())
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
    fn records_come_back_whole_from_memory_and_disk() {
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
        let mut all = left.into_vec().unwrap();
        all.sort_unstable();
        let mut expected: Vec<UseRecord> = (0..count).map(record).collect();
        expected.sort_unstable();
        assert_eq!(all, expected);
        assert!(paths.iter().all(|p| !p.exists()), "spill files are removed");
    }
}
