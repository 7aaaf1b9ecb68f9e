//! `tact.toml`: the team's settings (DESIGN §6). Parsed and validated
//! before any work; every problem is reported with file, line and column.

use crate::model::Severity;
use crate::normalize::calendar::{
    Calendar, ChannelSla, DateOrder, Duration, TimeSettings, WeeklyHours,
};
use crate::pack::SourceError;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The file as written. Unknown keys are errors: a typo in a setting must
/// not silently leave the default in force.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default)]
    pub business: Business,
    /// Per-channel SLAs of the timing rules; `default` covers channels
    /// with no entry of their own.
    #[serde(default)]
    pub sla: BTreeMap<String, Sla>,
    #[serde(default)]
    pub agents: Agents,
    #[serde(default)]
    pub rules: RulesSection,
    #[serde(default)]
    pub score: ScoreWeights,
    #[serde(default)]
    pub lint: Lint,
    #[serde(default)]
    pub templates: TemplatesSection,
}

/// `[templates]`: when a cluster of near-duplicate replies is a template.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplatesSection {
    /// Conversations a cluster must be used in (default: one in 500
    /// conversations, at least 5 and at most 50).
    pub min_conversations: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Business {
    pub timezone: Option<Spanned<String>>,
    pub hours: Option<Spanned<String>>,
    /// `"dmy"` or `"mdy"`: how a date like 5/11 in a promise is read.
    pub date_order: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    pub first_response: Option<Spanned<String>>,
    pub wait: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agents {
    /// Email senders from these domains are agents.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Senders that are bots or automations, by name or address.
    #[serde(default)]
    pub ignore: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Spanned<Severity>>,
}

/// Points a conversation loses per finding, by severity.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ScoreWeights {
    pub info: u32,
    pub warning: u32,
    pub error: u32,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            info: 0,
            warning: 5,
            error: 15,
        }
    }
}

impl ScoreWeights {
    pub fn weight(&self, severity: Severity) -> u32 {
        match severity {
            Severity::Info => self.info,
            Severity::Warning => self.warning,
            Severity::Error => self.error,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lint {
    pub max_words: Option<u32>,
    pub max_grade: Option<f64>,
    #[serde(default, rename = "per-file-ignores")]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
}

/// A loaded config and the text it came from, for error positions.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub file: String,
    pub text: String,
    pub config: ConfigFile,
}

impl LoadedConfig {
    /// Parses a config file's text.
    pub fn parse(file: &str, text: String) -> Result<LoadedConfig, Vec<SourceError>> {
        let config: ConfigFile = toml::from_str(&text)
            .map_err(|error| vec![SourceError::from_toml(file, &text, &error)])?;
        Ok(LoadedConfig {
            file: file.to_string(),
            text,
            config,
        })
    }

    /// An error at a spanned value of this file.
    pub fn error_at<T>(&self, value: &Spanned<T>, message: impl Into<String>) -> SourceError {
        SourceError::at(&self.file, &self.text, value.span().start, message)
    }

    /// The business time zone (UTC when not set).
    pub fn time_zone(&self) -> Result<TimeZone, SourceError> {
        match &self.config.business.timezone {
            None => Ok(TimeZone::UTC),
            Some(name) => TimeZone::get(name.get_ref()).map_err(|_| {
                self.error_at(
                    name,
                    format!(
                        "[business] timezone: unknown time zone {:?} (expected an IANA name like America/New_York)",
                        name.get_ref()
                    ),
                )
            }),
        }
    }
}

impl LoadedConfig {
    /// The business calendar, SLAs and date order, with every problem
    /// reported at its key: an unknown zone, hours like "25:00", a
    /// duration like "2 fortnights".
    pub fn time_settings(&self) -> Result<TimeSettings, Vec<SourceError>> {
        let mut errors = Vec::new();
        let defaults = TimeSettings::default();
        let zone = self.time_zone().unwrap_or_else(|error| {
            errors.push(error);
            jiff::tz::TimeZone::UTC
        });
        let business = &self.config.business;
        let hours = match &business.hours {
            None => WeeklyHours::default(),
            Some(text) => WeeklyHours::parse(text.get_ref()).unwrap_or_else(|message| {
                errors.push(self.error_at(text, format!("[business] hours: {message}")));
                WeeklyHours::default()
            }),
        };
        let date_order = match &business.date_order {
            None => None,
            Some(text) => match text.get_ref().to_ascii_lowercase().as_str() {
                "dmy" => Some(DateOrder::DayMonth),
                "mdy" => Some(DateOrder::MonthDay),
                other => {
                    errors.push(self.error_at(
                        text,
                        format!("[business] date_order: unknown order {other:?} (expected \"dmy\" or \"mdy\")"),
                    ));
                    None
                }
            },
        };
        let mut sla = defaults.sla.clone();
        let mut default_sla = defaults.default_sla;
        // `default` first: the channels without a key of their own fall
        // back to it.
        let mut entries: Vec<(String, &Sla)> = self
            .config
            .sla
            .iter()
            .map(|(channel, entry)| (channel.to_ascii_lowercase(), entry))
            .collect();
        entries.sort_by_key(|(channel, _)| channel != "default");
        for (channel, entry) in entries {
            let base = if channel == "default" {
                default_sla
            } else {
                sla.get(&channel).copied().unwrap_or(default_sla)
            };
            let mut read =
                |value: &Option<Spanned<String>>, key: &str, fallback: Duration| match value {
                    None => fallback,
                    Some(text) => Duration::parse(text.get_ref()).unwrap_or_else(|message| {
                        errors
                            .push(self.error_at(text, format!("[sla] {channel}.{key}: {message}")));
                        fallback
                    }),
                };
            let parsed = ChannelSla {
                first_response: read(&entry.first_response, "first_response", base.first_response),
                wait: read(&entry.wait, "wait", base.wait),
            };
            if channel == "default" {
                default_sla = parsed;
            } else {
                sla.insert(channel, parsed);
            }
        }
        if errors.is_empty() {
            Ok(TimeSettings {
                calendar: Calendar { zone, hours },
                sla,
                default_sla,
                date_order,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_example_parses() {
        let text = r#"
[business]
timezone = "America/New_York"
hours = "Mon-Fri 09:00-17:00"
[sla]
email = { first_response = "24h", wait = "24h" }
[agents]
domains = ["example.com"]
ignore = ["Fin", "noreply@example.com"]
[rules]
select = ["courtesy", "policy/hiding-behind-policy"]
ignore = ["personal/no-name"]
severity = { "courtesy/no-please" = "info" }
[lint]
max_words = 200
max_grade = 10
per-file-ignores = { "macros/legal/*.txt" = ["policy/hiding-behind-policy"] }
"#;
        let loaded = LoadedConfig::parse("tact.toml", text.to_string()).unwrap();
        assert!(loaded.time_zone().is_ok());
        assert_eq!(loaded.config.agents.ignore.len(), 2);
        assert_eq!(
            *loaded.config.rules.severity["courtesy/no-please"].get_ref(),
            Severity::Info
        );
    }

    #[test]
    fn mistakes_name_their_place() {
        let error = LoadedConfig::parse("tact.toml", "[rules]\nselct = []\n".into()).unwrap_err();
        assert!(
            error[0]
                .to_string()
                .starts_with("tact.toml:2:1: unknown field `selct`"),
            "{error:?}"
        );
        let loaded =
            LoadedConfig::parse("tact.toml", "[business]\ntimezone = \"Mars/Base\"\n".into())
                .unwrap();
        let error = loaded.time_zone().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("tact.toml:2:12: [business] timezone: unknown time zone"),
            "{error}"
        );
    }

    #[test]
    fn bad_time_values_name_their_key() {
        let text = "[business]\ntimezone = \"Europe/Atlantis\"\nhours = \"Mon-Fri 09:00-25:00\"\ndate_order = \"ymd\"\n[sla]\nemail = { first_response = \"2 fortnights\", wait = \"24h\" }\n";
        let loaded = LoadedConfig::parse("tact.toml", text.into()).unwrap();
        let errors: Vec<String> = loaded
            .time_settings()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(
            errors[0].starts_with("tact.toml:2:12: [business] timezone: unknown time zone"),
            "{errors:?}"
        );
        assert!(
            errors[1]
                .starts_with("tact.toml:3:9: [business] hours: \"25:00\" is not a time of day"),
            "{errors:?}"
        );
        assert!(
            errors[2].starts_with("tact.toml:4:14: [business] date_order"),
            "{errors:?}"
        );
        assert!(
            errors[3].starts_with(
                "tact.toml:6:28: [sla] email.first_response: \"2 fortnights\": unknown unit \"fortnights\""
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn sla_entries_override_the_defaults() {
        let text = "[sla]\nchat = { first_response = \"5m\" }\ndefault = { wait = \"8 business hours\" }\nphone = { wait = \"1h\" }\n";
        let loaded = LoadedConfig::parse("tact.toml", text.into()).unwrap();
        let settings = loaded.time_settings().unwrap();
        let chat = settings.sla_for(Some("Chat"));
        assert_eq!(chat.first_response, Duration::Wall(300));
        assert_eq!(chat.wait, Duration::Wall(120));
        assert_eq!(
            settings.sla_for(Some("sms")).wait,
            Duration::BusinessTime(28_800)
        );
        assert_eq!(settings.sla_for(Some("phone")).wait, Duration::Wall(3600));
    }
}
