//! Settings → Integrations: one system's form as the admin edits it, the request "Save" sends,
//! what happens to the secret, and how the status and element ids read.
//!
//! The backend describes the systems ([`SystemSettingsView`]); nothing here knows a particular
//! one. A secret's value is only ever what the admin typed in this form: the backend never sends
//! it, and it is forgotten once saved.

use std::collections::BTreeMap;

use hyopps_contract::{
    ConnectionCheck, SaveSystemSettingsRequest, SecretChange, SecretSource, SecretView,
    SettingFieldView, SystemSettingsView, WireError,
};

/// A system id as it appears in element ids: `webhooks.create_studio_user_company` →
/// `webhooks-create_studio_user_company` (a `.` would read as a class in CSS selectors).
pub fn dom_id(system: &str) -> String {
    system.replace('.', "-")
}

/// The system's card: `settings-metabase`.
pub fn card_id(system: &str) -> String {
    format!("settings-{}", dom_id(system))
}

/// A field's input: `setting-metabase-url`; its message is `<id>-error`.
pub fn field_id(system: &str, key: &str) -> String {
    format!("setting-{}-{key}", dom_id(system))
}

/// The secret's password input: `setting-metabase-secret`.
pub fn secret_id(system: &str) -> String {
    field_id(system, "secret")
}

/// The key a `Validation` error uses for the secret.
pub const SECRET_KEY: &str = "secret";

/// "Configured", or what is still missing.
pub fn status_text(system: &SystemSettingsView) -> String {
    if system.configured {
        "Configured".to_owned()
    } else if system.missing.is_empty() {
        "Not configured".to_owned()
    } else {
        format!("Not configured — missing: {}", system.missing.join(", "))
    }
}

/// The status for tests and styling: `configured` or `missing`.
pub fn status_attr(system: &SystemSettingsView) -> &'static str {
    if system.configured {
        "configured"
    } else {
        "missing"
    }
}

/// What the secret's input says while empty.
pub fn secret_placeholder(secret: &SecretView, removing: bool) -> String {
    match secret.source {
        SecretSource::Environment => {
            format!("From {} in the environment", secret.environment_variable)
        }
        SecretSource::Keychain if removing => "Removed from the keychain when you save".to_owned(),
        SecretSource::Keychain => "Stored in the system keychain — type to replace".to_owned(),
        SecretSource::NotSet => "Not set".to_owned(),
    }
}

/// One change the admin makes to a system's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingEdit {
    Value {
        key: String,
        value: String,
    },
    /// What is typed in the secret's input.
    Secret(String),
    /// "Remove" (true) or its undo (false) on a secret stored in the keychain.
    RemoveSecret(bool),
    /// The system as the backend now has it (after a save, or a reload): edits start over.
    Reset(SystemSettingsView),
}

/// A system's form: every field's value as edited, and the secret's pending change.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SystemForm {
    values: BTreeMap<String, String>,
    secret: String,
    remove_secret: bool,
}

// By hand, so a typed secret never shows in a log or a panic message.
impl std::fmt::Debug for SystemForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemForm")
            .field("values", &self.values)
            .field("secret_typed", &!self.secret.is_empty())
            .field("remove_secret", &self.remove_secret)
            .finish()
    }
}

impl SystemForm {
    /// Starts from the values in effect, with nothing typed for the secret.
    pub fn new(system: &SystemSettingsView) -> Self {
        Self {
            values: system
                .fields
                .iter()
                .map(|field| (field.key.clone(), field.value.clone()))
                .collect(),
            secret: String::new(),
            remove_secret: false,
        }
    }

    pub fn value(&self, key: &str) -> &str {
        self.values.get(key).map(String::as_str).unwrap_or_default()
    }

    /// What is typed in the secret's input (only ever shown back as dots).
    pub fn typed_secret(&self) -> &str {
        &self.secret
    }

    /// "Remove" was pressed and not undone.
    pub fn removing_secret(&self) -> bool {
        self.remove_secret
    }

    pub fn apply(&self, edit: SettingEdit) -> Self {
        let mut next = self.clone();
        match edit {
            SettingEdit::Value { key, value } => {
                next.values.insert(key, value);
            }
            SettingEdit::Secret(typed) => next.secret = typed,
            SettingEdit::RemoveSecret(remove) => next.remove_secret = remove,
            SettingEdit::Reset(system) => next = Self::new(&system),
        }
        next
    }

    /// What "Save" does with the secret: a value typed replaces it; "Remove" removes the one in
    /// the keychain; otherwise it stays. A secret from the environment cannot be changed here.
    pub fn secret_change(&self, system: &SystemSettingsView) -> SecretChange {
        let Some(secret) = &system.secret else {
            return SecretChange::Keep;
        };
        if secret.source == SecretSource::Environment {
            return SecretChange::Keep;
        }
        if !self.secret.trim().is_empty() {
            return SecretChange::Set(self.secret.clone());
        }
        if self.remove_secret && secret.source == SecretSource::Keychain {
            return SecretChange::Remove;
        }
        SecretChange::Keep
    }

    /// Every field the file does not manage, as edited ("" clears it), and the secret's change.
    pub fn to_request(&self, system: &SystemSettingsView) -> SaveSystemSettingsRequest {
        SaveSystemSettingsRequest {
            system: system.id.clone(),
            values: editable(system)
                .map(|field| (field.key.clone(), self.value(&field.key).to_owned()))
                .collect(),
            secret: self.secret_change(system),
        }
    }

    /// Something differs from what the backend has: "Test connection" would not see it yet.
    pub fn has_changes(&self, system: &SystemSettingsView) -> bool {
        editable(system).any(|field| self.value(&field.key) != field.value)
            || self.secret_change(system) != SecretChange::Keep
    }
}

fn editable(system: &SystemSettingsView) -> impl Iterator<Item = &SettingFieldView> {
    system.fields.iter().filter(|field| !field.managed)
}

/// The address "Send test email" goes to, checked before anything is sent.
pub fn test_recipient(typed: &str) -> Result<String, &'static str> {
    let to = typed.trim();
    if to.is_empty() {
        Err("Enter the address to send the test email to.")
    } else {
        Ok(to.to_owned())
    }
}

/// What "Test connection" or "Send test email" found, as the card shows it: a refused command
/// (no access, an address missing) reads like a failed check, in the backend's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    pub ok: bool,
    pub message: String,
}

impl CheckOutcome {
    pub fn from_result(result: Result<ConnectionCheck, WireError>) -> Self {
        match result {
            Ok(check) => Self {
                ok: check.ok,
                message: check.message,
            },
            Err(error) => Self {
                ok: false,
                message: error.message,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::SettingKind;

    fn field(key: &str, value: &str, managed: bool) -> SettingFieldView {
        SettingFieldView {
            key: key.into(),
            label: key.to_uppercase(),
            kind: SettingKind::Text,
            value: value.into(),
            required: true,
            managed,
            default_value: None,
            help: String::new(),
        }
    }

    fn system(source: SecretSource) -> SystemSettingsView {
        SystemSettingsView {
            id: "metabase".into(),
            label: "Metabase".into(),
            purpose: "Collections.".into(),
            fields: vec![
                field("url", "https://mb.example", false),
                field("database_id", "", false),
                field("template_collection_id", "7", true),
            ],
            secret: Some(SecretView {
                label: "API key".into(),
                required: true,
                source,
                environment_variable: "HYOPPS_METABASE_API_KEY".into(),
            }),
            configured: false,
            missing: vec!["Database id".into(), "API key".into()],
        }
    }

    #[test]
    fn ids_replace_dots_so_they_work_as_css_selectors() {
        assert_eq!(dom_id("metabase"), "metabase");
        assert_eq!(
            card_id("webhooks.create_studio_user_company"),
            "settings-webhooks-create_studio_user_company"
        );
        assert_eq!(
            field_id("webhooks.create_studio_user_company", "id_pointer"),
            "setting-webhooks-create_studio_user_company-id_pointer"
        );
        assert_eq!(secret_id("smtp"), "setting-smtp-secret");
    }

    #[test]
    fn the_status_names_what_is_missing() {
        let mut view = system(SecretSource::NotSet);
        assert_eq!(
            status_text(&view),
            "Not configured — missing: Database id, API key"
        );
        assert_eq!(status_attr(&view), "missing");
        view.configured = true;
        view.missing.clear();
        assert_eq!(status_text(&view), "Configured");
        assert_eq!(status_attr(&view), "configured");
    }

    #[test]
    fn save_sends_every_unmanaged_field_as_edited() {
        let view = system(SecretSource::Keychain);
        let form = SystemForm::new(&view).apply(SettingEdit::Value {
            key: "database_id".into(),
            value: "3".into(),
        });
        let request = form.to_request(&view);
        assert_eq!(request.system, "metabase");
        assert_eq!(
            request.values,
            BTreeMap::from([
                ("url".to_owned(), "https://mb.example".to_owned()),
                ("database_id".to_owned(), "3".to_owned()),
            ]),
            "unchanged fields go too, managed ones do not"
        );
        assert_eq!(request.secret, SecretChange::Keep, "nothing typed: kept");
        assert!(form.has_changes(&view));
        assert!(!SystemForm::new(&view).has_changes(&view));
    }

    #[test]
    fn a_cleared_field_is_sent_empty() {
        let view = system(SecretSource::NotSet);
        let form = SystemForm::new(&view).apply(SettingEdit::Value {
            key: "url".into(),
            value: String::new(),
        });
        assert_eq!(form.to_request(&view).values["url"], "", "\"\" clears it");
    }

    #[test]
    fn a_typed_secret_replaces_the_stored_one() {
        let view = system(SecretSource::Keychain);
        let form = SystemForm::new(&view).apply(SettingEdit::Secret("mb_new".into()));
        assert_eq!(
            form.secret_change(&view),
            SecretChange::Set("mb_new".into())
        );
        assert_eq!(
            form.apply(SettingEdit::RemoveSecret(true))
                .secret_change(&view),
            SecretChange::Set("mb_new".into()),
            "a typed value wins over Remove"
        );
        assert_eq!(
            SystemForm::new(&view)
                .apply(SettingEdit::Secret("   ".into()))
                .secret_change(&view),
            SecretChange::Keep,
            "blanks are not a secret"
        );
    }

    #[test]
    fn remove_only_removes_a_secret_in_the_keychain() {
        let remove = |source| {
            SystemForm::new(&system(source))
                .apply(SettingEdit::RemoveSecret(true))
                .secret_change(&system(source))
        };
        assert_eq!(remove(SecretSource::Keychain), SecretChange::Remove);
        assert_eq!(remove(SecretSource::NotSet), SecretChange::Keep);
        assert_eq!(
            SystemForm::new(&system(SecretSource::Keychain))
                .apply(SettingEdit::RemoveSecret(true))
                .apply(SettingEdit::RemoveSecret(false))
                .secret_change(&system(SecretSource::Keychain)),
            SecretChange::Keep,
            "undone"
        );
    }

    #[test]
    fn a_secret_from_the_environment_is_never_changed_here() {
        let view = system(SecretSource::Environment);
        let form = SystemForm::new(&view)
            .apply(SettingEdit::Secret("typed anyway".into()))
            .apply(SettingEdit::RemoveSecret(true));
        assert_eq!(form.secret_change(&view), SecretChange::Keep);
    }

    #[test]
    fn a_reset_forgets_the_typed_secret_and_the_edits() {
        let view = system(SecretSource::Keychain);
        let form = SystemForm::new(&view)
            .apply(SettingEdit::Secret("mb_new".into()))
            .apply(SettingEdit::Value {
                key: "url".into(),
                value: "https://other".into(),
            });
        let mut saved = view.clone();
        saved.fields[0].value = "https://other".into();
        let reset = form.apply(SettingEdit::Reset(saved.clone()));
        assert_eq!(reset.typed_secret(), "", "the secret input is cleared");
        assert_eq!(reset.value("url"), "https://other");
        assert!(!reset.has_changes(&saved));
        assert!(
            !format!("{form:?}").contains("mb_new"),
            "a typed secret never shows in Debug"
        );
    }

    #[test]
    fn the_secret_placeholder_says_where_it_comes_from() {
        let secret = |source| system(source).secret.unwrap();
        assert_eq!(
            secret_placeholder(&secret(SecretSource::Keychain), false),
            "Stored in the system keychain — type to replace"
        );
        assert_eq!(
            secret_placeholder(&secret(SecretSource::NotSet), false),
            "Not set"
        );
        assert_eq!(
            secret_placeholder(&secret(SecretSource::Environment), false),
            "From HYOPPS_METABASE_API_KEY in the environment"
        );
    }

    #[test]
    fn a_refused_check_reads_as_a_failed_one() {
        let check = ConnectionCheck {
            system: "slack".into(),
            ok: true,
            message: "Signed in as hyopps-bot.".into(),
        };
        assert_eq!(
            CheckOutcome::from_result(Ok(check)),
            CheckOutcome {
                ok: true,
                message: "Signed in as hyopps-bot.".into()
            }
        );
        let refused = WireError::new(hyopps_contract::ErrorCode::Forbidden, "Admins only.");
        assert_eq!(
            CheckOutcome::from_result(Err(refused)),
            CheckOutcome {
                ok: false,
                message: "Admins only.".into()
            }
        );
    }

    #[test]
    fn a_test_email_needs_an_address() {
        assert!(test_recipient("  ").is_err());
        assert_eq!(
            test_recipient(" ada@example.com ").unwrap(),
            "ada@example.com"
        );
    }
}
