//! The findings of a run, kept in report order without holding them all in
//! memory. A gigabyte of conversations yields hundreds of thousands of
//! findings, each with its quoted excerpt; past [`SPILL_AT`] in one worker's
//! share they are sorted and written to a temporary file (a "run"), and the
//! reports read every run back in one merge. Memory then grows with the
//! number of runs, not of findings, and the order is the same however the
//! findings were split between workers and runs. Runs merge into larger
//! ones [`MERGE_FAN_IN`] at a time, so a long audit keeps a few dozen
//! files open at the end, not thousands.

use crate::model::{Charge, Finding, Origin, Severity};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Findings a worker holds before it writes them out as a sorted run: a
/// few megabytes, so the sample week and most audits never touch the disk.
pub const SPILL_AT: usize = 4_096;

/// Runs of one size merged into one run of the next: each finding is
/// rewritten once per level, and a worker holds fewer than this many runs
/// of each level.
pub const MERGE_FAN_IN: usize = 16;

/// Every finding of a run: a sorted spill file per full batch, and the
/// rest in memory.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    memory: Vec<Finding>,
    runs: Vec<Arc<Run>>,
    count: usize,
}

/// One sorted batch of findings on disk, removed when the last audit that
/// holds it is dropped.
#[derive(Debug)]
struct Run {
    path: PathBuf,
    /// 0 for a spilled batch, one more for each merge.
    level: u32,
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A finding as a spill file stores it: every field, including those the
/// reports never print but the order and the totals need.
#[derive(Serialize, Deserialize)]
struct Stored {
    rule: String,
    severity: Severity,
    conversation_id: String,
    message_id: Option<String>,
    agent: Option<String>,
    ts: Option<Timestamp>,
    start: Option<usize>,
    end: Option<usize>,
    excerpt: String,
    message: String,
    exposure: bool,
    message_index: usize,
    path: String,
    line: u64,
    record: u64,
}

impl Stored {
    fn from_finding(f: &Finding) -> Stored {
        Stored {
            rule: f.rule.clone(),
            severity: f.severity,
            conversation_id: f.conversation_id.clone(),
            message_id: f.message_id.clone(),
            agent: f.agent.clone(),
            ts: f.ts,
            start: f.start,
            end: f.end,
            excerpt: f.excerpt.clone(),
            message: f.message.clone(),
            exposure: f.charge == Charge::Exposure,
            message_index: f.message_index,
            path: f.origin.path.clone(),
            line: f.origin.line,
            record: f.origin.record,
        }
    }

    /// Only settled findings are stored: `due` and `template` were
    /// decided before the finding was counted.
    fn into_finding(self) -> Finding {
        Finding {
            rule: self.rule,
            severity: self.severity,
            conversation_id: self.conversation_id,
            message_id: self.message_id,
            agent: self.agent,
            ts: self.ts,
            start: self.start,
            end: self.end,
            excerpt: self.excerpt,
            message: self.message,
            charge: if self.exposure {
                Charge::Exposure
            } else {
                Charge::Agent
            },
            message_index: self.message_index,
            due: None,
            template: None,
            origin: Origin {
                path: self.path,
                line: self.line,
                record: self.record,
            },
        }
    }
}

/// Names spill files uniquely within the process.
static NEXT_RUN: AtomicU64 = AtomicU64::new(0);

impl Findings {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        let before = self.memory.len();
        self.memory.extend(findings);
        self.count += self.memory.len() - before;
    }

    pub fn merge(&mut self, other: Findings) {
        self.count += other.count;
        self.memory.extend(other.memory);
        self.runs.extend(other.runs);
    }

    /// Writes the findings held in memory out as one sorted run when there
    /// are more than [`SPILL_AT`]; true when it did. Should the disk
    /// refuse, they stay in memory: a slower, larger run beats a lost
    /// finding.
    pub fn spill_if_full(&mut self) -> bool {
        if self.memory.len() < SPILL_AT {
            return false;
        }
        sort(&mut self.memory);
        match write_run(0, |writer| self.memory.iter().try_for_each(writer)) {
            Ok(run) => {
                self.runs.push(Arc::new(run));
                self.memory = Vec::new();
                self.merge_full_levels();
                true
            }
            Err(_) => false,
        }
    }

    fn merge_full_levels(&mut self) {
        merge_full_levels(
            &mut self.runs,
            |run| run.level,
            |group, level| {
                let group = Findings {
                    memory: Vec::new(),
                    runs: group.to_vec(),
                    count: 0,
                };
                write_run(level, |writer| group.for_each(writer))
            },
        );
    }

    /// Sorts what is in memory; call once every finding is in.
    pub fn finish(&mut self) {
        sort(&mut self.memory);
    }

    /// Calls `visit` with every finding in report order (conversation,
    /// message, span, rule), merging the runs on disk with the findings in
    /// memory.
    pub fn for_each(&self, mut visit: impl FnMut(&Finding) -> io::Result<()>) -> io::Result<()> {
        if self.runs.is_empty() {
            return self.memory.iter().try_for_each(visit);
        }
        let mut readers = self
            .runs
            .iter()
            .map(|run| File::open(&run.path).map(|f| BufReader::new(f).lines()))
            .collect::<io::Result<Vec<_>>>()?;
        let mut heads: Vec<Option<Finding>> = Vec::with_capacity(readers.len());
        for reader in &mut readers {
            heads.push(next_stored(reader)?);
        }
        let mut in_memory = self.memory.iter().peekable();
        loop {
            // A linear scan for the smallest head: there are few runs.
            let mut smallest: Option<usize> = None;
            for (i, head) in heads.iter().enumerate() {
                if let Some(head) = head
                    && smallest.is_none_or(|s| {
                        heads[s]
                            .as_ref()
                            .is_some_and(|best| report_order(head, best).is_lt())
                    })
                {
                    smallest = Some(i);
                }
            }
            let memory_first = match (in_memory.peek(), smallest) {
                (Some(m), Some(s)) => heads[s]
                    .as_ref()
                    .is_none_or(|best| report_order(m, best).is_le()),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => return Ok(()),
            };
            if memory_first {
                if let Some(finding) = in_memory.next() {
                    visit(finding)?;
                }
            } else if let Some(s) = smallest {
                if let Some(finding) = heads[s].take() {
                    visit(&finding)?;
                }
                heads[s] = next_stored(&mut readers[s])?;
            }
        }
    }

    /// Whether any finding passes `test`; stops reading at the first.
    pub fn any(&self, mut test: impl FnMut(&Finding) -> bool) -> io::Result<bool> {
        let mut found = false;
        let result = self.for_each(|f| {
            if test(f) {
                found = true;
                // An error ends the merge early; `found` tells it apart.
                return Err(io::Error::other("found"));
            }
            Ok(())
        });
        match result {
            Ok(()) => Ok(false),
            Err(_) if found => Ok(true),
            Err(e) => Err(e),
        }
    }
}

/// Merges the runs of any level that has [`MERGE_FAN_IN`] of them, lowest
/// level first, into one run of the next level made by `merge` (given the
/// group and the new level); runs of findings and of corpus records alike.
/// Should the disk refuse, the runs stay as they are.
pub fn merge_full_levels<R>(
    runs: &mut Vec<Arc<R>>,
    level_of: impl Fn(&R) -> u32,
    mut merge: impl FnMut(&[Arc<R>], u32) -> io::Result<R>,
) {
    loop {
        let mut counts: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
        for run in runs.iter() {
            *counts.entry(level_of(run)).or_default() += 1;
        }
        let Some(level) = counts
            .into_iter()
            .find(|&(_, count)| count >= MERGE_FAN_IN)
            .map(|(level, _)| level)
        else {
            return;
        };
        let (group, rest): (Vec<_>, Vec<_>) =
            runs.drain(..).partition(|run| level_of(run) == level);
        *runs = rest;
        match merge(&group, level + 1) {
            Ok(merged) => runs.push(Arc::new(merged)),
            Err(_) => {
                runs.extend(group);
                return;
            }
        }
    }
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(report_order);
}

/// The reports' order, made total: two findings the sort key cannot tell
/// apart (one rule twice on one message, no span) are ordered by what they
/// print, so which worker or which run held them never shows.
fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    a.sort_key().cmp(&b.sort_key()).then_with(|| {
        (
            a.end,
            &a.excerpt,
            &a.message,
            a.severity,
            a.ts,
            &a.message_id,
        )
            .cmp(&(
                b.end,
                &b.excerpt,
                &b.message,
                b.severity,
                b.ts,
                &b.message_id,
            ))
    })
}

/// Writes a new spill file of `level`, one JSON object per line, from
/// `fill`, which hands each finding in report order to the writer it is
/// given.
fn write_run(
    level: u32,
    fill: impl FnOnce(&mut dyn FnMut(&Finding) -> io::Result<()>) -> io::Result<()>,
) -> io::Result<Run> {
    let number = NEXT_RUN.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!(
        "tact-findings-{}-{number}.jsonl",
        std::process::id()
    ));
    let run = Run { path, level };
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&run.path)?;
    let mut writer = BufWriter::new(file);
    fill(&mut |finding| {
        serde_json::to_writer(&mut writer, &Stored::from_finding(finding))?;
        writer.write_all(b"\n")
    })?;
    writer.flush()?;
    Ok(run)
}

fn next_stored(lines: &mut io::Lines<BufReader<File>>) -> io::Result<Option<Finding>> {
    match lines.next() {
        None => Ok(None),
        Some(line) => {
            let stored: Stored = serde_json::from_str(&line?)?;
            Ok(Some(stored.into_finding()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(conversation: &str, line: u64, index: usize, rule: &str) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity: Severity::Warning,
            conversation_id: conversation.to_string(),
            message_id: Some(format!("m{index}")),
            agent: Some("Zoë Brontë".to_string()),
            ts: Some("2026-11-16T09:40:00Z".parse().unwrap()),
            start: Some(3),
            end: Some(9),
            excerpt: "that’s our policy 🙁".to_string(),
            message: "Cites policy".to_string(),
            charge: if index.is_multiple_of(2) {
                Charge::Agent
            } else {
                Charge::Exposure
            },
            message_index: index,
            due: None,
            template: None,
            origin: Origin {
                path: "week.jsonl".to_string(),
                line,
                record: 0,
            },
        }
    }

    fn collect(findings: &Findings) -> Vec<Finding> {
        let mut all = Vec::new();
        findings
            .for_each(|f| {
                all.push(f.clone());
                Ok(())
            })
            .unwrap();
        all
    }

    /// Findings split between workers, runs on disk and memory come back
    /// whole, in the order one sorted list would give.
    #[test]
    fn spilled_runs_merge_back_in_report_order() {
        let all: Vec<Finding> = (0..3 * SPILL_AT as u64 + 17)
            .map(|i| {
                let line = (i * 7919) % 5003;
                finding(&format!("C-{line}"), line, (i % 5) as usize, "policy/x")
            })
            .collect();
        let mut left = Findings::default();
        let mut right = Findings::default();
        for (i, f) in all.iter().enumerate() {
            let side = if i % 3 == 0 { &mut left } else { &mut right };
            side.extend([f.clone()]);
            side.spill_if_full();
        }
        left.merge(right);
        left.finish();
        assert!(left.runs.len() >= 2, "the test must spill");
        assert_eq!(left.len(), all.len());
        let mut expected = all;
        sort(&mut expected);
        assert_eq!(collect(&left), expected);
        assert!(left.any(|f| f.origin.line == 5002).unwrap());
        assert!(!left.any(|f| f.origin.line == 5003).unwrap());
        let paths: Vec<PathBuf> = left.runs.iter().map(|r| r.path.clone()).collect();
        drop(left);
        assert!(paths.iter().all(|p| !p.exists()), "spill files removed");
    }

    /// Past [`MERGE_FAN_IN`] spills, runs merge into larger ones: few
    /// files stay, and the order is still that of one sorted list.
    #[test]
    fn many_runs_merge_into_few() {
        let count = (MERGE_FAN_IN + 3) * SPILL_AT + 5;
        let all: Vec<Finding> = (0..count as u64)
            .map(|i| {
                let line = (i * 7919) % 100_003;
                finding(&format!("C-{line}"), line, (i % 3) as usize, "policy/x")
            })
            .collect();
        let mut findings = Findings::default();
        for f in &all {
            findings.extend([f.clone()]);
            findings.spill_if_full();
        }
        findings.finish();
        let levels: Vec<u32> = findings.runs.iter().map(|r| r.level).collect();
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{levels:?}");
        assert!(findings.runs.len() < MERGE_FAN_IN, "{levels:?}");
        assert_eq!(findings.len(), all.len());
        let mut expected = all;
        sort(&mut expected);
        assert_eq!(collect(&findings), expected);
    }

    #[test]
    fn small_audits_stay_in_memory() {
        let mut findings = Findings::default();
        findings.extend([finding("B", 2, 0, "r"), finding("A", 1, 0, "r")]);
        findings.spill_if_full();
        findings.finish();
        assert!(findings.runs.is_empty());
        let ids: Vec<String> = collect(&findings)
            .into_iter()
            .map(|f| f.conversation_id)
            .collect();
        assert_eq!(ids, ["A", "B"]);
    }
}
