//! The people of a help desk: user, agent and contact lists, side-loaded in
//! a page (`include=users`) or exported as files of their own. Comments
//! often carry only an author id; these lists give the name and say who is
//! staff. Ids are shared across platforms in one map: a run that mixes two
//! help desks whose ids collide is not a case worth the complexity.

use super::{Object, id, object, text};
use crate::model::Role;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<Role>,
}

#[derive(Debug, Clone, Default)]
pub struct People {
    by_id: HashMap<String, Person>,
}

/// The lists that hold people, and what being in one says.
const LISTS: &[(&str, Option<Role>)] = &[
    ("users", None),
    ("agents", Some(Role::Agent)),
    ("admins", Some(Role::Agent)),
    ("teammates", Some(Role::Agent)),
    ("contacts", Some(Role::Customer)),
    ("requesters", Some(Role::Customer)),
];

impl People {
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.by_id.get(id)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    fn extend(&mut self, other: People) {
        for (id, person) in other.by_id {
            self.by_id.entry(id).or_insert(person);
        }
    }

    /// The people listed anywhere in a document: under `users`, `agents`,
    /// `contacts`… keys (also inside `_embedded`), or a top-level array of
    /// Freshdesk agents.
    pub fn from_document(value: &Value) -> People {
        let mut people = People::default();
        people.collect(value, None, 0);
        if people.is_empty() {
            people.single(value);
        }
        people
    }

    /// A document that is one person: a user, contact or agent record,
    /// bare or wrapped (`{"user": {…}}`, a recorded response's `body`).
    fn single(&mut self, value: &Value) {
        let Some(mut record) = value.as_object() else {
            return;
        };
        if let Some(body) = object(record, "body") {
            record = body;
        }
        let candidates = std::iter::once(record).chain(
            ["user", "agent", "contact", "admin"]
                .iter()
                .filter_map(|key| object(record, key)),
        );
        for candidate in candidates {
            let looks_like_person = (candidate.contains_key("email")
                || candidate.contains_key("contact"))
                && ["name", "role", "contact", "first_name", "firstName"]
                    .iter()
                    .any(|k| candidate.contains_key(*k))
                && !candidate.contains_key("subject");
            if looks_like_person && let Some((key, person)) = person(candidate, None) {
                self.by_id.insert(key, person);
                return;
            }
        }
    }

    fn collect(&mut self, value: &Value, implied: Option<Role>, depth: usize) {
        // People lists sit near the top of a page; conversations deeper
        // down are not searched for them.
        if depth > 4 {
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    if let Some(person_object) = item.as_object() {
                        let is_person = implied.is_some()
                            || person_object.contains_key("contact")
                            || (person_object.contains_key("email")
                                && (person_object.contains_key("role")
                                    || person_object.contains_key("name"))
                                && !person_object.contains_key("subject"));
                        if is_person && let Some((key, person)) = person(person_object, implied) {
                            self.by_id.insert(key, person);
                        }
                    }
                }
            }
            Value::Object(map) => {
                for (key, inner) in map {
                    let listed = LISTS.iter().find(|(name, _)| name == key);
                    match (listed, inner) {
                        (Some((_, role)), Value::Array(_)) => {
                            self.collect(inner, Some(role.unwrap_or(Role::System)), depth + 1)
                        }
                        (_, Value::Object(_))
                            if matches!(key.as_str(), "_embedded" | "body" | "data") =>
                        {
                            self.collect(inner, None, depth + 1)
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// One person; `implied` is the list's meaning (System stands for "a
/// `users` list, which says nothing by itself").
fn person(object_: &Object, implied: Option<Role>) -> Option<(String, Person)> {
    let key = id(object_, "id")?;
    let contact = object(object_, "contact");
    let source = contact.unwrap_or(object_);
    let name = text(source, "name").map(str::to_string).or_else(|| {
        let first = text(source, "first").or_else(|| text(source, "firstName"));
        let last = text(source, "last").or_else(|| text(source, "lastName"));
        let joined = [first, last]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        (!joined.is_empty()).then_some(joined)
    });
    let role = text(object_, "role")
        .and_then(Role::parse)
        .or_else(|| contact.map(|_| Role::Agent))
        .or_else(|| match text(object_, "type") {
            Some("user") | Some("admin") | Some("team") => Some(Role::Agent),
            _ => None,
        })
        .or(implied.filter(|r| *r != Role::System));
    Some((
        key,
        Person {
            name,
            email: text(source, "email").map(str::to_lowercase),
            role,
        },
    ))
}

/// Largest people file read ahead of the audit.
const MAX_PEOPLE_FILE: u64 = 64 * 1024 * 1024;

/// Reads the user and agent lists among the inputs, before the audit, so a
/// ticket in one file can name an author listed in another (Zendesk's full
/// export keeps users apart; Freshdesk names agents only in its agent list).
/// Only files whose start looks like a people list are parsed.
pub fn collect_people(inputs: &[crate::ingest::Input]) -> People {
    let mut people = People::default();
    for input in inputs {
        let Some(path) = &input.path else { continue };
        let is_json = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        // A pipe is not looked into: what this read took, the audit would
        // not see.
        let small =
            std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= MAX_PEOPLE_FILE);
        if !is_json || !small {
            continue;
        }
        let Ok(file) = std::fs::File::open(path) else {
            continue;
        };
        let mut head = Vec::new();
        if file.take(8 * 1024).read_to_end(&mut head).is_err() || !looks_like_people(&head) {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        super::unwrap_recorded_bodies(&mut value);
        people.extend(People::from_document(&value));
    }
    people
}

/// A people list names people and holds none of the conversation keys.
fn looks_like_people(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let conversation_keys = [
        "\"audits\"",
        "\"tickets\"",
        "\"conversation_parts\"",
        "\"threads\"",
        "\"history\"",
        "\"description_text\"",
        "\"conversations\"",
        "\"comments\"",
        "\"messages\"",
    ];
    let people_keys = [
        "\"users\"",
        "\"agents\"",
        "\"contacts\"",
        "\"admins\"",
        "\"contact\"",
        "\"role\"",
    ];
    !conversation_keys.iter().any(|k| text.contains(k))
        && people_keys.iter().any(|k| text.contains(k))
}
