//! Who gets the invitation email: its UPDATE_PASSWORD makes the user choose a new password,
//! so someone who already signs in only gets the group; and an absurd token lifetime.

use hyopps_connectors::KeycloakApi;

use super::Realm;

#[tokio::test]
async fn an_existing_user_with_a_password_only_gets_the_group() {
    let realm = Realm::start().await;
    // Ada already signs in to Studio: UPDATE_PASSWORD would make her choose a new password.
    let existing = realm.fake.add_user("ada@example.com", true);
    realm.fake.set_password(&existing);
    let keycloak = realm.connector();

    for run in ["first run", "retry"] {
        let invite = keycloak
            .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
            .await
            .unwrap_or_else(|error| panic!("{run}: {error}"));
        assert_eq!(invite.user_id, existing, "{run}");
    }

    assert_eq!(
        realm.fake.memberships().len(),
        1,
        "she is put in the organisation's group"
    );
    assert!(
        realm.fake.actions_emails().is_empty(),
        "no verify-email/set-password email resets her password: {:?}",
        realm.fake.actions_emails()
    );
}

#[tokio::test]
async fn an_existing_user_without_credentials_is_invited() {
    let realm = Realm::start().await;
    // Made in the admin console, never signed in.
    let existing = realm.fake.add_user("ada@example.com", true);

    realm
        .connector()
        .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
        .await
        .expect("the invitation works");

    let emails = realm.fake.actions_emails();
    assert_eq!(emails.len(), 1, "a user with no password yet is invited");
    assert_eq!(emails[0].user_id, existing);
}

#[tokio::test]
async fn an_enormous_token_lifetime_is_capped_instead_of_overflowing() {
    let realm = Realm::start().await;
    realm.fake.set_token_lifespan(u64::MAX);
    let keycloak = realm.connector();

    for email in ["ada@example.com", "grace@example.com"] {
        keycloak
            .invite_user(email, "Ada", "Lovelace", None, "ext-acme")
            .await
            .expect("an absurd expires_in neither panics nor fails the call");
    }

    assert_eq!(
        realm.fake.tokens_issued(),
        1,
        "the token is still cached and reused"
    );
}
