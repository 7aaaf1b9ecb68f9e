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
            match found {
                Some(rule) => vec![rule],
                None => {
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
        _ => resolved.specs.iter().collect(),
    };
    to_stdout(|out| match args.output_format {
        DocsFormat::Text => rule_docs::write_text(&rules, out),
        DocsFormat::Json => rule_docs::write_json(&rules, out),
    })?;
    Ok(Outcome::Clean)
}
