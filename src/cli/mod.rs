//! What the user typed: clap definitions only, parsed without I/O. The
//! second stage, [`resolve`], loads config and packs and reports every
//! problem at once; the command files run the work.

pub mod audit;
mod convert;
mod lint;
pub mod resolve;
pub mod rule;
mod rules_eval;
mod rules_test;

use crate::ingest::InputFormat;
use crate::model::Severity;
use crate::report::AuditFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Audit customer-support transcripts and lint canned responses for the
/// classic customer-service mistakes.
#[derive(Debug, Parser)]
#[command(name = "tact", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// Config file [default: ./tact.toml if present]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra rule packs: a directory of .toml files, or one file (repeatable)
    #[arg(long = "rules", global = true, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Run only these rules or packs (repeatable, or comma-separated)
    #[arg(long, global = true, value_name = "RULE|PACK", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules or packs (repeatable, or comma-separated)
    #[arg(long, global = true, value_name = "RULE|PACK", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Worker threads [default: one per core]
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    /// Print only findings and errors: no progress bar, no summary
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Progress bar on stderr
    #[arg(long, global = true, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
    /// Exit 1 when a finding has at least this severity [default: error for audit, warning for lint]
    #[arg(long, global = true, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Exit 0 even when findings reach --fail-on
    #[arg(long, global = true)]
    pub exit_zero: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProgressMode {
    /// Only when stderr is a terminal
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit conversations: files, directories (recursive) or - for stdin
    Audit(AuditArgs),
    /// Explain one rule, or list all rules with --all
    Rule(RuleArgs),
    /// Work with rule packs
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Normalise any supported export into canonical JSON Lines on stdout
    Convert(ConvertArgs),
    /// Lint canned responses (txt, md, html, csv, JSON macro exports)
    Lint(LintArgs),
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories (read recursively) of canned responses
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// What to print on stdout
    #[arg(long, value_enum, default_value_t = crate::report::lint::LintFormat::Full)]
    pub output_format: crate::report::lint::LintFormat,
    /// Also write FORMAT to PATH, atomically (repeatable), e.g. sarif:tact.sarif
    #[arg(long, value_name = "FORMAT:PATH")]
    pub output: Vec<String>,
    /// Print how many findings each rule produced instead of the findings
    #[arg(long)]
    pub statistics: bool,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Files, directories (recursive) or - for stdin
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Inputs: files, directories (read recursively) or - for stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Input format
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// What to print on stdout
    #[arg(long, value_enum, default_value_t = AuditFormat::Summary)]
    pub output_format: AuditFormat,
    /// Also write FORMAT to PATH, atomically (repeatable), e.g. jsonl:findings.jsonl
    #[arg(long, value_name = "FORMAT:PATH")]
    pub output: Vec<String>,
    /// Write agents.csv, agents.json, findings.jsonl and summary.txt here
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only this agent's findings and row
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,
    /// Only conversations with a message at or after this time (a date is
    /// its start, in the business time zone)
    #[arg(long, value_name = "DATE|TIME")]
    pub since: Option<String>,
    /// Only conversations with a message at or before this time (a date is
    /// its end)
    #[arg(long, value_name = "DATE|TIME")]
    pub until: Option<String>,
    /// Only conversations with a message in this span before the as-of
    /// time, e.g. 7d, 24h, 2w
    #[arg(long, value_name = "DURATION", conflicts_with_all = ["since", "until"])]
    pub last: Option<String>,
    /// The run's "now" for deadlines, SLAs and --last [default: the newest
    /// timestamp in the input; a date is its end]
    #[arg(long, value_name = "DATE|TIME")]
    pub as_of: Option<String>,
    /// Keep email addresses, phone and card numbers in excerpts
    #[arg(long)]
    pub no_redact: bool,
    /// Exit 2 when any input record was skipped
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule id, e.g. policy/hiding-behind-policy
    #[arg(required_unless_present = "all")]
    pub id: Option<String>,
    /// Every enabled rule
    #[arg(long, conflicts_with = "id")]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = DocsFormat::Text)]
    pub output_format: DocsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocsFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Run every rule's example, instead and tests; exit 1 on a failure
    Test(RulesTestArgs),
    /// Precision and recall per rule on labelled conversations; exit 1
    /// when a rule is below target
    Eval(RulesEvalArgs),
}

#[derive(Debug, Args)]
pub struct RulesEvalArgs {
    /// Labelled conversations: files or directories (each conversation's
    /// `expect` lists the findings it must produce)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Lowest acceptable precision for a rule
    #[arg(long, default_value_t = 0.9)]
    pub min_precision: f64,
    /// Lowest acceptable recall for a rule
    #[arg(long, default_value_t = 0.8)]
    pub min_recall: f64,
}

#[derive(Debug, Args)]
pub struct RulesTestArgs {
    /// Packs to test: names of loaded packs or paths to .toml files [default: all]
    #[arg(value_name = "PACK")]
    pub packs: Vec<String>,
}

/// How a command ended, for the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: findings at or above --fail-on, or failing rule tests.
    Findings,
    /// Exit 2: usage, config or input error.
    Error,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        }
    }
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Audit(args) => audit::run(&cli.common, args),
        Command::Rule(args) => rule::run(&cli.common, args),
        Command::Rules(RulesCommand::Test(args)) => rules_test::run(&cli.common, args),
        Command::Rules(RulesCommand::Eval(args)) => rules_eval::run(&cli.common, args),
        Command::Convert(args) => convert::run(&cli.common, args),
        Command::Lint(args) => lint::run(&cli.common, args),
    }
}

/// Sizes the worker pool when `--threads` asks for a number.
pub fn start_threads(common: &CommonArgs) -> anyhow::Result<()> {
    if let Some(threads) = common.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))?;
    }
    Ok(())
}

/// Writes to stdout through a buffer; a closed pipe (`tact … | head`) is
/// not an error, it means the reader has seen enough.
pub fn to_stdout(
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = fill(&mut out).and_then(|()| out.flush());
    match result {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
