//! "Access in the systems" for an organisation: on demand, every person's access checked
//! against what HyOpps recorded, one row per person with a state per system, then each
//! difference in a sentence with its repairs beside it, strangers in its groups included
//! (someone accepted there says so, with who and why). The check reads only; a repair is a
//! click on its line.

use hyopps_contract::{
    AccessCheck, AccessState, OrganizationAccessCheck, OrganizationIdRequest, RepairSubject,
    SystemAccess,
};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{plain_table, table_cell, AccessRepairCell, ErrorAlert, TimeText};
use crate::hooks::use_on_demand;
use crate::ipc;
use crate::state::status::access_state_color;

const SYSTEMS: [&str; 4] = ["Metabase", "Microsoft Teams", "Slack", "Keycloak"];
const COLUMNS: [&str; 5] = ["Person", "Metabase", "Microsoft Teams", "Slack", "Keycloak"];

#[derive(Clone, PartialEq, Properties)]
pub struct AccessCheckCardProps {
    pub organization_id: AttrValue,
}

#[component]
pub fn AccessCheckCard(props: &AccessCheckCardProps) -> Html {
    let checked = use_on_demand::<OrganizationAccessCheck>();
    let check = {
        let checked = checked.clone();
        let request = OrganizationIdRequest {
            organization_id: props.organization_id.to_string(),
        };
        Callback::from(move |_: MouseEvent| {
            let request = request.clone();
            checked.ask(async move { ipc::check_organization_access(&request).await });
        })
    };
    html! {
        <Card id="organisation-access-check">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Access in the systems" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md pf-v6-u-color-200">
                    { "Asks Metabase, Teams, Slack and Keycloak what each of its people has now, and compares it with what HyOpps recorded. Nothing is changed." }
                </p>
                <Button id="organisation-access-check-button" variant={ButtonVariant::Secondary}
                    onclick={check} disabled={checked.pending} loading={checked.pending}>
                    { "Check everyone's access" }
                </Button>
                { match checked.answer.clone() {
                    Some(Ok(checked)) => result_view(&checked, &props.organization_id),
                    Some(Err(error)) => html! { <ErrorAlert id="organisation-access-check-error" {error} /> },
                    None => html! {},
                } }
            </CardBody>
        </Card>
    }
}

fn result_view(checked: &OrganizationAccessCheck, organization_id: &AttrValue) -> Html {
    if checked.people.is_empty() && checked.strangers.is_empty() {
        return html! {
            <p id="organisation-access-check-summary" class="pf-v6-u-mt-md">
                { "It has no people to check." }
            </p>
        };
    }
    let differences: Vec<(&AccessCheck, &SystemAccess)> = checked
        .people
        .iter()
        .flat_map(|person| {
            person
                .systems
                .iter()
                .filter(|s| s.state.is_difference())
                .map(move |s| (person, s))
        })
        .collect();
    // (id, sentence, repair buttons) for each difference, then for each stranger.
    let mut lines: Vec<(String, String, Html)> = differences
        .iter()
        .map(|(person, line)| {
            let id = format!(
                "organisation-access-check-{}-{}",
                person.user_id,
                key_of(&line.system)
            );
            let repair = match line.key {
                Some(system) => html! {
                    <AccessRepairCell key={checked.checked_at.clone()} id={format!("{id}-repair")}
                        subject={RepairSubject::Person { user_id: person.user_id.clone() }}
                        {system} state={line.state} />
                },
                None => html! {},
            };
            let sentence = format!(
                "{} — {}: {}. {}",
                person.name,
                line.system,
                line.state.label(),
                line.says
            );
            (id, sentence, repair)
        })
        .collect();
    let mut accepted = 0;
    for (index, stranger) in checked.strangers.iter().enumerate() {
        let id = format!("organisation-access-check-stranger-{index}");
        let (state, says) = match &stranger.accepted {
            Some(why) => ("Accepted", format!("{} {why}", stranger.says)),
            None => (AccessState::Unexpected.label(), stranger.says.clone()),
        };
        let repair = match (stranger.key, &stranger.accepted) {
            (Some(system), None) => html! {
                <AccessRepairCell key={checked.checked_at.clone()} id={format!("{id}-repair")}
                    subject={RepairSubject::Stranger {
                        organization_id: organization_id.to_string(),
                        email: stranger.email.clone(),
                    }}
                    {system} state={AccessState::Unexpected} />
            },
            _ => html! {},
        };
        if stranger.accepted.is_some() {
            accepted += 1;
        }
        lines.push((
            id,
            format!("{} — {}: {state}. {says}", stranger.email, stranger.system),
            repair,
        ));
    }
    let summary = match lines.len() - accepted {
        0 => "Every system agrees with HyOpps's record.".to_string(),
        1 => "1 difference.".to_string(),
        n => format!("{n} differences."),
    };
    let rows = checked.people.iter().map(|person| {
        let row = format!("organisation-access-check-{}", person.user_id);
        html! {
            <tr key={row.clone()} id={row} class="pf-v6-c-table__tr">
                { table_cell(COLUMNS[0], html! { person.name.clone() }) }
                { for SYSTEMS.iter().zip(1..).map(|(system, column)| table_cell(COLUMNS[column], state_cell(person, system))) }
            </tr>
        }
    });
    html! {
        <div class="pf-v6-u-mt-md">
            <p id="organisation-access-check-summary">
                { summary }{ " Checked " }<TimeText at={checked.checked_at.clone()} />{ "." }
            </p>
            { plain_table("organisation-access-check-table", &COLUMNS, rows.collect()) }
            if !lines.is_empty() {
                <ul id="organisation-access-check-differences" class="pf-v6-c-list pf-v6-u-mt-md">
                    { for lines.into_iter().map(|(id, sentence, repair)| html! {
                        <li key={id.clone()} id={id}>
                            <div>{ sentence }</div>
                            { repair }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// "Microsoft Teams" → "microsoft-teams", for ids.
fn key_of(system: &str) -> String {
    system.to_lowercase().replace(' ', "-")
}

fn state_cell(person: &AccessCheck, system: &str) -> Html {
    match person.systems.iter().find(|s| s.system == system) {
        Some(line) => html! {
            <span title={line.says.clone()}>
                <Label label={line.state.label()} color={access_state_color(line.state)} compact=true />
            </span>
        },
        None => html! { "—" },
    }
}
