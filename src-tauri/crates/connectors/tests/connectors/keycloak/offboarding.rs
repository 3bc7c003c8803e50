//! Taking a person's Studio sign-in away: they leave the organisation's group; only when they
//! are then in no group at all is the account disabled and signed out. Every call twice: the
//! retry changes nothing and says the membership is already gone.

use std::collections::BTreeMap;

use hyopps_connectors::{ConnectorError, KeycloakApi, KeycloakLeave, Removal, WebhookConnector};
use serde_json::json;

use super::{permanent, Realm};

fn leave(group: Removal, disabled: bool) -> KeycloakLeave {
    KeycloakLeave { group, disabled }
}

#[tokio::test]
async fn leaving_the_only_group_twice_disables_and_signs_out_once() {
    let realm = Realm::start().await;
    let ada = realm.fake.add_user("ada@example.com", true);
    let acme = realm.fake.add_group("ext-acme", None);
    realm.fake.add_membership(&ada, &acme);
    realm.fake.start_session(&ada);
    let keycloak = realm.connector();

    let first = keycloak
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap();
    let second = keycloak
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap();

    assert_eq!(
        first,
        leave(Removal::Removed, true),
        "Ada leaves her only organisation: her account is disabled"
    );
    assert_eq!(
        second,
        leave(Removal::AlreadyGone, false),
        "the retry finds nothing left to remove and disables nothing (it was disabled already)"
    );
    assert!(realm.fake.groups_of(&ada).is_empty(), "she is in no group");
    let user = realm
        .fake
        .user(&ada)
        .expect("the account is kept, not deleted");
    assert!(!user.enabled, "she can no longer sign in: {user:?}");
    assert_eq!(
        user.email.as_deref(),
        Some("ada@example.com"),
        "disabling keeps the rest of the account"
    );
    assert_eq!(realm.fake.sessions(&ada), 0, "her open session was ended");
    assert_eq!(
        realm.fake.user_updates(),
        vec![(ada.clone(), json!({ "enabled": false }))],
        "one update, carrying only `enabled`, so nothing else of the account is overwritten"
    );
}

#[tokio::test]
async fn a_user_in_two_groups_leaves_one_and_stays_enabled() {
    let realm = Realm::start().await;
    let ada = realm.fake.add_user("ada@example.com", true);
    let acme = realm.fake.add_group("ext-acme", None);
    let globex = realm.fake.add_group("ext-globex", None);
    realm.fake.add_membership(&ada, &acme);
    realm.fake.add_membership(&ada, &globex);
    realm.fake.start_session(&ada);
    let keycloak = realm.connector();

    let left_acme = keycloak
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap();

    assert_eq!(
        left_acme,
        leave(Removal::Removed, false),
        "Ada still works with Globex: her sign-in stays"
    );
    assert_eq!(realm.fake.groups_of(&ada), vec![globex.clone()]);
    assert!(
        realm.fake.user(&ada).is_some_and(|user| user.enabled),
        "still enabled"
    );
    assert_eq!(realm.fake.sessions(&ada), 1, "her session goes on");
    assert_eq!(realm.fake.logouts(&ada), 0, "nobody signed her out");
    assert!(
        realm.fake.user_updates().is_empty(),
        "the account was not touched"
    );

    // Later she leaves Globex too: now she is in no organisation.
    let left_globex = keycloak
        .leave_group("ada@example.com", &globex)
        .await
        .unwrap();

    assert_eq!(
        left_globex,
        leave(Removal::Removed, true),
        "leaving the last group disables the account"
    );
    assert_eq!(realm.fake.sessions(&ada), 0, "and ends her sessions");
}

#[tokio::test]
async fn someone_unknown_is_already_gone_and_nobody_is_touched() {
    let realm = Realm::start().await;
    // Near matches: other people.
    realm.fake.add_user("mada@example.com", true);
    realm.fake.add_user("ada@example.com.au", true);
    let acme = realm.fake.add_group("ext-acme", None);

    let outcome = realm
        .connector()
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap();

    assert_eq!(
        outcome,
        leave(Removal::AlreadyGone, false),
        "no account with exactly this email: nothing to take away"
    );
    assert!(
        realm.fake.users().iter().all(|user| user.enabled),
        "the near matches keep their sign-in"
    );
    assert!(realm.fake.user_updates().is_empty());
}

#[tokio::test]
async fn the_email_is_matched_whatever_its_case() {
    let realm = Realm::start().await;
    let ada = realm.fake.add_user("ada@example.com", true);
    let acme = realm.fake.add_group("ext-acme", None);
    realm.fake.add_membership(&ada, &acme);

    let outcome = realm
        .connector()
        .leave_group(" Ada@Example.COM ", &acme)
        .await
        .unwrap();

    assert_eq!(
        outcome,
        leave(Removal::Removed, true),
        "Keycloak stores emails lower-cased; the address as typed still finds Ada"
    );
}

#[tokio::test]
async fn an_account_disabled_already_is_signed_out_but_not_reported_as_disabled_now() {
    let realm = Realm::start().await;
    // Disabled by an earlier attempt (or an admin) that did not get as far as signing her out.
    let ada = realm.fake.add_user("ada@example.com", false);
    let acme = realm.fake.add_group("ext-acme", None);
    realm.fake.add_membership(&ada, &acme);
    realm.fake.start_session(&ada);

    let outcome = realm
        .connector()
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap();

    assert_eq!(
        outcome,
        leave(Removal::Removed, false),
        "`disabled` says whether this call disabled the account, and it did not"
    );
    assert!(
        realm.fake.user_updates().is_empty(),
        "no update for an account disabled already"
    );
    assert_eq!(
        realm.fake.sessions(&ada),
        0,
        "the session an interrupted attempt left open is ended"
    );
}

#[tokio::test]
async fn a_membership_on_a_later_page_of_groups_is_found() {
    let realm = Realm::start().await;
    let ada = realm.fake.add_user("ada@example.com", true);
    // More groups than Keycloak lists on one page, the organisation's last.
    for n in 0..100 {
        let other = realm.fake.add_group(&format!("project-{n:03}"), None);
        realm.fake.add_membership(&ada, &other);
    }
    let acme = realm.fake.add_group("ext-acme", None);
    realm.fake.add_membership(&ada, &acme);

    let outcome = realm
        .connector()
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap();

    assert_eq!(
        outcome,
        leave(Removal::Removed, false),
        "the membership on the second page is removed; the hundred other groups keep her enabled"
    );
    assert_eq!(realm.fake.groups_of(&ada).len(), 100);
}

#[tokio::test]
async fn a_blank_group_id_is_refused_before_anything_changes() {
    let realm = Realm::start().await;
    let ada = realm.fake.add_user("ada@example.com", true);

    let message = permanent(
        realm
            .connector()
            .leave_group("ada@example.com", "  ")
            .await
            .unwrap_err(),
    );

    assert!(
        message.contains("no Keycloak group"),
        "says what is missing: {message}"
    );
    assert!(
        realm.fake.user(&ada).is_some_and(|user| user.enabled),
        "a person in no group is not disabled because the group id was missing"
    );
}

#[tokio::test]
async fn a_503_while_leaving_is_transient_and_the_retry_finishes_the_job() {
    let realm = Realm::start().await;
    let ada = realm.fake.add_user("ada@example.com", true);
    let acme = realm.fake.add_group("ext-acme", None);
    realm.fake.add_membership(&ada, &acme);
    realm.fake.start_session(&ada);
    // The membership is removed and the account disabled, then signing out fails.
    realm.fake.fail_next("/logout", 1, 503, None);
    let keycloak = realm.connector();

    let error = keycloak
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap_err();
    assert!(
        matches!(error, ConnectorError::Transient { .. }),
        "a 503 is worth retrying: {error:?}"
    );
    assert_eq!(realm.fake.sessions(&ada), 1, "not signed out yet");

    let retry = keycloak
        .leave_group("ada@example.com", &acme)
        .await
        .unwrap();

    assert_eq!(
        retry,
        leave(Removal::AlreadyGone, false),
        "the retry finds the group left and the account disabled already"
    );
    assert_eq!(
        realm.fake.sessions(&ada),
        0,
        "and still ends the session the first attempt left open"
    );
}

#[tokio::test]
async fn where_studio_does_not_sign_in_through_keycloak_leaving_is_a_manual_task() {
    let webhooks = WebhookConnector::new(BTreeMap::new());

    let error = webhooks
        .leave_group("ada@example.com", "ext-acme")
        .await
        .unwrap_err();

    let ConnectorError::ManualTask { instructions } = error else {
        panic!("expected a manual task, got {error:?}");
    };
    assert!(
        instructions.contains("Keycloak is not used"),
        "says why HyOpps cannot do it: {instructions}"
    );
    assert!(
        instructions.contains("in Studio by hand") && instructions.contains("ada@example.com"),
        "says what to do, for whom: {instructions}"
    );
}

#[tokio::test]
async fn an_organisation_s_group_is_emptied_once_and_only_accounts_left_in_no_group_are_disabled() {
    let realm = Realm::start().await;
    let acme = realm.fake.add_group("ext-acme", None);
    let globex = realm.fake.add_group("ext-globex", None);
    let ada = realm.fake.add_user("ada@example.com", true);
    let bob = realm.fake.add_user("bob@example.com", true);
    realm.fake.add_membership(&ada, &acme);
    realm.fake.add_membership(&bob, &acme);
    realm.fake.add_membership(&bob, &globex);
    let keycloak = realm.connector();

    let first = keycloak.empty_group(&acme).await.unwrap();
    let second = keycloak.empty_group(&acme).await.unwrap();
    let gone = keycloak.empty_group("no-such-group").await.unwrap();

    assert_eq!(
        (first.removed, first.disabled),
        (2, 1),
        "both leave; Ada is in no group now"
    );
    assert_eq!(
        (second.removed, second.disabled),
        (0, 0),
        "nothing left the second time"
    );
    assert_eq!(
        (gone.removed, gone.disabled),
        (0, 0),
        "a group deleted meanwhile is empty"
    );
    assert!(
        !realm.fake.user(&ada).unwrap().enabled,
        "Ada can no longer sign in to Studio"
    );
    assert!(
        realm.fake.user(&bob).unwrap().enabled,
        "Bob still belongs to Globex"
    );
    assert_eq!(realm.fake.groups_of(&bob), vec![globex]);
}
