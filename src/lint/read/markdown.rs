//! Plain-text and Markdown libraries. A `.txt` file is one response. A
//! Markdown file holds one response per heading (`## Refund issued`); when
//! it has second-level headings, first-level ones are the document's title
//! and the text under them a description, not a response. Comment lines
//! (`[//]: # (…)`, `<!-- … -->`) are left out of the text.

use super::{Response, Suppression, parse_suppression};
use crate::lint::source::Mapped;

/// The file as one response.
pub fn whole(text: &str, stem: &str) -> Response {
    let mut body = Mapped::default();
    body.push_verbatim(0, text);
    Response {
        title: stem.to_string(),
        body,
        suppressions: Vec::new(),
    }
}

fn heading_level(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.starts_with(' ') || rest.is_empty()))
        .then(|| (level, rest.trim()))
}

fn is_fence(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("```") || trimmed.starts_with("~~~")
}

fn is_comment_line(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with("[//]: #") || (trimmed.starts_with("<!--") && trimmed.ends_with("-->"))
}

/// Lines with their byte offsets.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let at = *offset;
        *offset += line.len();
        Some((at, line))
    })
}

pub fn responses(text: &str, stem: &str) -> Vec<Response> {
    let mut fenced = false;
    let headings: Vec<usize> = lines(text)
        .filter_map(|(_, line)| {
            if is_fence(line) {
                fenced = !fenced;
            }
            if fenced {
                None
            } else {
                heading_level(line.trim_end()).map(|(level, _)| level)
            }
        })
        .collect();
    if headings.is_empty() {
        return vec![whole(text, stem)];
    }
    let titles_only_at_one = headings.iter().any(|&level| level >= 2);
    let mut responses = Vec::new();
    let mut current: Option<(String, Mapped, bool)> = None;
    let finish = |current: Option<(String, Mapped, bool)>, responses: &mut Vec<Response>| {
        if let Some((title, body, is_response)) = current
            && is_response
            && !body.text.trim().is_empty()
        {
            responses.push(Response {
                title,
                body,
                suppressions: Vec::new(),
            });
        }
    };
    let mut in_fence = false;
    let mut in_comment = false;
    for (offset, line) in lines(text) {
        // Inside a fenced code block a `#` line is code, not a heading.
        if is_fence(line) {
            in_fence = !in_fence;
        }
        // A comment spanning lines is not response text.
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.trim_start().starts_with("<!--") && !line.contains("-->") {
            in_comment = true;
            continue;
        }
        let heading = if in_fence {
            None
        } else {
            heading_level(line.trim_end())
        };
        if let Some((level, title)) = heading {
            finish(current.take(), &mut responses);
            let is_response = !(titles_only_at_one && level == 1);
            current = Some((title.to_string(), Mapped::default(), is_response));
            continue;
        }
        if is_comment_line(line) {
            continue;
        }
        if let Some((_, body, _)) = &mut current {
            body.push_verbatim(offset, line);
        }
    }
    finish(current, &mut responses);
    responses
}

/// Suppressions in HTML comments (`<!-- tact: ignore[…] reason -->`, also
/// in Markdown) and Markdown comment lines (`[//]: # (tact: ignore[…] reason)`),
/// each covering the next non-blank line.
pub fn suppressions(text: &str) -> Vec<Suppression> {
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(start) = text[search..].find("<!--").map(|i| search + i) {
        let Some(end) = text[start + 4..].find("-->").map(|i| start + 4 + i + 3) else {
            break;
        };
        if let Some(suppression) = parse_suppression(&text[start + 4..end - 3], start + 4) {
            found.push((suppression, end));
        }
        search = end;
    }
    for (offset, line) in lines(text) {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("[//]: #") {
            let inner_offset = offset + (line.len() - rest.len());
            let inner = rest
                .trim_end()
                .trim_start_matches([' ', '('])
                .trim_end_matches(')');
            let skipped = rest.len() - rest.trim_start_matches([' ', '(']).len();
            if let Some(suppression) = parse_suppression(inner, inner_offset + skipped) {
                found.push((suppression, offset + line.len()));
            }
        }
    }
    let lines = crate::lint::source::LineIndex::new(text);
    // For each line, the first line from it on that has text: one backward
    // pass, so a file of stacked comments stays linear.
    let all: Vec<&str> = text.split('\n').collect();
    let mut next_content = vec![None; all.len() + 1];
    for (index, line) in all.iter().enumerate().rev() {
        next_content[index] = if !is_blank_or_markup(line) && !is_comment_line(line) {
            Some(index + 1)
        } else {
            next_content[index + 1]
        };
    }
    found
        .into_iter()
        .map(|(mut suppression, after)| {
            suppression.line = next_content_line(text, &lines, &next_content, after);
            suppression
        })
        .collect()
}

/// The line a comment ending at `offset` covers: the rest of its own line
/// when text follows it there, else the next line with text on it (lines
/// of markup alone, like a `<p>` on its own line, and comment lines are
/// passed over).
fn next_content_line(
    text: &str,
    lines: &crate::lint::source::LineIndex,
    next_content: &[Option<usize>],
    offset: usize,
) -> Option<usize> {
    let offset = offset.min(text.len());
    let (line_number, _) = lines.position(text, offset);
    let rest = &text[offset..];
    let same_line = rest.split('\n').next().unwrap_or("");
    if !is_blank_or_markup(same_line) {
        return Some(line_number);
    }
    // Lines are numbered from 1; the next line's index is this number.
    next_content.get(line_number).copied().flatten()
}

/// A line with no text a reader sees: blank, or tags only.
fn is_blank_or_markup(line: &str) -> bool {
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag && !c.is_whitespace() => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_under_headings_skip_the_title() {
        let text = "# Billing\n\nAbout these.\n\n## Refund\n\nHi there,\nDone.\n\n## Fee\n\n[//]: # (tact: ignore[a/b] ok)\nNo.\n";
        let found = responses(text, "billing");
        let titles: Vec<&str> = found.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, vec!["Refund", "Fee"]);
        assert_eq!(found[1].body.text.trim(), "No.");
        let at = found[1].body.text.find("No.").unwrap();
        assert_eq!(&text[found[1].body.raw_offset(at)..][..3], "No.");
    }

    #[test]
    fn code_fences_and_multi_line_comments() {
        let text = "## Install\n\n```sh\n# install\nrun it\n```\nThat's our policy.\n<!--\nCalm down, a note to editors.\n-->\nBye.\n";
        let found = responses(text, "x");
        assert_eq!(found.len(), 1);
        assert!(found[0].body.text.contains("That's our policy."));
        assert!(!found[0].body.text.contains("Calm down"));
        assert!(found[0].body.text.contains("Bye."));
    }

    #[test]
    fn suppressions_cover_the_next_line() {
        let text = "a\n[//]: # (tact: ignore[x/y] because)\n\nbad line\n<!-- tact: ignore[z/w] -->\nother\n";
        let found = suppressions(text);
        assert_eq!(found.len(), 2);
        let md = found.iter().find(|s| s.rules == ["x/y"]).unwrap();
        assert_eq!(md.line, Some(4));
        assert_eq!(md.reason.as_deref(), Some("because"));
        assert_eq!(&text[md.offset..md.offset + 5], "tact:");
        let html = found.iter().find(|s| s.rules == ["z/w"]).unwrap();
        assert_eq!(html.line, Some(6));
        assert_eq!(html.reason, None);
    }
}
