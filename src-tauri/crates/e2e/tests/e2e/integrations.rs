//! In the window: an admin points HyOpps at local fakes of every system in Settings (secrets
//! into the keychain of the test desktop), then both onboardings run through on their own and
//! the fakes' recorded state shows each object made exactly once. A second partner that does not
//! use Slack is onboarded (its Slack step skipped), the person moves there from their page and
//! keeps their accounts; then the second partner is offboarded from its page: the person in an
//! offboarding of their own, then its collection and channel. Every fake shows the person gone
//! and their page shows every grant revoked with its date. No secret reaches any file the app
//! wrote.

use hyopps_e2e::{AppWindow, Launch, NativeDialog};
use hyopps_fakes::world::{FakeWorld, TEAM_ID};

use super::sign_in_as_new_admin;

/// A partner named as partners are: punctuation Teams refuses in a channel name, accents, and
/// more than Teams' 50 characters.
const ORGANISATION: &str = "O'Brien & Söhne <Test> Müller + Partner Logistik GmbH";
/// The channel HyOpps derives from it: what Teams refuses dropped, `&` spelled out, cut after
/// the last whole word within 50 characters.
const CHANNEL: &str = "O Brien und Söhne Test Müller Partner Logistik";
const EMAIL: &str = "siobhan.o-briain@obrien-soehne.example";
/// The partner the person moves to, which does not use Slack.
const SECOND: &str = "Müller + Partner – Brücken & Tunnel <Süd> Ingenieure";

/// Types one system's settings into its card and saves it.
async fn configure(w: &mut AppWindow, system: &hyopps_fakes::world::SystemConfiguration) {
    let card = system.system.replace('.', "-");
    for (key, value) in &system.values {
        let id = format!("setting-{card}-{key}");
        match key.as_str() {
            "security" | "method" | "channel_membership" => w.select(&id, value).await,
            _ if value.is_empty() => {}
            _ => w.fill(&id, value).await,
        }
    }
    if let Some(secret) = &system.secret {
        w.fill(&format!("setting-{card}-secret"), secret).await;
    }
    w.click(&format!("settings-{card}-save")).await;
    w.wait_for(&format!("settings-{card}-saved")).await;
    w.wait_for_attribute(
        &format!("settings-{card}-status"),
        "data-status",
        "configured",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_person_onboarded_moved_to_a_partner_without_slack_then_the_partner_offboarded() {
    let world = FakeWorld::start()
        .await
        .expect("the fakes start on 127.0.0.1");
    world.add_slack_member(EMAIL, "Siobhán Ó Briain-Müller");
    let mut w = AppWindow::launch(Launch {
        scenario: "integrations",
        ..Launch::default()
    })
    .await;
    sign_in_as_new_admin(&w).await;

    w.click("nav-settings").await;
    w.wait_for("settings-integrations").await;
    w.wait_for_attribute("settings-metabase-status", "data-status", "missing")
        .await;
    w.screenshot("settings-unconfigured").await;
    for system in world.configuration() {
        configure(&mut w, &system).await;
    }
    w.click("settings-metabase-test").await;
    w.wait_for_attribute("settings-metabase-result", "data-ok", "true")
        .await;
    w.fill("settings-smtp-test-to", "ops@hyopps.example").await;
    w.click("settings-smtp-send-test").await;
    w.wait_for_attribute("settings-smtp-result", "data-ok", "true")
        .await;
    w.screenshot("settings-configured").await;

    // new_partner: two forms, then five auto steps against the fakes, then the LMS form.
    w.click("nav-dashboard").await;
    w.click("start-new_partner").await;
    w.fill("field-organization_name", ORGANISATION).await;
    w.fill("field-studio_company_name_test", "O'Brien & Söhne TEST")
        .await;
    w.fill("field-studio_company_id_test", "3001").await;
    w.fill("field-studio_company_name_prod", "O'Brien & Söhne PROD")
        .await;
    w.fill("field-studio_company_id_prod", "3002").await;
    w.click("step-form-submit").await;
    w.wait_for("field-keycloak_cluster").await;
    w.select("field-keycloak_cluster", "prod-us").await;
    w.click("field-keycloak_confirmed").await;
    w.click("step-form-submit").await;
    w.wait_for("field-lms_confirmed").await;
    for order in 3..=7 {
        w.wait_for_attribute(&format!("step-{order}-status"), "data-status", "completed")
            .await;
    }
    // The channel's name as Teams got it is shown on its step.
    w.wait_for_text("step-6", CHANNEL).await;
    w.screenshot("new-partner-auto-steps-done").await;
    w.click("field-lms_confirmed").await;
    w.click("step-form-submit").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;

    // new_partner_user: two forms, then seven auto steps, nothing by hand.
    w.click("nav-dashboard").await;
    w.click("start-new_partner_user").await;
    w.wait_for("field-organization_id").await;
    w.select_label("field-organization_id", ORGANISATION).await;
    w.click("step-form-submit").await;
    w.wait_for("field-firstname").await;
    w.fill("field-firstname", "Siobhán").await;
    w.fill("field-lastname", "Ó Briain-Müller").await;
    w.fill("field-email", EMAIL).await;
    w.fill("field-languages", "ga, de, en").await;
    w.click_first("input[id^='field-selected_studio_company_ids-']")
        .await;
    // Before submitting, the preview reads each system as it is now and changes nothing.
    w.click("step-form-preview-button").await;
    w.wait_for_text("step-form-preview-step-4", "Creates a Metabase account for")
        .await;
    w.wait_for_text("step-form-preview-step-5", "as a guest")
        .await;
    w.screenshot("new-partner-user-preview").await;
    w.click("step-form-submit").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    w.screenshot("new-partner-user-completed-automatically")
        .await;

    let partner_collections = world
        .metabase
        .collections()
        .into_iter()
        .filter(|c| c.name == ORGANISATION)
        .count();
    assert_eq!(partner_collections, 1, "one Metabase collection");
    let partner_groups = world
        .metabase
        .groups()
        .into_iter()
        .filter(|g| g.name.starts_with("ext-"))
        .count();
    assert_eq!(partner_groups, 1, "one Metabase group");
    let accounts = world
        .metabase
        .users()
        .into_iter()
        .filter(|u| u.email == EMAIL)
        .count();
    assert_eq!(accounts, 1, "one Metabase account");
    let channels = world
        .graph
        .channels(TEAM_ID)
        .into_iter()
        .filter(|c| c.display_name == CHANNEL)
        .count();
    assert_eq!(channels, 1, "one Teams channel, named as Teams allows");
    assert_eq!(world.graph.invitations().len(), 1, "one guest invitation");
    assert_eq!(world.slack.usergroups().len(), 1, "one Slack user group");
    assert_eq!(world.keycloak.users().len(), 1, "one Keycloak user");
    assert_eq!(
        world.studio_company.requests().len(),
        1,
        "one personal Studio company"
    );
    let documentation: Vec<_> = world
        .smtp
        .received()
        .into_iter()
        .filter(|m| m.rcpt_to == [EMAIL])
        .collect();
    assert_eq!(documentation.len(), 1, "one documentation email");

    give_back_slack_taken_away_by_hand(&mut w, &world).await;
    onboard_a_partner_without_slack(&mut w).await;
    move_the_person(&mut w, &world).await;
    offboard_the_second_partner(&mut w, &world).await;
    add_people_from_a_file(&mut w, &world).await;

    // Every file the app wrote (database, log, preferences store, WebKit's data): no secret.
    let secrets: Vec<(String, String)> = world
        .configuration()
        .into_iter()
        .filter_map(|system| Some((system.system, system.secret?)))
        .collect();
    for file in files_below(w.data_dir()) {
        let Ok(bytes) = std::fs::read(&file) else {
            continue; // gone meanwhile (a WebKit temporary)
        };
        for (system, secret) in &secrets {
            let found = bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes());
            assert!(!found, "{system}'s secret reached {}", file.display());
        }
    }
    w.close().await;
}

/// Someone takes the person out of the partner's Slack group in Slack itself: the check of
/// everything lists it, their own check says Missing, one click gives it back (a small run of
/// the onboarding's Slack step), and the check is clean again.
async fn give_back_slack_taken_away_by_hand(w: &mut AppWindow, world: &FakeWorld) {
    let group = world.slack.usergroups()[0].id.clone();
    let member = world.slack.usergroup_users(&group)[0].clone();
    world.slack.remove_usergroup_member(&group, &member);
    w.click("nav-access").await;
    w.click("access-check-all").await;
    w.wait_for_text("access-check-summary", "1 difference(s) (1 new")
        .await;
    w.wait_for_attribute("access-difference-0", "data-state", "missing")
        .await;
    w.screenshot("access-check-everything").await;
    w.click("access-difference-0-who").await;
    w.wait_for("page-user").await;
    w.click("user-access-check-button").await;
    w.wait_for_attribute("user-access-check-slack", "data-state", "missing")
        .await;
    w.show("user-access-check-table").await;
    w.screenshot("access-check-missing").await;
    w.click("user-access-check-slack-repair-give-back").await;
    w.wait_for("user-access-check-slack-repair-execution").await;
    w.click("user-access-check-slack-repair-execution").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    assert!(
        world.slack.usergroup_users(&group).contains(&member),
        "back in the Slack group"
    );
    open_the_person(w, ORGANISATION).await;
    w.click("user-access-check-button").await;
    w.wait_for_text("user-access-check-summary", "Every system agrees")
        .await;
    w.show("user-access-check-table").await;
    w.screenshot("access-repaired").await;
}

/// new_partner for `SECOND` with Slack unticked among the systems it uses: its Slack step is
/// skipped and says why.
async fn onboard_a_partner_without_slack(w: &mut AppWindow) {
    w.click("nav-dashboard").await;
    w.click("start-new_partner").await;
    w.fill("field-organization_name", SECOND).await;
    w.fill("field-studio_company_name_test", "Müller TEST")
        .await;
    w.fill("field-studio_company_id_test", "4001").await;
    w.fill("field-studio_company_name_prod", "Müller PROD")
        .await;
    w.fill("field-studio_company_id_prod", "4002").await;
    w.click("field-systems_used-slack").await;
    w.click("step-form-submit").await;
    w.wait_for("field-keycloak_cluster").await;
    w.select("field-keycloak_cluster", "prod-eu").await;
    w.click("field-keycloak_confirmed").await;
    w.click("step-form-submit").await;
    w.wait_for("field-lms_confirmed").await;
    w.wait_for_attribute("step-7-status", "data-status", "skipped")
        .await;
    w.wait_for_text("step-7", "Slack is not used by").await;
    w.screenshot("second-partner-skips-slack").await;
    w.click("field-lms_confirmed").await;
    w.click("step-form-submit").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
}

/// Moves the person to `SECOND` from their page: they keep their accounts, join the second
/// partner's groups, and leave Slack, which the second partner does not use.
async fn move_the_person(w: &mut AppWindow, world: &FakeWorld) {
    open_the_person(w, ORGANISATION).await;
    w.click("user-move").await;
    w.wait_for_text("user-move-modal", "Siobhán").await;
    w.select_label("user-move-organisation", SECOND).await;
    w.screenshot("move-choice").await;
    w.click("user-move-confirm").await;
    w.wait_for_text("step-form-instructions", "no new invitation")
        .await;
    w.click_first("input[id^='field-selected_studio_company_ids-']")
        .await;
    // Before confirming, the preview says what each system will do.
    w.click("step-form-preview-button").await;
    w.wait_for_text(
        "step-form-preview-step-2",
        "adds it to the group ext-mueller",
    )
    .await;
    w.wait_for_text("step-form-preview-step-4", "Slack is not used by")
        .await;
    w.screenshot("move-preview").await;
    w.click("step-form-submit").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    w.wait_for_text("step-4", "Slack is not used by").await;
    w.screenshot("move-completed").await;

    let accounts: Vec<_> = world
        .metabase
        .users()
        .into_iter()
        .filter(|u| u.email == EMAIL)
        .collect();
    assert_eq!(
        accounts.len(),
        1,
        "the Metabase account is kept, not made again"
    );
    let second_group = world
        .metabase
        .groups()
        .into_iter()
        .find(|g| g.name.starts_with("ext-mueller"))
        .expect("the second partner's Metabase group");
    let groups: Vec<i64> = world
        .metabase
        .memberships()
        .iter()
        .filter(|m| m.user_id == accounts[0].id)
        .map(|m| m.group_id)
        .collect();
    assert!(
        groups.contains(&second_group.id),
        "in the second partner's group: {groups:?}"
    );
    assert_eq!(
        world.keycloak.users().len(),
        1,
        "the Keycloak account is kept"
    );
    let slack = &world.slack.usergroups()[0];
    assert!(
        slack.disabled,
        "out of the first partner's Slack group: {slack:?}"
    );
}

/// Offboards the second partner from its page, as an admin (which approves it at once): its
/// person is offboarded in an execution of their own first, then the partner's places go (the
/// Teams channel by the operator). Checks each system and the person's page.
async fn offboard_the_second_partner(w: &mut AppWindow, world: &FakeWorld) {
    w.click("nav-organisations").await;
    w.click_first_with_text("a[id^='organisation-link-']", SECOND)
        .await;
    w.wait_for("page-organisation").await;
    w.click("organisation-offboard").await;
    w.wait_for_text("organisation-offboard-modal", "Every person")
        .await;
    w.click("organisation-offboard-preview-button").await;
    w.wait_for_text("organisation-offboard-preview-step-2", "its 1 person")
        .await;
    w.screenshot("offboard-confirmation").await;
    w.click("organisation-offboard-confirm").await;
    // The person's offboarding runs first; then archiving the channel is the operator's task.
    w.wait_for("field-teams_channel_archived").await;
    w.wait_for_text("execution-children-progress", "1 of 1 ended")
        .await;
    w.screenshot("partner-offboarding-waits-for-teams").await;
    w.click("field-teams_channel_archived").await;
    w.click("step-form-submit").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    // The second partner does not use Slack: nothing to disable.
    w.wait_for_attribute("step-5-status", "data-status", "skipped")
        .await;
    let collection = world
        .metabase
        .collections()
        .into_iter()
        .find(|c| c.name == SECOND)
        .expect("the second partner's collection");
    assert!(collection.archived, "its Metabase collection is archived");

    // The person's own offboarding, started by the partner's.
    w.click_first("a[id^='execution-child-']").await;
    w.wait_for("execution-parent").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    for order in [1, 2, 3, 5, 6, 7] {
        w.wait_for_attribute(&format!("step-{order}-status"), "data-status", "completed")
            .await;
    }
    // The second partner does not use Slack; the move already took that access away.
    w.wait_for_attribute("step-4-status", "data-status", "skipped")
        .await;
    w.screenshot("offboarding-completed").await;

    let metabase_user = world
        .metabase
        .users()
        .into_iter()
        .find(|u| u.email == EMAIL);
    assert_eq!(
        metabase_user.map(|u| u.is_active),
        Some(false),
        "the Metabase account is kept but deactivated"
    );
    let guest = world.graph.invitations()[0].user_id.clone();
    assert!(
        !world.graph.team_members(TEAM_ID).contains(&guest),
        "the guest left the Teams team"
    );
    let group = &world.slack.usergroups()[0];
    // Slack refuses an empty list, so the only member leaving disables the group (Slack keeps
    // the last list on a disabled group; it no longer reaches anyone).
    assert!(
        group.disabled,
        "the Slack group lost its only member and is disabled: {group:?}"
    );
    let keycloak_user = &world.keycloak.users()[0];
    assert!(!keycloak_user.enabled, "the Keycloak account is disabled");
    assert!(
        world.keycloak.memberships().is_empty(),
        "the Keycloak user left the organisation's group"
    );
    let removals = world.studio_removal.requests();
    assert_eq!(
        removals.len(),
        2,
        "one Studio removal for the move, one for the offboarding"
    );
    assert!(
        removals[1].body.to_string().contains(EMAIL),
        "the Studio removal names the person: {}",
        removals[1].body
    );

    // HyOpps: every grant and Studio company shows as revoked, with its date.
    open_the_person(w, SECOND).await;
    let grants = w
        .attributes("[id^='user-grant-'][id$='-state']", "data-revoked")
        .await;
    assert!(grants.len() >= 4, "the grants are listed: {grants:?}");
    assert!(
        grants.iter().all(|revoked| revoked == "true"),
        "every grant is revoked: {grants:?}"
    );
    let studio = w
        .attributes("[id^='user-studio-'][id$='-state']", "data-revoked")
        .await;
    assert!(
        !studio.is_empty() && studio.iter().all(|revoked| revoked == "true"),
        "every Studio company is revoked: {studio:?}"
    );
    w.wait_for_text("user-grants-table", "Revoked").await;
    w.screenshot("offboarded-person").await;
    // The systems agree: nothing of what HyOpps gave is left anywhere.
    w.click("user-access-check-button").await;
    w.wait_for_text("user-access-check-summary", "Every system agrees")
        .await;
    w.screenshot("offboarded-person-access-check").await;
}

/// The title the card gives the open dialog (ui/src/ipc/people_import.rs).
const PEOPLE_DIALOG: &str = "Choose a file of people (CSV, as a spreadsheet saves it)";

/// Two people and a line with a bad email in a file as a German spreadsheet saves it (a
/// byte-order mark, semicolons, a column HyOpps does not read) are added to the first partner
/// from its page: the preview names the bad line, the two are onboarded in every system, and
/// the same file again finds them already there.
async fn add_people_from_a_file(w: &mut AppWindow, world: &FakeWorld) {
    let people = [
        (
            "aoife.nic-giolla@obrien-soehne.example",
            "Aoife",
            "Nic Giolla Phádraig-Überlingen von Köpenick",
        ),
        (
            "juergen.mueller@obrien-soehne.example",
            "Jürgen",
            "Müller + Söhne",
        ),
    ];
    let mut contents =
        String::from("\u{feff}E-Mail;Vorname;Nachname;Languages;Studio companies;Telefon\r\n");
    for (email, first, last) in people {
        world.add_slack_member(email, &format!("{first} {last}"));
        contents.push_str(&format!(
            "{email};{first};{last};de, en;O'Brien & Söhne PROD;+49 30 1\r\n"
        ));
    }
    contents.push_str("not-an-email;Nobody;Valid;en;;\r\n");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("Neue Kollegen O'Brien.csv");
    std::fs::write(&file, contents).expect("the file is written");

    w.click("nav-organisations").await;
    w.click_first_with_text("a[id^='organisation-link-']", ORGANISATION)
        .await;
    w.wait_for("people-import").await;
    choose_people_file(w, &file).await;
    w.wait_for_attribute("people-import-summary", "data-new", "2")
        .await;
    w.wait_for_attribute("people-import-row-4", "data-state", "invalid")
        .await;
    w.wait_for_text("people-import-row-4", "E-Mail: Enter an email address")
        .await;
    w.screenshot("people-import-preview").await;
    w.click("people-import-confirm").await;
    w.wait_for_text("people-import-started", "Started onboarding 2 people")
        .await;
    w.wait_for_attribute("people-import-latest", "data-done", "2")
        .await;
    w.show("people-import").await;
    w.screenshot("people-import-done").await;
    for (email, _, _) in people {
        let accounts = world
            .metabase
            .users()
            .into_iter()
            .filter(|u| u.email == email)
            .count();
        assert_eq!(accounts, 1, "{email} has one Metabase account");
        assert!(
            world
                .keycloak
                .users()
                .iter()
                .any(|u| u.email.as_deref() == Some(email)),
            "{email} has a Keycloak account"
        );
    }

    // The same file again: both are there now, nothing is left to start.
    choose_people_file(w, &file).await;
    w.wait_for_attribute("people-import-summary", "data-skipped", "2")
        .await;
    w.wait_for_attribute("people-import-summary", "data-new", "0")
        .await;
    w.click("people-import-cancel").await;
    w.wait_until_gone("people-import-modal").await;
}

async fn choose_people_file(w: &mut AppWindow, file: &std::path::Path) {
    w.click("people-import-choose").await;
    NativeDialog::wait(PEOPLE_DIALOG).await.choose(file).await;
    w.wait_for("people-import-modal").await;
}

/// The partner's only person, from the page of the organisation called `organisation`.
async fn open_the_person(w: &AppWindow, organisation: &str) {
    w.click("nav-organisations").await;
    w.click_first_with_text("a[id^='organisation-link-']", organisation)
        .await;
    w.wait_for("page-organisation").await;
    w.click_first("a[id^='organisation-user-link-']").await;
    w.wait_for("page-user").await;
}

fn files_below(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}
