//! The audit judges conversations in chunks, each stage over the whole
//! chunk (`RuleSet::scan`, `RuleSet::judge_all`); nothing may leak from
//! one conversation of a chunk into another.

use tact::check::RuleSet;
use tact::eval::read_conversations;
use tact::ingest::{InputFormat, ReadOptions};
use tact::model::Conversation;
use tact::pack::load_packs;

#[test]
fn conversations_judged_together_get_what_they_get_alone() {
    let packs = load_packs(&[]).expect("default packs load");
    let rules = RuleSet::compile(packs.into_iter().flat_map(|p| p.rules).collect())
        .expect("default rules compile");
    let read = ReadOptions::new(InputFormat::Auto, jiff::tz::TimeZone::UTC);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = [
        "fixtures/sample-week",
        "fixtures/non-ascii",
        "fixtures/eval",
    ]
    .map(|p| root.join(p));
    let (mut problems, mut notes) = (Vec::new(), Vec::new());
    let conversations = read_conversations(&paths, &read, &mut problems, &mut notes);
    assert!(
        conversations.len() > 400,
        "{} conversations",
        conversations.len()
    );
    let alone: Vec<String> = conversations
        .iter()
        .map(|c| format!("{:?}", rules.judge(c)))
        .collect();
    assert!(
        alone
            .iter()
            .any(|a| a.contains("template_uses: [TemplateUse"))
    );
    for chunk_size in [2, 7, 32, conversations.len()] {
        for (at, chunk) in conversations.chunks(chunk_size).enumerate() {
            let chunk: Vec<&Conversation> = chunk.iter().collect();
            let together = rules.judge_all(&chunk, rules.scan(&chunk));
            assert_eq!(together.len(), chunk.len());
            for (offset, analysis) in together.iter().enumerate() {
                let index = at * chunk_size + offset;
                assert_eq!(
                    format!("{analysis:?}"),
                    alone[index],
                    "conversation {} in a chunk of {chunk_size}",
                    conversations[index].id
                );
            }
        }
    }
}
