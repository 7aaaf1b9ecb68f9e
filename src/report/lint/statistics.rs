//! `--statistics`: how many findings each rule produced, most first, in
//! place of the findings (as ruff does): `count  rule  [severity] message`.

use super::LintReport;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: BTreeMap<&str, (usize, &str, &str)> = BTreeMap::new();
    for f in &report.run.findings {
        let message = report
            .docs
            .iter()
            .find(|d| d.id == f.rule)
            .map_or(f.message.as_str(), |d| d.message.as_str());
        let entry = counts
            .entry(&f.rule)
            .or_insert((0, f.severity.as_str(), message));
        entry.0 += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(rule, _)| rule.len()).max().unwrap_or(0);
    for (rule, (count, severity, message)) in rows {
        writeln!(out, "{count:>5}  {rule:<width$}  [{severity}] {message}")?;
    }
    Ok(())
}
