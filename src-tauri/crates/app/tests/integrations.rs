//! Both workflows through the app against local fakes of every system, configured the
//! way an admin does it in Settings: each auto step makes its real HTTP (or SMTP) call, and the
//! fakes' recorded state shows every object made exactly once, even when a person is onboarded
//! twice.

use std::sync::{Arc, Once};

use hyopps_app::settings::{Keychain, SettingsSources};
use hyopps_app::{App, AuthPolicy, SessionToken, SystemClock};
use hyopps_contract::{
    AddToMetabaseGroupRequest, ErrorCode, ExecutionDetail, ExecutionStatus, ExportAuditLogRequest,
    ExportUsersRequest, FieldKind, RemoveMetabaseMembershipRequest, SaveSystemSettingsRequest,
    SecretChange, WireError,
};
use hyopps_fakes::world::{FakeWorld, STUDIO_COMPANY_ID, TEAM_ID};
use hyopps_store::Store;
use serde_json::json;

#[path = "integrations/access_check.rs"]
mod access_check;
#[path = "integrations/access_everything.rs"]
mod access_everything;
#[path = "integrations/access_repair.rs"]
mod access_repair;
#[path = "integrations/moving.rs"]
mod moving;
#[path = "integrations/offboarding.rs"]
mod offboarding;
#[path = "integrations/optional_systems.rs"]
mod optional_systems;
#[path = "integrations/organisation_names.rs"]
mod organisation_names;
#[path = "integrations/partner_collection.rs"]
mod partner_collection;
#[path = "integrations/partner_offboarding.rs"]
mod partner_offboarding;
#[path = "integrations/people_import.rs"]
mod people_import;
#[path = "integrations/preview.rs"]
mod preview;

const ORGANISATION: &str = "Acme Widgets";
const EMAIL: &str = "ada@acme.example";

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    admin: SessionToken,
    world: FakeWorld,
}

fn use_mock_keychain_once() {
    static MOCK_KEYCHAIN: Once = Once::new();
    MOCK_KEYCHAIN.call_once(|| {
        keyring::set_default_credential_builder(keyring::mock::default_credential_builder())
    });
}

async fn configured_app() -> Fixture {
    configured_app_without(&[]).await
}

/// Every system configured against the fakes except those named.
async fn configured_app_without(left_out: &[&str]) -> Fixture {
    use_mock_keychain_once();
    let world = FakeWorld::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let app = App::new(store, Arc::new(SystemClock), AuthPolicy::default()).with_settings_sources(
        SettingsSources {
            vault: Arc::new(Keychain::default()),
            ..SettingsSources::isolated()
        },
    );
    let (admin, _) = app.sign_in("admin@hyopps.local", "admin123").await.unwrap();
    app.change_own_password(&admin, "admin123", "a much better passphrase")
        .await
        .unwrap();
    for system in world.configuration() {
        if left_out.contains(&system.system.as_str()) {
            continue;
        }
        let overview = app
            .save_system_settings(
                &admin,
                SaveSystemSettingsRequest {
                    system: system.system.clone(),
                    values: system.values,
                    secret: system.secret.map(SecretChange::Set).unwrap_or_default(),
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{} is configured: {e}", system.system));
        let view = overview
            .systems
            .iter()
            .find(|s| s.id == system.system)
            .unwrap();
        assert!(
            view.configured,
            "{} lacks {:?}",
            system.system, view.missing
        );
    }
    Fixture {
        _dir: dir,
        app,
        admin,
        world,
    }
}

/// Signs in a new partner admin (pat@partner.example) of `organization_id`.
async fn partner_admin_of(f: &Fixture, organization_id: &str) -> SessionToken {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let hash = argon2::Argon2::default()
        .hash_password(b"partner passphrase", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
    let organization = organization_id.to_string();
    f.app
        .store()
        .write(move |tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, password_hash, created_at, updated_at)
                 VALUES ('pat', 'Pat', 'O''Neill', 'pat@partner.example', 'partner_admin', ?1, ?2, 'now', 'now')",
                [organization, hash],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    f.app
        .sign_in("pat@partner.example", "partner passphrase")
        .await
        .unwrap()
        .0
}

/// Runs due auto steps until the execution stops moving (retries after `Retry-After` included).
async fn settle(f: &Fixture, id: &str) -> ExecutionDetail {
    for _ in 0..50 {
        f.app.engine().run_due().await.unwrap();
        let detail = f.app.get_execution(&f.admin, id).await.unwrap();
        if detail.summary.status != ExecutionStatus::Running {
            return detail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{id} never settled")
}

/// Runs new_partner for an organisation called `name`, with Studio companies `<name> TEST` and
/// `<name> PROD` of the given ids, up to its last step (the LMS, done by hand).
async fn new_partner_up_to_lms(f: &Fixture, name: &str, studio_ids: [&str; 2]) -> ExecutionDetail {
    let id = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap()
        .summary
        .id;
    f.app
        .submit_step_input(
            &f.admin,
            &id,
            json!({
                "organization_name": name,
                "studio_company_name_test": format!("{name} TEST"), "studio_company_id_test": studio_ids[0],
                "studio_company_name_prod": format!("{name} PROD"), "studio_company_id_prod": studio_ids[1],
            }),
        )
        .await
        .unwrap();
    f.app
        .submit_step_input(
            &f.admin,
            &id,
            json!({ "keycloak_cluster": "prod-eu", "scopes": "openid", "keycloak_confirmed": true }),
        )
        .await
        .unwrap();
    settle(f, &id).await
}

async fn onboard_partner(f: &Fixture) -> String {
    let at_lms = new_partner_up_to_lms(f, ORGANISATION, ["1001", "1002"]).await;
    let id = at_lms.summary.id.clone();
    assert_eq!(
        at_lms.summary.status,
        ExecutionStatus::AwaitingInput,
        "{:?}",
        at_lms.summary.error
    );
    assert_eq!(
        at_lms.summary.current_step_order, 8,
        "auto steps 3-7 ran against the fakes"
    );
    let done = f
        .app
        .submit_step_input(&f.admin, &id, json!({ "lms_confirmed": true }))
        .await
        .unwrap();
    assert_eq!(done.summary.status, ExecutionStatus::Completed);
    done.summary
        .organization_id
        .expect("linked to its organisation")
}

async fn onboard_user(f: &Fixture, organization_id: &str) -> ExecutionDetail {
    onboard_person(f, organization_id, ("Ada", "Lovelace <Countess>"), EMAIL).await
}

/// new_partner_user for one person, given the organisation's PROD company, run to its end.
async fn onboard_person(
    f: &Fixture,
    organization_id: &str,
    (firstname, lastname): (&str, &str),
    email: &str,
) -> ExecutionDetail {
    let id = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    let step2 = f
        .app
        .submit_step_input(&f.admin, &id, json!({ "organization_id": organization_id }))
        .await
        .unwrap();
    let prod_company = match &step2.form.as_ref().unwrap().fields[6].kind {
        FieldKind::MultiSelect { options } => options
            .iter()
            .find(|o| o.label.contains("PROD"))
            .expect("the PROD company is offered")
            .value
            .clone(),
        other => panic!("the Studio companies are a multi-select, not {other:?}"),
    };
    f.app
        .submit_step_input(
            &f.admin,
            &id,
            json!({
                "firstname": firstname, "lastname": lastname, "email": email,
                "languages": "en", "skills": [], "roles": [],
                "selected_studio_company_ids": [prod_company],
            }),
        )
        .await
        .unwrap();
    settle(f, &id).await
}

#[tokio::test]
async fn both_workflows_run_through_against_the_real_protocols_and_create_everything_once() {
    let f = configured_app().await;
    for system in ["metabase", "graph", "slack", "keycloak", "smtp"] {
        let check = f.app.test_connection(&f.admin, system).await.unwrap();
        assert!(check.ok, "Test connection of {system}: {}", check.message);
    }
    f.world.add_slack_member(EMAIL, "Ada Lovelace");

    let organization_id = onboard_partner(&f).await;
    let world = &f.world;
    let collections: Vec<_> = world
        .metabase
        .collections()
        .into_iter()
        .filter(|c| c.name == ORGANISATION)
        .collect();
    assert_eq!(collections.len(), 1, "one partner collection");
    assert_eq!(
        world.metabase.items(collections[0].id).len(),
        2,
        "the template's dashboard and question were copied into it"
    );
    let groups: Vec<_> = world
        .metabase
        .groups()
        .into_iter()
        .filter(|g| g.name.starts_with("ext-"))
        .collect();
    assert_eq!(groups.len(), 1, "one partner group: {groups:?}");
    assert_eq!(
        world
            .metabase
            .collection_permission(groups[0].id, collections[0].id)
            .as_deref(),
        Some("write")
    );
    assert!(
        world
            .metabase
            .data_permission(groups[0].id, world.database_id)
            .is_some(),
        "the group may query the database"
    );
    let channels: Vec<_> = world
        .graph
        .channels(TEAM_ID)
        .into_iter()
        .filter(|c| c.display_name == ORGANISATION)
        .collect();
    assert_eq!(channels.len(), 1, "one Teams channel");
    assert_eq!(world.slack.usergroups().len(), 1, "one Slack user group");

    let first = onboard_user(&f, &organization_id).await;
    assert_eq!(
        first.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        first.summary.error
    );
    // The same person again (a second request for them): nothing is made twice.
    let second = onboard_user(&f, &organization_id).await;
    assert_eq!(
        second.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        second.summary.error
    );

    let metabase_users: Vec<_> = world
        .metabase
        .users()
        .into_iter()
        .filter(|u| u.email == EMAIL)
        .collect();
    assert_eq!(metabase_users.len(), 1, "one Metabase account");
    let in_group = world
        .metabase
        .memberships()
        .into_iter()
        .filter(|m| m.user_id == metabase_users[0].id && m.group_id == groups[0].id)
        .count();
    assert_eq!(in_group, 1, "one membership of the partner group");
    assert_eq!(world.graph.invitations().len(), 1, "one guest invitation");
    assert_eq!(
        world.graph.team_members(TEAM_ID).len(),
        1,
        "one team member"
    );
    let usergroup = &world.slack.usergroups()[0];
    assert_eq!(
        world.slack.usergroup_users(&usergroup.id).len(),
        1,
        "one Slack group member"
    );
    let keycloak_users: Vec<_> = world
        .keycloak
        .users()
        .into_iter()
        .filter(|u| u.email.as_deref() == Some(EMAIL))
        .collect();
    assert_eq!(keycloak_users.len(), 1, "one Keycloak user");
    assert!(keycloak_users[0].enabled, "created enabled");
    assert_eq!(
        world.keycloak.groups().len(),
        1,
        "one organisation group, made on first use"
    );
    assert_eq!(world.keycloak.memberships().len(), 1);
    let invitation = &world.keycloak.actions_emails()[0];
    assert_eq!(invitation.actions, ["VERIFY_EMAIL", "UPDATE_PASSWORD"]);
    assert_eq!(invitation.client_id.as_deref(), Some("studio-web"));

    let access = world.studio_access.requests();
    assert_eq!(
        access[0].body,
        json!({ "email": EMAIL, "companies": ["1002"] }),
        "the chosen PROD company"
    );
    let company = &world.studio_company.requests()[0];
    assert_eq!(
        company.header("Authorization"),
        Some("Bearer studio-fake-world-secret")
    );
    let stored: String = f
        .app
        .store()
        .read(|c| -> Result<String, hyopps_store::StoreError> {
            Ok(
                c.query_row("SELECT studio_id FROM user_studio_companies", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .await
        .unwrap();
    assert_eq!(
        stored, STUDIO_COMPANY_ID,
        "the id the webhook answered with is recorded"
    );

    let mails = world.smtp.received();
    assert_eq!(mails.len(), 2, "one documentation email per onboarding");
    assert_eq!(mails[0].rcpt_to, [EMAIL]);
    assert!(
        mails[0].data.contains("Lovelace &lt;Countess&gt;"),
        "values are escaped in the HTML part"
    );
}

#[tokio::test]
async fn a_system_that_refuses_fails_its_step_with_its_own_words_and_retry_finishes_it() {
    let f = configured_app().await;
    // Slack knows nobody yet: the partner's user group is made, the member step cannot be.
    let organization_id = onboard_partner(&f).await;
    let failed = onboard_user(&f, &organization_id).await;
    assert_eq!(failed.summary.status, ExecutionStatus::Failed);
    let error = failed.summary.error.clone().unwrap_or_default();
    assert!(
        error.contains(EMAIL) && error.contains("Slack"),
        "says who and where: {error}"
    );
    assert_eq!(
        failed.summary.current_step_order, 6,
        "add_user_to_slack_group"
    );

    f.world.add_slack_member(EMAIL, "Ada Lovelace");
    f.app
        .retry_step(&f.admin, &failed.summary.id)
        .await
        .unwrap();
    let done = settle(&f, &failed.summary.id).await;
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );
    assert_eq!(
        f.world
            .metabase
            .users()
            .into_iter()
            .filter(|u| u.email == EMAIL)
            .count(),
        1,
        "steps before the failure were not redone"
    );
}

#[tokio::test]
async fn a_users_metabase_groups_are_read_live_and_changed_through_metabase() {
    let f = configured_app().await;
    f.world.add_slack_member(EMAIL, "Ada Lovelace");
    let organization_id = onboard_partner(&f).await;
    let done = onboard_user(&f, &organization_id).await;
    let user_id = done
        .summary
        .user_id
        .clone()
        .expect("the execution names its user");

    let account = f.app.metabase_account(&f.admin, &user_id).await.unwrap();
    assert!(
        account.metabase_user_id.is_some(),
        "the workflow stored the id"
    );
    let names: Vec<&str> = account
        .memberships
        .iter()
        .map(|m| m.group_name.as_str())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("ext-")),
        "the partner group, by name: {names:?}"
    );
    let analysts = f.world.metabase.add_group("Analysts");
    let account = f
        .app
        .add_user_to_metabase_group(
            &f.admin,
            AddToMetabaseGroupRequest {
                user_id: user_id.clone(),
                group_id: analysts,
            },
        )
        .await
        .unwrap();
    let joined = account
        .memberships
        .iter()
        .find(|m| m.group_id == analysts)
        .expect("now in Analysts")
        .clone();
    // Twice: already a member is success, and Metabase gets no duplicate.
    f.app
        .add_user_to_metabase_group(
            &f.admin,
            AddToMetabaseGroupRequest {
                user_id: user_id.clone(),
                group_id: analysts,
            },
        )
        .await
        .unwrap();
    let in_analysts = f
        .world
        .metabase
        .memberships()
        .into_iter()
        .filter(|m| m.group_id == analysts)
        .count();
    assert_eq!(in_analysts, 1);

    let unknown_group = WireError::from(
        f.app
            .add_user_to_metabase_group(
                &f.admin,
                AddToMetabaseGroupRequest {
                    user_id: user_id.clone(),
                    group_id: 999_999,
                },
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(unknown_group.code, ErrorCode::Validation);

    let someone_elses = WireError::from(
        f.app
            .remove_metabase_membership(
                &f.admin,
                RemoveMetabaseMembershipRequest {
                    user_id: user_id.clone(),
                    membership_id: 987_654,
                },
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(someone_elses.code, ErrorCode::NotFound);

    let account = f
        .app
        .remove_metabase_membership(
            &f.admin,
            RemoveMetabaseMembershipRequest {
                user_id: user_id.clone(),
                membership_id: joined.membership_id,
            },
        )
        .await
        .unwrap();
    assert!(account.memberships.iter().all(|m| m.group_id != analysts));
    let audited: i64 = f
        .app
        .store()
        .read(|c| -> Result<i64, hyopps_store::StoreError> {
            Ok(c.query_row(
                "SELECT count(*) FROM audit_log WHERE action IN ('metabase_group_joined', 'metabase_group_left')",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(
        audited, 3,
        "two joins (the second changed nothing in Metabase but was asked for) and a removal"
    );
}

#[tokio::test]
async fn without_metabase_settings_the_account_section_says_so() {
    use_mock_keychain_once();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let app = App::new(store, Arc::new(SystemClock), AuthPolicy::default());
    let (admin, _) = app.sign_in("admin@hyopps.local", "admin123").await.unwrap();
    app.change_own_password(&admin, "admin123", "a much better passphrase")
        .await
        .unwrap();
    let admin_id: String = app
        .store()
        .read(|c| -> Result<String, hyopps_store::StoreError> {
            Ok(c.query_row("SELECT id FROM users", [], |r| r.get(0))?)
        })
        .await
        .unwrap();
    let error = WireError::from(app.metabase_account(&admin, &admin_id).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::Integration);
    assert!(
        error.message.contains("Settings → Metabase"),
        "{}",
        error.message
    );
    let error = WireError::from(app.metabase_account(&admin, "nobody").await.unwrap_err());
    assert_eq!(error.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn csv_exports_are_written_to_the_chosen_file() {
    let f = configured_app().await;
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("users.csv");
    let saved = f
        .app
        .save_users_csv(
            &f.admin,
            ExportUsersRequest {
                filter: Default::default(),
                path: path.display().to_string(),
            },
        )
        .await
        .unwrap();
    assert_eq!(saved.rows, 1, "the admin");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("admin@hyopps.local"), "{text}");

    let audit = folder.path().join("audit.csv");
    let saved = f
        .app
        .save_audit_log_csv(
            &f.admin,
            ExportAuditLogRequest {
                filter: Default::default(),
                path: audit.display().to_string(),
            },
        )
        .await
        .unwrap();
    assert!(saved.rows >= 7, "the settings saved above are in it");
    assert!(std::fs::read_to_string(&audit)
        .unwrap()
        .contains("settings_saved"));

    for bad in ["", "relative.csv", "/"] {
        let error = WireError::from(
            f.app
                .save_users_csv(
                    &f.admin,
                    ExportUsersRequest {
                        filter: Default::default(),
                        path: bad.into(),
                    },
                )
                .await
                .unwrap_err(),
        );
        assert!(error.fields.contains_key("path"), "{bad:?}: {error:?}");
    }
    let missing_folder = folder.path().join("no/such/folder/users.csv");
    let error = WireError::from(
        f.app
            .save_users_csv(
                &f.admin,
                ExportUsersRequest {
                    filter: Default::default(),
                    path: missing_folder.display().to_string(),
                },
            )
            .await
            .unwrap_err(),
    );
    assert!(
        error.fields["path"].contains("could not be written"),
        "{error:?}"
    );
}

#[tokio::test]
async fn where_studio_does_not_use_keycloak_the_invite_goes_through_its_webhook() {
    let f = configured_app_without(&["keycloak"]).await;
    f.world.add_slack_member(EMAIL, "Ada Lovelace");
    let invites = hyopps_fakes::webhook::FakeWebhook::new();
    invites.respond_with(201, json!({ "id": "studio-user-31" }));
    let server = hyopps_fakes::FakeServer::start(invites.router())
        .await
        .unwrap();
    f.app
        .save_system_settings(
            &f.admin,
            SaveSystemSettingsRequest {
                system: "webhooks.send_studio_invite".into(),
                values: [
                    ("url", format!("{}/invitations", server.url())),
                    (
                        "body",
                        r#"{"email": {{email}}, "first": {{first_name}}}"#.to_string(),
                    ),
                    ("id_pointer", "/id".to_string()),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
                secret: SecretChange::Keep,
            },
        )
        .await
        .unwrap();
    let organization_id = onboard_partner(&f).await;
    let done = onboard_user(&f, &organization_id).await;
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );
    let invite = done
        .steps
        .iter()
        .find(|s| s.name == "send_studio_invite")
        .unwrap();
    assert_eq!(
        invite.output.as_ref().unwrap()["keycloak_user_id"],
        json!("studio-user-31"),
        "the id the webhook answered with"
    );
    assert_eq!(invites.requests().len(), 1, "one invitation");
    assert_eq!(
        invites.requests()[0].body,
        json!({ "email": EMAIL, "first": "Ada" })
    );
    assert!(
        f.world.keycloak.users().is_empty(),
        "Keycloak was not called"
    );
}
