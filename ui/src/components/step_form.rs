//! The form of the step that waits for input, rendered from the backend's description of it
//! (`StepForm`): any step's form looks and behaves the same way.

use std::rc::Rc;

use hyopps_contract::{
    ExecutionDetail, FieldKind, FieldOption, FormField, PreviewRequest, StepForm,
    SubmitInputRequest, WireError,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::labelled_field::error_id;
use super::{ErrorAlert, FieldError, LabelledField, WorkflowPreviewView};
use crate::ipc;
use crate::state::{FieldErrors, FormEdit, FormState};

impl Reducible for FormState {
    type Action = FormEdit;

    fn reduce(self: Rc<Self>, edit: FormEdit) -> Rc<Self> {
        Rc::new(self.apply(edit))
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct StepFormViewProps {
    pub execution_id: AttrValue,
    pub form: StepForm,
    /// The backend accepted the input; carries the execution as it is now.
    pub on_submitted: Callback<ExecutionDetail>,
}

/// Mount it with a `key` per execution and step: a new step's form starts from its own
/// initial values.
#[component]
pub fn StepFormView(props: &StepFormViewProps) -> Html {
    let values = {
        let form = props.form.clone();
        use_reducer_eq(move || FormState::new(&form))
    };
    let field_errors = use_state_eq(FieldErrors::new);
    let error = use_state_eq(|| None::<WireError>);
    let pending = use_state_eq(|| false);

    let onsubmit = {
        let (values, field_errors, error, pending) = (
            values.clone(),
            field_errors.clone(),
            error.clone(),
            pending.clone(),
        );
        let (form, execution_id) = (props.form.clone(), props.execution_id.to_string());
        let on_submitted = props.on_submitted.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *pending {
                return;
            }
            let input = match values.to_input(&form) {
                Ok(input) => input,
                Err(errors) => {
                    field_errors.set(errors);
                    error.set(None);
                    return;
                }
            };
            field_errors.set(FieldErrors::new());
            error.set(None);
            pending.set(true);
            let request = SubmitInputRequest {
                execution_id: execution_id.clone(),
                input,
                // Of two people answering this step, the second is told who was first.
                step_order: Some(form.step_order),
            };
            let (field_errors, error, pending) =
                (field_errors.clone(), error.clone(), pending.clone());
            let on_submitted = on_submitted.clone();
            spawn_local(async move {
                let result = ipc::submit_step_input(&request).await;
                pending.set(false);
                match result {
                    Ok(detail) => on_submitted.emit(detail),
                    Err(e) => {
                        field_errors.set(FieldErrors::from_wire(&e));
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    let edit = values.dispatcher();
    let edit = Callback::from(move |change: FormEdit| edit.dispatch(change));
    let form = &props.form;
    // The answers as they stand, once complete enough to send: the preview uses them.
    let preview = values
        .to_input(form)
        .ok()
        .map(|draft| PreviewRequest::Execution {
            execution_id: props.execution_id.to_string(),
            draft: Some(draft),
        });

    html! {
        <Card id="step-form">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ form.title.clone() }</Title>
            </CardTitle>
            <CardBody>
                if !form.instructions.is_empty() {
                    <ol id="step-form-instructions" class="pf-v6-c-list pf-v6-u-mb-md">
                        { for form.instructions.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                    </ol>
                }
                <Form {onsubmit}>
                    if let Some(error) = (*error).clone() {
                        <ErrorAlert id="step-form-error" {error} />
                    }
                    { for form.fields.iter().map(|field| field_view(
                        field,
                        &values,
                        field_errors.get(&field.name).map(|m| AttrValue::from(m.to_owned())),
                        &edit,
                        *pending,
                    )) }
                    <ActionGroup>
                        <Button
                            id="step-form-submit"
                            r#type={ButtonType::Submit}
                            variant={ButtonVariant::Primary}
                            disabled={*pending}
                            loading={*pending}
                        >
                            { form.submit_label.clone() }
                        </Button>
                    </ActionGroup>
                </Form>
                <WorkflowPreviewView id="step-form-preview" request={preview} />
            </CardBody>
        </Card>
    }
}

fn field_id(field: &FormField) -> AttrValue {
    AttrValue::from(format!("field-{}", field.name))
}

fn text_edit(field: &FormField, edit: &Callback<FormEdit>) -> Callback<String> {
    let name = field.name.clone();
    edit.reform(move |value| FormEdit::Text {
        field: name.clone(),
        value,
    })
}

fn input_state(error: &Option<AttrValue>) -> InputState {
    match error {
        Some(_) => InputState::Error,
        None => InputState::Default,
    }
}

/// One field, by its kind.
fn field_view(
    field: &FormField,
    values: &FormState,
    error: Option<AttrValue>,
    edit: &Callback<FormEdit>,
    disabled: bool,
) -> Html {
    let id = field_id(field);
    let help = field.help.clone().map(AttrValue::from);
    let described = error.as_ref().map(|_| error_id(&id));
    let value = AttrValue::from(values.text(&field.name).to_owned());
    let control = match &field.kind {
        FieldKind::Checkbox => return checkbox_view(field, values, error, edit, disabled),
        FieldKind::Text | FieldKind::Email | FieldKind::Tags => {
            let r#type = match field.kind {
                FieldKind::Email => TextInputType::Email,
                _ => TextInputType::Text,
            };
            html! {
                <TextInput
                    id={id.clone()}
                    name={id.clone()}
                    {value}
                    onchange={text_edit(field, edit)}
                    {r#type}
                    state={input_state(&error)}
                    aria_describedby={described}
                    {disabled}
                />
            }
        }
        FieldKind::TextArea => html! {
            <TextArea
                id={id.clone()}
                name={id.clone()}
                value={value.to_string()}
                onchange={text_edit(field, edit)}
                state={input_state(&error)}
                rows={4}
                {disabled}
            />
        },
        FieldKind::Select { options } => select_view(field, options, values, edit, disabled),
        FieldKind::MultiSelect { options } => {
            multi_select_view(field, options, values, edit, disabled)
        }
    };
    // Tags are typed as one line; say how to separate them, unless the hint already does.
    let help = match (&field.kind, help) {
        (FieldKind::Tags, Some(help)) if help.to_lowercase().contains("comma") => Some(help),
        (FieldKind::Tags, Some(help)) => Some(AttrValue::from(format!(
            "{help} Separate several with commas."
        ))),
        (FieldKind::Tags, None) => Some(AttrValue::from("Separate several with commas.")),
        (_, help) => help,
    };
    let group = matches!(field.kind, FieldKind::MultiSelect { .. });
    html! {
        <LabelledField
            {id}
            label={field.label.clone()}
            required={field.required}
            {help}
            {error}
            {group}
        >
            { control }
        </LabelledField>
    }
}

fn select_view(
    field: &FormField,
    options: &[FieldOption],
    values: &FormState,
    edit: &Callback<FormEdit>,
    disabled: bool,
) -> Html {
    let name = field.name.clone();
    let onchange = edit.reform(move |value: Option<String>| FormEdit::Text {
        field: name.clone(),
        value: value.unwrap_or_default(),
    });
    let value = Some(values.text(&field.name).to_owned()).filter(|v| !v.is_empty());
    html! {
        <FormSelect<String>
            id={field_id(field)}
            name={field_id(field)}
            {value}
            {onchange}
            placeholder="Choose…"
            {disabled}
        >
            { for options.iter().map(|option| html_nested! {
                <FormSelectOption<String>
                    value={option.value.clone()}
                    description={option.label.clone()}
                />
            }) }
        </FormSelect<String>>
    }
}

fn multi_select_view(
    field: &FormField,
    options: &[FieldOption],
    values: &FormState,
    edit: &Callback<FormEdit>,
    disabled: bool,
) -> Html {
    let id = field_id(field);
    html! {
        <div id={id.clone()} role="group" aria-labelledby={format!("{id}-label")}>
            { for options.iter().map(|option| {
                let (name, value) = (field.name.clone(), option.value.clone());
                let onchange = edit.reform(move |state: CheckboxState| FormEdit::Choose {
                    field: name.clone(),
                    option: value.clone(),
                    chosen: state.into(),
                });
                html! {
                    <Checkbox
                        id={format!("{id}-{}", option.value)}
                        label={option.label.clone()}
                        checked={values.is_chosen(&field.name, &option.value)}
                        {onchange}
                        {disabled}
                    />
                }
            }) }
        </div>
    }
}

/// A confirmation: the field's label is the checkbox's own label.
fn checkbox_view(
    field: &FormField,
    values: &FormState,
    error: Option<AttrValue>,
    edit: &Callback<FormEdit>,
    disabled: bool,
) -> Html {
    let id = field_id(field);
    let name = field.name.clone();
    let onchange = edit.reform(move |state: CheckboxState| FormEdit::Check {
        field: name.clone(),
        checked: state.into(),
    });
    html! {
        <div class="pf-v6-c-form__group">
            <div class="pf-v6-c-form__group-control">
                <Checkbox
                    id={id.to_string()}
                    label={field.label.clone()}
                    required={field.required}
                    checked={values.is_checked(&field.name)}
                    description={field.help.clone().map(|help| html! { { help } })}
                    {onchange}
                    {disabled}
                />
                <FieldError id={error_id(&id)} message={error} />
            </div>
        </div>
    }
}
