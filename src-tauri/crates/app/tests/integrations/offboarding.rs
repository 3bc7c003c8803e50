//! `offboard_partner_user` through the app against the fakes: a leaver is gone from every system
//! HyOpps gave them (Metabase group and account, Teams team, Slack group, Keycloak group and
//! account, Studio through its webhook), every grant is marked revoked with its date, the
//! HyOpps account can no longer sign in, and offboarding again changes nothing anywhere.
//! A partner admin's request waits for the operations team's approval.

use hyopps_contract::{
    ErrorCode, ExecutionDetail, ExecutionStatus, OffboardUserRequest, StepStatus, WireError,
};
use hyopps_fakes::world::{STUDIO_COMPANY_ID, TEAM_ID};
use hyopps_store::StoreError;
use serde_json::{json, Value};

use super::{configured_app, new_partner_up_to_lms, onboard_user, settle, Fixture, EMAIL};

/// A partner whose name has everything Teams and Slack refuse or fold, 50+ characters.
const PARTNER: &str = "O'Brien & Söhne <Beratung> GmbH – Müller + Partner KG";

/// Onboards `PARTNER` and Ada into it; returns (organisation id, Ada's user id).
pub(super) async fn onboarded(f: &Fixture) -> (String, String) {
    f.world.add_slack_member(EMAIL, "Ada Lovelace");
    let at_lms = new_partner_up_to_lms(f, PARTNER, ["3001", "3002"]).await;
    let done = f
        .app
        .submit_step_input(
            &f.admin,
            &at_lms.summary.id,
            json!({ "lms_confirmed": true }),
        )
        .await
        .unwrap();
    assert_eq!(done.summary.status, ExecutionStatus::Completed);
    let organization_id = done.summary.organization_id.expect("the partner exists");
    let user = onboard_user(f, &organization_id).await;
    assert_eq!(
        user.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        user.summary.error
    );
    (organization_id, user.summary.user_id.expect("Ada exists"))
}

fn offboarding_of(user_id: &str) -> OffboardUserRequest {
    OffboardUserRequest {
        user_id: user_id.into(),
    }
}

/// What each step recorded, by step name.
fn said(detail: &ExecutionDetail, step: &str, key: &str) -> String {
    let step = detail
        .steps
        .iter()
        .find(|s| s.name == step)
        .unwrap_or_else(|| panic!("the offboarding has a step {step}"));
    step.output
        .as_ref()
        .and_then(|o| o.get(key))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{} records {key}: {:?}", step.name, step.output))
        .to_string()
}

/// (resource, revoked_at) of each of the user's grants.
async fn grants(f: &Fixture, user_id: &str) -> Vec<(String, Option<String>)> {
    let user_id = user_id.to_string();
    f.app
        .store()
        .read(move |c| -> Result<_, StoreError> {
            let mut statement = c.prepare(
                "SELECT r.name, g.revoked_at FROM access_grants g JOIN resources r ON r.id = g.resource_id
                  WHERE g.user_id = ?1 ORDER BY r.name",
            )?;
            let rows = statement.query_map([&user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn a_leaver_is_gone_from_every_system_and_every_grant_is_revoked_and_again_changes_nothing() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    let world = &f.world;
    let metabase_user = world
        .metabase
        .users()
        .into_iter()
        .find(|u| u.email == EMAIL)
        .expect("Ada has a Metabase account");
    let keycloak_user = world
        .keycloak
        .users()
        .into_iter()
        .find(|u| u.email.as_deref() == Some(EMAIL))
        .expect("Ada has a Keycloak account");
    assert_eq!(
        world.graph.team_members(TEAM_ID).len(),
        1,
        "Ada is in the team"
    );
    assert_eq!(grants(&f, &ada).await.len(), 5, "five systems were given");

    let started = f
        .app
        .offboard_user(&f.admin, offboarding_of(&ada))
        .await
        .unwrap();
    assert_eq!(
        started.steps[0].status,
        StepStatus::Completed,
        "an admin's offboarding is approved by starting it"
    );
    let done = settle(&f, &started.summary.id).await;
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );

    let partner_group = world
        .metabase
        .groups()
        .into_iter()
        .find(|g| g.name.starts_with("ext-"))
        .unwrap();
    assert!(
        !world
            .metabase
            .memberships()
            .iter()
            .any(|m| m.user_id == metabase_user.id && m.group_id == partner_group.id),
        "out of the partner's Metabase group"
    );
    assert!(
        !world.metabase.user(metabase_user.id).unwrap().is_active,
        "the Metabase account is deactivated: Ada was in no other group"
    );
    assert!(
        world.graph.team_members(TEAM_ID).is_empty(),
        "out of the Teams team"
    );
    let usergroup = &world.slack.usergroups()[0];
    assert!(
        usergroup.disabled,
        "Ada was the Slack group's last member: Slack refuses an empty list, so it is disabled"
    );
    let keycloak_after = world.keycloak.user(&keycloak_user.id).unwrap();
    assert!(!keycloak_after.enabled, "the Keycloak account is disabled");
    assert!(world.keycloak.groups_of(&keycloak_user.id).is_empty());
    assert_eq!(
        world.keycloak.logouts(&keycloak_user.id),
        1,
        "sessions ended"
    );
    let removal = world.studio_removal.requests();
    assert_eq!(removal.len(), 1, "Studio's webhook was called once");
    assert_eq!(
        removal[0].body,
        json!({ "email": EMAIL, "companies": ["3002"], "personal_company": STUDIO_COMPANY_ID }),
        "the webhook names the company and the personal company to remove"
    );

    let revoked = grants(&f, &ada).await;
    assert!(
        revoked.iter().all(|(_, at)| at.is_some()),
        "every grant carries its revocation date: {revoked:?}"
    );
    let user = f
        .app
        .get_user(&f.admin, &ada)
        .await
        .expect("the account stays: nothing is deleted");
    assert!(user.studio_access.iter().all(|a| a.revoked_at.is_some()));
    assert!(
        said(&done, "remove_from_metabase", "metabase").contains("Removed from the Metabase group")
    );
    assert!(said(&done, "remove_from_keycloak", "keycloak").contains("Account disabled"));

    // Again: every system says the person is already gone, and nothing changes.
    let again = f
        .app
        .offboard_user(&f.admin, offboarding_of(&ada))
        .await
        .unwrap();
    let again = settle(&f, &again.summary.id).await;
    assert_eq!(
        again.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        again.summary.error
    );
    for (step, key) in [
        ("remove_from_teams", "teams"),
        ("remove_from_slack", "slack"),
    ] {
        let sentence = said(&again, step, key);
        assert!(sentence.contains("nothing to do"), "{step}: {sentence}");
    }
    assert!(said(&again, "remove_from_metabase", "metabase").contains("already inactive"));
    assert_eq!(
        world.keycloak.user_updates().len(),
        1,
        "the Keycloak account was disabled once"
    );
    assert_eq!(
        world.studio_removal.requests().len(),
        1,
        "Studio has nothing left on record to remove"
    );
}

#[tokio::test]
async fn a_partner_admins_request_waits_for_the_operations_team_and_removes_nothing_before() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    let partner = super::partner_admin_of(&f, &organization_id).await;

    let asked = f
        .app
        .offboard_user(&partner, offboarding_of(&ada))
        .await
        .unwrap();
    let waiting = settle(&f, &asked.summary.id).await;
    assert_eq!(waiting.summary.status, ExecutionStatus::AwaitingInput);
    assert_eq!(waiting.summary.current_step_order, 1, "at the approval");
    assert!(
        waiting
            .form
            .as_ref()
            .is_some_and(|form| form.operators_only),
        "the partner admin's panel says it waits for the operations team"
    );
    let refused = WireError::from(
        f.app
            .submit_step_input(&partner, &asked.summary.id, json!({}))
            .await
            .unwrap_err(),
    );
    assert_eq!(refused.code, ErrorCode::Forbidden, "{}", refused.message);
    assert_eq!(
        f.world.graph.team_members(TEAM_ID).len(),
        1,
        "nothing is removed before the approval"
    );
    assert!(grants(&f, &ada).await.iter().all(|(_, at)| at.is_none()));

    f.app
        .submit_step_input(
            &f.admin,
            &asked.summary.id,
            json!({ "reason": "Left O'Brien & Söhne" }),
        )
        .await
        .unwrap();
    let done = settle(&f, &asked.summary.id).await;
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );
    assert!(f.world.graph.team_members(TEAM_ID).is_empty());
    let visible = f.app.get_execution(&partner, &asked.summary.id).await;
    assert!(
        visible.is_ok(),
        "the partner admin follows their request to its end"
    );
}

#[tokio::test]
async fn who_may_offboard_whom_is_decided_by_the_session_and_each_refusal_says_why() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    let partner = super::partner_admin_of(&f, &organization_id).await;
    let code_and_message = |result: Result<ExecutionDetail, hyopps_app::AppError>| {
        let error = WireError::from(result.expect_err("refused"));
        (error.code, error.message)
    };

    let (code, message) =
        code_and_message(f.app.offboard_user(&f.admin, offboarding_of("  ")).await);
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::Validation, "Choose the person to offboard.")
    );
    let (code, _) = code_and_message(
        f.app
            .offboard_user(&f.admin, offboarding_of("no-such-person"))
            .await,
    );
    assert_eq!(code, ErrorCode::NotFound);
    let admin_id = f.app.current_session(&f.admin).await.unwrap().user.id;
    let (code, message) = code_and_message(
        f.app
            .offboard_user(&f.admin, offboarding_of(&admin_id))
            .await,
    );
    assert_eq!(code, ErrorCode::Validation);
    assert!(message.contains("yourself"), "{message}");
    let partner_id = f.app.current_session(&partner).await.unwrap().user.id;
    let (code, message) = code_and_message(
        f.app
            .offboard_user(&partner, offboarding_of(&partner_id))
            .await,
    );
    assert_eq!(code, ErrorCode::Validation, "{message}");
    let (code, message) = code_and_message(
        f.app
            .offboard_user(&partner, offboarding_of(&admin_id))
            .await,
    );
    assert_eq!(
        code,
        ErrorCode::NotFound,
        "a partner admin cannot reach beyond their organisation, nor learn who exists there: {message}"
    );
    let (code, _) = code_and_message(
        f.app
            .offboard_user(&hyopps_app::SessionToken::none(), offboarding_of(&ada))
            .await,
    );
    assert_eq!(code, ErrorCode::Unauthorized);

    f.app
        .offboard_user(&partner, offboarding_of(&ada))
        .await
        .unwrap();
    let (code, message) =
        code_and_message(f.app.offboard_user(&f.admin, offboarding_of(&ada)).await);
    assert_eq!(
        code,
        ErrorCode::Conflict,
        "a second offboarding while one waits: {message}"
    );
    assert!(message.contains("already under way"), "{message}");
    let (code, message) = code_and_message(
        f.app
            .start_execution(&f.admin, "offboard_partner_user")
            .await,
    );
    assert_eq!(code, ErrorCode::Validation, "{message}");
    assert!(message.contains("starts from the person"), "{message}");
}
