//! `junit`: JUnit XML for CI test tabs. One `<testsuite>` per file, one
//! `<testcase>` per response (passing when clean), and one `<failure>` per
//! failing response whose message counts its findings and whose text
//! lists them as `line:col rule message`. Findings outside any response
//! (a stray suppression) form a test case named after the file.

use super::LintReport;
use crate::lint::LintFinding;
use std::io::{self, Write};

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let run = report.run;
    let mut suites = Vec::new();
    for (path, titles) in &run.files {
        let findings: Vec<&LintFinding> = run.findings.iter().filter(|f| &f.path == path).collect();
        // One case per response; responses that share a title are told
        // apart by a number, and their findings go to the first of them
        // (a finding knows its response only by title).
        let mut cases: Vec<(String, Vec<&LintFinding>)> = Vec::new();
        for title in titles {
            let twins = cases
                .iter()
                .filter(|(t, _)| t == title || t.starts_with(&format!("{title} (")))
                .count();
            let name = if twins == 0 {
                title.clone()
            } else {
                format!("{title} ({})", twins + 1)
            };
            cases.push((name, Vec::new()));
        }
        // Only findings at or above --fail-on fail a case.
        for finding in findings
            .iter()
            .filter(|f| report.fail_on.is_some_and(|t| f.severity >= t))
        {
            let name = if finding.response.is_empty() {
                path.clone()
            } else {
                finding.response.clone()
            };
            match cases.iter_mut().find(|(t, _)| *t == name) {
                Some((_, list)) => list.push(finding),
                None => cases.push((name, vec![finding])),
            }
        }
        suites.push((path, cases));
    }
    // Files that could not be read are errors of a suite of their own.
    let unreadable: Vec<&String> = run
        .problems
        .iter()
        .filter(|p| !p.contains(": warning: "))
        .collect();
    let tests: usize = suites.iter().map(|(_, c)| c.len()).sum::<usize>() + unreadable.len();
    let failures: usize = suites
        .iter()
        .map(|(_, c)| c.iter().filter(|(_, f)| !f.is_empty()).count())
        .sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="tact lint" tests="{tests}" failures="{failures}" errors="{}">"#,
        unreadable.len()
    )?;
    if !unreadable.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="unreadable files" tests="{0}" failures="0" errors="{0}" skipped="0">"#,
            unreadable.len()
        )?;
        for problem in &unreadable {
            let file = problem.split(':').next().unwrap_or(problem);
            writeln!(
                out,
                r#"    <testcase classname="{}" name="read"><error message="{}"/></testcase>"#,
                escape(file),
                escape(problem)
            )?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    for (path, cases) in suites {
        let failing = cases.iter().filter(|(_, f)| !f.is_empty()).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{failing}" errors="0" skipped="0">"#,
            escape(path),
            cases.len()
        )?;
        for (name, findings) in cases {
            write!(
                out,
                r#"    <testcase classname="{}" name="{}""#,
                escape(path),
                escape(&name)
            )?;
            if findings.is_empty() {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
            let text: Vec<String> = findings
                .iter()
                .map(|f| format!("{}:{}:{} {} {}", f.path, f.line, f.col, f.rule, f.message))
                .collect();
            writeln!(
                out,
                r#"      <failure message="{} problem(s): {}" type="{}">{}</failure>"#,
                findings.len(),
                escape(&rules.join(", ")),
                escape(findings[0].rule.as_str()),
                escape(&text.join("\n"))
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
