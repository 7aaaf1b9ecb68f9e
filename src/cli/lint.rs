//! `tact lint PATH...`: canned responses checked in CI, with linter
//! conventions: findings at file:line:col, exit 1 at or above `--fail-on`
//! (default `warning`), 2 for unreadable input, several output formats at
//! once with `--output FORMAT:PATH`, `--statistics` for counts per rule.

use super::resolve::{print_errors, resolve_or_report};
use super::{CommonArgs, FailOn, LintArgs, Outcome, to_stdout};
use crate::check::RuleSet;
use crate::check::code::template_text::Limits;
use crate::lint::{self, LintOptions, META_RULES};
use crate::model::Severity;
use crate::report;
use crate::report::lint::{LintFormat, LintReport, RuleDoc, statistics};
use anyhow::Context;
use std::path::PathBuf;

pub fn run(common: &CommonArgs, args: LintArgs) -> anyhow::Result<Outcome> {
    let mut usage = Vec::new();
    let mut extra_outputs: Vec<(LintFormat, PathBuf)> = Vec::new();
    for spec in &args.output {
        match spec.split_once(':').map(|(f, p)| (LintFormat::parse(f), p)) {
            Some((Some(format), path)) if !path.is_empty() => extra_outputs.push((format, PathBuf::from(path))),
            _ => usage.push(format!(
                "--output {spec:?}: expected FORMAT:PATH with FORMAT one of full, concise, json, jsonl, sarif, github, gitlab, junit"
            )),
        }
    }
    if !usage.is_empty() {
        print_errors(&usage);
        return Ok(Outcome::Error);
    }
    // tact never writes into its inputs: a report path that is one of the
    // files being linted is a usage error, before anything is written.
    let (inputs, _) = lint::read::discover(&args.paths);
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    for (_, path) in &extra_outputs {
        if path.canonicalize().is_ok_and(|p| inputs.contains(&p)) {
            usage.push(format!(
                "--output {}: that file is one of the inputs; tact never writes into its inputs",
                path.display()
            ));
        }
    }
    if !usage.is_empty() {
        print_errors(&usage);
        return Ok(Outcome::Error);
    }
    let Some(resolved) = resolve_or_report(common) else {
        return Ok(Outcome::Error);
    };
    super::start_threads(common)?;
    let (template_specs, phrase_specs): (Vec<_>, Vec<_>) = resolved
        .lint_specs
        .iter()
        .cloned()
        .partition(|s| s.code.is_some_and(|c| c.is_template_text()));
    let rules = RuleSet::compile(phrase_specs).map_err(anyhow::Error::msg)?;
    let lint_config = &resolved.config.config.lint;
    // The [lint] table is checked like the rest of the config: every
    // problem listed, then exit 2.
    let config_file = resolved.config.file.clone();
    let mut config_errors = Vec::new();
    let known = |name: &str| {
        name == "tact"
            || META_RULES.iter().any(|(id, ..)| *id == name)
            || resolved
                .packs
                .iter()
                .any(|p| p.name == name || p.rules.iter().any(|r| r.id == name))
    };
    for (glob, rules) in &lint_config.per_file_ignores {
        for rule in rules.iter().filter(|r| !known(r)) {
            config_errors.push(format!(
                "{config_file}: [lint] per-file-ignores {glob:?}: unknown rule or pack `{rule}`"
            ));
        }
    }
    if let Some(grade) = lint_config.max_grade
        && !(grade.is_finite() && grade > 0.0)
    {
        config_errors.push(format!("{config_file}: [lint] max_grade: {grade} is not a grade (expected a number above 0, like 10)"));
    }
    if lint_config.max_words == Some(0) {
        config_errors.push(format!(
            "{config_file}: [lint] max_words: 0 words leaves no room for a reply"
        ));
    }
    if !config_errors.is_empty() {
        print_errors(&config_errors);
        return Ok(Outcome::Error);
    }
    let defaults = Limits::default();
    let options = LintOptions {
        limits: Limits {
            max_words: lint_config
                .max_words
                .map_or(defaults.max_words, |w| w as usize),
            max_grade: lint_config.max_grade.unwrap_or(defaults.max_grade),
        },
        per_file_ignores: lint_config.per_file_ignores.clone(),
        active_rules: resolved.lint_specs.iter().map(|s| s.id.clone()).collect(),
        known_rules: resolved
            .packs
            .iter()
            .flat_map(|p| p.rules.iter().map(|r| r.id.clone()).chain([p.name.clone()]))
            .chain(META_RULES.iter().map(|(id, ..)| id.to_string()))
            .collect(),
    };
    let mut run = lint::run(&args.paths, &rules, &template_specs, &options);
    // tact's own suppression findings are switched off like rules.
    let ignored: Vec<&String> = common
        .ignore
        .iter()
        .chain(
            resolved
                .config
                .config
                .rules
                .ignore
                .iter()
                .map(|s| s.get_ref()),
        )
        .collect();
    run.findings.retain(|f| {
        !ignored
            .iter()
            .any(|i| *i == &f.rule || i.as_str() == "tact")
    });
    let mut docs: Vec<RuleDoc> = resolved
        .lint_specs
        .iter()
        .map(|s| RuleDoc {
            id: s.id.clone(),
            severity: s.severity,
            message: s.message.clone(),
            what: s.docs.what.clone(),
            why: s.docs.why.clone(),
        })
        .collect();
    docs.extend(META_RULES.iter().map(|(id, message, what)| RuleDoc {
        id: id.to_string(),
        severity: Severity::Warning,
        message: message.to_string(),
        what: what.to_string(),
        why: what.to_string(),
    }));
    let fail_on = common.fail_on.unwrap_or(FailOn::Warning).threshold();
    let report = LintReport {
        run: &run,
        fail_on,
        totals: !common.quiet,
        docs: &docs,
        version: env!("CARGO_PKG_VERSION"),
    };
    for problem in &run.problems {
        eprintln!("{problem}");
    }
    for (format, path) in &extra_outputs {
        report::write_atomically(path, |w| report::lint::write(*format, &report, w))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.statistics {
        to_stdout(|out| statistics::write(&report, out))?;
    } else {
        to_stdout(|out| report::lint::write(args.output_format, &report, out))?;
    }
    let unreadable = run.problems.iter().any(|p| !p.contains(": warning: "));
    if unreadable {
        return Ok(Outcome::Error);
    }
    if common.exit_zero {
        return Ok(Outcome::Clean);
    }
    let failing = fail_on.is_some_and(|t| run.findings.iter().any(|f| f.severity >= t));
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
