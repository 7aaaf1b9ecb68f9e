//! The `pattern` kind: regular expressions over normalised message text
//! (lower case, straight quotes). A named group `hit` marks the part to
//! quote, so a pattern can demand context it does not quote.

use regex::Regex;

/// A compiled pattern rule.
#[derive(Debug)]
pub struct PatternMatcher {
    regexes: Vec<Regex>,
}

impl PatternMatcher {
    pub fn compile(patterns: &[String]) -> Result<Self, String> {
        let regexes = patterns
            .iter()
            .map(|p| Regex::new(p).map_err(|e| format!("bad regex {p:?}: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(PatternMatcher { regexes })
    }

    /// Candidate spans in `text`, in order, for the caller's context checks.
    pub fn hits(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        for regex in &self.regexes {
            // Most messages match nothing: the plain match runs on the fast
            // automaton, and only a message that matches pays for the
            // capture groups.
            if !regex.is_match(text) {
                continue;
            }
            for caps in regex.captures_iter(text) {
                let span = caps.name("hit").or_else(|| caps.get(0));
                if let Some(span) = span
                    && span.end() > span.start()
                {
                    out.push((span.start(), span.end()));
                }
            }
        }
        out.sort_unstable();
    }
}
