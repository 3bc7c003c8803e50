//! What the admin console's browser tests share: fixtures built from the contract types (so
//! they stay in step with it), a faked native save dialog, and the app's own routing as an
//! admin. Each screen's tests use only some of it.
#![allow(dead_code)]

use hyopps_contract::{
    AccessGrantView, AccountType, AppRole, CurrentUser, IntegrationState, MetabaseAccount,
    MetabaseGroupView, MetabaseMembershipView, OrganizationRow, Page, PersonalStudioCompany,
    StudioAccessView, StudioEnvironment, UserDeletion, UserDetail, UserRow,
};
use hyopps_ui::app::Screens;
use hyopps_ui::route::AppRoute;
use yew::prelude::*;
use yew_nested_router::prelude::Router;

use crate::support::*;

// --- fixtures ------------------------------------------------------------------------------

pub fn row(id: &str, name: &str, role: AppRole) -> UserRow {
    UserRow {
        id: id.into(),
        firstname: name.into(),
        lastname: "Smith".into(),
        display_name: format!("{name} Smith"),
        email: format!("{}@acme.example", name.to_lowercase()),
        app_role: role,
        organization_id: Some("o1".into()),
        organization_name: Some("Acme".into()),
        access: vec!["Metabase".into(), "Slack".into()],
        studio_companies: vec!["Acme TEST".into()],
        has_password: role != AppRole::User,
        // Far in the future: locked whenever the test runs.
        locked_until: (role == AppRole::PartnerAdmin).then(|| "2999-01-01T00:00:00Z".into()),
        created_at: "2025-11-25T16:00:00.000Z".into(),
    }
}

pub fn page_of<T>(items: Vec<T>, total: u64, page: u32) -> Page<T> {
    Page {
        items,
        total,
        page,
        page_size: 25,
    }
}

pub fn organization(id: &str, name: &str) -> OrganizationRow {
    OrganizationRow {
        id: id.into(),
        name: name.into(),
        account_types: vec![AccountType::Partner],
        created_at: "2025-11-01T00:00:00Z".into(),
        user_count: 3,
        integration: IntegrationState::default(),
        system_groups: vec![],
        offboarded_at: None,
    }
}

pub fn organizations() -> Page<OrganizationRow> {
    Page {
        items: vec![organization("o1", "Acme"), organization("o2", "Globex")],
        total: 2,
        page: 1,
        page_size: 200,
    }
}

pub fn detail() -> UserDetail {
    UserDetail {
        id: "u1".into(),
        firstname: "Ada".into(),
        lastname: "Lovelace".into(),
        display_name: "Ada Lovelace".into(),
        email: "ada@acme.example".into(),
        languages: vec!["en".into(), "fr".into()],
        skills: vec!["sql".into()],
        roles: vec!["analyst".into()],
        app_role: AppRole::User,
        organization_id: Some("o1".into()),
        organization_name: Some("Acme".into()),
        has_password: false,
        must_change_password: false,
        locked_until: None,
        metabase_user_id: Some(42),
        access_grants: vec![AccessGrantView {
            resource_id: "r-metabase".into(),
            resource: "Metabase".into(),
            permission: "read".into(),
            granted_by: Some("Root Admin".into()),
            granted_at: "2025-11-20T10:00:00Z".into(),
            revoked_at: None,
            execution_id: Some("e7".into()),
        }],
        studio_access: vec![StudioAccessView {
            studio_company_id: "sc1".into(),
            company_name: "Acme TEST".into(),
            studio_id: "st-100".into(),
            environment: StudioEnvironment::Test,
            organization_id: "o1".into(),
            organization_name: "Acme".into(),
            granted_at: "2025-11-20T10:00:00Z".into(),
            revoked_at: Some("2025-11-22T10:00:00Z".into()),
        }],
        personal_studio_company: Some(PersonalStudioCompany {
            studio_id: "st-900".into(),
            name: "Ada's company".into(),
            created_at: "2025-11-20T10:00:00Z".into(),
        }),
        created_at: "2025-11-01T00:00:00Z".into(),
        updated_at: "2025-11-25T00:00:00Z".into(),
    }
}

pub fn metabase_account(member_of: &[(i64, i64, &str)]) -> MetabaseAccount {
    MetabaseAccount {
        user_id: "u1".into(),
        metabase_user_id: Some(42),
        memberships: member_of
            .iter()
            .map(|(membership_id, group_id, name)| MetabaseMembershipView {
                membership_id: *membership_id,
                group_id: *group_id,
                group_name: (*name).into(),
            })
            .collect(),
        groups: vec![
            MetabaseGroupView {
                id: 1,
                name: "All Users".into(),
            },
            MetabaseGroupView {
                id: 7,
                name: "ext-acme".into(),
            },
            MetabaseGroupView {
                id: 9,
                name: "ext-globex".into(),
            },
        ],
    }
}

pub fn deletion(blocked_by: Option<&str>) -> UserDeletion {
    UserDeletion {
        user_id: "u1".into(),
        display_name: "Ada Lovelace".into(),
        email: "ada@acme.example".into(),
        access_grants_deleted: 1,
        studio_access_deleted: 1,
        personal_studio_company_deleted: true,
        executions_detached: 2,
        blocked_by: blocked_by.map(Into::into),
    }
}

pub fn js(value: &impl serde::Serialize) -> String {
    format!("Promise.resolve({})", serde_json::to_string(value).unwrap())
}

pub fn requests(cmd: &str) -> Vec<serde_json::Value> {
    calls_of(cmd)
        .into_iter()
        .map(|args| args["request"].clone())
        .collect()
}

/// Installs the dialog plugin's `save(options)` with `body` as its JS body; calls are recorded
/// as `"dialog.save <options as JSON>"`. Call after the backend fake, which replaces `__TAURI__`.
pub fn fake_save_dialog(body: &str) {
    let window = web_sys::window().unwrap();
    let record = "window.__hyoppsCalls.push('dialog.save ' + JSON.stringify(options));\n";
    let save = js_sys::Function::new_with_args("options", &format!("{record}{body}"));
    let dialog = js_sys::Object::new();
    js_sys::Reflect::set(&dialog, &"save".into(), &save).unwrap();
    let tauri = js_sys::Reflect::get(&window, &"__TAURI__".into()).unwrap();
    js_sys::Reflect::set(&tauri, &"dialog".into(), &dialog).unwrap();
}

/// Today in the browser's time zone, as the export names its file.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

// --- mounting: the app's own routing, as an admin ------------------------------------------

pub fn admin() -> CurrentUser {
    CurrentUser {
        id: "admin-1".into(),
        email: "admin@hyopps.local".into(),
        display_name: "Root Admin".into(),
        app_role: AppRole::Admin,
        organization_id: None,
        organization_name: None,
    }
}

#[component]
pub fn AdminApp() -> Html {
    html! {
        <Router<AppRoute>>
            <Screens user={admin()} />
        </Router<AppRoute>>
    }
}

/// Mounts the admin's screens at `path`; the returned guard puts the test page's address back.
pub async fn mount_at(path: &str) -> (Mounted<AdminApp>, RestorePath) {
    let restore = RestorePath::go(path);
    (mount::<AdminApp>(()).await, restore)
}

pub fn attribute<C: yew::BaseComponent>(page: &Mounted<C>, id: &str, name: &str) -> String {
    page.find(id)
        .unwrap_or_else(|| panic!("#{id} is not on screen"))
        .get_attribute(name)
        .unwrap_or_default()
}

pub async fn mount_user() -> (Mounted<AdminApp>, RestorePath) {
    let mounted = mount_at("/users/u1").await;
    mounted
        .0
        .wait_for("user-details", "the user's details arrive")
        .await;
    mounted
}

// --- a backend with memory -------------------------------------------------------------------

/// A backend that remembers the user and their Metabase account: an action's answer is what
/// the next load sees, as with the real one. `extra` adds JS `case`s (they win).
pub fn stateful_backend(account: &MetabaseAccount, extra: &str) {
    fake_invoke(&format!(
        "if (window.__hyoppsUser === undefined) {{ window.__hyoppsUser = {user}; }}
         if (window.__hyoppsMetabase === undefined) {{ window.__hyoppsMetabase = {account}; }}
         const keep = (key) => (answer) => {{ window[key] = answer; return answer; }};
         switch (cmd) {{
           {extra}
           case 'get_user': return Promise.resolve(window.__hyoppsUser);
           case 'list_organizations': return {organizations};
           case 'get_metabase_account': return Promise.resolve(window.__hyoppsMetabase);
           default: return Promise.reject({{code: 'Internal', message: 'unexpected command ' + cmd}});
         }}",
        user = serde_json::to_string(&detail()).unwrap(),
        account = serde_json::to_string(account).unwrap(),
        organizations = js(&organizations()),
    ));
    let window = web_sys::window().unwrap();
    for key in ["__hyoppsUser", "__hyoppsMetabase"] {
        js_sys::Reflect::set(&window, &key.into(), &wasm_bindgen::JsValue::UNDEFINED).unwrap();
    }
}

pub fn value<C: yew::BaseComponent>(page: &Mounted<C>, id: &str) -> String {
    js_sys::Reflect::get(
        &page
            .find(id)
            .unwrap_or_else(|| panic!("#{id} is not on screen")),
        &"value".into(),
    )
    .unwrap()
    .as_string()
    .unwrap_or_default()
}

pub fn disabled<C: yew::BaseComponent>(page: &Mounted<C>, id: &str) -> bool {
    page.find(id)
        .unwrap_or_else(|| panic!("#{id} is not on screen"))
        .has_attribute("disabled")
}
