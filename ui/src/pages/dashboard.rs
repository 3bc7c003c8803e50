//! The admin's start screen. Its panels fill up once executions exist; until then each says
//! plainly that there is nothing there.

use hyopps_contract::CurrentUser;
use patternfly_yew::prelude::*;
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct DashboardPageProps {
    pub user: CurrentUser,
}

#[component]
pub fn DashboardPage(props: &DashboardPageProps) -> Html {
    html! {
        <div id="page-dashboard">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Dashboard" }</Title>
                <p id="dashboard-welcome" class="pf-v6-u-mt-sm">
                    { format!("Signed in as {}", props.user.display_name) }
                </p>
            </PageSection>
            <PageSection>
                <Gallery gutter=true>
                    <Panel id="dashboard-awaiting" title="Awaiting input" body="No executions are waiting for input." />
                    <Panel id="dashboard-failed" title="Failed" body="No executions have a failed step." />
                    <Panel id="dashboard-completed" title="Recently completed" body="No executions have completed yet." />
                </Gallery>
            </PageSection>
        </div>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct PanelProps {
    id: AttrValue,
    title: AttrValue,
    body: AttrValue,
}

#[component]
fn Panel(props: &PanelProps) -> Html {
    html! {
        <Card id={props.id.clone()}>
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ props.title.clone() }</Title>
            </CardTitle>
            <CardBody>{ props.body.clone() }</CardBody>
        </Card>
    }
}
