//! Notes a screen leaves in the history entry it navigates to: "Ada Lovelace was deleted" for
//! the list it returns to, or the organisation a list opens filtered by. The entry's state is
//! an object of named strings; the router passes it along untouched.

use wasm_bindgen::{JsCast, JsValue};
use yew_nested_router::prelude::State;

/// "Organisation X was deleted", for the organisations list.
pub const DELETED_ORGANISATION: &str = "deleted_organisation";
/// "Ada Lovelace was deleted, …", for the users list.
pub const DELETED_USER: &str = "deleted_user";
/// The organisation (id) whose people the users list opens with.
pub const USERS_OF_ORGANISATION: &str = "users_of_organisation";

/// The state to push with a route: one note under `key`.
pub fn with_note(key: &str, value: &str) -> State {
    let state = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&state, &key.into(), &value.into());
    State::from(JsValue::from(state))
}

/// The note under `key` in the current history entry, if it carries one.
pub fn read_note(key: &str) -> Option<String> {
    let state = js_sys::Reflect::get(&history()?, &"state".into()).ok()?;
    if !state.is_object() {
        return None;
    }
    js_sys::Reflect::get(&state, &key.into()).ok()?.as_string()
}

/// Reads the note and forgets the entry's state, so that going back and forth or reloading
/// does not say it again.
pub fn take_note(key: &str) -> Option<String> {
    let note = read_note(key)?;
    let history = history()?;
    // Straight to the browser, not through the router's `History`: that one would notify the
    // router in the middle of a render, and the address does not change anyway.
    if let Some(replace) = js_sys::Reflect::get(&history, &"replaceState".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = replace.call2(&history, &JsValue::NULL, &"".into());
    }
    Some(note)
}

fn history() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &"history".into()).ok()
}
