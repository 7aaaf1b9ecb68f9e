//! Splits an mbox file into its messages: each starts with a `From ` line at
//! the top of the file or after a blank line, and `>From ` lines in bodies
//! lose one `>` (the mboxrd escape, which also reads mboxo files right).

/// One message of an mbox, with the line its `From ` line is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: u64,
    pub bytes: Vec<u8>,
}

pub fn split(bytes: &[u8]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut previous_blank = true;
    for (index, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let content = trim_newline(line);
        if previous_blank && is_from_line(content) {
            entries.extend(current.take());
            current = Some(Entry {
                line: index as u64 + 1,
                bytes: Vec::new(),
            });
            previous_blank = false;
            continue;
        }
        previous_blank = content.is_empty();
        if let Some(entry) = &mut current {
            let quoted_from = content
                .iter()
                .position(|&b| b != b'>')
                .is_some_and(|n| n > 0 && content[n..].starts_with(b"From "));
            entry
                .bytes
                .extend_from_slice(if quoted_from { &line[1..] } else { line });
        }
    }
    entries.extend(current);
    // The blank line that separates messages belongs to neither.
    for entry in &mut entries {
        while entry.bytes.ends_with(b"\n") {
            let cut = if entry.bytes.ends_with(b"\r\n") { 2 } else { 1 };
            entry.bytes.truncate(entry.bytes.len() - cut);
        }
        entry.bytes.push(b'\n');
    }
    entries
}

/// The separator line of an mbox: `From sender date`, where the date has a
/// time and a year (`From dana@acme.example Mon Nov 16 09:40:00 2026`). A
/// body paragraph starting "From what I can see…" is not one, which keeps
/// unescaped (mboxo) files whole.
pub fn is_from_line(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let text = String::from_utf8_lossy(rest);
    let mut words = text.split_whitespace();
    let sender = words.next().unwrap_or("");
    let date: Vec<&str> = words.collect();
    let has_time = date.iter().any(|w| {
        let parts: Vec<&str> = w.split(':').collect();
        parts.len() >= 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    });
    let has_year = date
        .iter()
        .any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
    !sender.is_empty() && has_time && has_year
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_from_lines_after_blank_lines_only() {
        let text = b"From a@x Mon Nov 16 09:40:00 2026\nSubject: one\n\nbody\nFrom here on, text\n>From escaped\n>>From twice\n\nFrom b@x Tue Nov 17 10:00:00 2026\r\nSubject: two\r\n\r\nbody two\r\n";
        let entries = split(text);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].line, 1);
        assert_eq!(
            String::from_utf8_lossy(&entries[0].bytes),
            "Subject: one\n\nbody\nFrom here on, text\nFrom escaped\n>From twice\n"
        );
        assert_eq!(entries[1].line, 9);
    }

    #[test]
    fn a_body_paragraph_starting_with_from_is_not_a_separator() {
        let text = b"From a@x Mon Nov 16 09:40:00 2026\nSubject: one\n\nHello.\n\nFrom what I can see it broke.\n";
        let entries = split(text);
        assert_eq!(entries.len(), 1);
        assert!(String::from_utf8_lossy(&entries[0].bytes).contains("From what I can see"));
        assert!(is_from_line(b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011"));
        assert!(!is_from_line(b"From the start, nothing worked in 2026"));
    }

    #[test]
    fn text_without_from_lines_has_no_messages() {
        assert!(split(b"Subject: x\n\nhello\n").is_empty());
        assert!(split(b"").is_empty());
    }
}
