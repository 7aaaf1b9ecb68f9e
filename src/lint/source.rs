//! Text cut out of a file, with the way back: every byte of a response's
//! text knows the byte of the original file it came from, so a finding in
//! the text is reported at the right line and column of the file, through
//! CSV quoting, JSON escapes and HTML entities alike.

/// A piece of text and where it came from in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Where the piece starts in the text.
    text: usize,
    /// Where it starts in the file.
    raw: usize,
    /// Whether the piece is a verbatim copy (each byte maps to its own
    /// file byte) or decoded from an escape (every byte maps to its start).
    verbatim: bool,
}

/// Text built from a file, piece by piece.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    segments: Vec<Segment>,
}

impl Mapped {
    /// Text copied as it stands in the file, starting at file byte `raw`.
    pub fn push_verbatim(&mut self, raw: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        // A run that continues the previous verbatim one extends it: one
        // segment per run, not per character.
        if let Some(last) = self.segments.last()
            && last.verbatim
            && last.raw + (self.text.len() - last.text) == raw
        {
            self.text.push_str(text);
            return;
        }
        self.segments.push(Segment {
            text: self.text.len(),
            raw,
            verbatim: true,
        });
        self.text.push_str(text);
    }

    /// Text decoded from the file bytes starting at `raw` (an escape, an
    /// entity, a line break standing for a tag).
    pub fn push_decoded(&mut self, raw: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        self.segments.push(Segment {
            text: self.text.len(),
            raw,
            verbatim: false,
        });
        self.text.push_str(text);
    }

    /// Drops trailing whitespace (the line breaks closing tags leave).
    pub fn trim_end(&mut self) {
        let len = self.text.trim_end().len();
        self.text.truncate(len);
        self.segments.retain(|s| s.text < len);
    }

    /// Moves every file offset `by` bytes on: for text scanned from a
    /// slice of the file.
    pub fn offset_by(&mut self, by: usize) {
        for segment in &mut self.segments {
            segment.raw += by;
        }
    }

    /// The file byte a text byte came from.
    pub fn raw_offset(&self, text_offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.text <= text_offset);
        let Some(segment) = index.checked_sub(1).map(|i| self.segments[i]) else {
            return self.segments.first().map_or(0, |s| s.raw);
        };
        if segment.verbatim {
            segment.raw + (text_offset - segment.text)
        } else {
            segment.raw
        }
    }

    /// The file byte just after the text ending at `text_end`: exact for a
    /// verbatim last character; for a decoded one (an escape, an entity)
    /// the start of what follows it, so the end never falls inside it.
    pub fn raw_end(&self, text_end: usize) -> usize {
        let Some(last) = self.text[..text_end.min(self.text.len())]
            .chars()
            .next_back()
        else {
            return self.raw_offset(0);
        };
        let start = text_end - last.len_utf8();
        let index = self.segments.partition_point(|s| s.text <= start);
        let verbatim = index
            .checked_sub(1)
            .is_some_and(|i| self.segments[i].verbatim);
        if verbatim {
            self.raw_offset(start) + last.len_utf8()
        } else if text_end < self.text.len() {
            self.raw_offset(text_end)
        } else {
            self.raw_offset(start) + 1
        }
    }

    /// Text built over this text, mapped through it to the file: for a
    /// body that is HTML inside a JSON string.
    pub fn through(&self, inner: &Mapped) -> Mapped {
        let mut out = Mapped {
            text: inner.text.clone(),
            segments: Vec::with_capacity(inner.text.len().min(1024)),
        };
        // Each inner segment may span outer escapes, so map it byte run by
        // byte run where the outer map is verbatim.
        for (i, segment) in inner.segments.iter().enumerate() {
            let end = inner
                .segments
                .get(i + 1)
                .map_or(inner.text.len(), |s| s.text);
            if !segment.verbatim {
                out.segments.push(Segment {
                    text: segment.text,
                    raw: self.raw_offset(segment.raw),
                    verbatim: false,
                });
                continue;
            }
            let mut at = segment.text;
            while at < end {
                let outer_at = segment.raw + (at - segment.text);
                let outer_index = self.segments.partition_point(|s| s.text <= outer_at);
                let outer = outer_index.checked_sub(1).map(|i| self.segments[i]);
                let outer_end = self
                    .segments
                    .get(outer_index)
                    .map_or(self.text.len(), |s| s.text);
                let run = (outer_end.saturating_sub(outer_at)).max(1).min(end - at);
                out.segments.push(Segment {
                    text: at,
                    raw: self.raw_offset(outer_at),
                    verbatim: outer.is_some_and(|o| o.verbatim),
                });
                at += run;
            }
        }
        out
    }
}

/// Line and column lookups in a file's text. Long lines (a minified JSON
/// export is one line) keep a checkpoint every few hundred bytes, so a
/// column is counted from the nearest one, not from the line's start.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset, 0-based column there), in byte order.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_BYTES: usize = 256;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut checkpoints = Vec::new();
        let mut column = 0;
        let mut last = 0;
        for (at, c) in text.char_indices() {
            if at - last >= CHECKPOINT_BYTES {
                checkpoints.push((at, column));
                last = at;
            }
            if c == '\n' {
                starts.push(at + 1);
                column = 0;
                last = at + 1;
            } else {
                column += 1;
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let index = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        let (from, base) = match index.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((at, column)) if at >= start => (at, column),
            _ => (start, 0),
        };
        (line, base + text[from..offset].chars().count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_escapes() {
        // The file: "a\"bc" as a JSON string starting at byte 10.
        let mut json = Mapped::default();
        json.push_verbatim(11, "a");
        json.push_decoded(12, "\"");
        json.push_verbatim(14, "bc");
        assert_eq!(json.text, "a\"bc");
        assert_eq!(json.raw_offset(0), 11);
        assert_eq!(json.raw_offset(1), 12);
        assert_eq!(json.raw_offset(3), 15);
    }

    #[test]
    fn html_inside_json_maps_to_the_file() {
        // JSON decoded text "<p>x&amp;yz</p>" whose bytes all copy the file
        // from byte 100, except nothing is escaped.
        let mut json = Mapped::default();
        json.push_verbatim(100, "<p>x&amp;yz</p>");
        let mut html = Mapped::default();
        html.push_verbatim(3, "x");
        html.push_decoded(4, "&");
        html.push_verbatim(9, "yz");
        let both = json.through(&html);
        assert_eq!(both.text, "x&yz");
        assert_eq!(both.raw_offset(0), 103);
        assert_eq!(both.raw_offset(1), 104);
        assert_eq!(both.raw_offset(3), 110);
    }

    #[test]
    fn lines_and_character_columns() {
        let text = "ab\ncé d\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 3), (2, 1));
        // "d" is after a two-byte é: column counts characters.
        assert_eq!(index.position(text, 7), (2, 4));
    }
}
