//! `tact rules test`: runs every rule's example, instead and
//! `[[rule.test]]` cases, prints each failure, and exits 1 if any failed.

use super::resolve::{print_errors, resolve_or_report};
use super::{CommonArgs, Outcome, RulesTestArgs, to_stdout};
use crate::check::examples::run_rule_tests;
use std::path::PathBuf;

pub fn run(common: &CommonArgs, args: RulesTestArgs) -> anyhow::Result<Outcome> {
    // Arguments that are files are packs to load; the others name packs.
    let mut common = common.clone();
    let mut names = Vec::new();
    for pack in &args.packs {
        let path = PathBuf::from(pack);
        if path.exists() {
            common.rules.push(path);
        } else {
            names.push(pack.clone());
        }
    }
    let Some(resolved) = resolve_or_report(&common) else {
        return Ok(Outcome::Error);
    };
    let loaded_files: Vec<String> = common
        .rules
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut unknown = Vec::new();
    for name in &names {
        if !resolved.packs.iter().any(|p| &p.name == name) {
            unknown.push(format!(
                "unknown pack `{name}` (not a loaded pack name or a file)"
            ));
        }
    }
    if !unknown.is_empty() {
        print_errors(&unknown);
        return Ok(Outcome::Error);
    }
    let chosen = |pack: &crate::pack::Pack| {
        args.packs.is_empty()
            || names.contains(&pack.name)
            || loaded_files
                .iter()
                .any(|f| pack.file.starts_with(f.as_str()))
    };
    let mut passed = 0;
    let mut failed = 0;
    let mut lines = Vec::new();
    for pack in resolved.packs.iter().filter(|p| chosen(p)) {
        for rule in &pack.rules {
            let (cases, failures) = run_rule_tests(rule).map_err(anyhow::Error::msg)?;
            passed += cases - failures.len();
            failed += failures.len();
            for failure in failures {
                lines.push(format!(
                    "FAIL {} [{}]: expected {}, found {}",
                    failure.rule, failure.case, failure.expected, failure.found
                ));
            }
        }
    }
    to_stdout(|out| {
        for line in &lines {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "rules test: {passed} passed, {failed} failed")
    })?;
    Ok(if failed == 0 {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
