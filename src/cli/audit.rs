//! `tact audit`: read conversations, judge them, report.

use super::resolve::{print_errors, resolve};
use super::{AuditArgs, CommonArgs, FailOn, Outcome, ProgressMode, to_stdout};
use crate::engine::{self, AuditOptions, Window};
use crate::ingest::{self, ProblemKind};
use crate::normalize::calendar::{Duration, add_seconds};
use crate::normalize::time::parse_timestamp;
use crate::report::{self, AuditFormat, ReportContext};
use anyhow::Context;
use jiff::Timestamp;
use jiff::tz::TimeZone;
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
    super::start_threads(common)?;
    let zone = resolved.zone().clone();
    let mut time_errors = Vec::new();
    let mut moment = |flag: &str, value: &Option<String>, end_of_day: bool| {
        value.as_ref().and_then(|text| {
            parse_moment(text, &zone, end_of_day)
                .map_err(|message| time_errors.push(format!("{flag} {text:?}: {message}")))
                .ok()
        })
    };
    let given_as_of = moment("--as-of", &args.as_of, true);
    let since = moment("--since", &args.since, false);
    let until = moment("--until", &args.until, true);
    let last = args
        .last
        .as_ref()
        .and_then(|text| match Duration::parse(text) {
            Ok(Duration::Wall(seconds)) => Some(seconds),
            Ok(_) => {
                time_errors.push(format!(
                    "--last {text:?}: business time cannot count back; write days or hours, e.g. 7d"
                ));
                None
            }
            Err(message) => {
                time_errors.push(format!("--last: {message}"));
                None
            }
        });
    // Standard input, or a named pipe or device given by path: opening a
    // pipe again would wait forever for a new writer.
    let reads_once = args.paths.iter().any(|p| {
        p.as_os_str() == "-" || std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir())
    });
    if last.is_some() && given_as_of.is_none() && reads_once {
        time_errors.push(
            "--last counts back from the newest message, which needs a second read; standard input and pipes can be read once, so give --as-of".into(),
        );
    }
    if !time_errors.is_empty() {
        print_errors(&time_errors);
        return Ok(Outcome::Error);
    }
    let rules = resolved.rule_set().map_err(anyhow::Error::msg)?;
    let show_progress = !common.quiet
        && match common.progress {
            ProgressMode::Always => true,
            ProgressMode::Never => false,
            ProgressMode::Auto => std::io::stderr().is_terminal(),
        };
    let mut options = AuditOptions {
        read: resolved.read_options(args.input_format),
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
        as_of: given_as_of,
        window: Window { since, until },
        template_min_conversations: resolved.config.config.templates.min_conversations,
        template_texts: args.out.is_some(),
    };

    let (inputs, missing) = ingest::discover(&args.paths, args.input_format);
    for problem in &missing {
        eprintln!("error: {problem}");
    }
    options.read.people = std::sync::Arc::new(ingest::helpdesk::collect_people(&inputs));
    if let Some(seconds) = last {
        // --last counts back from the as-of time, which without --as-of is
        // the newest message of the whole input: found by a first pass.
        let as_of = options
            .as_of
            .or_else(|| engine::newest_timestamp(&inputs, &options.read));
        options.as_of = as_of;
        options.window.until = as_of;
        options.window.since = as_of.map(|now| add_seconds(now, -seconds));
    }
    let audit = engine::run(&inputs, rules, &options);

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
    let failing = match threshold {
        Some(t) => audit
            .findings
            .any(|f| f.severity >= t && crate::check::counts_against_agent(f))
            .context("cannot read back the findings")?,
        None => false,
    };
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// A moment on the command line: an RFC 3339 time, a local date-time in
/// the business zone, or a date (its start, or its end when `end_of_day`).
fn parse_moment(text: &str, zone: &TimeZone, end_of_day: bool) -> Result<Timestamp, String> {
    if let Ok(date) = text.trim().parse::<jiff::civil::Date>() {
        // The last whole second, so reports print a plain time.
        let (date, time) = if end_of_day {
            (date, jiff::civil::time(23, 59, 59, 0))
        } else {
            (date, jiff::civil::Time::MIN)
        };
        return zone
            .to_timestamp(date.to_datetime(time))
            .map_err(|e| format!("invalid date: {e}"));
    }
    parse_timestamp(text, zone)
}
