//! Where the systems' secrets are kept: the operating system's keychain, never SQLite,
//! files or logs. An `HYOPPS_…` environment variable wins over the keychain for headless use.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A place that keeps secrets by name. Calls may block (the keychain is another process).
pub trait SecretVault: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<String>, String>;
    fn set(&self, name: &str, value: &str) -> Result<(), String>;
    fn remove(&self, name: &str) -> Result<(), String>;
}

/// Reads an environment variable (injected, so tests do not touch the process environment).
pub type Environment = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The process environment; a variable that is not set is read from the file of that name in
/// `$CREDENTIALS_DIRECTORY` when there is one (systemd's `LoadCredential=`, which keeps secrets
/// out of the unit file and the process environment).
pub fn process_environment() -> Environment {
    with_credentials(
        |name| std::env::var(name).ok(),
        std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from),
    )
}

/// `variables`, then the file `<credentials>/<NAME>` (its content without the final line
/// break); empty values count as unset. Only names of capitals, digits and `_` are looked up
/// as files, so a name can never reach outside the folder.
pub fn with_credentials(
    variables: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    credentials: Option<PathBuf>,
) -> Environment {
    Arc::new(move |name| {
        let from_file = || {
            let folder = credentials.as_ref()?;
            let safe = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if !safe {
                return None;
            }
            let text = std::fs::read_to_string(folder.join(name)).ok()?;
            Some(text.trim_end_matches(['\n', '\r']).to_owned())
        };
        variables(name)
            .filter(|v| !v.trim().is_empty())
            .or_else(|| from_file().filter(|v| !v.trim().is_empty()))
    })
}

/// No environment at all.
pub fn empty_environment() -> Environment {
    Arc::new(|_| None)
}

/// The service name HyOpps's entries carry in the keychain.
const KEYCHAIN_SERVICE: &str = "HyOpps";

/// The OS keychain through `keyring` (Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows). Entries are kept once made: keyring's mock store (used in tests) keeps a
/// value per entry object, and re-making them is wasted work anyway.
#[derive(Default)]
pub struct Keychain {
    /// Which installation the secrets belong to (its data directory): two installations on one
    /// machine (a test one next to the real one, `HYOPPS_DATA_DIR`) never share a secret.
    installation: String,
    entries: Mutex<HashMap<String, Arc<keyring::Entry>>>,
}

impl Keychain {
    /// The keychain entries of the installation whose data directory is `data_dir`.
    pub fn for_installation(data_dir: &std::path::Path) -> Self {
        Self {
            installation: data_dir.display().to_string(),
            entries: Mutex::default(),
        }
    }

    fn entry(&self, name: &str) -> Result<Arc<keyring::Entry>, String> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = entries.get(name) {
            return Ok(Arc::clone(entry));
        }
        let account = if self.installation.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({})", self.installation)
        };
        let entry = Arc::new(keyring::Entry::new(KEYCHAIN_SERVICE, &account).map_err(describe)?);
        entries.insert(name.to_string(), Arc::clone(&entry));
        Ok(entry)
    }
}

impl SecretVault for Keychain {
    fn get(&self, name: &str) -> Result<Option<String>, String> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(describe(error)),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<(), String> {
        self.entry(name)?.set_password(value).map_err(describe)
    }

    fn remove(&self, name: &str) -> Result<(), String> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(describe(error)),
        }
    }
}

/// keyring's errors name the failing platform call, never the secret.
fn describe(error: keyring::Error) -> String {
    format!("the system keychain answered: {error}")
}

/// Secrets in memory only: for tests and for an app opened without a keychain.
#[derive(Default)]
pub struct MemoryVault {
    values: Mutex<HashMap<String, String>>,
}

impl SecretVault for MemoryVault {
    fn get(&self, name: &str) -> Result<Option<String>, String> {
        Ok(self
            .values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned())
    }

    fn set(&self, name: &str, value: &str) -> Result<(), String> {
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&self, name: &str) -> Result<(), String> {
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_wins_and_a_credential_file_stands_in_for_a_missing_one() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("HYOPPS_SLACK_TOKEN"), "from-file\n").unwrap();
        std::fs::write(folder.path().join("HYOPPS_SMTP_PASSWORD"), "file-only").unwrap();
        std::fs::write(folder.path().join("HYOPPS_EMPTY"), "\n").unwrap();
        let environment = with_credentials(
            |name| (name == "HYOPPS_SLACK_TOKEN").then(|| "from-variable".to_owned()),
            Some(folder.path().to_owned()),
        );
        assert_eq!(
            environment("HYOPPS_SLACK_TOKEN").as_deref(),
            Some("from-variable"),
            "a variable wins over a credential file"
        );
        assert_eq!(
            environment("HYOPPS_SMTP_PASSWORD").as_deref(),
            Some("file-only"),
            "a credential file stands in for a missing variable"
        );
        assert_eq!(environment("HYOPPS_EMPTY"), None, "an empty file is unset");
        assert_eq!(environment("HYOPPS_MISSING"), None);
        assert_eq!(
            environment("../HYOPPS_SMTP_PASSWORD"),
            None,
            "a name is never a path"
        );
        let without = with_credentials(|_| None, None);
        assert_eq!(without("HYOPPS_SMTP_PASSWORD"), None);
    }
}
