//! `tact lint` end to end: the sample library in `fixtures/macros` (written
//! apart from the linter, with its planted mistakes listed in
//! `expected.tsv`), every output format at once, suppressions, per-file
//! ignores, exit codes, and input that is not a library.

use std::path::{Path, PathBuf};
use std::process::Command;

fn macros() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/macros")
}

/// Runs `tact` in `dir` (no stray tact.toml is picked up from elsewhere).
fn tact_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_tact"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("tact runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

fn places(concise: &str) -> Vec<String> {
    let mut found: Vec<String> = concise
        .lines()
        .map(|line| {
            let mut parts = line.splitn(4, ':');
            let (path, row, col, rest) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let rule = rest.split_whitespace().next().unwrap();
            format!("{path}\t{row}\t{col}\t{rule}")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_planted_mistakes_are_found_at_their_place_and_the_good_half_is_clean() {
    let dir = macros();
    let (stdout, stderr, code) = tact_in(&dir, &["lint", ".", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stderr}");
    let mut expected: Vec<String> = std::fs::read_to_string(dir.join("expected.tsv"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    expected.sort();
    let found: Vec<String> = places(&stdout)
        .into_iter()
        .map(|p| p.trim_start_matches("./").to_string())
        .collect();
    assert_eq!(found, expected);

    let (stdout, stderr, code) = tact_in(&dir, &["lint", "good"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("No problems in 11 files"), "{stdout}");
}

#[test]
fn every_format_can_be_written_in_one_run() {
    let out = tempfile::tempdir().unwrap();
    let path = |name: &str| out.path().join(name).display().to_string();
    let outputs: Vec<String> = [
        ("sarif", "tact.sarif"),
        ("junit", "junit.xml"),
        ("gitlab", "gl-code-quality.json"),
        ("json", "findings.json"),
        ("jsonl", "findings.jsonl"),
        ("github", "annotations.txt"),
    ]
    .iter()
    .map(|(format, name)| format!("{format}:{}", path(name)))
    .collect();
    let mut args = vec!["lint", "bad", "--output-format", "concise"];
    for output in &outputs {
        args.push("--output");
        args.push(output);
    }
    let (stdout, stderr, code) = tact_in(&macros(), &args);
    assert_eq!(code, 1, "{stderr}");
    let count = stdout.lines().count();
    assert_eq!(count, 32);

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("findings.json")).unwrap()).unwrap();
    let first = &json[0];
    for field in [
        "rule", "severity", "path", "line", "col", "end_line", "end_col", "excerpt", "message",
    ] {
        assert!(first.get(field).is_some(), "json lacks {field}: {first}");
    }
    assert_eq!(json.as_array().unwrap().len(), count);
    assert_eq!(
        std::fs::read_to_string(path("findings.jsonl"))
            .unwrap()
            .lines()
            .count(),
        count
    );

    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("tact.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), count);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(rules[index]["help"]["text"].as_str().unwrap().len() > 40);
    }

    let gitlab: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("gl-code-quality.json")).unwrap())
            .unwrap();
    let issues = gitlab.as_array().unwrap();
    assert_eq!(issues.len(), count);
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    for issue in issues {
        assert!(issue["description"].is_string() && issue["check_name"].is_string());
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert!(
            issue["location"]["path"].is_string() && issue["location"]["lines"]["begin"].is_u64()
        );
    }
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), count, "fingerprints are unique");

    let junit = std::fs::read_to_string(path("junit.xml")).unwrap();
    assert!(junit.starts_with("<?xml"));
    // One failure per failing response; the two info-level vague promises
    // do not fail the run, so they do not fail a test case either.
    assert_eq!(
        junit.matches("<failure ").count(),
        29,
        "one failure per failing response"
    );
    let github = std::fs::read_to_string(path("annotations.txt")).unwrap();
    assert!(github.lines().all(|l| l.starts_with("::warning file=")
        || l.starts_with("::error file=")
        || l.starts_with("::notice file=")));
}

#[test]
fn statistics_exit_codes_and_thresholds() {
    let (stdout, _, code) = tact_in(&macros(), &["lint", "bad", "--statistics"]);
    assert_eq!(code, 1);
    let first = stdout.lines().next().unwrap();
    assert!(
        first
            .trim_start()
            .starts_with("4  template/placeholder-without-fallback"),
        "{stdout}"
    );
    let (_, _, code) = tact_in(&macros(), &["lint", "bad", "--exit-zero"]);
    assert_eq!(code, 0);
    // Errors only: the rude macros and the broken placeholders still fail.
    let (stdout, _, code) = tact_in(
        &macros(),
        &[
            "lint",
            "bad",
            "--fail-on",
            "error",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("courtesy/rude"));
    let (_, _, code) = tact_in(&macros(), &["lint", "bad", "--fail-on", "never"]);
    assert_eq!(code, 0);
    // The library's info-level finding alone does not fail by default.
    let (_, _, code) = tact_in(&macros(), &["lint", "bad/delivery-delay.txt"]);
    assert_eq!(code, 0);
}

#[test]
fn suppressions_and_per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("macros/legal")).unwrap();
    std::fs::write(
        dir.path().join("macros/legal/terms.txt"),
        "Hi there,\nUnfortunately that's our policy and I can't change it.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("macros/refunds.md"),
        "## Late refund\n\n<!-- tact: ignore[policy/hiding-behind-policy] wording approved by legal -->\nUnfortunately that's our policy and I can't change it.\n\n## Other\n\n[//]: # (tact: ignore[courtesy/rude] nothing rude below)\nThanks, your refund is on its way.\n",
    )
    .unwrap();
    let (stdout, stderr, code) = tact_in(
        dir.path(),
        &["lint", "macros", "--output-format", "concise"],
    );
    assert_eq!(code, 1, "{stderr}");
    let found = places(&stdout);
    assert_eq!(
        found,
        vec![
            "macros/legal/terms.txt\t2\t15\tpolicy/hiding-behind-policy",
            "macros/refunds.md\t8\t10\ttact/unused-suppression",
        ]
    );
    std::fs::write(
        dir.path().join("tact.toml"),
        "[lint]\nper-file-ignores = { \"macros/legal/*.txt\" = [\"policy\"] }\n",
    )
    .unwrap();
    let (stdout, _, _) = tact_in(
        dir.path(),
        &["lint", "macros", "--output-format", "concise"],
    );
    assert_eq!(
        places(&stdout),
        vec!["macros/refunds.md\t8\t10\ttact/unused-suppression"]
    );
}

#[test]
fn input_that_is_not_a_library_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("empty.txt", b"");
    write("latin1.txt", b"Calm down, this is caf\xe9 policy.\n");
    write("users.json", br#"{"users":[{"id":1,"name":"A"}]}"#);
    write("broken.json", b"{\"macros\": [");
    write("notes.csv", b"name,notes\nx,y\n");
    let (stdout, stderr, code) = tact_in(dir.path(), &["lint", ".", "--output-format", "concise"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("users.json:1: warning: no canned responses found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("broken.json:1:12: not valid JSON"),
        "{stderr}"
    );
    assert!(stderr.contains("notes.csv:1: no body column"), "{stderr}");
    assert!(
        stderr.contains("latin1.txt: warning: invalid UTF-8"),
        "{stderr}"
    );
    // The lossy file is still linted, at the right column.
    assert!(stdout.contains("latin1.txt:1:1: courtesy/rude"), "{stdout}");
    // A report never overwrites an input.
    let (_, stderr, code) = tact_in(
        dir.path(),
        &["lint", "latin1.txt", "--output", "json:latin1.txt"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("that file is one of the inputs"),
        "{stderr}"
    );
    assert!(
        std::fs::read(dir.path().join("latin1.txt"))
            .unwrap()
            .starts_with(b"Calm down")
    );
}

#[test]
fn a_directory_of_ten_thousand_responses() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    std::fs::create_dir_all(&library).unwrap();
    for i in 0..10_000 {
        let body = if i % 2_000 == 0 {
            format!("Hi there,\nUnfortunately that's our policy for order {i}.\n")
        } else {
            format!(
                "Hi there,\nThanks for writing. Order {i} ships today and should arrive by Friday.\n"
            )
        };
        std::fs::write(library.join(format!("reply-{i:05}.txt")), body).unwrap();
    }
    let (stdout, stderr, code) =
        tact_in(dir.path(), &["lint", "library", "--output-format", "junit"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout.matches("<testcase ").count(), 10_000);
    assert_eq!(stdout.matches("<failure ").count(), 5);
    assert!(
        stdout.contains(r#"<testsuite name="library/reply-00000.txt" tests="1" failures="1""#),
        "{}",
        &stdout[..500]
    );
}

#[test]
fn ten_thousand_responses() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("title,body\n");
    for i in 0..10_000 {
        let body = if i % 1000 == 0 {
            format!("Hi there, calm down. Order {i} ships today.")
        } else {
            format!(
                "Hi there, thanks for writing. Order {i} ships today and should arrive by Friday."
            )
        };
        csv.push_str(&format!("Reply {i},\"{body}\"\n"));
    }
    std::fs::write(dir.path().join("library.csv"), csv).unwrap();
    let (stdout, stderr, code) = tact_in(dir.path(), &["lint", ".", "--output-format", "concise"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout.lines().count(), 10, "{stdout}");
    assert!(stdout.lines().all(|l| l.contains("courtesy/rude")));
    assert!(
        stdout.starts_with("./library.csv:2:20: courtesy/rude"),
        "{stdout}"
    );
}
