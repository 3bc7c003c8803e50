//! A plain PatternFly `<select>` of (value, label) choices that can be disabled and marked
//! invalid (patternfly-yew's `FormSelect` can be neither), optionally led by an empty choice.

use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::labelled_field::error_id;

/// One choice; a disabled one is shown but cannot be picked (e.g. a group already joined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub disabled: bool,
}

impl SelectOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            disabled: false,
        }
    }

    pub fn disabled(self, disabled: bool) -> Self {
        Self { disabled, ..self }
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct OptionSelectProps {
    pub id: AttrValue,
    pub options: Vec<SelectOption>,
    /// The chosen value; empty for the `empty` choice.
    pub value: AttrValue,
    /// The label of a first choice whose value is empty ("All roles", "No organisation").
    #[prop_or_default]
    pub empty: Option<AttrValue>,
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    pub onchange: Callback<String>,
}

#[component]
pub fn OptionSelect(props: &OptionSelectProps) -> Html {
    let node = use_node_ref();
    // An option's `selected` attribute no longer counts once the user has chosen: the shown
    // choice follows the value (after a save or a reset) through the element's `value`.
    {
        let node = node.clone();
        use_effect_with(
            (props.value.clone(), props.options.clone()),
            move |(value, _)| {
                if let Some(select) = node.get() {
                    let _ = js_sys::Reflect::set(&select, &"value".into(), &value.as_str().into());
                }
            },
        );
    }
    let oninput = props.onchange.reform(|event: InputEvent| {
        event
            .target()
            .and_then(|target| js_sys::Reflect::get(&target, &"value".into()).ok())
            .and_then(|value| value.as_string())
            .unwrap_or_default()
    });
    let value = props.value.as_str();
    let mut classes = classes!("pf-v6-c-form-control");
    if props.disabled {
        classes.push("pf-m-disabled");
    }
    if props.invalid {
        classes.push("pf-m-error");
    }
    html! {
        <div class={classes}>
            <select
                ref={node}
                id={props.id.clone()}
                name={props.id.clone()}
                disabled={props.disabled}
                aria-label={props.aria_label.clone()}
                aria-invalid={props.invalid.to_string()}
                aria-describedby={props.invalid.then(|| error_id(&props.id))}
                {oninput}
            >
                if let Some(empty) = props.empty.clone() {
                    <option value="" selected={value.is_empty()}>{ empty }</option>
                }
                { for props.options.iter().map(|option| html! {
                    <option
                        value={option.value.clone()}
                        selected={option.value == value}
                        disabled={option.disabled}
                    >
                        { option.label.clone() }
                    </option>
                }) }
            </select>
            <div class="pf-v6-c-form-control__utilities">
                <div class="pf-v6-c-form-control__toggle-icon">{ Icon::CaretDown }</div>
            </div>
        </div>
    }
}
