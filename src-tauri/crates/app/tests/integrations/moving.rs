//! `move_partner_user` through the app against the fakes: a person moves from one partner to
//! another and keeps their accounts (one Metabase user, one Keycloak user, no new invitation),
//! while every system shows them in the new organisation's group and out of the old one's;
//! HyOpps moves their account and Studio records. A move to an organisation that does not use
//! a system takes that system's access away, as an offboarding would.

use hyopps_contract::{
    ErrorCode, ExecutionDetail, ExecutionStatus, FieldKind, MoveUserRequest, PartnerSystem,
    SetOrganizationSystemsRequest, StepStatus, WireError,
};
use hyopps_fakes::world::TEAM_ID;
use serde_json::{json, Value};

use super::{configured_app, new_partner_up_to_lms, onboard_user, settle, Fixture, EMAIL};

const OLD: &str = "O'Brien & Söhne Beratungsgesellschaft für Öl & Gas mbH";
const NEW: &str = "Müller + Partner – Ingenieure für Brücken & Tunnel <Süd>";

/// Onboards a partner up to its end; its id.
pub(super) async fn partner(f: &Fixture, name: &str, studio_ids: [&str; 2]) -> String {
    let at_lms = new_partner_up_to_lms(f, name, studio_ids).await;
    let done = f
        .app
        .submit_step_input(
            &f.admin,
            &at_lms.summary.id,
            json!({ "lms_confirmed": true }),
        )
        .await
        .unwrap();
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{name} onboarded"
    );
    done.summary.organization_id.expect("the partner exists")
}

/// Both partners, and Ada onboarded into the old one with a Keycloak password set (she
/// accepted her invitation); (old id, new id, Ada's id).
async fn ada_in_old_partner(f: &Fixture) -> (String, String, String) {
    f.world.add_slack_member(EMAIL, "Ada Lovelace");
    let old = partner(f, OLD, ["5001", "5002"]).await;
    let new = partner(f, NEW, ["6001", "6002"]).await;
    let onboarding = onboard_user(f, &old).await;
    assert_eq!(
        onboarding.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        onboarding.summary.error
    );
    let keycloak_user = f
        .world
        .keycloak
        .users()
        .into_iter()
        .find(|u| u.email.as_deref() == Some(EMAIL))
        .unwrap();
    f.world.keycloak.set_password(&keycloak_user.id);
    (old, new, onboarding.summary.user_id.expect("Ada exists"))
}

/// Starts the move and confirms it with the new organisation's PROD company.
async fn move_ada(f: &Fixture, ada: &str, to: &str) -> ExecutionDetail {
    let started = f
        .app
        .move_user(
            &f.admin,
            MoveUserRequest {
                user_id: ada.into(),
                organization_id: to.into(),
            },
        )
        .await
        .unwrap();
    let form = started.form.expect("the move waits for its confirmation");
    let prod = match &form.fields[0].kind {
        FieldKind::MultiSelect { options } => options
            .iter()
            .find(|o| o.label.contains("PROD"))
            .expect("the new organisation's PROD company is offered")
            .value
            .clone(),
        other => panic!("the Studio companies are a multi-select, not {other:?}"),
    };
    assert!(
        form.instructions[0].contains(OLD) && form.instructions[0].contains("no new invitation"),
        "the form says from where to where, and that the accounts stay: {}",
        form.instructions[0]
    );
    f.app
        .submit_step_input(
            &f.admin,
            &started.summary.id,
            json!({ "selected_studio_company_ids": [prod] }),
        )
        .await
        .unwrap();
    settle(f, &started.summary.id).await
}

fn said(detail: &ExecutionDetail, step: &str) -> String {
    let step = detail.steps.iter().find(|s| s.name == step).unwrap();
    step.output
        .as_ref()
        .and_then(|o| o.get("moved"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{} says what it did: {:?}", step.name, step.output))
        .to_string()
}

#[tokio::test]
async fn a_mover_keeps_their_accounts_and_is_in_the_new_groups_only() {
    let f = configured_app().await;
    let (old, new, ada) = ada_in_old_partner(&f).await;
    let world = &f.world;
    let emails_before = world.keycloak.actions_emails().len();

    let done = move_ada(&f, &ada, &new).await;
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );
    assert!(done.steps.iter().all(|s| s.status == StepStatus::Completed));

    // Metabase: the same account, in the new group only.
    let metabase_users: Vec<_> = world
        .metabase
        .users()
        .into_iter()
        .filter(|u| u.email == EMAIL)
        .collect();
    assert_eq!(metabase_users.len(), 1, "no second Metabase user");
    assert!(metabase_users[0].is_active, "the account stays active");
    let group = |name: &str| {
        world
            .metabase
            .groups()
            .into_iter()
            .find(|g| g.name.starts_with("ext-") && g.name.contains(name))
            .unwrap()
            .id
    };
    let groups_of_ada: Vec<i64> = world
        .metabase
        .memberships()
        .iter()
        .filter(|m| m.user_id == metabase_users[0].id)
        .map(|m| m.group_id)
        .collect();
    assert!(
        groups_of_ada.contains(&group("mueller")),
        "in the new partner's Metabase group"
    );
    assert!(
        !groups_of_ada.contains(&group("brien")),
        "out of the old partner's Metabase group"
    );

    // Teams: still in the team, where the new partner's channel is.
    let graph_user = world
        .graph
        .users()
        .into_iter()
        .find(|u| u.mail == EMAIL)
        .unwrap();
    assert!(world.graph.team_members(TEAM_ID).contains(&graph_user.id));
    assert!(said(&done, "move_in_teams").contains("In the team and the channel"));

    // Slack: in the new group; the old one lost its last member and is disabled.
    let usergroups = world.slack.usergroups();
    let slack_group = |handle: &str| {
        usergroups
            .iter()
            .find(|g| g.handle.contains(handle))
            .unwrap_or_else(|| panic!("a Slack group with {handle} in its handle: {usergroups:?}"))
    };
    assert_eq!(
        slack_group("mueller").users.len(),
        1,
        "Ada is in the new Slack group"
    );
    assert!(
        slack_group("brien").disabled,
        "the old group had only Ada: disabled, as Slack refuses an empty list"
    );

    // Keycloak: the same account, enabled, in the new group only, and no new invitation.
    let keycloak_users: Vec<_> = world
        .keycloak
        .users()
        .into_iter()
        .filter(|u| u.email.as_deref() == Some(EMAIL))
        .collect();
    assert_eq!(keycloak_users.len(), 1, "no second Keycloak user");
    assert!(world.keycloak.user(&keycloak_users[0].id).unwrap().enabled);
    let keycloak_groups = world.keycloak.groups_of(&keycloak_users[0].id);
    assert_eq!(
        keycloak_groups.len(),
        1,
        "in one group: {keycloak_groups:?}"
    );
    assert_eq!(
        world.keycloak.actions_emails().len(),
        emails_before,
        "no new invitation email"
    );

    // Studio: the new PROD company given, the old one taken away, the personal company kept.
    let given = world.studio_access.requests();
    assert_eq!(given.last().unwrap().body["companies"], json!(["6002"]));
    let removed = world.studio_removal.requests();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].body["companies"], json!(["5002"]));
    assert_eq!(
        removed[0].body["personal_company"],
        Value::Null,
        "the personal company stays"
    );

    // HyOpps: one of the new partner's people, every access live, Studio records moved.
    let user = f.app.get_user(&f.admin, &ada).await.unwrap();
    assert_eq!(user.organization_id.as_deref(), Some(new.as_str()));
    assert!(
        user.access_grants.iter().all(|g| g.revoked_at.is_none()),
        "{:?}",
        user.access_grants
    );
    let live: Vec<&str> = user
        .studio_access
        .iter()
        .filter(|a| a.revoked_at.is_none())
        .map(|a| a.studio_id.as_str())
        .collect();
    assert_eq!(live, ["6002"]);
    let old_detail = f.app.get_organization(&f.admin, &old).await.unwrap();
    assert!(
        old_detail.users.is_empty(),
        "no longer one of the old partner's people"
    );

    // Moving her there again is refused, and changes nothing.
    let again: WireError = f
        .app
        .move_user(
            &f.admin,
            MoveUserRequest {
                user_id: ada.clone(),
                organization_id: new.clone(),
            },
        )
        .await
        .unwrap_err()
        .into();
    assert_eq!(again.code, ErrorCode::Validation);
    assert!(
        again.message.contains("already belongs to"),
        "{}",
        again.message
    );
    let nowhere: WireError = f
        .app
        .move_user(
            &f.admin,
            MoveUserRequest {
                user_id: ada,
                organization_id: "no-such-organisation".into(),
            },
        )
        .await
        .unwrap_err()
        .into();
    assert_eq!(nowhere.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn a_move_to_a_partner_without_slack_takes_the_slack_access_away() {
    let f = configured_app().await;
    let (_, new, ada) = ada_in_old_partner(&f).await;
    let used: Vec<PartnerSystem> = PartnerSystem::ALL
        .into_iter()
        .filter(|s| *s != PartnerSystem::Slack)
        .collect();
    f.app
        .set_organization_systems(
            &f.admin,
            SetOrganizationSystemsRequest {
                organization_id: new.clone(),
                systems_used: used,
            },
        )
        .await
        .unwrap();

    let done = move_ada(&f, &ada, &new).await;
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );
    let slack = said(&done, "move_in_slack");
    assert!(
        slack.contains(&format!("Slack is not used by {NEW}: not added."))
            && slack.contains("Removed from the Slack group"),
        "both sides are said: {slack}"
    );
    let usergroups = f.world.slack.usergroups();
    assert!(
        usergroups.iter().all(|g| g.users.is_empty() || g.disabled),
        "in no Slack group: {usergroups:?}"
    );
    let user = f.app.get_user(&f.admin, &ada).await.unwrap();
    let slack_grant = user
        .access_grants
        .iter()
        .find(|g| g.resource == "Slack")
        .unwrap();
    assert!(
        slack_grant.revoked_at.is_some(),
        "the Slack grant is revoked"
    );
    assert!(
        user.access_grants
            .iter()
            .filter(|g| g.resource != "Slack")
            .all(|g| g.revoked_at.is_none()),
        "the rest moved: {:?}",
        user.access_grants
    );
}
