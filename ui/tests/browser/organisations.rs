//! Browser tests of the Organisations screens: the list (rows, paging, search and order
//! requests), the detail's sections from the backend's answer, each card's request and how
//! it shows the answer or the backend's field errors, and deleting after the preview.
//! Routed through the app's own `Screens`, as an administrator; the backend is a scripted
//! fake that, like the real one, answers `get_organization` with what the last change stored.

use crate::support::*;
use hyopps_contract::{
    AccountType, AppRole, CurrentUser, DetachedUser, DocumentationLinks, ExecutionStatus,
    ExecutionSummary, IntegrationState, OrganizationDeletion, OrganizationDetail, OrganizationRow,
    Page, PartnerSystem, PersonView, StudioCompany, StudioEnvironment, SystemGroupView, SystemTool,
};
use hyopps_ui::app::Screens;
use hyopps_ui::route::AppRoute;
use serde_json::json;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew_nested_router::prelude::Router;

// --- fixtures, built from the contract types ---------------------------------------------

fn admin() -> CurrentUser {
    CurrentUser {
        id: "a1".into(),
        email: "admin@hyopps.local".into(),
        display_name: "Ada Admin".into(),
        app_role: AppRole::Admin,
        organization_id: None,
        organization_name: None,
    }
}

fn row(id: &str, name: &str) -> OrganizationRow {
    OrganizationRow {
        id: id.into(),
        name: name.into(),
        account_types: vec![AccountType::Partner, AccountType::Client],
        created_at: "2025-11-25T16:00:00.000Z".into(),
        user_count: 7,
        integration: IntegrationState {
            keycloak_confirmed: true,
            keycloak_cluster: Some("prod-eu".into()),
            metabase_collection_id: None,
            lms_confirmed: false,
        },
        system_groups: vec![SystemTool::Metabase, SystemTool::Slack],
        offboarded_at: None,
    }
}

fn company(id: &str, name: &str, studio_id: &str, environment: StudioEnvironment) -> StudioCompany {
    StudioCompany {
        id: id.into(),
        organization_id: "o1".into(),
        studio_id: studio_id.into(),
        name: name.into(),
        environment,
        created_at: "2025-11-25T16:00:00.000Z".into(),
    }
}

fn group(tool: SystemTool, id: Option<&str>, name: Option<&str>) -> SystemGroupView {
    SystemGroupView {
        tool,
        external_id: id.map(Into::into),
        external_name: name.map(Into::into),
        link: None,
    }
}

fn person(id: &str, name: &str, role: AppRole) -> PersonView {
    PersonView {
        id: id.into(),
        display_name: name.into(),
        email: format!("{}@acme.example", name.to_lowercase()),
        app_role: role,
        access: vec!["Metabase".into()],
        created_at: "2025-11-25T16:00:00.000Z".into(),
    }
}

fn execution(id: &str) -> ExecutionSummary {
    ExecutionSummary {
        id: id.into(),
        workflow: "new_partner".into(),
        workflow_label: "New partner".into(),
        status: ExecutionStatus::Completed,
        organization_id: Some("o1".into()),
        organization_name: Some("Acme".into()),
        user_id: None,
        user_name: None,
        current_step_order: 8,
        current_step_label: Some("LMS setup".into()),
        step_count: 8,
        requested_by_name: Some("Ada Admin".into()),
        created_at: "2025-11-25T16:00:00.000Z".into(),
        updated_at: "2025-11-25T16:05:00.000Z".into(),
        completed_at: Some("2025-11-25T16:05:00.000Z".into()),
        error: None,
    }
}

fn detail() -> OrganizationDetail {
    OrganizationDetail {
        id: "o1".into(),
        name: "Acme".into(),
        account_types: vec![AccountType::Partner],
        created_at: "2025-11-25T16:00:00.000Z".into(),
        studio_companies: vec![
            company("sc1", "Acme TEST", "1001", StudioEnvironment::Test),
            company("sc2", "Acme", "1002", StudioEnvironment::Prod),
        ],
        system_groups: vec![
            group(SystemTool::Metabase, Some("41"), Some("ext-acme")),
            group(SystemTool::Teams, None, None),
            group(SystemTool::Slack, None, None),
            group(SystemTool::Keycloak, None, None),
        ],
        integration: IntegrationState {
            keycloak_confirmed: true,
            keycloak_cluster: Some("prod-us".into()),
            metabase_collection_id: Some(12),
            lms_confirmed: false,
        },
        documentation: DocumentationLinks {
            internal_docu: Some("https://docs.example/acme".into()),
            generique_docu: None,
            add_docu: None,
        },
        users: vec![
            person("u1", "Pat", AppRole::PartnerAdmin),
            person("u2", "Jo", AppRole::User),
        ],
        user_total: 12,
        executions: vec![execution("e1")],
        execution_total: 3,
        systems_used: PartnerSystem::ALL.to_vec(),
        offboarded_at: None,
    }
}

fn deletion(blocked_by: Option<&str>) -> OrganizationDeletion {
    OrganizationDeletion {
        organization_id: "o1".into(),
        name: "Acme".into(),
        users: vec![
            DetachedUser {
                id: "u1".into(),
                display_name: "Pat".into(),
                email: "pat@acme.example".into(),
                app_role: AppRole::PartnerAdmin,
                demoted: true,
            },
            DetachedUser {
                id: "u2".into(),
                display_name: "Jo".into(),
                email: "jo@acme.example".into(),
                app_role: AppRole::User,
                demoted: false,
            },
        ],
        user_count: 12,
        partner_admins_demoted: 1,
        executions_detached: 3,
        studio_companies_deleted: detail().studio_companies,
        studio_access_deleted: 4,
        system_groups_deleted: vec![SystemTool::Metabase],
        integrations_deleted: true,
        documentation_deleted: true,
        blocked_by: blocked_by.map(Into::into),
    }
}

fn js(value: &impl serde::Serialize) -> String {
    format!("Promise.resolve({})", serde_json::to_string(value).unwrap())
}

fn refused(fields: serde_json::Value) -> String {
    format!(
        "Promise.reject({})",
        json!({"code": "Validation", "message": "Check the marked fields.", "fields": fields})
    )
}

/// Answers each command from the table (a JS expression, evaluated per call with `cmd`,
/// `args` and `n`, the how-many-th call of that command it is, from 1). Like the real
/// backend, once a change answered with an organisation, `get_organization` answers with it.
fn org_backend(answers: &[(&str, &str)]) {
    let cases: String = answers
        .iter()
        .map(|(cmd, answer)| format!("case '{cmd}': return {answer};\n"))
        .collect();
    fake_invoke(&format!(
        "window.__orgCounts[cmd] = (window.__orgCounts[cmd] || 0) + 1;
         const n = window.__orgCounts[cmd];
         if (cmd === 'get_organization' && window.__orgLatest !== undefined) {{
           return Promise.resolve(window.__orgLatest);
         }}
         const answer = (() => {{ switch (cmd) {{\n{cases}default: return Promise.reject({{code: 'Internal', message: 'unexpected command ' + cmd}});\n}} }})();
         if (!['list_organizations', 'get_organization', 'preview_organization_deletion', 'delete_organization'].includes(cmd)) {{
           Promise.resolve(answer).then((detail) => {{ window.__orgLatest = detail; }}, () => {{}});
         }}
         return answer;"
    ));
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(
        &window,
        &"__orgLatest".into(),
        &wasm_bindgen::JsValue::UNDEFINED,
    )
    .unwrap();
    js_sys::Reflect::set(&window, &"__orgCounts".into(), &js_sys::Object::new()).unwrap();
}

/// The `request` of every call of `cmd`.
fn requests_of(cmd: &str) -> Vec<serde_json::Value> {
    calls_of(cmd)
        .into_iter()
        .map(|args| args["request"].clone())
        .collect()
}

// --- mounting: the app's own routing, as an administrator ----------------------------------

#[component]
fn AdminApp() -> Html {
    html! {
        <Router<AppRoute>>
            <Screens user={admin()} />
        </Router<AppRoute>>
    }
}

/// Mounts the admin's screens at `path`; the returned guard puts the test page's address back.
async fn mount_at(path: &str) -> (Mounted<AdminApp>, RestorePath) {
    let restore = RestorePath::go(path);
    (mount::<AdminApp>(()).await, restore)
}

async fn mount_detail() -> (Mounted<AdminApp>, RestorePath) {
    let (page, restore) = mount_at("/organisations/o1").await;
    page.wait_for("organisation-details", "the detail loads")
        .await;
    (page, restore)
}

fn attr<C: yew::BaseComponent>(page: &Mounted<C>, id: &str, name: &str) -> String {
    page.find(id)
        .unwrap_or_else(|| panic!("#{id} is not on screen"))
        .get_attribute(name)
        .unwrap_or_default()
}

/// The `value` of an input or a select.
fn value_of<C: yew::BaseComponent>(page: &Mounted<C>, id: &str) -> String {
    let element = page
        .find(id)
        .unwrap_or_else(|| panic!("#{id} is not on screen"));
    js_sys::Reflect::get(&element, &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn submit<C: yew::BaseComponent>(page: &Mounted<C>, form_id: &str) {
    let form: web_sys::HtmlFormElement =
        wasm_bindgen::JsCast::unchecked_into(page.find(form_id).unwrap());
    form.request_submit().unwrap();
}

// --- the list ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_list_renders_a_row_per_organisation_and_pages() {
    let page_of = |n: u32| Page {
        items: vec![row(&format!("o{n}"), &format!("Org {n}"))],
        total: 30,
        page: n,
        page_size: 25,
    };
    org_backend(&[(
        "list_organizations",
        &format!(
            "args.request.page === 2 ? {} : {}",
            js(&page_of(2)),
            js(&page_of(1))
        ),
    )]);
    let (page, _restore) = mount_at("/organisations").await;
    page.wait_for("organisation-row-o1", "a row per organisation")
        .await;

    assert_eq!(page.text("organisation-link-o1"), "Org 1");
    assert_eq!(
        attr(&page, "organisation-link-o1", "href"),
        "/organisations/o1"
    );
    let row = page.text("organisation-row-o1");
    assert!(row.contains("Partner, Client"), "account types: {row}");
    assert_eq!(page.text("organisation-row-o1-users"), "7");
    assert_eq!(page.text("organisation-row-o1-groups"), "2 of 4");
    assert_eq!(
        attr(
            &page,
            "organisation-row-o1-integration-keycloak",
            "data-state"
        ),
        "done"
    );
    assert_eq!(
        attr(
            &page,
            "organisation-row-o1-integration-metabase",
            "data-state"
        ),
        "missing"
    );
    assert_eq!(
        attr(&page, "organisation-row-o1-integration-lms", "data-state"),
        "missing"
    );
    assert_eq!(page.text("organisations-paging"), "1–25 of 30");

    page.click("organisations-next").await;
    page.wait_for("organisation-row-o2", "the next page").await;
    assert_eq!(page.text("organisations-paging"), "26–30 of 30");
    assert_eq!(
        requests_of("list_organizations"),
        [
            json!({"search": null, "sort": "name", "direction": "asc", "page": 1, "page_size": 25}),
            json!({"search": null, "sort": "name", "direction": "asc", "page": 2, "page_size": 25}),
        ]
    );

    page.click("organisation-link-o2").await;
    page.wait_until("the name opens the organisation", || {
        (pathname() == "/organisations/o2").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn search_and_order_send_the_right_request_and_an_empty_result_says_so() {
    let empty: Page<OrganizationRow> = Page {
        items: vec![],
        total: 0,
        page: 1,
        page_size: 25,
    };
    let one = Page {
        items: vec![row("o1", "Acme")],
        total: 1,
        page: 1,
        page_size: 25,
    };
    org_backend(&[(
        "list_organizations",
        &format!(
            "args.request.search === 'zzz' ? {} : {}",
            js(&empty),
            js(&one)
        ),
    )]);
    let (page, _restore) = mount_at("/organisations").await;
    page.wait_for("organisation-row-o1", "the first page").await;

    page.type_into("organisations-sort", "created_at-desc")
        .await;
    page.type_into("organisations-search", "  acme ").await;
    submit(&page, "organisations-search-form");
    settle().await;
    let requests = requests_of("list_organizations");
    assert_eq!(
        requests.last().unwrap(),
        &json!({"search": "acme", "sort": "created_at", "direction": "desc", "page": 1, "page_size": 25}),
        "every request: {requests:?}"
    );
    assert_eq!(
        requests[1]["sort"], "created_at",
        "the order applies at once"
    );

    page.type_into("organisations-search", "zzz").await;
    submit(&page, "organisations-search-form");
    page.wait_for("organisations-empty", "nothing matches")
        .await;
    assert!(page
        .text("organisations-empty")
        .contains("No organisations match this search."));
}

#[wasm_bindgen_test]
async fn the_offboarded_filter_asks_for_them_and_their_rows_say_so() {
    let mut gone = row("o9", "Gone GmbH");
    gone.offboarded_at = Some("2026-12-01T09:00:00.000Z".into());
    let all = Page {
        items: vec![row("o1", "Acme")],
        total: 1,
        page: 1,
        page_size: 25,
    };
    let offboarded = Page {
        items: vec![gone],
        ..all.clone()
    };
    org_backend(&[(
        "list_organizations",
        &format!(
            "args.request.offboarded === true ? {} : {}",
            js(&offboarded),
            js(&all)
        ),
    )]);
    let (page, _restore) = mount_at("/organisations").await;
    page.wait_for("organisation-row-o1", "the first page").await;
    assert!(page.find("organisation-row-o1-offboarded").is_none());

    page.type_into("organisations-served", "offboarded").await;
    page.wait_for(
        "organisation-row-o9-offboarded",
        "an offboarded row says so",
    )
    .await;
    assert_eq!(
        requests_of("list_organizations").last().unwrap()["offboarded"],
        json!(true)
    );
}

// --- the detail ----------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_detail_renders_every_section() {
    org_backend(&[("get_organization", &js(&detail()))]);
    let (page, _restore) = mount_detail().await;

    assert_eq!(page.text("organisation-title"), "Acme");
    assert_eq!(page.text("organisation-account-types"), "Partner");
    assert_eq!(page.input("organisation-name").value(), "Acme");
    assert!(page.input("organisation-type-partner").checked());
    assert!(!page.input("organisation-type-client").checked());
    assert!(!page.input("organisation-type-internal").checked());
    // Studio companies.
    assert!(page.text("studio-company-sc1").contains("Acme TEST"));
    assert!(page.text("studio-company-sc1").contains("1001"));
    assert_eq!(
        attr(
            &page,
            "studio-company-sc2-environment-text",
            "data-environment"
        ),
        "prod"
    );
    assert_eq!(value_of(&page, "studio-company-new-environment"), "test");
    // System groups, one row per tool.
    assert_eq!(
        page.input("system-group-metabase-external_id").value(),
        "41"
    );
    assert_eq!(
        page.input("system-group-metabase-external_name").value(),
        "ext-acme"
    );
    for tool in ["teams", "slack", "keycloak"] {
        assert_eq!(
            page.input(&format!("system-group-{tool}-external_id"))
                .value(),
            ""
        );
        assert!(page.find(&format!("system-group-{tool}-save")).is_some());
    }
    assert!(page
        .text("system-group-slack-help")
        .contains("Empty both and save to remove"));
    // Integrations, read-only.
    assert_eq!(
        page.text("organisation-integration-keycloak"),
        "Confirmed · prod-us"
    );
    assert_eq!(
        page.text("organisation-integration-metabase"),
        "Collection 12"
    );
    assert_eq!(
        attr(&page, "organisation-integration-lms", "data-state"),
        "missing"
    );
    // Documentation links with their labels.
    assert_eq!(
        page.input("documentation-internal_docu").value(),
        "https://docs.example/acme"
    );
    let docs = page.text("organisation-documentation");
    for label in [
        "Partner documentation",
        "General documentation",
        "Additional documentation",
    ] {
        assert!(docs.contains(label), "{label} in {docs}");
    }
    // People and executions, with how many there are in all.
    assert_eq!(page.text("organisation-users-count"), "2 of 12");
    assert_eq!(
        attr(&page, "organisation-user-link-u1", "href"),
        "/users/u1"
    );
    assert!(page
        .text("organisation-user-u1")
        .contains("Partner administrator"));
    assert_eq!(page.text("organisation-users-all"), "All 12 in Users");
    assert_eq!(page.text("organisation-executions-count"), "1 of 3");
    assert!(page.find("execution-row-e1").is_some());
    assert!(page.find("organisation-delete").is_some());
    assert_eq!(
        requests_of("get_organization"),
        [json!({"organization_id": "o1"})]
    );
}

#[wasm_bindgen_test]
async fn all_its_people_open_in_the_users_screen_filtered_to_the_organisation() {
    org_backend(&[
        ("get_organization", &js(&detail())),
        // Promises, as Tauri's invoke answers: a plain object would break the awaiting screen
        // once the test has moved on.
        (
            "list_organizations",
            "Promise.resolve({items: [], total: 0, page: 1, page_size: 200})",
        ),
        (
            "list_users",
            "Promise.resolve({items: [], total: 0, page: 1, page_size: 25})",
        ),
    ]);
    let (page, _restore) = mount_detail().await;
    page.click("organisation-users-all").await;
    page.wait_until("the users list asks for Acme's people", || {
        requests_of("list_users").first().cloned()
    })
    .await;
    assert_eq!(pathname(), "/users");
    assert_eq!(
        requests_of("list_users")[0]["filter"]["organization_id"],
        "o1"
    );
}

#[wasm_bindgen_test]
async fn details_are_checked_then_saved_and_the_answer_shown() {
    let mut renamed = detail();
    renamed.name = "Acme GmbH".into();
    renamed.account_types = vec![AccountType::Client, AccountType::Internal];
    org_backend(&[
        ("get_organization", &js(&detail())),
        ("update_organization", &js(&renamed)),
    ]);
    let (page, _restore) = mount_detail().await;

    page.click("organisation-type-partner").await;
    page.click("organisation-save").await;
    page.wait_for("organisation-types-error", "at least one account type")
        .await;
    assert!(
        calls_of("update_organization").is_empty(),
        "refused before sending"
    );

    page.type_into("organisation-name", " Acme GmbH ").await;
    page.click("organisation-type-internal").await;
    page.click("organisation-type-client").await;
    page.click("organisation-save").await;
    page.wait_for("organisation-saved", "the save is confirmed")
        .await;
    assert_eq!(
        requests_of("update_organization"),
        [
            json!({"organization_id": "o1", "name": "Acme GmbH", "account_types": ["client", "internal"]})
        ]
    );
    assert_eq!(page.text("organisation-title"), "Acme GmbH");
    assert_eq!(page.text("organisation-account-types"), "Client, Internal");
}

#[wasm_bindgen_test]
async fn documentation_links_are_sent_and_a_refused_address_is_marked() {
    let mut saved = detail();
    saved.documentation.add_docu = Some("https://more.example".into());
    org_backend(&[
        ("get_organization", &js(&detail())),
        (
            "set_documentation_links",
            &format!(
                "n === 1 ? {} : {}",
                refused(json!({"add_docu": "Enter an http or https address."})),
                js(&saved)
            ),
        ),
    ]);
    let (page, _restore) = mount_detail().await;

    page.type_into("documentation-generique_docu", " ").await;
    page.type_into("documentation-add_docu", "docs.example/more")
        .await;
    page.click("documentation-save").await;
    page.wait_for(
        "documentation-add_docu-error",
        "the refused field is marked",
    )
    .await;
    assert_eq!(
        page.text("documentation-add_docu-error"),
        "Enter an http or https address."
    );
    assert!(page.find("documentation-internal_docu-error").is_none());
    assert!(page.find("documentation-saved").is_none());
    assert_eq!(
        page.input("documentation-add_docu").value(),
        "docs.example/more",
        "what was typed stays to be corrected"
    );

    page.type_into("documentation-add_docu", "https://more.example")
        .await;
    page.click("documentation-save").await;
    page.wait_for("documentation-saved", "the second save goes through")
        .await;
    assert!(page.find("documentation-add_docu-error").is_none());
    assert_eq!(
        requests_of("set_documentation_links"),
        [
            json!({"organization_id": "o1", "internal_docu": "https://docs.example/acme",
                   "generique_docu": "", "add_docu": "docs.example/more"}),
            json!({"organization_id": "o1", "internal_docu": "https://docs.example/acme",
                   "generique_docu": "", "add_docu": "https://more.example"}),
        ]
    );
}

#[wasm_bindgen_test]
async fn the_systems_used_are_ticked_as_stored_and_a_refusal_says_why() {
    let mut saved = detail();
    saved.systems_used = vec![
        PartnerSystem::Studio,
        PartnerSystem::Metabase,
        PartnerSystem::Teams,
    ];
    org_backend(&[
        ("get_organization", &js(&detail())),
        (
            "set_organization_systems",
            &format!(
                "n === 1 ? Promise.reject({}) : {}",
                json!({"code": "Conflict", "message": "Acme's people still hold access HyOpps gave them in Slack (2 people). Offboard them first, or keep the system: HyOpps would otherwise never take that access back."}),
                js(&saved)
            ),
        ),
    ]);
    let (page, _restore) = mount_detail().await;
    for system in PartnerSystem::ALL {
        assert!(
            page.input(&format!("organisation-system-{}", system.as_str()))
                .checked(),
            "{} is used, as stored",
            system.label()
        );
    }

    for system in ["slack", "lms", "documentation"] {
        page.click(&format!("organisation-system-{system}")).await;
    }
    page.click("organisation-systems-save").await;
    page.wait_for("organisation-systems-error", "the refusal is shown")
        .await;
    assert!(
        page.text("organisation-systems-error")
            .contains("Slack (2 people)"),
        "{}",
        page.text("organisation-systems-error")
    );
    assert!(
        !page.input("organisation-system-slack").checked(),
        "what was chosen stays, to correct"
    );

    page.click("organisation-systems-save").await;
    page.wait_for("organisation-systems-saved", "the second save goes through")
        .await;
    assert_eq!(
        requests_of("set_organization_systems"),
        vec![json!({"organization_id": "o1", "systems_used": ["studio", "metabase", "teams"]}); 2]
    );
    assert!(!page.input("organisation-system-lms").checked());
    assert!(page.input("organisation-system-teams").checked());
}

#[wasm_bindgen_test]
async fn a_system_group_is_saved_per_tool_and_needs_its_id() {
    let mut saved = detail();
    saved.system_groups[2] = group(SystemTool::Slack, Some("S0123"), Some("ext-acme"));
    org_backend(&[
        ("get_organization", &js(&detail())),
        ("set_system_group", &js(&saved)),
    ]);
    let (page, _restore) = mount_detail().await;

    page.type_into("system-group-slack-external_name", "ext-acme")
        .await;
    page.click("system-group-slack-save").await;
    page.wait_for(
        "system-group-slack-external_id-error",
        "a name alone is not enough",
    )
    .await;
    assert!(calls_of("set_system_group").is_empty());

    page.type_into("system-group-slack-external_id", " S0123 ")
        .await;
    page.click("system-group-slack-save").await;
    page.wait_for("system-group-slack-saved", "the save is confirmed")
        .await;
    assert!(page
        .text("system-group-slack-saved")
        .ends_with("Slack user group saved."));
    assert!(
        page.find("system-group-metabase-saved").is_none(),
        "only that tool"
    );
    assert_eq!(
        requests_of("set_system_group"),
        [
            json!({"organization_id": "o1", "tool": "slack", "external_id": "S0123", "external_name": "ext-acme"})
        ]
    );
    assert_eq!(attr(&page, "system-group-slack", "data-recorded"), "true");
}

#[wasm_bindgen_test]
async fn a_recorded_group_opens_in_its_system_through_the_default_browser() {
    const LINK: &str = "https://bi.example.com/admin/people/groups/41";
    let mut linked = detail();
    linked.system_groups[0].link = Some(LINK.into());
    org_backend(&[
        ("get_organization", &js(&linked)),
        ("plugin:opener|open_url", "Promise.resolve(null)"),
    ]);
    let (page, _restore) = mount_detail().await;
    page.wait_for(
        "system-group-metabase-open",
        "the group's own page is offered",
    )
    .await;
    assert_eq!(
        page.text("system-group-metabase-open"),
        "Open the group in Metabase"
    );
    assert!(
        page.find("system-group-teams-open").is_none(),
        "nothing recorded, nothing to open"
    );
    page.click("system-group-metabase-open").await;
    assert_eq!(
        calls_of("plugin:opener|open_url"),
        [json!({"url": LINK})],
        "the default browser opens it; the window stays on HyOpps"
    );
    assert!(pathname().starts_with("/organisations/"), "{}", pathname());
}

#[wasm_bindgen_test]
async fn studio_companies_are_added_edited_and_removed_after_a_confirmation() {
    let mut added = detail();
    added
        .studio_companies
        .push(company("sc3", "Acme EU", "1003", StudioEnvironment::Prod));
    let mut edited = added.clone();
    edited.studio_companies[0] = company("sc1", "Acme QA", "1001", StudioEnvironment::Test);
    let mut removed = edited.clone();
    removed.studio_companies.remove(1);
    org_backend(&[
        ("get_organization", &js(&detail())),
        ("add_studio_company", &js(&added)),
        ("update_studio_company", &js(&edited)),
        ("remove_studio_company", &js(&removed)),
    ]);
    let (page, _restore) = mount_detail().await;

    // Add: both text fields are required.
    page.click("studio-company-add").await;
    page.wait_for("studio-company-new-name-error", "a name is required")
        .await;
    assert!(page.find("studio-company-new-studio_id-error").is_some());
    page.type_into("studio-company-new-name", "Acme EU").await;
    page.type_into("studio-company-new-studio_id", "1003").await;
    page.type_into("studio-company-new-environment", "prod")
        .await;
    page.click("studio-company-add").await;
    page.wait_for("studio-company-sc3", "the new company is listed")
        .await;
    assert_eq!(
        requests_of("add_studio_company"),
        [
            json!({"organization_id": "o1", "name": "Acme EU", "studio_id": "1003", "environment": "prod"})
        ]
    );
    assert!(page.text("studio-companies-notice").contains("added"));
    assert_eq!(
        page.input("studio-company-new-name").value(),
        "",
        "the form starts over"
    );

    // Edit in the row.
    page.click("studio-company-edit-sc1").await;
    assert_eq!(page.input("studio-company-sc1-name").value(), "Acme TEST");
    assert_eq!(value_of(&page, "studio-company-sc1-environment"), "test");
    page.type_into("studio-company-sc1-name", "Acme QA").await;
    page.click("studio-company-sc1-save").await;
    page.wait_until("the row shows the saved name", || {
        page.find("studio-company-sc1-name-text")
            .filter(|e| e.text_content().unwrap_or_default() == "Acme QA")
    })
    .await;
    assert_eq!(
        requests_of("update_studio_company"),
        [
            json!({"studio_company_id": "sc1", "name": "Acme QA", "studio_id": "1001", "environment": "test"})
        ]
    );

    // Remove: nothing happens before the confirmation.
    page.click("studio-company-remove-sc2").await;
    page.wait_for("studio-company-remove-modal", "a confirmation first")
        .await;
    assert!(page.text("studio-company-remove-modal").contains("1002"));
    assert!(calls_of("remove_studio_company").is_empty());
    page.click("confirm-remove-cancel").await;
    assert!(page.find("studio-company-remove-modal").is_none());

    page.click("studio-company-remove-sc2").await;
    page.click("confirm-remove").await;
    page.wait_until("the company is gone", || {
        page.find("studio-company-sc2").is_none().then_some(())
    })
    .await;
    assert!(page.find("studio-company-remove-modal").is_none());
    assert_eq!(
        requests_of("remove_studio_company"),
        [json!({"studio_company_id": "sc2"})]
    );
    assert!(page.text("studio-companies-notice").contains("removed"));
}

#[wasm_bindgen_test]
async fn deleting_shows_the_preview_then_deletes_and_returns_to_the_list() {
    let list = Page {
        items: vec![row("o2", "Other")],
        total: 1,
        page: 1,
        page_size: 25,
    };
    org_backend(&[
        ("get_organization", &js(&detail())),
        ("preview_organization_deletion", &js(&deletion(None))),
        ("delete_organization", &js(&deletion(None))),
        ("list_organizations", &js(&list)),
    ]);
    let (page, _restore) = mount_detail().await;

    page.click("organisation-delete").await;
    page.wait_for(
        "organisation-delete-modal",
        "the preview opens the confirmation",
    )
    .await;
    assert!(
        calls_of("delete_organization").is_empty(),
        "not before confirming"
    );
    assert_eq!(
        requests_of("preview_organization_deletion"),
        [json!({"organization_id": "o1"})]
    );
    assert!(page
        .text("organisation-delete-line-users")
        .starts_with("12 people stay"));
    assert_eq!(
        page.text("organisation-delete-line-demoted"),
        "1 partner administrator becomes a plain user: Pat."
    );
    assert!(page
        .text("organisation-delete-line-studio_companies")
        .contains("Acme TEST (TEST 1001)"));
    for key in [
        "executions",
        "studio_access",
        "system_groups",
        "integrations",
        "documentation",
        "outside",
    ] {
        assert!(
            page.find(&format!("organisation-delete-line-{key}"))
                .is_some(),
            "{key}"
        );
    }
    assert_eq!(
        attr(&page, "organisation-delete-user-u1", "data-demoted"),
        "true"
    );
    assert_eq!(page.text("organisation-delete-users-more"), "…and 10 more.");
    assert!(page.find("organisation-delete-blocked").is_none());

    page.click("organisation-delete-confirm").await;
    page.wait_for("organisations-deleted", "the list says what was done")
        .await;
    assert_eq!(pathname(), "/organisations");
    assert!(page.text("organisations-deleted").contains("Acme"));
    assert_eq!(
        requests_of("delete_organization"),
        [json!({"organization_id": "o1"})]
    );
}

#[wasm_bindgen_test]
async fn a_blocked_deletion_says_why_and_cannot_be_confirmed() {
    org_backend(&[
        ("get_organization", &js(&detail())),
        (
            "preview_organization_deletion",
            &js(&deletion(Some(
                "2 executions are still running: cancel them first.",
            ))),
        ),
    ]);
    let (page, _restore) = mount_detail().await;

    page.click("organisation-delete").await;
    page.wait_for("organisation-delete-blocked", "the reason is shown")
        .await;
    assert!(page
        .text("organisation-delete-blocked")
        .contains("cancel them first"));
    let confirm: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(page.find("organisation-delete-confirm").unwrap());
    assert!(
        confirm.get_attribute("disabled").is_some()
            || confirm.get_attribute("aria-disabled") == Some("true".into()),
        "confirm is disabled"
    );
    page.click("organisation-delete-cancel").await;
    assert!(page.find("organisation-delete-modal").is_none());
    assert!(calls_of("delete_organization").is_empty());
}

#[wasm_bindgen_test]
async fn offboarding_the_organisation_is_confirmed_then_opens_its_execution() {
    let started = json!({
        "summary": {
            "id": "e-off", "workflow": "offboard_partner",
            "workflow_label": "Offboard a partner organisation", "status": "running",
            "organization_id": "o1", "organization_name": "Acme", "user_id": null,
            "user_name": null, "current_step_order": 2,
            "current_step_label": "Offboard every person", "step_count": 6,
            "requested_by_name": "Ada Admin", "created_at": "2025-11-25T16:00:00.000Z",
            "updated_at": "2025-11-25T16:00:00.000Z", "completed_at": null, "error": null
        },
        "steps": [], "form": null, "children": [], "parent_id": null
    });
    org_backend(&[
        ("get_organization", &js(&detail())),
        (
            "offboard_organization",
            &format!("Promise.resolve({started})"),
        ),
    ]);
    let (page, _restore) = mount_detail().await;
    assert!(
        page.find("organisation-offboarded").is_none(),
        "not offboarded yet"
    );

    page.click("organisation-offboard").await;
    page.wait_for("organisation-offboard-modal", "the confirmation")
        .await;
    assert!(
        page.text("organisation-offboard-modal")
            .contains("Every person of Acme is offboarded"),
        "says what will happen: {}",
        page.text("organisation-offboard-modal")
    );
    assert!(
        requests_of("offboard_organization").is_empty(),
        "nothing before the confirmation"
    );
    page.click("organisation-offboard-confirm").await;
    page.wait_until("the offboarding opens", || {
        (pathname() == "/executions/e-off").then_some(())
    })
    .await;
    assert_eq!(
        requests_of("offboard_organization"),
        [json!({"organization_id": "o1"})]
    );
}

#[wasm_bindgen_test]
async fn an_offboarded_organisation_says_when_and_offers_no_second_offboarding() {
    let mut offboarded = detail();
    offboarded.offboarded_at = Some("2026-12-01T09:00:00.000Z".into());
    org_backend(&[("get_organization", &js(&offboarded))]);
    let (page, _restore) = mount_detail().await;
    page.wait_for("organisation-offboarded", "the mark").await;
    assert!(page.text("organisation-offboarded").contains("Offboarded"));
    assert!(page.find("organisation-offboard").is_none());
}

#[wasm_bindgen_test]
async fn checking_everyones_access_shows_a_row_per_person_and_each_difference() {
    let checked = json!({
        "organization_name": "Acme", "checked_at": "2026-12-06T06:00:00.000Z",
        "people": [{
            "user_id": "u1", "name": "Ada Lovelace", "organization_name": "Acme",
            "checked_at": "2026-12-06T06:00:00.000Z",
            "systems": [
                {"system": "Metabase", "state": "in_order", "recorded": true, "says": "Account 17 is in the group ext-acme."},
                {"system": "Slack", "state": "missing", "recorded": true, "says": "Not in the Slack group ext-acme."}
            ]
        }],
        "strangers": [{"system": "Metabase", "email": "mallory@elsewhere.example",
                       "says": "In the group ext-acme, but none of Acme's people in HyOpps: HyOpps did not give this access."}]
    });
    org_backend(&[
        ("get_organization", &js(&detail())),
        (
            "check_organization_access",
            &format!("Promise.resolve({checked})"),
        ),
    ]);
    let (page, _restore) = mount_detail().await;

    page.click("organisation-access-check-button").await;
    page.wait_for("organisation-access-check-table", "the check arrives")
        .await;

    let row = page.text("organisation-access-check-u1");
    assert!(
        row.contains("Ada Lovelace") && row.contains("In order") && row.contains("Missing"),
        "{row}"
    );
    assert!(page
        .text("organisation-access-check-summary")
        .starts_with("2 differences."));
    assert!(
        page.text("organisation-access-check-differences")
            .contains("mallory@elsewhere.example — Metabase: Unexpected."),
        "a stranger in the group is a difference too"
    );
    assert!(page
        .text("organisation-access-check-differences")
        .contains("Ada Lovelace — Slack: Missing. Not in the Slack group ext-acme."));
    assert_eq!(
        calls_of("check_organization_access")[0]["request"]["organization_id"],
        json!("o1")
    );
}

#[wasm_bindgen_test]
async fn each_difference_and_stranger_has_its_repairs_and_an_accepted_stranger_says_so() {
    let checked = json!({
        "organization_name": "Acme", "checked_at": "2026-12-06T06:00:00.000Z",
        "people": [{
            "user_id": "u1", "name": "Ada Lovelace", "organization_name": "Acme",
            "checked_at": "2026-12-06T06:00:00.000Z",
            "systems": [
                {"system": "Slack", "key": "slack", "state": "missing", "recorded": true, "says": "Not in the Slack group ext-acme."}
            ]
        }],
        "strangers": [
            {"system": "Metabase", "key": "metabase", "email": "mallory@elsewhere.example",
             "says": "In the group ext-acme, but none of Acme's people in HyOpps: HyOpps did not give this access."},
            {"system": "Keycloak", "key": "keycloak", "email": "auditor@acme.example",
             "says": "In the group ext-acme, but none of Acme's people in HyOpps: HyOpps did not give this access.",
             "accepted": "Accepted by Grace Hopper on 2026-12-05: the partner's auditor."}
        ]
    });
    org_backend(&[
        ("get_organization", &js(&detail())),
        (
            "check_organization_access",
            &format!("Promise.resolve({checked})"),
        ),
        (
            "repair_access",
            "Promise.resolve({message: 'mallory@elsewhere.example was taken out of the Metabase group ext-acme.', execution_id: null})",
        ),
    ]);
    let (page, _restore) = mount_detail().await;
    page.click("organisation-access-check-button").await;
    page.wait_for("organisation-access-check-table", "the check arrives")
        .await;

    assert!(
        page.text("organisation-access-check-summary")
            .starts_with("2 differences."),
        "the accepted stranger is not counted"
    );
    assert!(page
        .find("organisation-access-check-u1-slack-repair-give-back")
        .is_some());
    let accepted = page.text("organisation-access-check-stranger-1");
    assert!(
        accepted.contains("Keycloak: Accepted.") && accepted.contains("the partner's auditor"),
        "{accepted}"
    );
    assert!(
        page.find("organisation-access-check-stranger-1-repair-take-away")
            .is_none(),
        "an accepted stranger offers no repair"
    );
    page.click("organisation-access-check-stranger-0-repair-take-away")
        .await;
    page.wait_for(
        "organisation-access-check-stranger-0-repair-done",
        "taken out",
    )
    .await;

    assert_eq!(
        calls_of("repair_access")[0]["request"],
        json!({
            "subject": {"kind": "stranger", "organization_id": "o1", "email": "mallory@elsewhere.example"},
            "system": "metabase", "repair": "take_away", "reason": null
        })
    );
    assert!(page
        .text("organisation-access-check-stranger-0")
        .contains("was taken out"));
}
