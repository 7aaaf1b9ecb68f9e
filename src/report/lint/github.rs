//! `github`: GitHub Actions workflow commands, one per finding, which the
//! runner turns into annotations on the pull request's lines:
//! `::warning file={path},line={l},col={c},endLine={l},endColumn={c},title={rule}::{message}`.
//! `error` findings are `::error`, `info` ones `::notice`. Values escape
//! `%`, CR and LF as `%25`, `%0D`, `%0A`; properties also `:` and `,`.

use super::LintReport;
use crate::model::Severity;
use std::io::{self, Write};

fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.run.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&f.path),
            f.line,
            f.col,
            f.end_line,
            f.end_col,
            property(&f.rule),
            data(&format!("{} ({})", f.message, f.rule)),
        )?;
    }
    Ok(())
}
