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
