//! One HyOpps for a team, in real windows: `hyopps-server` on loopback and two desktop apps
//! with their own data folders and session buses ("two workstations"). The partner admin on
//! one adds a person; the admin on the other sees the run appear without reloading and
//! completes the operations team's step; the partner admin sees it move on; the audit log
//! names the desk. Then the server is killed with SIGKILL: the admin's window says it cannot
//! reach it; once the server is back (it keeps no sessions yet), the window returns to sign-in
//! and says why.

use std::path::PathBuf;

use hyopps_e2e::{AppWindow, Launch, TeamServer};

use super::{ADMIN, NEW_PASSWORD};

const ORGANISATION: &str = "Müller + Partner Beratung GmbH & Co. KG – O'Brien & Söhne";
const PARTNER_EMAIL: &str = "siobhan.obrien@mueller-partner.example";
const GIVEN_PASSWORD: &str = "given by the ops team 2026";
const OWN_PASSWORD: &str = "Siobhán's own passphrase";

/// argon2id hashes (HyOpps's parameters) of `NEW_PASSWORD` and `GIVEN_PASSWORD`, made once:
/// the scenario writes its accounts without building the core a second time for this crate.
const NEW_PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$eGeKQy/mQAAB0zDpGesliQ$Qu/hv2pNy55Hqc+fDGyMXis8idccyfPnpRa+VAZvQrw";
const GIVEN_PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$GZNidwt8qSx61oFbGDpAhQ$ZdooS4IXnhf3qcQQJrt46rVPrY3diRms2q1IdYCe+Yo";

/// The server's data: the admin with a password of their own, and an organisation whose
/// partner admin (Siobhán) has a first password from the admin, to change at her first sign-in.
async fn seed(data_dir: PathBuf) {
    let store = hyopps_store::Store::open(&data_dir.join("hyopps.db")).unwrap();
    store
        .write_blocking(|tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute_batch(&format!(
                "UPDATE users SET password_hash = '{NEW_PASSWORD_HASH}', must_change_password = 0
                   WHERE email = '{ADMIN}';
                 INSERT INTO organizations (id, name, created_at)
                   VALUES ('org-mp', '{}', '2026-11-01T00:00:00.000Z');
                 INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
                   VALUES ('sc-mp', 'org-mp', '5001', 'Müller PROD', 'prod', '2026-11-01T00:00:00.000Z');
                 INSERT INTO users (id, firstname, lastname, email, app_role, organization_id,
                                    password_hash, must_change_password, created_at, updated_at)
                   VALUES ('siobhan', 'Siobhán', 'O''Brien-Müller', '{PARTNER_EMAIL}', 'partner_admin',
                           'org-mp', '{GIVEN_PASSWORD_HASH}', 1,
                           '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');",
                ORGANISATION.replace('\'', "''")
            ))?;
            Ok(())
        })
        .unwrap();
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

#[tokio::test]
#[ignore = "needs the built app and server, Xvfb and tauri-driver: run scripts/test.sh"]
async fn two_workstations_share_one_server_live_and_survive_its_hard_kill() {
    let mut server = TeamServer::start(seed).await;
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
    partner
        .fill("field-email", "zoe.nunez@mueller-partner.example")
        .await;
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
    desk.click("field-studio_access_confirmed").await;
    desk.click("step-form-submit").await;
    desk.wait_for_attribute("step-4-status", "data-status", "failed")
        .await;

    // The partner's window follows: Metabase is not set up on this server, said as such.
    partner
        .wait_for_attribute("step-4-status", "data-status", "failed")
        .await;
    partner.screenshot("moved-on-by-the-ops-desk").await;

    // The audit log says which desk did what.
    desk.click("nav-audit").await;
    desk.wait_for_text("page-audit", "(127.0.0.1)").await;
    desk.screenshot("audit-names-the-desks").await;

    // SIGKILL: the desk says so; back, it says nothing more.
    desk.click("nav-dashboard").await;
    desk.wait_for("page-dashboard").await;
    server.kill_hard();
    desk.wait_for_text("connection-lost", "cannot be reached")
        .await;
    desk.screenshot("server-lost").await;
    server.restart();
    desk.wait_until_gone("connection-lost").await;
    desk.wait_for_text("sign-in-notice", "not signed in").await;
    desk.wait_for_text("workplace-name", "HyOpps server 127.0.0.1")
        .await;
    desk.screenshot("server-back").await;

    partner.close().await;
    desk.close().await;
}
