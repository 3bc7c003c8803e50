//! Repairing what the access check found, in one click each, against the fakes: a person taken
//! out of the Slack group by hand is put back by the onboarding's own step; Slack access
//! HyOpps did not give is taken away by the offboarding's own step, or accepted with a reason;
//! then the check is clean. Bad requests change nothing.

use super::access_check::{end_slack_record, strangers_by_hand};
use super::offboarding::onboarded;
use super::{configured_app, partner_admin_of, settle, Fixture, EMAIL};
use hyopps_contract::{
    AccessCheck, AccessRepair, AccessState, CheckedSystem, ErrorCode, ExecutionStatus,
    RepairAccessRequest, RepairSubject, StepStatus, WireError,
};

fn state_of(check: &AccessCheck, system: CheckedSystem) -> AccessState {
    check
        .systems
        .iter()
        .find(|s| s.key == Some(system))
        .unwrap_or_else(|| panic!("the check has a line for {system:?}: {check:#?}"))
        .state
}

fn repair(user_id: &str, repair: AccessRepair, reason: Option<&str>) -> RepairAccessRequest {
    RepairAccessRequest {
        subject: RepairSubject::Person {
            user_id: user_id.into(),
        },
        system: CheckedSystem::Slack,
        repair,
        reason: reason.map(str::to_string),
    }
}

/// The partner's Slack user group and Ada's Slack id in the fake.
pub(super) fn slack_group_and_ada(f: &Fixture) -> (String, String) {
    let group = f
        .world
        .slack
        .usergroups()
        .into_iter()
        .find(|g| g.handle.starts_with("ext-"))
        .expect("the partner's Slack group");
    let ada = f
        .world
        .slack
        .usergroup_users(&group.id)
        .into_iter()
        .next()
        .expect("Ada is in it after onboarding");
    (group.id, ada)
}

#[tokio::test]
async fn a_person_taken_out_of_the_slack_group_by_hand_is_put_back_and_the_check_is_clean() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    let (group, slack_ada) = slack_group_and_ada(&f);
    f.world.slack.remove_usergroup_member(&group, &slack_ada);
    let before = f.app.check_user_access(&f.admin, &ada).await.unwrap();
    assert_eq!(
        state_of(&before, CheckedSystem::Slack),
        AccessState::Missing
    );
    let line = before
        .systems
        .iter()
        .find(|s| s.key == Some(CheckedSystem::Slack))
        .unwrap();
    assert_eq!(
        AccessRepair::for_state(line.state),
        [AccessRepair::GiveBack, AccessRepair::RecordAsRemoved],
        "a missing access offers to give it back or to correct the record"
    );

    let outcome = f
        .app
        .repair_access(&f.admin, repair(&ada, AccessRepair::GiveBack, None))
        .await
        .unwrap();
    let execution = settle(&f, outcome.execution_id.as_deref().expect("a run")).await;

    assert_eq!(
        execution.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        execution.summary.error
    );
    assert!(outcome.message.contains("Slack"), "{}", outcome.message);
    assert!(
        f.world.slack.usergroup_users(&group).contains(&slack_ada),
        "Ada is back in the Slack group"
    );
    let statuses: Vec<(&str, StepStatus)> = execution
        .steps
        .iter()
        .map(|s| (s.name.as_str(), s.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("choose_what_to_restore", StepStatus::Completed),
            ("restore_metabase", StepStatus::Skipped),
            ("restore_teams", StepStatus::Skipped),
            ("restore_slack", StepStatus::Completed),
            ("restore_keycloak", StepStatus::Skipped),
        ],
        "only the Slack step runs; the others say they are not part of this repair"
    );
    let after = f.app.check_user_access(&f.admin, &ada).await.unwrap();
    assert!(
        after
            .systems
            .iter()
            .filter(|s| s.key.is_some())
            .all(|s| s.state == AccessState::InOrder),
        "the check is clean again: {after:#?}"
    );
}

#[tokio::test]
async fn unexpected_slack_access_is_taken_away_by_the_offboarding_step_and_the_rest_is_left() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    let (group, slack_ada) = slack_group_and_ada(&f);
    end_slack_record(&f, &ada).await;
    let metabase_before = f.world.metabase.groups().len();

    let outcome = f
        .app
        .repair_access(&f.admin, repair(&ada, AccessRepair::TakeAway, None))
        .await
        .unwrap();
    let execution = settle(&f, outcome.execution_id.as_deref().expect("a run")).await;

    assert_eq!(
        execution.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        execution.summary.error
    );
    // Slack keeps at least one member on a group's list: its last one is taken out by
    // disabling the group, which then reaches nobody.
    assert!(
        !f.world.slack.usergroup_users(&group).contains(&slack_ada)
            || f.world.slack.usergroup_disabled(&group) == Some(true),
        "Ada no longer gets the Slack group's messages"
    );
    let after = f.app.check_user_access(&f.admin, &ada).await.unwrap();
    assert_eq!(
        state_of(&after, CheckedSystem::Slack),
        AccessState::InOrder,
        "{after:#?}"
    );
    assert_eq!(
        state_of(&after, CheckedSystem::Metabase),
        AccessState::InOrder,
        "Metabase was not touched"
    );
    assert_eq!(f.world.metabase.groups().len(), metabase_before);
    assert_eq!(
        state_of(&after, CheckedSystem::Keycloak),
        AccessState::InOrder,
        "Ada keeps her other access: a repair is not an offboarding"
    );
    let user = f.app.get_user(&f.admin, &ada).await.unwrap();
    assert!(
        user.access_grants
            .iter()
            .any(|g| g.resource == "Metabase" && g.revoked_at.is_none()),
        "her Metabase grant stays on record: {:?}",
        user.access_grants
    );
}

#[tokio::test]
async fn unexpected_access_accepted_with_a_reason_is_on_record_with_who_and_why() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    end_slack_record(&f, &ada).await;

    let without_reason = WireError::from(
        f.app
            .repair_access(&f.admin, repair(&ada, AccessRepair::Accept, Some("  ")))
            .await
            .expect_err("a reason is required"),
    );
    let outcome = f
        .app
        .repair_access(
            &f.admin,
            repair(
                &ada,
                AccessRepair::Accept,
                Some("Ada runs the partner's Slack support rota"),
            ),
        )
        .await
        .unwrap();

    assert_eq!(without_reason.code, ErrorCode::Validation);
    assert!(outcome.execution_id.is_none(), "accepting only records");
    let after = f.app.check_user_access(&f.admin, &ada).await.unwrap();
    assert_eq!(
        state_of(&after, CheckedSystem::Slack),
        AccessState::InOrder,
        "{after:#?}"
    );
    let audit = f
        .app
        .list_audit_log(&f.admin, Default::default())
        .await
        .unwrap();
    let entry = audit
        .items
        .iter()
        .find(|e| e.action == "access_accepted")
        .expect("the acceptance is in the audit log");
    let summary = entry.summary.to_string();
    assert!(
        summary.contains("support rota") && summary.contains("Slack") && summary.contains("Ada"),
        "who, what and why: {summary}"
    );
    let again = WireError::from(
        f.app
            .repair_access(&f.admin, repair(&ada, AccessRepair::Accept, Some("twice")))
            .await
            .expect_err("now on record"),
    );
    assert_eq!(again.code, ErrorCode::Conflict, "{}", again.message);
}

#[tokio::test]
async fn a_repair_that_does_not_fit_the_record_or_the_caller_is_refused_and_changes_nothing() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    let partner = partner_admin_of(&f, &organization_id).await;
    let executions_before = f
        .app
        .list_executions(&f.admin, Default::default())
        .await
        .unwrap()
        .total;

    fn refused<T: std::fmt::Debug>(result: Result<T, hyopps_app::AppError>) -> WireError {
        WireError::from(result.expect_err("refused"))
    }
    let by_partner = refused(
        f.app
            .repair_access(&partner, repair(&ada, AccessRepair::GiveBack, None))
            .await,
    );
    let unknown = refused(
        f.app
            .repair_access(
                &f.admin,
                repair("no-such-person", AccessRepair::GiveBack, None),
            )
            .await,
    );
    let empty = refused(
        f.app
            .repair_access(&f.admin, repair(" ", AccessRepair::GiveBack, None))
            .await,
    );
    // Slack is on record for Ada: taking it away is an offboarding, not a repair.
    let recorded = refused(
        f.app
            .repair_access(&f.admin, repair(&ada, AccessRepair::TakeAway, None))
            .await,
    );
    let too_long = refused(
        f.app
            .repair_access(
                &f.admin,
                repair(&ada, AccessRepair::RecordAsRemoved, Some(&"x".repeat(501))),
            )
            .await,
    );
    let started_by_hand = refused(f.app.start_execution(&f.admin, "restore_access").await);

    assert_eq!(by_partner.code, ErrorCode::Forbidden);
    assert_eq!(unknown.code, ErrorCode::NotFound);
    assert_eq!(empty.code, ErrorCode::Validation);
    assert_eq!(recorded.code, ErrorCode::Conflict);
    assert!(
        recorded.message.contains("offboard"),
        "{}",
        recorded.message
    );
    assert_eq!(too_long.code, ErrorCode::Validation);
    assert_eq!(started_by_hand.code, ErrorCode::Validation);
    assert!(
        started_by_hand.message.contains("access check"),
        "{}",
        started_by_hand.message
    );
    assert_eq!(
        f.app
            .list_executions(&f.admin, Default::default())
            .await
            .unwrap()
            .total,
        executions_before,
        "nothing started"
    );
}

#[tokio::test]
async fn a_stranger_in_the_metabase_group_is_taken_out_and_one_in_keycloak_is_accepted() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    let by_hand = strangers_by_hand(&f, "mallory@elsewhere.example", "auditor@o-brien.example");
    let stranger = |email: &str, system, repair, reason: Option<&str>| RepairAccessRequest {
        subject: RepairSubject::Stranger {
            organization_id: organization_id.clone(),
            email: email.into(),
        },
        system,
        repair,
        reason: reason.map(str::to_string),
    };

    let removed = f
        .app
        .repair_access(
            &f.admin,
            stranger(
                "Mallory@Elsewhere.example",
                CheckedSystem::Metabase,
                AccessRepair::TakeAway,
                None,
            ),
        )
        .await
        .unwrap();
    let accepted = f
        .app
        .repair_access(
            &f.admin,
            stranger(
                "auditor@o-brien.example",
                CheckedSystem::Keycloak,
                AccessRepair::Accept,
                Some("The partner's auditor reads the reports"),
            ),
        )
        .await
        .unwrap();

    assert!(removed.message.contains("taken out"), "{}", removed.message);
    assert!(
        !f.world
            .metabase
            .memberships()
            .iter()
            .any(|m| m.user_id == by_hand.metabase_user && m.group_id == by_hand.metabase_group),
        "Mallory is out of the partner's Metabase group"
    );
    assert!(
        f.world
            .keycloak
            .groups_of(&by_hand.keycloak_user)
            .contains(&by_hand.keycloak_group),
        "an accepted stranger stays where they are"
    );
    assert!(accepted.execution_id.is_none());
    let checked = f
        .app
        .check_organization_access(&f.admin, &organization_id)
        .await
        .unwrap();
    let strangers: Vec<(&str, &str, bool)> = checked
        .strangers
        .iter()
        .map(|s| (s.system.as_str(), s.email.as_str(), s.accepted.is_some()))
        .collect();
    assert_eq!(
        strangers,
        [("Keycloak", "auditor@o-brien.example", true)],
        "Mallory is gone; the auditor shows as accepted"
    );
    let why = checked.strangers[0].accepted.clone().unwrap();
    assert!(
        why.contains("auditor reads the reports") && why.starts_with("Accepted by"),
        "{why}"
    );
    let audit = f
        .app
        .list_audit_log(&f.admin, Default::default())
        .await
        .unwrap();
    for action in ["stranger_access_removed", "stranger_access_accepted"] {
        assert!(
            audit.items.iter().any(|e| e.action == action),
            "{action} is in the audit log"
        );
    }

    // What does not fit a stranger is refused, and changes nothing.
    let refused = |request| async {
        WireError::from(f.app.repair_access(&f.admin, request).await.unwrap_err())
    };
    let give_back = refused(stranger(
        "x@elsewhere.example",
        CheckedSystem::Metabase,
        AccessRepair::GiveBack,
        None,
    ))
    .await;
    let a_person = refused(stranger(
        EMAIL,
        CheckedSystem::Metabase,
        AccessRepair::TakeAway,
        None,
    ))
    .await;
    let malformed = refused(stranger(
        "not an email",
        CheckedSystem::Metabase,
        AccessRepair::TakeAway,
        None,
    ))
    .await;
    assert_eq!(give_back.code, ErrorCode::Validation);
    assert_eq!(a_person.code, ErrorCode::Conflict, "{}", a_person.message);
    assert!(a_person.message.contains("own row"), "{}", a_person.message);
    assert_eq!(malformed.code, ErrorCode::Validation);
    let after = f.app.check_user_access(&f.admin, &ada).await.unwrap();
    assert!(
        after
            .systems
            .iter()
            .filter(|s| s.key.is_some())
            .all(|s| s.state == AccessState::InOrder),
        "Ada was not touched: {after:#?}"
    );
}
