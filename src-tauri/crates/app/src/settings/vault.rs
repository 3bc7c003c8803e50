//! Where the systems' secrets are kept: the operating system's keychain, never SQLite,
//! files or logs. An `HYOPPS_…` environment variable wins over the keychain for headless use.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A place that keeps secrets by name. Calls may block (the keychain is another process).
pub trait SecretVault: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<String>, String>;
    fn set(&self, name: &str, value: &str) -> Result<(), String>;
    fn remove(&self, name: &str) -> Result<(), String>;
}

/// Reads an environment variable (injected, so tests do not touch the process environment).
pub type Environment = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The process environment.
pub fn process_environment() -> Environment {
    Arc::new(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
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
