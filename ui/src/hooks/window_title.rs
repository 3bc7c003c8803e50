//! The window's title names the screen. The page sets `document.title`; the desktop shell
//! mirrors it onto the native window's title bar (and the taskbar, and the window switcher).

use yew::prelude::*;

#[hook]
pub fn use_window_title(title: String) {
    use_effect_with(title, |title| crate::dom::set_document_title(title));
}
