//! The default packs meet their precision and recall targets on the
//! labelled evaluation set in `fixtures/eval/` (see `tact rules eval`).

use tact::check::RuleSet;
use tact::eval::evaluate;
use tact::ingest::{InputFormat, ReadOptions};
use tact::pack::{Kind, load_packs};

const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.8;

/// The labelled set was written for the rules that read words: its
/// timestamps are illustrative (a chat agent answering in five minutes is
/// normal there), so the `timing` rules, which read only timestamps, are
/// measured by their rule tests and the sample week's planted waits instead.
/// The default rules that read words: not the `timing` rules, and not the
/// template pack, which judges canned responses in `tact lint` (the audit
/// leaves it out, and so do these measures of the audit).
fn word_rules() -> RuleSet {
    let specs = load_packs(&[])
        .expect("default packs load")
        .into_iter()
        .flat_map(|p| p.rules)
        .filter(|rule| rule.kind != Kind::Timing)
        .filter(|rule| !rule.code.is_some_and(|c| c.is_template_text()))
        .collect();
    RuleSet::compile(specs).expect("default rules compile")
}

#[test]
fn default_rules_meet_their_targets_on_the_labelled_set() {
    let rules = word_rules();
    let read = ReadOptions::new(InputFormat::Auto, jiff::tz::TimeZone::UTC);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/eval");
    let evaluation = evaluate(&[dir], &rules, &read);
    assert!(evaluation.problems.is_empty(), "{:#?}", evaluation.problems);
    assert!(
        evaluation.conversations >= 150,
        "only {} labelled conversations",
        evaluation.conversations
    );
    let mut below = Vec::new();
    for (rule, score) in &evaluation.rules {
        let precision = score.precision();
        let recall = score.recall();
        if precision.is_some_and(|p| p < MIN_PRECISION) || recall.is_some_and(|r| r < MIN_RECALL) {
            below.push(format!(
                "{rule}: precision {precision:?}, recall {recall:?}; false alarms {:#?}; misses {:#?}",
                score.false_alarms, score.misses
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
    // Every rule the issue asks for is measured: each has labelled positives.
    for rule in [
        "courtesy/no-apology",
        "policy/unexplained-refusal",
        "promises/vague-promise",
        "listening/customer-repeats",
        "listening/asked-again",
        "runaround/transfers",
        "runaround/redirect",
        "escalation/refused-manager",
        "argument/blame",
        "argument/contradiction",
        "knowledge/dont-know",
        "responsiveness/customer-reports-ignored",
        "personal/wrong-name",
        "personal/no-name",
        "personal/language-mismatch",
        "abuse/customer-abuse",
    ] {
        assert!(
            evaluation.rules[rule].expected >= 3,
            "{rule} has too few labelled positives"
        );
    }
}

/// Chats in fourteen other languages, and some that mix one with English
/// (`fixtures/eval-multilingual`), where agents mostly behave well in the
/// customer's language. The English packs must raise nothing there but the
/// missing names and the one English "soon" that are labelled: at the
/// start of this set's first session they raised twenty false alarms
/// (no-thanks on Danish, Norwegian and Russian replies, no-name on Polish,
/// Czech and Greek vocatives).
#[test]
fn default_rules_raise_no_false_alarm_in_other_languages() {
    let rules = word_rules();
    let read = ReadOptions::new(InputFormat::Auto, jiff::tz::TimeZone::UTC);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/eval-multilingual");
    let evaluation = evaluate(&[dir], &rules, &read);
    assert!(evaluation.problems.is_empty(), "{:#?}", evaluation.problems);
    assert!(evaluation.conversations >= 60);
    let wrong: Vec<String> = evaluation
        .rules
        .iter()
        .filter(|(_, score)| !score.false_alarms.is_empty() || !score.misses.is_empty())
        .map(|(rule, score)| {
            format!(
                "{rule}: false alarms {:#?}; misses {:#?}",
                score.false_alarms, score.misses
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_label_for_a_rule_not_enabled_is_noted_not_scored() {
    let packs = load_packs(&[]).expect("default packs load");
    let specs = packs.into_iter().flat_map(|p| p.rules).collect();
    let rules = RuleSet::compile(specs).expect("default rules compile");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("set.jsonl");
    std::fs::write(
        &file,
        r#"{"id":"X-1","expect":["courtesy/no-such-rule"],"messages":[{"id":"m1","author":"C","role":"customer","text":"Hi"}]}"#,
    )
    .expect("write");
    let read = ReadOptions::new(InputFormat::Auto, jiff::tz::TimeZone::UTC);
    let evaluation = evaluate(&[file], &rules, &read);
    assert_eq!(evaluation.conversations, 1);
    assert!(evaluation.problems.is_empty(), "{:?}", evaluation.problems);
    assert!(
        evaluation.notes[0].contains("courtesy/no-such-rule"),
        "{:?}",
        evaluation.notes
    );
}

/// The rules that read time, scored alone on one labelled file in its own
/// team's calendar; each must meet the targets.
fn time_rules_meet_targets(file: &str, config: &str, rules_scored: &[&str]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config_text = std::fs::read_to_string(root.join(config)).expect("config");
    let config = tact::config::LoadedConfig::parse(config, config_text).expect("parses");
    let time = config.time_settings().expect("valid settings");
    let zone = time.calendar.zone.clone();
    let specs = load_packs(&[])
        .expect("default packs load")
        .into_iter()
        .flat_map(|p| p.rules)
        .filter(|rule| rules_scored.contains(&rule.id.as_str()))
        .collect();
    let rules = RuleSet::compile(specs)
        .expect("default rules compile")
        .with_time(time);
    let read = ReadOptions::new(InputFormat::Auto, zone);
    let evaluation = evaluate(&[root.join(file)], &rules, &read);
    assert!(evaluation.problems.is_empty(), "{:#?}", evaluation.problems);
    assert!(evaluation.conversations >= 50, "{file} is too small");
    for rule in rules_scored {
        let score = &evaluation.rules[*rule];
        assert!(
            score.expected >= 2,
            "{rule} has too few labelled positives in {file}"
        );
        let (precision, recall) = (score.precision(), score.recall());
        assert!(
            precision.is_some_and(|p| p >= MIN_PRECISION)
                && recall.is_some_and(|r| r >= MIN_RECALL),
            "{file}: {rule}: precision {precision:?}, recall {recall:?}; false alarms {:#?}; misses {:#?}",
            score.false_alarms,
            score.misses
        );
    }
}

const TIME_RULES: &[&str] = &[
    "promises/missed-deadline",
    "responsiveness/unanswered",
    "responsiveness/slow-first-response",
    "responsiveness/long-wait",
    "responsiveness/out-of-hours",
    "over-contact/burst",
];

/// The timing rules and missed deadlines on their own labelled set, written
/// apart from the code in a Chicago team's calendar; as in an audit, its
/// as-of time is its newest message.
#[test]
fn time_rules_meet_their_targets_on_their_labelled_set() {
    time_rules_meet_targets(
        "fixtures/eval-time/holdout.jsonl",
        "fixtures/eval-time/tact.toml",
        TIME_RULES,
    );
}

/// The third round, written apart in a Los Angeles team's calendar open on
/// Saturdays, with an email SLA in business hours.
#[test]
fn time_rules_meet_their_targets_in_another_calendar() {
    time_rules_meet_targets(
        "fixtures/eval-time/holdout-2.jsonl",
        "fixtures/eval-time/holdout-2.toml",
        TIME_RULES,
    );
}

/// The traps for the two time rules that read words (promises and
/// closings), in a London team's calendar.
#[test]
fn time_rules_avoid_their_traps() {
    time_rules_meet_targets(
        "fixtures/eval-adversarial/time-probe.jsonl",
        "fixtures/eval-adversarial/time-probe.toml",
        &["promises/missed-deadline", "responsiveness/unanswered"],
    );
}
