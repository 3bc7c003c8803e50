//! The one typed door to the native commands.
//!
//! A single `invoke` binding, declared with `catch` so a refused command arrives as `Err`, and
//! one typed function per command in the submodules. Each calls its command through the
//! contract's table (`hyopps_contract::commands`): the name, the argument shape and the answer
//! type are the table's, so a command the shell or the server does not have, or a shape it
//! would not read, does not compile. Whatever comes back rejected is turned into a [`WireError`], so screens branch on
//! `code` and show `message`, whatever the failure was. Events the core pushes come in
//! through [`events`], the one `listen` binding; files are chosen through [`dialog`], the one
//! binding to the native file dialog.

mod access;
mod audit;
mod auth;
mod connection;
mod dialog;
mod events;
mod executions;
mod opener;
mod organization_options;
mod organizations;
mod partner;
mod people_import;
mod settings;
mod users;

pub use access::{
    access_overview, check_all_access, choose_access_export_path, export_access_report_csv,
    set_access_check_schedule,
};
pub use audit::{
    audit_filter_options, choose_audit_export_path, export_audit_log_csv, list_audit_log,
};
pub use auth::{change_password, current_session, remembered_email, sign_in, sign_out};
pub use connection::{choose_certificate_authority, choose_workplace, connection};
pub use events::{
    listen_connection_changed, listen_execution_changed, listen_menu, listen_session_ended,
    Subscription,
};
pub use executions::{
    cancel_execution, complete_step_by_hand, dashboard_summary, get_execution, list_executions,
    list_workflows, move_user, offboard_organization, offboard_user, preview_workflow, retry_step,
    start_execution, submit_step_input,
};
pub use opener::open_in_browser;
pub use organization_options::{organization_options, MAX_ORGANIZATION_OPTIONS};
pub use organizations::{
    add_studio_company, check_organization_access, delete_organization, get_organization,
    list_organizations, preview_organization_deletion, remove_studio_company,
    set_documentation_links, set_organization_systems, set_system_group, update_organization,
    update_studio_company,
};
pub use partner::partner_overview;
pub use people_import::{
    choose_people_file, people_imports, preview_people_import, read_people_file,
    start_people_import,
};
pub use settings::{
    back_up_now, choose_backup_file, choose_v03_database, get_settings, import_v03_database,
    list_backups, restore_backup, save_system_settings, send_test_email, test_connection,
};
pub use users::{
    add_user_to_metabase_group, check_user_access, choose_users_export_path, delete_user,
    export_users_csv, get_metabase_account, get_user, list_users, preview_user_deletion,
    remove_metabase_membership, repair_access, set_user_password, update_user,
};

use hyopps_contract::commands::{ActivityArgs, Command, RequestActivityArgs, RequestArgs};
use hyopps_contract::{Activity, ErrorCode, WireError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // Looked up on every call, so a test can replace `window.__TAURI__.core.invoke`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Calls command `C` of the contract's table with `args`: its name and its argument and answer
/// types come from the table, so the window cannot call a command by a name or with a shape
/// the shell and the server do not have.
async fn command<C: Command>(args: &C::Args) -> Result<C::Response, WireError> {
    // JSON-compatible: maps (a step's `input`) become plain objects, not JS `Map`s that Tauri
    // would send as `{}`, and `None` becomes `null` rather than a missing key.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| internal(format!("Could not encode the request for {}: {e}", C::NAME)))?;
    call_raw(C::NAME, args).await
}

/// Calls a command without input.
async fn call<C>() -> Result<C::Response, WireError>
where
    C: Command,
    C::Args: Default,
{
    command::<C>(&C::Args::default()).await
}

/// Calls a command whose input travels as `{request: …}`.
async fn call_with<C, T>(request: &T) -> Result<C::Response, WireError>
where
    C: Command<Args = RequestArgs<T>>,
    T: Clone,
{
    command::<C>(&RequestArgs {
        request: request.clone(),
    })
    .await
}

/// Calls a command a screen also reloads when an engine event arrives: `activity` tells the
/// backend whether the person asked (left out, as for every other command) or the screen
/// refreshed itself, which does not keep an idle session alive.
async fn call_reload<C, T>(request: &T, activity: Activity) -> Result<C::Response, WireError>
where
    C: Command<Args = RequestActivityArgs<T>>,
    T: Clone,
{
    command::<C>(&RequestActivityArgs {
        request: request.clone(),
        activity: reload(activity),
    })
    .await
}

/// As [`call_reload`], for a command without input.
async fn call_reload_plain<C>(activity: Activity) -> Result<C::Response, WireError>
where
    C: Command<Args = ActivityArgs>,
{
    command::<C>(&ActivityArgs {
        activity: reload(activity),
    })
    .await
}

fn reload(activity: Activity) -> Option<Activity> {
    (!activity.is_user()).then_some(activity)
}

async fn call_raw<R: DeserializeOwned>(cmd: &str, args: JsValue) -> Result<R, WireError> {
    if !bridge_has(&["__TAURI__", "core", "invoke"]) {
        return Err(internal(
            "HyOpps' window is not connected to the app (no Tauri bridge). Start HyOpps itself rather than opening this page in a browser.",
        ));
    }
    let value = invoke(cmd, args).await.map_err(decode_error)?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| internal(format!("The answer to {cmd} could not be read: {e}")))
}

/// Whether `window.<path>` is a function, e.g. `__TAURI__.core.invoke`.
///
/// Checked before calling because wasm-bindgen's `async` + `catch` import only turns a *rejected
/// promise* into `Err`: if the lookup itself throws (no `__TAURI__`, e.g. `trunk serve` in a
/// plain browser), the glue goes on to call `.then` on `undefined` and the task dies silently.
fn bridge_has(path: &[&str]) -> bool {
    let mut value: JsValue = js_sys::global().into();
    for key in path {
        value = match js_sys::Reflect::get(&value, &JsValue::from_str(key)) {
            Ok(next) if !next.is_undefined() && !next.is_null() => next,
            _ => return false,
        };
    }
    value.is_function()
}

/// A rejection is normally `{code, message, fields?}`; anything else (a plain string from
/// Tauri itself, a JS exception when the window is not a Tauri window) becomes `Internal`.
fn decode_error(value: JsValue) -> WireError {
    if let Ok(error) = serde_wasm_bindgen::from_value::<WireError>(value.clone()) {
        return error;
    }
    if let Some(text) = value.as_string() {
        return internal(text);
    }
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return internal(String::from(error.message()));
    }
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "The app gave an answer that could not be read.".to_owned());
    internal(text)
}

fn internal(message: impl Into<String>) -> WireError {
    WireError::new(ErrorCode::Internal, message)
}
