//! Rules test themselves: every `example` must fire, every `instead` must
//! stay quiet, and every `[[rule.test]]` conversation must produce exactly
//! the findings it expects. `tact rules test` and the test suite run these.

use super::{RuleSet, newest};
use crate::model::{Conversation, Customer, Event, EventKind, Message, Origin, Role};
use crate::pack::{Kind, RuleSpec, Scope};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// The people of a test conversation.
const CUSTOMER: &str = "Maria Johnson";
const AGENT: &str = "Dana Reyes";
const SECOND_AGENT: &str = "Sam Lee";
const THIRD_AGENT: &str = "Ali Khan";
const BOT: &str = "Support Bot";

/// One line of a test conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum TestLine<'a> {
    /// `role: text`: a message by the role's stock person.
    Message {
        author: &'static str,
        role: Role,
        public: bool,
        text: &'a str,
    },
    /// `transfer: TO`, `assign: TO` or `status: STATUS`: an event at this
    /// point of the conversation.
    Event(EventKind),
}

/// Parses a test line: `ROLE: text` or an event line, optionally after a
/// time in brackets (`[2026-11-19 16:59] agent: Done!`, read in UTC, the
/// rule tests' business zone).
pub fn parse_test_line(line: &str) -> Option<(Option<Timestamp>, TestLine<'_>)> {
    let (time, rest) = match line.strip_prefix('[') {
        Some(rest) => {
            let (time, rest) = rest.split_once(']')?;
            let time =
                crate::normalize::time::parse_timestamp(time, &jiff::tz::TimeZone::UTC).ok()?;
            (Some(time), rest.trim_start())
        }
        None => (None, line),
    };
    Some((time, parse_untimed_line(rest)?))
}

fn parse_untimed_line(line: &str) -> Option<TestLine<'_>> {
    let (role, text) = line.split_once(':')?;
    let text = text.strip_prefix(' ').unwrap_or(text);
    let message = |author, role, public| {
        Some(TestLine::Message {
            author,
            role,
            public,
            text,
        })
    };
    match role.trim() {
        "customer" => message(CUSTOMER, Role::Customer, true),
        "agent" => message(AGENT, Role::Agent, true),
        "agent2" => message(SECOND_AGENT, Role::Agent, true),
        "agent3" => message(THIRD_AGENT, Role::Agent, true),
        "note" => message(AGENT, Role::Agent, false),
        "bot" => message(BOT, Role::Bot, true),
        "system" => message("System", Role::System, true),
        // `from` is filled in by the conversation builder: the last agent.
        "transfer" => Some(TestLine::Event(EventKind::Transfer {
            from: None,
            to: Some(text.trim().to_string()),
        })),
        "assign" => Some(TestLine::Event(EventKind::Assign {
            from: None,
            to: Some(text.trim().to_string()),
        })),
        "status" => Some(TestLine::Event(EventKind::Status {
            status: text.trim().to_string(),
        })),
        _ => None,
    }
}

/// Builds a conversation from test lines, one minute apart from Monday
/// 2026-11-16 14:00 UTC unless a line gives its time. `customer` overrides
/// the name on record; an empty one means no name is known.
pub fn test_conversation(
    id: &str,
    lines: &[String],
    customer: Option<&str>,
    channel: Option<&str>,
) -> Conversation {
    let mut clock: Timestamp = "2026-11-16T13:59:00Z"
        .parse()
        .expect("a valid constant timestamp");
    let customer_name = customer.unwrap_or(CUSTOMER);
    let mut messages: Vec<Message> = Vec::new();
    let mut events = Vec::new();
    for (time, line) in lines.iter().filter_map(|l| parse_test_line(l)) {
        clock = time.unwrap_or_else(|| {
            clock
                .saturating_add(SignedDuration::from_mins(1))
                .unwrap_or(clock)
        });
        let ts = Some(clock);
        let last_agent = || {
            messages
                .iter()
                .rev()
                .find(|m| m.role == Role::Agent)
                .map(|m| m.author.clone())
        };
        match line {
            TestLine::Message {
                author,
                role,
                public,
                text,
            } => messages.push(Message {
                id: format!("m{}", messages.len() + 1),
                author: if role == Role::Customer && !customer_name.is_empty() {
                    customer_name
                } else if role == Role::Customer {
                    "customer"
                } else {
                    author
                }
                .to_string(),
                role,
                ts,
                text: text.to_string(),
                public,
                meta: BTreeMap::new(),
            }),
            TestLine::Event(kind) => {
                let kind = match kind {
                    EventKind::Transfer { to, .. } => EventKind::Transfer {
                        from: last_agent(),
                        to,
                    },
                    EventKind::Assign { to, .. } => EventKind::Assign {
                        from: last_agent(),
                        to,
                    },
                    status => status,
                };
                events.push(Event { ts, kind });
            }
        }
    }
    Conversation {
        id: id.to_string(),
        channel: Some(channel.unwrap_or("chat").to_string()),
        subject: None,
        customer: Some(Customer {
            id: None,
            name: (!customer_name.is_empty()).then(|| customer_name.to_string()),
            email: None,
        }),
        messages,
        events,
        meta: BTreeMap::new(),
        origin: Origin::default(),
    }
}

/// The conversation an `example` or `instead` text is tried in. A text of
/// several `role: text` lines is a conversation of its own (rules about how
/// one side answers the other need both); otherwise the text is a message
/// of the rule's role, after (or before) a neutral message of the other
/// side.
fn example_conversation(spec: &RuleSpec, text: &str) -> Conversation {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.len() > 1 && lines.iter().all(|l| parse_test_line(l).is_some()) {
        // A timing rule may judge only some channels (bursts skip chat):
        // the example is tried in one the rule judges.
        let channel = match (spec.channels.first(), spec.measure) {
            (Some(channel), _) => Some(channel.as_str()),
            (None, Some(crate::pack::Measure::Burst)) => Some("email"),
            (None, _) => None,
        };
        return test_conversation("example", &lines, None, channel);
    }
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
                Kind::Absence | Kind::Code => spec.min_messages.max(1),
                Kind::Phrase | Kind::Pattern | Kind::Response | Kind::Count | Kind::Timing => 1,
            };
            lines.extend(std::iter::repeat_n(format!("agent: {text}"), times));
            lines
        }
    };
    test_conversation("example", &lines, None, None)
}

/// One failed expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFailure {
    pub rule: String,
    pub case: String,
    pub expected: String,
    pub found: usize,
}

/// Runs every example and test of one rule, alone, with the default
/// business calendar (UTC, Mon-Fri 09:00-17:00) and SLAs.
pub fn run_rule_tests(spec: &RuleSpec) -> Result<(usize, Vec<TestFailure>), String> {
    let rules = RuleSet::compile(vec![spec.clone()])?;
    let count_at = |conversation: &Conversation, as_of: Option<Timestamp>| {
        let analysis = rules.judge(conversation);
        let as_of = as_of.or_else(|| newest(conversation));
        // One conversation is no corpus: a rule test takes every reply a
        // template rule looks at to be a template, and tests whether the
        // reply engages with the customer.
        analysis
            .findings
            .iter()
            .filter(|f| f.stands_at(as_of) && f.rule == spec.id)
            .count()
    };
    let count = |conversation: &Conversation| count_at(conversation, None);
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
        let conversation = test_conversation(
            &test.name,
            &test.conversation,
            test.customer.as_deref(),
            test.channel.as_deref(),
        );
        let found = count_at(&conversation, test.as_of);
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
