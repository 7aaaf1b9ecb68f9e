//! JSON exports of canned responses: Zendesk macros (`actions[]` whose
//! `field` is `comment_value` or `comment_value_html`), Intercom macros
//! (`body_text`, else the HTML `body`), Help Scout saved replies (`text`,
//! and `chatText` as a response of its own), Front message templates
//! (`body`), and any list of objects with a title and a body. Positions are
//! exact: the file is scanned for its string literals, which are matched to
//! the parsed values in document order, and each string's escapes are
//! mapped. A `tact_ignore` key on a response suppresses rules for all of it.

use super::{Response, Suppression, parse_suppression};
use crate::lint::source::Mapped;
use serde_json::Value;
use std::collections::HashMap;

/// Every string literal of the file, in order, decoded and mapped.
fn string_literals(text: &str) -> Vec<Mapped> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'"' {
            at += 1;
            continue;
        }
        let mut mapped = Mapped::default();
        let mut cursor = at + 1;
        let mut run_start = cursor;
        while cursor < bytes.len() && bytes[cursor] != b'"' {
            if bytes[cursor] != b'\\' {
                cursor += 1;
                continue;
            }
            mapped.push_verbatim(run_start, &text[run_start..cursor]);
            let (decoded, used) = escape(&text[cursor..]);
            mapped.push_decoded(cursor, &decoded);
            cursor += used;
            run_start = cursor;
        }
        let end = cursor.min(bytes.len());
        mapped.push_verbatim(run_start, &text[run_start..end]);
        found.push(mapped);
        at = end + 1;
    }
    found
}

/// Decodes one escape at the start of `text` (which starts with `\`).
fn escape(text: &str) -> (String, usize) {
    let bytes = text.as_bytes();
    let Some(&kind) = bytes.get(1) else {
        return (String::new(), 1);
    };
    let simple = match kind {
        b'n' => Some('\n'),
        b't' => Some('\t'),
        b'r' => Some('\r'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'/' => Some('/'),
        b'\\' => Some('\\'),
        b'"' => Some('"'),
        _ => None,
    };
    if let Some(c) = simple {
        return (c.to_string(), 2);
    }
    let hex = |s: &str| s.get(2..6).and_then(|h| u32::from_str_radix(h, 16).ok());
    match (kind, hex(text)) {
        (b'u', Some(high)) if (0xD800..0xDC00).contains(&high) => {
            let low = text.get(6..).filter(|r| r.starts_with("\\u")).and_then(hex);
            match low {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    (
                        char::from_u32(code).map(String::from).unwrap_or_default(),
                        12,
                    )
                }
                _ => ('\u{fffd}'.to_string(), 6),
            }
        }
        (b'u', Some(code)) => (char::from_u32(code).unwrap_or('\u{fffd}').to_string(), 6),
        _ => (String::new(), 2),
    }
}

/// Matches each string of the parsed tree to its literal: keys and values
/// come in document order, as the scan met them. A duplicate key (whose
/// first value the parser dropped) is stepped over by matching on the text.
fn index_strings(
    value: &Value,
    literals: &[Mapped],
    cursor: &mut usize,
    index: &mut HashMap<*const Value, usize>,
) {
    // How far ahead a literal is looked for before the match is given up.
    const LOOKAHEAD: usize = 64;
    let take = |text: &str, cursor: &mut usize| -> Option<usize> {
        let found = (*cursor..literals.len().min(*cursor + LOOKAHEAD))
            .find(|&i| literals[i].text == text)?;
        *cursor = found + 1;
        Some(found)
    };
    match value {
        Value::String(text) => {
            if let Some(found) = take(text, cursor) {
                index.insert(value as *const Value, found);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| index_strings(v, literals, cursor, index)),
        Value::Object(map) => {
            for (key, v) in map {
                take(key, cursor);
                index_strings(v, literals, cursor, index);
            }
        }
        _ => {}
    }
}

/// The file's string literals, and which one each parsed string is.
struct Source {
    literals: Vec<Mapped>,
    index: HashMap<*const Value, usize>,
}

impl Source {
    /// A string's text mapped into the file; a string whose literal was not
    /// found is placed at the start of the file rather than guessed.
    fn mapped(&self, value: &Value) -> Option<Mapped> {
        let text = value.as_str()?;
        let literal = self
            .index
            .get(&(value as *const Value))
            .and_then(|&i| self.literals.get(i))
            .filter(|m| m.text == text);
        Some(match literal {
            Some(m) => m.clone(),
            None => {
                let mut m = Mapped::default();
                m.push_decoded(0, text);
                m
            }
        })
    }
}

/// The body as response text: HTML rendered, mapped through the string.
fn body_text(source: &Source, value: &Value, html: bool) -> Option<Mapped> {
    let string = source.mapped(value)?;
    let looks_like_html = html || crate::normalize::html::looks_like_markup(&string.text);
    if !looks_like_html {
        return Some(string);
    }
    let (rendered, _) = super::html::render(&string.text, 0, string.text.len());
    Some(string.through(&rendered))
}

pub fn responses(text: &str) -> Result<Vec<Response>, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("{}:{}: not valid JSON: {e}", e.line(), e.column()))?;
    let literals = string_literals(text);
    let mut index = HashMap::new();
    index_strings(&value, &literals, &mut 0, &mut index);
    let source = Source { literals, index };
    let mut responses = Vec::new();
    collect(&value, &source, &mut responses);
    if responses.is_empty() {
        return Err(
            "1: warning: no canned responses found, skipped (expected Zendesk macros, Intercom macros, Help Scout saved replies, Front message templates, or objects with a title and a body)"
                .into(),
        );
    }
    Ok(responses)
}

const TITLES: &[&str] = &["title", "name", "subject"];
const BODIES: &[(&str, bool)] = &[
    ("body_text", false),
    ("text", false),
    ("body", false),
    ("body_html", true),
    ("html", true),
    ("content", false),
    ("message", false),
];

fn title_of(object: &serde_json::Map<String, Value>) -> Option<String> {
    TITLES
        .iter()
        .find_map(|k| object.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

fn suppressions_of(object: &serde_json::Map<String, Value>, source: &Source) -> Vec<Suppression> {
    let Some(value) = object.get("tact_ignore") else {
        return Vec::new();
    };
    let values: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    values
        .into_iter()
        .filter_map(|v| {
            // {"rule": "policy/x", "reason": "approved"} (or "rules": [...]).
            if let Value::Object(entry) = v {
                let rule_value = entry.get("rule").or_else(|| entry.get("rules"))?;
                let offset = source.mapped(rule_value).map_or(0, |m| m.raw_offset(0));
                let rules: Vec<String> = match rule_value {
                    Value::Array(items) => items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    Value::String(rule) => rule.split(',').map(|r| r.trim().to_string()).collect(),
                    _ => return None,
                };
                let reason = entry
                    .get("reason")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|r| !r.is_empty());
                return Some(Suppression {
                    rules,
                    reason: reason.map(str::to_string),
                    offset,
                    line: None,
                });
            }
            let mapped = source.mapped(v)?;
            let offset = mapped.raw_offset(0);
            let text = mapped.text.trim();
            if text.contains("ignore[") {
                return parse_suppression(text, offset);
            }
            // "rule-id: reason", "rule-a, rule-b: reason" or "rule-id reason".
            let (rules, reason) = match text.split_once(':') {
                Some((rules, reason)) => (rules, reason.trim()),
                None => text
                    .split_once(char::is_whitespace)
                    .map_or((text, ""), |(r, rest)| (r, rest.trim())),
            };
            Some(Suppression {
                rules: rules
                    .split(',')
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty())
                    .collect(),
                reason: (!reason.is_empty()).then(|| reason.to_string()),
                offset,
                line: None,
            })
        })
        .collect()
}

fn collect(value: &Value, source: &Source, out: &mut Vec<Response>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect(v, source, out)),
        Value::Object(object) => {
            let suppressions = suppressions_of(object, source);
            let title = title_of(object).unwrap_or_else(|| "response".into());
            // Zendesk macro: the comment actions are the response.
            if let Some(actions) = object.get("actions").and_then(Value::as_array) {
                let mut found = false;
                for action in actions.iter().filter_map(Value::as_object) {
                    let field = action.get("field").and_then(Value::as_str);
                    let html = match field {
                        Some("comment_value_html") => true,
                        Some("comment_value") => false,
                        _ => continue,
                    };
                    // `value` is the text, or ["channel:all", "text"].
                    let text_value = match action.get("value") {
                        Some(Value::Array(parts)) => parts.last(),
                        other => other,
                    };
                    if let Some(body) = text_value.and_then(|v| body_text(source, v, html)) {
                        found = true;
                        out.push(Response {
                            title: title.clone(),
                            body,
                            suppressions: suppressions.clone(),
                        });
                    }
                }
                if found {
                    return;
                }
            }
            let has_title = TITLES
                .iter()
                .any(|k| object.get(*k).is_some_and(Value::is_string));
            let body = BODIES.iter().find_map(|(key, html)| {
                object
                    .get(*key)
                    .filter(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()))
                    .map(|v| (v, *html))
            });
            if has_title && let Some((body_value, html)) = body {
                if let Some(body) = body_text(source, body_value, html) {
                    out.push(Response {
                        title: title.clone(),
                        body,
                        suppressions: suppressions.clone(),
                    });
                }
                // Help Scout keeps a chat version beside the email one.
                if let Some(chat) = object
                    .get("chatText")
                    .and_then(|v| body_text(source, v, false))
                    && !chat.text.trim().is_empty()
                {
                    out.push(Response {
                        title: format!("{title} (chat)"),
                        body: chat,
                        suppressions,
                    });
                }
                return;
            }
            object.values().for_each(|v| collect(v, source, out));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zendesk_macros_map_into_the_file_through_escapes_and_html() {
        let text = r#"{"macros":[{"title":"Refund","tact_ignore":"policy/x: approved","actions":[
  {"field":"status","value":"solved"},
  {"field":"comment_value_html","value":"<p>Hi \"you\" &amp; that\u2019s our policy.</p>"}]}]}"#;
        let found = responses(text).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].title, "Refund");
        let body = &found[0].body;
        assert_eq!(body.text, "Hi \"you\" & that’s our policy.");
        let at = body.text.find("our policy").unwrap();
        assert_eq!(&text[body.raw_offset(at)..][..10], "our policy");
        let quote = body.text.find('’').unwrap();
        assert_eq!(&text[body.raw_offset(quote)..][..6], "\\u2019");
        assert_eq!(found[0].suppressions[0].rules, vec!["policy/x"]);
        assert_eq!(found[0].suppressions[0].reason.as_deref(), Some("approved"));
    }

    #[test]
    fn a_duplicate_key_does_not_move_the_other_positions() {
        let text =
            "{\"macros\":[{\"title\":\"x\",\"title\":\"Refund\",\n\"body\":\"Calm down please\"}]}";
        let found = responses(text).unwrap();
        let body = &found[0].body;
        assert_eq!(&text[body.raw_offset(0)..][..9], "Calm down");
    }

    #[test]
    fn other_shapes_and_non_macro_json() {
        let helpscout = r#"[{"id":1,"name":"Hello","text":"<p>Hi</p>","chatText":"Hi chat"}]"#;
        assert_eq!(responses(helpscout).unwrap().len(), 2);
        let front = r#"{"_results":[{"id":"rsp_1","name":"Thanks","body":"<div>Thanks!</div>"}]}"#;
        assert_eq!(responses(front).unwrap()[0].body.text, "Thanks!");
        assert!(
            responses(r#"{"users":[{"id":1}]}"#)
                .unwrap_err()
                .contains("no canned responses")
        );
        assert!(
            responses("{oops")
                .unwrap_err()
                .starts_with("1:2: not valid JSON")
        );
    }
}
