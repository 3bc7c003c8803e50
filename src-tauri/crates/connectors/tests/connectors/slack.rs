//! The Slack connector against the fake Slack Web API.

use std::time::Duration;

use hyopps_connectors::{ConnectorError, Secret, SlackApi, SlackConnector, SlackSettings};
use hyopps_fakes::slack::FakeSlack;
use hyopps_fakes::FakeServer;

const TOKEN: &str = "xoxp-1234-very-secret";
const WORKSPACE: &str = "Example Corp";

mod group_members;
mod leaving;
mod reading;

struct Setup {
    fake: FakeSlack,
    server: FakeServer,
}

impl Setup {
    async fn start() -> Self {
        let fake = FakeSlack::new(TOKEN, WORKSPACE);
        let server = FakeServer::start(fake.router())
            .await
            .expect("fake Slack starts");
        Self { fake, server }
    }

    fn connector_with_token(&self, token: &str) -> SlackConnector {
        SlackConnector::new(SlackSettings {
            base_url: self.server.url(),
            token: Secret::new(token),
        })
    }

    fn connector(&self) -> SlackConnector {
        self.connector_with_token(TOKEN)
    }

    fn calls_to(&self, method: &str) -> usize {
        self.fake
            .calls()
            .iter()
            .filter(|call| *call == method)
            .count()
    }
}

fn permanent_message(error: ConnectorError) -> String {
    match error {
        ConnectorError::Permanent { message } => message,
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

// ---- user groups ----

#[tokio::test]
async fn ensure_usergroup_twice_creates_one_group() {
    let setup = Setup::start().await;
    let slack = setup.connector();

    let first = slack
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .expect("created");
    let second = slack
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .expect("reused");

    assert_eq!(first, second, "the second call finds the first one's group");
    assert_eq!(
        first.name, "ext-acme",
        "the group is named by its handle for the workflow"
    );
    let groups = setup.fake.usergroups();
    assert_eq!(groups.len(), 1, "one group, not two");
    assert_eq!(
        (groups[0].name.as_str(), groups[0].handle.as_str()),
        ("ext-acme", "ext-acme")
    );
    assert_eq!(setup.calls_to("usergroups.create"), 1);
}

#[tokio::test]
async fn a_group_made_in_slack_is_found_by_handle_or_by_name() {
    let setup = Setup::start().await;
    let by_handle = setup
        .fake
        .add_usergroup("Acme partners", "ext-acme", &[], &[]);
    let by_name = setup
        .fake
        .add_usergroup("ext-globex", "globex-people", &[], &[]);
    let slack = setup.connector();

    let acme = slack
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .expect("found");
    let globex = slack
        .ensure_usergroup("ext-globex", "ext-globex")
        .await
        .expect("found");

    assert_eq!(acme.id, by_handle, "same handle");
    assert_eq!(globex.id, by_name, "same name");
    assert_eq!(
        globex.name, "globex-people",
        "the group's real handle is returned"
    );
    assert_eq!(setup.calls_to("usergroups.create"), 0, "nothing created");
}

#[tokio::test]
async fn a_disabled_group_is_enabled_and_reused() {
    let setup = Setup::start().await;
    let id = setup.fake.add_usergroup("ext-acme", "ext-acme", &[], &[]);
    setup.fake.disable_usergroup(&id);

    let group = setup
        .connector()
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .expect("reused");

    assert_eq!(group.id, id, "usergroups.list include_disabled finds it");
    assert!(
        !setup.fake.usergroups()[0].disabled,
        "usergroups.enable was called"
    );
    assert_eq!(setup.fake.usergroups().len(), 1);
}

#[tokio::test]
async fn a_group_created_meanwhile_is_reused_after_name_already_exists() {
    let setup = Setup::start().await;
    let theirs = setup
        .fake
        .create_usergroup_after_next_list("ext-acme", "ext-acme");

    let group = setup
        .connector()
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .expect("reused");

    assert_eq!(
        group.id, theirs,
        "name_already_exists leads to a second look"
    );
    assert_eq!(setup.fake.usergroups().len(), 1);
}

#[tokio::test]
async fn a_handle_held_by_a_member_is_permanent_with_advice() {
    let setup = Setup::start().await;
    setup.fake.add_user("someone@example.com", "ext-acme");

    let error = setup
        .connector()
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .unwrap_err();

    let message = permanent_message(error);
    assert!(
        message.contains("handle_already_exists"),
        "Slack's code: {message}"
    );
    assert!(message.contains("free it in Slack"), "advice: {message}");
}

#[tokio::test]
async fn a_free_workspace_answers_paid_teams_only_with_advice() {
    let setup = Setup::start().await;
    setup.fake.set_free_plan();

    let message = permanent_message(
        setup
            .connector()
            .ensure_usergroup("ext-acme", "ext-acme")
            .await
            .unwrap_err(),
    );

    assert!(message.contains("paid_teams_only"), "{message}");
    assert!(message.contains("paid Slack plan"), "{message}");
}

#[tokio::test]
async fn a_missing_scope_is_quoted() {
    let setup = Setup::start().await;
    setup
        .fake
        .set_scopes(&["usergroups:read", "users:read", "users:read.email"]);

    let message = permanent_message(
        setup
            .connector()
            .ensure_usergroup("ext-acme", "ext-acme")
            .await
            .unwrap_err(),
    );

    assert!(message.contains("missing_scope"), "{message}");
    assert!(
        message.contains("usergroups:write"),
        "names the scope Slack needs: {message}"
    );
}

#[tokio::test]
async fn a_wrong_token_is_invalid_auth_without_the_token() {
    let setup = Setup::start().await;
    let slack = setup.connector_with_token("xoxp-wrong-token");

    let error = slack
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .unwrap_err();

    let debug = format!("{error:?}");
    let message = permanent_message(error);
    assert!(message.contains("invalid_auth"), "Slack's code: {message}");
    assert!(message.contains("Settings → Slack"), "{message}");
    assert!(
        !debug.contains("xoxp-wrong-token") && !debug.contains(TOKEN),
        "{debug}"
    );
    assert!(setup.fake.usergroups().is_empty());
}

#[tokio::test]
async fn rate_limiting_is_transient_with_slacks_retry_after() {
    let setup = Setup::start().await;
    setup.fake.fail_next_requests(1, 429, Some(30));
    let slack = setup.connector();

    let error = slack
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .unwrap_err();
    assert!(
        matches!(error, ConnectorError::Transient { retry_after: Some(d), .. } if d == Duration::from_secs(30)),
        "429 is retried after Slack's Retry-After: {error:?}"
    );

    slack
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .expect("the retry works");
    assert_eq!(setup.fake.usergroups().len(), 1, "nothing made twice");
}

#[tokio::test]
async fn an_outage_is_transient() {
    let setup = Setup::start().await;
    setup.fake.fail_next_requests(1, 503, None);

    let error = setup
        .connector()
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .unwrap_err();

    assert!(
        matches!(error, ConnectorError::Transient { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn no_token_is_not_configured() {
    let setup = Setup::start().await;

    let error = setup
        .connector_with_token("")
        .ensure_usergroup("ext-acme", "ext-acme")
        .await
        .unwrap_err();

    assert_eq!(
        error,
        ConnectorError::NotConfigured {
            system: "Slack".into()
        }
    );
    assert!(setup.fake.calls().is_empty(), "nothing is sent");
}

// ---- members ----

#[tokio::test]
async fn a_member_is_merged_into_the_group_once_keeping_the_others() {
    let setup = Setup::start().await;
    let alice = setup.fake.add_user("alice@example.com", "alice");
    let bob = setup.fake.add_user("bob@example.com", "bob");
    let carol = setup.fake.add_user("carol@partner.example", "carol");
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[], &[&alice, &bob]);
    let slack = setup.connector();

    let first = slack
        .add_to_usergroup("carol@partner.example", &group)
        .await
        .expect("added");
    let second = slack
        .add_to_usergroup("carol@partner.example", &group)
        .await
        .expect("already in");

    assert_eq!(first, carol, "the Slack user id");
    assert_eq!(second, carol);
    assert_eq!(
        setup.fake.usergroup_users(&group),
        vec![alice, bob, carol],
        "update replaces the list, so the existing members are sent along"
    );
    assert_eq!(
        setup.calls_to("usergroups.users.update"),
        1,
        "the second call sees carol in the list and changes nothing"
    );
}

#[tokio::test]
async fn an_unknown_address_says_to_invite_them_to_slack_first() {
    let setup = Setup::start().await;
    let group = setup.fake.add_usergroup("ext-acme", "ext-acme", &[], &[]);

    let message = permanent_message(
        setup
            .connector()
            .add_to_usergroup("nobody@partner.example", &group)
            .await
            .unwrap_err(),
    );

    assert!(
        message
            .contains("No Slack account uses nobody@partner.example; invite them to Slack first"),
        "{message}"
    );
}

#[tokio::test]
async fn a_guest_is_invited_to_the_groups_channel_once_instead() {
    let setup = Setup::start().await;
    let channel = setup.fake.add_channel("ext-acme");
    let guest = setup
        .fake
        .add_guest("guest@partner.example", "guest", false);
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[&channel], &[]);
    let slack = setup.connector();

    let first = slack
        .add_to_usergroup("guest@partner.example", &group)
        .await
        .expect("invited");
    let second = slack
        .add_to_usergroup("guest@partner.example", &group)
        .await
        .expect("already_in_channel is success");

    assert_eq!(
        (first.as_str(), second.as_str()),
        (guest.as_str(), guest.as_str())
    );
    assert_eq!(
        setup.fake.channel_members(&channel),
        vec![guest],
        "in the channel once"
    );
    assert_eq!(setup.fake.invites().len(), 1);
    assert!(
        setup.fake.usergroup_users(&group).is_empty(),
        "guests stay out of the group"
    );
    assert_eq!(
        setup.calls_to("usergroups.users.update"),
        0,
        "not even attempted"
    );
}

#[tokio::test]
async fn a_single_channel_guest_takes_the_guest_path_too() {
    let setup = Setup::start().await;
    let channel = setup.fake.add_channel("ext-acme");
    let guest = setup.fake.add_guest("guest@partner.example", "guest", true);
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[&channel], &[]);

    setup
        .connector()
        .add_to_usergroup("guest@partner.example", &group)
        .await
        .expect("invited");

    assert_eq!(setup.fake.channel_members(&channel), vec![guest]);
}

#[tokio::test]
async fn invalid_user_from_the_update_falls_back_to_the_channel() {
    let setup = Setup::start().await;
    let channel = setup.fake.add_channel("ext-acme");
    let alice = setup.fake.add_user("alice@example.com", "alice");
    let dana = setup.fake.add_user("dana@partner.example", "dana");
    setup.fake.keep_out_of_usergroups(&dana);
    let group = setup
        .fake
        .add_usergroup("ext-acme", "ext-acme", &[&channel], &[&alice]);

    let id = setup
        .connector()
        .add_to_usergroup("dana@partner.example", &group)
        .await
        .expect("invited instead");

    assert_eq!(id, dana);
    assert_eq!(setup.fake.channel_members(&channel), vec![dana]);
    assert_eq!(
        setup.fake.usergroup_users(&group),
        vec![alice],
        "the group is unchanged"
    );
}

#[tokio::test]
async fn a_guest_and_a_group_without_a_channel_is_permanent_with_advice() {
    let setup = Setup::start().await;
    setup
        .fake
        .add_guest("guest@partner.example", "guest", false);
    let group = setup.fake.add_usergroup("ext-acme", "ext-acme", &[], &[]);

    let message = permanent_message(
        setup
            .connector()
            .add_to_usergroup("guest@partner.example", &group)
            .await
            .unwrap_err(),
    );

    assert!(message.contains("guest"), "{message}");
    assert!(message.contains("no default channel"), "{message}");
    assert!(message.contains("@ext-acme"), "names the group: {message}");
}

#[tokio::test]
async fn the_fake_like_slack_ignores_a_json_body_on_read_methods() {
    // The connector sends form parameters because of this quirk; this pins the quirk down.
    let setup = Setup::start().await;
    setup.fake.add_user("alice@example.com", "alice");
    let client = reqwest::Client::new();
    let url = format!("{}/users.lookupByEmail", setup.server.url());

    let json: serde_json::Value = client
        .post(&url)
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({ "email": "alice@example.com" }))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let form: serde_json::Value = client
        .post(&url)
        .bearer_auth(TOKEN)
        .form(&[("email", "alice@example.com")])
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");

    assert_eq!(json["ok"], false, "a JSON body is not read: {json}");
    assert_eq!(form["ok"], true, "form parameters are: {form}");
}

// ---- test connection ----

#[tokio::test]
async fn test_connection_names_workspace_and_user() {
    let setup = Setup::start().await;

    let summary = setup.connector().test_connection().await.expect("works");

    assert!(summary.contains(WORKSPACE), "{summary}");
    assert!(summary.contains("hyopps"), "{summary}");
}

#[tokio::test]
async fn test_connection_with_a_wrong_token_says_what_to_fix() {
    let setup = Setup::start().await;

    let message = permanent_message(
        setup
            .connector_with_token("xoxb-nope")
            .test_connection()
            .await
            .unwrap_err(),
    );

    assert!(message.contains("invalid_auth"), "{message}");
    assert!(
        message.contains("check the Slack token in Settings → Slack"),
        "{message}"
    );
    assert!(!message.contains("xoxb-nope"), "{message}");
}
