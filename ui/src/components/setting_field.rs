//! One integration setting's input, by its kind, and a system's secret input.
//!
//! Choices are an `OptionSelect`: patternfly-yew's `FormSelect` cannot be disabled, and a
//! setting managed by `hyopps.toml` must be.

use hyopps_contract::{SecretSource, SecretView, SettingFieldView, SettingKind};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::labelled_field::error_id;
use super::{LabelledField, OptionSelect, SelectOption};
use crate::state::integration_settings::{field_id, secret_id, secret_placeholder};

#[derive(Clone, PartialEq, Properties)]
pub struct SettingInputProps {
    pub system: AttrValue,
    pub field: SettingFieldView,
    /// The value as edited.
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Something runs (a save, a test): nothing changes meanwhile.
    #[prop_or_default]
    pub busy: bool,
    pub onchange: Callback<String>,
}

#[component]
pub fn SettingInput(props: &SettingInputProps) -> Html {
    let field = &props.field;
    let id = AttrValue::from(field_id(&props.system, &field.key));
    let disabled = field.managed || props.busy;
    let state = match props.error {
        Some(_) => InputState::Error,
        None => InputState::Default,
    };
    let placeholder = field
        .default_value
        .as_ref()
        .filter(|default| !default.is_empty())
        .map(|default| AttrValue::from(format!("Default: {default}")));
    let described = props.error.as_ref().map(|_| error_id(&id));
    let text = |inputmode: Option<&'static str>| {
        html! {
            <TextInput
                id={id.clone()}
                name={id.clone()}
                value={props.value.clone()}
                onchange={props.onchange.clone()}
                inputmode={inputmode.map(AttrValue::from)}
                placeholder={placeholder.clone()}
                required={field.required}
                {disabled}
                {state}
                aria_describedby={described.clone()}
            />
        }
    };
    let control = match &field.kind {
        SettingKind::Text => text(None),
        SettingKind::Url => text(Some("url")),
        SettingKind::Email => text(Some("email")),
        SettingKind::Number => text(Some("numeric")),
        SettingKind::Multiline => html! {
            <TextArea
                id={id.clone()}
                name={id.clone()}
                value={props.value.to_string()}
                onchange={props.onchange.clone()}
                placeholder={placeholder.clone()}
                required={field.required}
                rows={4}
                {disabled}
                {state}
            />
        },
        SettingKind::Choice { options } => html! {
            <OptionSelect
                id={id.clone()}
                options={choice_options(options, &props.value)}
                value={props.value.clone()}
                empty={placeholder.clone().unwrap_or(AttrValue::Static("Choose…"))}
                invalid={props.error.is_some()}
                {disabled}
                onchange={props.onchange.clone()}
            />
        },
    };
    let help = Some(field.help.clone())
        .filter(|help| !help.is_empty())
        .map(AttrValue::from);
    html! {
        <LabelledField
            id={id.clone()}
            label={field.label.clone()}
            required={field.required}
            {help}
            error={props.error.clone()}
        >
            { control }
            if field.managed {
                <div class="pf-v6-c-form__helper-text">
                    <HelperText>
                        <HelperTextItem id={format!("{id}-managed")} variant={HelperTextItemVariant::Intermediate}>
                            { "Set by hyopps.toml" }
                        </HelperTextItem>
                    </HelperText>
                </div>
            }
        </LabelledField>
    }
}

/// A choice setting's options, each shown as its value. A value they do not know (an older
/// setting) stays visible rather than vanishing.
fn choice_options(options: &[String], value: &str) -> Vec<SelectOption> {
    let unknown =
        (!value.is_empty() && !options.iter().any(|o| o == value)).then(|| value.to_owned());
    options
        .iter()
        .chain(unknown.iter())
        .map(|option| SelectOption::new(option.clone(), option.clone()))
        .collect()
}

#[derive(Clone, PartialEq, Properties)]
pub struct SecretInputProps {
    pub system: AttrValue,
    pub secret: SecretView,
    /// What is typed (never a stored secret: the backend does not send it).
    pub typed: AttrValue,
    /// "Remove" was pressed: the keychain's secret goes on the next save.
    pub removing: bool,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub busy: bool,
    pub ontype: Callback<String>,
    /// Pressed "Remove" (true) or its undo (false).
    pub onremove: Callback<bool>,
}

#[component]
pub fn SecretInput(props: &SecretInputProps) -> Html {
    let secret = &props.secret;
    let id = AttrValue::from(secret_id(&props.system));
    let from_environment = secret.source == SecretSource::Environment;
    let help = match secret.source {
        SecretSource::Environment => format!(
            "{} is set in HyOpps's environment and wins over the keychain; change it there.",
            secret.environment_variable
        ),
        _ => format!(
            "Kept in the system keychain, never shown. {} in the environment would override it.",
            secret.environment_variable
        ),
    };
    let state = match props.error {
        Some(_) => InputState::Error,
        None => InputState::Default,
    };
    let input = html! {
        <TextInput
            id={id.clone()}
            name={id.clone()}
            r#type={TextInputType::Password}
            value={props.typed.clone()}
            onchange={props.ontype.clone()}
            placeholder={secret_placeholder(secret, props.removing)}
            // Not the sign-in password: keeps the browser from filling one in.
            autocomplete="new-password"
            disabled={from_environment || props.busy}
            {state}
            aria_describedby={props.error.as_ref().map(|_| error_id(&id))}
        />
    };
    let control = if secret.source == SecretSource::Keychain {
        let removing = props.removing;
        let onclick = props.onremove.reform(move |_: MouseEvent| !removing);
        html! {
            <InputGroup>
                <InputGroupItem fill=true>{ input }</InputGroupItem>
                <InputGroupItem>
                    <Button
                        id={format!("{id}-remove")}
                        variant={ButtonVariant::Link}
                        {onclick}
                        disabled={props.busy}
                    >
                        { if removing { "Keep it" } else { "Remove" } }
                    </Button>
                </InputGroupItem>
            </InputGroup>
        }
    } else {
        input
    };
    html! {
        <LabelledField
            {id}
            label={secret.label.clone()}
            required={secret.required}
            help={AttrValue::from(help)}
            error={props.error.clone()}
        >
            { control }
        </LabelledField>
    }
}
