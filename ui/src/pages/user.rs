//! One user: who they are, their details form, setting their password, what they were given
//! (grants, Studio, Metabase id), their live Metabase account, and deleting them. Every change
//! answers with the user as stored, which the page shows at once.

use hyopps_contract::{AppRole, UserDetail, UserIdRequest, WireError};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use crate::components::{
    async_view, SelectOption, TimeText, UserAccess, UserAccessCheck, UserDelete, UserDetailsForm,
    UserMetabase, UserMove, UserOffboard, UserPasswordForm,
};
use crate::hooks::use_load;
use crate::ipc;
use crate::route::AppRoute;
use crate::state::execution_list::or_dash;
use crate::state::time::from_millis;
use crate::state::users::is_locked;
use crate::state::Async;

use super::users::organization_options;

#[derive(Clone, PartialEq, Properties)]
pub struct UserPageProps {
    /// The user's id, from the route.
    pub id: AttrValue,
}

#[component]
pub fn UserPage(props: &UserPageProps) -> Html {
    let detail = use_load(props.id.to_string(), |user_id: String| {
        let request = UserIdRequest { user_id };
        async move { ipc::get_user(&request).await }
    });
    // The organisation select's choices; without them the form still shows the user's own.
    let organizations = use_load((), |()| ipc::organization_options());
    let (choices, choices_error) = match &organizations.state {
        Async::Ready(page) => (organization_options(page), None),
        Async::Failed(error) => (Vec::new(), Some(error.clone())),
        Async::Pending => (Vec::new(), None),
    };

    let set = detail.set.clone();
    let body = async_view(&detail.state, Some(detail.reload.clone()), |d| {
        view(d, set, choices, choices_error)
    });
    html! {
        <div id="page-user">
            <PageSection>
                <Link<AppRoute> id="user-back" to={AppRoute::users()}>{ "← Users" }</Link<AppRoute>>
            </PageSection>
            { body }
        </div>
    }
}

fn view(
    detail: &UserDetail,
    on_changed: Callback<UserDetail>,
    organizations: Vec<SelectOption>,
    organizations_error: Option<WireError>,
) -> Html {
    let locked = is_locked(
        detail.locked_until.as_deref(),
        from_millis(js_sys::Date::now()),
    );
    let password = match (detail.has_password, detail.must_change_password) {
        (false, _) => "Not set: cannot sign in",
        (true, true) => "Set; must be changed at next sign-in",
        (true, false) => "Set",
    };
    html! {
        <>
            <PageSection>
                <div class="pf-v6-l-flex pf-m-align-items-center">
                    <Title level={Level::H1} size={Size::XXLarge}>
                        <span id="user-header-name">{ detail.display_name.clone() }</span>
                    </Title>
                    <span id="user-header-role" data-role={detail.app_role.as_str()}>
                        <Label label={detail.app_role.label()} color={Color::Blue} compact=true />
                    </span>
                    if locked {
                        <span id="user-header-locked" data-locked="true">
                            <Label label="Locked" color={Color::Red} compact=true />
                        </span>
                    }
                    <div class="pf-v6-u-ml-auto pf-v6-l-flex pf-m-gap-sm">
                        // Only a partner organisation's person has access HyOpps gave to take back.
                        if let Some(organization_id) = detail.organization_id.clone().filter(|_| detail.app_role != AppRole::Admin) {
                            <UserMove user_id={detail.id.clone()} name={detail.display_name.clone()}
                                {organization_id} organizations={organizations.clone()} />
                            <UserOffboard user_id={detail.id.clone()} name={detail.display_name.clone()} />
                        }
                        <UserDelete user_id={detail.id.clone()} />
                    </div>
                </div>
                <p id="user-header-email" class="pf-v6-u-mt-sm">{ detail.email.clone() }</p>
                <div class="pf-v6-u-mt-md">
                    <DescriptionList id="user-facts" compact=true mode={WithBreakpoints::from(DescriptionListMode::Horizontal)}>
                        <DescriptionGroup term="Organisation">{ or_dash(&detail.organization_name) }</DescriptionGroup>
                        <DescriptionGroup term="Password">
                            <span id="user-facts-password" data-password={detail.has_password.to_string()}
                                data-must-change={detail.must_change_password.to_string()}>
                                { password }
                            </span>
                        </DescriptionGroup>
                        if let Some(at) = detail.locked_until.clone().filter(|_| locked) {
                            <DescriptionGroup term="Locked until"><TimeText {at} /></DescriptionGroup>
                        }
                        <DescriptionGroup term="Created"><TimeText at={detail.created_at.clone()} /></DescriptionGroup>
                        <DescriptionGroup term="Updated"><TimeText at={detail.updated_at.clone()} /></DescriptionGroup>
                        <DescriptionGroup term="User id"><code>{ detail.id.clone() }</code></DescriptionGroup>
                    </DescriptionList>
                </div>
            </PageSection>
            <PageSection>
                <Grid gutter=true>
                    <GridItem cols={[12.all(), 7.lg()]}>
                        <UserDetailsForm detail={detail.clone()} {organizations} {organizations_error}
                            on_saved={on_changed.clone()} />
                    </GridItem>
                    <GridItem cols={[12.all(), 5.lg()]}>
                        <UserPasswordForm user_id={detail.id.clone()} display_name={detail.display_name.clone()}
                            on_saved={on_changed} />
                    </GridItem>
                </Grid>
            </PageSection>
            <PageSection>
                <UserAccess detail={detail.clone()} />
            </PageSection>
            // Only a partner organisation's person was given access to check.
            if detail.organization_id.is_some() && detail.app_role != AppRole::Admin {
                <PageSection>
                    <UserAccessCheck user_id={detail.id.clone()} />
                </PageSection>
            }
            <PageSection>
                <UserMetabase user_id={detail.id.clone()} display_name={detail.display_name.clone()} />
            </PageSection>
        </>
    }
}
