//! `offboard_partner` through the app against the fakes: every person of the partner is
//! offboarded in an execution of their own, which the organisation's offboarding waits for;
//! then its Metabase group loses its access and its collection is archived, its Teams channel
//! is archived by an operator, its Slack group disabled, its Keycloak group emptied (someone
//! added by hand included), and the organisation kept, marked offboarded: no one can be added
//! to it, and it cannot be offboarded twice.

use hyopps_contract::{
    ErrorCode, ExecutionStatus, OrganizationIdRequest, OrganizationListRequest,
    SetOrganizationSystemsRequest, StepStatus, UpdateOrganizationRequest, WireError,
};
use serde_json::json;

use super::{configured_app, new_partner_up_to_lms, onboard_person, settle, Fixture};

/// 50+ characters, with what Teams and Slack refuse or fold.
const PARTNER: &str = "Ó Briain & Müller <Spedition> – Logistik für Häfen + Kanäle GmbH";

async fn partner_with_two_people(f: &Fixture) -> String {
    f.world
        .add_slack_member("aoife@obriain.example", "Aoife Ó Briain");
    f.world
        .add_slack_member("jurgen@obriain.example", "Jürgen Müller");
    let at_lms = new_partner_up_to_lms(f, PARTNER, ["7001", "7002"]).await;
    let done = f
        .app
        .submit_step_input(
            &f.admin,
            &at_lms.summary.id,
            json!({ "lms_confirmed": true }),
        )
        .await
        .unwrap();
    let organization_id = done.summary.organization_id.expect("the partner exists");
    for (name, email, personal_company) in [
        (
            ("Aoife", "Ó Briain"),
            "aoife@obriain.example",
            "studio-company-601",
        ),
        (
            ("Jürgen", "Müller-Lüdenscheidt"),
            "jurgen@obriain.example",
            "studio-company-602",
        ),
    ] {
        // Studio makes each person a personal company of their own.
        f.world
            .studio_company
            .respond_with(201, json!({ "company": { "id": personal_company } }));
        let onboarding = onboard_person(f, &organization_id, name, email).await;
        assert_eq!(
            onboarding.summary.status,
            ExecutionStatus::Completed,
            "{:?}",
            onboarding.summary.error
        );
    }
    organization_id
}

fn request(organization_id: &str) -> OrganizationIdRequest {
    OrganizationIdRequest {
        organization_id: organization_id.into(),
    }
}

#[tokio::test]
async fn every_person_is_offboarded_first_then_the_partner_s_places_go_and_it_is_kept_marked() {
    let f = configured_app().await;
    let organization_id = partner_with_two_people(&f).await;
    let world = &f.world;
    // Someone added to the partner's Keycloak group by hand, not by HyOpps.
    let group = world.keycloak.groups()[0].id.clone();
    let stranger = world.keycloak.add_user("stranger@obriain.example", true);
    world.keycloak.add_membership(&stranger, &group);

    let started = f
        .app
        .offboard_organization(&f.admin, request(&organization_id))
        .await
        .unwrap();
    assert_eq!(
        started.steps[0].status,
        StepStatus::Completed,
        "an admin approves by starting it"
    );

    // The people's offboardings run; then the organisation's waits for the Teams task.
    let at_teams = settle(&f, &started.summary.id).await;
    assert_eq!(
        at_teams.summary.status,
        ExecutionStatus::AwaitingInput,
        "{:?}",
        at_teams.summary.error
    );
    assert_eq!(at_teams.children.len(), 2, "one offboarding per person");
    let last_person_done = at_teams
        .children
        .iter()
        .filter_map(|c| c.completed_at.clone())
        .max();
    assert!(
        last_person_done.is_some() && at_teams.steps[2].started_at >= last_person_done,
        "the organisation's own places waited for its people: {:?} after {last_person_done:?}",
        at_teams.steps[2].started_at
    );
    for child in &at_teams.children {
        let child = f.app.get_execution(&f.admin, &child.id).await.unwrap();
        assert_eq!(
            child.summary.status,
            ExecutionStatus::Completed,
            "{:?}",
            child.summary.error
        );
        assert_eq!(
            child.parent_id.as_deref(),
            Some(started.summary.id.as_str())
        );
    }
    assert_eq!(
        at_teams.steps[2].status,
        StepStatus::Completed,
        "the collection is archived"
    );
    let form = at_teams
        .form
        .expect("the Teams channel is an operator's task");
    assert!(
        form.instructions[0].contains("archive the channel"),
        "{}",
        form.instructions[0]
    );

    let done = f
        .app
        .submit_step_input(
            &f.admin,
            &started.summary.id,
            json!({ "teams_channel_archived": true }),
        )
        .await
        .unwrap();
    let done = settle(&f, &done.summary.id).await;
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );

    let collection = world
        .metabase
        .collections()
        .into_iter()
        .find(|c| c.name == PARTNER)
        .unwrap();
    assert!(
        collection.archived,
        "the partner's collection is in Metabase's trash"
    );
    let group = world
        .metabase
        .groups()
        .into_iter()
        .find(|g| g.name.starts_with("ext-"))
        .unwrap();
    let queries = world
        .metabase
        .data_permission(group.id, world.database_id)
        .unwrap();
    assert_eq!(
        queries["create-queries"], "no",
        "the group may query nothing"
    );
    let usergroup = &world.slack.usergroups()[0];
    assert!(usergroup.disabled, "the partner's Slack group is disabled");
    for user in world.keycloak.users() {
        assert!(
            !user.enabled,
            "{:?} can no longer sign in to Studio",
            user.email
        );
    }
    assert!(
        world.keycloak.memberships().is_empty(),
        "nobody left in the partner's Keycloak group, the one added by hand included"
    );
    assert!(
        said(&done, "empty_keycloak_group").contains("1 still in the Keycloak group"),
        "{}",
        said(&done, "empty_keycloak_group")
    );
    let detail = f
        .app
        .get_organization(&f.admin, &organization_id)
        .await
        .unwrap();
    assert!(detail.offboarded_at.is_some(), "kept, marked offboarded");
    assert_eq!(detail.users.len(), 2, "its people stay on record");
    assert!(
        detail.users.iter().all(|p| p.access.is_empty()),
        "with no access left: {:?}",
        detail.users
    );

    // Filterable: among the offboarded organisations, not among the current ones.
    let listed = |offboarded| {
        f.app.list_organizations(
            &f.admin,
            OrganizationListRequest {
                offboarded,
                ..OrganizationListRequest::default()
            },
        )
    };
    let offboarded = listed(Some(true)).await.unwrap();
    assert_eq!(offboarded.items.len(), 1);
    assert_eq!(offboarded.items[0].name, PARTNER);
    assert!(offboarded.items[0].offboarded_at.is_some());
    let current = listed(Some(false)).await.unwrap();
    assert!(
        current.items.iter().all(|o| o.name != PARTNER),
        "not a current one"
    );

    // Kept as it was: its details and systems are not changed any more.
    let renamed: WireError = f
        .app
        .update_organization(
            &f.admin,
            UpdateOrganizationRequest {
                organization_id: organization_id.clone(),
                name: "Someone Else".into(),
                account_types: detail.account_types.clone(),
            },
        )
        .await
        .unwrap_err()
        .into();
    assert_eq!(renamed.code, ErrorCode::Conflict);
    assert!(
        renamed.message.contains("kept as it was"),
        "{}",
        renamed.message
    );
    let systems: WireError = f
        .app
        .set_organization_systems(
            &f.admin,
            SetOrganizationSystemsRequest {
                organization_id: organization_id.clone(),
                systems_used: vec![],
            },
        )
        .await
        .unwrap_err()
        .into();
    assert_eq!(systems.code, ErrorCode::Conflict);

    // Offboarded: nobody can be added to it, and it cannot be offboarded again.
    let id = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    let refused: WireError = f
        .app
        .submit_step_input(&f.admin, &id, json!({ "organization_id": organization_id }))
        .await
        .unwrap_err()
        .into();
    assert!(
        refused.message.contains("was offboarded on"),
        "{}",
        refused.message
    );
    let again: WireError = f
        .app
        .offboard_organization(&f.admin, request(&organization_id))
        .await
        .unwrap_err()
        .into();
    assert_eq!(again.code, ErrorCode::Conflict);
    assert!(
        again.message.contains("nothing left to take back"),
        "{}",
        again.message
    );
}

/// What a step of the organisation's offboarding recorded, in words.
fn said(detail: &hyopps_contract::ExecutionDetail, step: &str) -> String {
    let step = detail.steps.iter().find(|s| s.name == step).unwrap();
    step.output
        .as_ref()
        .and_then(|o| o.as_object())
        .and_then(|o| o.values().find_map(|v| v.as_str()))
        .unwrap_or_default()
        .to_string()
}
