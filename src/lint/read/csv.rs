//! CSV libraries: a header naming the body column (`body`, `text`,
//! `content`, `message` or `response`) and optionally the title (`title`,
//! `name`, `subject`), then one response per record. Fields are read with
//! RFC 4180 quoting by hand, so each character of a body knows its place
//! in the file even across `""` escapes and line breaks.

use super::Response;
use crate::lint::source::Mapped;

/// One field: its text mapped to the file.
struct Field {
    text: Mapped,
}

/// Splits the whole file into records of fields, with the 1-based line
/// each record starts on.
fn records(text: &str) -> Vec<(usize, Vec<Field>)> {
    let mut records = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    let mut field = Mapped::default();
    let mut line = 1;
    let mut record_line = 1;
    let mut at = 0;
    let bytes = text.as_bytes();
    let mut at_field_start = true;
    let mut quoted = false;
    while at < bytes.len() {
        let c = bytes[at];
        if quoted {
            if c == b'"' {
                if bytes.get(at + 1) == Some(&b'"') {
                    field.push_decoded(at, "\"");
                    at += 2;
                    continue;
                }
                quoted = false;
                at += 1;
                continue;
            }
            let len = text[at..].chars().next().map_or(1, char::len_utf8);
            if c == b'\n' {
                line += 1;
            }
            field.push_verbatim(at, &text[at..at + len]);
            at += len;
            continue;
        }
        match c {
            b'"' if at_field_start => {
                quoted = true;
                at_field_start = false;
                at += 1;
            }
            b',' => {
                fields.push(Field {
                    text: std::mem::take(&mut field),
                });
                at_field_start = true;
                at += 1;
            }
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 1,
            b'\n' => {
                fields.push(Field {
                    text: std::mem::take(&mut field),
                });
                records.push((record_line, std::mem::take(&mut fields)));
                line += 1;
                record_line = line;
                at_field_start = true;
                at += 1;
            }
            _ => {
                let len = text[at..].chars().next().map_or(1, char::len_utf8);
                field.push_verbatim(at, &text[at..at + len]);
                at_field_start = false;
                at += len;
            }
        }
    }
    if !field.text.is_empty() || !fields.is_empty() {
        fields.push(Field { text: field });
        records.push((record_line, fields));
    }
    records.retain(|(_, fields)| fields.iter().any(|f| !f.text.text.trim().is_empty()));
    records
}

pub fn responses(text: &str) -> Result<Vec<Response>, String> {
    let mut all = records(text).into_iter();
    let Some((_, header)) = all.next() else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = header
        .iter()
        .map(|f| {
            f.text
                .text
                .trim()
                .trim_start_matches('\u{feff}')
                .to_lowercase()
        })
        .collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let Some(body_column) = find(&[
        "body",
        "text",
        "content",
        "message",
        "response",
        "comment_value",
    ]) else {
        return Err(format!(
            "1: no body column in the header (found {}; expected a header like title,body)",
            names.join(",")
        ));
    };
    let title_column = find(&["title", "name", "subject"]);
    let mut responses = Vec::new();
    for (line, fields) in all {
        let mut title = None;
        let mut body = None;
        for (index, field) in fields.into_iter().enumerate() {
            if index == body_column {
                body = Some(field.text);
            } else if Some(index) == title_column {
                title = Some(field.text.text.trim().to_string()).filter(|t| !t.is_empty());
            }
        }
        let Some(body) = body else { continue };
        responses.push(Response {
            title: title.unwrap_or_else(|| format!("line {line}")),
            body,
            suppressions: Vec::new(),
        });
    }
    Ok(responses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_bodies_map_back_through_escapes_and_line_breaks() {
        let text =
            "title,body\r\nRefund,\"Hi there,\nWe said \"\"no\"\" but calm down.\"\r\nEmpty,\r\n";
        let found = responses(text).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].title, "Refund");
        let body = &found[0].body;
        assert_eq!(body.text, "Hi there,\nWe said \"no\" but calm down.");
        let at = body.text.find("calm").unwrap();
        assert_eq!(&text[body.raw_offset(at)..][..4], "calm");
        assert!(
            responses("name,notes\nx,y\n")
                .unwrap_err()
                .contains("no body column")
        );
    }
}
