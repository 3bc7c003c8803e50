//! Previews through the app against the fakes: each step says what it would do, read from the
//! systems' read-only verbs, and nothing changes anywhere; a form's draft is checked like a
//! submission; a partner admin previews only their own organisation's people.

use hyopps_contract::{
    ErrorCode, ExecutionStatus, MoveUserRequest, OffboardUserRequest, PreviewOutcome,
    PreviewRequest, StepPreview, WireError, WorkflowPreview,
};
use hyopps_fakes::world::TEAM_ID;
use serde_json::json;

use super::offboarding::onboarded;
use super::{configured_app, onboard_partner, partner_admin_of, settle, Fixture, EMAIL};

/// The step labelled `label`.
fn step<'a>(preview: &'a WorkflowPreview, label: &str) -> &'a StepPreview {
    preview
        .steps
        .iter()
        .find(|s| s.label == label)
        .unwrap_or_else(|| panic!("the preview has a step {label}: {preview:#?}"))
}

fn offboarding(user_id: &str) -> PreviewRequest {
    PreviewRequest::Offboarding {
        user_id: user_id.into(),
    }
}

async fn executions_started(f: &Fixture) -> u64 {
    f.app
        .list_executions(&f.admin, Default::default())
        .await
        .unwrap()
        .total
}

#[tokio::test]
async fn an_offboarding_preview_says_what_each_system_will_remove_and_changes_nothing() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    let before = executions_started(&f).await;

    let preview = f
        .app
        .preview_workflow(&f.admin, offboarding(&ada))
        .await
        .unwrap();

    assert_eq!(preview.workflow, "Offboard a partner user");
    assert_eq!(
        preview.steps.first().map(|s| s.order),
        Some(2),
        "an admin's offboarding is approved by starting it: the approval is not shown"
    );
    let metabase = step(&preview, "Remove from Metabase");
    assert_eq!(metabase.outcome, PreviewOutcome::Changes, "{metabase:?}");
    assert!(
        metabase
            .says
            .contains(&format!("Removes {EMAIL} (Metabase account"))
            && metabase
                .says
                .contains("Then deactivates the Metabase account"),
        "names the account found and what becomes of it: {}",
        metabase.says
    );
    let teams = step(&preview, "Remove from Teams");
    assert_eq!(teams.outcome, PreviewOutcome::Changes);
    assert!(teams.says.contains("the team"), "{}", teams.says);
    let slack = step(&preview, "Remove from Slack");
    assert!(
        slack.says.starts_with("Disables the Slack group") && slack.says.contains("last member"),
        "Ada is the group's only member: {}",
        slack.says
    );
    let keycloak = step(&preview, "Remove from Keycloak");
    assert!(
        keycloak.says.contains("disables the Keycloak account"),
        "{}",
        keycloak.says
    );
    assert_eq!(
        executions_started(&f).await,
        before,
        "previewing starts nothing"
    );
    assert_eq!(
        f.world.graph.team_members(TEAM_ID).len(),
        1,
        "Ada is still in the team"
    );
    assert!(
        f.world
            .keycloak
            .users()
            .iter()
            .all(|u| u.email.as_deref() != Some(EMAIL) || u.enabled),
        "her Keycloak account is still enabled"
    );
}

#[tokio::test]
async fn after_the_offboarding_its_preview_finds_nothing_left_to_remove() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    let started = f
        .app
        .offboard_user(
            &f.admin,
            OffboardUserRequest {
                user_id: ada.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        settle(&f, &started.summary.id).await.summary.status,
        ExecutionStatus::Completed
    );

    let preview = f
        .app
        .preview_workflow(&f.admin, offboarding(&ada))
        .await
        .unwrap();

    for label in [
        "Remove from Teams",
        "Remove from Slack",
        "Remove from Keycloak",
    ] {
        let step = step(&preview, label);
        assert_eq!(
            step.outcome,
            PreviewOutcome::NothingToChange,
            "{label}: the systems say she is gone already: {}",
            step.says
        );
    }
}

#[tokio::test]
async fn a_new_users_preview_reads_the_form_as_filled_in_and_a_bad_draft_is_refused() {
    let f = configured_app().await;
    let organization_id = onboard_partner(&f).await;
    f.world.add_slack_member(EMAIL, "Ada Lovelace");
    let id = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    f.app
        .submit_step_input(&f.admin, &id, json!({ "organization_id": organization_id }))
        .await
        .unwrap();
    let draft = json!({
        "firstname": "Ada", "lastname": "Lovelace", "email": EMAIL,
        "languages": "en", "skills": [], "roles": [], "selected_studio_company_ids": [],
    });

    let preview = f
        .app
        .preview_workflow(
            &f.admin,
            PreviewRequest::Execution {
                execution_id: id.clone(),
                draft: Some(draft),
            },
        )
        .await
        .unwrap();

    assert_eq!(
        preview.steps.first().map(|s| s.order),
        Some(3),
        "the details step is taken as filled in"
    );
    let metabase = step(&preview, "Add to the Metabase group");
    assert!(
        metabase
            .says
            .starts_with(&format!("Creates a Metabase account for {EMAIL}")),
        "{}",
        metabase.says
    );
    let teams = step(&preview, "Add to the Teams channel");
    assert!(
        teams
            .says
            .starts_with(&format!("Invites {EMAIL} to the directory as a guest")),
        "{}",
        teams.says
    );
    let slack = step(&preview, "Add to the Slack group");
    assert_eq!(slack.outcome, PreviewOutcome::Changes, "{}", slack.says);

    let refused = f
        .app
        .preview_workflow(
            &f.admin,
            PreviewRequest::Execution {
                execution_id: id.clone(),
                draft: Some(json!({ "firstname": "Ada", "lastname": "", "email": "not an email" })),
            },
        )
        .await
        .map_err(WireError::from)
        .expect_err("a draft the form refuses is refused");
    assert_eq!(refused.code, ErrorCode::Validation);
    assert!(
        refused.fields.contains_key("email"),
        "says which field: {refused:?}"
    );
    let detail = f.app.get_execution(&f.admin, &id).await.unwrap();
    assert_eq!(
        detail.summary.current_step_order, 2,
        "previewing submitted nothing: the details step still waits"
    );
}

#[tokio::test]
async fn a_partner_admin_previews_only_their_own_people_and_never_an_organisation() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    let other = onboard_partner(&f).await;
    let partner = partner_admin_of(&f, &other).await;

    let someone_elses = f
        .app
        .preview_workflow(&partner, offboarding(&ada))
        .await
        .map_err(WireError::from)
        .expect_err("another organisation's person");
    let organisation = f
        .app
        .preview_workflow(
            &partner,
            PreviewRequest::OrganizationOffboarding {
                organization_id: other.clone(),
            },
        )
        .await
        .map_err(WireError::from)
        .expect_err("only the operations team offboards an organisation");
    let unknown = f
        .app
        .preview_workflow(&f.admin, offboarding("no-such-person"))
        .await
        .map_err(WireError::from)
        .expect_err("unknown person");

    assert_eq!(
        someone_elses.code,
        ErrorCode::NotFound,
        "answered as unknown, so they learn nothing: {someone_elses:?}"
    );
    assert_eq!(organisation.code, ErrorCode::Forbidden);
    assert_eq!(unknown.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn a_partner_admins_own_request_is_previewed_from_the_approval_it_waits_for() {
    let f = configured_app().await;
    let (organization_id, ada) = onboarded(&f).await;
    let own_partner = partner_admin_of(&f, &organization_id).await;

    let own = f
        .app
        .preview_workflow(&own_partner, offboarding(&ada))
        .await
        .unwrap();
    assert_eq!(
        own.steps.first().map(|s| (s.order, s.outcome)),
        Some((1, PreviewOutcome::WaitsForAPerson)),
        "a partner admin's request waits for the operations team's approval first"
    );
}

#[tokio::test]
async fn an_organisations_offboarding_preview_counts_its_people() {
    let f = configured_app().await;
    let (organization_id, _) = onboarded(&f).await;

    let preview = f
        .app
        .preview_workflow(
            &f.admin,
            PreviewRequest::OrganizationOffboarding { organization_id },
        )
        .await
        .unwrap();

    let people = step(&preview, "Offboard every person");
    assert_eq!(people.outcome, PreviewOutcome::Changes);
    assert!(people.says.contains("its 1 person"), "{}", people.says);
}

#[tokio::test]
async fn a_moves_preview_joins_the_new_group_and_leaves_the_old_one_in_one_sentence() {
    let f = configured_app().await;
    let (_, ada) = onboarded(&f).await;
    let acme = onboard_partner(&f).await;
    let started = f
        .app
        .move_user(
            &f.admin,
            MoveUserRequest {
                user_id: ada,
                organization_id: acme,
            },
        )
        .await
        .unwrap();

    let without_answers = f
        .app
        .preview_workflow(
            &f.admin,
            PreviewRequest::Execution {
                execution_id: started.summary.id.clone(),
                draft: None,
            },
        )
        .await
        .unwrap();
    let answered = f
        .app
        .preview_workflow(
            &f.admin,
            PreviewRequest::Execution {
                execution_id: started.summary.id.clone(),
                draft: Some(json!({ "selected_studio_company_ids": [], "reason": "Joined Acme" })),
            },
        )
        .await
        .unwrap();

    let waiting = &without_answers.steps[0];
    assert_eq!(waiting.outcome, PreviewOutcome::WaitsForAPerson);
    assert_eq!(
        step(&without_answers, "Move in Metabase").outcome,
        PreviewOutcome::CannotTell,
        "before the confirmation is answered the move's steps cannot look yet, and say so rather than predict a stop"
    );
    let metabase = step(&answered, "Move in Metabase");
    assert_eq!(metabase.outcome, PreviewOutcome::Changes);
    assert!(
        metabase
            .says
            .contains("adds it to the group ext-acme-widgets")
            && metabase
                .says
                .contains(&format!("Removes {EMAIL} (Metabase account")),
        "joins the new group and leaves the old one: {}",
        metabase.says
    );
    assert!(
        !metabase.says.contains("deactivates"),
        "a move keeps the account: {}",
        metabase.says
    );
    let detail = f
        .app
        .get_execution(&f.admin, &started.summary.id)
        .await
        .unwrap();
    assert_eq!(
        detail.summary.current_step_order, 1,
        "the confirmation still waits: previewing answered nothing"
    );
}

#[tokio::test]
async fn a_new_partners_preview_finds_a_group_made_by_hand_and_would_create_the_rest() {
    let f = configured_app().await;
    let name = "Müller + Partner – Brücken & Tunnel <Süd> Ingenieure";
    // Someone already made the partner's Slack group by hand.
    f.world.slack.add_usergroup(
        name,
        "ext-mueller-partner-bruecken-tunnel-sued-ingenieure",
        &[],
        &[],
    );
    let id = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap()
        .summary
        .id;

    let preview = f
        .app
        .preview_workflow(
            &f.admin,
            PreviewRequest::Execution {
                execution_id: id.clone(),
                draft: Some(json!({
                    "organization_name": name,
                    "studio_company_name_test": "Müller TEST", "studio_company_id_test": "5001",
                    "studio_company_name_prod": "Müller PROD", "studio_company_id_prod": "5002",
                })),
            },
        )
        .await
        .unwrap();

    let slack = step(&preview, "Create the Slack user group");
    assert_eq!(
        slack.outcome,
        PreviewOutcome::NothingToChange,
        "{}",
        slack.says
    );
    let metabase = step(&preview, "Create the Metabase group");
    assert_eq!(
        metabase.outcome,
        PreviewOutcome::Changes,
        "{}",
        metabase.says
    );
    let teams = step(&preview, "Create the Teams channel");
    assert!(
        teams.says.starts_with("Creates the Teams channel"),
        "{}",
        teams.says
    );
    assert!(
        f.app
            .list_organizations(&f.admin, Default::default())
            .await
            .unwrap()
            .items
            .is_empty(),
        "previewing created no organisation"
    );
}
