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
use crate::state::{HandFormAction, OpenHandForm};

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
    let hand_form = use_reducer_eq(OpenHandForm::default);

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
    // alert, and `after` (closing the confirmation or form that led to it) runs either way.
    let action = |call: fn(&ExecutionActionRequest) -> ActionFuture, after: Callback<()>| {
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
                after.emit(());
                match result {
                    Ok(detail) => on_changed.emit(detail),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let close_hand_form = |order: u32| {
        let hand_form = hand_form.clone();
        Callback::from(move |()| hand_form.dispatch(HandFormAction::Close(order)))
    };
    let failed_order = failed.map(|step| step.order);
    let on_retry = action(
        retry,
        failed_order.map_or_else(Callback::noop, close_hand_form),
    );
    let on_cancel_confirmed = action(cancel, {
        let confirming_cancel = confirming_cancel.clone();
        Callback::from(move |()| confirming_cancel.set(false))
    });
    let toggle = |state: &UseStateHandle<bool>, to: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(to))
    };
    let open_hand_form = {
        let hand_form = hand_form.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(order) = failed_order {
                hand_form.dispatch(HandFormAction::Open(order));
            }
        })
    };
    let hand_form_open = failed_order.is_some_and(|order| hand_form.is_open_for(order));
    let hand_step = hand_form.step(&props.detail.steps).filter(|_| admin);

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
                            onclick={open_hand_form} disabled={*pending || hand_form_open}>
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
            if let Some(step) = hand_step {
                <HandCompletion
                    key={step.order}
                    execution_id={summary.id.clone()}
                    step={step.clone()}
                    on_done={{
                        let (close, on_changed) = (close_hand_form(step.order), props.on_changed.clone());
                        Callback::from(move |detail| {
                            close.emit(());
                            on_changed.emit(detail);
                        })
                    }}
                    on_close={close_hand_form(step.order)}
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
