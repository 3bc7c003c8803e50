//! "Access in the systems": on demand, what each system says of the person's access against
//! what HyOpps recorded, with each difference named (missing, unexpected, disabled) and the
//! system's answer in a sentence. Reads only; the backend asks the systems.

use hyopps_contract::{AccessCheck, AccessState, UserIdRequest, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{plain_table, table_cell, ErrorAlert, TimeText};
use crate::ipc;

const COLUMNS: [&str; 4] = ["System", "State", "HyOpps record", "What the system says"];

#[derive(Clone, PartialEq, Properties)]
pub struct UserAccessCheckProps {
    pub user_id: AttrValue,
}

#[component]
pub fn UserAccessCheck(props: &UserAccessCheckProps) -> Html {
    let answer = use_state_eq(|| None::<Result<AccessCheck, WireError>>);
    let pending = use_state_eq(|| false);
    let check = {
        let (answer, pending) = (answer.clone(), pending.clone());
        let request = UserIdRequest {
            user_id: props.user_id.to_string(),
        };
        Callback::from(move |_: MouseEvent| {
            pending.set(true);
            let (answer, pending, request) = (answer.clone(), pending.clone(), request.clone());
            spawn_local(async move {
                let result = ipc::check_user_access(&request).await;
                pending.set(false);
                answer.set(Some(result));
            });
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
                    onclick={check} disabled={*pending} loading={*pending}>
                    { "Check access" }
                </Button>
                { match (*answer).clone() {
                    Some(Ok(checked)) => result_view(&checked),
                    Some(Err(error)) => html! { <ErrorAlert id="user-access-check-error" {error} /> },
                    None => html! {},
                } }
            </CardBody>
        </Card>
    }
}

fn result_view(checked: &AccessCheck) -> Html {
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
            <tr key={row.clone()} id={row} class="pf-v6-c-table__tr" data-state={state_key(line.state)}>
                { table_cell(COLUMNS[0], html! { line.system.clone() }) }
                { table_cell(COLUMNS[1], html! {
                    <Label label={line.state.label()} color={state_color(line.state)} compact=true />
                }) }
                { table_cell(COLUMNS[2], html! { record_text(line.recorded) }) }
                { table_cell(COLUMNS[3], html! { line.says.clone() }) }
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

fn state_key(state: AccessState) -> &'static str {
    match state {
        AccessState::InOrder => "in_order",
        AccessState::Missing => "missing",
        AccessState::Unexpected => "unexpected",
        AccessState::Disabled => "disabled",
        AccessState::Unknown => "unknown",
    }
}

fn state_color(state: AccessState) -> Color {
    match state {
        AccessState::InOrder => Color::Green,
        AccessState::Missing | AccessState::Unexpected => Color::Red,
        AccessState::Disabled => Color::Orange,
        AccessState::Unknown => Color::Grey,
    }
}
