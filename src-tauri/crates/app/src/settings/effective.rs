//! The settings in effect: `hyopps.toml` first, then what was saved in Settings, then defaults;
//! each secret from its environment variable first, then the keychain.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use hyopps_connectors::Secret;
use hyopps_contract::{
    SecretSource, SecretView, SettingFieldView, SettingKind, SettingsOverview, SystemSettingsView,
};

use super::catalog::{self, Kind, SystemSpec};
use super::managed_file::{self, Managed};
use super::vault::{Environment, SecretVault};

/// Where settings and secrets come from.
#[derive(Clone)]
pub struct SettingsSources {
    /// `hyopps.toml` (or `HYOPPS_CONFIG`); `None`: nothing is managed.
    pub config_file: Option<PathBuf>,
    pub vault: Arc<dyn SecretVault>,
    pub environment: Environment,
}

impl SettingsSources {
    /// No managed file, secrets in memory, no environment: what tests and a bare [`crate::App::new`] use.
    pub fn isolated() -> Self {
        Self {
            config_file: None,
            vault: Arc::new(super::vault::MemoryVault::default()),
            environment: super::vault::empty_environment(),
        }
    }

    /// The desktop's: `HYOPPS_CONFIG` or `<data dir>/hyopps.toml`, the OS keychain, the
    /// process environment.
    pub fn desktop(data_dir: &std::path::Path) -> Self {
        let environment = super::vault::process_environment();
        let config_file = environment("HYOPPS_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("hyopps.toml"));
        Self {
            config_file: Some(config_file),
            vault: Arc::new(super::vault::Keychain::for_installation(data_dir)),
            environment,
        }
    }

    pub(crate) fn read_managed(&self) -> (Managed, Option<String>) {
        match &self.config_file {
            None => (Managed::new(), None),
            Some(path) => match managed_file::read(path) {
                Ok(managed) => (managed, None),
                Err(problem) => (Managed::new(), Some(problem)),
            },
        }
    }

    /// The secret in effect for a system, and where it came from.
    pub(crate) fn secret(
        &self,
        spec: &SystemSpec,
    ) -> Result<(Option<Secret>, SecretSource), String> {
        if let Some(value) = (self.environment)(&spec.secret.environment_variable) {
            return Ok((Some(Secret::new(value)), SecretSource::Environment));
        }
        Ok(match self.vault.get(&spec.id)? {
            Some(value) if !value.is_empty() => (Some(Secret::new(value)), SecretSource::Keychain),
            _ => (None, SecretSource::NotSet),
        })
    }
}

/// One system's values in effect.
#[derive(Debug, Clone)]
pub(crate) struct SystemValues {
    pub spec: SystemSpec,
    /// key → (value, set by hyopps.toml)
    pub values: BTreeMap<String, (String, bool)>,
    pub secret: Option<Secret>,
    pub secret_source: SecretSource,
    /// The keychain could not be read.
    pub secret_problem: Option<String>,
}

impl SystemValues {
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map(|(v, _)| v.as_str()).unwrap_or("")
    }

    pub fn number(&self, key: &str) -> Option<i64> {
        self.get(key).parse().ok()
    }

    /// Labels of the required values (and secret) that are missing.
    pub fn missing(&self) -> Vec<String> {
        let mut missing: Vec<String> = self
            .spec
            .fields
            .iter()
            .filter(|f| f.required && self.get(f.key).is_empty())
            .map(|f| f.label.to_string())
            .collect();
        if self.spec.secret.required && self.secret.is_none() {
            missing.push(self.spec.secret.label.to_string());
        }
        missing
    }

    pub fn is_configured(&self) -> bool {
        self.missing().is_empty()
    }

    /// "Metabase is missing: API key, Metabase URL. Open Settings → Metabase."
    pub fn missing_message(&self) -> String {
        format!(
            "{} is not configured: {} missing. Open Settings → {}.",
            self.spec.label,
            self.missing().join(", "),
            self.spec.label
        )
    }

    fn view(&self) -> SystemSettingsView {
        let fields = self
            .spec
            .fields
            .iter()
            .map(|field| {
                let (value, managed) = self.values.get(field.key).cloned().unwrap_or_default();
                SettingFieldView {
                    key: field.key.to_string(),
                    label: field.label.to_string(),
                    kind: match field.kind {
                        Kind::Text => SettingKind::Text,
                        Kind::Url | Kind::ExactUrl => SettingKind::Url,
                        Kind::Number => SettingKind::Number,
                        Kind::Email => SettingKind::Email,
                        Kind::Headers | Kind::Template => SettingKind::Multiline,
                        Kind::Choice(options) => SettingKind::Choice {
                            options: options.iter().map(|o| o.to_string()).collect(),
                        },
                    },
                    value,
                    required: field.required,
                    managed,
                    default_value: field.default.map(str::to_string),
                    help: field.help.to_string(),
                }
            })
            .collect();
        SystemSettingsView {
            id: self.spec.id.clone(),
            label: self.spec.label.clone(),
            purpose: match &self.secret_problem {
                Some(problem) => format!(
                    "{} (The secret could not be read: {problem})",
                    self.spec.purpose
                ),
                None => self.spec.purpose.to_string(),
            },
            fields,
            secret: Some(SecretView {
                label: self.spec.secret.label.to_string(),
                required: self.spec.secret.required,
                source: self.secret_source,
                environment_variable: self.spec.secret.environment_variable.clone(),
            }),
            configured: self.is_configured(),
            missing: self.missing(),
        }
    }
}

/// Every system's values in effect, from the managed file, the stored values and the secrets.
pub(crate) struct Effective {
    pub systems: Vec<SystemValues>,
    pub config_file: String,
    pub config_problem: Option<String>,
}

impl Effective {
    /// Reads secrets too, so it may block: call it off the async runtime's workers.
    pub fn gather(
        sources: &SettingsSources,
        stored: &BTreeMap<String, BTreeMap<String, String>>,
    ) -> Self {
        let (managed, config_problem) = sources.read_managed();
        let systems = catalog::systems()
            .into_iter()
            .map(|spec| {
                let values = spec
                    .fields
                    .iter()
                    .map(|field| {
                        let from_file = managed.get(&spec.id).and_then(|t| t.get(field.key));
                        let from_store = stored.get(&spec.id).and_then(|t| t.get(field.key));
                        let value = match (from_file, from_store) {
                            (Some(value), _) => (value.clone(), true),
                            (None, Some(value)) => (value.clone(), false),
                            (None, None) => (field.default.unwrap_or_default().to_string(), false),
                        };
                        (field.key.to_string(), value)
                    })
                    .collect();
                let (secret, secret_source, secret_problem) = match sources.secret(&spec) {
                    Ok((secret, source)) => (secret, source, None),
                    Err(problem) => (None, SecretSource::NotSet, Some(problem)),
                };
                SystemValues {
                    spec,
                    values,
                    secret,
                    secret_source,
                    secret_problem,
                }
            })
            .collect();
        Self {
            systems,
            config_file: sources
                .config_file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            config_problem,
        }
    }

    pub fn system(&self, id: &str) -> Option<&SystemValues> {
        self.systems.iter().find(|s| s.spec.id == id)
    }

    pub fn overview(&self) -> SettingsOverview {
        SettingsOverview {
            systems: self.systems.iter().map(SystemValues::view).collect(),
            config_file: self.config_file.clone(),
            config_problem: self.config_problem.clone(),
            config_read_at: None,
        }
    }
}
