//! `concise`: one line per finding, `path:line:col: rule message`, the
//! shape editors and `grep` understand (like ruff's concise output).

use super::LintReport;
use std::io::{self, Write};

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.run.findings {
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            f.path, f.line, f.col, f.rule, f.message
        )?;
    }
    Ok(())
}
