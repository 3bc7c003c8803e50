//! Browser tests of Settings → Integrations: the cards from `get_settings`, what "Save" sends
//! (every unmanaged value, and the secret's change), field errors from a refused save, and what
//! "Test connection" and "Send test email" found. The backend is a fake `invoke`.

use crate::support::*;
use hyopps_contract::{
    ConnectionCheck, SecretSource, SecretView, SettingFieldView, SettingKind, SettingsOverview,
    SystemSettingsView,
};
use hyopps_ui::pages::SettingsPage;
use serde_json::json;
use wasm_bindgen_test::*;
use web_sys::Element;

const WEBHOOK: &str = "webhooks.create_studio_user_company";
const CONFIG_FILE: &str = "/home/ada/.local/share/hyopps/hyopps.toml";

// --- fixtures, built from the contract types ---------------------------------------------

fn field(key: &str, label: &str, kind: SettingKind, value: &str) -> SettingFieldView {
    SettingFieldView {
        key: key.into(),
        label: label.into(),
        kind,
        value: value.into(),
        required: true,
        managed: false,
        default_value: None,
        help: String::new(),
    }
}

fn secret(label: &str, source: SecretSource, variable: &str) -> Option<SecretView> {
    Some(SecretView {
        label: label.into(),
        required: true,
        source,
        environment_variable: variable.into(),
    })
}

fn metabase(secret_source: SecretSource) -> SystemSettingsView {
    let mut url = field(
        "url",
        "Metabase URL",
        SettingKind::Url,
        "https://mb.example.com",
    );
    url.help = "The address people open Metabase at.".into();
    let mut template = field(
        "template_collection_id",
        "Template collection id",
        SettingKind::Number,
        "12",
    );
    template.managed = true;
    template.required = false;
    let mut database = field("database_id", "Database id", SettingKind::Number, "");
    database.required = false;
    SystemSettingsView {
        id: "metabase".into(),
        label: "Metabase".into(),
        purpose: "Partner collections, groups and data access.".into(),
        fields: vec![url, database, template],
        secret: secret("API key", secret_source, "HYOPPS_METABASE_API_KEY"),
        configured: secret_source != SecretSource::NotSet,
        missing: match secret_source {
            SecretSource::NotSet => vec!["API key".into()],
            _ => vec![],
        },
    }
}

fn smtp() -> SystemSettingsView {
    let mut port = field("port", "Port", SettingKind::Number, "587");
    port.default_value = Some("587".into());
    let security = field(
        "security",
        "Security",
        SettingKind::Choice {
            options: vec!["starttls".into(), "tls".into(), "none".into()],
        },
        "starttls",
    );
    SystemSettingsView {
        id: "smtp".into(),
        label: "Email (SMTP)".into(),
        purpose: "The documentation email to each new user.".into(),
        fields: vec![
            field("host", "Server", SettingKind::Text, "smtp.example.com"),
            port,
            security,
            field(
                "from",
                "From",
                SettingKind::Email,
                "HyOpps <onboarding@example.com>",
            ),
        ],
        secret: secret(
            "Password",
            SecretSource::Environment,
            "HYOPPS_SMTP_PASSWORD",
        ),
        configured: true,
        missing: vec![],
    }
}

fn webhook() -> SystemSettingsView {
    SystemSettingsView {
        id: WEBHOOK.into(),
        label: "Webhook — Create Studio user company".into(),
        purpose: "Studio has no public API: this step calls your webhook.".into(),
        fields: vec![
            field(
                "method",
                "Method",
                SettingKind::Choice {
                    options: vec!["POST".into(), "PUT".into(), "PATCH".into()],
                },
                "POST",
            ),
            field("url", "URL", SettingKind::Url, ""),
            field("body", "Body template", SettingKind::Multiline, ""),
        ],
        secret: secret(
            "Secret",
            SecretSource::NotSet,
            "HYOPPS_WEBHOOK_SECRET_CREATE_STUDIO_USER_COMPANY",
        ),
        configured: false,
        missing: vec!["URL".into(), "Body template".into()],
    }
}

fn overview(metabase_secret: SecretSource) -> SettingsOverview {
    SettingsOverview {
        systems: vec![metabase(metabase_secret), smtp(), webhook()],
        config_file: CONFIG_FILE.into(),
        config_problem: None,
        config_read_at: Some("2026-12-04T16:59:03.000Z".into()),
    }
}

fn js(value: &impl serde::Serialize) -> String {
    format!("Promise.resolve({})", serde_json::to_string(value).unwrap())
}

/// `get_settings` answers with `window.__hyoppsSettings`, which a successful save replaces
/// (as the real backend would), plus the given answers.
fn fake_settings_backend(initial: &SettingsOverview, answers: &[(&str, &str)]) {
    let mut all = vec![("get_settings", "Promise.resolve(window.__hyoppsSettings)")];
    all.extend_from_slice(answers);
    fake_backend(&all);
    let initial = js_sys::JSON::parse(&serde_json::to_string(initial).unwrap()).unwrap();
    js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &"__hyoppsSettings".into(),
        &initial,
    )
    .unwrap();
}

/// An answer to `save_system_settings` that becomes what `get_settings` answers from then on.
fn saves_as(after: &SettingsOverview) -> String {
    format!(
        "(window.__hyoppsSettings = {}, Promise.resolve(window.__hyoppsSettings))",
        serde_json::to_string(after).unwrap()
    )
}

async fn mount_settings() -> Mounted<SettingsPage> {
    let page = mount::<SettingsPage>(()).await;
    page.wait_for("settings-metabase", "the integration cards render")
        .await;
    page
}

fn is_disabled(element: &Element) -> bool {
    element.has_attribute("disabled")
        || element.get_attribute("aria-disabled").as_deref() == Some("true")
}

fn value_of(page: &Mounted<SettingsPage>, id: &str) -> String {
    let element = page
        .find(id)
        .unwrap_or_else(|| panic!("#{id} is not on screen"));
    js_sys::Reflect::get(&element, &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

// --- the tests ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_cards_render_from_the_settings_the_backend_describes() {
    let mut settings = overview(SecretSource::Keychain);
    settings.config_problem = Some("hyopps.toml: unknown key `metabase.colour`.".into());
    fake_settings_backend(&settings, &[]);
    let page = mount_settings().await;

    assert_eq!(calls_of("get_settings").len(), 1, "loaded once");
    let problem = page.text("settings-config-problem");
    assert!(
        problem.contains("unknown key `metabase.colour`") && problem.contains(CONFIG_FILE),
        "the problem and the file it is in: {problem}"
    );
    assert!(
        page.find("import-v03-choose").is_some(),
        "the v0.3 import stays on the page"
    );
    let file = page.text("settings-config-file");
    assert!(
        file.contains(CONFIG_FILE) && file.contains("reads it again whenever it changes"),
        "which file, and that edits need no restart: {file}"
    );
    assert!(
        page.find("settings-config-read")
            .and_then(|read| read.query_selector("time").ok().flatten())
            .and_then(|time| time.get_attribute("datetime"))
            .as_deref()
            == Some("2026-12-04T16:59:03.000Z"),
        "and when it was read"
    );

    for card in [
        "settings-metabase",
        "settings-smtp",
        "settings-webhooks-create_studio_user_company",
    ] {
        assert!(page.find(card).is_some(), "#{card} is a card of its own");
    }
    assert!(page.text("settings-metabase").contains("Metabase"));
    assert!(page
        .text("settings-metabase-purpose")
        .contains("Partner collections"));
    let status = page
        .find("settings-webhooks-create_studio_user_company-status")
        .unwrap();
    assert_eq!(
        status.get_attribute("data-status").as_deref(),
        Some("missing")
    );
    assert_eq!(
        status.text_content().unwrap_or_default(),
        "Not configured — missing: URL, Body template"
    );
    assert_eq!(
        page.find("settings-metabase-status")
            .unwrap()
            .get_attribute("data-status")
            .as_deref(),
        Some("configured")
    );

    // The values in effect, by kind.
    assert_eq!(
        page.input("setting-metabase-url").value(),
        "https://mb.example.com"
    );
    assert!(page
        .text("settings-metabase")
        .contains("The address people open Metabase at."));
    assert_eq!(
        page.input("setting-metabase-database_id")
            .get_attribute("inputmode")
            .as_deref(),
        Some("numeric"),
        "numbers get the numeric keyboard"
    );
    assert_eq!(value_of(&page, "setting-smtp-security"), "starttls");
    assert_eq!(
        page.find("setting-smtp-security").unwrap().tag_name(),
        "SELECT",
        "a choice is a select"
    );
    assert_eq!(
        page.find("setting-webhooks-create_studio_user_company-body")
            .unwrap()
            .tag_name(),
        "TEXTAREA",
        "a template is several lines"
    );
    assert_eq!(
        page.input("setting-smtp-from").value(),
        "HyOpps <onboarding@example.com>"
    );

    // A value from hyopps.toml is shown, read-only.
    let managed = page.input("setting-metabase-template_collection_id");
    assert_eq!(managed.value(), "12");
    assert!(managed.disabled(), "hyopps.toml's value is not edited here");
    assert!(page
        .text("setting-metabase-template_collection_id-managed")
        .contains("Set by hyopps.toml"));
    assert!(!page.input("setting-metabase-url").disabled());

    // Secrets: never prefilled; where each comes from.
    let stored = page.input("setting-metabase-secret");
    assert_eq!(stored.type_(), "password");
    assert_eq!(stored.value(), "", "a secret is never sent to the screen");
    assert_eq!(
        stored.placeholder(),
        "Stored in the system keychain — type to replace"
    );
    assert!(page.find("setting-metabase-secret-remove").is_some());
    let from_environment = page.input("setting-smtp-secret");
    assert!(
        from_environment.disabled(),
        "the environment wins: not changed here"
    );
    assert_eq!(
        from_environment.placeholder(),
        "From HYOPPS_SMTP_PASSWORD in the environment"
    );
    assert!(page.find("setting-smtp-secret-remove").is_none());
    let unset = page.input("setting-webhooks-create_studio_user_company-secret");
    assert_eq!(unset.placeholder(), "Not set");
    assert!(!unset.disabled());
    assert!(
        page.find("setting-webhooks-create_studio_user_company-secret-remove")
            .is_none(),
        "nothing to remove"
    );
}

#[wasm_bindgen_test]
async fn saving_sends_every_unmanaged_value_and_a_typed_secret() {
    let mut after = overview(SecretSource::Keychain);
    after.systems[0].fields[1].value = "3".into();
    fake_settings_backend(
        &overview(SecretSource::NotSet),
        &[("save_system_settings", &saves_as(&after))],
    );
    let page = mount_settings().await;
    assert_eq!(
        page.find("settings-metabase-status")
            .unwrap()
            .get_attribute("data-status")
            .as_deref(),
        Some("missing")
    );

    page.type_into("setting-metabase-database_id", "3").await;
    page.type_into("setting-metabase-secret", "mb_new_key")
        .await;
    assert!(
        page.find("settings-metabase-unsaved").is_some(),
        "a test would not see unsaved changes: said so"
    );
    page.click("settings-metabase-save").await;
    page.wait_for("settings-metabase-saved", "the save is confirmed")
        .await;

    assert_eq!(
        calls_of("save_system_settings"),
        vec![json!({"request": {
            "system": "metabase",
            "values": {"url": "https://mb.example.com", "database_id": "3"},
            "secret": {"action": "set", "value": "mb_new_key"},
        }})],
        "every unmanaged field as edited (not the managed one), and the typed secret"
    );
    assert!(page.text("settings-metabase-saved").contains("Saved."));
    page.wait_until("the card shows the saved state", || {
        (page.input("setting-metabase-secret").placeholder()
            == "Stored in the system keychain — type to replace")
            .then_some(())
    })
    .await;
    assert_eq!(
        page.input("setting-metabase-secret").value(),
        "",
        "the typed secret is cleared after the save"
    );
    assert_eq!(page.input("setting-metabase-database_id").value(), "3");
    assert_eq!(
        page.find("settings-metabase-status")
            .unwrap()
            .get_attribute("data-status")
            .as_deref(),
        Some("configured"),
        "refreshed from the answer"
    );
    assert!(page.find("settings-metabase-unsaved").is_none());
    assert!(page.find("settings-metabase-error").is_none());
}

#[wasm_bindgen_test]
async fn saving_without_typing_a_secret_keeps_it_and_sends_choices_and_templates() {
    let settings = overview(SecretSource::Keychain);
    fake_settings_backend(&settings, &[("save_system_settings", &saves_as(&settings))]);
    let page = mount_settings().await;

    let card = "setting-webhooks-create_studio_user_company";
    page.type_into(&format!("{card}-method"), "PUT").await;
    page.type_into(&format!("{card}-url"), "https://hooks.example.com/studio")
        .await;
    page.type_into(&format!("{card}-body"), "{\n  \"email\": \"{{email}}\"\n}")
        .await;
    page.click("settings-webhooks-create_studio_user_company-save")
        .await;
    page.wait_for(
        "settings-webhooks-create_studio_user_company-saved",
        "the save is confirmed",
    )
    .await;

    assert_eq!(
        calls_of("save_system_settings"),
        vec![json!({"request": {
            "system": WEBHOOK,
            "values": {
                "method": "PUT",
                "url": "https://hooks.example.com/studio",
                "body": "{\n  \"email\": \"{{email}}\"\n}",
            },
            "secret": {"action": "keep"},
        }})],
        "nothing typed: the secret is kept"
    );
}

#[wasm_bindgen_test]
async fn remove_removes_the_secret_from_the_keychain_on_save() {
    let settings = overview(SecretSource::Keychain);
    fake_settings_backend(
        &settings,
        &[(
            "save_system_settings",
            &saves_as(&overview(SecretSource::NotSet)),
        )],
    );
    let page = mount_settings().await;

    page.click("setting-metabase-secret-remove").await;
    assert_eq!(
        page.input("setting-metabase-secret").placeholder(),
        "Removed from the keychain when you save"
    );
    page.click("settings-metabase-save").await;
    page.wait_for("settings-metabase-saved", "the save is confirmed")
        .await;

    assert_eq!(
        calls_of("save_system_settings")[0]["request"]["secret"],
        json!({"action": "remove"})
    );
    page.wait_until("the secret shows as not set", || {
        (page.input("setting-metabase-secret").placeholder() == "Not set").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_refused_save_shows_each_message_under_its_field() {
    let refusal = json!({
        "code": "Validation",
        "message": "2 fields need attention.",
        "fields": {
            "url": "Enter an address starting with https://.",
            "secret": "Enter the api key, or keep the one stored.",
        },
    });
    fake_settings_backend(
        &overview(SecretSource::Keychain),
        &[(
            "save_system_settings",
            &format!("Promise.reject({refusal})"),
        )],
    );
    let page = mount_settings().await;

    page.type_into("setting-metabase-url", "mb.example.com")
        .await;
    page.click("settings-metabase-save").await;
    page.wait_for("setting-metabase-url-error", "the field's message")
        .await;

    assert!(page
        .text("setting-metabase-url-error")
        .contains("Enter an address starting with https://."));
    assert!(page
        .text("setting-metabase-secret-error")
        .contains("Enter the api key"));
    assert!(
        page.find("setting-metabase-database_id-error").is_none(),
        "only the fields the backend named"
    );
    assert!(page
        .text("settings-metabase-error")
        .contains("2 fields need attention."));
    assert!(page.find("settings-metabase-saved").is_none());
    assert_eq!(
        page.input("setting-metabase-url").value(),
        "mb.example.com",
        "what was typed stays, to be corrected"
    );
    assert!(
        page.find("setting-smtp-host-error").is_none(),
        "other cards are untouched"
    );
}

#[wasm_bindgen_test]
async fn test_connection_shows_what_the_backend_found() {
    let check = ConnectionCheck {
        system: "metabase".into(),
        ok: false,
        message: "Metabase refused the API key (401). Create a key in the Administrators group."
            .into(),
    };
    fake_settings_backend(
        &overview(SecretSource::Keychain),
        &[("test_connection", &js(&check))],
    );
    let page = mount_settings().await;

    page.click("settings-metabase-test").await;
    let result = page
        .wait_for("settings-metabase-result", "the check's result")
        .await;

    assert_eq!(
        calls_of("test_connection"),
        vec![json!({"system": "metabase"})],
        "a plain `system` argument"
    );
    assert_eq!(result.get_attribute("data-ok").as_deref(), Some("false"));
    assert!(page
        .text("settings-metabase-result")
        .contains("Metabase refused the API key (401)."));
    assert!(
        result.query_selector(".pf-m-danger").unwrap().is_some(),
        "a failure is a danger alert: {}",
        result.outer_html()
    );
    assert!(calls_of("save_system_settings").is_empty(), "nothing saved");
}

#[wasm_bindgen_test]
async fn buttons_wait_while_a_test_runs() {
    fake_settings_backend(
        &overview(SecretSource::Keychain),
        &[(
            "test_connection",
            "new Promise((resolve) => { window.__hyoppsRelease = resolve; })",
        )],
    );
    let page = mount_settings().await;

    page.click("settings-metabase-test").await;
    for id in ["settings-metabase-test", "settings-metabase-save"] {
        let button = page.find(id).unwrap();
        assert!(is_disabled(&button), "#{id} waits: {}", button.outer_html());
    }
    assert!(
        page.input("setting-metabase-url").disabled(),
        "no edits meanwhile"
    );

    let release =
        js_sys::Function::new_with_args("check", "window.__hyoppsRelease(JSON.parse(check));");
    let ok = ConnectionCheck {
        system: "metabase".into(),
        ok: true,
        message: "Signed in with the API key; Metabase 0.50.3.".into(),
    };
    release
        .call1(
            &wasm_bindgen::JsValue::NULL,
            &serde_json::to_string(&ok).unwrap().into(),
        )
        .unwrap();
    let result = page
        .wait_for("settings-metabase-result", "the check's result")
        .await;
    assert_eq!(result.get_attribute("data-ok").as_deref(), Some("true"));
    assert!(page
        .text("settings-metabase-result")
        .contains("Metabase 0.50.3"));
    assert!(!is_disabled(&page.find("settings-metabase-save").unwrap()));
}

#[wasm_bindgen_test]
async fn a_test_email_goes_to_the_typed_address() {
    let sent = ConnectionCheck {
        system: "smtp".into(),
        ok: true,
        message: "Sent to ada@example.com through smtp.example.com:587.".into(),
    };
    fake_settings_backend(
        &overview(SecretSource::Keychain),
        &[("send_test_email", &js(&sent))],
    );
    let page = mount_settings().await;

    page.click("settings-smtp-send-test").await;
    assert!(
        page.text("settings-smtp-test-to-error")
            .contains("Enter the address"),
        "an address is needed first"
    );
    assert!(calls_of("send_test_email").is_empty());

    page.type_into("settings-smtp-test-to", " ada@example.com ")
        .await;
    page.click("settings-smtp-send-test").await;
    let result = page
        .wait_for("settings-smtp-result", "the email's result")
        .await;
    assert_eq!(
        calls_of("send_test_email"),
        vec![json!({"to": "ada@example.com"})],
        "a plain `to` argument, trimmed"
    );
    assert_eq!(result.get_attribute("data-ok").as_deref(), Some("true"));
    assert!(page
        .text("settings-smtp-result")
        .contains("Sent to ada@example.com"));
    assert!(page.find("settings-smtp-test-to-error").is_none());
    assert!(
        page.find("settings-metabase-send-test").is_none()
            && page.find("settings-smtp-test").is_some(),
        "only email sends test emails; every system tests its connection"
    );
}

#[wasm_bindgen_test]
async fn a_failed_load_offers_to_try_again() {
    fake_backend(&[(
        "get_settings",
        "Promise.reject({code: 'Forbidden', message: 'Only admins change settings.'})",
    )]);
    let page = mount::<SettingsPage>(()).await;
    page.wait_until("the error is shown", || {
        page.root
            .inner_html()
            .contains("Only admins change settings.")
            .then_some(())
    })
    .await;
    assert!(page.find("settings-metabase").is_none());
}
