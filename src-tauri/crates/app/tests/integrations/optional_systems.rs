//! Optional systems per organisation: a partner that does not use Teams and Slack says so when
//! it is onboarded, and every workflow — its onboarding, its people's, their offboarding — skips
//! those steps with "not used by <organisation>" instead of failing on a system that is not
//! even configured. Leaving a system out while people still hold access there is refused.

use hyopps_contract::{
    ErrorCode, ExecutionDetail, ExecutionStatus, OffboardUserRequest, PartnerSystem,
    SetOrganizationSystemsRequest, StepStatus, WireError,
};
use serde_json::json;

use super::{
    configured_app, configured_app_without, onboard_partner, onboard_user, settle, Fixture,
};

/// 50+ characters, with what Teams and Slack refuse or fold.
const PARTNER: &str = "Müller + Partner – Ingenieurbüro für Öl & Gas <Nord> GmbH";

/// The steps skipped, by name, each with the reason it shows.
fn skipped(detail: &ExecutionDetail) -> Vec<(String, String)> {
    detail
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Skipped)
        .map(|s| (s.name.clone(), s.error.clone().unwrap_or_default()))
        .collect()
}

/// new_partner for `PARTNER` using only Studio, Metabase, the LMS and the documentation email,
/// through to its end; the organisation's id.
async fn partner_without_teams_and_slack(f: &Fixture) -> String {
    let id = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap()
        .summary
        .id;
    let mut step1 = json!({
        "organization_name": PARTNER,
        "studio_company_name_test": "Müller TEST", "studio_company_id_test": "4001",
        "studio_company_name_prod": "Müller PROD", "studio_company_id_prod": "4002",
        "systems_used": ["studio", "jira"],
    });
    let refused: WireError = f
        .app
        .submit_step_input(&f.admin, &id, step1.clone())
        .await
        .unwrap_err()
        .into();
    assert_eq!(refused.code, ErrorCode::Validation);
    assert!(
        refused.message.contains("jira is not one of the choices"),
        "an unknown system is named: {}",
        refused.message
    );
    step1["systems_used"] = json!(["studio", "metabase", "lms", "documentation"]);
    f.app.submit_step_input(&f.admin, &id, step1).await.unwrap();
    f.app
        .submit_step_input(
            &f.admin,
            &id,
            json!({ "keycloak_cluster": "prod-eu", "scopes": "openid", "keycloak_confirmed": true }),
        )
        .await
        .unwrap();
    let at_lms = settle(f, &id).await;
    assert_eq!(
        at_lms.summary.status,
        ExecutionStatus::AwaitingInput,
        "the Metabase steps ran, Teams and Slack were skipped: {:?}",
        at_lms.summary.error
    );
    let done = f
        .app
        .submit_step_input(&f.admin, &id, json!({ "lms_confirmed": true }))
        .await
        .unwrap();
    assert_eq!(done.summary.status, ExecutionStatus::Completed);
    assert_eq!(
        skipped(&done),
        [
            (
                "create_teams_channel".to_string(),
                format!("Microsoft Teams is not used by {PARTNER}: skipped.")
            ),
            (
                "create_slack_group".to_string(),
                format!("Slack is not used by {PARTNER}: skipped.")
            ),
        ]
    );
    done.summary.organization_id.expect("the partner exists")
}

#[tokio::test]
async fn a_partner_without_teams_and_slack_skips_them_in_every_workflow_with_the_reason() {
    // Teams and Slack are not even configured: a step that ran would fail.
    let f = configured_app_without(&["graph", "slack"]).await;
    let organization_id = partner_without_teams_and_slack(&f).await;
    let detail = f
        .app
        .get_organization(&f.admin, &organization_id)
        .await
        .unwrap();
    assert_eq!(
        detail.systems_used,
        [
            PartnerSystem::Studio,
            PartnerSystem::Metabase,
            PartnerSystem::Lms,
            PartnerSystem::Documentation
        ]
    );

    let onboarding = onboard_user(&f, &organization_id).await;
    assert_eq!(
        onboarding.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        onboarding.summary.error
    );
    let names: Vec<String> = skipped(&onboarding).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["add_user_to_teams_channel", "add_user_to_slack_group"]
    );
    assert!(
        f.world
            .metabase
            .users()
            .iter()
            .any(|u| u.email == super::EMAIL),
        "the systems it uses still ran"
    );

    let ada = onboarding.summary.user_id.expect("Ada exists");
    let started = f
        .app
        .offboard_user(&f.admin, OffboardUserRequest { user_id: ada })
        .await
        .unwrap();
    let offboarding = settle(&f, &started.summary.id).await;
    assert_eq!(
        offboarding.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        offboarding.summary.error
    );
    let names: Vec<String> = skipped(&offboarding).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["remove_from_teams", "remove_from_slack"]);
}

#[tokio::test]
async fn leaving_out_a_system_people_still_hold_is_refused_and_a_free_one_is_audited() {
    let f = configured_app().await;
    f.world.add_slack_member(super::EMAIL, "Ada Lovelace");
    let organization_id = onboard_partner(&f).await;
    let onboarding = onboard_user(&f, &organization_id).await;
    assert_eq!(onboarding.summary.status, ExecutionStatus::Completed);
    let without = |left_out: &[PartnerSystem]| SetOrganizationSystemsRequest {
        organization_id: organization_id.clone(),
        systems_used: PartnerSystem::ALL
            .into_iter()
            .filter(|s| !left_out.contains(s))
            .collect(),
    };

    let refused: WireError = f
        .app
        .set_organization_systems(
            &f.admin,
            without(&[PartnerSystem::Slack, PartnerSystem::Lms]),
        )
        .await
        .unwrap_err()
        .into();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(
        refused.message.contains("in Slack (1 person)") && refused.message.contains("Offboard"),
        "says which system and how many people, and what to do: {}",
        refused.message
    );
    let unchanged = f
        .app
        .get_organization(&f.admin, &organization_id)
        .await
        .unwrap();
    assert_eq!(
        unchanged.systems_used,
        PartnerSystem::ALL,
        "nothing changed"
    );

    let unknown: WireError = f
        .app
        .set_organization_systems(
            &f.admin,
            SetOrganizationSystemsRequest {
                organization_id: "no-such-organisation".into(),
                systems_used: vec![],
            },
        )
        .await
        .unwrap_err()
        .into();
    assert_eq!(unknown.code, ErrorCode::NotFound);

    // Nobody holds LMS access HyOpps gave: the LMS can be left out, and it is audited.
    let changed = f
        .app
        .set_organization_systems(&f.admin, without(&[PartnerSystem::Lms]))
        .await
        .unwrap();
    assert!(!changed.systems_used.contains(&PartnerSystem::Lms));
    let again = f
        .app
        .set_organization_systems(&f.admin, without(&[PartnerSystem::Lms]))
        .await
        .unwrap();
    assert_eq!(again.systems_used, changed.systems_used);
    let audit = f
        .app
        .list_audit_log(&f.admin, Default::default())
        .await
        .unwrap();
    let entries: Vec<_> = audit
        .items
        .iter()
        .filter(|e| e.action == "organization_systems_changed")
        .collect();
    assert_eq!(
        entries.len(),
        1,
        "one change, and saving it again is no change"
    );
    let summary = entries[0].summary.to_string();
    assert!(
        summary.contains("LMS") && !summary.contains("\"lms\""),
        "the entry names the systems as the screens do: {summary}"
    );
}
