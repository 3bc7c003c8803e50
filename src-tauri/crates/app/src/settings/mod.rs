//! Settings → the outside systems: showing and saving each system's settings, its secret in the
//! keychain, "Test connection" and "Send test email", and rebuilding the connectors the
//! workflows use whenever something changes.

mod build;
mod catalog;
mod effective;
mod links;
mod managed_file;
mod probe;
mod reload;
mod validate;
mod vault;
mod webhook_check;

use std::collections::BTreeMap;

use hyopps_contract::{
    ConnectionCheck, SaveSystemSettingsRequest, SecretChange, SecretSource, SettingsOverview,
};
use hyopps_store::{audit, integration_settings};
use serde_json::json;

pub use effective::SettingsSources;
pub(crate) use links::LiveLinks;
pub use links::SystemLinks;
pub(crate) use reload::AppliedFile;
pub use reload::SETTINGS_FILE_CHECK;
pub use vault::{Environment, Keychain, MemoryVault, SecretVault};

use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};
use effective::Effective;

const MAX_SECRET_CHARS: usize = 4_096;

impl App {
    /// Every system's settings as the Settings screen shows them (no secret values).
    pub async fn settings_overview(
        &self,
        token: &SessionToken,
    ) -> Result<SettingsOverview, AppError> {
        self.authorize(token, Access::Admin).await?;
        // What Settings shows is what the workflows use: an edited hyopps.toml is taken now.
        self.reload_settings_if_changed().await?;
        let mut overview = self.effective_settings().await?.overview();
        overview.config_read_at = self.managed_file.read_at().map(stamp);
        Ok(overview)
    }

    /// Saves one system's values and secret, then switches the workflows to the new settings.
    /// Nothing is written unless every value is valid.
    pub async fn save_system_settings(
        &self,
        token: &SessionToken,
        request: SaveSystemSettingsRequest,
    ) -> Result<SettingsOverview, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let before = self.effective_settings().await?;
        let current = before.system(&request.system).ok_or_else(|| {
            AppError::NotFound(format!(
                "There is no system `{}` in Settings.",
                request.system
            ))
        })?;
        let mut fields = BTreeMap::new();
        let mut values = BTreeMap::new();
        for (key, raw) in &request.values {
            let Some(field) = current.spec.field(key) else {
                fields.insert(
                    key.clone(),
                    format!("{} has no setting `{key}`.", current.spec.label),
                );
                continue;
            };
            let (in_effect, managed) = current.values.get(key).cloned().unwrap_or_default();
            match validate::value(field, raw) {
                Ok(value) if managed && value != in_effect => {
                    fields.insert(
                        key.clone(),
                        format!(
                            "{} is set by {}; change it there.",
                            field.label,
                            shown_file(&before)
                        ),
                    );
                }
                Ok(_) if managed => {}
                Ok(value) => {
                    values.insert(key.clone(), value);
                }
                Err(problem) => {
                    fields.insert(key.clone(), problem);
                }
            }
        }
        let secret_variable = current.spec.secret.environment_variable.clone();
        if let SecretChange::Set(secret) = &request.secret {
            let problem = if secret.trim().is_empty() {
                Some(format!(
                    "Enter the {}, or keep the one stored.",
                    current.spec.secret.label.to_lowercase()
                ))
            } else if secret.chars().count() > MAX_SECRET_CHARS {
                Some(format!(
                    "The {} is too long (at most {MAX_SECRET_CHARS} characters).",
                    current.spec.secret.label.to_lowercase()
                ))
            } else if secret.chars().any(char::is_control) {
                Some(format!(
                    "The {} contains control characters.",
                    current.spec.secret.label.to_lowercase()
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                fields.insert("secret".into(), problem);
            }
        }
        if !matches!(request.secret, SecretChange::Keep)
            && current.secret_source == SecretSource::Environment
        {
            fields.insert(
                "secret".into(),
                format!("{secret_variable} is set in HyOpps's environment and wins over the keychain; change it there."),
            );
        }
        if request.system == "smtp" {
            if let Some(from) = values.get("from") {
                let mut probe_values = current.clone();
                probe_values
                    .values
                    .insert("from".into(), (from.clone(), false));
                if let Some(Err(problem)) =
                    build::smtp(&probe_values).map(hyopps_connectors::SmtpConnector::new)
                {
                    fields.insert("from".into(), problem.to_string());
                }
            }
        }
        if fields.is_empty() {
            if let Some((field, problem)) =
                webhook_check::problem_when_saved(current, &values, &request.secret)
            {
                fields.insert(field.into(), problem);
            }
        }
        if !fields.is_empty() {
            return Err(AppError::invalid_fields(fields));
        }

        // The keychain first: if it refuses, nothing else has changed.
        let secret_action = match request.secret.clone() {
            SecretChange::Keep => "kept",
            SecretChange::Set(secret) => {
                self.with_vault(
                    move |vault, name| vault.set(&name, &secret),
                    &request.system,
                    &secret_variable,
                )
                .await?;
                "set"
            }
            SecretChange::Remove => {
                self.with_vault(
                    |vault, name| vault.remove(&name),
                    &request.system,
                    &secret_variable,
                )
                .await?;
                "removed"
            }
        };
        let changed: BTreeMap<String, (String, String)> = values
            .iter()
            .filter_map(|(key, value)| {
                let old = current.get(key).to_string();
                (old != *value).then(|| (key.clone(), (old, value.clone())))
            })
            .collect();
        let (system, at, actor_id) = (
            request.system.clone(),
            stamp(self.clock.now()),
            actor.user_id.clone(),
        );
        self.store
            .write(move |tx| {
                integration_settings::save(tx, &system, &values, &at)?;
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &at,
                        actor_user_id: Some(&actor_id),
                        action: "settings_saved",
                        target_type: "integration",
                        target_id: Some(&system),
                        summary: json!({
                            "before": changed.iter().map(|(k, (old, _))| (k.clone(), old.clone())).collect::<BTreeMap<_, _>>(),
                            "after": changed.iter().map(|(k, (_, new))| (k.clone(), new.clone())).collect::<BTreeMap<_, _>>(),
                            "secret": secret_action,
                        }),
                    },
                )?;
                Ok::<_, AppError>(())
            })
            .await?;
        let after = self.effective_settings().await?;
        self.use_settings(&after);
        tracing::info!(system = %request.system, secret = secret_action, "integration settings saved");
        let mut overview = after.overview();
        overview.config_read_at = self.managed_file.read_at().map(stamp);
        Ok(overview)
    }

    /// Makes a real, harmless call to the system with the settings in effect and says what
    /// worked or what failed.
    pub async fn test_connection(
        &self,
        token: &SessionToken,
        system: &str,
    ) -> Result<ConnectionCheck, AppError> {
        self.authorize(token, Access::Admin).await?;
        let effective = self.effective_settings().await?;
        let values = effective.system(system).ok_or_else(|| {
            AppError::NotFound(format!("There is no system `{system}` in Settings."))
        })?;
        Ok(probe::test_connection(values).await)
    }

    /// Sends a short email to `to` through the configured SMTP server.
    pub async fn send_test_email(
        &self,
        token: &SessionToken,
        to: &str,
    ) -> Result<ConnectionCheck, AppError> {
        self.authorize(token, Access::Admin).await?;
        let to = to.trim();
        if to.is_empty() {
            return Err(AppError::invalid(
                "to",
                "Enter the address to send the test email to.",
            ));
        }
        let effective = self.effective_settings().await?;
        let values = effective.system("smtp").ok_or_else(|| {
            AppError::Internal("the email settings are missing from the catalogue".into())
        })?;
        probe::send_test_email(values, to).await
    }

    /// Reads the settings in effect and switches the workflows to them (at start-up, and when
    /// `hyopps.toml` changed).
    pub async fn apply_settings(&self) -> Result<(), AppError> {
        // Read before the settings are gathered: an edit in between is seen at the next look.
        let path = self.settings.config_file.clone();
        let contents = tokio::task::spawn_blocking(move || reload::Contents::read(path.as_deref()))
            .await
            .map_err(|e| AppError::Internal(format!("reading hyopps.toml stopped: {e}")))?;
        let read_at = self.clock.now();
        let effective = self.effective_settings().await?;
        if let Some(problem) = &effective.config_problem {
            tracing::warn!("the managed configuration file was not applied: {problem}");
        }
        for system in effective
            .systems
            .iter()
            .filter(|s| s.secret_problem.is_some())
        {
            tracing::warn!(system = %system.spec.id, "its secret could not be read from the keychain");
        }
        self.use_settings(&effective);
        self.managed_file.record(contents, read_at);
        Ok(())
    }

    /// Switches the workflows' connectors, and the links to the systems, to these settings.
    fn use_settings(&self, effective: &Effective) {
        self.connectors.replace(build::connectors(effective));
        self.links.replace(SystemLinks::from_settings(effective));
    }

    pub(crate) async fn effective_settings(&self) -> Result<Effective, AppError> {
        let stored = self
            .store
            .read(|conn| integration_settings::all(conn).map_err(AppError::from))
            .await?;
        let sources = self.settings.clone();
        // The keychain is another process on the session bus: keep it off the async workers.
        tokio::task::spawn_blocking(move || Effective::gather(&sources, &stored))
            .await
            .map_err(|e| AppError::Internal(format!("reading the settings stopped: {e}")))
    }

    /// Runs `action` on the keychain entry of `system`; when the keychain refuses (none on a
    /// headless server, or locked), the message names the other place the secret can come
    /// from: the variable `variable`, or a file of that name in systemd's credentials folder.
    async fn with_vault<F>(&self, action: F, system: &str, variable: &str) -> Result<(), AppError>
    where
        F: FnOnce(&dyn SecretVault, String) -> Result<(), String> + Send + 'static,
    {
        let vault = std::sync::Arc::clone(&self.settings.vault);
        let name = system.to_string();
        tokio::task::spawn_blocking(move || action(vault.as_ref(), name))
            .await
            .map_err(|e| AppError::Internal(format!("the keychain call stopped: {e}")))?
            .map_err(|problem| {
                AppError::Integration(format!(
                    "The secret could not be stored: {problem}. Is a keyring (GNOME Keyring, KWallet) running and unlocked? \
                     Where there is none (a server), set {variable} in HyOpps's environment, or put it \
                     in a file named {variable} in the folder $CREDENTIALS_DIRECTORY names (systemd's LoadCredential=)."
                ))
            })
    }
}

fn shown_file(effective: &Effective) -> String {
    if effective.config_file.is_empty() {
        "the managed configuration file".into()
    } else {
        effective.config_file.clone()
    }
}
