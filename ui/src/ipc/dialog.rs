//! The native file dialogs, through the dialog plugin's
//! `window.__TAURI__.dialog.open(options) -> Promise<string | string[] | null>` (choose a file)
//! and `window.__TAURI__.dialog.save(options) -> Promise<string | null>` (where to save one).

use hyopps_contract::WireError;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{bridge_has, decode_error, internal};

#[wasm_bindgen]
extern "C" {
    // Looked up on every call, like `invoke`, so a test can replace it.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "dialog"], js_name = open, catch)]
    async fn open(options: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "dialog"], js_name = save, catch)]
    async fn save(options: JsValue) -> Result<JsValue, JsValue>;
}

/// Which files the dialog offers: `name` is shown, `extensions` come without the dot.
#[derive(Debug, Clone, Serialize)]
pub struct FileFilter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

#[derive(Serialize)]
struct OpenOptions<'a> {
    title: &'a str,
    multiple: bool,
    directory: bool,
    filters: &'a [FileFilter],
}

/// Asks the admin for one existing file; `None` when they cancel.
pub async fn choose_file(title: &str, filters: &[FileFilter]) -> Result<Option<String>, WireError> {
    if !bridge_has(&["__TAURI__", "dialog", "open"]) {
        return Err(internal(
            "The file dialog is not available here. Start HyOpps itself rather than opening this page in a browser.",
        ));
    }
    let options = OpenOptions {
        title,
        multiple: false,
        directory: false,
        filters,
    }
    .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
    .map_err(|e| internal(format!("Could not describe the file dialog: {e}")))?;
    let chosen = open(options).await.map_err(decode_error)?;
    if chosen.is_null() || chosen.is_undefined() {
        return Ok(None);
    }
    chosen
        .as_string()
        .map(Some)
        .ok_or_else(|| internal("The file dialog answered with something other than one file."))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SaveOptions<'a> {
    title: &'a str,
    /// The file name the dialog proposes (in the folder it opens in).
    default_path: &'a str,
    filters: &'a [FileFilter],
}

/// Asks the admin where to save a new file, proposing `default_name`; `None` when they cancel.
/// Whether to overwrite an existing file is asked by the dialog itself.
pub async fn choose_save_path(
    title: &str,
    default_name: &str,
    filters: &[FileFilter],
) -> Result<Option<String>, WireError> {
    if !bridge_has(&["__TAURI__", "dialog", "save"]) {
        return Err(internal(
            "The save dialog is not available here. Start HyOpps itself rather than opening this page in a browser.",
        ));
    }
    let options = SaveOptions {
        title,
        default_path: default_name,
        filters,
    }
    .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
    .map_err(|e| internal(format!("Could not describe the save dialog: {e}")))?;
    let chosen = save(options).await.map_err(decode_error)?;
    if chosen.is_null() || chosen.is_undefined() {
        return Ok(None);
    }
    chosen
        .as_string()
        .map(Some)
        .ok_or_else(|| internal("The save dialog answered with something other than a path."))
}
