//! Every lint format over one shared set of findings, compared with the
//! files in `tests/snapshots/lint/`. After an intended change, regenerate
//! them with `TACT_UPDATE_SNAPSHOTS=1 cargo test --lib snapshots` and read
//! the diff.

use super::{LintFormat, LintReport, RuleDoc, write};
use crate::lint::{LintFinding, LintRun};
use crate::model::Severity;

#[allow(clippy::too_many_arguments)]
fn finding(
    path: &str,
    line: usize,
    col: usize,
    end_col: usize,
    rule: &str,
    severity: Severity,
    message: &str,
    excerpt: &str,
    response: &str,
    context: &str,
) -> LintFinding {
    LintFinding {
        path: path.into(),
        line,
        col,
        end_line: line,
        end_col,
        rule: rule.into(),
        severity,
        excerpt: excerpt.into(),
        message: message.into(),
        response: response.into(),
        context: context.into(),
        context_col: col,
    }
}

fn run() -> LintRun {
    LintRun {
        findings: vec![
            finding(
                "macros/billing.md",
                7,
                4,
                18,
                "template/placeholder-without-fallback",
                Severity::Warning,
                "Customer-name placeholder with no fallback: `{{first_name}}` renders empty when the name is unknown",
                "{{first_name}}",
                "Duplicate charge",
                "Hi {{first_name}},",
            ),
            finding(
                "macros/billing.md",
                33,
                12,
                29,
                "policy/hiding-behind-policy",
                Severity::Warning,
                "Cites policy as the answer instead of solving the problem",
                "that's the policy",
                "Refund after 30 days",
                "Sorry, but that's the policy and I can't change it.",
            ),
            finding(
                "macros/legal notes/terms & conditions.html",
                3,
                10,
                15,
                "tact/unused-suppression",
                Severity::Warning,
                "Suppression of courtesy/rude suppresses nothing here",
                "tact: ignore[courtesy/rude]",
                "",
                "<!-- tact: ignore[courtesy/rude] reviewed -->",
            ),
            finding(
                "macros/zendesk.json",
                12,
                41,
                52,
                "courtesy/rude",
                Severity::Error,
                "Dismissive or rude phrasing",
                "Calm down,",
                "Late \"sofa\" <reply>",
                "      \"value\": \"Hi there, I read it. Calm down, it comes Friday.\"",
            ),
            finding(
                "macros/zendesk.json",
                20,
                30,
                55,
                "promises/vague-promise",
                Severity::Info,
                "Vague promise with no time, 100% sure: a, b",
                "we'll look into it",
                "Refund: 50%, now",
                "x",
            ),
        ],
        problems: Vec::new(),
        files: vec![
            (
                "macros/billing.md".into(),
                vec![
                    "Duplicate charge".into(),
                    "Price change".into(),
                    "Refund after 30 days".into(),
                ],
            ),
            ("macros/good.txt".into(), vec!["good".into()]),
            (
                "macros/legal notes/terms & conditions.html".into(),
                vec!["Terms".into()],
            ),
            (
                "macros/zendesk.json".into(),
                vec!["Late \"sofa\" <reply>".into(), "Refund: 50%, now".into()],
            ),
        ],
    }
}

fn docs() -> Vec<RuleDoc> {
    [
        "template/placeholder-without-fallback",
        "policy/hiding-behind-policy",
        "courtesy/rude",
        "promises/vague-promise",
        "tact/unused-suppression",
    ]
    .iter()
    .map(|id| RuleDoc {
        id: id.to_string(),
        severity: Severity::Warning,
        message: format!("{id} message"),
        what: format!("What {id} finds."),
        why: format!("Why {id} matters."),
    })
    .collect()
}

#[test]
fn every_format_matches_its_snapshot() {
    let run = run();
    let docs = docs();
    let report = LintReport {
        run: &run,
        fail_on: Some(Severity::Warning),
        totals: true,
        docs: &docs,
        version: "0.0.0-test",
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/lint");
    let update = std::env::var_os("TACT_UPDATE_SNAPSHOTS").is_some();
    let mut mismatched = Vec::new();
    for (format, file) in [
        (LintFormat::Full, "full.txt"),
        (LintFormat::Concise, "concise.txt"),
        (LintFormat::Json, "json.json"),
        (LintFormat::Jsonl, "jsonl.jsonl"),
        (LintFormat::Sarif, "sarif.sarif"),
        (LintFormat::Github, "github.txt"),
        (LintFormat::Gitlab, "gitlab.json"),
        (LintFormat::Junit, "junit.xml"),
    ] {
        let mut out = Vec::new();
        write(format, &report, &mut out).unwrap();
        let got = String::from_utf8(out).unwrap();
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            mismatched.push(format!("{file}:\n{got}"));
        }
    }
    let mut out = Vec::new();
    super::statistics::write(&report, &mut out).unwrap();
    let got = String::from_utf8(out).unwrap();
    let path = dir.join("statistics.txt");
    if update {
        std::fs::write(&path, &got).unwrap();
    } else if got != std::fs::read_to_string(&path).unwrap_or_default() {
        mismatched.push(format!("statistics.txt:\n{got}"));
    }
    assert!(
        mismatched.is_empty(),
        "snapshots differ (TACT_UPDATE_SNAPSHOTS=1 to accept):\n{}",
        mismatched.join("\n")
    );
}
