//! End-to-end tests: run the real `tact` binary on files written here and
//! on `fixtures/`, and check what users see: stdout, stderr, exit codes and
//! the report files.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tact() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tact"));
    // Run from an empty directory so no stray ./tact.toml is picked up.
    command.current_dir(std::env::temp_dir());
    command
}

fn run(args: &[&str]) -> Output {
    tact().args(args).output().expect("tact runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = tact()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tact starts");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_no_panic(output: &Output) {
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "tact panicked: {stderr}");
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "exit {:?}: {stderr}",
        output.status
    );
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn sample_week() -> String {
    fixtures().join("sample-week").display().to_string()
}

/// The sample week's team settings (New York business hours), which the
/// README's commands pick up as ./tact.toml.
fn sample_config() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tact.toml")
        .display()
        .to_string()
}

const RUDE: &str = r#"{"id":"R-1","channel":"chat","customer":{"name":"Maria Johnson","email":"maria@example.net"},"messages":[{"id":"m1","author":"Maria Johnson","role":"customer","ts":"2026-11-16T09:00:00Z","text":"My order 5531 is late, call me on 212-555-0134."},{"id":"m2","author":"Dana Reyes","role":"agent","ts":"2026-11-16T09:05:00Z","text":"Calm down. Email maria@example.net is on file, that's our policy."}]}"#;

#[test]
fn sample_week_audit_writes_the_four_reports() {
    let out = tempfile::tempdir().unwrap();
    let output = run(&[
        "audit",
        &sample_week(),
        "--config",
        &sample_config(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Agents (lowest score first)"), "{stdout}");
    assert!(stdout.contains("Worst conversations"), "{stdout}");
    for name in ["agents.csv", "agents.json", "findings.jsonl", "summary.txt"] {
        assert!(out.path().join(name).is_file(), "{name} missing");
    }
    let csv = std::fs::read_to_string(out.path().join("agents.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("agent,conversations,messages,findings,findings_per_100,score,"),
        "{header}"
    );
    assert!(
        header.ends_with(
            ",first_response_median_s,customer_abuse_received,promises,missed_deadlines"
        ),
        "{header}"
    );
    assert!(header.contains(",courtesy/no-thanks,"), "{header}");
    let agents = csv.lines().count() - 1;
    assert!(
        agents >= 12,
        "expected the sample week's 12 agents, got {agents}"
    );
    let summary = std::fs::read_to_string(out.path().join("summary.txt")).unwrap();
    assert_eq!(summary, stdout, "summary.txt is what the terminal shows");
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let a = run(&[
        "audit",
        &sample_week(),
        "--config",
        &sample_config(),
        "--threads",
        "1",
        "--out",
        one.path().to_str().unwrap(),
        "-q",
    ]);
    let b = run(&[
        "audit",
        &sample_week(),
        "--config",
        &sample_config(),
        "--threads",
        "2",
        "--out",
        two.path().to_str().unwrap(),
        "-q",
    ]);
    assert_no_panic(&a);
    assert_no_panic(&b);
    for name in [
        "agents.csv",
        "agents.json",
        "findings.jsonl",
        "summary.txt",
        "templates.csv",
    ] {
        let left = std::fs::read(one.path().join(name)).unwrap();
        let right = std::fs::read(two.path().join(name)).unwrap();
        assert!(left == right, "{name} differs between --threads 1 and 2");
    }
}

#[test]
fn a_malformed_record_is_reported_skipped_and_the_run_goes_on() {
    let input = format!("{{\"id\":1,\n{RUDE}\n");
    let output = run_stdin(
        &["audit", "-", "--output-format", "jsonl"],
        input.as_bytes(),
    );
    assert_no_panic(&output);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("-:1: EOF while parsing"), "{stderr}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("\"rule\":\"courtesy/rude\""), "{stdout}");
    // The rude finding is an error, which fails the run by default.
    assert_eq!(output.status.code(), Some(1));
    let only_bad = run_stdin(&["audit", "-"], b"{\"id\":1,\n");
    assert_eq!(
        only_bad.status.code(),
        Some(0),
        "a skipped record alone is not a failure"
    );
    assert!(text(&only_bad.stdout).contains("1 records skipped"));
    let strict = run_stdin(&["audit", "-", "--strict"], b"{\"id\":1,\n");
    assert_eq!(
        strict.status.code(),
        Some(2),
        "--strict turns a skipped record into exit 2"
    );
}

#[test]
fn findings_quote_evidence_with_redaction_and_exact_offsets() {
    let output = run_stdin(&["audit", "-", "--output-format", "jsonl"], RUDE.as_bytes());
    let stdout = text(&output.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let policy = lines
        .iter()
        .find(|f| f["rule"] == "policy/hiding-behind-policy")
        .expect("policy finding");
    let message = "Calm down. Email maria@example.net is on file, that's our policy.";
    let (start, end) = (
        policy["start"].as_u64().unwrap() as usize,
        policy["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&message[start..end], "that's our policy");
    assert_eq!(policy["message_id"], "m2");
    assert_eq!(policy["agent"], "Dana Reyes");
    assert_eq!(policy["ts"], "2026-11-16T09:05:00Z");
    assert!(
        policy["excerpt"].as_str().unwrap().contains("[email]"),
        "{policy}"
    );
    assert!(
        !stdout.contains("maria@example.net"),
        "excerpts are redacted"
    );
    let raw = run_stdin(
        &["audit", "-", "--output-format", "jsonl", "--no-redact"],
        RUDE.as_bytes(),
    );
    assert!(text(&raw.stdout).contains("maria@example.net"));
}

#[test]
fn spreadsheet_formulas_are_neutralised_in_agents_csv() {
    let input = RUDE.replace("Dana Reyes", "=HYPERLINK(\\\"http://x\\\")");
    let out = tempfile::tempdir().unwrap();
    let output = run_stdin(
        &["audit", "-", "-q", "--out", out.path().to_str().unwrap()],
        input.as_bytes(),
    );
    assert_no_panic(&output);
    let csv = std::fs::read_to_string(out.path().join("agents.csv")).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.starts_with("\"'=HYPERLINK("), "{row}");
}

#[test]
fn a_malformed_rule_pack_stops_the_run_naming_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[pack]\nname = \"acme\"\n\n[[rule]]\nid = \"acme/x\"\nkind = \"phrase\"\nseverity = \"warning\"\nphrases = [\"x\"]\ncolour = 1\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("worse.toml"),
        "[pack]\nname = \"worse\"\n[[rule]]\nid = \"worse/y\"\nkind = \"pattern\"\nseverity = \"warning\"\npatterns = [\"(\"]\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n",
    )
    .unwrap();
    let output = run_stdin(
        &["audit", "-", "--rules", dir.path().to_str().unwrap()],
        RUDE.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("bad.toml:9:1: unknown key `colour`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("worse.toml:7:13: bad regex"),
        "every pack's problems are reported: {stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "no work before the packs are valid"
    );
}

#[test]
fn select_ignore_and_config_overrides() {
    let only_policy = run_stdin(
        &[
            "audit",
            "-",
            "--output-format",
            "jsonl",
            "--select",
            "policy",
        ],
        RUDE.as_bytes(),
    );
    let stdout = text(&only_policy.stdout);
    assert!(
        stdout.contains("policy/hiding-behind-policy") && !stdout.contains("courtesy/"),
        "{stdout}"
    );
    let ignored = run_stdin(
        &[
            "audit",
            "-",
            "--output-format",
            "jsonl",
            "--ignore",
            "courtesy/rude",
        ],
        RUDE.as_bytes(),
    );
    assert!(!text(&ignored.stdout).contains("courtesy/rude"));
    assert_eq!(
        ignored.status.code(),
        Some(0),
        "no error-level finding left"
    );
    let unknown = run_stdin(
        &["audit", "-", "--select", "courtesy/nope"],
        RUDE.as_bytes(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("--select: unknown rule or pack `courtesy/nope`"));

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tact.toml");
    std::fs::write(&config, "[rules]\nignore = [\"form-letter\"]\nseverity = { \"courtesy/rude\" = \"info\" }\n[agents]\nignore = [\"Dana Reyes\"]\n").unwrap();
    let configured = run_stdin(
        &[
            "audit",
            "-",
            "--output-format",
            "jsonl",
            "--config",
            config.to_str().unwrap(),
        ],
        RUDE.as_bytes(),
    );
    // Dana is listed as a bot, so nothing is charged to anyone; a bot's
    // reply is no answer, so the customer's message is unanswered.
    let findings = text(&configured.stdout);
    assert!(
        findings.lines().all(|l| l.contains("\"agent\":null")),
        "{findings}"
    );
    assert!(
        findings.contains("responsiveness/unanswered") && !findings.contains("courtesy/rude"),
        "{findings}"
    );
    std::fs::write(
        &config,
        "[rules]\nseverity = { \"courtesy/rude\" = \"info\" }\n",
    )
    .unwrap();
    let configured = run_stdin(
        &[
            "audit",
            "-",
            "--output-format",
            "jsonl",
            "--config",
            config.to_str().unwrap(),
        ],
        RUDE.as_bytes(),
    );
    assert!(text(&configured.stdout).contains("\"rule\":\"courtesy/rude\",\"severity\":\"info\""));
    assert_eq!(configured.status.code(), Some(0));
    std::fs::write(
        &config,
        "[rules]\nselect = [\"courtesy/nope\"]\n[business]\ntimezone = \"Mars/Base\"\n",
    )
    .unwrap();
    let bad = run_stdin(
        &["audit", "-", "--config", config.to_str().unwrap()],
        RUDE.as_bytes(),
    );
    assert_eq!(bad.status.code(), Some(2));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.contains("tact.toml:2:11: unknown rule or pack `courtesy/nope`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tact.toml:4:12: [business] timezone: unknown time zone"),
        "{stderr}"
    );
}

#[test]
fn rule_docs_and_rule_tests() {
    let output = run(&["rule", "policy/hiding-behind-policy"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    for heading in ["What it does", "Why is this bad", "Example", "Instead"] {
        assert!(stdout.contains(heading), "{heading} missing: {stdout}");
    }
    let all = run(&["rule", "--all", "--output-format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&all.stdout).unwrap();
    for id in [
        "courtesy/no-thanks",
        "courtesy/no-please",
        "courtesy/rude",
        "policy/hiding-behind-policy",
        "policy/do-it-for-everyone",
        "form-letter/stock-phrase",
    ] {
        let rule = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        for field in ["what", "why", "example", "instead"] {
            assert!(
                rule[field].as_str().is_some_and(|s| !s.is_empty()),
                "{id}.{field}"
            );
        }
    }
    let unknown = run(&["rule", "policy/nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    let tested = run(&["rules", "test"]);
    assert_eq!(tested.status.code(), Some(0), "{}", text(&tested.stdout));
    assert!(text(&tested.stdout).contains(" 0 failed"));
}

#[test]
fn a_failing_rule_example_fails_rules_test() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("acme.toml");
    std::fs::write(
        &pack,
        "[pack]\nname = \"acme\"\n[[rule]]\nid = \"acme/x\"\nkind = \"phrase\"\nseverity = \"warning\"\nphrases = [\"frobnicate\"]\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\nexample = \"This never says the word.\"\n",
    )
    .unwrap();
    let output = run(&["rules", "test", pack.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("FAIL acme/x [example]"));
    assert!(
        text(&output.stdout).contains("0 passed, 1 failed"),
        "only the named pack is tested"
    );
}

/// Bad input of every kind, for every reader: clear errors, no panic.
#[test]
fn readers_survive_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(5 * 1024 * 1024);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.jsonl", Vec::new()),
        ("empty.csv", Vec::new()),
        ("empty.txt", Vec::new()),
        ("truncated.jsonl", format!("{RUDE}\n{}", &RUDE[..40]).into_bytes()),
        ("types.jsonl", br#"{"id":"a","messages":[{"role":"agent","text":5}]}"#.to_vec()),
        ("invalid-utf8.jsonl", [RUDE.as_bytes(), b"\n"].concat().into_iter().map(|b| if b == b'C' { 0xff } else { b }).collect()),
        ("huge.jsonl", format!(r#"{{"id":"h","messages":[{{"role":"agent","author":"A","text":"{huge}. Calm down."}}]}}"#).into_bytes()),
        ("binary.jsonl", vec![0u8, 159, 146, 150, 0, 1, 2, 3]),
        ("truncated.csv", b"conversation_id,role,text\nA,agent,\"unterminated".to_vec()),
        ("types.csv", b"conversation_id,role,text,public\nA,agent,hi,maybe\n".to_vec()),
        ("invalid-utf8.csv", b"conversation_id,role,text\nA,agent,caf\xe9 calm down\n".to_vec()),
        ("huge.csv", format!("conversation_id,role,text\nA,agent,{huge}\n").into_bytes()),
        ("binary.csv", vec![0u8; 64]),
        ("header-only.csv", b"conversation_id,role,text\n".to_vec()),
        ("truncated.txt", b"# conversation X\n[2026-11-16 09:00".to_vec()),
        ("invalid-utf8.txt", b"# conversation X\n[2026-11-16 09:00] A (agent): caf\xe9\n".to_vec()),
        ("huge.txt", format!("# conversation X\n[2026-11-16 09:00] A (agent): {huge}\n").into_bytes()),
        ("binary.txt", vec![0u8, 255, 0, 255]),
        ("mystery.dat", b"just some words\n".to_vec()),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    for (name, _) in &files {
        let path = dir.path().join(name);
        let output = run(&[
            "audit",
            path.to_str().unwrap(),
            "-q",
            "--output-format",
            "jsonl",
        ]);
        assert_no_panic(&output);
        let stderr = text(&output.stderr);
        let expect_in_stderr = match *name {
            "truncated.jsonl" => Some("truncated.jsonl:2: customer: EOF while parsing"),
            "types.jsonl" => Some(":1: messages[0].text: invalid type: integer"),
            "invalid-utf8.jsonl" | "invalid-utf8.csv" | "invalid-utf8.txt" => {
                Some("warning: invalid UTF-8, decoded lossily")
            }
            "binary.jsonl" | "binary.csv" | "binary.txt" => Some("binary file"),
            "truncated.csv" => None,
            "types.csv" => Some(":2: public: expected true or false"),
            "truncated.txt" => Some(":2: text before the first message line"),
            "mystery.dat" => Some("cannot tell the format"),
            _ => None,
        };
        if let Some(expected) = expect_in_stderr {
            assert!(
                stderr.contains(expected),
                "{name}: expected {expected:?} in {stderr}"
            );
            assert!(
                stderr.contains(&path.display().to_string()),
                "{name}: errors name the file: {stderr}"
            );
        }
    }
    let huge_out = run(&[
        "audit",
        dir.path().join("huge.jsonl").to_str().unwrap(),
        "-q",
        "--output-format",
        "jsonl",
    ]);
    assert!(
        text(&huge_out.stdout).contains("courtesy/rude"),
        "a 5 MB message is read whole"
    );
    // The whole directory at once: every file accounted for, no panic.
    let all = run(&["audit", dir.path().to_str().unwrap()]);
    assert_no_panic(&all);
    let missing = run(&["audit", "/nonexistent/tact-input"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("/nonexistent/tact-input: no such file or directory"));
}

#[test]
fn a_closed_stdout_pipe_exits_quietly() {
    let many: String = (0..3000)
        .map(|i| RUDE.replace("R-1", &format!("R-{i}")) + "\n")
        .collect();
    let mut child = tact()
        .args(["audit", "-", "--output-format", "full"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(many.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    writer.join().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = text(&output.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}",
        output.status
    );
}

/// The sample week's generator records which mistakes it planted in which
/// conversation (`fixtures/sample-week.manifest.tsv`): every enabled rule
/// must find exactly the conversations planted for it, so a false alarm on
/// a look-alike or a missed mistake fails here.
#[test]
fn sample_week_findings_match_what_was_planted() {
    let out = tempfile::tempdir().unwrap();
    let output = run(&[
        "audit",
        &sample_week(),
        "--config",
        &sample_config(),
        "-q",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    let manifest = std::fs::read_to_string(fixtures().join("sample-week.manifest.tsv")).unwrap();
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (id, expected, also) = (column("id"), column("expected"), column("also"));
    let mut planted: std::collections::BTreeSet<(String, String)> = Default::default();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        for rule in [cells[expected], cells[also]]
            .iter()
            .flat_map(|c| c.split([',', ';', ' ']))
            .filter(|r| !r.is_empty())
        {
            planted.insert((rule.to_string(), cells[id].to_string()));
        }
    }
    let rules: Vec<serde_json::Value> =
        serde_json::from_slice(&run(&["rule", "--all", "--output-format", "json"]).stdout).unwrap();
    let enabled: Vec<String> = rules
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let findings = std::fs::read_to_string(out.path().join("findings.jsonl")).unwrap();
    let found: std::collections::BTreeSet<(String, String)> = findings
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["conversation_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let planted: std::collections::BTreeSet<_> = planted
        .into_iter()
        .filter(|(rule, _)| enabled.contains(rule))
        .collect();
    let false_alarms: Vec<_> = found.difference(&planted).collect();
    let missed: Vec<_> = planted.difference(&found).collect();
    assert!(
        false_alarms.is_empty(),
        "findings on conversations without that mistake: {false_alarms:?}"
    );
    assert!(missed.is_empty(), "planted mistakes not found: {missed:?}");
    assert!(
        planted.len() >= 50,
        "the sample week plants mistakes for every enabled rule"
    );
}

/// Customer abuse is the agent's exposure: reported and counted in
/// `customer_abuse_received`, but it neither lowers the score nor fails
/// the run.
#[test]
fn customer_abuse_is_exposure_not_a_fault() {
    let conversation = r#"{"id":"A-1","customer":{"name":"Maria Johnson"},"messages":[{"id":"m1","author":"Maria Johnson","role":"customer","text":"You people are morons."},{"id":"m2","author":"Dana Reyes","role":"agent","text":"I'm sorry you feel that way, Maria. Thanks for bearing with me, your refund is done."}]}"#;
    let out = tempfile::tempdir().unwrap();
    let output = run_stdin(
        &[
            "audit",
            "-",
            "--fail-on",
            "warning",
            "--out",
            out.path().to_str().unwrap(),
        ],
        conversation.as_bytes(),
    );
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let findings = std::fs::read_to_string(out.path().join("findings.jsonl")).unwrap();
    assert!(findings.contains("abuse/customer-abuse"), "{findings}");
    let csv = std::fs::read_to_string(out.path().join("agents.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell("customer_abuse_received"), "1");
    assert_eq!(cell("findings"), "0");
    assert_eq!(cell("score"), "100.0");
}

/// Bad time settings stop the run before any work, each named with its
/// place and key.
#[test]
fn bad_time_settings_exit_2_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tact.toml");
    std::fs::write(
        &config,
        "[business]\ntimezone = \"Europe/Atlantis\"\nhours = \"Mon-Fri 09:00-25:00\"\n[sla]\nemail = { first_response = \"2 fortnights\" }\n",
    )
    .unwrap();
    let output = run_stdin(
        &["audit", "-", "--config", config.to_str().unwrap()],
        RUDE.as_bytes(),
    );
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    for expected in [
        ":2:12: [business] timezone: unknown time zone \"Europe/Atlantis\"",
        ":3:9: [business] hours: \"25:00\" is not a time of day",
        ":5:28: [sla] email.first_response: \"2 fortnights\": unknown unit \"fortnights\"",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
    }
    assert!(output.stdout.is_empty(), "no work was done");
}

/// A promise with no follow-up is pending until the as-of time passes its
/// deadline, then missed; the summary counts both ways.
#[test]
fn the_as_of_time_decides_pending_or_missed() {
    let conversation = r#"{"id":"P-1","channel":"email","customer":{"name":"Maria Johnson"},"messages":[{"id":"m1","author":"Maria Johnson","role":"customer","ts":"2026-11-16T14:00:00Z","text":"Where is my refund?"},{"id":"m2","author":"Dana Reyes","role":"agent","ts":"2026-11-16T15:00:00Z","text":"Sorry, Maria, and thanks for your patience. I'll email you by Thursday with an update."}]}"#;
    let at = |as_of: &str| {
        run_stdin(
            &["audit", "-", "--as-of", as_of, "--fail-on", "never"],
            conversation.as_bytes(),
        )
    };
    let before = at("2026-11-19T12:00:00Z");
    assert_no_panic(&before);
    let summary = text(&before.stdout);
    assert!(
        summary.contains("Promises with a deadline: 1 made, 0 kept, 0 missed, 1 pending"),
        "{summary}"
    );
    assert!(!summary.contains("promises/missed-deadline "), "{summary}");
    let after = at("2026-11-20");
    let summary = text(&after.stdout);
    assert!(
        summary.contains("Promises with a deadline: 1 made, 0 kept, 1 missed, 0 pending"),
        "{summary}"
    );
    assert!(summary.contains("promises/missed-deadline"), "{summary}");
    assert!(
        summary.contains("as of 2026-11-20T23:59:59Z"),
        "a bare date is the end of that day: {summary}"
    );
}

/// `--since`/`--until` keep conversations with any message in the window;
/// `--last` counts back from the as-of time, and on standard input needs
/// `--as-of` (the input cannot be read twice).
#[test]
fn a_window_keeps_conversations_with_a_message_inside() {
    let early = r#"{"id":"W-1","channel":"chat","messages":[{"id":"m1","author":"Maria Johnson","role":"customer","ts":"2026-11-02T10:00:00Z","text":"Hi"},{"id":"m2","author":"Dana Reyes","role":"agent","ts":"2026-11-02T10:01:00Z","text":"Hello, thanks for writing!"}]}"#;
    let late = r#"{"id":"W-2","channel":"chat","messages":[{"id":"m1","author":"Maria Johnson","role":"customer","ts":"2026-11-19T10:00:00Z","text":"Hi"},{"id":"m2","author":"Dana Reyes","role":"agent","ts":"2026-11-19T10:01:00Z","text":"Hello, thanks for writing!"}]}"#;
    let input = format!("{early}\n{late}\n");
    let since = run_stdin(
        &[
            "audit",
            "-",
            "--since",
            "2026-11-16",
            "--until",
            "2026-11-22",
        ],
        input.as_bytes(),
    );
    assert_no_panic(&since);
    let summary = text(&since.stdout);
    assert!(summary.contains("tact audit: 1 conversations"), "{summary}");
    assert!(
        summary.contains("1 conversations with no message in it left out"),
        "{summary}"
    );
    let last = run_stdin(
        &[
            "audit",
            "-",
            "--last",
            "7d",
            "--as-of",
            "2026-11-20T00:00:00Z",
        ],
        input.as_bytes(),
    );
    assert!(text(&last.stdout).contains("tact audit: 1 conversations"));
    let no_as_of = run_stdin(&["audit", "-", "--last", "7d"], input.as_bytes());
    assert_eq!(no_as_of.status.code(), Some(2));
    assert!(text(&no_as_of.stderr).contains("give --as-of"));
    let bad = run_stdin(&["audit", "-", "--last", "7 moons"], input.as_bytes());
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("unknown unit \"moons\""),
        "{}",
        text(&bad.stderr)
    );
}

/// The README's weekly audit: the sample week's kept, missed and pending
/// promises show in the summary.
#[test]
fn a_week_audit_shows_kept_missed_and_pending_promises() {
    let output = run(&[
        "audit",
        &sample_week(),
        "--config",
        &sample_config(),
        "--last",
        "7d",
    ]);
    assert_no_panic(&output);
    let summary = text(&output.stdout);
    assert!(
        summary.contains("Promises with a deadline: 18 made, 6 kept, 7 missed, 5 pending"),
        "{summary}"
    );
    assert!(summary.contains("Window: "), "{summary}");
}

/// The template fixture: two macros recur with names and numbers varied;
/// only the uses that ignore a specific problem are flagged, paraphrases
/// stay out of the clusters, and `templates.csv` counts both macros.
#[test]
fn template_replies_that_ignore_the_problem_are_flagged() {
    let file = fixtures().join("templates/macros.jsonl");
    let out = tempfile::tempdir().unwrap();
    let output = run(&[
        "audit",
        file.to_str().unwrap(),
        "--select",
        "form-letter",
        "--fail-on",
        "never",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_no_panic(&output);
    let expected: std::collections::BTreeSet<String> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|c| {
            c["expect"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e == "form-letter/template-reply")
        })
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(expected.len(), 11);
    let findings = std::fs::read_to_string(out.path().join("findings.jsonl")).unwrap();
    let flagged: std::collections::BTreeSet<String> = findings
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|f| f["rule"] == "form-letter/template-reply")
        .map(|f| f["conversation_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(flagged, expected);
    let templates = std::fs::read_to_string(out.path().join("templates.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(templates.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{templates}");
    // template, conversations, uses, agents, agent_names, template_replies, ...
    assert!(
        rows[0][0].starts_with("Hi {name}, You can reset your password"),
        "{templates}"
    );
    assert_eq!(
        (&rows[0][1], &rows[0][2], &rows[0][3], &rows[0][5]),
        ("13", "13", "5", "5")
    );
    assert!(
        rows[1][0].contains("Thank you for contacting Brightdesk Support"),
        "{templates}"
    );
    assert_eq!((&rows[1][1], &rows[1][2], &rows[1][5]), ("10", "10", "6"));
}

/// The corpus pass keeps 16 bytes per reply, not texts: 100,000 agent
/// replies (a fifth of them one macro) are audited in well under 200 MB.
#[test]
fn the_corpus_pass_stays_small_on_100k_replies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replies.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let topics = [
        "invoice", "parcel", "password", "export", "refund", "screen", "battery",
    ];
    for c in 0..25_000u32 {
        let topic = topics[c as usize % topics.len()];
        let mut messages = vec![format!(
            r#"{{"id":"m0","author":"Customer {c}","role":"customer","ts":"2026-11-16T10:00:00Z","text":"My {topic} number {c} has a problem since yesterday."}}"#
        )];
        for m in 1..=4u32 {
            let text = if (c + m) % 5 == 0 {
                format!(
                    "Thank you for contacting us about case {c}. We have received your request and passed it to the relevant team for review. We appreciate your patience."
                )
            } else {
                format!(
                    "Reply {m} about your {topic} {c}: we checked item {} and shipped part {} with note {}.",
                    c * 7 + m,
                    c * 13 + m,
                    c ^ m
                )
            };
            messages.push(format!(
                r#"{{"id":"m{m}","author":"Agent {}","role":"agent","ts":"2026-11-16T10:0{m}:00Z","text":"{text}"}}"#,
                c % 300
            ));
        }
        writeln!(file, "{}", email_line(&format!("C-{c}"), &messages)).unwrap();
    }
    drop(file);
    let out = dir.path().join("out");
    let status = tact()
        .args([
            "audit",
            path.to_str().unwrap(),
            "--select",
            "form-letter",
            "-q",
            "--fail-on",
            "never",
            "--out",
            out.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let peak = peak_child_rss_bytes();
    eprintln!("peak RSS of the audit: {} MB", peak / 1024 / 1024);
    assert!(
        peak < 200 * 1024 * 1024,
        "peak RSS {} MB",
        peak / 1024 / 1024
    );
    let templates = std::fs::read_to_string(out.join("templates.csv")).unwrap();
    assert!(
        templates.contains("Thank you for contacting us about case"),
        "{templates}"
    );
}

/// The templates report quotes each template's first use in the input,
/// also when the input is read in several batches and one template only
/// starts near the end (the pass that finds the texts stops early only
/// once every template has its first use).
#[test]
fn templates_quote_their_first_use_however_late_it_comes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let conversations = 10_000u32;
    let late_start = 9_000u32;
    for c in 0..conversations {
        let early = format!(
            "Thank you for writing about case {c}. We have received your request and passed it to the relevant team for review."
        );
        let late = format!(
            "Your replacement unit R{c} left our warehouse this morning and the courier will bring it within three working days."
        );
        let agent = format!("Agent {}", c % 7);
        let mut messages = vec![
            message(
                0,
                &format!("Customer {c}"),
                "customer",
                &format!("Where is my parcel {c}?"),
            ),
            message(1, &agent, "agent", &early),
        ];
        if c >= late_start {
            messages.push(message(2, &agent, "agent", &late));
        }
        writeln!(file, "{}", email_line(&format!("C-{c}"), &messages)).unwrap();
    }
    drop(file);
    let texts = audit_template_texts(&[path.to_str().unwrap()], None, dir.path());
    let templates = texts.join("\n");
    assert_eq!(texts.len(), 2, "{templates}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Thank you for writing about case 0.")),
        "{templates}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(&format!("Your replacement unit R{late_start} left"))),
        "{templates}"
    );
}

/// Across inputs the first use is the first in path order, as before the
/// texts' pass read only the lines holding first uses: `b.jsonl`, named
/// first, writes the reply in capitals, and `a.jsonl` writes it plainly
/// only after replies that are not templates.
#[test]
fn templates_quote_the_first_use_in_path_order_across_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, reply: &str, others: u32| {
        let path = dir.path().join(name);
        std::fs::write(&path, template_conversations(name, reply, others)).unwrap();
        path.to_str().unwrap().to_string()
    };
    let b = write("b.jsonl", &TEMPLATE_REPLY.to_uppercase(), 0);
    let a = write("a.jsonl", TEMPLATE_REPLY, 4);
    let texts = audit_template_texts(&[&b, &a], None, dir.path());
    assert_eq!(texts, vec![TEMPLATE_REPLY]);
}

/// A pipe given by path cannot be read again: its uses do not count as
/// first uses, and the text comes from the first use in a file, even
/// when the pipe's come earlier in path order.
#[test]
fn templates_quote_a_file_when_the_earlier_use_came_through_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("z.jsonl");
    std::fs::write(&file, template_conversations("z", TEMPLATE_REPLY, 2)).unwrap();
    let piped = template_conversations("p", &TEMPLATE_REPLY.to_uppercase(), 0);
    let inputs = ["/dev/stdin", file.to_str().unwrap()];
    let texts = audit_template_texts(&inputs, Some(piped.as_bytes()), dir.path());
    assert_eq!(texts, vec![TEMPLATE_REPLY]);
}

/// A named pipe cannot be opened again once its writer is done: the
/// templates' texts pass it over instead of waiting for a writer forever.
#[test]
fn a_named_pipe_input_does_not_hang_the_templates_texts() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(&dir.path().join("live.jsonl"));
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let lines = template_conversations("f", TEMPLATE_REPLY, 0);
            std::fs::write(fifo, lines).unwrap();
        })
    };
    let out = dir.path().join("out");
    let child = tact()
        .args(["audit", fifo.to_str().unwrap(), "--select", "form-letter"])
        .args(["--fail-on", "never", "--out", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = wait_at_most(child, 30);
    writer.join().unwrap();
    assert!(
        status.is_some_and(|s| s.success()),
        "the audit hung or failed: {status:?}"
    );
    let templates = std::fs::read_to_string(out.join("templates.csv")).unwrap();
    assert_eq!(templates.lines().count(), 2, "{templates}");
}

/// `--last` without `--as-of` needs a read before the audit's own, which
/// a named pipe cannot give: the run says so and stops, as for standard
/// input, instead of waiting to open the pipe again.
#[test]
fn last_on_a_named_pipe_asks_for_as_of() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(&dir.path().join("live.jsonl"));
    let child = tact()
        .args(["audit", fifo.to_str().unwrap(), "--last", "7d"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_at_most(child, 30);
    assert_eq!(status.and_then(|s| s.code()), Some(2), "{status:?}");
}

/// A named pipe at `path`.
fn make_fifo(path: &Path) -> PathBuf {
    let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo only reads the path it is given.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    path.to_path_buf()
}

/// The child's exit status, or `None` (the child killed) when it runs
/// longer than `seconds`.
fn wait_at_most(mut child: std::process::Child, seconds: u64) -> Option<std::process::ExitStatus> {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if started.elapsed() > std::time::Duration::from_secs(seconds) {
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A reply long enough to be a template once used in five conversations.
const TEMPLATE_REPLY: &str = "Thank you for writing to us. We have received your request and passed it to the relevant team for review.";

/// JSON Lines of `others` conversations answered with a reply of their own,
/// then six answered with `reply`, each on its own line.
fn template_conversations(name: &str, reply: &str, others: u32) -> String {
    let mut lines = String::new();
    for c in 0..others + 6 {
        let said = if c < others {
            format!("Your order {name}-{c} has shipped and the tracking page shows its route {c}.")
        } else {
            reply.to_string()
        };
        let messages = [
            message(
                0,
                &format!("Customer {c}"),
                "customer",
                &format!("Where is my parcel {c}?"),
            ),
            message(1, &format!("Agent {}", c % 3), "agent", &said),
        ];
        lines.push_str(&email_line(&format!("{name}-{c}"), &messages));
        lines.push('\n');
    }
    lines
}

/// Message `n` of a conversation as a JSON object, sent at 10:0n.
fn message(n: u32, author: &str, role: &str, text: &str) -> String {
    format!(
        r#"{{"id":"m{n}","author":"{author}","role":"{role}","ts":"2026-11-16T10:0{n}:00Z","text":"{text}"}}"#
    )
}

/// Audits `inputs` (with `stdin` piped in, if given) with the form-letter
/// pack into `dir/out`, and returns the texts of `templates.csv`.
fn audit_template_texts(inputs: &[&str], stdin: Option<&[u8]>, dir: &Path) -> Vec<String> {
    let out = dir.join("out");
    let mut args = vec!["audit"];
    args.extend_from_slice(inputs);
    args.extend(["--select", "form-letter", "--fail-on", "never", "--out"]);
    args.push(out.to_str().unwrap());
    let output = match stdin {
        Some(bytes) => run_stdin(&args, bytes),
        None => run(&args),
    };
    assert_no_panic(&output);
    let templates = std::fs::read_to_string(out.join("templates.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(templates.as_bytes());
    reader
        .records()
        .map(|row| row.unwrap()[0].to_string())
        .collect()
}

/// One canonical email conversation as a JSON line, from its messages'
/// JSON objects.
fn email_line(id: &str, messages: &[String]) -> String {
    format!(
        r#"{{"id":"{id}","channel":"email","messages":[{}]}}"#,
        messages.join(",")
    )
}

/// The largest resident set of any child process waited for so far.
fn peak_child_rss_bytes() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let result = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(result, 0, "getrusage failed");
    // Linux reports kilobytes.
    usage.ru_maxrss as u64 * 1024
}

/// The findings on non-ASCII text (accented and non-Latin names, Spanish
/// and four other languages, emoji, curly quotes, full-width digits) were
/// recorded in `fixtures/non-ascii.expected/` before the matching engine
/// was made faster: the fast paths must find the same, span for span, at
/// any thread count.
#[test]
fn non_ascii_findings_are_the_same_as_before_the_speed_work() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = root.join("fixtures/non-ascii.expected");
    for threads in ["1", "2"] {
        let out = tempfile::tempdir().unwrap();
        let output = tact()
            .current_dir(root)
            .args([
                "audit",
                "fixtures/non-ascii",
                "--config",
                "tact.toml",
                "--strict",
            ])
            .args(["--as-of", "2026-12-01T00:00:00Z", "--threads", threads])
            .args(["--progress", "never", "--fail-on", "never", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        for report in ["findings.jsonl", "agents.csv"] {
            let got = std::fs::read_to_string(out.path().join(report)).unwrap();
            let want = std::fs::read_to_string(expected.join(report)).unwrap();
            assert_eq!(got, want, "{report} changed with --threads {threads}");
        }
    }
}
