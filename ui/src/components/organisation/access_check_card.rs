//! "Access in the systems" for an organisation: on demand, every person's access checked
//! against what HyOpps recorded, one row per person with a state per system, then each
//! difference in a sentence. Reads only; the backend asks the systems.

use hyopps_contract::{
    AccessCheck, AccessState, OrganizationAccessCheck, OrganizationIdRequest, SystemAccess,
};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{plain_table, table_cell, ErrorAlert, TimeText};
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
                    Some(Ok(checked)) => result_view(&checked),
                    Some(Err(error)) => html! { <ErrorAlert id="organisation-access-check-error" {error} /> },
                    None => html! {},
                } }
            </CardBody>
        </Card>
    }
}

fn result_view(checked: &OrganizationAccessCheck) -> Html {
    if checked.people.is_empty() {
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
    let lines: Vec<String> = differences
        .iter()
        .map(|(person, line)| {
            format!(
                "{} — {}: {}. {}",
                person.name,
                line.system,
                line.state.label(),
                line.says
            )
        })
        .chain(checked.strangers.iter().map(|s| {
            format!(
                "{} — {}: {}. {}",
                s.email,
                s.system,
                AccessState::Unexpected.label(),
                s.says
            )
        }))
        .collect();
    let summary = match lines.len() {
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
                    { for lines.into_iter().map(|line| html! { <li>{ line }</li> }) }
                </ul>
            }
        </div>
    }
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
