//! Settings → the outside systems: what the screen shows and sends. A secret's value never
//! travels to the screen; the screen only learns whether one is set and where it comes from.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Every system's settings, and whether the managed file (`hyopps.toml`) could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsOverview {
    pub systems: Vec<SystemSettingsView>,
    /// Where the managed configuration file is looked for.
    pub config_file: String,
    /// Why the managed file was not applied (bad TOML, unknown key, wrong type), naming the key.
    pub config_problem: Option<String>,
    /// When the settings in effect last read the managed file (RFC 3339); it is read again
    /// whenever it changes. `None` before the settings were first applied.
    #[serde(default)]
    pub config_read_at: Option<String>,
}

/// One system (`metabase`, `graph`, `slack`, `keycloak`, `smtp`, `webhooks.<step>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSettingsView {
    pub id: String,
    pub label: String,
    /// One sentence on what HyOpps does with this system.
    pub purpose: String,
    pub fields: Vec<SettingFieldView>,
    pub secret: Option<SecretView>,
    /// Every required value (and the secret, if required) is present.
    pub configured: bool,
    /// Labels of what is still missing.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingFieldView {
    /// The `hyopps.toml` key.
    pub key: String,
    pub label: String,
    pub kind: SettingKind,
    /// The value in effect ("" when unset).
    pub value: String,
    pub required: bool,
    /// Set by `hyopps.toml`: shown read-only.
    pub managed: bool,
    /// The value used when nothing is set, if any.
    pub default_value: Option<String>,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SettingKind {
    Text,
    Url,
    Number,
    Email,
    /// Several lines (headers, a JSON template).
    Multiline,
    Choice {
        options: Vec<String>,
    },
}

/// Where a system's secret comes from; its value is never sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretView {
    pub label: String,
    pub required: bool,
    pub source: SecretSource,
    /// The environment variable that overrides the keychain (`HYOPPS_…`).
    pub environment_variable: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretSource {
    NotSet,
    Keychain,
    /// The environment variable is set; it wins over the keychain and cannot be changed here.
    Environment,
}

/// What to do with a system's secret when saving.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "action", content = "value", rename_all = "snake_case")]
pub enum SecretChange {
    #[default]
    Keep,
    Set(String),
    Remove,
}

impl fmt::Debug for SecretChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Keep => f.write_str("Keep"),
            Self::Set(_) => f.write_str("Set([redacted])"),
            Self::Remove => f.write_str("Remove"),
        }
    }
}

/// Saves one system's values (every non-managed field; "" clears it) and its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSystemSettingsRequest {
    pub system: String,
    pub values: BTreeMap<String, String>,
    #[serde(default)]
    pub secret: SecretChange,
}

/// What "Test connection" or "Send test email" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionCheck {
    pub system: String,
    pub ok: bool,
    /// What worked, or what failed and what to do.
    pub message: String,
}
