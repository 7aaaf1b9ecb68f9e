//! Output: one file per format, each taking the sorted audit and a writer.
//! Only this module writes what users read; `--out` files are written
//! atomically.

pub mod agents_csv;
pub mod agents_json;
pub mod concise;
pub mod full;
pub mod json;
pub mod jsonl;
pub mod lint;
pub mod rule_docs;
pub mod summary;
pub mod templates_csv;

use crate::engine::Audit;
use std::io::{self, Write};
use std::path::Path;

/// What `--output-format` can print for `tact audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// Inputs, the agent table and the worst conversations.
    Summary,
    /// Every finding with its quoted evidence.
    Full,
    /// One line per finding.
    Concise,
    /// All findings as one JSON array.
    Json,
    /// One finding per line.
    Jsonl,
    /// The agent table as CSV.
    Csv,
}

impl AuditFormat {
    pub fn parse(name: &str) -> Option<AuditFormat> {
        <AuditFormat as clap::ValueEnum>::from_str(name, true).ok()
    }
}

/// What reports need to know besides the audit.
#[derive(Debug, Clone)]
pub struct ReportContext {
    /// Enabled rules, in pack order: the per-rule columns.
    pub rule_ids: Vec<String>,
}

/// Writes one format.
pub fn write(
    format: AuditFormat,
    audit: &Audit,
    context: &ReportContext,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        AuditFormat::Summary => summary::write(audit, context, out),
        AuditFormat::Full => full::write(audit, out),
        AuditFormat::Concise => concise::write(audit, out),
        AuditFormat::Json => json::write(audit, out),
        AuditFormat::Jsonl => jsonl::write(audit, out),
        AuditFormat::Csv => agents_csv::write(audit, context, out),
    }
}

/// Writes `--out DIR`: `agents.csv`, `agents.json`, `findings.jsonl` and
/// `summary.txt`, each atomically.
pub fn write_out_dir(dir: &Path, audit: &Audit, context: &ReportContext) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_atomically(&dir.join("agents.csv"), |w| {
        agents_csv::write(audit, context, w)
    })?;
    write_atomically(&dir.join("agents.json"), |w| {
        agents_json::write(audit, context, w)
    })?;
    write_atomically(&dir.join("findings.jsonl"), |w| jsonl::write(audit, w))?;
    write_atomically(&dir.join("summary.txt"), |w| {
        summary::write(audit, context, w)
    })?;
    write_atomically(&dir.join("templates.csv"), |w| {
        templates_csv::write(audit, w)
    })?;
    Ok(())
}

/// Writes a file through a temporary file in the same directory and a
/// rename, so a reader never sees half a report and a crash leaves the old
/// one in place.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("report");
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&temp)?;
        let mut writer = io::BufWriter::new(file);
        fill(&mut writer)?;
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Makes a text cell safe for spreadsheets: a cell that starts with `=`,
/// `+`, `-`, `@`, tab or carriage return would run as a formula, so it gets
/// a leading apostrophe, which Excel and Sheets show as plain text.
pub fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Formats a rate with one decimal, the way every report shows them.
pub fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for (cell, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1 555", "'+1 555"),
            ("-2", "'-2"),
            ("@handle", "'@handle"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Dana Reyes", "Dana Reyes"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralize_formula(cell), expected);
        }
    }

    #[test]
    fn atomic_write_replaces_the_whole_file_or_nothing() {
        let dir = std::env::temp_dir().join(format!("tact-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.txt");
        write_atomically(&path, |w| w.write_all(b"first")).unwrap();
        let failed = write_atomically(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
