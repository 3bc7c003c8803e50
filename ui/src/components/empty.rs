//! Honest empty states: what will appear here, never invented rows or numbers.

use patternfly_yew::prelude::*;
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct EmptyProps {
    pub title: AttrValue,
    /// One sentence saying what will be listed here.
    pub body: AttrValue,
}

#[component]
pub fn Empty(props: &EmptyProps) -> Html {
    html! {
        <EmptyState title={props.title.to_string()} icon={Icon::Cubes} size={Size::Small}>
            { props.body.clone() }
        </EmptyState>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct EmptyPageProps {
    /// Element id of the page root.
    pub id: AttrValue,
    pub heading: AttrValue,
    pub title: AttrValue,
    pub body: AttrValue,
}

/// A screen whose content arrives in a later release: its heading and an empty state.
#[component]
pub fn EmptyPage(props: &EmptyPageProps) -> Html {
    html! {
        <div id={props.id.clone()}>
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ props.heading.clone() }</Title>
            </PageSection>
            <PageSection>
                <Empty title={props.title.clone()} body={props.body.clone()} />
            </PageSection>
        </div>
    }
}
