//! `json` (one array) and `jsonl` (one object per line). Each finding is
//! `{"rule","severity","path","line","col","end_line","end_col","excerpt","message"}`
//! (DESIGN §7): `path` as given on the command line, lines and columns from
//! 1, columns in characters, the end exclusive.

use super::LintReport;
use crate::lint::LintFinding;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Record<'a> {
    rule: &'a str,
    severity: &'a str,
    path: &'a str,
    line: usize,
    col: usize,
    end_line: usize,
    end_col: usize,
    excerpt: &'a str,
    message: &'a str,
}

fn record(f: &LintFinding) -> Record<'_> {
    Record {
        rule: &f.rule,
        severity: f.severity.as_str(),
        path: &f.path,
        line: f.line,
        col: f.col,
        end_line: f.end_line,
        end_col: f.end_col,
        excerpt: &f.excerpt,
        message: &f.message,
    }
}

pub fn write_array(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let records: Vec<Record> = report.run.findings.iter().map(record).collect();
    serde_json::to_writer_pretty(&mut *out, &records)?;
    writeln!(out)
}

pub fn write_lines(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.run.findings {
        serde_json::to_writer(&mut *out, &record(f))?;
        writeln!(out)?;
    }
    Ok(())
}
