//! Rules test themselves: every `example` must fire, every `instead` must
//! stay quiet, and every `[[rule.test]]` conversation must produce exactly
//! the findings it expects. `tact rules test` and the test suite run these.

use super::RuleSet;
use crate::model::{Conversation, Customer, Message, Origin, Role};
use crate::pack::{Kind, RuleSpec, Scope};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// The people of a test conversation.
const CUSTOMER: &str = "Maria Johnson";
const AGENT: &str = "Dana Reyes";
const SECOND_AGENT: &str = "Sam Lee";
const BOT: &str = "Support Bot";

/// Parses a test line `role: text` into the message's author, role,
/// visibility and text.
pub fn test_line(line: &str) -> Option<(&'static str, Role, bool, &str)> {
    let (role, text) = line.split_once(':')?;
    let text = text.strip_prefix(' ').unwrap_or(text);
    let parsed = match role.trim() {
        "customer" => (CUSTOMER, Role::Customer, true),
        "agent" => (AGENT, Role::Agent, true),
        "agent2" => (SECOND_AGENT, Role::Agent, true),
        "note" => (AGENT, Role::Agent, false),
        "bot" => (BOT, Role::Bot, true),
        "system" => ("System", Role::System, true),
        _ => return None,
    };
    Some((parsed.0, parsed.1, parsed.2, text))
}

/// Builds a conversation from test lines, one minute apart.
pub fn test_conversation(id: &str, lines: &[String], customer: Option<&str>) -> Conversation {
    let start: Timestamp = "2026-11-16T14:00:00Z"
        .parse()
        .expect("a valid constant timestamp");
    let customer_name = customer.unwrap_or(CUSTOMER);
    let messages = lines
        .iter()
        .filter_map(|line| test_line(line))
        .enumerate()
        .map(|(i, (author, role, public, text))| Message {
            id: format!("m{}", i + 1),
            author: if role == Role::Customer {
                customer_name
            } else {
                author
            }
            .to_string(),
            role,
            ts: start.checked_add(SignedDuration::from_mins(i as i64)).ok(),
            text: text.to_string(),
            public,
            meta: BTreeMap::new(),
        })
        .collect();
    Conversation {
        id: id.to_string(),
        channel: Some("chat".into()),
        subject: None,
        customer: Some(Customer {
            id: None,
            name: Some(customer_name.to_string()),
            email: None,
        }),
        messages,
        events: Vec::new(),
        meta: BTreeMap::new(),
        origin: Origin::default(),
    }
}

/// The conversation an `example` or `instead` text is tried in: the text
/// as a message of the rule's role, after (or before) a neutral message of
/// the other side.
fn example_conversation(spec: &RuleSpec, text: &str) -> Conversation {
    let lines = match spec.scope {
        Scope::Customer => vec![
            format!("customer: {text}"),
            "agent: Thank you for letting us know.".to_string(),
        ],
        Scope::Agent | Scope::Any => {
            let mut lines = vec!["customer: Hi, I need some help with my order.".to_string()];
            // An absence rule may only judge people who wrote several
            // messages; the example is said that many times.
            let times = match spec.kind {
                Kind::Absence => spec.min_messages.max(1),
                Kind::Phrase | Kind::Pattern => 1,
            };
            lines.extend(std::iter::repeat_n(format!("agent: {text}"), times));
            lines
        }
    };
    test_conversation("example", &lines, None)
}

/// One failed expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFailure {
    pub rule: String,
    pub case: String,
    pub expected: String,
    pub found: usize,
}

/// Runs every example and test of one rule, alone.
pub fn run_rule_tests(spec: &RuleSpec) -> Result<(usize, Vec<TestFailure>), String> {
    let rules = RuleSet::compile(vec![spec.clone()])?;
    let count = |conversation: &Conversation| {
        rules
            .analyze(conversation)
            .iter()
            .filter(|f| f.rule == spec.id)
            .count()
    };
    let mut cases = 0;
    let mut failures = Vec::new();
    if let Some(example) = &spec.docs.example {
        cases += 1;
        let found = count(&example_conversation(spec, example));
        if found == 0 {
            failures.push(TestFailure {
                rule: spec.id.clone(),
                case: "example".into(),
                expected: "at least 1 finding".into(),
                found,
            });
        }
    }
    if let Some(instead) = &spec.docs.instead {
        cases += 1;
        let found = count(&example_conversation(spec, instead));
        if found != 0 {
            failures.push(TestFailure {
                rule: spec.id.clone(),
                case: "instead".into(),
                expected: "no finding".into(),
                found,
            });
        }
    }
    for test in &spec.tests {
        cases += 1;
        let conversation =
            test_conversation(&test.name, &test.conversation, test.customer.as_deref());
        let found = count(&conversation);
        if found != test.expect {
            failures.push(TestFailure {
                rule: spec.id.clone(),
                case: test.name.clone(),
                expected: format!("{} finding(s)", test.expect),
                found,
            });
        }
    }
    Ok((cases, failures))
}
