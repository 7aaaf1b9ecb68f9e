//! `tact convert PATH...`: any supported export as canonical JSON Lines on
//! stdout, so users can see what tact saw and feed other tools. Problems go
//! to stderr as `path:line: what is wrong`; a skipped record makes the exit
//! code 2 after everything readable was written.

use super::resolve::resolve_or_report;
use super::{CommonArgs, ConvertArgs, Outcome, to_stdout};
use crate::ingest::{self, Item, ProblemKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn run(common: &CommonArgs, args: ConvertArgs) -> anyhow::Result<Outcome> {
    let Some(resolved) = resolve_or_report(common) else {
        return Ok(Outcome::Error);
    };
    let mut read = resolved.read_options(args.input_format);
    let (inputs, missing) = ingest::discover(&args.paths, args.input_format);
    read.people = Arc::new(ingest::helpdesk::collect_people(&inputs));
    let mut problems = missing;
    let mut read_by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut converted = 0;
    to_stdout(|out| {
        for input in &inputs {
            let (format, reader) = ingest::open(input, &read);
            let mut count = 0;
            for item in reader {
                let conversation = match item {
                    Item::Conversation(conversation) => *conversation,
                    Item::JsonLine(line) => {
                        match ingest::jsonl::parse_line(line, &read.zone, &mut problems) {
                            Ok(conversation) => conversation,
                            Err(problem) => {
                                problems.push(problem);
                                continue;
                            }
                        }
                    }
                    Item::Problem(problem) => {
                        problems.push(problem);
                        continue;
                    }
                };
                serde_json::to_writer(&mut *out, &conversation)?;
                out.write_all(b"\n")?;
                count += 1;
            }
            if let Some(format) = format {
                let entry = read_by.entry(format.to_string()).or_default();
                entry.0 += 1;
                entry.1 += count;
            }
            converted += count;
        }
        Ok(())
    })?;
    for problem in &problems {
        eprintln!("{problem}");
    }
    if !common.quiet {
        let formats: Vec<String> = read_by
            .iter()
            .map(|(format, (files, conversations))| {
                format!("{format}: {conversations} from {files} input(s)")
            })
            .collect();
        eprintln!(
            "tact convert: {converted} conversations ({})",
            if formats.is_empty() {
                "nothing readable".to_string()
            } else {
                formats.join(", ")
            }
        );
    }
    let skipped = problems.iter().any(|p| p.kind == ProblemKind::Skipped);
    Ok(if skipped {
        Outcome::Error
    } else {
        Outcome::Clean
    })
}
