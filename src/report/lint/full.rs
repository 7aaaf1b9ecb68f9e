//! `full`, lint's default: each finding with the line it is on and a caret
//! under the quoted span, then one line of totals.
//!
//! ```text
//! macros/billing.md:7:4: warning[template/placeholder-without-fallback] Customer-name placeholder with no fallback: …
//!   |
//! 7 | Hi {{first_name}},
//!   |    ^^^^^^^^^^^^^^
//! ```

use super::LintReport;
use crate::model::Severity;
use std::io::{self, Write};

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let run = report.run;
    for f in &run.findings {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.path, f.line, f.col, f.severity, f.rule, f.message
        )?;
        if !f.context.is_empty() {
            let number = f.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = f.context.replace('\t', " ");
            writeln!(out, "{pad} |")?;
            writeln!(out, "{number} | {shown}")?;
            let width = if f.end_line == f.line && f.end_col > f.col {
                f.end_col - f.col
            } else {
                1
            };
            let indent = " ".repeat(f.context_col.saturating_sub(1));
            writeln!(out, "{pad} | {indent}{}", "^".repeat(width))?;
        }
        writeln!(out)?;
    }
    if !report.totals {
        return Ok(());
    }
    let count = |s: Severity| run.findings.iter().filter(|f| f.severity == s).count();
    let files_with = {
        let mut paths: Vec<&str> = run.findings.iter().map(|f| f.path.as_str()).collect();
        paths.dedup();
        paths.len()
    };
    if run.findings.is_empty() {
        writeln!(
            out,
            "No problems in {} files ({} responses).",
            run.files.len(),
            run.responses()
        )
    } else {
        writeln!(
            out,
            "Found {} problems in {} of {} files ({} responses): {} errors, {} warnings, {} info.",
            run.findings.len(),
            files_with,
            run.files.len(),
            run.responses(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )
    }
}
