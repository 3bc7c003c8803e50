//! A Studio company's three inputs (name, Studio id, environment), the same when adding one
//! and when editing one. Ids are `<id_prefix>-name`, `-studio_id`, `-environment`, after
//! the request's field names, and their errors `<input id>-error`.

use hyopps_contract::StudioEnvironment;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{LabelledField, TextField};
use crate::hooks::Submission;
use crate::state::organisations::StudioCompanyForm;

#[derive(Clone, PartialEq, Properties)]
pub struct StudioCompanyFieldsProps {
    pub id_prefix: AttrValue,
    pub form: StudioCompanyForm,
    pub on_change: Callback<StudioCompanyForm>,
    pub errors: FieldMessages,
    #[prop_or_default]
    pub busy: bool,
}

/// The messages under the three inputs.
#[derive(Clone, Default, PartialEq)]
pub struct FieldMessages {
    pub name: Option<AttrValue>,
    pub studio_id: Option<AttrValue>,
    pub environment: Option<AttrValue>,
}

impl FieldMessages {
    pub fn of(submission: &Submission) -> Self {
        Self {
            name: submission.field("name"),
            studio_id: submission.field("studio_id"),
            environment: submission.field("environment"),
        }
    }
}

#[component]
pub fn StudioCompanyFields(props: &StudioCompanyFieldsProps) -> Html {
    let id = |field: &str| AttrValue::from(format!("{}-{field}", props.id_prefix));
    let change = |edit: fn(&mut StudioCompanyForm, String)| {
        let (form, on_change) = (props.form.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            let mut next = form.clone();
            edit(&mut next, value);
            on_change.emit(next);
        })
    };
    let on_environment = {
        let (form, on_change) = (props.form.clone(), props.on_change.clone());
        Callback::from(move |value: Option<String>| {
            if let Some(environment) = value.as_deref().and_then(StudioEnvironment::parse) {
                on_change.emit(StudioCompanyForm {
                    environment,
                    ..form.clone()
                });
            }
        })
    };
    html! {
        <div class="pf-v6-l-grid pf-m-gutter pf-m-all-4-col-on-md">
            <div class="pf-v6-l-grid__item">
                <TextField id={id("name")} label="Name" value={props.form.name.clone()}
                    onchange={change(|form, value| form.name = value)}
                    error={props.errors.name.clone()} disabled={props.busy} />
            </div>
            <div class="pf-v6-l-grid__item">
                <TextField id={id("studio_id")} label="Studio id" value={props.form.studio_id.clone()}
                    onchange={change(|form, value| form.studio_id = value)}
                    error={props.errors.studio_id.clone()} disabled={props.busy} />
            </div>
            <div class="pf-v6-l-grid__item">
                <LabelledField id={id("environment")} label="Environment" error={props.errors.environment.clone()}>
                    <FormSelect<String>
                        id={id("environment")}
                        name={id("environment")}
                        value={Some(props.form.environment.as_str().to_owned())}
                        onchange={on_environment}
                    >
                        { for StudioEnvironment::ALL.iter().map(|environment| html_nested! {
                            <FormSelectOption<String>
                                value={environment.as_str().to_owned()}
                                description={environment.label().to_owned()}
                            />
                        }) }
                    </FormSelect<String>>
                </LabelledField>
            </div>
        </div>
    }
}
