//! `--output-format json`: all findings as one JSON array of the objects
//! `findings.jsonl` holds one per line.

use crate::engine::Audit;
use std::io::{self, Write};

pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &audit.findings)?;
    out.write_all(b"\n")
}
