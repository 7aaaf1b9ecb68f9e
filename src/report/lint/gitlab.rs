//! `gitlab`: a GitLab Code Quality report, the JSON array GitLab shows in
//! merge requests: each issue has `description`, `check_name`,
//! `fingerprint` (stable across runs: a hash of path, rule and the quoted
//! text, not the line, so an edit above does not make it "new"),
//! `severity` (`info`, `minor` for warnings, `major` for errors) and
//! `location.path` with `location.lines.begin`.

use super::LintReport;
use crate::model::Severity;
use serde_json::json;
use std::io::{self, Write};

/// 64-bit FNV-1a, twice with different seeds: 32 hex digits, stable
/// across platforms and releases (unlike std's hasher).
pub fn fingerprint(parts: &[&str]) -> String {
    let hash = |seed: u64| {
        let mut h = seed;
        for part in parts {
            for byte in part.bytes().chain(std::iter::once(0)) {
                h ^= u64::from(byte);
                h = h.wrapping_mul(0x100000001b3);
            }
        }
        h
    };
    format!(
        "{:016x}{:016x}",
        hash(0xcbf29ce484222325),
        hash(0x84222325cbf29ce4)
    )
}

/// One stable fingerprint per finding, in order: a hash of path, rule and
/// quoted text (not the line, so an edit above does not make a finding
/// "new"); the same mistake twice in one file is told apart by its rank
/// among its twins.
pub fn finding_fingerprints(findings: &[crate::lint::LintFinding]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let base = fingerprint(&[&f.path, &f.rule, &f.excerpt]);
            let rank = seen.entry(base.clone()).or_insert(0);
            *rank += 1;
            if *rank == 1 {
                base
            } else {
                fingerprint(&[&base, &rank.to_string()])
            }
        })
        .collect()
}

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let fingerprints = finding_fingerprints(&report.run.findings);
    let issues: Vec<serde_json::Value> = report
        .run
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| {
            json!({
                "type": "issue",
                "description": format!("{} ({})", f.message, f.rule),
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": match f.severity {
                    Severity::Info => "info",
                    Severity::Warning => "minor",
                    Severity::Error => "major",
                },
                "categories": ["Style"],
                "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
