//! Reader tests on small documents written for each shape.

use super::*;
use crate::ingest::{Input, InputFormat, ReadOptions, drain};
use crate::model::Role;

fn read(json: &str, format: InputFormat) -> (Option<InputFormat>, Vec<Conversation>, Vec<String>) {
    let options = ReadOptions::new(format, TimeZone::UTC);
    let input = Input {
        display: "x.json".into(),
        path: None,
        hint: None,
        mail: Vec::new(),
    };
    let (format, reader) = open(
        &input,
        format,
        false,
        std::io::Cursor::new(json.to_string()),
        &options,
    );
    let (conversations, problems) = drain(reader);
    (format, conversations, problems)
}

#[test]
fn zendesk_audits_with_side_loaded_users() {
    let page = r#"{"audits":[
      {"id":2,"ticket_id":7,"created_at":"2026-11-16T10:00:00Z","author_id":20,"via":{"channel":"web"},
       "events":[{"id":21,"type":"Comment","author_id":20,"body":"Unfortunately that's our policy.","public":true},
                 {"id":22,"type":"Change","field_name":"status","value":"pending","previous_value":"open"}]},
      {"id":1,"ticket_id":7,"created_at":"2026-11-16T09:00:00Z","author_id":10,"via":{"channel":"email"},
       "events":[{"id":11,"type":"Comment","author_id":10,"html_body":"<p>My order &amp; refund?</p>","public":true},
                 {"id":12,"type":"Create","field_name":"requester_id","value":"10"},
                 {"id":13,"type":"Create","field_name":"subject","value":"Refund"}]},
      {"id":3,"ticket_id":7,"created_at":"2026-11-16T10:05:00Z","author_id":-1,"via":{"channel":"rule","source":{"rel":"trigger","from":{"title":"Notify requester"}}},
       "events":[{"id":31,"type":"Comment","author_id":20,"body":"We received your request.","public":true}]},
      {"id":4,"ticket_id":7,"created_at":"2026-11-16T10:06:00Z","author_id":20,
       "events":[{"id":41,"type":"Comment","author_id":20,"body":"Checking with billing.","public":false}]}],
     "users":[{"id":10,"name":"Maria Johnson","email":"Maria@x.net","role":"end-user"},
              {"id":20,"name":"Dana Reyes","email":"dana@acme.example","role":"agent"}]}"#;
    let (format, conversations, problems) = read(page, InputFormat::Auto);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(format, Some(InputFormat::Zendesk));
    let c = &conversations[0];
    assert_eq!(c.id, "7");
    assert_eq!(c.subject.as_deref(), Some("Refund"));
    assert_eq!(c.channel.as_deref(), Some("email"));
    let summary: Vec<(&str, Role, bool, &str)> = c
        .messages
        .iter()
        .map(|m| (m.author.as_str(), m.role, m.public, m.text.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Maria Johnson", Role::Customer, true, "My order & refund?"),
            (
                "Dana Reyes",
                Role::Agent,
                true,
                "Unfortunately that's our policy."
            ),
            (
                "Notify requester",
                Role::Bot,
                true,
                "We received your request."
            ),
            ("Dana Reyes", Role::Agent, false, "Checking with billing."),
        ]
    );
    assert_eq!(
        c.customer.as_ref().unwrap().email.as_deref(),
        Some("maria@x.net")
    );
    assert_eq!(c.events.len(), 1);
}

#[test]
fn zendesk_without_users_takes_the_requester_as_customer() {
    let line = r#"{"id":9,"requester_id":5,"via":{"channel":"web"},"subject":"Help","status":"open","comments":[
      {"id":1,"author_id":5,"body":"Hi","created_at":"2026-11-16T09:00:00Z","public":true},
      {"id":2,"author_id":6,"body":"Hello","created_at":"2026-11-16T09:05:00Z","public":true}]}"#;
    let (_, conversations, _) = read(line, InputFormat::Zendesk);
    let roles: Vec<Role> = conversations[0].messages.iter().map(|m| m.role).collect();
    assert_eq!(roles, vec![Role::Customer, Role::Agent]);
    assert_eq!(conversations[0].messages[1].author, "user 6");
}

#[test]
fn intercom_parts_notes_bots_and_events() {
    let doc = r#"{"type":"conversation","id":"55","created_at":1763283600,
      "source":{"type":"conversation","id":"s1","body":"<p>App crashes</p>","author":{"type":"user","id":"u1","name":"Zoë","email":"zoe@x.net"}},
      "conversation_parts":{"type":"conversation_part.list","conversation_parts":[
        {"type":"conversation_part","id":"1","part_type":"comment","body":"<p>Hi! I'm Fin.</p>","created_at":1763283610,"author":{"type":"bot","id":"b","name":"Fin"}},
        {"type":"conversation_part","id":"2","part_type":"assignment","body":null,"created_at":1763283620,"assigned_to":{"type":"admin","id":"7"},"author":{"type":"bot","id":"b","name":"Fin"}},
        {"type":"conversation_part","id":"3","part_type":"note","body":"<p>VIP</p>","created_at":1763283630,"author":{"type":"admin","id":"7","name":"Dana"}},
        {"type":"conversation_part","id":"4","part_type":"comment","body":"<p>Sorry about that.</p>","created_at":1763283640,"author":{"type":"admin","id":"7","name":"Dana"}},
        {"type":"conversation_part","id":"5","part_type":"close","body":null,"created_at":1763283650,"author":{"type":"admin","id":"7","name":"Dana"}}]}}"#;
    let (format, conversations, problems) = read(doc, InputFormat::Auto);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(format, Some(InputFormat::Intercom));
    let c = &conversations[0];
    let summary: Vec<(&str, Role, bool)> = c
        .messages
        .iter()
        .map(|m| (m.author.as_str(), m.role, m.public))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Zoë", Role::Customer, true),
            ("Fin", Role::Bot, true),
            ("Dana", Role::Agent, false),
            ("Dana", Role::Agent, true)
        ]
    );
    assert_eq!(
        c.messages[0].ts.unwrap().to_string(),
        "2025-11-16T09:00:00Z"
    );
    assert_eq!(c.channel.as_deref(), Some("chat"));
    assert_eq!(c.events.len(), 2);
}

#[test]
fn recorded_responses_and_json_strings_are_unwrapped() {
    let inner = r#"{"item":{"id":3,"subject":"Hi","createdBy":{"type":"customer","firstName":"Vern","lastName":"Bear"},"customer":{"id":9,"firstName":"Vern","lastName":"Bear","email":"v@x.net"},"type":"email","threads":[
        {"id":2,"type":"message","createdAt":"2026-11-16T10:00:00Z","createdBy":{"type":"user","firstName":"Jack","lastName":"S"},"body":"<p>Reply</p>"},
        {"id":1,"type":"customer","createdAt":"2026-11-16T09:00:00Z","createdBy":{"type":"customer","firstName":"Vern","lastName":"Bear"},"body":"Question"}]}}"#;
    let recorded = serde_json::json!({"body": inner, "headers": {"Status": "200"}}).to_string();
    let (format, conversations, problems) = read(&recorded, InputFormat::Auto);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(format, Some(InputFormat::Helpscout));
    let authors: Vec<&str> = conversations[0]
        .messages
        .iter()
        .map(|m| m.author.as_str())
        .collect();
    assert_eq!(authors, vec!["Vern Bear", "Jack S"]);
}

#[test]
fn freshdesk_ticket_with_conversations() {
    let doc = r#"[{"id":1,"requester_id":5,"responder_id":6,"subject":"Broken","source":2,"status":4,
      "created_at":"2026-11-16T09:00:00Z","updated_at":"2026-11-16T11:00:00Z","description_text":"It broke","description":"<div>It broke</div>",
      "requester":{"id":5,"name":"Maria","email":"m@x.net"},
      "conversations":[
        {"id":2,"body_text":"Internal","incoming":false,"private":true,"user_id":6,"created_at":"2026-11-16T09:30:00Z"},
        {"id":3,"body":"<div>Sent a new one</div>","incoming":false,"private":false,"user_id":6,"from_email":"Rachel <rachel@acme.example>","created_at":"2026-11-16T10:00:00Z"},
        {"id":4,"body_text":"Thanks","incoming":true,"private":false,"user_id":5,"created_at":"2026-11-16T10:30:00Z"}]}]"#;
    let (format, conversations, problems) = read(doc, InputFormat::Auto);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(format, Some(InputFormat::Freshdesk));
    let c = &conversations[0];
    let summary: Vec<(&str, Role, bool, &str)> = c
        .messages
        .iter()
        .map(|m| (m.author.as_str(), m.role, m.public, m.text.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("Maria", Role::Customer, true, "It broke"),
            // No agent list and no address: the id is all there is.
            ("user 6", Role::Agent, false, "Internal"),
            ("Rachel", Role::Agent, true, "Sent a new one"),
            ("Maria", Role::Customer, true, "Thanks"),
        ]
    );
    assert_eq!(c.channel.as_deref(), Some("web"));
}

#[test]
fn zendesk_chat_transcript() {
    let doc = r#"{"chats":[{"type":"chat","id":"c1","visitor":{"id":"v","name":"Visitor 1","email":""},"agent_names":["Dana"],
      "history":[{"type":"chat.memberjoin","name":"Visitor 1","timestamp":"2026-11-16T09:00:00Z"},
                 {"type":"chat.msg","name":"Visitor 1","msg":"hello?","timestamp":"2026-11-16T09:00:01.500Z"},
                 {"type":"chat.msg","name":"Dana","msg":"Hi there","timestamp":"2026-11-16T09:00:30Z"}]}]}"#;
    let (_, conversations, problems) = read(doc, InputFormat::Auto);
    assert!(problems.is_empty(), "{problems:?}");
    let roles: Vec<Role> = conversations[0].messages.iter().map(|m| m.role).collect();
    assert_eq!(roles, vec![Role::Customer, Role::Agent]);
    assert_eq!(conversations[0].channel.as_deref(), Some("chat"));
}

#[test]
fn documents_that_are_not_conversations_say_what_they_are() {
    let cases = [
        (
            r#"{"users":[{"id":1,"name":"A","email":"a@x","role":"agent"}]}"#,
            "1 user, contact or agent record,",
        ),
        (
            r#"{"conversation":{"type":"object","properties":{"id":{"type":"string"}}}}"#,
            "JSON Schema",
        ),
        (r#"{"hello":"world"}"#, "no conversations found"),
        ("{\"a\": [1, 2,\n oops}", "x.json:2: not valid JSON"),
    ];
    for (doc, expected) in cases {
        let (_, conversations, problems) = read(doc, InputFormat::Auto);
        assert!(conversations.is_empty());
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{doc}: {problems:?}"
        );
    }
    let (_, conversations, problems) = read(
        r#"{"type":"conversation","id":"1","source":{"body":"x"}}"#,
        InputFormat::Zendesk,
    );
    assert!(conversations.is_empty());
    assert!(problems[0].contains("not a Zendesk export"), "{problems:?}");
}

#[test]
fn a_bad_record_is_skipped_and_its_neighbours_kept() {
    let doc = r#"{"conversations":[
      {"type":"conversation","id":"1","created_at":"yesterday","source":{"body":"x","author":{"type":"user"}}},
      {"type":"conversation","id":"2","created_at":1763283600,"source":{"body":"y","author":{"type":"user"}}}]}"#;
    let (_, conversations, problems) = read(doc, InputFormat::Auto);
    assert_eq!(conversations.len(), 1);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("x.json: Intercom conversation 1: created_at"),
        "{problems:?}"
    );
}

#[test]
fn people_lists_in_their_common_shapes() {
    let lists = [
        r#"[{"id":1,"name":"Rachel","email":"r@x.com","active":false},{"id":2,"name":"Sam","email":"s@x.com"}]"#,
        r#"[{"id":1,"ticket_scope":1,"contact":{"name":"Rachel","email":"r@x.com"}},{"id":2,"contact":{"name":"Sam","email":"s@x.com"}}]"#,
        r#"{"users":[{"id":1,"name":"Rachel","email":"r@x.com","role":"agent"},{"id":2,"name":"Sam","email":"s@x.com","role":"end-user"}],"count":2}"#,
    ];
    for list in lists {
        let people = People::from_document(&serde_json::from_str(list).unwrap());
        assert_eq!(people.len(), 2, "{list}");
        assert_eq!(people.get("1").unwrap().name.as_deref(), Some("Rachel"));
    }
}
