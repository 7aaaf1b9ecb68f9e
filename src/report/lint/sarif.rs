//! `sarif`: SARIF 2.1.0 (the OASIS static-analysis format code-scanning
//! dashboards read). One run; the driver lists every rule that ran, with
//! its message as `shortDescription`, what it does as `fullDescription` and
//! why as `help`; each result has `ruleId`, `ruleIndex`, `level` (`note`
//! for info), `message.text`, a physical location (the path relative to
//! `%SRCROOT%`, 1-based line and character columns, end column exclusive)
//! and a `partialFingerprints` entry that survives edits above the line.

use super::LintReport;
use super::gitlab::finding_fingerprints;
use crate::model::Severity;
use serde_json::{Value, json};
use std::io::{self, Write};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// A path as a URI reference: forward slashes, spaces and other reserved
/// characters percent-encoded. Relative paths are resolved against
/// `%SRCROOT%`; absolute ones become `file://` URIs.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

pub fn write(report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = report
        .docs
        .iter()
        .map(|doc| {
            json!({
                "id": doc.id,
                "name": doc.id.replace(['/', '-'], "_"),
                "shortDescription": {"text": doc.message},
                "fullDescription": {"text": doc.what},
                "help": {"text": format!("{}\n\nWhy: {}", doc.what, doc.why)},
                "defaultConfiguration": {"level": level(doc.severity)},
            })
        })
        .collect();
    let fingerprints = finding_fingerprints(&report.run.findings);
    let results: Vec<Value> = report
        .run
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, finding_print)| {
            // A path with `..` (or an absolute one) is given as the file's
            // resolved absolute path: SARIF readers reject `..` segments.
            let path = std::path::Path::new(&f.path);
            let has_parent = path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
            let resolved = (path.is_absolute() || has_parent).then(|| {
                path.canonicalize()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| f.path.clone())
            });
            let artifact = if let Some(resolved) = resolved {
                json!({"uri": format!("file://{}", uri(&resolved))})
            } else {
                json!({"uri": uri(&f.path), "uriBaseId": "%SRCROOT%"})
            };
            let end_column = if f.end_line > f.line {
                f.end_col
            } else {
                f.end_col.max(f.col)
            };
            let index = report.docs.iter().position(|d| d.id == f.rule);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.col,
                            "endLine": f.end_line,
                            "endColumn": end_column,
                            "snippet": {"text": f.excerpt},
                        },
                    },
                }],
                "partialFingerprints": {"tactFinding/v1": finding_print},
            });
            if let Some(index) = index {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tact",
                "version": report.version,
                "semanticVersion": report.version,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": !report.run.problems.iter().any(|p| !p.contains(": warning: ")),
                "toolExecutionNotifications": report.run.problems.iter().map(|p| json!({
                    "level": if p.contains(": warning: ") { "warning" } else { "error" },
                    "message": {"text": p},
                })).collect::<Vec<_>>(),
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}
