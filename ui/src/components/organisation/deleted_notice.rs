//! "Organisation X was deleted", carried from the detail to the list in the history entry's
//! state: the list reads it once and clears it, so going back and forth does not repeat it.

use wasm_bindgen::{JsCast, JsValue};
use yew_nested_router::prelude::State;

const KEY: &str = "deleted_organisation";

/// The state to push with the list's route after deleting `name`.
pub fn deleted_state(name: &str) -> State {
    let state = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&state, &KEY.into(), &name.into());
    State::from(JsValue::from(state))
}

/// The deleted organisation's name, if the current history entry carries one; clears it.
pub fn take_deleted_name() -> Option<String> {
    let history = js_sys::Reflect::get(&js_sys::global(), &"history".into()).ok()?;
    let state = js_sys::Reflect::get(&history, &"state".into()).ok()?;
    if !state.is_object() {
        return None;
    }
    let name = js_sys::Reflect::get(&state, &KEY.into())
        .ok()?
        .as_string()?;
    // `history.replaceState(null, "")` keeps the address and forgets the notice.
    if let Some(replace) = js_sys::Reflect::get(&history, &"replaceState".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = replace.call2(&history, &JsValue::NULL, &"".into());
    }
    Some(name)
}
