//! `--output-format concise`: one line per finding,
//! `conversation/message: rule-id message`.

use crate::engine::Audit;
use std::io::{self, Write};

pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    audit.findings.for_each(|finding| {
        let message_id = finding.message_id.as_deref().unwrap_or("-");
        writeln!(
            out,
            "{}/{}: {} {}",
            finding.conversation_id, message_id, finding.rule, finding.message
        )
    })
}
