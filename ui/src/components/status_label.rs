//! Status labels, coloured the same way on every screen (see `state::status`).

use hyopps_contract::{ExecutionStatus, StepStatus};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::state::status::{execution_status_color, step_status_color};

#[derive(Clone, PartialEq, Properties)]
pub struct ExecutionStatusLabelProps {
    pub status: ExecutionStatus,
    /// patternfly-yew's Label takes no id; it goes on a wrapper whose text is the label's.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[component]
pub fn ExecutionStatusLabel(props: &ExecutionStatusLabelProps) -> Html {
    html! {
        // `data-status` carries the wire name, for tests and styling that must not depend on wording.
        <span id={props.id.clone()} data-status={props.status.as_str()}>
            <Label
                label={props.status.label()}
                color={execution_status_color(props.status)}
                compact=true
            />
        </span>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct StepStatusLabelProps {
    pub status: StepStatus,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[component]
pub fn StepStatusLabel(props: &StepStatusLabelProps) -> Html {
    html! {
        <span id={props.id.clone()} data-status={props.status.as_str()}>
            <Label
                label={props.status.label()}
                color={step_status_color(props.status)}
                compact=true
            />
        </span>
    }
}
