//! `--output-format json`: all findings as one JSON array of the objects
//! `findings.jsonl` holds one per line.

use crate::engine::Audit;
use std::io::{self, Write};

/// Writes the array one finding at a time (the findings may be on disk),
/// laid out exactly as `serde_json`'s pretty printer lays out a list.
pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    if audit.findings.is_empty() {
        return out.write_all(b"[]\n");
    }
    let mut first = true;
    out.write_all(b"[")?;
    audit.findings.for_each(|finding| {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        let pretty = serde_json::to_string_pretty(finding)?;
        for (i, line) in pretty.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"  ")?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    })?;
    out.write_all(b"\n]\n")
}
