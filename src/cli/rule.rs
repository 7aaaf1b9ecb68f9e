//! `tact rule ID` and `tact rule --all`: rules explain themselves.

use super::resolve::resolve_or_report;
use super::{CommonArgs, DocsFormat, Outcome, RuleArgs, to_stdout};
use crate::pack::RuleSpec;
use crate::report::rule_docs;

pub fn run(common: &CommonArgs, args: RuleArgs) -> anyhow::Result<Outcome> {
    let Some(resolved) = resolve_or_report(common) else {
        return Ok(Outcome::Error);
    };
    let rules: Vec<&RuleSpec> = match &args.id {
        Some(id) if !args.all => {
            // A single rule is explained even when the config disables it.
            let found = resolved
                .packs
                .iter()
                .flat_map(|p| &p.rules)
                .find(|r| &r.id == id);
            let meta = crate::lint::META_RULES
                .iter()
                .find(|(meta_id, ..)| meta_id == id);
            match (found, meta) {
                (Some(rule), _) => vec![rule],
                (None, Some((meta_id, message, what))) => {
                    // tact's own findings about suppressions in `tact lint`.
                    to_stdout(|out| {
                        writeln!(
                            out,
                            "{meta_id} (warning)\n  reported by: tact lint\n  message: {message}\n\nWhat it does\n  {what}"
                        )
                    })?;
                    return Ok(Outcome::Clean);
                }
                (None, None) => {
                    let known: Vec<&str> = resolved
                        .packs
                        .iter()
                        .flat_map(|p| &p.rules)
                        .map(|r| r.id.as_str())
                        .filter(|r| r.starts_with(id.split('/').next().unwrap_or("")))
                        .collect();
                    eprintln!("error: unknown rule `{id}`");
                    if !known.is_empty() {
                        eprintln!("  rules of that pack: {}", known.join(", "));
                    }
                    eprintln!("  `tact rule --all` lists every rule");
                    return Ok(Outcome::Error);
                }
            }
        }
        // The audit's rules, then the lint-only template checks.
        _ => {
            let mut all: Vec<&RuleSpec> = resolved.specs.iter().collect();
            all.extend(
                resolved
                    .lint_specs
                    .iter()
                    .filter(|s| !resolved.specs.iter().any(|a| a.id == s.id)),
            );
            all
        }
    };
    to_stdout(|out| match args.output_format {
        DocsFormat::Text => rule_docs::write_text(&rules, out),
        DocsFormat::Json => rule_docs::write_json(&rules, out),
    })?;
    Ok(Outcome::Clean)
}
