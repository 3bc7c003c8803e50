//! The one typed door to the native commands (DESIGN rule 3).
//!
//! A single `invoke` binding, declared with `catch` so a refused command arrives as `Err`, and
//! one typed function per command in the submodules. Command names appear in this module
//! only. Whatever comes back rejected is turned into a [`WireError`], so screens branch on
//! `code` and show `message`, whatever the failure was. Events the core pushes come in
//! through [`events`], the one `listen` binding; files are chosen through [`dialog`], the one
//! binding to the native file dialog.

mod audit;
mod auth;
mod connection;
mod dialog;
mod events;
mod executions;
mod organization_options;
mod organizations;
mod partner;
mod settings;
mod users;

pub use audit::{
    audit_filter_options, choose_audit_export_path, export_audit_log_csv, list_audit_log,
};
pub use auth::{change_password, current_session, remembered_email, sign_in, sign_out};
pub use connection::{choose_certificate_authority, choose_workplace, connection};
pub use events::{
    listen_connection_changed, listen_execution_changed, listen_session_ended, Subscription,
};
pub use executions::{
    cancel_execution, complete_step_by_hand, dashboard_summary, get_execution, list_executions,
    list_workflows, retry_step, start_execution, submit_step_input,
};
pub use organization_options::{organization_options, MAX_ORGANIZATION_OPTIONS};
pub use organizations::{
    add_studio_company, delete_organization, get_organization, list_organizations,
    preview_organization_deletion, remove_studio_company, set_documentation_links,
    set_system_group, update_organization, update_studio_company,
};
pub use partner::partner_overview;
pub use settings::{
    choose_v03_database, get_settings, import_v03_database, save_system_settings, send_test_email,
    test_connection,
};
pub use users::{
    add_user_to_metabase_group, choose_users_export_path, delete_user, export_users_csv,
    get_metabase_account, get_user, list_users, preview_user_deletion, remove_metabase_membership,
    set_user_password, update_user,
};

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

/// Arguments of a command that takes input: Tauri maps the `request` key onto the command's
/// `request` parameter.
#[derive(Serialize)]
struct RequestArgs<'a, T: Serialize> {
    request: &'a T,
}

/// Arguments of a command a screen reloads when an engine event arrives: `activity` tells the
/// backend whether the person asked (missing, as every other command) or the screen refreshed
/// itself, which does not keep an idle session alive.
#[derive(Serialize)]
struct ReloadArgs<'a, T: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<&'a T>,
    #[serde(skip_serializing_if = "Activity::is_user")]
    activity: Activity,
}

/// Calls a command without input.
async fn call<R: DeserializeOwned>(cmd: &str) -> Result<R, WireError> {
    call_raw(cmd, js_sys::Object::new().into()).await
}

/// Calls a command a screen reloads on events, with or without input.
async fn call_reload<T: Serialize, R: DeserializeOwned>(
    cmd: &str,
    request: Option<&T>,
    activity: Activity,
) -> Result<R, WireError> {
    call_args(cmd, &ReloadArgs { request, activity }).await
}

/// Calls a command whose input travels as `{request: …}`.
async fn call_with<T: Serialize, R: DeserializeOwned>(
    cmd: &str,
    request: &T,
) -> Result<R, WireError> {
    call_args(cmd, &RequestArgs { request }).await
}

/// Calls a command whose parameters are named one by one: `args` serialises to an object whose
/// keys are the command's parameter names (e.g. `{system: "slack"}`).
async fn call_args<A: Serialize, R: DeserializeOwned>(cmd: &str, args: &A) -> Result<R, WireError> {
    // JSON-compatible: maps (a step's `input`) become plain objects, not JS `Map`s that Tauri
    // would send as `{}`, and `None` becomes `null` rather than a missing key.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| internal(format!("Could not encode the request for {cmd}: {e}")))?;
    call_raw(cmd, args).await
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
