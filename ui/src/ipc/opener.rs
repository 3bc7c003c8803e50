//! Web links (documentation, the systems' own pages) open in the person's default browser,
//! through the opener plugin's `open_url` command: inside the app's window a link would have
//! nowhere to go, and the window must stay HyOpps.

use hyopps_contract::WireError;
use serde::Serialize;

use super::call_raw;

#[derive(Serialize)]
struct OpenUrl<'a> {
    url: &'a str,
}

pub async fn open_in_browser(url: &str) -> Result<(), WireError> {
    let args = OpenUrl { url }
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| super::internal(format!("Could not describe the link: {e}")))?;
    call_raw::<()>("plugin:opener|open_url", args).await
}
