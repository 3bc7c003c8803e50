//! Reading a person's Studio sign-in without changing it: the account, enabled or not, and
//! whether it is in the organisation's group.

use hyopps_connectors::{KeycloakApi, KeycloakPresence, WebhookConnector};

use super::Realm;

#[tokio::test]
async fn a_user_is_read_with_their_groups_and_nothing_changes() {
    let realm = Realm::start().await;
    let ada = realm.fake.add_user("ada@example.com", true);
    let acme = realm.fake.add_group("ext-acme", None);
    let other = realm.fake.add_group("ext-other", None);
    realm.fake.add_membership(&ada, &acme);
    realm.fake.add_membership(&ada, &other);
    let bob = realm.fake.add_user("bob@example.com", false);
    let keycloak = realm.connector();

    let in_group = keycloak
        .presence("ADA@example.com", Some(&acme))
        .await
        .expect("read");
    let disabled = keycloak
        .presence("bob@example.com", Some(&acme))
        .await
        .expect("read");
    let nobody = keycloak
        .presence("nobody@example.com", Some(&acme))
        .await
        .expect("read");

    assert_eq!(
        in_group,
        KeycloakPresence {
            user_id: Some(ada.clone()),
            enabled: true,
            in_group: true,
            groups: 2,
        },
        "emails are compared as Keycloak stores them, lower-cased"
    );
    assert_eq!(
        disabled,
        KeycloakPresence {
            user_id: Some(bob),
            enabled: false,
            in_group: false,
            groups: 0,
        }
    );
    assert_eq!(nobody, KeycloakPresence::default());
    assert!(
        realm.fake.user_updates().is_empty(),
        "reading updates no user"
    );
    assert_eq!(realm.fake.groups_of(&ada).len(), 2, "memberships unchanged");
}

#[tokio::test]
async fn without_keycloak_studio_sign_ins_cannot_be_read_and_it_says_so() {
    let webhooks = WebhookConnector::new(std::collections::BTreeMap::new());

    let error = webhooks
        .presence("ada@example.com", None)
        .await
        .expect_err("Studio has no API to ask");

    assert!(
        error
            .to_string()
            .contains("cannot tell whether ada@example.com signs in to Studio"),
        "{error}"
    );
}

#[tokio::test]
async fn a_groups_members_are_read_by_email() {
    let realm = Realm::start().await;
    let acme = realm.fake.add_group("ext-acme", None);
    let ada = realm.fake.add_user("ada@example.com", true);
    let bob = realm.fake.add_user("bob@example.com", false);
    realm.fake.add_user("eve@example.com", true);
    realm.fake.add_membership(&ada, &acme);
    realm.fake.add_membership(&bob, &acme);

    let rosters = realm
        .connector()
        .group_rosters(std::slice::from_ref(&acme))
        .await
        .expect("read");
    let mut members: Vec<(&str, bool)> = rosters[0]
        .members
        .iter()
        .map(|m| (m.email.as_str(), m.active))
        .collect();
    members.sort();

    assert_eq!(
        members,
        [("ada@example.com", true), ("bob@example.com", false)],
        "a disabled account is marked"
    );
}
