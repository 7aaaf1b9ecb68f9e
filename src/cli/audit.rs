//! `tact audit`: read conversations, judge them, report.

use super::resolve::{print_errors, resolve};
use super::{AuditArgs, CommonArgs, FailOn, Outcome, ProgressMode, to_stdout};
use crate::engine::{self, AuditOptions};
use crate::ingest::{self, ProblemKind, ReadOptions};
use crate::report::{self, AuditFormat, ReportContext};
use anyhow::Context;
use std::io::IsTerminal;
use std::path::PathBuf;

/// How many input problems are printed to stderr before counting the rest.
const PROBLEMS_PRINTED: usize = 100;

pub fn run(common: &CommonArgs, args: AuditArgs) -> anyhow::Result<Outcome> {
    let mut usage_errors = Vec::new();
    let mut extra_outputs: Vec<(AuditFormat, PathBuf)> = Vec::new();
    for spec in &args.output {
        match spec.split_once(':').and_then(|(f, p)| Some((AuditFormat::parse(f)?, p))) {
            Some((format, path)) if !path.is_empty() => extra_outputs.push((format, PathBuf::from(path))),
            _ => usage_errors.push(format!(
                "--output {spec:?}: expected FORMAT:PATH with FORMAT one of summary, full, concise, json, jsonl, csv"
            )),
        }
    }
    let resolved = match resolve(common) {
        Ok(resolved) => Some(resolved),
        Err(errors) => {
            usage_errors.extend(errors);
            None
        }
    };
    let (Some(resolved), true) = (resolved, usage_errors.is_empty()) else {
        print_errors(&usage_errors);
        return Ok(Outcome::Error);
    };
    if let Some(threads) = common.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    let rules = resolved.rule_set().map_err(anyhow::Error::msg)?;
    let show_progress = !common.quiet
        && match common.progress {
            ProgressMode::Always => true,
            ProgressMode::Never => false,
            ProgressMode::Auto => std::io::stderr().is_terminal(),
        };
    let options = AuditOptions {
        read: ReadOptions {
            format: args.input_format,
            zone: resolved.zone.clone(),
        },
        weights: resolved.config.config.score,
        redact: !args.no_redact,
        ignore_authors: resolved
            .config
            .config
            .agents
            .ignore
            .iter()
            .map(|a| a.to_lowercase())
            .collect(),
        agent: args.agent.clone(),
        progress: show_progress,
    };

    let (inputs, missing) = ingest::discover(&args.paths);
    for problem in &missing {
        eprintln!("error: {problem}");
    }
    let audit = engine::run(&inputs, &rules, &options);

    for problem in audit.problems.iter().take(PROBLEMS_PRINTED) {
        eprintln!("{problem}");
    }
    if audit.problems.len() > PROBLEMS_PRINTED {
        eprintln!(
            "… and {} more input problems (see summary)",
            audit.problems.len() - PROBLEMS_PRINTED
        );
    }

    let context = ReportContext {
        rule_ids: resolved.rule_ids(),
    };
    if let Some(dir) = &args.out {
        report::write_out_dir(dir, &audit, &context)
            .with_context(|| format!("cannot write reports to {}", dir.display()))?;
    }
    for (format, path) in &extra_outputs {
        report::write_atomically(path, |w| report::write(*format, &audit, &context, w))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    // --quiet silences the default summary; a format asked for by name is
    // still printed.
    let explicit_format = args.output_format != AuditFormat::Summary;
    if !common.quiet || explicit_format {
        to_stdout(|out| report::write(args.output_format, &audit, &context, out))?;
    }

    let skipped = audit
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::Skipped);
    if !missing.is_empty() || (args.strict && skipped) {
        return Ok(Outcome::Error);
    }
    if common.exit_zero {
        return Ok(Outcome::Clean);
    }
    let threshold = common.fail_on.unwrap_or(FailOn::Error).threshold();
    // What an agent was exposed to (customer abuse) is reported, but it is
    // not the agent's mistake and does not fail the run.
    let failing = threshold.is_some_and(|t| {
        audit
            .findings
            .iter()
            .any(|f| f.severity >= t && crate::check::counts_against_agent(f))
    });
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
