//! `--output-format full`: every finding with its place, the agent it is
//! charged to, and the quoted evidence, for reading in a terminal.
//!
//! ```text
//! warning[policy/hiding-behind-policy] Cites policy as the answer instead of solving the problem
//!   --> T-1042 m2 (Dana Reyes, 2026-11-16T09:40:00Z) at fixtures/week.jsonl:12
//!    | I'm sorry, but that's our policy.
//! ```

use crate::engine::Audit;
use std::io::{self, Write};

pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    audit.findings.for_each(|finding| {
        writeln!(
            out,
            "{}[{}] {}",
            finding.severity, finding.rule, finding.message
        )?;
        let mut place = finding.conversation_id.clone();
        if let Some(message) = &finding.message_id {
            place.push(' ');
            place.push_str(message);
        }
        let who = finding.agent.as_deref().unwrap_or("no agent");
        let when = finding.ts.map(|t| format!(", {t}")).unwrap_or_default();
        writeln!(out, "  --> {place} ({who}{when}) at {}", finding.origin)?;
        writeln!(out, "   | {}", finding.excerpt)?;
        writeln!(out)
    })?;
    writeln!(out, "{} findings", audit.findings.len())
}
