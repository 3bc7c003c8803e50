//! A list's search box. What is typed stays here until Enter applies it, so the list is not
//! asked again on every key (a list that also searches as typed listens to `on_typed`).

use patternfly_yew::prelude::*;
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct SearchFormProps {
    /// The input's id; the form's is `<id>-form`.
    pub id: AttrValue,
    pub placeholder: AttrValue,
    /// A label for screen readers, where nothing visible names the box.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// Enter: the text as typed.
    pub on_apply: Callback<String>,
    /// Every change of the text.
    #[prop_or_default]
    pub on_typed: Option<Callback<String>>,
}

#[component]
pub fn SearchForm(props: &SearchFormProps) -> Html {
    let typed = use_state_eq(String::new);
    let onchange = {
        let (typed, on_typed) = (typed.clone(), props.on_typed.clone());
        Callback::from(move |value: String| {
            typed.set(value.clone());
            if let Some(on_typed) = &on_typed {
                on_typed.emit(value);
            }
        })
    };
    let onsubmit = {
        let (typed, on_apply) = (typed.clone(), props.on_apply.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_apply.emit((*typed).clone());
        })
    };
    html! {
        <form id={format!("{}-form", props.id)} {onsubmit}>
            if let Some(label) = props.label.clone() {
                <label class="pf-v6-screen-reader" for={props.id.clone()}>{ label }</label>
            }
            <TextInput
                id={props.id.clone()}
                r#type={TextInputType::Search}
                value={(*typed).clone()}
                {onchange}
                placeholder={props.placeholder.clone()}
            />
        </form>
    }
}
