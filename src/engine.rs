//! The audit engine: reads every input, judges conversations in parallel,
//! and reduces everything into one [`Audit`], sorted so that the same input
//! gives the same bytes whatever the number of threads.

use crate::check::code::template_reply::{self, TemplateUse};
use crate::check::{RuleSet, counts_against_agent, newest};
use crate::config::ScoreWeights;
use crate::corpus::{self, Templates, UseRecord};
use crate::findings::Findings;
use crate::ingest::{self, Input, InputFormat, InputProblem, Item, ProblemKind, ReadOptions};
use crate::model::{Conversation, Finding, Origin, PromiseRecord, PromiseState, Role};
use crate::normalize::normalize;
use crate::normalize::redact::redact;
use crate::use_records::UseRecords;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// The rules whose findings after a reply count against it in the
/// templates report.
const CUSTOMER_REPEATS: &str = "listening/customer-repeats";
const UNANSWERED: &str = "responsiveness/unanswered";

/// How many worst conversations the summary lists.
pub const WORST_CONVERSATIONS: usize = 10;
/// How many examples per rule `agents.json` keeps for coaching.
pub const EXAMPLES_PER_RULE: usize = 3;
/// How many findings of each worst conversation the summary quotes.
pub const EVIDENCE_SHOWN: usize = 3;

/// Everything the engine needs besides the rules.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    pub read: ReadOptions,
    pub weights: ScoreWeights,
    pub redact: bool,
    /// Authors (names or addresses, lower case) that are bots.
    pub ignore_authors: Vec<String>,
    /// Only count this agent's findings and row, when set.
    pub agent: Option<String>,
    pub progress: bool,
    /// The run's "now" when given (`--as-of`, or found before the run for
    /// `--last`); otherwise the newest timestamp of the input.
    pub as_of: Option<Timestamp>,
    /// Keep only conversations with a message in this window.
    pub window: Window,
    /// Conversations that make a cluster of replies a template (default:
    /// relative to the corpus size).
    pub template_min_conversations: Option<usize>,
    /// Read the inputs a second time for the templates' texts (for
    /// `templates.csv`); the first pass keeps fingerprints, not texts.
    pub template_texts: bool,
}

/// `--since`/`--until`: a conversation is kept when any of its messages
/// falls in `[since, until]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

impl Window {
    pub fn is_open(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether any message of the conversation falls in the window.
    pub fn holds(&self, conversation: &Conversation) -> bool {
        self.is_open()
            || conversation.messages.iter().filter_map(|m| m.ts).any(|ts| {
                self.since.is_none_or(|since| ts >= since)
                    && self.until.is_none_or(|until| ts <= until)
            })
    }
}

/// How the dated promises of the audited conversations turned out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PromiseCounts {
    pub made: usize,
    pub kept: usize,
    pub missed: usize,
    /// Not yet due at the as-of time, with no follow-up yet.
    pub pending: usize,
}

impl PromiseCounts {
    fn add(&mut self, other: PromiseCounts) {
        self.made += other.made;
        self.kept += other.kept;
        self.missed += other.missed;
        self.pending += other.pending;
    }
}

/// What one input contributed, for the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputSummary {
    pub path: String,
    pub format: Option<InputFormat>,
    pub conversations: usize,
    pub messages: usize,
    pub skipped: usize,
    pub warnings: usize,
}

/// One coaching example: where a finding is and what it quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub severity_rank: std::cmp::Reverse<crate::model::Severity>,
    pub origin: Origin,
    pub message_index: usize,
    pub conversation_id: String,
    pub message_id: Option<String>,
    pub excerpt: String,
}

impl Example {
    fn key(&self) -> impl Ord + '_ {
        (self.severity_rank, &self.origin, self.message_index)
    }
}

/// An agent's totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentStats {
    pub conversations: usize,
    pub messages: usize,
    /// Findings that count against the agent.
    pub findings: usize,
    pub by_rule: BTreeMap<String, usize>,
    /// Sum of per-conversation scores, so the mean is exact and
    /// independent of the order conversations were added in.
    pub score_sum: u64,
    pub first_responses: Vec<i64>,
    pub abuse_received: usize,
    pub examples: BTreeMap<String, Vec<Example>>,
    /// Dated promises this agent made, and how many were missed.
    pub promises: usize,
    pub missed_deadlines: usize,
}

impl AgentStats {
    pub fn score(&self) -> f64 {
        if self.conversations == 0 {
            100.0
        } else {
            self.score_sum as f64 / self.conversations as f64
        }
    }

    pub fn findings_per_100(&self) -> f64 {
        if self.conversations == 0 {
            0.0
        } else {
            self.findings as f64 * 100.0 / self.conversations as f64
        }
    }

    /// Median seconds to the first reply, over the conversations where this
    /// agent gave it.
    pub fn first_response_median(&self) -> Option<i64> {
        let mut values = self.first_responses.clone();
        values.sort_unstable();
        let n = values.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(values[n / 2]),
            _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
        }
    }

    fn merge(&mut self, other: AgentStats) {
        self.conversations += other.conversations;
        self.messages += other.messages;
        self.findings += other.findings;
        for (rule, count) in other.by_rule {
            *self.by_rule.entry(rule).or_default() += count;
        }
        self.score_sum += other.score_sum;
        self.first_responses.extend(other.first_responses);
        self.abuse_received += other.abuse_received;
        self.promises += other.promises;
        self.missed_deadlines += other.missed_deadlines;
        for (rule, examples) in other.examples {
            let mine = self.examples.entry(rule).or_default();
            mine.extend(examples);
            mine.sort_by(|a, b| a.key().cmp(&b.key()));
            mine.truncate(EXAMPLES_PER_RULE);
        }
    }
}

/// A conversation that lost points, for the worst-conversations list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationLoss {
    pub points: u32,
    pub origin: Origin,
    pub conversation_id: String,
    pub findings: usize,
    pub agents: Vec<String>,
    /// Its first findings in report order, quoted by the summary.
    pub evidence: Vec<Finding>,
}

impl ConversationLoss {
    fn key(&self) -> impl Ord + '_ {
        (
            std::cmp::Reverse(self.points),
            &self.origin,
            &self.conversation_id,
        )
    }
}

/// The reduced result of an audit.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// In report order once the audit is finished; most may be on disk.
    pub findings: Findings,
    pub agents: BTreeMap<String, AgentStats>,
    pub inputs: Vec<InputSummary>,
    pub problems: Vec<InputProblem>,
    pub conversations: usize,
    pub messages: usize,
    pub worst: Vec<ConversationLoss>,
    /// The run's "now": `--as-of`, or the newest timestamp in the input.
    pub as_of: Option<Timestamp>,
    pub promises: PromiseCounts,
    /// The `--since`/`--until`/`--last` window, and the conversations left
    /// out because no message fell in it.
    pub window: Window,
    pub outside_window: usize,
    /// Conversations whose findings wait on the as-of time or on the
    /// corpus pass, tallied once the whole input is read (or once the
    /// newest timestamp seen settles them), and the backlog size at which
    /// to try settling again.
    deferred: Vec<Judged>,
    settle_at: usize,
    /// The corpus pass: one record per substantive agent reply, the names
    /// behind the agent keys, and (fingerprint, conversation, flags) of
    /// replies followed by a repeat (bit 0) or no answer (bit 1).
    template_records: UseRecords,
    template_agents: BTreeMap<u32, String>,
    template_follow_ups: Vec<(u64, u32, u8)>,
    /// Fingerprints of the template replies that were findings, before
    /// `--agent`.
    template_replies: Vec<u64>,
    /// The templates found, most used first, for `templates.csv`.
    pub templates: Vec<TemplateRow>,
    /// Keys of the conversations holding a template's main reply, sorted:
    /// the only ones the templates' texts need read again.
    template_conversations: Vec<u32>,
    /// The places of the templates' first uses, sorted, when every use of
    /// a main reply is on a line of a JSON Lines file: then only those
    /// lines are read again.
    template_first_places: Option<Vec<u64>>,
}

/// One template of the corpus, as `templates.csv` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    /// A use of it with names, contact details and numbers masked; empty
    /// when the input could not be read again (standard input).
    pub text: String,
    pub conversations: usize,
    pub uses: usize,
    pub agents: Vec<String>,
    /// `form-letter/template-reply` findings on it.
    pub unanswering: usize,
    /// Uses followed by the customer repeating themselves.
    pub customer_repeats: usize,
    /// Uses followed by a customer message nobody answered.
    pub unanswered_after: usize,
    /// The fingerprint of the use shown, to find its text.
    pub main_hash: u64,
}

impl Audit {
    fn merge(mut self, other: Audit) -> Audit {
        self.findings.merge(other.findings);
        for (agent, stats) in other.agents {
            self.agents.entry(agent).or_default().merge(stats);
        }
        self.inputs.extend(other.inputs);
        self.problems.extend(other.problems);
        self.conversations += other.conversations;
        self.messages += other.messages;
        self.worst.extend(other.worst);
        self.worst.sort_by(|a, b| a.key().cmp(&b.key()));
        self.worst.truncate(WORST_CONVERSATIONS);
        self.as_of = self.as_of.max(other.as_of);
        self.promises.add(other.promises);
        self.outside_window += other.outside_window;
        self.deferred.extend(other.deferred);
        self.settle_at = self.settle_at.max(other.settle_at);
        self.template_records.merge(other.template_records);
        for (key, name) in other.template_agents {
            keep_smaller_name(&mut self.template_agents, key, &name);
        }
        self.template_follow_ups.extend(other.template_follow_ups);
        self.template_replies.extend(other.template_replies);
        self
    }

    /// Tallies what waited on the as-of time, then sorts everything
    /// printed, so output does not depend on scheduling.
    fn finish(mut self, options: &AuditOptions) -> Audit {
        release_free_memory();
        if options.as_of.is_some() {
            self.as_of = options.as_of;
        }
        self.window = options.window;
        let mut deferred = std::mem::take(&mut self.deferred);
        deferred.sort_by(|a, b| (&a.origin, &a.id).cmp(&(&b.origin, &b.id)));
        let as_of = self.as_of;
        let min_conversations = options
            .template_min_conversations
            .unwrap_or_else(|| corpus::default_min_conversations(self.conversations));
        release_free_memory();
        let mut records = std::mem::take(&mut self.template_records);
        records.finish();
        let mut templates = Templates::find_sorted(|| records.sorted(), min_conversations)
            .unwrap_or_else(|error| {
                eprintln!("tact: warning: {error}; the templates report is left empty");
                Templates::default()
            });
        drop(records);
        self.template_conversations = templates.take_main_conversations();
        self.template_first_places = templates.take_first_places();
        for judged in deferred {
            self.tally(judged, as_of, Some(&templates), &options.weights);
        }
        self.templates = self.template_rows(&templates);
        self.findings.finish();
        self.problems.sort();
        self
    }

    /// The templates report's rows, most conversations first.
    fn template_rows(&self, templates: &Templates) -> Vec<TemplateRow> {
        let mut rows: Vec<TemplateRow> = templates
            .templates
            .iter()
            .map(|t| TemplateRow {
                text: String::new(),
                conversations: t.conversations,
                uses: t.uses,
                agents: t
                    .agents
                    .iter()
                    .filter_map(|a| self.template_agents.get(a).cloned())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                unanswering: 0,
                customer_repeats: 0,
                unanswered_after: 0,
                main_hash: t.main_hash,
            })
            .collect();
        for &hash in &self.template_replies {
            if let Some(index) = templates.of(hash) {
                rows[index].unanswering += 1;
            }
        }
        for &(hash, _, flags) in &self.template_follow_ups {
            if let Some(index) = templates.of(hash) {
                rows[index].customer_repeats += usize::from(flags & 1);
                rows[index].unanswered_after += usize::from(flags >> 1 & 1);
            }
        }
        rows.sort_by(|a, b| {
            b.conversations
                .cmp(&a.conversations)
                .then(b.uses.cmp(&a.uses))
                .then(a.main_hash.cmp(&b.main_hash))
        });
        rows
    }

    /// Agents sorted for the table: lowest score first, then by name.
    pub fn agents_by_score(&self) -> Vec<(&String, &AgentStats)> {
        let mut rows: Vec<_> = self.agents.iter().collect();
        rows.sort_by(|a, b| {
            a.1.score()
                .total_cmp(&b.1.score())
                .then_with(|| a.0.cmp(b.0))
        });
        rows
    }

    /// Records skipped for a problem (not warnings).
    pub fn skipped(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Skipped)
            .count()
    }
}

/// Runs an audit over `inputs` with `rules`. The rules are dropped once
/// every conversation is judged: their compiled automata and caches are
/// the largest part of the memory, and the corpus pass that follows needs
/// that room.
pub fn run(inputs: &[Input], rules: RuleSet, options: &AuditOptions) -> Audit {
    let total_bytes: u64 = inputs.iter().map(Input::size).sum();
    let progress = progress_bar(options.progress, total_bytes);
    let mut audit = Audit::default();
    let seen = Seen::new();
    let mut done_bytes = 0;
    for (input, rank) in inputs.iter().zip(input_ranks(inputs)) {
        let (format, reader) = ingest::open(input, &options.read);
        let mut reader = reader;
        let chunks = std::iter::from_fn(move || {
            let chunk = next_batch(&mut reader, AUDIT_CHUNK_RECORDS, AUDIT_CHUNK_BYTES);
            (!chunk.is_empty()).then_some(chunk)
        });
        let part = chunks
            .par_bridge()
            .fold(Audit::default, |acc, chunk| {
                let part = process_chunk(chunk, rank, &rules, options, &progress, &seen);
                let mut acc = acc.merge(part);
                if acc.findings.spill_if_full() {
                    release_free_memory();
                }
                acc.template_records.spill_if_full();
                if acc.deferred.len() >= acc.settle_at.max(SETTLE_BATCH) {
                    acc.settle(options.as_of.or(seen.lower_bound()), &options.weights);
                    // What could not settle waits for twice as many, so a
                    // backlog that cannot shrink is not re-read each time.
                    acc.settle_at = 2 * acc.deferred.len();
                }
                acc
            })
            .reduce(Audit::default, Audit::merge);
        let mut summary = InputSummary {
            path: input.display.clone(),
            format,
            conversations: part.conversations,
            messages: part.messages,
            ..InputSummary::default()
        };
        for problem in &part.problems {
            match problem.kind {
                ProblemKind::Skipped => summary.skipped += 1,
                ProblemKind::Warning => summary.warnings += 1,
            }
        }
        audit = audit.merge(part);
        audit.inputs.push(summary);
        progress.set_message(format!("{} conversations", audit.conversations));
        done_bytes += input.size();
        progress.set_position(done_bytes);
    }
    progress.finish_and_clear();
    drop(rules);
    let mut audit = audit.finish(options);
    if options.template_texts && !audit.templates.is_empty() {
        fill_template_texts(inputs, options, &mut audit);
    }
    audit
}

/// A use of a template and where it stands in the input.
#[derive(Debug, Clone)]
struct FirstUse {
    place: (Origin, usize),
    text: String,
}

/// Per template row, the first use found so far.
type FirstUses = Vec<Option<FirstUse>>;

/// Keeps, row by row, the use that comes first in the input.
fn merge_first_uses(mut left: FirstUses, right: FirstUses) -> FirstUses {
    for (slot, candidate) in left.iter_mut().zip(right) {
        if let Some(candidate) = candidate {
            keep_first(slot, candidate);
        }
    }
    left
}

/// Finds, for each template, the text of its first use in input order
/// (the earliest conversation, then message, whose fingerprint is the
/// template's main one), by reading the inputs again. Standard input and
/// pipes cannot be read twice: they are passed over, and a template used
/// only there keeps an empty text.
fn fill_template_texts(inputs: &[Input], options: &AuditOptions, audit: &mut Audit) {
    let rows = audit.templates.len();
    let wanted: HashMap<u64, usize> = audit
        .templates
        .iter()
        .enumerate()
        .map(|(i, row)| (row.main_hash, i))
        .collect();
    // Only conversations known (by their key) to hold a template's main
    // reply are judged again; the rest are parsed and passed over.
    let holds_a_template = |conversation: &Conversation| {
        let key = corpus::conversation_key(
            &conversation.origin.path,
            conversation.origin.line,
            &conversation.id,
        );
        audit.template_conversations.binary_search(&key).is_ok()
    };
    let found = inputs
        .iter()
        .zip(input_ranks(inputs))
        .filter(|(input, _)| input.can_be_read_again())
        .map(|(input, rank)| {
            let earliest = EarliestUses::new(rows);
            let first_uses_among = |items: Vec<Item>| {
                items
                    .into_par_iter()
                    .filter_map(|item| conversation_of(item, &options.read))
                    .filter(holds_a_template)
                    .filter_map(|mut conversation| {
                        mark_bots(&mut conversation, &options.ignore_authors);
                        options
                            .window
                            .holds(&conversation)
                            .then(|| first_uses_in(&conversation, &wanted, &earliest))
                    })
                    .fold(
                        || vec![None; rows],
                        |mut kept, uses| {
                            for (row, candidate) in uses {
                                keep_first(&mut kept[row], candidate);
                            }
                            kept
                        },
                    )
                    .reduce(|| vec![None; rows], merge_first_uses)
            };
            if let Some(places) = &audit.template_first_places {
                // Every first use is on a known line of a file with a rank:
                // only those lines are read, and other inputs not at all.
                let lines = rank.map_or_else(Vec::new, |rank| lines_of(places, rank));
                if lines.is_empty() {
                    return vec![None; rows];
                }
                let (_, mut reader) = ingest::open(input, &options.read);
                return first_uses_on_lines(&mut reader, &lines, rows, first_uses_among);
            }
            let (format, mut reader) = ingest::open(input, &options.read);
            // JSON Lines come in line order, so once every template has a
            // use from the lines read so far, no later line can hold an
            // earlier one and the rest of the input is left unread. Other
            // formats are small enough to read whole.
            let stops_early = format == Some(InputFormat::Jsonl);
            let mut kept: FirstUses = vec![None; rows];
            loop {
                let batch = next_batch(&mut reader, REREAD_BATCH_RECORDS, REREAD_BATCH_BYTES);
                if batch.is_empty() {
                    break kept;
                }
                kept = merge_first_uses(kept, first_uses_among(batch));
                if stops_early && kept.iter().all(Option::is_some) {
                    break kept;
                }
            }
        })
        .fold(vec![None; rows], merge_first_uses);
    for (row, first) in audit.templates.iter_mut().zip(found) {
        if let Some(first) = first {
            row.text = first.text;
        }
    }
}

/// The lines of the input of `rank` that the sorted `places` are on,
/// sorted.
fn lines_of(places: &[u64], rank: u64) -> Vec<u64> {
    let mut lines: Vec<u64> = places
        .iter()
        .map(|&place| corpus::rank_and_line(place))
        .filter(|&(of, _)| of == rank)
        .map(|(_, line)| line)
        .collect();
    lines.dedup();
    lines
}

/// The templates' first uses on the given `lines` of a JSON Lines input,
/// which hold them all: only those lines are parsed, in batches, and
/// reading stops after the last.
fn first_uses_on_lines(
    reader: &mut ingest::Reader,
    lines: &[u64],
    rows: usize,
    mut first_uses_among: impl FnMut(Vec<Item>) -> FirstUses,
) -> FirstUses {
    let mut kept: FirstUses = vec![None; rows];
    let Some(&last) = lines.last() else {
        return kept;
    };
    let mut batch = Vec::new();
    let mut bytes = 0;
    for item in reader {
        let Item::JsonLine(line) = &item else {
            continue;
        };
        let number = line.origin.line;
        if lines.binary_search(&number).is_ok() {
            bytes += line.bytes.len();
            batch.push(item);
            if batch.len() >= REREAD_BATCH_RECORDS || bytes >= REREAD_BATCH_BYTES {
                kept = merge_first_uses(kept, first_uses_among(std::mem::take(&mut batch)));
                bytes = 0;
            }
        }
        if number >= last {
            break;
        }
    }
    merge_first_uses(kept, first_uses_among(batch))
}

/// The uses of templates in one conversation, as (row, use): only the
/// first of each row, and only those that may still come first in the
/// input, since writing a use's text out is the costly part.
fn first_uses_in(
    conversation: &Conversation,
    wanted: &HashMap<u64, usize>,
    earliest: &EarliestUses,
) -> Vec<(usize, FirstUse)> {
    let mut found: Vec<(usize, FirstUse)> = Vec::new();
    // Fingerprints read only the public agent replies: the customer's
    // messages are not normalised again.
    let texts: Vec<_> = conversation
        .messages
        .iter()
        .map(|m| m.is_public_agent().then(|| normalize(&m.text)))
        .collect();
    for used in template_reply::fingerprints(conversation, &texts) {
        let Some(&row) = wanted.get(&used.hash) else {
            continue;
        };
        // Fingerprints come in message order: a row's first use here is
        // its earliest here.
        if found.iter().any(|(r, _)| *r == row)
            || !earliest.may_be_first(row, conversation, used.index)
        {
            continue;
        }
        found.push((
            row,
            FirstUse {
                place: (conversation.origin.clone(), used.index),
                text: template_reply::representative(conversation, used.index),
            },
        ));
    }
    found
}

/// Per template row, the earliest place of a use seen so far in one input,
/// shared by the worker threads, so a use that cannot come first is not
/// written out. Places are packed into one number that orders as they do,
/// for the conversations of the input's first path (an email input spans
/// many files; the others are never passed over).
struct EarliestUses {
    places: Vec<AtomicU64>,
    path: std::sync::OnceLock<String>,
}

impl EarliestUses {
    fn new(rows: usize) -> Self {
        EarliestUses {
            places: (0..rows).map(|_| AtomicU64::new(u64::MAX)).collect(),
            path: std::sync::OnceLock::new(),
        }
    }

    /// False only when a use at an earlier place is already kept; notes
    /// this place otherwise.
    fn may_be_first(&self, row: usize, conversation: &Conversation, index: usize) -> bool {
        let origin = &conversation.origin;
        if origin.line >= 1 << 40 || origin.record >= 1 << 12 || index >= 1 << 12 {
            return true;
        }
        let packed = origin.line << 24 | origin.record << 12 | index as u64;
        if *self.path.get_or_init(|| origin.path.clone()) != origin.path {
            return true;
        }
        // The value held is always the place of a use that was kept.
        self.places[row].fetch_min(packed, Ordering::Relaxed) >= packed
    }
}

/// Keeps whichever of the two uses comes first in the input.
fn keep_first(slot: &mut Option<FirstUse>, candidate: FirstUse) {
    if slot
        .as_ref()
        .is_none_or(|kept| candidate.place < kept.place)
    {
        *slot = Some(candidate);
    }
}

/// Records an agent's name under its key; should two names share a key,
/// the smaller is kept, so the report does not depend on merge order.
fn keep_smaller_name(names: &mut BTreeMap<u32, String>, key: u32, name: &str) {
    match names.get_mut(&key) {
        Some(kept) if name < kept.as_str() => *kept = name.to_string(),
        Some(_) => {}
        None => {
            names.insert(key, name.to_string());
        }
    }
}

/// The newest message time across the inputs: the as-of time `--last`
/// counts back from when `--as-of` is not given. Reads the inputs once
/// more, so `--as-of` saves a pass.
pub fn newest_timestamp(inputs: &[Input], read: &ReadOptions) -> Option<Timestamp> {
    inputs
        .iter()
        .filter_map(|input| {
            reread_conversations(input, read)
                .filter_map(|conversation| newest(&conversation))
                .max()
        })
        .max()
}

/// The conversations of an input read once more, in parallel, for the
/// passes that need the whole input first (the as-of time of `--last`,
/// the templates' texts). Records that cannot be read are passed over:
/// the main pass reports them.
fn reread_conversations<'a>(
    input: &Input,
    read: &'a ReadOptions,
) -> impl ParallelIterator<Item = Conversation> + 'a {
    let (_, reader) = ingest::open(input, read);
    reader
        .par_bridge()
        .filter_map(|item| conversation_of(item, read))
}

/// How much the templates' pass reads between checks of whether every
/// template has its first use: at most this many records and, once past
/// one record, this many bytes of raw lines (a bound on the memory the
/// batch holds, whatever the size of a record).
const REREAD_BATCH_RECORDS: usize = 1024;
const REREAD_BATCH_BYTES: usize = 4 << 20;

/// How much one worker takes from the reader at a time in the main pass:
/// the shared automata then read a few dozen conversations one stage after
/// another ([`RuleSet::scan`]), and the bound in bytes keeps a chunk of
/// long email threads small.
const AUDIT_CHUNK_RECORDS: usize = 32;
const AUDIT_CHUNK_BYTES: usize = 256 << 10;

/// The reader's next batch: at most `records` records and, once past one
/// record, `max_bytes` bytes (of raw lines, or of message text for the
/// conversations other readers parse themselves); empty at the end.
fn next_batch(reader: &mut ingest::Reader, records: usize, max_bytes: usize) -> Vec<Item> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < records && bytes < max_bytes {
        let Some(item) = reader.next() else { break };
        bytes += match &item {
            Item::JsonLine(line) => line.bytes.len(),
            Item::Conversation(conversation) => {
                conversation.messages.iter().map(|m| m.text.len()).sum()
            }
            Item::Problem(_) => 0,
        };
        batch.push(item);
    }
    batch
}

/// The conversation a reader's item holds, if it can be read.
fn conversation_of(item: Item, read: &ReadOptions) -> Option<Conversation> {
    match item {
        Item::Conversation(conversation) => Some(*conversation),
        Item::JsonLine(line) => ingest::jsonl::parse_line(line, &read.zone, &mut Vec::new()).ok(),
        Item::Problem(_) => None,
    }
}

fn progress_bar(show: bool, total_bytes: u64) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    // The caller decided to show the bar (`--progress always` may mean a
    // log file), so draw through the terminal-like target, which does not
    // hide itself when stderr is not a terminal.
    let target = ProgressDrawTarget::term_like(Box::new(console::Term::stderr()));
    let bar = ProgressBar::with_draw_target(Some(total_bytes), target);
    let style = ProgressStyle::with_template(
        "{bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Audits a chunk of the reader's items. `rank` is the input's
/// [`input_ranks`] entry.
fn process_chunk(
    items: Vec<Item>,
    rank: Option<u64>,
    rules: &RuleSet,
    options: &AuditOptions,
    progress: &ProgressBar,
    seen: &Seen,
) -> Audit {
    let mut part = Audit::default();
    let mut admitted: Vec<(Conversation, Option<(u64, u64)>)> = Vec::new();
    for item in items {
        let (mut conversation, line) = match item {
            Item::Problem(problem) => {
                part.problems.push(problem);
                continue;
            }
            Item::Conversation(conversation) => (*conversation, None),
            Item::JsonLine(line) => {
                let bytes = line.bytes.len() as u64;
                progress.inc(bytes);
                let number = line.origin.line;
                match ingest::jsonl::parse_line(line, &options.read.zone, &mut part.problems) {
                    Ok(conversation) => (conversation, Some(number)),
                    Err(problem) => {
                        part.problems.push(problem);
                        continue;
                    }
                }
            }
        };
        if admit(&mut conversation, options, &mut part) {
            admitted.push((conversation, rank.zip(line)));
        }
    }
    let conversations: Vec<&Conversation> = admitted.iter().map(|(c, _)| c).collect();
    let scans = rules.scan(&conversations);
    let analyses = rules.judge_all(&conversations, scans);
    for ((conversation, place), analysis) in admitted.into_iter().zip(analyses) {
        audit_conversation(conversation, analysis, place, options, seen, &mut part);
    }
    part
}

/// Each input's rank among the inputs' paths in sorted order (equal
/// paths share one), for packing the places of template uses so that they
/// order as origins do; `None` for what is not a regular file (standard
/// input, a pipe given by path, a directory), which the templates' texts
/// cannot read again line by line.
fn input_ranks(inputs: &[Input]) -> Vec<Option<u64>> {
    let mut paths: Vec<&str> = inputs.iter().map(|i| i.display.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    inputs
        .iter()
        .map(|input| {
            let rank = paths.binary_search(&input.display.as_str()).ok()?;
            input.is_regular_file().then_some(rank as u64)
        })
        .collect()
}

/// Marks configured bots and automations as bots, so no rule charges them.
fn mark_bots(conversation: &mut Conversation, ignore: &[String]) {
    if ignore.is_empty() {
        return;
    }
    for message in &mut conversation.messages {
        if message.role == Role::Agent && ignore.contains(&message.author.to_lowercase()) {
            message.role = Role::Bot;
        }
    }
}

/// One judged conversation, owned, waiting to be counted.
#[derive(Debug, Clone)]
struct Judged {
    id: String,
    origin: Origin,
    /// Human agents who wrote publicly, with their message counts.
    agents: BTreeMap<String, usize>,
    first_reply: Option<(String, i64)>,
    findings: Vec<Finding>,
    promises: Vec<PromiseRecord>,
    conversation_key: u32,
    /// Substantive replies, for the templates report's follow-up counts.
    template_uses: Vec<TemplateUse>,
    /// Fingerprints of the template-reply candidates, and the repeats and
    /// unanswered messages that followed replies, before `--agent`.
    template_findings: Vec<u64>,
    follow_ups: Vec<FollowUp>,
}

/// A finding that counts against the reply before it in `templates.csv`.
#[derive(Debug, Clone, Copy)]
struct FollowUp {
    index: usize,
    /// 1: the customer repeated themselves; 2: nobody answered.
    flag: u8,
    due: Option<Timestamp>,
}

/// Marks the conversation's bots and counts it; true when it is in the
/// window and is to be judged.
fn admit(conversation: &mut Conversation, options: &AuditOptions, part: &mut Audit) -> bool {
    mark_bots(conversation, &options.ignore_authors);
    // "Now" is the newest timestamp of the whole input, window or not.
    part.as_of = part.as_of.max(newest(conversation));
    if !options.window.holds(conversation) {
        part.outside_window += 1;
        return false;
    }
    part.conversations += 1;
    part.messages += conversation.messages.len();
    true
}

/// Adds a judged conversation to `part`. `place` is the input's rank and
/// the conversation's line, when it is on a line of a JSON Lines file that
/// can be read again.
fn audit_conversation(
    conversation: Conversation,
    analysis: crate::check::Analysis,
    place: Option<(u64, u64)>,
    options: &AuditOptions,
    seen: &Seen,
    part: &mut Audit,
) {
    let newest_message = newest(&conversation);
    let mut findings = analysis.findings;
    let mut promises = analysis.records.promises;
    // Every substantive reply joins the corpus pass, whatever --agent
    // says: a macro is a template across the whole team.
    let conversation_key = corpus::conversation_key(
        &conversation.origin.path,
        conversation.origin.line,
        &conversation.id,
    );
    let template_uses = analysis.records.template_uses;
    for used in &template_uses {
        let author = &conversation.messages[used.index].author;
        let agent = corpus::agent_key(author);
        keep_smaller_name(&mut part.template_agents, agent, author);
        part.template_records.push(UseRecord {
            hash: used.hash,
            conversation: conversation_key,
            agent,
            place: place.map_or(corpus::UNKNOWN_PLACE, |(rank, line)| {
                corpus::use_place(rank, line, used.index)
            }),
        });
    }
    if options.redact {
        for finding in &mut findings {
            finding.excerpt = redact(&finding.excerpt).into_owned();
        }
    }
    // Bots and automations are never charged (DESIGN §3), whatever a
    // check inferred from an assignment to one.
    for finding in &mut findings {
        if finding
            .agent
            .as_ref()
            .is_some_and(|a| options.ignore_authors.contains(&a.to_lowercase()))
        {
            finding.agent = None;
        }
    }
    // The templates report counts the whole team's uses, so what it needs
    // from the findings is taken before `--agent` narrows them.
    let template_findings: Vec<u64> = findings.iter().filter_map(|f| f.template).collect();
    let follow_ups: Vec<FollowUp> = findings
        .iter()
        .filter_map(|f| {
            let flag = match f.rule.as_str() {
                CUSTOMER_REPEATS => 1,
                UNANSWERED => 2,
                _ => return None,
            };
            Some(FollowUp {
                index: f.message_index,
                flag,
                due: f.due,
            })
        })
        .collect();
    if let Some(agent) = &options.agent {
        findings.retain(|f| f.agent.as_deref() == Some(agent.as_str()));
        promises.retain(|p| &p.agent == agent);
    }
    // The agents of a conversation: humans who wrote publicly in it.
    let mut agents: BTreeMap<String, usize> = BTreeMap::new();
    for message in &conversation.messages {
        if message.is_public_agent() {
            *agents.entry(message.author.clone()).or_default() += 1;
        }
    }
    if let Some(agent) = &options.agent {
        agents.retain(|name, _| name == agent);
    }
    let judged = Judged {
        id: conversation.id.clone(),
        origin: conversation.origin.clone(),
        agents,
        first_reply: first_response(&conversation),
        findings,
        promises,
        conversation_key,
        template_uses,
        template_findings,
        follow_ups,
    };
    // What waits on the as-of time is settled now when the as-of time is
    // known, or already past: "now" is at least the newest timestamp seen
    // so far by any thread. Which thread saw what first changes only when
    // a conversation is counted, never what is counted.
    let lower = options.as_of.or(seen.advance(newest_message));
    if judged.waits(lower) {
        part.deferred.push(judged);
    } else {
        part.tally(judged, lower, None, &options.weights);
    }
}

/// The newest whole second of any message read so far, shared by the
/// worker threads: the least the run's as-of time can be.
pub struct Seen(AtomicI64);

impl Seen {
    fn new() -> Seen {
        Seen(AtomicI64::new(i64::MIN))
    }

    /// Notes a conversation's newest message; returns the least the as-of
    /// time can now be.
    fn advance(&self, newest: Option<Timestamp>) -> Option<Timestamp> {
        let second = newest.map_or(i64::MIN, Timestamp::as_second);
        let seen = self.0.fetch_max(second, Ordering::Relaxed).max(second);
        let floor = Timestamp::from_second(seen).ok();
        // The second is rounded down; the message itself may be later.
        floor.max(newest)
    }

    fn lower_bound(&self) -> Option<Timestamp> {
        Timestamp::from_second(self.0.load(Ordering::Relaxed)).ok()
    }
}

/// How many held-back conversations a worker keeps before it counts those
/// the as-of time seen so far already settles.
const SETTLE_BATCH: usize = 256;

impl Judged {
    /// Whether counting must wait: a template candidate (for the corpus
    /// pass), or a finding or open promise due after `lower`, the least
    /// the as-of time can be.
    fn waits(&self, lower: Option<Timestamp>) -> bool {
        let settled = |due: Timestamp| lower.is_some_and(|now| now > due);
        self.findings.iter().any(|f| f.template.is_some())
            || self
                .findings
                .iter()
                .filter_map(|f| f.due)
                .any(|due| !settled(due))
            || self
                .promises
                .iter()
                .any(|p| p.state != PromiseState::Kept && !settled(p.deadline))
    }
}

impl Audit {
    /// Counts the held-back conversations that `lower`, the least the
    /// as-of time can be, already settles; keeps the rest. Bounds memory
    /// on exports whose threads end with a customer still waiting.
    fn settle(&mut self, lower: Option<Timestamp>, weights: &ScoreWeights) {
        let deferred = std::mem::take(&mut self.deferred);
        for judged in deferred {
            if judged.waits(lower) {
                self.deferred.push(judged);
            } else {
                self.tally(judged, lower, None, weights);
            }
        }
    }

    /// Counts a judged conversation, with the findings that stand at
    /// `as_of`.
    fn tally(
        &mut self,
        judged: Judged,
        as_of: Option<Timestamp>,
        templates: Option<&Templates>,
        weights: &ScoreWeights,
    ) {
        let Judged {
            id,
            origin,
            agents,
            first_reply,
            mut findings,
            promises,
            conversation_key,
            template_uses,
            template_findings,
            follow_ups,
        } = judged;
        findings.retain(|f| {
            f.stands_at(as_of)
                && f.template
                    .is_none_or(|hash| templates.is_some_and(|t| t.of(hash).is_some()))
        });
        // What each substantive reply was followed by, for the templates
        // report: a customer repeating themselves, or no answer at all.
        for used in &template_uses {
            let flags = follow_ups
                .iter()
                .filter(|f| {
                    f.index > used.index
                        && f.due.is_none_or(|due| as_of.is_some_and(|now| now > due))
                })
                .fold(0u8, |flags, f| flags | f.flag);
            if flags != 0 {
                self.template_follow_ups
                    .push((used.hash, conversation_key, flags));
            }
        }
        if let Some(templates) = templates {
            self.template_replies.extend(
                template_findings
                    .into_iter()
                    .filter(|&hash| templates.of(hash).is_some()),
            );
        }
        for promise in &promises {
            let missed = promise.missed_at(as_of);
            self.promises.made += 1;
            match (promise.state, missed) {
                (PromiseState::Kept, _) => self.promises.kept += 1,
                (_, true) => self.promises.missed += 1,
                (_, false) => self.promises.pending += 1,
            }
            if let Some(stats) = agents
                .contains_key(&promise.agent)
                .then(|| self.agents.entry(promise.agent.clone()).or_default())
            {
                stats.promises += 1;
                stats.missed_deadlines += usize::from(missed);
            }
        }
        let mut lost: u32 = 0;
        for (agent, &message_count) in &agents {
            let stats = self.agents.entry(agent.clone()).or_default();
            stats.conversations += 1;
            stats.messages += message_count;
            let mut penalty: u32 = 0;
            for finding in findings
                .iter()
                .filter(|f| f.agent.as_deref() == Some(agent.as_str()))
            {
                *stats.by_rule.entry(finding.rule.clone()).or_default() += 1;
                if counts_against_agent(finding) {
                    stats.findings += 1;
                    penalty += weights.weight(finding.severity);
                } else {
                    stats.abuse_received += 1;
                }
                stats
                    .examples
                    .entry(finding.rule.clone())
                    .or_default()
                    .push(Example {
                        severity_rank: std::cmp::Reverse(finding.severity),
                        origin: finding.origin.clone(),
                        message_index: finding.message_index,
                        conversation_id: finding.conversation_id.clone(),
                        message_id: finding.message_id.clone(),
                        excerpt: finding.excerpt.clone(),
                    });
            }
            for examples in stats.examples.values_mut() {
                examples.sort_by(|a, b| a.key().cmp(&b.key()));
                examples.truncate(EXAMPLES_PER_RULE);
            }
            stats.score_sum += u64::from(100u32.saturating_sub(penalty));
            lost += penalty;
            if let Some((responder, seconds)) = &first_reply
                && responder == agent
            {
                stats.first_responses.push(*seconds);
            }
        }
        if lost > 0 {
            let mut evidence: Vec<&Finding> = findings.iter().collect();
            evidence.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            self.worst.push(ConversationLoss {
                points: lost,
                origin,
                conversation_id: id,
                findings: findings.iter().filter(|f| counts_against_agent(f)).count(),
                agents: agents.keys().cloned().collect(),
                evidence: evidence.into_iter().take(EVIDENCE_SHOWN).cloned().collect(),
            });
            self.worst.sort_by(|a, b| a.key().cmp(&b.key()));
            self.worst.truncate(WORST_CONVERSATIONS);
        }
        self.findings.extend(findings);
    }
}

/// The agent who first answered the customer, and how many seconds the
/// customer waited. Bots do not count: an auto-acknowledgement is not an
/// answer.
pub fn first_response(conversation: &Conversation) -> Option<(String, i64)> {
    let messages = &conversation.messages;
    let asked = messages
        .iter()
        .position(|m| m.role == Role::Customer && m.public)?;
    let asked_at = messages[asked].ts?;
    let reply = messages[asked + 1..].iter().find(|m| m.is_public_agent())?;
    let seconds = reply.ts?.duration_since(asked_at).as_secs();
    Some((reply.author.clone(), seconds.max(0)))
}

/// Hands memory the allocator holds but no longer uses back to the system.
/// glibc keeps what two worker threads freed in their arenas, so without
/// this the resident size climbs with the input even when the live data
/// does not; called when a batch of findings has gone to disk and between
/// the stages of the corpus pass.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the system; it is
    // safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}
