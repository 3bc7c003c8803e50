//! The centred card of the sign-in and set-password screens (PatternFly's login layout).

use patternfly_yew::prelude::*;
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct AuthCardProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub description: AttrValue,
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub footer: Html,
}

#[component]
pub fn AuthCard(props: &AuthCardProps) -> Html {
    let header = html! {
        <Title level={Level::H1} size={Size::XXXLarge}>{ "HyOpps" }</Title>
    };
    html! {
        <Login header={header}>
            <LoginMain>
                <LoginMainHeader
                    title={html_nested! { <Title size={Size::XXLarge}>{ props.title.clone() }</Title> }}
                    description={props.description.to_string()}
                />
                <LoginMainBody>{ props.children.clone() }</LoginMainBody>
                <LoginMainFooter>{ props.footer.clone() }</LoginMainFooter>
            </LoginMain>
        </Login>
    }
}
