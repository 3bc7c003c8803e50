//! Users: everyone with an account, searched, filtered by organisation (or none) and role, a
//! page at a time; a name opens the user. "Export CSV…" saves what the filters show.

use hyopps_contract::{OrganizationRow, Page};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{
    async_view, filter_change, CsvExportButton, EmptyText, ExportSource, ListResults, OptionSelect,
    SearchForm, SelectOption, UsersTable,
};
use crate::history_note::{read_note, take_note, DELETED_USER, USERS_OF_ORGANISATION};
use crate::hooks::use_load;
use crate::ipc;
use crate::state::users::{role_options, UserListFilter, NO_ORGANISATION};

const RESULTS: ListResults = ListResults {
    id_prefix: "users",
    empty_id: None,
    nothing_yet: EmptyText {
        title: "No users yet.",
        body:
            "People added by new_partner_user, or imported from HyOpps v0.3, will be listed here.",
    },
    nothing_matches: EmptyText {
        title: "No users match these filters.",
        body: "Change or clear the search, organisation or role to see other users.",
    },
};

#[component]
pub fn UsersPage() -> Html {
    // An organisation's page opens this list on its people.
    let filter = use_state_eq(|| {
        read_note(USERS_OF_ORGANISATION)
            .map(UserListFilter::of_organization)
            .unwrap_or_default()
    });
    // Said once, by the user page that just deleted someone.
    let deleted = use_state(|| take_note(DELETED_USER));
    let page = use_load((*filter).clone(), |filter: UserListFilter| {
        let request = filter.to_request();
        async move { ipc::list_users(&request).await }
    });
    // Only for the organisation filter's choices; without them the list still works.
    let organizations = use_load((), |()| ipc::organization_options());

    let on_organization = filter_change(&filter, |f, id: String| f.with_organization(Some(id)));
    let on_role = filter_change(&filter, |f, role: String| f.with_role(Some(role)));
    let on_search = filter_change(&filter, |f, search: String| f.with_search(&search));
    let go_to = filter_change(&filter, UserListFilter::with_page);

    let narrowed = filter.is_narrowed();
    let list = async_view(&page.state, Some(page.reload.clone()), |result| {
        RESULTS.view(
            result,
            narrowed,
            &go_to,
            |items| html! { <UsersTable {items} /> },
        )
    });
    let organization_choices: Vec<_> =
        std::iter::once(SelectOption::new(NO_ORGANISATION, "No organisation"))
            .chain(
                organizations
                    .state
                    .ready()
                    .map(organization_options)
                    .unwrap_or_default(),
            )
            .collect();
    let roles: Vec<_> = role_options()
        .into_iter()
        .map(|(value, label)| SelectOption::new(value, label))
        .collect();

    html! {
        <div id="page-users">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Users" }</Title>
                if let Some(message) = (*deleted).clone() {
                    <div id="users-deleted" class="pf-v6-u-mt-md" role="status">
                        <Alert inline=true r#type={AlertType::Success} title={message} />
                    </div>
                }
            </PageSection>
            <PageSection>
                <div class="pf-v6-l-flex pf-m-align-items-flex-start">
                    <div>
                        <SearchForm id="users-search" on_apply={on_search}
                            placeholder="Search name or email; Enter to apply" />
                    </div>
                    <div>
                        <OptionSelect
                            id="users-filter-organization"
                            aria_label="Organisation"
                            options={organization_choices}
                            value={filter.organization_choice()}
                            empty="All organisations"
                            onchange={on_organization}
                        />
                    </div>
                    <div>
                        <OptionSelect
                            id="users-filter-role"
                            aria_label="Role"
                            options={roles}
                            value={filter.app_role.map(|r| r.as_str()).unwrap_or_default()}
                            empty="All roles"
                            onchange={on_role}
                        />
                    </div>
                    <div class="pf-v6-u-ml-auto">
                        <CsvExportButton source={ExportSource::Users(filter.to_filter())} />
                    </div>
                </div>
            </PageSection>
            <PageSection>{ list }</PageSection>
        </div>
    }
}

pub(crate) fn organization_options(page: &Page<OrganizationRow>) -> Vec<SelectOption> {
    page.items
        .iter()
        .map(|org| SelectOption::new(org.id.clone(), org.name.clone()))
        .collect()
}
