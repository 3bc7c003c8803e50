//! Settings → the outside systems through the app's use cases: what the screen sees, saving with
//! validation that writes nothing on a mistake, secrets in the keychain (keyring's mock store)
//! and never in SQLite or the audit log, `hyopps.toml` managing values, the environment winning.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Once};

use hyopps_app::settings::{Keychain, SecretVault, SettingsSources};
use hyopps_app::{App, AuthPolicy, SessionToken, SystemClock};
use hyopps_contract::{
    ErrorCode, SaveSystemSettingsRequest, SecretChange, SecretSource, SettingsOverview,
    SystemSettingsView, WireError,
};
use hyopps_store::{Store, StoreError};

const METABASE_KEY: &str = "mb_VerySecretKeyThatMustNeverBeStored";

mod managed_file;
mod urls;
mod webhooks;

struct Fixture {
    dir: tempfile::TempDir,
    app: App,
    admin: SessionToken,
}

fn use_mock_keychain() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        keyring::set_default_credential_builder(keyring::mock::default_credential_builder())
    });
}

async fn fixture_with(config: Option<&str>, environment: &[(&str, &str)]) -> Fixture {
    use_mock_keychain();
    fixture_on(config, environment, Arc::new(Keychain::default())).await
}

async fn fixture_on(
    config: Option<&str>,
    environment: &[(&str, &str)],
    vault: Arc<dyn SecretVault>,
) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("hyopps.toml");
    if let Some(text) = config {
        std::fs::write(&config_file, text).unwrap();
    }
    let environment: BTreeMap<String, String> = environment
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let sources = SettingsSources {
        config_file: Some(config_file),
        vault,
        environment: Arc::new(move |name| environment.get(name).cloned()),
    };
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let app = App::new(store, Arc::new(SystemClock), AuthPolicy::default())
        .with_settings_sources(sources);
    app.apply_settings().await.unwrap();
    let (token, _) = app.sign_in("admin@hyopps.local", "admin123").await.unwrap();
    app.change_own_password(&token, "admin123", "a much better passphrase")
        .await
        .unwrap();
    Fixture {
        dir,
        app,
        admin: token,
    }
}

async fn fixture() -> Fixture {
    fixture_with(None, &[]).await
}

fn system<'a>(overview: &'a SettingsOverview, id: &str) -> &'a SystemSettingsView {
    overview
        .systems
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("Settings lists {id}"))
}

fn value(view: &SystemSettingsView, key: &str) -> String {
    view.fields
        .iter()
        .find(|f| f.key == key)
        .unwrap()
        .value
        .clone()
}

fn metabase_request(url: &str, secret: SecretChange) -> SaveSystemSettingsRequest {
    SaveSystemSettingsRequest {
        system: "metabase".into(),
        values: BTreeMap::from([
            ("url".to_string(), url.to_string()),
            ("database_id".to_string(), "3".to_string()),
            ("template_collection_id".to_string(), "".to_string()),
        ]),
        secret,
    }
}

async fn rows(app: &App, table: &'static str) -> i64 {
    app.store()
        .read(move |c| -> Result<i64, StoreError> {
            Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        })
        .await
        .unwrap()
}

fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect()
}

#[tokio::test]
async fn every_system_of_spec_section_6_is_listed_and_nothing_is_configured_at_first() {
    let f = fixture().await;
    let overview = f.app.settings_overview(&f.admin).await.unwrap();
    let ids: Vec<&str> = overview.systems.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "metabase",
            "graph",
            "slack",
            "keycloak",
            "smtp",
            "webhooks.add_user_to_studio_companies",
            "webhooks.create_studio_user_company",
            "webhooks.send_studio_invite",
            "webhooks.remove_studio_access"
        ]
    );
    assert!(
        overview.systems.iter().all(|s| !s.configured),
        "nothing is configured on a new install"
    );
    let graph = system(&overview, "graph");
    assert_eq!(
        value(graph, "base_url"),
        "https://graph.microsoft.com",
        "public default"
    );
    assert_eq!(
        graph.secret.as_ref().unwrap().environment_variable,
        "HYOPPS_GRAPH_CLIENT_SECRET"
    );
    assert_eq!(overview.config_problem, None);
}

#[tokio::test]
async fn saving_stores_values_in_sqlite_and_the_secret_only_in_the_keychain() {
    let f = fixture().await;
    let overview = f
        .app
        .save_system_settings(
            &f.admin,
            metabase_request(
                "https://mb.example.com/",
                SecretChange::Set(METABASE_KEY.into()),
            ),
        )
        .await
        .unwrap();
    let metabase = system(&overview, "metabase");
    assert!(
        metabase.configured,
        "URL and key are all Metabase needs: {:?}",
        metabase.missing
    );
    assert_eq!(
        value(metabase, "url"),
        "https://mb.example.com",
        "stored without the trailing slash"
    );
    assert_eq!(
        metabase.secret.as_ref().unwrap().source,
        SecretSource::Keychain
    );
    let serialized = serde_json::to_string(&overview).unwrap();
    assert!(
        !serialized.contains(METABASE_KEY),
        "the screen never receives the secret"
    );

    // A new app on the same database and keychain sees the same settings.
    let again = f.app.settings_overview(&f.admin).await.unwrap();
    assert_eq!(
        system(&again, "metabase").secret.as_ref().unwrap().source,
        SecretSource::Keychain
    );

    let audit: String = f
        .app
        .store()
        .read(|c| -> Result<String, StoreError> {
            Ok(c.query_row(
                "SELECT summary FROM audit_log WHERE action = 'settings_saved' AND target_id = 'metabase'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert!(
        audit.contains("https://mb.example.com"),
        "the audit says what changed: {audit}"
    );
    assert!(
        audit.contains("\"secret\":\"set\""),
        "and that the secret was set: {audit}"
    );

    // With the app still open, so the write-ahead log is there to be searched too (closing
    // would fold it into the database file while this loop reads the folder).
    for file in files_under(f.dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        let found = bytes
            .windows(METABASE_KEY.len())
            .any(|w| w == METABASE_KEY.as_bytes());
        assert!(!found, "the secret reached {}", file.display());
    }
}

#[tokio::test]
async fn each_bad_value_gets_its_own_message_and_nothing_is_written() {
    let f = fixture().await;
    let before = (
        rows(&f.app, "integration_settings").await,
        rows(&f.app, "audit_log").await,
    );
    let mut request = metabase_request("mb.example.com", SecretChange::Set("   ".into()));
    request.values.insert("database_id".into(), "three".into());
    request.values.insert("colour".into(), "blue".into());
    let error = WireError::from(
        f.app
            .save_system_settings(&f.admin, request)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::Validation);
    assert!(error.fields["url"].contains("http"), "{:?}", error.fields);
    assert!(
        error.fields["database_id"].contains("whole number"),
        "{:?}",
        error.fields
    );
    assert!(
        error.fields["colour"].contains("no setting"),
        "{:?}",
        error.fields
    );
    assert!(
        error.fields["secret"].contains("Enter"),
        "{:?}",
        error.fields
    );

    let too_long = metabase_request(
        &format!("https://{}.example.com", "a".repeat(11_000)),
        SecretChange::Keep,
    );
    let error = WireError::from(
        f.app
            .save_system_settings(&f.admin, too_long)
            .await
            .unwrap_err(),
    );
    assert!(
        error.fields["url"].contains("too long"),
        "{:?}",
        error.fields
    );

    let mut unknown = metabase_request("https://mb.example.com", SecretChange::Keep);
    unknown.system = "jira".into();
    let error = WireError::from(
        f.app
            .save_system_settings(&f.admin, unknown)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::NotFound);

    let mut smtp = SaveSystemSettingsRequest {
        system: "smtp".into(),
        values: BTreeMap::from([("from".to_string(), "not an address".to_string())]),
        secret: SecretChange::Keep,
    };
    let error = WireError::from(
        f.app
            .save_system_settings(&f.admin, smtp.clone())
            .await
            .unwrap_err(),
    );
    assert!(error.fields.contains_key("from"), "{:?}", error.fields);
    smtp.values.insert("security".into(), "ssl".into());
    let error = WireError::from(
        f.app
            .save_system_settings(&f.admin, smtp)
            .await
            .unwrap_err(),
    );
    assert!(
        error.fields["security"].contains("starttls"),
        "{:?}",
        error.fields
    );

    let after = (
        rows(&f.app, "integration_settings").await,
        rows(&f.app, "audit_log").await,
    );
    assert_eq!(before, after, "a refused save writes nothing");
    let overview = f.app.settings_overview(&f.admin).await.unwrap();
    assert_eq!(
        system(&overview, "metabase")
            .secret
            .as_ref()
            .unwrap()
            .source,
        SecretSource::NotSet,
        "nor touches the keychain"
    );
}

#[tokio::test]
async fn removing_a_secret_unconfigures_the_system() {
    let f = fixture().await;
    f.app
        .save_system_settings(
            &f.admin,
            metabase_request(
                "https://mb.example.com",
                SecretChange::Set(METABASE_KEY.into()),
            ),
        )
        .await
        .unwrap();
    let overview = f
        .app
        .save_system_settings(
            &f.admin,
            metabase_request("https://mb.example.com", SecretChange::Remove),
        )
        .await
        .unwrap();
    let metabase = system(&overview, "metabase");
    assert!(!metabase.configured);
    assert_eq!(metabase.missing, ["API key"]);
}

/// A machine without a keychain (a headless server): every write is refused.
struct NoKeychain;

impl SecretVault for NoKeychain {
    fn get(&self, _name: &str) -> Result<Option<String>, String> {
        Ok(None)
    }

    fn set(&self, _name: &str, _value: &str) -> Result<(), String> {
        Err("the system keychain answered: no Secret Service on this machine".into())
    }

    fn remove(&self, _name: &str) -> Result<(), String> {
        Err("the system keychain answered: no Secret Service on this machine".into())
    }
}

#[tokio::test]
async fn without_a_keychain_saving_a_secret_names_the_variable_to_set_and_changes_nothing() {
    let f = fixture_on(None, &[], Arc::new(NoKeychain)).await;
    let error = WireError::from(
        f.app
            .save_system_settings(
                &f.admin,
                metabase_request(
                    "https://mb.example.com",
                    SecretChange::Set(METABASE_KEY.into()),
                ),
            )
            .await
            .unwrap_err(),
    );
    assert!(
        error.message.contains("HYOPPS_METABASE_API_KEY")
            && error.message.contains("CREDENTIALS_DIRECTORY"),
        "the refusal says where else the secret can come from: {}",
        error.message
    );
    assert!(
        !error.message.contains(METABASE_KEY),
        "the secret is never in a message: {}",
        error.message
    );
    let metabase = system(
        &f.app.settings_overview(&f.admin).await.unwrap(),
        "metabase",
    )
    .clone();
    assert_eq!(
        value(&metabase, "url"),
        "",
        "the values sent with the refused secret are not saved either"
    );
    assert_eq!(rows(&f.app, "integration_settings").await, 0);
}

#[tokio::test]
async fn only_admins_see_or_change_settings() {
    let f = fixture().await;
    let stranger = SessionToken::none();
    let error = WireError::from(f.app.settings_overview(&stranger).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::Unauthorized);
    let error = WireError::from(
        f.app
            .save_system_settings(
                &stranger,
                metabase_request("https://mb.example.com", SecretChange::Keep),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::Unauthorized);
    let error = WireError::from(
        f.app
            .test_connection(&stranger, "metabase")
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::Unauthorized);
}

#[tokio::test]
async fn the_managed_file_wins_and_its_values_cannot_be_changed_here() {
    let f = fixture_with(
        Some("[metabase]\nurl = \"https://managed.example.com\"\ndatabase_id = 7\n"),
        &[],
    )
    .await;
    let overview = f.app.settings_overview(&f.admin).await.unwrap();
    let metabase = system(&overview, "metabase");
    let url = metabase.fields.iter().find(|f| f.key == "url").unwrap();
    assert!(url.managed, "set by hyopps.toml");
    assert_eq!(url.value, "https://managed.example.com");

    let error = WireError::from(
        f.app
            .save_system_settings(
                &f.admin,
                metabase_request("https://other.example.com", SecretChange::Keep),
            )
            .await
            .unwrap_err(),
    );
    assert!(
        error.fields["url"].contains("hyopps.toml"),
        "{:?}",
        error.fields
    );

    // Sending the managed value back unchanged (what the screen does) is fine.
    let mut same = metabase_request(
        "https://managed.example.com",
        SecretChange::Set(METABASE_KEY.into()),
    );
    same.values.insert("database_id".into(), "7".into());
    let overview = f.app.save_system_settings(&f.admin, same).await.unwrap();
    assert!(system(&overview, "metabase").configured);
}

#[tokio::test]
async fn a_bad_managed_file_is_reported_by_key_and_the_app_still_works() {
    let f = fixture_with(Some("[metabase]\nurll = \"https://x.example.com\"\n"), &[]).await;
    let overview = f.app.settings_overview(&f.admin).await.unwrap();
    let problem = overview
        .config_problem
        .expect("the problem is shown in Settings");
    assert!(problem.contains("urll"), "{problem}");
    assert!(
        overview
            .systems
            .iter()
            .all(|s| s.fields.iter().all(|f| !f.managed)),
        "nothing of a bad file applies"
    );
}

#[tokio::test]
async fn an_environment_secret_wins_and_cannot_be_overwritten_here() {
    let f = fixture_with(None, &[("HYOPPS_SLACK_TOKEN", "xoxb-from-environment")]).await;
    let overview = f.app.settings_overview(&f.admin).await.unwrap();
    let slack = system(&overview, "slack");
    assert_eq!(
        slack.secret.as_ref().unwrap().source,
        SecretSource::Environment
    );
    assert!(
        slack.configured,
        "the default URL and the environment token are enough"
    );
    let error = WireError::from(
        f.app
            .save_system_settings(
                &f.admin,
                SaveSystemSettingsRequest {
                    system: "slack".into(),
                    values: BTreeMap::new(),
                    secret: SecretChange::Set("xoxb-typed".into()),
                },
            )
            .await
            .unwrap_err(),
    );
    assert!(
        error.fields["secret"].contains("HYOPPS_SLACK_TOKEN"),
        "{:?}",
        error.fields
    );
}

#[tokio::test]
async fn testing_an_unconfigured_system_says_what_is_missing() {
    let f = fixture().await;
    let check = f.app.test_connection(&f.admin, "keycloak").await.unwrap();
    assert!(!check.ok);
    assert!(
        check.message.contains("Keycloak URL") && check.message.contains("Client secret"),
        "{}",
        check.message
    );
    let check = f
        .app
        .send_test_email(&f.admin, "ops@example.com")
        .await
        .unwrap();
    assert!(!check.ok);
    assert!(
        check.message.contains("Settings → Email (SMTP)"),
        "{}",
        check.message
    );
    let error = WireError::from(f.app.test_connection(&f.admin, "jira").await.unwrap_err());
    assert_eq!(error.code, ErrorCode::NotFound);
}
