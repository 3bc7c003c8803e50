//! The few DOM calls the app makes itself (focus, scroll into sight, the document's title),
//! through `Reflect`: the app needs no web-sys feature for them. Each does nothing when the
//! thing it reaches for is not there.

use wasm_bindgen::{JsCast, JsValue};

/// Calls `target.method()` when it has such a method.
pub fn call(target: &JsValue, method: &str) {
    if let Some(method) = js_sys::Reflect::get(target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = method.call0(target);
    }
}

/// `document.querySelector(selector)`, when something matches.
pub fn first_matching(selector: &str) -> Option<JsValue> {
    let document = document()?;
    let query = js_sys::Reflect::get(&document, &"querySelector".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let found = query.call1(&document, &selector.into()).ok()?;
    (!found.is_null() && !found.is_undefined()).then_some(found)
}

pub fn set_document_title(title: &str) {
    if let Some(document) = document() {
        let _ = js_sys::Reflect::set(&document, &"title".into(), &title.into());
    }
}

fn document() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &"document".into()).ok()
}
