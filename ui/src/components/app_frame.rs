//! The signed-in frame: masthead (name, role, sign out), role-specific sidebar, content.

use hyopps_contract::SessionInfo;
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use super::{ConnectionBanner, ErrorAlert, JumpDialog, NavRouteLink, ServerName};
use crate::hooks::{use_menu_actions, use_sign_out, use_window_title};
use crate::route::AppRoute;
use crate::state::nav::home_route;
use crate::state::{nav_entries, screen_title};

#[derive(Clone, PartialEq, Properties)]
pub struct AppFrameProps {
    pub session: SessionInfo,
    /// Called once the backend has ended the session.
    pub on_signed_out: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn AppFrame(props: &AppFrameProps) -> Html {
    // The next account to sign in starts on its home screen, not on the last one's page.
    let router = use_router::<AppRoute>();
    let user = &props.session.user;
    let route = router
        .as_ref()
        .and_then(|router| router.active().clone())
        .unwrap_or_else(|| home_route(user.app_role));
    use_window_title(screen_title(&route, user.app_role));
    let menu = use_menu_actions(user.app_role);
    let on_signed_out = {
        let on_signed_out = props.on_signed_out.clone();
        Callback::from(move |()| {
            if let Some(router) = &router {
                router.push(AppRoute::Dashboard);
            }
            on_signed_out.emit(());
        })
    };
    let sign_out = use_sign_out(on_signed_out);

    let brand = html! {
        <MastheadBrand>
            <Title level={Level::H2} size={Size::XLarge}>{ "HyOpps" }</Title>
        </MastheadBrand>
    };

    let tools = html! {
        <Toolbar full_height=true>
            <ToolbarContent>
                <ToolbarGroup modifiers={[ToolbarElementModifier::End]} align_items={ToolbarAlignment::Center}>
                    <ToolbarItem>
                        <ServerName />
                    </ToolbarItem>
                    <ToolbarItem>
                        <span id="signed-in-user">{ user.display_name.clone() }</span>
                    </ToolbarItem>
                    <ToolbarItem>
                        <Label label={user.app_role.label()} color={Color::Blue} compact=true />
                    </ToolbarItem>
                    <ToolbarItem>
                        <Button
                            id="sign-out"
                            variant={ButtonVariant::Secondary}
                            onclick={sign_out.trigger.reform(|_| ())}
                            disabled={sign_out.pending}
                        >
                            { "Sign out" }
                        </Button>
                    </ToolbarItem>
                </ToolbarGroup>
            </ToolbarContent>
        </Toolbar>
    };

    let sidebar = html_nested! {
        <PageSidebar>
            <Nav>
                <NavList>
                    { for nav_entries(user.app_role).iter().map(|entry| html! {
                        <NavRouteLink id={entry.id} to={entry.route.clone()}>{ entry.label }</NavRouteLink>
                    }) }
                </NavList>
            </Nav>
        </PageSidebar>
    };

    html! {
        <Page id="app-frame" {brand} {tools} {sidebar}>
            <ConnectionBanner />
            if let Some(error) = sign_out.error.clone() {
                <PageSection>
                    <ErrorAlert id="sign-out-error" {error} />
                </PageSection>
            }
            // Keyed on the refreshes: "Refresh" (F5) builds the screen anew, which reads it again.
            <div key={menu.refreshes} class="hyopps-screen">
                { props.children.clone() }
            </div>
            if menu.jump_open {
                <JumpDialog on_close={menu.close_jump.clone()} />
            }
        </Page>
    }
}
