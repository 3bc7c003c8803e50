//! "Access in the systems": on demand, what each system says of the person's access against
//! what HyOpps recorded, with each difference named (missing, unexpected, disabled) and the
//! system's answer in a sentence. Reads only; the backend asks the systems.

use hyopps_contract::{AccessCheck, RepairSubject, UserIdRequest};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{plain_table, table_cell, AccessRepairCell, ErrorAlert, TimeText};
use crate::hooks::use_on_demand;
use crate::ipc;
use crate::state::access::state_key;
use crate::state::status::access_state_color;

const COLUMNS: [&str; 5] = [
    "System",
    "State",
    "HyOpps record",
    "What the system says",
    "Repair",
];

#[derive(Clone, PartialEq, Properties)]
pub struct UserAccessCheckProps {
    pub user_id: AttrValue,
}

#[component]
pub fn UserAccessCheck(props: &UserAccessCheckProps) -> Html {
    let checked = use_on_demand::<AccessCheck>();
    let check = {
        let checked = checked.clone();
        let request = UserIdRequest {
            user_id: props.user_id.to_string(),
        };
        Callback::from(move |_: MouseEvent| {
            let request = request.clone();
            checked.ask(async move { ipc::check_user_access(&request).await });
        })
    };
    html! {
        <Card id="user-access-check">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Access in the systems" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md pf-v6-u-color-200">
                    { "Asks Metabase, Teams, Slack and Keycloak what this person has now, and compares it with what HyOpps recorded. Nothing is changed." }
                </p>
                <Button id="user-access-check-button" variant={ButtonVariant::Secondary}
                    onclick={check} disabled={checked.pending} loading={checked.pending}>
                    { "Check access" }
                </Button>
                { match checked.answer.clone() {
                    Some(Ok(checked)) => result_view(&checked, &props.user_id),
                    Some(Err(error)) => html! { <ErrorAlert id="user-access-check-error" {error} /> },
                    None => html! {},
                } }
            </CardBody>
        </Card>
    }
}

fn result_view(checked: &AccessCheck, user_id: &AttrValue) -> Html {
    let differences = checked
        .systems
        .iter()
        .filter(|s| s.state.is_difference())
        .count();
    let summary = match differences {
        0 => "Every system agrees with HyOpps's record.".to_string(),
        1 => "1 difference.".to_string(),
        n => format!("{n} differences."),
    };
    let rows = checked.systems.iter().map(|line| {
        let row = format!("user-access-check-{}", row_key(&line.system));
        html! {
            <tr key={row.clone()} id={row.clone()} class="pf-v6-c-table__tr" data-state={state_key(line.state)}>
                { table_cell(COLUMNS[0], html! { line.system.clone() }) }
                { table_cell(COLUMNS[1], html! {
                    <Label label={line.state.label()} color={access_state_color(line.state)} compact=true />
                }) }
                { table_cell(COLUMNS[2], html! { record_text(line.recorded) }) }
                { table_cell(COLUMNS[3], html! { line.says.clone() }) }
                { table_cell(COLUMNS[4], match line.key {
                    // Keyed by the check, so a new check starts with fresh buttons.
                    Some(system) => html! {
                        <AccessRepairCell key={checked.checked_at.clone()} id={format!("{row}-repair")}
                            subject={RepairSubject::Person { user_id: user_id.to_string() }}
                            {system} state={line.state} />
                    },
                    None => html! {},
                }) }
            </tr>
        }
    });
    html! {
        <div class="pf-v6-u-mt-md">
            <p id="user-access-check-summary">
                { summary }{ " Checked " }<TimeText at={checked.checked_at.clone()} />{ "." }
            </p>
            { plain_table("user-access-check-table", &COLUMNS, rows.collect()) }
        </div>
    }
}

fn record_text(recorded: bool) -> &'static str {
    if recorded {
        "Given"
    } else {
        "Not given"
    }
}

/// "Microsoft Teams" → "microsoft-teams", for row ids.
fn row_key(system: &str) -> String {
    system.to_lowercase().replace(' ', "-")
}
