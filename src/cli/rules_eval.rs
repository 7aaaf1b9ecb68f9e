//! `tact rules eval PATH...`: precision and recall of each enabled rule on
//! labelled conversations, then every false alarm and miss to read. Exits 1
//! when a rule is below `--min-precision` or `--min-recall`.

use super::resolve::{print_errors, resolve_or_report};
use super::{CommonArgs, Outcome, RulesEvalArgs, to_stdout};
use crate::eval::{Mismatch, RuleScore, evaluate};
use crate::ingest::InputFormat;

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

fn below(score: &RuleScore, args: &RulesEvalArgs) -> bool {
    score.precision().is_some_and(|p| p < args.min_precision)
        || score.recall().is_some_and(|r| r < args.min_recall)
}

fn mismatch_line(kind: &str, rule: &str, m: &Mismatch) -> String {
    format!(
        "{kind} {rule} {}{}: {}",
        m.conversation_id,
        m.message_id
            .as_deref()
            .map(|id| format!("@{id}"))
            .unwrap_or_default(),
        m.detail
    )
}

pub fn run(common: &CommonArgs, args: RulesEvalArgs) -> anyhow::Result<Outcome> {
    let Some(resolved) = resolve_or_report(common) else {
        return Ok(Outcome::Error);
    };
    let rules = resolved.rule_set().map_err(anyhow::Error::msg)?;
    let read = resolved.read_options(InputFormat::Auto);
    let evaluation = evaluate(&args.paths, &rules, &read);
    for note in &evaluation.notes {
        eprintln!("note: {note}");
    }
    if !evaluation.problems.is_empty() {
        print_errors(&evaluation.problems);
        return Ok(Outcome::Error);
    }
    let width = evaluation
        .rules
        .keys()
        .map(String::len)
        .chain(["all rules".len()])
        .max()
        .unwrap_or(9);
    let mut failing = Vec::new();
    to_stdout(|out| {
        writeln!(
            out,
            "rules eval: {} conversations, targets precision >= {:.2}, recall >= {:.2}\n",
            evaluation.conversations, args.min_precision, args.min_recall
        )?;
        writeln!(
            out,
            "{:width$}  expected  found    tp    fp    fn  precision  recall",
            "rule"
        )?;
        let (mut expected, mut found, mut tp) = (0, 0, 0);
        for (rule, score) in &evaluation.rules {
            let mark = if below(score, &args) {
                failing.push(rule.clone());
                "  below target"
            } else {
                ""
            };
            writeln!(
                out,
                "{rule:width$}  {:>8}  {:>5}  {:>4}  {:>4}  {:>4}  {:>9}  {:>6}{mark}",
                score.expected,
                score.found,
                score.true_positives,
                score.false_alarms.len(),
                score.misses.len(),
                ratio(score.precision()),
                ratio(score.recall()),
            )?;
            expected += score.expected;
            found += score.found;
            tp += score.true_positives;
        }
        let total = RuleScore {
            expected,
            found,
            true_positives: tp,
            ..RuleScore::default()
        };
        writeln!(
            out,
            "{:width$}  {expected:>8}  {found:>5}  {tp:>4}  {:>4}  {:>4}  {:>9}  {:>6}",
            "all rules",
            found - tp,
            expected - tp,
            ratio(total.precision()),
            ratio(total.recall()),
        )?;
        let mut first = true;
        for (rule, score) in &evaluation.rules {
            let lines = score
                .false_alarms
                .iter()
                .map(|m| mismatch_line("false alarm", rule, m))
                .chain(score.misses.iter().map(|m| mismatch_line("miss", rule, m)));
            for line in lines {
                if first {
                    writeln!(out)?;
                    first = false;
                }
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    })?;
    Ok(if failing.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
