//! `agents.csv`: one row per agent, lowest score first.
//!
//! Columns: `agent, conversations, messages, findings, findings_per_100,
//! score`, then one count column per enabled rule (pack order), then
//! `first_response_median_s, customer_abuse_received, promises,
//! missed_deadlines` (dated promises made, and how many were missed by
//! the as-of time). RFC 4180 quoting;
//! text cells that could run as spreadsheet formulas are neutralised.

use super::{ReportContext, neutralize_formula, one_decimal};
use crate::engine::Audit;
use std::io::{self, Write};

pub fn write(audit: &Audit, context: &ReportContext, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = vec![
        "agent",
        "conversations",
        "messages",
        "findings",
        "findings_per_100",
        "score",
    ];
    header.extend(context.rule_ids.iter().map(String::as_str));
    header.extend([
        "first_response_median_s",
        "customer_abuse_received",
        "promises",
        "missed_deadlines",
    ]);
    writer.write_record(&header).map_err(io::Error::other)?;
    for (agent, stats) in audit.agents_by_score() {
        let mut row: Vec<String> = vec![
            neutralize_formula(agent).into_owned(),
            stats.conversations.to_string(),
            stats.messages.to_string(),
            stats.findings.to_string(),
            one_decimal(stats.findings_per_100()),
            one_decimal(stats.score()),
        ];
        row.extend(
            context
                .rule_ids
                .iter()
                .map(|rule| stats.by_rule.get(rule).copied().unwrap_or(0).to_string()),
        );
        row.push(
            stats
                .first_response_median()
                .map(|s| s.to_string())
                .unwrap_or_default(),
        );
        row.push(stats.abuse_received.to_string());
        row.push(stats.promises.to_string());
        row.push(stats.missed_deadlines.to_string());
        writer.write_record(&row).map_err(io::Error::other)?;
    }
    writer.flush()
}
