//! The access check through the app against the fakes: right after onboarding every system
//! agrees with the record; access taken away by hand in a system shows as missing, access on a
//! record taken back while the system still has it as unexpected; nothing is written.

use hyopps_contract::{
    AccessCheck, AccessState, ErrorCode, RemoveMetabaseMembershipRequest, WireError,
};
use hyopps_store::StoreError;

use super::offboarding::onboarded;
use super::{configured_app, partner_admin_of, Fixture};

fn state_of(check: &AccessCheck, system: &str) -> AccessState {
    check
        .systems
        .iter()
        .find(|s| s.system == system)
        .unwrap_or_else(|| panic!("the check has a line for {system}: {check:#?}"))
        .state
}

/// HyOpps's record of the person's Slack access ends, while Slack still has them.
pub(super) async fn end_slack_record(f: &Fixture, user_id: &str) {
    let who = user_id.to_string();
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "UPDATE access_grants SET revoked_at = '2026-01-01T00:00:00Z'
                  WHERE user_id = ?1 AND resource_id = (SELECT id FROM resources WHERE name = 'Slack')",
                [who],
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

/// Where someone nobody onboarded was put by hand in the partner's groups.
pub(super) struct ByHand {
    pub metabase_user: i64,
    pub metabase_group: i64,
    pub keycloak_user: String,
    pub keycloak_group: String,
}

/// Puts `metabase_email` in the partner's Metabase group and `keycloak_email` in its Keycloak
/// group, as someone would in those systems themselves.
pub(super) fn strangers_by_hand(f: &Fixture, metabase_email: &str, keycloak_email: &str) -> ByHand {
    let partner_group = |name: &str| name.starts_with("ext-o-brien");
    let metabase_group = f
        .world
        .metabase
        .groups()
        .into_iter()
        .find(|g| partner_group(&g.name))
        .expect("the partner's Metabase group")
        .id;
    let metabase_user = f
        .world
        .metabase
        .add_user(metabase_email, "Mallory", "Stranger");
    f.world
        .metabase
        .add_membership(metabase_user, metabase_group);
    let keycloak_group = f
        .world
        .keycloak
        .groups()
        .into_iter()
        .find(|g| partner_group(&g.name))
        .expect("the partner's Keycloak group")
        .id;
    let keycloak_user = f.world.keycloak.add_user(keycloak_email, true);
    f.world
        .keycloak
        .add_membership(&keycloak_user, &keycloak_group);
    ByHand {
        metabase_user,
        metabase_group,
        keycloak_user,
        keycloak_group,
    }
}

async fn check(f: &Fixture, user_id: &str) -> AccessCheck {
    f.app.check_user_access(&f.admin, user_id).await.unwrap()
}

#[tokio::test]
async fn after_onboarding_every_system_agrees_with_the_record() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;

    let checked = check(&f, &ada).await;

    for system in ["Metabase", "Microsoft Teams", "Slack", "Keycloak"] {
        assert_eq!(
            state_of(&checked, system),
            AccessState::InOrder,
            "{system}: {checked:#?}"
        );
        assert!(
            checked
                .systems
                .iter()
                .find(|s| s.system == system)
                .unwrap()
                .recorded,
            "{system} was granted by the onboarding"
        );
    }
    assert!(checked.name.starts_with("Ada"), "{}", checked.name);
}

#[tokio::test]
async fn access_removed_by_hand_is_missing_and_access_left_after_its_record_ended_is_unexpected() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    // Someone takes Ada out of the Metabase group in Metabase itself.
    let account = f.app.metabase_account(&f.admin, &ada).await.unwrap();
    let membership = account
        .memberships
        .iter()
        .find(|m| m.group_name.starts_with("ext-"))
        .expect("Ada is in the partner's group");
    f.app
        .remove_metabase_membership(
            &f.admin,
            RemoveMetabaseMembershipRequest {
                user_id: ada.clone(),
                membership_id: membership.membership_id,
            },
        )
        .await
        .unwrap();
    // And HyOpps's record of her Slack access ends while Slack still has her.
    end_slack_record(&f, &ada).await;

    let checked = check(&f, &ada).await;

    assert_eq!(
        state_of(&checked, "Metabase"),
        AccessState::Missing,
        "{checked:#?}"
    );
    assert_eq!(
        state_of(&checked, "Slack"),
        AccessState::Unexpected,
        "{checked:#?}"
    );
    assert_eq!(
        state_of(&checked, "Microsoft Teams"),
        AccessState::InOrder,
        "the rest still agrees"
    );
    let metabase = checked
        .systems
        .iter()
        .find(|s| s.system == "Metabase")
        .unwrap();
    assert!(
        metabase.says.contains("is not in the group"),
        "the evidence, in words: {}",
        metabase.says
    );
}

#[tokio::test]
async fn only_the_operations_team_checks_and_an_unknown_person_is_not_found() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    let partner = partner_admin_of(&f, &organization_id).await;

    let refused = WireError::from(
        f.app
            .check_user_access(&partner, &ada)
            .await
            .expect_err("a partner admin"),
    );
    let unknown = WireError::from(
        f.app
            .check_user_access(&f.admin, "no-such-person")
            .await
            .expect_err("unknown"),
    );
    let empty = WireError::from(
        f.app
            .check_user_access(&f.admin, " ")
            .await
            .expect_err("empty"),
    );

    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert_eq!(unknown.code, ErrorCode::NotFound);
    assert_eq!(empty.code, ErrorCode::Validation);
}

#[tokio::test]
async fn an_organisations_check_covers_each_of_its_people_and_names_strangers_in_its_groups() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    // Someone nobody onboarded is put in the partner's Metabase and Keycloak groups by hand.
    strangers_by_hand(&f, "mallory@elsewhere.example", "mallory@elsewhere.example");
    let slack_group = f.world.slack.usergroups()[0].id.clone();
    let mallory = f
        .world
        .slack
        .add_user("mallory@elsewhere.example", "Mallory");
    f.world.slack.add_usergroup_member(&slack_group, &mallory);

    let checked = f
        .app
        .check_organization_access(&f.admin, &organization_id)
        .await
        .unwrap();
    let unknown = WireError::from(
        f.app
            .check_organization_access(&f.admin, "no-such-organisation")
            .await
            .expect_err("unknown"),
    );

    assert_eq!(
        checked
            .people
            .iter()
            .map(|p| p.user_id.as_str())
            .collect::<Vec<_>>(),
        [ada.as_str()],
        "its one person"
    );
    assert!(
        checked.people[0]
            .systems
            .iter()
            .filter(|s| s.system != "Studio")
            .all(|s| s.state == AccessState::InOrder),
        "{checked:#?}"
    );
    assert_eq!(unknown.code, ErrorCode::NotFound);
    assert_eq!(
        checked
            .strangers
            .iter()
            .map(|s| (s.system.as_str(), s.email.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Metabase", "mallory@elsewhere.example"),
            ("Slack", "mallory@elsewhere.example"),
            ("Keycloak", "mallory@elsewhere.example")
        ],
        "a member of the groups HyOpps never added is named, Ada is not"
    );
}
