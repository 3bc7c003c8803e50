//! The repairs beside one difference the access check found (a person's, or a stranger's in an
//! organisation's group), one click each: *Give it back*
//! and *Take it away* start a small run (linked, to follow it); *Accept it* and *Record as
//! removed* ask why first, since they change only HyOpps's record. What the backend did, or
//! why it refused, shows in the cell; check again to see the result.

use hyopps_contract::{
    AccessRepair, AccessState, CheckedSystem, RepairAccessRequest, RepairOutcome, RepairSubject,
};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use super::ErrorAlert;
use crate::hooks::use_on_demand;
use crate::ipc;
use crate::route::AppRoute;

#[derive(Clone, PartialEq, Properties)]
pub struct AccessRepairProps {
    /// Prefix of the cell's ids: `<id>-give-back`, `<id>-reason`…
    pub id: AttrValue,
    /// The person, or the stranger, whose access it repairs.
    pub subject: RepairSubject,
    pub system: CheckedSystem,
    pub state: AccessState,
}

#[component]
pub fn AccessRepairCell(props: &AccessRepairProps) -> Html {
    let repaired = use_on_demand::<RepairOutcome>();
    // The repair that asks for a reason, while its small form is open.
    let asking = use_state_eq(|| None::<AccessRepair>);
    let reason = use_state_eq(String::new);
    let send = {
        let (repaired, asking) = (repaired.clone(), asking.clone());
        let (subject, system) = (props.subject.clone(), props.system);
        Callback::from(move |(repair, reason): (AccessRepair, Option<String>)| {
            let request = RepairAccessRequest {
                subject: subject.clone(),
                system,
                repair,
                reason,
            };
            asking.set(None);
            repaired.ask(async move { ipc::repair_access(&request).await });
        })
    };
    if let Some(Ok(outcome)) = repaired.answer.clone() {
        return html! {
            <div id={format!("{}-done", props.id)}>
                <span>{ outcome.message }</span>
                if let Some(execution) = outcome.execution_id {
                    { " " }
                    <Link<AppRoute> id={format!("{}-execution", props.id)} to={AppRoute::execution(execution)}>
                        { "Open the run" }
                    </Link<AppRoute>>
                }
            </div>
        };
    }
    let repairs = AccessRepair::for_state(props.state);
    if repairs.is_empty() {
        return html! {};
    }
    let form = (*asking).map(|repair| {
        let onchange = {
            let reason = reason.clone();
            Callback::from(move |value: String| reason.set(value))
        };
        let submit = {
            let (send, reason) = (send.clone(), reason.clone());
            Callback::from(move |_: MouseEvent| send.emit((repair, Some((*reason).clone()))))
        };
        let cancel = {
            let asking = asking.clone();
            Callback::from(move |_: MouseEvent| asking.set(None))
        };
        let reason_id = format!("{}-reason", props.id);
        html! {
            <div class="pf-v6-u-mt-sm">
                <label for={reason_id.clone()} class="pf-v6-u-font-size-sm">{ "Why? It stays on record with your name." }</label>
                <TextInput id={reason_id.clone()} name={reason_id} value={(*reason).clone()} {onchange} />
                <div class="pf-v6-l-flex pf-m-gap-sm pf-v6-u-mt-xs">
                    <Button id={format!("{}-confirm", props.id)} variant={ButtonVariant::Primary} onclick={submit}>
                        { repair.label() }
                    </Button>
                    <Button variant={ButtonVariant::Link} onclick={cancel}>{ "Cancel" }</Button>
                </div>
            </div>
        }
    });
    html! {
        <div>
            <div class="pf-v6-l-flex pf-m-gap-sm">
                { for repairs.iter().map(|repair| {
                    let repair = *repair;
                    let onclick = {
                        let (send, asking) = (send.clone(), asking.clone());
                        Callback::from(move |_: MouseEvent| {
                            if repair.only_records() {
                                asking.set(Some(repair));
                            } else {
                                send.emit((repair, None));
                            }
                        })
                    };
                    let variant = match repair.only_records() {
                        true => ButtonVariant::Link,
                        false => ButtonVariant::Secondary,
                    };
                    html! {
                        <Button id={format!("{}-{}", props.id, repair_key(repair))} {variant} {onclick}
                            disabled={repaired.pending} loading={repaired.pending && !repair.only_records()}>
                            { repair.label() }
                        </Button>
                    }
                }) }
            </div>
            { form.unwrap_or_default() }
            if let Some(Err(error)) = repaired.answer.clone() {
                <ErrorAlert id={format!("{}-error", props.id)} {error} />
            }
        </div>
    }
}

/// "give-back", "accept"…, for the buttons' ids.
fn repair_key(repair: AccessRepair) -> &'static str {
    match repair {
        AccessRepair::GiveBack => "give-back",
        AccessRepair::RecordAsRemoved => "record-as-removed",
        AccessRepair::TakeAway => "take-away",
        AccessRepair::Accept => "accept",
    }
}
