//! `agents.json`: the agent table of `agents.csv` plus, per rule, the three
//! strongest examples (conversation id, message id, excerpt) to coach from.
//!
//! ```json
//! {"as_of":"2026-11-22T21:40:00Z","rules":["courtesy/no-thanks",…],
//!  "promises":{"made":20,"kept":12,"missed":5,"pending":3},
//!  "agents":[{"agent":"Dana Reyes","conversations":31,"messages":77,"findings":4,
//!    "findings_per_100":12.9,"score":97.1,"rules":{"courtesy/no-thanks":2,…},
//!    "first_response_median_s":95,"customer_abuse_received":0,
//!    "promises":3,"missed_deadlines":1,
//!    "examples":{"courtesy/no-thanks":[{"conversation_id":"C-1","message_id":"m2","excerpt":"…"}]}}]}
//! ```

use super::ReportContext;
use crate::engine::Audit;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

pub fn write(audit: &Audit, context: &ReportContext, out: &mut dyn Write) -> io::Result<()> {
    let agents: Vec<Value> = audit
        .agents_by_score()
        .into_iter()
        .map(|(agent, stats)| {
            let rules: Map<String, Value> = context
                .rule_ids
                .iter()
                .map(|rule| {
                    (
                        rule.clone(),
                        json!(stats.by_rule.get(rule).copied().unwrap_or(0)),
                    )
                })
                .collect();
            let examples: Map<String, Value> = stats
                .examples
                .iter()
                .map(|(rule, examples)| {
                    let list = examples
                        .iter()
                        .map(|e| {
                            json!({
                                "conversation_id": e.conversation_id,
                                "message_id": e.message_id,
                                "excerpt": e.excerpt,
                            })
                        })
                        .collect();
                    (rule.clone(), Value::Array(list))
                })
                .collect();
            json!({
                "agent": agent,
                "conversations": stats.conversations,
                "messages": stats.messages,
                "findings": stats.findings,
                "findings_per_100": round1(stats.findings_per_100()),
                "score": round1(stats.score()),
                "rules": rules,
                "first_response_median_s": stats.first_response_median(),
                "customer_abuse_received": stats.abuse_received,
                "promises": stats.promises,
                "missed_deadlines": stats.missed_deadlines,
                "examples": examples,
            })
        })
        .collect();
    let document = json!({
        "as_of": audit.as_of.map(|t| t.to_string()),
        "conversations": audit.conversations,
        "messages": audit.messages,
        "rules": context.rule_ids,
        "promises": {
            "made": audit.promises.made,
            "kept": audit.promises.kept,
            "missed": audit.promises.missed,
            "pending": audit.promises.pending,
        },
        "agents": agents,
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

/// Rounds to one decimal, as the CSV shows it.
fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
