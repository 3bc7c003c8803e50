//! The Keycloak connector against the fake realm: inviting creates each thing once, finds what
//! exists (409 paths, exact group names), and says what to fix when Keycloak refuses.

use std::time::Duration;

use hyopps_connectors::{ConnectorError, KeycloakApi, KeycloakConnector, KeycloakSettings, Secret};
use hyopps_fakes::keycloak::FakeKeycloak;
use hyopps_fakes::FakeServer;

const REALM: &str = "partners";
const CLIENT: &str = "hyopps-admin";
const CLIENT_SECRET: &str = "kc-client-secret-4711";
const INVITE_CLIENT: &str = "studio";
const REDIRECT: &str = "https://studio.example.com/welcome";
const SEVEN_DAYS: u64 = 7 * 24 * 60 * 60;

mod invitations;
mod offboarding;
mod reading;

struct Realm {
    fake: FakeKeycloak,
    server: FakeServer,
}

impl Realm {
    async fn start() -> Self {
        let fake = FakeKeycloak::new(REALM, CLIENT, CLIENT_SECRET);
        fake.add_client(INVITE_CLIENT);
        let server = FakeServer::start(fake.router())
            .await
            .expect("the fake starts");
        Self { fake, server }
    }

    fn settings(&self) -> KeycloakSettings {
        KeycloakSettings {
            // A trailing slash, as people paste it.
            url: format!("{}/", self.server.url()),
            realm: REALM.into(),
            client_id: CLIENT.into(),
            client_secret: Secret::new(CLIENT_SECRET),
            invite_client_id: INVITE_CLIENT.into(),
            redirect_uri: REDIRECT.into(),
        }
    }

    fn connector(&self) -> KeycloakConnector {
        KeycloakConnector::new(self.settings())
    }
}

fn permanent(error: ConnectorError) -> String {
    match error {
        ConnectorError::Permanent { message } => message,
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

#[tokio::test]
async fn inviting_twice_creates_one_enabled_user_one_group_and_one_membership() {
    let realm = Realm::start().await;
    let keycloak = realm.connector();

    let first = keycloak
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("the first invitation works");
    // The step retried (or re-run after a crash): everything is found, nothing made twice.
    let second = keycloak
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("the second invitation works");
    assert_eq!(first, second, "the retry reports the same user and group");

    let users = realm.fake.users();
    assert_eq!(users.len(), 1, "one user, found by email on the retry");
    let user = &users[0];
    assert_eq!(
        user.id, first.user_id,
        "the id is the last segment of Location"
    );
    assert!(
        user.enabled,
        "created with enabled: true, so the user can sign in"
    );
    assert_eq!(user.username, "ada@example.com");
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(
        (user.first_name.as_str(), user.last_name.as_str()),
        ("Ada", "Lovelace")
    );

    let groups = realm.fake.groups();
    assert_eq!(
        groups.len(),
        1,
        "the group is created once and found after that"
    );
    assert_eq!(groups[0].name, "ext-acme");
    assert_eq!(first.group.id, groups[0].id);
    assert_eq!(first.group.name, "ext-acme");
    assert_eq!(
        realm.fake.memberships(),
        vec![(user.id.clone(), groups[0].id.clone())],
        "joining twice leaves one membership (Keycloak's PUT is idempotent)"
    );

    // Ada has not set a password yet, so the retry sends the invitation again: a second email
    // is harmless, a lost one is not.
    let emails = realm.fake.actions_emails();
    assert_eq!(emails.len(), 2, "one invitation email per run");
    for email in &emails {
        assert_eq!(email.user_id, user.id);
        assert_eq!(email.actions, ["VERIFY_EMAIL", "UPDATE_PASSWORD"]);
        assert_eq!(email.client_id.as_deref(), Some(INVITE_CLIENT));
        assert_eq!(email.redirect_uri.as_deref(), Some(REDIRECT));
        assert_eq!(email.lifespan, Some(SEVEN_DAYS), "the link lives a week");
    }
    assert_eq!(
        realm.fake.tokens_issued(),
        1,
        "the token is reused while fresh"
    );
}

#[tokio::test]
async fn an_existing_user_is_found_after_409() {
    let realm = Realm::start().await;
    let existing = realm.fake.add_user("ada@example.com", true);

    let invite = realm
        .connector()
        .invite_user("Ada@Example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("an existing user is reused");

    assert_eq!(
        invite.user_id, existing,
        "Keycloak's 409 led to the user with that email"
    );
    assert_eq!(realm.fake.users().len(), 1, "no second user");
    assert_eq!(realm.fake.memberships(), vec![(existing, invite.group.id)]);
}

#[tokio::test]
async fn a_user_with_another_username_but_this_email_is_found_after_409() {
    let realm = Realm::start().await;
    // Made by hand in the admin console with a short username.
    let existing = realm
        .fake
        .add_user_named("ada", Some("ada@example.com"), true);

    let invite = realm
        .connector()
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("409 'User exists with same email' leads to that user");

    assert_eq!(invite.user_id, existing);
    assert_eq!(realm.fake.users().len(), 1, "no second user");
}

#[tokio::test]
async fn an_existing_disabled_user_is_not_silently_invited() {
    let realm = Realm::start().await;
    realm.fake.add_user("ada@example.com", false);

    let error = realm
        .connector()
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect_err("a disabled account is someone's decision");

    let message = permanent(error);
    assert!(message.contains("is disabled"), "{message}");
    assert!(
        message.contains("enable them in the Keycloak admin console"),
        "{message}"
    );
    assert!(
        realm.fake.actions_emails().is_empty(),
        "no email to a disabled user"
    );
}

#[tokio::test]
async fn a_username_taken_by_someone_else_is_reported_not_guessed() {
    let realm = Realm::start().await;
    realm
        .fake
        .add_user_named("ada@example.com", Some("someone.else@example.com"), true);

    let error = realm
        .connector()
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect_err("the 409 user has another email");

    let message = permanent(error);
    assert!(
        message.contains("User exists with same username"),
        "Keycloak's words are quoted: {message}"
    );
    assert!(
        message.contains("another user has ada@example.com as username"),
        "{message}"
    );
    assert!(
        realm.fake.memberships().is_empty(),
        "nobody was put in the group"
    );
}

#[tokio::test]
async fn the_organisations_group_id_is_used_when_set() {
    let realm = Realm::start().await;
    let group_id = realm.fake.add_group("Partner ACME (set by hand)", None);

    let invite = realm
        .connector()
        .invite_user(
            "ada@example.com",
            "Ada",
            "Lovelace",
            Some(&group_id),
            "ext-acme",
        )
        .await
        .expect("the invitation works");

    assert_eq!(invite.group.id, group_id);
    assert_eq!(
        invite.group.name, "Partner ACME (set by hand)",
        "the name is read from Keycloak"
    );
    assert_eq!(
        realm.fake.groups().len(),
        1,
        "no ext-acme group is created beside it"
    );
}

#[tokio::test]
async fn a_group_id_that_does_not_exist_says_where_to_fix_it() {
    let realm = Realm::start().await;

    let error = realm
        .connector()
        .invite_user(
            "ada@example.com",
            "Ada",
            "Lovelace",
            Some("no-such-group"),
            "ext-acme",
        )
        .await
        .expect_err("the group is missing");

    let message = permanent(error);
    assert!(message.contains("no-such-group"), "{message}");
    assert!(message.contains("System groups → Keycloak"), "{message}");
}

#[tokio::test]
async fn only_a_top_level_group_of_exactly_that_name_is_reused() {
    let realm = Realm::start().await;
    // An older Keycloak ignores exact=true, and any search also returns the parents of
    // matching subgroups: neither of these is the organisation's group.
    realm.fake.ignore_exact_in_group_search();
    realm.fake.add_group("ext-acme-old", None);
    let parent = realm.fake.add_group("partners", None);
    let nested = realm.fake.add_group("ext-acme", Some(&parent));

    let invite = realm
        .connector()
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("the invitation works");

    let created: Vec<_> = realm
        .fake
        .groups()
        .into_iter()
        .filter(|group| group.name == "ext-acme" && group.parent_id.is_none())
        .collect();
    assert_eq!(created.len(), 1, "a top-level ext-acme was created");
    assert_eq!(invite.group.id, created[0].id);
    assert_ne!(
        invite.group.id, nested,
        "the subgroup of the same name is not ours"
    );
}

#[tokio::test]
async fn a_group_created_meanwhile_is_found_after_409() {
    let realm = Realm::start().await;
    // Another execution for the same organisation creates the group between our search and
    // our create, so the create answers 409.
    realm.fake.create_group_behind_next_search("ext-acme");

    let invite = realm
        .connector()
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("the 409 leads to the existing group");

    let groups = realm.fake.groups();
    assert_eq!(groups.len(), 1, "still one group");
    assert_eq!(
        invite.group.id, groups[0].id,
        "the group the other one created"
    );
}

#[tokio::test]
async fn the_fake_stores_a_user_created_without_enabled_as_disabled() {
    // The quirk the connector guards against, shown against the fake itself.
    let realm = Realm::start().await;
    let client = reqwest::Client::new();
    let token: serde_json::Value = client
        .post(format!(
            "{}/realms/{REALM}/protocol/openid-connect/token",
            realm.server.url()
        ))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT),
            ("client_secret", CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created = client
        .post(format!("{}/admin/realms/{REALM}/users", realm.server.url()))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .json(&serde_json::json!({"username": "bob@example.com", "email": "bob@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert!(
        !realm.fake.users()[0].enabled,
        "no enabled: true, so disabled"
    );
}

#[tokio::test]
async fn a_429_is_transient_with_retry_after_and_the_retry_creates_one_user() {
    let realm = Realm::start().await;
    realm.fake.fail_next("/users", 1, 429, Some(1));
    let keycloak = realm.connector();

    let error = keycloak
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect_err("the first call is throttled");
    match error {
        ConnectorError::Transient { retry_after, .. } => {
            assert_eq!(
                retry_after,
                Some(Duration::from_secs(1)),
                "Keycloak's hint is passed on"
            )
        }
        other => panic!("expected a transient error, got {other:?}"),
    }

    keycloak
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("the engine's retry works");
    assert_eq!(realm.fake.users().len(), 1);
    assert_eq!(realm.fake.actions_emails().len(), 1);
}

#[tokio::test]
async fn a_503_is_transient() {
    let realm = Realm::start().await;
    realm.fake.fail_next("execute-actions-email", 1, 503, None);

    let error = realm
        .connector()
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect_err("Keycloak is unavailable");

    assert!(
        matches!(error, ConnectorError::Transient { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_revoked_token_is_dropped_and_a_new_one_fetched() {
    let realm = Realm::start().await;
    let keycloak = realm.connector();
    keycloak
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .unwrap();

    realm.fake.revoke_tokens();
    keycloak
        .invite_user("grace@example.com", "Grace", "Hopper", None, "ext-acme")
        .await
        .expect("the 401 led to a new sign-in");

    assert_eq!(realm.fake.tokens_issued(), 2, "one new token after the 401");
    assert_eq!(realm.fake.users().len(), 2);
}

#[tokio::test]
async fn an_expired_token_is_not_reused() {
    let realm = Realm::start().await;
    // A token that expires at once is never fresh enough to reuse.
    realm.fake.set_token_lifespan(0);
    let keycloak = realm.connector();

    keycloak
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .unwrap();

    assert!(realm.fake.tokens_issued() > 1, "each call signed in again");
}

#[tokio::test]
async fn a_wrong_client_secret_is_permanent_and_never_quoted() {
    let realm = Realm::start().await;
    let mut settings = realm.settings();
    settings.client_secret = Secret::new("wrong-secret-value");
    let keycloak = KeycloakConnector::new(settings);

    for error in [
        keycloak
            .test_connection()
            .await
            .expect_err("the sign-in fails"),
        keycloak
            .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
            .await
            .expect_err("the sign-in fails"),
    ] {
        let message = permanent(error);
        assert!(
            message.contains("unauthorized_client"),
            "Keycloak's own code: {message}"
        );
        assert!(
            message.contains("client secret in Settings → Keycloak"),
            "{message}"
        );
        assert!(
            !message.contains("wrong-secret-value"),
            "never the secret: {message}"
        );
    }
    assert!(realm.fake.users().is_empty());
}

#[tokio::test]
async fn a_wrong_realm_says_so() {
    let realm = Realm::start().await;
    let mut settings = realm.settings();
    settings.realm = "no-such-realm".into();

    let message = permanent(
        KeycloakConnector::new(settings)
            .test_connection()
            .await
            .unwrap_err(),
    );

    assert!(message.contains("Realm does not exist"), "{message}");
    assert!(
        message.contains("realm in Settings → Keycloak"),
        "{message}"
    );
}

#[tokio::test]
async fn an_unknown_invite_client_is_reported_with_advice() {
    let realm = Realm::start().await;
    let mut settings = realm.settings();
    settings.invite_client_id = "no-such-client".into();

    let message = permanent(
        KeycloakConnector::new(settings)
            .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
            .await
            .unwrap_err(),
    );

    assert!(message.contains("Client doesn't exist"), "{message}");
    assert!(
        message.contains("invite client id and redirect URI"),
        "{message}"
    );
}

#[tokio::test]
async fn test_connection_signs_in_and_reads() {
    let realm = Realm::start().await;
    realm.fake.add_user("ada@example.com", true);

    let summary = realm
        .connector()
        .test_connection()
        .await
        .expect("the connection works");

    assert!(summary.contains("realm partners"), "{summary}");
    assert!(summary.contains("client hyopps-admin"), "{summary}");
    assert!(summary.contains("(1)"), "the user count is read: {summary}");
}

#[tokio::test]
async fn the_settings_never_print_the_secret() {
    let realm = Realm::start().await;
    let printed = format!("{:?}", realm.settings());
    assert!(!printed.contains(CLIENT_SECRET), "{printed}");
}
