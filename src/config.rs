//! `tact.toml`: the team's settings (DESIGN §6). Parsed and validated
//! before any work; every problem is reported with file, line and column.

use crate::model::Severity;
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
    /// Per-channel SLAs; read now so a complete `tact.toml` is accepted,
    /// used by the timing rules.
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
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Business {
    pub timezone: Option<Spanned<String>>,
    pub hours: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    pub first_response: Option<String>,
    pub wait: Option<String>,
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
                        "unknown time zone {:?} (expected an IANA name like America/New_York)",
                        name.get_ref()
                    ),
                )
            }),
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
                .starts_with("tact.toml:2:12: unknown time zone"),
            "{error}"
        );
    }
}
