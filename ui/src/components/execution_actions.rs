//! The operator's actions on an execution: Retry and Complete by hand when a step failed,
//! Cancel (after a confirmation) while it has not ended; a partner admin gets Retry only.
//! Each answers with the execution as it is now, which the page shows at once.

use std::future::Future;

use hyopps_contract::{ExecutionActionRequest, ExecutionDetail, StepStatus, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{ErrorAlert, HandCompletion};
use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct ExecutionActionsProps {
    pub detail: ExecutionDetail,
    pub on_changed: Callback<ExecutionDetail>,
    /// Offer Cancel and Complete by hand (administrators). Without them only Retry is left.
    #[prop_or(true)]
    pub admin_actions: bool,
}

#[component]
pub fn ExecutionActions(props: &ExecutionActionsProps) -> Html {
    let pending = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);
    let confirming_cancel = use_state_eq(|| false);
    let hand_open = use_state_eq(|| false);

    let summary = &props.detail.summary;
    let failed = props
        .detail
        .steps
        .iter()
        .find(|step| step.status == StepStatus::Failed);
    let admin = props.admin_actions;
    let cancellable = admin && !summary.status.is_terminal();
    if failed.is_none() && !cancellable {
        return html!();
    }

    // Runs one action; its answer replaces the page's execution, its error goes in the
    // alert, and `after` (the confirmation or form that led to it) closes either way.
    let action = |call: fn(&ExecutionActionRequest) -> ActionFuture,
                  after: UseStateHandle<bool>| {
        let (pending, error, on_changed) =
            (pending.clone(), error.clone(), props.on_changed.clone());
        let request = ExecutionActionRequest {
            execution_id: summary.id.clone(),
        };
        Callback::from(move |_: MouseEvent| {
            if *pending {
                return;
            }
            pending.set(true);
            error.set(None);
            let future = call(&request);
            let (pending, error, on_changed, after) = (
                pending.clone(),
                error.clone(),
                on_changed.clone(),
                after.clone(),
            );
            spawn_local(async move {
                let result = future.await;
                pending.set(false);
                after.set(false);
                match result {
                    Ok(detail) => on_changed.emit(detail),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_retry = action(retry, hand_open.clone());
    let on_cancel_confirmed = action(cancel, confirming_cancel.clone());
    let toggle = |state: &UseStateHandle<bool>, to: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(to))
    };
    let on_hand_done = {
        let (hand_open, on_changed) = (hand_open.clone(), props.on_changed.clone());
        Callback::from(move |detail| {
            hand_open.set(false);
            on_changed.emit(detail);
        })
    };

    html! {
        <div id="execution-actions">
            if let Some(error) = (*error).clone() {
                <ErrorAlert id="execution-action-error" {error} />
            }
            <div class="pf-v6-l-flex pf-m-align-items-center">
                if failed.is_some() {
                    <div>
                        <Button id="execution-retry" variant={ButtonVariant::Primary}
                            onclick={on_retry} disabled={*pending}>
                            { "Retry" }
                        </Button>
                    </div>
                }
                if failed.is_some() && admin {
                    <div>
                        <Button id="execution-complete-by-hand" variant={ButtonVariant::Secondary}
                            onclick={toggle(&hand_open, true)} disabled={*pending || *hand_open}>
                            { "Complete by hand" }
                        </Button>
                    </div>
                }
                if cancellable {
                    <div>
                        <Button id="execution-cancel" variant={ButtonVariant::DangerSecondary}
                            onclick={toggle(&confirming_cancel, true)} disabled={*pending || *confirming_cancel}>
                            { "Cancel execution" }
                        </Button>
                    </div>
                }
            </div>
            if *confirming_cancel && cancellable {
                <div id="execution-cancel-confirmation" class="pf-v6-u-mt-md">
                    <Alert inline=true r#type={AlertType::Warning}
                        title="Cancel this execution? Its remaining steps will not run; what earlier steps did in other systems stays.">
                        <div class="pf-v6-l-flex pf-m-align-items-center">
                            <div>
                                <Button id="execution-cancel-confirm" variant={ButtonVariant::Danger}
                                    onclick={on_cancel_confirmed} disabled={*pending} loading={*pending}>
                                    { "Cancel execution" }
                                </Button>
                            </div>
                            <div>
                                <Button id="execution-cancel-keep" variant={ButtonVariant::Link}
                                    onclick={toggle(&confirming_cancel, false)} disabled={*pending}>
                                    { "Keep it running" }
                                </Button>
                            </div>
                        </div>
                    </Alert>
                </div>
            }
            if let Some(step) = failed.filter(|_| admin && *hand_open) {
                <HandCompletion
                    execution_id={summary.id.clone()}
                    step={step.clone()}
                    on_done={on_hand_done}
                    on_close={{ let hand_open = hand_open.clone(); Callback::from(move |()| hand_open.set(false)) }}
                />
            }
        </div>
    }
}

type ActionFuture = std::pin::Pin<Box<dyn Future<Output = Result<ExecutionDetail, WireError>>>>;

fn retry(request: &ExecutionActionRequest) -> ActionFuture {
    let request = request.clone();
    Box::pin(async move { ipc::retry_step(&request).await })
}

fn cancel(request: &ExecutionActionRequest) -> ActionFuture {
    let request = request.clone();
    Box::pin(async move { ipc::cancel_execution(&request).await })
}
