//! HTML libraries and HTML bodies: text with its way back to the file.
//! Each `<section>` or `<article>` is a response, titled by its first
//! heading; a document with neither is one response. Headings, scripts,
//! styles, the `<head>` and comments are not response text; block tags
//! become line breaks and runs of whitespace one space, as a browser shows
//! them.

use super::Response;
use crate::lint::source::Mapped;

/// Tags that start a new line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "header",
    "footer",
    "pre",
];

/// Elements whose content is not text a customer reads.
const HIDDEN: &[&str] = &["script", "style", "head", "title", "template"];

pub fn responses(text: &str, stem: &str) -> Vec<Response> {
    let sections = sections(text);
    if sections.is_empty() {
        let (body, title) = render(text, 0, text.len());
        return vec![Response {
            title: title.unwrap_or_else(|| stem.to_string()),
            body,
            suppressions: Vec::new(),
        }];
    }
    sections
        .into_iter()
        .enumerate()
        .map(|(index, (start, end))| {
            let (body, title) = render(text, start, end);
            Response {
                title: title.unwrap_or_else(|| format!("{stem} #{}", index + 1)),
                body,
                suppressions: Vec::new(),
            }
        })
        .filter(|r| !r.body.text.trim().is_empty())
        .collect()
}

/// The byte ranges of the top-level `<section>`/`<article>` elements, in
/// one pass over their opening and closing tags.
fn sections(text: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut tags: Vec<(usize, bool)> = Vec::new();
    for name in ["section", "article"] {
        let open = format!("<{name}");
        let close = format!("</{name}");
        let boundary = |at: usize, len: usize| {
            lower
                .as_bytes()
                .get(at + len)
                .is_none_or(|b| !b.is_ascii_alphanumeric())
        };
        tags.extend(
            lower
                .match_indices(&open)
                .filter(|(at, _)| boundary(*at, open.len()))
                .map(|(at, _)| (at, true)),
        );
        tags.extend(
            lower
                .match_indices(&close)
                .filter(|(at, _)| boundary(*at, close.len()))
                .map(|(at, _)| (at, false)),
        );
    }
    tags.sort_unstable();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, opening) in tags {
        if opening {
            if depth == 0 {
                start = at;
            }
            depth += 1;
        } else if depth > 0 {
            depth -= 1;
            if depth == 0 {
                let end = lower[at..].find('>').map_or(text.len(), |i| at + i + 1);
                found.push((start, end));
            }
        }
    }
    if depth > 0 {
        found.push((start, text.len()));
    }
    found
}

/// Renders `text[start..end]` as text, and the first heading found.
pub fn render(text: &str, start: usize, end: usize) -> (Mapped, Option<String>) {
    let mut out = Mapped::default();
    let mut heading: Option<String> = None;
    let mut in_heading: Option<String> = None;
    let mut hidden: Option<String> = None;
    let bytes = text.as_bytes();
    let mut at = start;
    let mut pending_space: Option<usize> = None;
    while at < end {
        if text[at..].starts_with("<!--") {
            at = text[at..end].find("-->").map_or(end, |i| at + i + 3);
            continue;
        }
        // A tag starts with `<` and a letter, `/` or `!`; a bare `<` is text
        // ("orders < $50").
        let is_tag = bytes[at] == b'<'
            && bytes
                .get(at + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!');
        if is_tag {
            let close = text[at..end].find('>').map_or(end, |i| at + i + 1);
            let tag_end = if text[..close].ends_with('>') {
                close - 1
            } else {
                close
            };
            let tag = &text[at + 1..tag_end.max(at + 1)];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(hidden_name) = &hidden {
                if closing && &name == hidden_name {
                    hidden = None;
                }
                at = close;
                continue;
            }
            if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with('/') {
                hidden = Some(name);
                at = close;
                continue;
            }
            let is_heading =
                name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit();
            if is_heading {
                if closing {
                    if let Some(title) = in_heading.take()
                        && heading.is_none()
                    {
                        heading = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                } else {
                    in_heading = Some(String::new());
                }
            }
            // Block tags break the line; inline ones (<b>, <a>) keep the space
            // that stood before them.
            if BLOCKS.contains(&name.as_str()) {
                if !out.text.is_empty() && !out.text.ends_with('\n') {
                    out.push_decoded(at, "\n");
                }
                pending_space = None;
            }
            at = close;
            continue;
        }
        if hidden.is_some() {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        // A run of text up to the next tag (a bare `<` is part of it).
        let first = text[at..].chars().next().map_or(1, char::len_utf8);
        let run_end = text[(at + first).min(end)..end]
            .match_indices('<')
            .map(|(i, _)| at + first + i)
            .find(|&i| {
                bytes
                    .get(i + 1)
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!')
            })
            .unwrap_or(end);
        let mut cursor = at;
        while cursor < run_end {
            let c = text[cursor..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if c.is_whitespace() {
                pending_space.get_or_insert(cursor);
                cursor += len;
                continue;
            }
            if let Some(space_at) = pending_space.take()
                && !out.text.is_empty()
                && !out.text.ends_with('\n')
                && in_heading.is_none()
            {
                out.push_decoded(space_at, " ");
            }
            let (decoded, raw_len) = if c == '&' {
                entity(&text[cursor..run_end])
            } else {
                (None, len)
            };
            match (&mut in_heading, decoded) {
                (Some(title), Some(d)) => title.push_str(&d),
                (Some(title), None) => title.push(c),
                (None, Some(d)) => out.push_decoded(cursor, &d),
                (None, None) => out.push_verbatim(cursor, &text[cursor..cursor + len]),
            }
            if let Some(title) = &mut in_heading
                && text[cursor + raw_len..run_end].starts_with(char::is_whitespace)
            {
                title.push(' ');
            }
            cursor += raw_len;
        }
        at = run_end;
    }
    out.trim_end();
    (out, heading)
}

/// Decodes an entity at the start of `text`: the text and the bytes used.
fn entity(text: &str) -> (Option<String>, usize) {
    let Some(semi) = text.bytes().take(12).position(|b| b == b';') else {
        return (None, 1);
    };
    let name = &text[1..semi];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "mdash" => Some('—'),
        "ndash" => Some('–'),
        "hellip" => Some('…'),
        "rsquo" => Some('’'),
        "lsquo" => Some('‘'),
        "ldquo" => Some('“'),
        "rdquo" => Some('”'),
        "euro" => Some('€'),
        "pound" => Some('£'),
        "copy" => Some('©'),
        "reg" => Some('®'),
        "trade" => Some('™'),
        _ => {
            let number = name
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                });
            number.and_then(char::from_u32)
        }
    };
    match decoded {
        Some(c) => (Some(c.to_string()), semi + 1),
        None => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_become_responses_with_mapped_text() {
        let text = "<html><head><title>T</title></head><body><h1>Lib</h1>\n<section id=a>\n  <h2>First  one</h2>\n  <p>Hi &amp; welcome,\n  friend.</p><p>Next</p>\n</section><section><p>Two</p></section></body></html>";
        let found = responses(text, "lib");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].title, "First one");
        assert_eq!(found[0].body.text.trim(), "Hi & welcome, friend.\nNext");
        let body = &found[0].body;
        let at = body.text.find("friend").unwrap();
        assert_eq!(&text[body.raw_offset(at)..][..6], "friend");
        let amp = body.text.find('&').unwrap();
        assert_eq!(&text[body.raw_offset(amp)..][..5], "&amp;");
        assert_eq!(found[1].title, "lib #2");
    }

    #[test]
    fn inline_tags_keep_their_spaces_and_a_bare_less_than_is_text() {
        let text = "<p>Sorry, that is <b>company</b> policy. Orders < $50 <a href=x>ship</a>.</p>";
        let (body, _) = render(text, 0, text.len());
        assert_eq!(
            body.text,
            "Sorry, that is company policy. Orders < $50 ship."
        );
    }

    #[test]
    fn a_fragment_is_one_response() {
        let (body, _) = render("<p>Hello&nbsp;there</p><p>Bye &#39;now&#39;</p>", 0, 47);
        assert_eq!(body.text, "Hello there\nBye 'now'");
    }
}
