//! new_partner (and the Keycloak group of new_partner_user) for organisations whose names the
//! outside systems would refuse as they are: every system gets a name it accepts that a person
//! still recognises, and HyOpps records and shows the name it used.

use hyopps_contract::{ExecutionDetail, ExecutionStatus, SystemTool};
use hyopps_fakes::world::TEAM_ID;
use serde_json::{json, Value};

use super::{configured_app, new_partner_up_to_lms, onboard_user, Fixture, EMAIL};

/// Runs new_partner for `name` up to its last (manual) step and returns the execution.
async fn onboard_partner_named(f: &Fixture, name: &str) -> ExecutionDetail {
    new_partner_up_to_lms(f, name, ["3001", "3002"]).await
}

/// The output of the step `step` of the execution.
fn output_of(detail: &ExecutionDetail, step: &str) -> Value {
    detail
        .steps
        .iter()
        .find(|s| s.name == step)
        .and_then(|s| s.output.clone())
        .unwrap_or_else(|| panic!("{step} has an output"))
}

/// What the organisation's page shows as its group in `tool`.
async fn shown_group_name(f: &Fixture, organization_id: &str, tool: SystemTool) -> String {
    f.app
        .get_organization(&f.admin, organization_id)
        .await
        .unwrap()
        .system_groups
        .into_iter()
        .find(|g| g.tool == tool)
        .and_then(|g| g.external_name)
        .unwrap_or_else(|| panic!("a {tool:?} group is recorded"))
}

/// Onboards the partner `name` and a person in it; checks each system got `channel` (Teams)
/// and `slug` (Metabase and Keycloak groups, Slack handle), and that HyOpps shows them.
async fn onboard_and_check(name: &str, channel: &str, slug: &str) {
    let f = configured_app().await;
    f.world.add_slack_member(EMAIL, "Ada Lovelace");

    let at_lms = onboard_partner_named(&f, name).await;
    assert_eq!(
        (at_lms.summary.status, at_lms.summary.current_step_order),
        (ExecutionStatus::AwaitingInput, 8),
        "every auto step of new_partner ran for {name:?}: {:?}",
        at_lms.summary.error
    );
    let world = &f.world;
    let channels: Vec<String> = world
        .graph
        .channels(TEAM_ID)
        .into_iter()
        .map(|c| c.display_name)
        // Every team has it from the start.
        .filter(|name| name != "General")
        .collect();
    assert_eq!(
        channels,
        [channel],
        "Teams got a channel name it accepts, still readable"
    );
    assert_eq!(
        output_of(&at_lms, "create_teams_channel")["teams_channel_name"],
        json!(channel),
        "the step shows the channel name it used"
    );
    let handles: Vec<String> = world
        .slack
        .usergroups()
        .into_iter()
        .map(|g| g.handle)
        .collect();
    assert_eq!(handles, [slug], "the Slack handle spells the accents out");
    assert!(
        world.metabase.groups().iter().any(|g| g.name == slug),
        "the Metabase group is {slug}: {:?}",
        world.metabase.groups()
    );
    let organization_id = at_lms
        .summary
        .organization_id
        .clone()
        .expect("linked to its organisation");
    assert_eq!(
        shown_group_name(&f, &organization_id, SystemTool::Teams).await,
        channel,
        "the organisation's page shows the channel name"
    );
    assert_eq!(
        shown_group_name(&f, &organization_id, SystemTool::Slack).await,
        slug
    );

    let person = onboard_user(&f, &organization_id).await;
    assert_eq!(
        person.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        person.summary.error
    );
    let keycloak_groups: Vec<String> = world
        .keycloak
        .groups()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(
        keycloak_groups,
        [slug],
        "the Keycloak group has the same name"
    );
    assert_eq!(
        shown_group_name(&f, &organization_id, SystemTool::Keycloak).await,
        slug
    );
}

#[tokio::test]
async fn an_organisation_named_with_characters_teams_refuses_gets_a_readable_channel() {
    onboard_and_check(
        "O'Brien & Söhne <Test>",
        "O Brien und Söhne Test",
        "ext-o-brien-soehne-test",
    )
    .await;
}

#[tokio::test]
async fn a_long_accented_organisation_name_is_cut_at_a_word_for_teams() {
    let name = "Société Générale de Développement Économique à Zürich";
    assert!(name.chars().count() > 50, "longer than Teams allows");
    onboard_and_check(
        name,
        "Société Générale de Développement Économique à",
        "ext-societe-generale-de-developpement-economique-a-zuerich",
    )
    .await;
}
