//! HTML bodies (help-desk comments, email HTML parts) turned into the plain
//! text rules read: paragraphs become blank-line separated, entities are
//! decoded, tags, scripts and styles disappear.

const MAX_RENDERED_BYTES: usize = 1024 * 1024;
const MAX_RENDERED_TAGS: usize = 5_000;

/// Renders HTML as plain text. Text that holds no tag is returned as it is
/// (entities aside), so a field that is sometimes HTML and sometimes plain
/// reads the same either way.
pub fn html_to_text(html: &str) -> String {
    if !looks_like_markup(html) {
        return tidy(html);
    }
    // The HTML parser slows down on pathological nesting (tens of thousands
    // of open <div>s); past this many tags a plain tag strip is used, which
    // is linear and loses only the layout.
    if html.len() > MAX_RENDERED_BYTES
        || html.bytes().filter(|b| *b == b'<').count() > MAX_RENDERED_TAGS
    {
        return tidy(&strip_tags(html));
    }
    // A width no real line reaches: rules need sentences, not wrapped lines.
    let rendered = html2text::config::plain_no_decorate()
        .no_link_wrapping()
        .string_from_read(html.as_bytes(), 1_000_000);
    match rendered {
        Ok(text) => tidy(&text),
        // The renderer only fails on widths, which cannot happen here; a
        // crude tag strip still beats losing the message.
        Err(_) => tidy(&strip_tags(html)),
    }
}

/// Whether the text contains markup rather than a stray `<` in a sentence.
pub fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).any(|pair| {
        pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || pair[1] == b'/' || pair[1] == b'!')
    }) || has_entity(text)
}

/// An HTML entity such as `&gt;`, `&#39;` or `&#x2014;`.
fn has_entity(text: &str) -> bool {
    text.match_indices('&').any(|(at, _)| {
        let rest = &text[at + 1..];
        let name_len = rest
            .bytes()
            .take(10)
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
            .count();
        name_len > 0 && rest.as_bytes().get(name_len) == Some(&b';')
    })
}

/// Trailing spaces off each line, no leading or trailing blank lines, and
/// non-breaking spaces as plain spaces.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.replace('\u{a0}', " ").lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_matches('\n').to_string()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_entities_and_breaks() {
        assert_eq!(
            html_to_text(
                "<p>Hi &amp; welcome, orders &gt; $50 ship free.</p><p>Second &#39;one&#39; Zoë</p>"
            ),
            "Hi & welcome, orders > $50 ship free.\n\nSecond 'one' Zoë"
        );
        assert_eq!(
            html_to_text("Hello<br>World<div>Next</div>"),
            "Hello\nWorld\nNext"
        );
    }

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(
            html_to_text("orders > $50 and a < b"),
            "orders > $50 and a < b"
        );
        assert_eq!(html_to_text("  two\nlines  \n"), "  two\nlines");
    }

    #[test]
    fn scripts_styles_and_empty_markup_vanish() {
        assert_eq!(
            html_to_text("<style>p{color:red}</style><script>x()</script><p>Text</p>"),
            "Text"
        );
        assert_eq!(html_to_text("<p></p>"), "");
    }

    #[test]
    fn quoted_history_in_html_keeps_its_quote_marks() {
        // So the email quote stripper can see it.
        let text = html_to_text("<p>New</p><blockquote><p>Old text</p></blockquote>");
        assert!(text.starts_with("New"));
        assert!(text.contains("> Old text"), "{text:?}");
    }
}
