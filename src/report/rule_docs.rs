//! `tact rule`: a rule's documentation as text or JSON.
//!
//! Text shows the id, pack, kind, scope and severity, the finding message,
//! then What / Why / Example / Instead. JSON is an array of objects with
//! the same fields (`id, pack, kind, scope, severity, message, what, why,
//! example, instead`).

use crate::pack::RuleSpec;
use serde_json::json;
use std::io::{self, Write};

pub fn write_text(rules: &[&RuleSpec], out: &mut dyn Write) -> io::Result<()> {
    for (i, rule) in rules.iter().enumerate() {
        if i > 0 {
            writeln!(out, "\n{}\n", "-".repeat(72))?;
        }
        writeln!(out, "{} ({})", rule.id, rule.severity)?;
        writeln!(
            out,
            "  pack: {}  kind: {}  scope: {}",
            rule.pack,
            rule.kind.as_str(),
            rule.scope.as_str()
        )?;
        writeln!(out, "  message: {}", rule.message)?;
        writeln!(out, "\nWhat it does\n  {}", rule.docs.what)?;
        writeln!(out, "\nWhy is this bad\n  {}", rule.docs.why)?;
        if let Some(example) = &rule.docs.example {
            writeln!(
                out,
                "\nExample\n  {}",
                example.trim_end().replace('\n', "\n  ")
            )?;
        }
        if let Some(instead) = &rule.docs.instead {
            writeln!(
                out,
                "\nInstead\n  {}",
                instead.trim_end().replace('\n', "\n  ")
            )?;
        }
    }
    Ok(())
}

pub fn write_json(rules: &[&RuleSpec], out: &mut dyn Write) -> io::Result<()> {
    let list: Vec<_> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "pack": rule.pack,
                "kind": rule.kind.as_str(),
                "scope": rule.scope.as_str(),
                "severity": rule.severity,
                "message": rule.message,
                "what": rule.docs.what,
                "why": rule.docs.why,
                "example": rule.docs.example,
                "instead": rule.docs.instead,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &list)?;
    out.write_all(b"\n")
}
