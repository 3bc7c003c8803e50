//! The access check of everything over 1,000 people (20 organisations of 50) against the fakes,
//! each HTTP answer held back 50 ms as across the internet, with every system configured as in
//! production: the wall time and the requests each system answered, printed (not asserted):
//! `cargo bench -p hyopps-app --bench access_check`.
//!
//! Every person holds access in the four systems and is recorded so; one person per
//! organisation was taken out of its Slack group by hand, and one stranger sits in its Metabase
//! group, so the check has differences to find. For comparison it also times one person's check
//! (system by system) and one organisation's.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hyopps_app::settings::{Keychain, SettingsSources};
use hyopps_app::{App, AuthPolicy, SessionToken, SystemClock};
use hyopps_contract::{SaveSystemSettingsRequest, SecretChange};
use hyopps_fakes::world::{FakeWorld, TEAM_ID};
use hyopps_store::{Store, StoreError};

const ORGANIZATIONS: usize = 20;
const PEOPLE_EACH: usize = 50;
const LATENCY: Duration = Duration::from_millis(50);

fn main() {
    keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let world = FakeWorld::start_answering_after(LATENCY)
        .await
        .expect("the fakes");
    let dir = tempfile::tempdir().expect("a folder");
    let store = Store::open(&dir.path().join("hyopps.db")).expect("a database");
    let app = App::new(store, Arc::new(SystemClock), AuthPolicy::default()).with_settings_sources(
        SettingsSources {
            vault: Arc::new(Keychain::default()),
            ..SettingsSources::isolated()
        },
    );
    let admin = configured(&app, &world).await;
    let (organization, person) = seed(&app, &world).await;

    let before = world.requests_by_fake();
    let started = Instant::now();
    let run = app.check_all_access(&admin).await.expect("the check");
    let wall = started.elapsed();
    let after = world.requests_by_fake();

    println!(
        "check of everything: {} organisations, {} people, {} differences in {:.2} s (each answer after {} ms)",
        run.organizations,
        run.people,
        run.differences,
        wall.as_secs_f64(),
        LATENCY.as_millis()
    );
    let mut total = 0;
    for (fake, count) in &after {
        let made = count - before.get(fake).copied().unwrap_or_default();
        total += made;
        println!("  {fake:<10} {made:>5} requests");
    }
    println!(
        "  {:<10} {total:>5} requests, {:.1} per organisation, {:.2} per person",
        "all",
        total as f64 / ORGANIZATIONS as f64,
        total as f64 / (ORGANIZATIONS * PEOPLE_EACH) as f64
    );

    let started = Instant::now();
    app.check_organization_access(&admin, &organization)
        .await
        .expect("one organisation");
    println!(
        "one organisation of {PEOPLE_EACH}: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    app.check_user_access(&admin, &person)
        .await
        .expect("one person");
    println!("one person: {:.2} s", started.elapsed().as_secs_f64());
}

/// Every system configured against the fakes; the admin's session.
async fn configured(app: &App, world: &FakeWorld) -> SessionToken {
    let (admin, _) = app
        .sign_in("admin@hyopps.local", "admin123")
        .await
        .expect("the first admin");
    app.change_own_password(&admin, "admin123", "a much better passphrase")
        .await
        .expect("a new password");
    for system in world.configuration() {
        app.save_system_settings(
            &admin,
            SaveSystemSettingsRequest {
                system: system.system.clone(),
                values: system.values,
                secret: system.secret.map(SecretChange::Set).unwrap_or_default(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{} is configured: {e}", system.system));
    }
    admin
}

/// The organisations and people, in the systems and on record; (an organisation, a person).
async fn seed(app: &App, world: &FakeWorld) -> (String, String) {
    let mut rows = Vec::new();
    for o in 0..ORGANIZATIONS {
        let name = format!("Partner {o:02} & Söhne");
        let metabase_group = world.metabase.add_group(&format!("ext-partner-{o:02}"));
        let channel = world.graph.add_channel(TEAM_ID, &name, "private");
        let keycloak_group = world
            .keycloak
            .add_group(&format!("ext-partner-{o:02}"), None);
        let mut slack_members = Vec::new();
        let mut people = Vec::new();
        for p in 0..PEOPLE_EACH {
            let email = format!("person{p:02}@partner{o:02}.example");
            let metabase_user = world
                .metabase
                .add_user(&email, "Person", &format!("{p:02}"));
            world.metabase.add_membership(metabase_user, metabase_group);
            let graph_user = world.graph.add_guest(&email, &email);
            world.graph.add_team_member(TEAM_ID, &graph_user);
            world
                .graph
                .add_channel_member(TEAM_ID, &channel, &graph_user);
            let slack_user = world.slack.add_user(&email, &email);
            // One person per organisation was taken out of its Slack group by hand.
            if p != 0 {
                slack_members.push(slack_user);
            }
            let keycloak_user = world.keycloak.add_user(&email, true);
            world
                .keycloak
                .add_membership(&keycloak_user, &keycloak_group);
            people.push(email);
        }
        let stranger = world.metabase.add_user(
            &format!("stranger@elsewhere{o:02}.example"),
            "Some",
            "Stranger",
        );
        world.metabase.add_membership(stranger, metabase_group);
        let members: Vec<&str> = slack_members.iter().map(String::as_str).collect();
        let slack_group =
            world
                .slack
                .add_usergroup(&name, &format!("ext-partner-{o:02}"), &[], &members);
        rows.push((
            name,
            [
                ("metabase", metabase_group.to_string()),
                ("teams", channel),
                ("slack", slack_group),
                ("keycloak", keycloak_group),
            ],
            people,
        ));
    }
    app.store()
        .write(move |tx| -> Result<(String, String), StoreError> {
            let now = "2026-12-06T00:00:00Z";
            for (o, (name, groups, people)) in rows.iter().enumerate() {
                let organization = format!("org-{o:02}");
                tx.execute(
                    "INSERT INTO organizations (id, name, account_types, created_at) VALUES (?1, ?2, '[\"partner\"]', ?3)",
                    rusqlite::params![organization, name, now],
                )?;
                for (tool, external_id) in groups {
                    tx.execute(
                        "INSERT INTO system_groups (id, organization_id, tool, external_id, external_name, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        rusqlite::params![format!("{organization}-{tool}"), organization, tool, external_id, name, now],
                    )?;
                }
                for (p, email) in people.iter().enumerate() {
                    let user = format!("user-{o:02}-{p:02}");
                    tx.execute(
                        "INSERT INTO users (id, firstname, lastname, email, languages, organization_id, app_role, created_at, updated_at)
                         VALUES (?1, 'Person', ?2, ?3, '[\"en\"]', ?4, 'user', ?5, ?5)",
                        rusqlite::params![user, format!("{p:02}"), email, organization, now],
                    )?;
                    for resource in ["Metabase", "Microsoft Teams", "Slack", "KeyCloak"] {
                        tx.execute(
                            "INSERT INTO access_grants (id, user_id, resource_id, permission, granted_at)
                             SELECT ?1, ?2, id, 'read', ?3 FROM resources WHERE name = ?4",
                            rusqlite::params![format!("{user}-{resource}"), user, now, resource],
                        )?;
                    }
                }
            }
            Ok(("org-00".to_string(), "user-00-01".to_string()))
        })
        .await
        .expect("the records")
}
