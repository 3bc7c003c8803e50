//! Events the native core pushes to the window, through Tauri's
//! `window.__TAURI__.event.listen(name, handler) -> Promise<unlisten>`.
//!
//! A [`Subscription`] listens for as long as it lives: dropping it unlistens, also when the
//! listen promise has not settled yet (the unlisten then runs as soon as it does).

use std::cell::RefCell;
use std::rc::Rc;

use hyopps_contract::{
    ConnectionChanged, ExecutionChanged, MenuAction, WireError, CONNECTION_CHANGED_EVENT,
    EXECUTION_CHANGED_EVENT, MENU_EVENT, SESSION_ENDED_EVENT,
};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::bridge_has;

#[wasm_bindgen]
extern "C" {
    // Looked up on every call, like `invoke`, so a test can replace it.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(message: &str);
}

type Handler = Closure<dyn FnMut(JsValue)>;

/// Listening to one event; drop it to stop.
#[must_use = "dropping the subscription stops listening"]
pub struct Subscription {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Default)]
struct Inner {
    dropped: bool,
    unlisten: Option<js_sys::Function>,
    /// Kept alive while Tauri may call it; freed once unlistened.
    handler: Option<Handler>,
}

impl Inner {
    fn stop(&mut self) {
        if let Some(unlisten) = self.unlisten.take() {
            // Nothing to do about a failed unlisten: the window is going away or the handler
            // is freed below, so a late event would only be dropped.
            let _ = unlisten.call0(&JsValue::NULL);
        }
        self.handler = None;
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut inner = self.inner.borrow_mut();
        inner.dropped = true;
        if inner.unlisten.is_some() {
            inner.stop();
        }
    }
}

/// Calls `on_change` with every `execution-changed` event's payload.
///
/// Outside a Tauri window (a plain browser, a component test without an event bus) there is
/// nothing to listen to: the screens still load, they only do not refresh by themselves.
pub fn listen_execution_changed(on_change: impl Fn(ExecutionChanged) + 'static) -> Subscription {
    subscribe_to(EXECUTION_CHANGED_EVENT, on_change)
}

/// Calls `on_action` with each entry chosen in the native menu (or with its keyboard shortcut).
pub fn listen_menu(on_action: impl Fn(MenuAction) + 'static) -> Subscription {
    subscribe_to(MENU_EVENT, on_action)
}

/// Calls `on_change` when the connection to the HyOpps server the window works on is lost or
/// back (never on this computer).
pub fn listen_connection_changed(on_change: impl Fn(ConnectionChanged) + 'static) -> Subscription {
    subscribe_to(CONNECTION_CHANGED_EVENT, on_change)
}

/// Calls `on_end` with the reason when the HyOpps server ends the window's session.
pub fn listen_session_ended(on_end: impl Fn(WireError) + 'static) -> Subscription {
    subscribe_to(SESSION_ENDED_EVENT, on_end)
}

/// Listens to `name`, handing its payload, read as `T`, to `on_event`.
fn subscribe_to<T: DeserializeOwned>(
    name: &'static str,
    on_event: impl Fn(T) + 'static,
) -> Subscription {
    subscribe(name, move |event: JsValue| {
        // Tauri hands the handler `{event, id, payload}`.
        let payload = js_sys::Reflect::get(&event, &JsValue::from_str("payload"))
            .unwrap_or(JsValue::UNDEFINED);
        match serde_wasm_bindgen::from_value::<T>(payload) {
            Ok(payload) => on_event(payload),
            Err(e) => console_warn(&format!("A {name} event could not be read: {e}")),
        }
    })
}

fn subscribe(name: &'static str, on_event: impl FnMut(JsValue) + 'static) -> Subscription {
    let inner = Rc::new(RefCell::new(Inner::default()));
    if !bridge_has(&["__TAURI__", "event", "listen"]) {
        return Subscription { inner };
    }
    let handler: Handler = Closure::new(on_event);
    let function: js_sys::Function = handler.as_ref().clone().unchecked_into();
    inner.borrow_mut().handler = Some(handler);

    let pending = inner.clone();
    spawn_local(async move {
        let result = listen(name, &function).await;
        let mut inner = pending.borrow_mut();
        match result {
            Ok(unlisten) => {
                inner.unlisten = unlisten.dyn_into::<js_sys::Function>().ok();
                if inner.dropped {
                    inner.stop();
                }
            }
            Err(e) => {
                console_warn(&format!("Could not listen to {name}: {e:?}"));
                inner.handler = None;
            }
        }
    });
    Subscription { inner }
}
