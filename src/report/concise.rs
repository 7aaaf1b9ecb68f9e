//! `--output-format concise`: one line per finding,
//! `conversation/message: rule-id message`.

use crate::engine::Audit;
use std::io::{self, Write};

pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    for finding in &audit.findings {
        let message_id = finding.message_id.as_deref().unwrap_or("-");
        writeln!(
            out,
            "{}/{}: {} {}",
            finding.conversation_id, message_id, finding.rule, finding.message
        )?;
    }
    Ok(())
}
