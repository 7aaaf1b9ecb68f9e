//! The second stage of argument handling: loads `tact.toml` and the rule
//! packs, applies `--select`/`--ignore` and severity overrides, and
//! collects every problem before any work starts.

use super::CommonArgs;
use crate::check::RuleSet;
use crate::config::LoadedConfig;
use crate::ingest::{InputFormat, ReadOptions};
use crate::normalize::calendar::TimeSettings;
use crate::pack::{Kind, Pack, RuleSpec, Scope, SourceError, load_packs};
use jiff::tz::TimeZone;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Config and rules, ready to run.
#[derive(Debug)]
pub struct Resolved {
    pub config: LoadedConfig,
    pub packs: Vec<Pack>,
    /// The rules the audit runs, after selection and overrides, in pack
    /// order. The template checks of canned responses are left out unless
    /// selected by name.
    pub specs: Vec<RuleSpec>,
    /// The rules `tact lint` runs: the message-level rules (phrases and
    /// patterns an agent may write) and the template checks.
    pub lint_specs: Vec<RuleSpec>,
    /// The business calendar, SLAs and date order.
    pub time: TimeSettings,
}

impl Resolved {
    pub fn rule_set(&self) -> Result<RuleSet, String> {
        Ok(RuleSet::compile(self.specs.clone())?.with_time(self.time.clone()))
    }

    /// The business time zone.
    pub fn zone(&self) -> &TimeZone {
        &self.time.calendar.zone
    }

    /// How to read inputs: the format asked for, the business zone for
    /// naive times, and who the agents and bots are.
    pub fn read_options(&self, format: InputFormat) -> ReadOptions {
        let agents = &self.config.config.agents;
        let lower = |items: &[String]| items.iter().map(|i| i.trim().to_lowercase()).collect();
        let mut options = ReadOptions::new(format, self.zone().clone());
        options.agent_domains = lower(&agents.domains);
        options.ignore = lower(&agents.ignore);
        options
    }

    pub fn rule_ids(&self) -> Vec<String> {
        self.specs.iter().map(|s| s.id.clone()).collect()
    }
}

/// Loads everything `common` points at; `Err` holds every problem found.
pub fn resolve(common: &CommonArgs) -> Result<Resolved, Vec<String>> {
    let mut errors: Vec<String> = Vec::new();
    let config_path: Option<PathBuf> = match &common.config {
        Some(path) => Some(path.clone()),
        None => Some(PathBuf::from("tact.toml")).filter(|p| p.is_file()),
    };
    let config = match config_path {
        None => LoadedConfig::default(),
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(text) => {
                LoadedConfig::parse(&path.display().to_string(), text).unwrap_or_else(|found| {
                    errors.extend(found.iter().map(ToString::to_string));
                    LoadedConfig::default()
                })
            }
            Err(error) => {
                errors.push(format!("{}: cannot read config: {error}", path.display()));
                LoadedConfig::default()
            }
        },
    };
    let time = config.time_settings().unwrap_or_else(|found| {
        errors.extend(found.iter().map(ToString::to_string));
        TimeSettings::default()
    });
    let packs = load_packs(&common.rules).unwrap_or_else(|found| {
        errors.extend(found.iter().map(ToString::to_string));
        Vec::new()
    });

    let all: Vec<&RuleSpec> = packs.iter().flat_map(|p| &p.rules).collect();
    let names: BTreeSet<&str> = all
        .iter()
        .map(|r| r.id.as_str())
        .chain(packs.iter().map(|p| p.name.as_str()))
        // tact lint's own findings about suppressions.
        .chain(crate::lint::META_RULES.iter().map(|(id, ..)| *id))
        .chain(["tact"])
        .collect();
    let selects = |selector: &str, rule: &RuleSpec| selector == rule.id || selector == rule.pack;
    let mut config_errors: Vec<SourceError> = Vec::new();
    let rules_config = &config.config.rules;
    // Packs failed to load: their errors say why, and checking names
    // against an empty list would only add noise.
    let check_names = !packs.is_empty();
    for spanned in rules_config.select.iter().chain(&rules_config.ignore) {
        if check_names && !names.contains(spanned.get_ref().as_str()) {
            config_errors.push(config.error_at(
                spanned,
                format!("unknown rule or pack `{}`", spanned.get_ref()),
            ));
        }
    }
    for (flag, values) in [("--select", &common.select), ("--ignore", &common.ignore)] {
        for value in values {
            if check_names && !names.contains(value.as_str()) {
                errors.push(format!("{flag}: unknown rule or pack `{value}`"));
            }
        }
    }
    // The command line's --select replaces the config's; ignores add up.
    let select: Vec<String> = if common.select.is_empty() {
        rules_config
            .select
            .iter()
            .map(|s| s.get_ref().clone())
            .collect()
    } else {
        common.select.clone()
    };
    let ignore: Vec<String> = rules_config
        .ignore
        .iter()
        .map(|s| s.get_ref().clone())
        .chain(common.ignore.iter().cloned())
        .collect();
    let mut specs: Vec<RuleSpec> = all
        .into_iter()
        .filter(|rule| select.is_empty() || select.iter().any(|s| selects(s, rule)))
        .filter(|rule| !ignore.iter().any(|s| selects(s, rule)))
        .cloned()
        .collect();
    for (id, severity) in &rules_config.severity {
        if check_names && !names.contains(id.as_str()) {
            config_errors.push(
                config.error_at(severity, format!("unknown rule `{id}` in [rules] severity")),
            );
        }
        for spec in specs.iter_mut().filter(|s| &s.id == id || &s.pack == id) {
            spec.severity = *severity.get_ref();
        }
    }
    config_errors.sort();
    errors.extend(config_errors.iter().map(ToString::to_string));
    let template_text = |rule: &RuleSpec| rule.code.is_some_and(|c| c.is_template_text());
    let lint_specs: Vec<RuleSpec> = specs
        .iter()
        .filter(|rule| {
            template_text(rule)
                || (matches!(rule.kind, Kind::Phrase | Kind::Pattern)
                    && matches!(rule.scope, Scope::Agent | Scope::Any))
        })
        .cloned()
        .collect();
    let named = |rule: &RuleSpec| select.iter().any(|s| selects(s, rule));
    specs.retain(|rule| !template_text(rule) || named(rule));
    if errors.is_empty() {
        Ok(Resolved {
            config,
            packs,
            specs,
            lint_specs,
            time,
        })
    } else {
        Err(errors)
    }
}

/// Prints configuration problems, one per line.
/// [`resolve`], with its errors printed: `None` means the command ends
/// with a usage error.
pub fn resolve_or_report(common: &CommonArgs) -> Option<Resolved> {
    resolve(common).map_err(|errors| print_errors(&errors)).ok()
}

pub fn print_errors(errors: &[String]) {
    for error in errors {
        eprintln!("error: {error}");
    }
}
