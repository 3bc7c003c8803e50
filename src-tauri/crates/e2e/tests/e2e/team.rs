//! One HyOpps for a team, in real windows: `hyopps-server` on loopback, pointed at the fakes of
//! every system but Studio (whose steps stay tasks for the operations team), and two desktop
//! apps with their own data folders and session buses ("two workstations"). The partner admin
//! on one adds a person; the admin on the other sees the run appear without reloading and
//! completes the operations team's step; Metabase carries out the next call but its answer is
//! late, and the server is killed with SIGKILL right then. Started again, it keeps everyone
//! signed in, the run finishes, and nothing was made twice in any system; the audit log names
//! the desk.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use hyopps_e2e::{AppWindow, Launch, TeamServer, WAIT_LIMIT};
use hyopps_fakes::world::{FakeWorld, TEAM_ID};

use super::{ADMIN, NEW_PASSWORD};

const ORGANISATION: &str = "Müller + Partner Beratung GmbH & Co. KG – O'Brien & Söhne";
/// The organisation's Teams channel (Teams refuses `+ & '` in a name).
const CHANNEL: &str = "Müller Partner Beratung – O Brien und Söhne";
const PARTNER_EMAIL: &str = "siobhan.obrien@mueller-partner.example";
const GIVEN_PASSWORD: &str = "given by the ops team 2026";
const OWN_PASSWORD: &str = "Siobhán's own passphrase";
const PERSON_EMAIL: &str = "zoe.nunez@mueller-partner.example";

/// argon2id hashes (HyOpps's parameters) of `NEW_PASSWORD` and `GIVEN_PASSWORD`, made once:
/// the scenario writes its accounts without building the core a second time for this crate.
const NEW_PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$eGeKQy/mQAAB0zDpGesliQ$Qu/hv2pNy55Hqc+fDGyMXis8idccyfPnpRa+VAZvQrw";
const GIVEN_PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$GZNidwt8qSx61oFbGDpAhQ$ZdooS4IXnhf3qcQQJrt46rVPrY3diRms2q1IdYCe+Yo";

/// The organisation's groups in the systems, made there earlier (by new_partner).
struct Groups {
    metabase: i64,
    teams: String,
    slack: String,
}

impl Groups {
    fn made_in(world: &FakeWorld) -> Groups {
        Groups {
            metabase: world.metabase.add_group(ORGANISATION),
            teams: world.graph.add_channel(TEAM_ID, CHANNEL, "standard"),
            slack: world
                .slack
                .add_usergroup(ORGANISATION, "mueller-partner", &[], &[]),
        }
    }
}

/// The server's data: the admin with a password of their own, and an organisation whose
/// partner admin (Siobhán) has a first password from the admin, to change at her first
/// sign-in; its groups in the systems; `hyopps.toml` pointing at the fakes.
async fn seed(data_dir: PathBuf, groups: Groups, settings: String) {
    std::fs::write(data_dir.join("hyopps.toml"), settings).unwrap();
    let store = hyopps_store::Store::open(&data_dir.join("hyopps.db")).unwrap();
    store
        .write_blocking(move |tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute_batch(&format!(
                "UPDATE users SET password_hash = '{NEW_PASSWORD_HASH}', must_change_password = 0
                   WHERE email = '{ADMIN}';
                 INSERT INTO organizations (id, name, created_at)
                   VALUES ('org-mp', '{organisation}', '2026-11-01T00:00:00.000Z');
                 INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
                   VALUES ('sc-mp', 'org-mp', '5001', 'Müller PROD', 'prod', '2026-11-01T00:00:00.000Z');
                 INSERT INTO system_groups (id, organization_id, tool, external_name, external_id, created_at)
                   VALUES ('sg-mb', 'org-mp', 'metabase', '{organisation}', '{}', '2026-11-01T00:00:00.000Z'),
                          ('sg-teams', 'org-mp', 'teams', '{CHANNEL}', '{}', '2026-11-01T00:00:00.000Z'),
                          ('sg-slack', 'org-mp', 'slack', '{organisation}', '{}', '2026-11-01T00:00:00.000Z');
                 INSERT INTO users (id, firstname, lastname, email, app_role, organization_id,
                                    password_hash, must_change_password, created_at, updated_at)
                   VALUES ('siobhan', 'Siobhán', 'O''Brien-Müller', '{PARTNER_EMAIL}', 'partner_admin',
                           'org-mp', '{GIVEN_PASSWORD_HASH}', 1,
                           '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');",
                groups.metabase,
                groups.teams,
                groups.slack,
                organisation = ORGANISATION.replace('\'', "''"),
            ))?;
            Ok(())
        })
        .unwrap();
}

/// `hyopps.toml` for every fake but Studio's webhooks, and the secrets as credential files.
fn server_settings(world: &FakeWorld) -> (String, Vec<(&'static str, String)>) {
    let mut toml = String::new();
    let mut secrets = Vec::new();
    for system in world.configuration() {
        if system.system.starts_with("webhooks.") {
            continue;
        }
        toml.push_str(&format!("[{}]\n", system.system));
        for (key, value) in system.values.iter().filter(|(_, v)| !v.is_empty()) {
            // Numbers are TOML integers; a JSON string of this ASCII text is a TOML string.
            let value = match value.parse::<i64>() {
                Ok(number) => number.to_string(),
                Err(_) => serde_json::Value::from(value.as_str()).to_string(),
            };
            toml.push_str(&format!("{key} = {value}\n"));
        }
        let variable = match system.system.as_str() {
            "metabase" => "HYOPPS_METABASE_API_KEY",
            "graph" => "HYOPPS_GRAPH_CLIENT_SECRET",
            "slack" => "HYOPPS_SLACK_TOKEN",
            "keycloak" => "HYOPPS_KEYCLOAK_CLIENT_SECRET",
            _ => continue,
        };
        secrets.push((variable, system.secret.clone().unwrap()));
    }
    (toml, secrets)
}

/// Waits (without holding up the fakes) until `done` holds.
async fn until(server: &TeamServer, what: &str, done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < WAIT_LIMIT,
            "{what} did not happen within {WAIT_LIMIT:?}; the server's log: {}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// On the sign-in screen: "Where" → a HyOpps server at `url`.
async fn connect(w: &mut AppWindow, url: &str) {
    w.click("workplace-change").await;
    w.click("workplace-server").await;
    w.fill("workplace-url", url).await;
    w.screenshot("where-a-server").await;
    w.click("workplace-use").await;
    w.wait_for_text("workplace-name", "HyOpps server 127.0.0.1")
        .await;
}

async fn sign_in(w: &AppWindow, email: &str, password: &str) {
    w.fill("sign-in-email", email).await;
    w.fill("sign-in-password", password).await;
    w.click("sign-in-submit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app and server, Xvfb and tauri-driver: run scripts/test.sh"]
async fn two_workstations_share_one_server_live_and_a_hard_kill_mid_call_loses_nothing() {
    let world = FakeWorld::start()
        .await
        .expect("the fakes start on 127.0.0.1");
    let slack_id = world.add_slack_member(PERSON_EMAIL, "Zoë Ñúñez-Åberg");
    let groups = Groups::made_in(&world);
    let (metabase_group, slack_group) = (groups.metabase, groups.slack.clone());
    let (settings, secrets) = server_settings(&world);
    let secrets: Vec<(&str, &str)> = secrets.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut server = TeamServer::start(|dir| seed(dir, groups, settings), &secrets).await;
    let mut desk = AppWindow::launch(Launch {
        scenario: "team-ops-desk",
        ..Launch::default()
    })
    .await;
    let mut partner = AppWindow::launch(Launch {
        scenario: "team-partner-computer",
        own_session_bus: true,
        ..Launch::default()
    })
    .await;

    // The ops desk: the admin, on the server, waits on the dashboard.
    desk.wait_for_text("workplace-name", "This computer").await;
    connect(&mut desk, &server.url()).await;
    sign_in(&desk, ADMIN, NEW_PASSWORD).await;
    desk.wait_for("page-dashboard").await;
    desk.wait_for_text("server-name", "127.0.0.1").await;

    // The partner's own computer: Siobhán sets her password and adds a person.
    connect(&mut partner, &server.url()).await;
    sign_in(&partner, PARTNER_EMAIL, GIVEN_PASSWORD).await;
    partner.fill("current-password", GIVEN_PASSWORD).await;
    partner.fill("new-password", OWN_PASSWORD).await;
    partner.fill("confirm-password", OWN_PASSWORD).await;
    partner.click("set-password-submit").await;
    partner.wait_for("page-partner").await;
    partner
        .wait_for_text("partner-organisation-name", ORGANISATION)
        .await;
    partner.click("partner-add-user").await;
    partner.wait_for("field-firstname").await;
    partner.fill("field-firstname", "Zoë").await;
    partner.fill("field-lastname", "Ñúñez-Åberg").await;
    partner.fill("field-email", PERSON_EMAIL).await;
    partner
        .click_first("input[id^='field-selected_studio_company_ids-']")
        .await;
    partner.click("step-form-submit").await;
    partner
        .wait_for_text(
            "step-waits-for-operations",
            "Waiting for the operations team",
        )
        .await;
    partner.screenshot("waits-for-the-operations-team").await;

    // The ops desk sees the run arrive without anyone reloading, and does its part.
    desk.wait_for_text("dashboard-awaiting", ORGANISATION).await;
    desk.screenshot("the-partner-s-run-arrived").await;
    desk.click_first("#dashboard-awaiting a").await;
    desk.wait_for("field-studio_access_confirmed").await;

    // Metabase makes the account at once but answers late; the server dies right then.
    world.metabase.answer_late(Some(Duration::from_secs(60)));
    desk.click("field-studio_access_confirmed").await;
    desk.click("step-form-submit").await;
    until(&server, "Metabase creating the person's account", || {
        world
            .metabase
            .users()
            .iter()
            .any(|u| u.email == PERSON_EMAIL)
    })
    .await;
    server.kill_hard();
    world.metabase.answer_late(None);
    desk.wait_for_text("connection-lost", "cannot be reached")
        .await;
    desk.screenshot("server-lost-mid-call").await;

    // Back: everyone is still signed in, and the run goes on where it was.
    server.restart();
    desk.wait_until_gone("connection-lost").await;
    for order in 4..=6 {
        desk.wait_for_attribute(&format!("step-{order}-status"), "data-status", "completed")
            .await;
    }
    desk.screenshot("the-run-goes-on-after-the-restart").await;
    desk.fill("field-studio_user_company_id", "stu-zoe-7001")
        .await;
    desk.fill(
        "field-studio_user_company_name",
        "Zoë Ñúñez-Åberg (personal)",
    )
    .await;
    desk.click("step-form-submit").await;
    desk.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    partner
        .wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    partner.screenshot("finished-seen-from-the-partner").await;

    // Nothing twice: the step that was cut off found what its first try had made.
    let accounts: Vec<i64> = world
        .metabase
        .users()
        .into_iter()
        .filter(|u| u.email == PERSON_EMAIL)
        .map(|u| u.id)
        .collect();
    assert_eq!(accounts.len(), 1, "one Metabase account for Zoë");
    let memberships = world
        .metabase
        .memberships()
        .into_iter()
        .filter(|m| m.user_id == accounts[0] && m.group_id == metabase_group)
        .count();
    assert_eq!(memberships, 1, "one membership of the organisation's group");
    let invitations = world
        .graph
        .invitations()
        .into_iter()
        .filter(|i| i.email == PERSON_EMAIL)
        .count();
    assert_eq!(invitations, 1, "one Teams guest invitation");
    let in_slack_group = world
        .slack
        .usergroup_users(&slack_group)
        .into_iter()
        .filter(|u| *u == slack_id)
        .count();
    assert_eq!(in_slack_group, 1, "in the Slack group once");
    let keycloak_accounts = world
        .keycloak
        .users()
        .into_iter()
        .filter(|u| u.email.as_deref() == Some(PERSON_EMAIL))
        .count();
    assert_eq!(keycloak_accounts, 1, "one Keycloak account");
    let mails = world
        .smtp
        .received()
        .into_iter()
        .filter(|m| m.rcpt_to.iter().any(|to| to == PERSON_EMAIL))
        .count();
    assert_eq!(mails, 1, "one documentation email");

    // The audit log says which desk did what.
    desk.click("nav-audit").await;
    desk.wait_for_text("page-audit", "(127.0.0.1)").await;
    desk.screenshot("audit-names-the-desks").await;

    partner.close().await;
    desk.close().await;
}
