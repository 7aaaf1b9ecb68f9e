//! Every reader yields the same canonical conversations: `fixtures/formats`
//! holds three support conversations exported as each platform exports
//! them (written apart from the readers), and `tact convert` on each export
//! must give back what `canonical.jsonl` says.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/formats"))
}

/// `tact convert` on the given paths (relative to fixtures/formats).
fn convert(paths: &[&str]) -> (Vec<Value>, String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_tact"))
        .current_dir(fixtures())
        .args(["convert", "--config", "tact.toml", "--quiet"])
        .args(paths)
        .output()
        .expect("tact runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let conversations = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    (
        conversations,
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// What must agree across formats, message by message: role, author, time
/// (to the second: Zendesk Chat keeps milliseconds), text and visibility.
fn messages(conversation: &Value) -> Vec<(String, String, String, String, bool)> {
    conversation["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            let ts = m["ts"].as_str().unwrap_or("");
            let second = ts.split('.').next().unwrap_or("").trim_end_matches('Z');
            (
                m["role"].as_str().unwrap_or("").to_string(),
                m["author"].as_str().unwrap_or("").to_string(),
                second.to_string(),
                m["text"].as_str().unwrap_or("").to_string(),
                m["public"].as_bool().unwrap_or(true),
            )
        })
        .collect()
}

fn reference() -> BTreeMap<String, Value> {
    let (conversations, stderr, code) = convert(&["canonical.jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    conversations
        .into_iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c))
        .collect()
}

/// The reference id of a converted conversation: its own id, or for email
/// (whose ids are Message-IDs) the one with the same subject.
fn reference_id(conversation: &Value, reference: &BTreeMap<String, Value>) -> String {
    let id = conversation["id"].as_str().unwrap_or("");
    if reference.contains_key(id) {
        return id.to_string();
    }
    let subject = conversation["subject"].as_str();
    reference
        .iter()
        .find(|(_, c)| c["subject"].as_str() == subject)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no reference conversation for {id} {subject:?}"))
}

fn assert_same(paths: &[&str], expected_ids: &[&str]) {
    let reference = reference();
    let (conversations, stderr, code) = convert(paths);
    assert_eq!(code, 0, "{paths:?}: {stderr}");
    let mut ids: Vec<String> = conversations
        .iter()
        .map(|c| reference_id(c, &reference))
        .collect();
    ids.sort();
    assert_eq!(
        ids, expected_ids,
        "{paths:?} carries the wrong conversations"
    );
    for conversation in &conversations {
        let id = reference_id(conversation, &reference);
        let want = &reference[&id];
        assert_eq!(
            messages(conversation),
            messages(want),
            "{paths:?}: conversation {id} differs"
        );
        if let Some(name) = conversation["customer"]["name"].as_str() {
            assert_eq!(
                Some(name),
                want["customer"]["name"].as_str(),
                "{paths:?}: {id} customer"
            );
        }
    }
}

const ALL: &[&str] = &["1001", "1002", "1003"];
const EMAIL: &[&str] = &["1001", "1003"];

#[test]
fn csv_and_chat_log() {
    assert_same(&["messages.csv"], ALL);
    assert_same(&["chatlogs/1002.txt"], &["1002"]);
}

#[test]
fn zendesk_audits_page_with_side_loaded_users() {
    assert_same(&["zendesk-audits.json"], ALL);
}

#[test]
fn zendesk_full_export_with_users_in_a_side_file() {
    assert_same(&["zendesk-export.jsonl", "zendesk-users.json"], ALL);
}

#[test]
fn zendesk_chat() {
    assert_same(&["zendesk-chat.json"], &["1002"]);
}

#[test]
fn intercom() {
    assert_same(&["intercom.json"], ALL);
}

#[test]
fn freshdesk_with_the_agent_list() {
    assert_same(&["freshdesk.json", "freshdesk-agents.json"], ALL);
}

#[test]
fn help_scout_newest_first_threads() {
    assert_same(&["helpscout.json"], ALL);
}

#[test]
fn email_as_eml_mbox_and_maildir() {
    assert_same(&["email/eml"], EMAIL);
    assert_same(&["email/mbox/acme-support.mbox"], EMAIL);
    assert_same(&["email/maildir"], EMAIL);
    // The same messages found three times are threaded once.
    assert_same(&["email"], EMAIL);
}

#[test]
fn the_whole_folder_reads_without_a_skipped_record() {
    let (conversations, stderr, code) = convert(&["."]);
    assert_eq!(code, 0, "{stderr}");
    // 3 canonical + 3 csv + 1 chat log + 3 + 3 + 1 Zendesk + 3 Intercom +
    // 3 Freshdesk + 3 Help Scout + 2 email threads.
    assert_eq!(conversations.len(), 25, "{stderr}");
}

#[test]
fn converted_output_reads_back_unchanged() {
    let (first, _, _) = convert(&["intercom.json", "email/mbox/acme-support.mbox"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.jsonl");
    let text: String = first.iter().map(|c| format!("{c}\n")).collect();
    std::fs::write(&path, text).unwrap();
    let (second, stderr, code) = convert(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(first, second);
}

/// Runs the binary from a temporary directory with the given arguments.
fn tact(args: &[&str], stdin: Option<&[u8]>) -> (String, String, i32) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tact"))
        .current_dir(std::env::temp_dir())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tact starts");
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    let output = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// The agents' domain of the email fixtures.
fn acme_config(dir: &Path) -> String {
    let path = dir.join("tact.toml");
    std::fs::write(&path, "[agents]\ndomains = [\"acme.example\"]\n").unwrap();
    path.display().to_string()
}

#[test]
fn a_policy_line_quoted_in_later_replies_is_found_once_on_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let mbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/email/policy-thread.mbox");
    let (stdout, stderr, _) = tact(
        &[
            "audit",
            mbox.to_str().unwrap(),
            "--config",
            &acme_config(dir.path()),
            "--output-format",
            "jsonl",
        ],
        None,
    );
    let policy: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|f| f["rule"] == "policy/hiding-behind-policy")
        .collect();
    // The customer's Outlook reply quotes it without ">" and the agent's
    // Gmail reply quotes it at ">>": neither may count again.
    assert_eq!(policy.len(), 1, "{stdout}\n{stderr}");
    assert_eq!(policy[0]["agent"], "Dana Reyes");
    assert_eq!(
        policy[0]["message_id"],
        "CAF3nD8eWq4kP7zR2mYt6vB9xL1sJ0hGcN3u@mail.gmail.com"
    );
}

#[test]
fn formats_are_sniffed_from_content_when_the_name_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixtures();
    for (from, to) in [
        ("intercom.json", "intercom-export"),
        ("email/eml/01-refund-for-order-5531.eml", "message-1"),
        ("email/mbox/acme-support.mbox", "mailbox"),
    ] {
        std::fs::copy(source.join(from), dir.path().join(to)).unwrap();
    }
    let config = source.join("tact.toml");
    for (name, conversations, format) in [
        ("intercom-export", 3, "intercom"),
        ("message-1", 1, "eml"),
        ("mailbox", 2, "mbox"),
    ] {
        let path = dir.path().join(name);
        let (stdout, stderr, code) = tact(
            &[
                "convert",
                path.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(code, 0, "{name}: {stderr}");
        assert_eq!(stdout.lines().count(), conversations, "{name}");
        assert!(
            stderr.contains(&format!("{format}: {conversations} from 1")),
            "{name}: {stderr}"
        );
    }
    // Standard input has no name at all.
    let mbox = std::fs::read(source.join("email/mbox/acme-support.mbox")).unwrap();
    let (stdout, stderr, code) = tact(
        &[
            "convert",
            "-",
            "--input-format",
            "mbox",
            "--config",
            config.to_str().unwrap(),
        ],
        Some(&mbox),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 2);
}

#[test]
fn a_file_no_reader_understands_is_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes");
    std::fs::write(&path, "just some words\nno format here\n").unwrap();
    let (stdout, stderr, code) = tact(&["convert", path.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("notes: cannot tell the format"), "{stderr}");
    let schema = dir.path().join("schema.json");
    std::fs::write(
        &schema,
        r#"{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{}}"#,
    )
    .unwrap();
    // The audit reports it, counts it, and goes on; --strict makes it fatal.
    let (_, stderr, code) = tact(&["audit", schema.to_str().unwrap()], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("schema.json: a JSON Schema"), "{stderr}");
    let (_, _, code) = tact(&["audit", schema.to_str().unwrap(), "--strict"], None);
    assert_eq!(code, 2);
}
