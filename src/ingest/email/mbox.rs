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
        if previous_blank && content.starts_with(b"From ") {
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

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_from_lines_after_blank_lines_only() {
        let text = b"From a@x Mon\nSubject: one\n\nbody\nFrom here on, text\n>From escaped\n>>From twice\n\nFrom b@x Tue\r\nSubject: two\r\n\r\nbody two\r\n";
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
    fn text_without_from_lines_has_no_messages() {
        assert!(split(b"Subject: x\n\nhello\n").is_empty());
        assert!(split(b"").is_empty());
    }
}
