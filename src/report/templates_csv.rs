//! `templates.csv`: the macros the corpus pass found, most used first, and
//! how often each failed a customer.
//!
//! Columns: `template` (the text of its first use, names written `{name}`,
//! contact details masked; empty when the input was standard input, which
//! cannot be read twice), `conversations`, `uses` (replies), `agents`
//! (how many), `agent_names` (`; `-separated), `template_replies` (uses
//! that were the only answer to a problem they did not engage with:
//! `form-letter/template-reply` findings), `customer_repeats` (uses
//! followed by the customer repeating themselves), `unanswered_after`
//! (uses followed by a customer message nobody answered). RFC 4180
//! quoting; text cells that could run as spreadsheet formulas are
//! neutralised.

use super::neutralize_formula;
use crate::engine::Audit;
use std::io::{self, Write};

pub fn write(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record([
            "template",
            "conversations",
            "uses",
            "agents",
            "agent_names",
            "template_replies",
            "customer_repeats",
            "unanswered_after",
        ])
        .map_err(io::Error::other)?;
    for row in &audit.templates {
        writer
            .write_record([
                neutralize_formula(&row.text).into_owned(),
                row.conversations.to_string(),
                row.uses.to_string(),
                row.agents.len().to_string(),
                neutralize_formula(&row.agents.join("; ")).into_owned(),
                row.unanswering.to_string(),
                row.customer_repeats.to_string(),
                row.unanswered_after.to_string(),
            ])
            .map_err(io::Error::other)?;
    }
    writer.flush()
}
