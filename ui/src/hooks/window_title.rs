//! The window's title names the screen. The page sets `document.title`; the desktop shell
//! mirrors it onto the native window's title bar (and the taskbar, and the window switcher).

use yew::prelude::*;

#[hook]
pub fn use_window_title(title: String) {
    use_effect_with(title, |title| set_document_title(title));
}

fn set_document_title(title: &str) {
    // Through `Reflect`: the app uses no web-sys feature for one property.
    if let Ok(document) = js_sys::Reflect::get(&js_sys::global(), &"document".into()) {
        let _ = js_sys::Reflect::set(&document, &"title".into(), &title.into());
    }
}
