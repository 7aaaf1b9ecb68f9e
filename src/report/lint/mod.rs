//! What `tact lint` prints: one file per format, each over the same sorted
//! findings, each with its wire format in its doc comment. The snapshot
//! tests at the bottom pin every format over one shared set of findings.

pub mod concise;
pub mod full;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

use crate::lint::LintRun;
use crate::model::Severity;
use std::io::{self, Write};

/// What `--output-format` can print for `tact lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// Each finding with the line it is on (the default).
    Full,
    /// One line per finding: `path:line:col: rule message`.
    Concise,
    /// All findings as one JSON array.
    Json,
    /// One finding per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML: one test case per response.
    Junit,
}

impl LintFormat {
    pub fn parse(name: &str) -> Option<LintFormat> {
        <LintFormat as clap::ValueEnum>::from_str(name, true).ok()
    }
}

/// A rule's documentation, for the formats that carry it (SARIF).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDoc {
    pub id: String,
    pub severity: Severity,
    pub message: String,
    pub what: String,
    pub why: String,
}

/// Everything a lint report needs.
pub struct LintReport<'a> {
    pub run: &'a LintRun,
    /// The lowest severity that fails the run (`--fail-on`), if any: JUnit
    /// counts only those findings as failures.
    pub fail_on: Option<Severity>,
    /// Whether `full` ends with its line of totals (`--quiet` drops it).
    pub totals: bool,
    /// Documentation of the rules that ran (and of tact's own), by id.
    pub docs: &'a [RuleDoc],
    pub version: &'a str,
}

pub fn write(format: LintFormat, report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    match format {
        LintFormat::Full => full::write(report, out),
        LintFormat::Concise => concise::write(report, out),
        LintFormat::Json => json::write_array(report, out),
        LintFormat::Jsonl => json::write_lines(report, out),
        LintFormat::Sarif => sarif::write(report, out),
        LintFormat::Github => github::write(report, out),
        LintFormat::Gitlab => gitlab::write(report, out),
        LintFormat::Junit => junit::write(report, out),
    }
}

#[cfg(test)]
mod snapshots;
