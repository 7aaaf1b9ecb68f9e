//! The terminal summary and `summary.txt`: what was read and skipped (with
//! reasons), the agent table with the lowest score first, the findings per
//! rule, and the worst conversations with their evidence.

use super::{ReportContext, one_decimal};
use crate::engine::Audit;
use crate::normalize::calendar::human_seconds;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// How many input problems the summary lists before counting the rest.
const PROBLEMS_SHOWN: usize = 20;

pub fn write(audit: &Audit, context: &ReportContext, out: &mut dyn Write) -> io::Result<()> {
    let as_of = audit
        .as_of
        .map(|t| format!(", as of {t}"))
        .unwrap_or_default();
    writeln!(
        out,
        "tact audit: {} conversations, {} messages, {} findings{as_of}",
        thousands(audit.conversations),
        thousands(audit.messages),
        thousands(audit.findings.len()),
    )?;

    if !audit.window.is_open() {
        let bound = |t: Option<jiff::Timestamp>| t.map_or("…".to_string(), |t| t.to_string());
        writeln!(
            out,
            "Window: {} to {}; {} conversations with no message in it left out",
            bound(audit.window.since),
            bound(audit.window.until),
            thousands(audit.outside_window)
        )?;
    }

    writeln!(out, "\nInputs")?;
    let width = audit
        .inputs
        .iter()
        .map(|i| i.path.chars().count())
        .max()
        .unwrap_or(0);
    for input in &audit.inputs {
        let format = input.format.map_or("-", |f| f.as_str());
        write!(
            out,
            "  {:<width$}  {:<9} {:>6} conversations {:>8} messages",
            input.path,
            format,
            thousands(input.conversations),
            thousands(input.messages),
        )?;
        if input.skipped > 0 {
            write!(out, "  {} skipped", input.skipped)?;
        }
        if input.warnings > 0 {
            write!(out, "  {} warnings", input.warnings)?;
        }
        writeln!(out)?;
    }
    if !audit.problems.is_empty() {
        writeln!(
            out,
            "\nInput problems: {} records skipped, {} warnings",
            audit.skipped(),
            audit.problems.len() - audit.skipped()
        )?;
        for problem in audit.problems.iter().take(PROBLEMS_SHOWN) {
            writeln!(out, "  {problem}")?;
        }
        if audit.problems.len() > PROBLEMS_SHOWN {
            writeln!(
                out,
                "  … and {} more",
                audit.problems.len() - PROBLEMS_SHOWN
            )?;
        }
    }

    writeln!(out, "\nAgents (lowest score first)")?;
    let rows = audit.agents_by_score();
    let name_width = rows
        .iter()
        .map(|(a, _)| a.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(
        out,
        "  {:<name_width$}  {:>6} {:>7} {:>8} {:>8} {:>6}  {:>11}  {:>5}",
        "agent", "convs", "msgs", "findings", "per 100", "score", "first reply", "abuse"
    )?;
    for (agent, stats) in &rows {
        writeln!(
            out,
            "  {:<name_width$}  {:>6} {:>7} {:>8} {:>8} {:>6}  {:>11}  {:>5}",
            agent,
            stats.conversations,
            stats.messages,
            stats.findings,
            one_decimal(stats.findings_per_100()),
            one_decimal(stats.score()),
            stats
                .first_response_median()
                .map_or("-".to_string(), human_seconds),
            stats.abuse_received,
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "  (no agent messages)")?;
    }

    writeln!(out, "\nFindings by rule")?;
    let mut by_rule: BTreeMap<String, (usize, &str)> = BTreeMap::new();
    audit.findings.for_each(|finding| {
        let entry = by_rule
            .entry(finding.rule.clone())
            .or_insert((0, finding.severity.as_str()));
        entry.0 += 1;
        Ok(())
    })?;
    let rule_width = context.rule_ids.iter().map(|r| r.len()).max().unwrap_or(4);
    let mut any = false;
    for rule in &context.rule_ids {
        if let Some((count, severity)) = by_rule.get(rule.as_str()) {
            any = true;
            writeln!(out, "  {rule:<rule_width$}  {severity:<7} {count:>6}")?;
        }
    }
    if !any {
        writeln!(out, "  (none)")?;
    }

    let promises = audit.promises;
    if promises.made > 0 {
        writeln!(
            out,
            "\nPromises with a deadline: {} made, {} kept, {} missed, {} pending (not yet due)",
            promises.made, promises.kept, promises.missed, promises.pending
        )?;
    }

    if !audit.worst.is_empty() {
        writeln!(out, "\nWorst conversations")?;
        for loss in &audit.worst {
            writeln!(
                out,
                "  {} ({}) lost {} points, {} findings  [{}]",
                loss.conversation_id,
                loss.agents.join(", "),
                loss.points,
                loss.findings,
                loss.origin,
            )?;
            let evidence = &loss.evidence;
            for finding in evidence {
                writeln!(
                    out,
                    "    {:<7} {} {}: \"{}\"",
                    finding.severity.as_str(),
                    finding.rule,
                    finding.message_id.as_deref().unwrap_or("-"),
                    finding.excerpt
                )?;
            }
        }
    }
    Ok(())
}

/// `12345` -> `12,345`.
fn thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_easily() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
