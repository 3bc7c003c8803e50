//! "Where" on the sign-in screen: this computer's own HyOpps, or the team's HyOpps server.
//! Shown as one line with "Change"; the form checks only that a server has an address, and the
//! backend then checks that HyOpps answers there before anything changes.

use hyopps_contract::ConnectionView;
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{ErrorAlert, TextField};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::workplace::place_text;
use crate::state::WorkplaceForm;

#[derive(Clone, PartialEq, Properties)]
pub struct WorkplaceChoiceProps {
    pub view: ConnectionView,
    /// Called with the new place once the backend has moved the window there.
    pub on_changed: Callback<ConnectionView>,
}

#[component]
pub fn WorkplaceChoice(props: &WorkplaceChoiceProps) -> Html {
    let open = use_state_eq(|| false);
    let form = use_state_eq(|| WorkplaceForm::from_view(&props.view));
    let submission = use_submission();

    let on_change_place = {
        let (open, form, submission) = (open.clone(), form.clone(), submission.clone());
        let view = props.view.clone();
        Callback::from(move |_: MouseEvent| {
            form.set(WorkplaceForm::from_view(&view));
            submission.clear();
            open.set(true);
        })
    };
    if !*open {
        return html! {
            <p id="workplace-line">
                { "Where: " }
                <strong id="workplace-name">{ place_text(&props.view) }</strong>
                { " " }
                <Button id="workplace-change" variant={ButtonVariant::InlineLink} onclick={on_change_place}>
                    { "Change" }
                </Button>
            </p>
        };
    }

    let edit = |change: fn(&mut WorkplaceForm, String)| {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            change(&mut next, value);
            form.set(next);
        })
    };
    let choose = |on_server: bool| {
        let form = form.clone();
        Callback::from(move |_: Event| {
            form.set(WorkplaceForm {
                on_server,
                ..(*form).clone()
            })
        })
    };
    let on_browse = {
        let (form, submission) = (form.clone(), submission.clone());
        Callback::from(move |_: MouseEvent| {
            let (form, submission) = (form.clone(), submission.clone());
            spawn_local(async move {
                match ipc::choose_certificate_authority().await {
                    Ok(Some(path)) => form.set(WorkplaceForm {
                        ca_file: path,
                        ..(*form).clone()
                    }),
                    Ok(None) => {}
                    Err(error) => submission.fail(error),
                }
            });
        })
    };
    let on_use = {
        let (form, submission, open) = (form.clone(), submission.clone(), open.clone());
        let on_changed = props.on_changed.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match form.validate() {
                Ok(workplace) => {
                    let (on_changed, open) = (on_changed.clone(), open.clone());
                    submission.run(
                        async move { ipc::choose_workplace(&workplace).await },
                        move |view| {
                            open.set(false);
                            on_changed.emit(view);
                        },
                    );
                }
                Err(errors) => submission.refuse(errors),
            }
        })
    };
    let on_cancel = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };

    html! {
        <Form id="workplace-form" onsubmit={on_use}>
            <Title level={Level::H3} size={Size::Medium}>{ "Where HyOpps works" }</Title>
            if let Some(error) = submission.error() {
                <ErrorAlert id="workplace-error" {error} />
            }
            <div role="radiogroup" aria-label="Where HyOpps works">
                { radio("workplace-this-computer", "This computer", "Its own database; nobody else sees it.", !form.on_server, choose(false)) }
                { radio("workplace-server", "A HyOpps server", "The team's shared HyOpps: the same executions on every desk.", form.on_server, choose(true)) }
            </div>
            if form.on_server {
                <TextField
                    id="workplace-url"
                    label="Server address"
                    value={form.url.clone()}
                    onchange={edit(|f, v| f.url = v)}
                    r#type={TextInputType::Url}
                    autofocus=true
                    error={submission.field("url")}
                />
                <TextField
                    id="workplace-ca-file"
                    label="Certificate authority file (only for a company's own authority)"
                    value={form.ca_file.clone()}
                    onchange={edit(|f, v| f.ca_file = v)}
                    error={submission.field("ca_file")}
                />
                <Button id="workplace-ca-browse" variant={ButtonVariant::Secondary} onclick={on_browse}>
                    { "Choose file…" }
                </Button>
            }
            <ActionGroup>
                <Button
                    id="workplace-use"
                    r#type={ButtonType::Submit}
                    variant={ButtonVariant::Primary}
                    disabled={submission.is_pending()}
                    loading={submission.is_pending()}
                >
                    { if form.on_server { "Connect" } else { "Use this computer" } }
                </Button>
                <Button id="workplace-cancel" variant={ButtonVariant::Link} onclick={on_cancel}>
                    { "Cancel" }
                </Button>
            </ActionGroup>
        </Form>
    }
}

/// One PatternFly radio with its description.
fn radio(
    id: &'static str,
    label: &str,
    description: &str,
    checked: bool,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="pf-v6-c-radio">
            <input class="pf-v6-c-radio__input" type="radio" name="workplace" {id} {checked} {onchange} />
            <label class="pf-v6-c-radio__label" for={id}>{ label.to_owned() }</label>
            <span class="pf-v6-c-radio__description">{ description.to_owned() }</span>
        </div>
    }
}
