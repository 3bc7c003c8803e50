//! Helpers shared by the browser tests: a scripted fake of the Tauri bridge (commands and
//! events), mounting components into fresh roots, and driving the DOM like a user.
//!
//! Each screen's tests use only some of them.
#![allow(dead_code)]

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, InputEvent, InputEventInit};
use yew::{AppHandle, Renderer};

// --- the fake backend --------------------------------------------------------------------

/// Installs `invoke(cmd, args)` with `body` as its JS body; calls are recorded as
/// `"<cmd> <args as JSON>"` in `window.__hyoppsCalls`. Also installs a fake event bus (see
/// [`emit`]).
pub fn fake_invoke(body: &str) {
    let window = web_sys::window().unwrap();
    let record = "window.__hyoppsCalls.push(cmd + ' ' + JSON.stringify(args));\n";
    let invoke = js_sys::Function::new_with_args("cmd, args", &format!("{record}{body}"));
    let core = js_sys::Object::new();
    js_sys::Reflect::set(&core, &"invoke".into(), &invoke).unwrap();
    let tauri = js_sys::Object::new();
    js_sys::Reflect::set(&tauri, &"core".into(), &core).unwrap();
    js_sys::Reflect::set(&tauri, &"event".into(), &fake_event_bus()).unwrap();
    js_sys::Reflect::set(&window, &"__TAURI__".into(), &tauri).unwrap();
    js_sys::Reflect::set(&window, &"__hyoppsCalls".into(), &js_sys::Array::new()).unwrap();
    guard_against_navigation();
}

/// `listen(name, handler)` keeps the handler in `window.__hyoppsListeners` and resolves to
/// an unlisten function that removes it, like Tauri's.
fn fake_event_bus() -> JsValue {
    js_sys::Function::new_no_args(
        "window.__hyoppsListeners = [];
         return {
           listen: (name, handler) => {
             const entry = { name, handler };
             window.__hyoppsListeners.push(entry);
             return Promise.resolve(() => {
               window.__hyoppsListeners = window.__hyoppsListeners.filter((e) => e !== entry);
             });
           },
         };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
}

/// Delivers an event the way Tauri does: `{event, id, payload}` to every listener of `name`.
pub async fn emit(name: &str, payload_json: &str) {
    let emit = js_sys::Function::new_with_args(
        "name, payload",
        "for (const e of window.__hyoppsListeners.filter((l) => l.name === name)) {
           e.handler({ event: name, id: 1, payload: JSON.parse(payload) });
         }",
    );
    emit.call2(&JsValue::NULL, &name.into(), &payload_json.into())
        .unwrap();
    settle().await;
}

/// How many handlers listen to `name` right now.
pub fn listeners(name: &str) -> usize {
    let count = js_sys::Function::new_with_args(
        "name",
        "return window.__hyoppsListeners.filter((l) => l.name === name).length;",
    );
    count
        .call1(&JsValue::NULL, &name.into())
        .unwrap()
        .as_f64()
        .unwrap_or_default() as usize
}

/// A fake that answers each command from a table; anything else is refused loudly. Like the
/// real backend it remembers what an action did: after an action on an execution answers,
/// `get_execution` answers with that execution as the action left it.
pub fn fake_backend(answers: &[(&str, &str)]) {
    let cases: String = answers
        .iter()
        .map(|(cmd, answer)| format!("case '{cmd}': return {answer};\n"))
        .collect();
    fake_invoke(&format!(
        "if (cmd === 'get_execution' && window.__hyoppsLatest !== undefined) {{
           return Promise.resolve(window.__hyoppsLatest);
         }}
         const answer = (() => {{ switch (cmd) {{\n{cases}default: return Promise.reject({{code: 'Internal', message: 'unexpected command ' + cmd}});\n}} }})();
         if (['submit_step_input', 'retry_step', 'complete_step_by_hand', 'cancel_execution'].includes(cmd)) {{
           Promise.resolve(answer).then((detail) => {{ window.__hyoppsLatest = detail; }}, () => {{}});
         }}
         return answer;"
    ));
    js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &"__hyoppsLatest".into(),
        &JsValue::UNDEFINED,
    )
    .unwrap();
}

/// Installs the dialog plugin's `open(options)` with `body` as its JS body, e.g.
/// `return Promise.resolve('/x.db');` or `return Promise.resolve(null);` (cancelled). Call it
/// after [`fake_invoke`] or [`fake_backend`], which replace `__TAURI__`. Calls are recorded
/// like commands, as `"dialog.open <options as JSON>"`.
pub fn fake_dialog(body: &str) {
    let window = web_sys::window().unwrap();
    let record = "window.__hyoppsCalls.push('dialog.open ' + JSON.stringify(options));\n";
    let open = js_sys::Function::new_with_args("options", &format!("{record}{body}"));
    let dialog = js_sys::Object::new();
    js_sys::Reflect::set(&dialog, &"open".into(), &open).unwrap();
    let tauri = js_sys::Reflect::get(&window, &"__TAURI__".into()).unwrap();
    js_sys::Reflect::set(&tauri, &"dialog".into(), &dialog).unwrap();
}

/// A form submission the app did not prevent would reload the test page and lose every
/// result. This last-in-line listener stops it and records it, so the test can fail instead.
fn guard_against_navigation() {
    let install = js_sys::Function::new_no_args(
        "window.__hyoppsUnhandledSubmits = 0;
         if (!window.__hyoppsGuard) {
           window.__hyoppsGuard = true;
           window.addEventListener('submit', (e) => {
             if (!e.defaultPrevented) { window.__hyoppsUnhandledSubmits += 1; e.preventDefault(); }
           });
         }",
    );
    install.call0(&JsValue::NULL).unwrap();
}

pub fn unhandled_submits() -> f64 {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::get(&window, &"__hyoppsUnhandledSubmits".into())
        .unwrap()
        .as_f64()
        .unwrap_or_default()
}

pub fn calls() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let calls: js_sys::Array = js_sys::Reflect::get(&window, &"__hyoppsCalls".into())
        .unwrap()
        .unchecked_into();
    calls.iter().filter_map(|c| c.as_string()).collect()
}

/// The arguments of every recorded call of `cmd`, as JSON.
pub fn calls_of(cmd: &str) -> Vec<serde_json::Value> {
    calls()
        .iter()
        .filter_map(|call| call.strip_prefix(&format!("{cmd} ")))
        .map(|args| serde_json::from_str(args).unwrap())
        .collect()
}

// --- driving the DOM ---------------------------------------------------------------------

pub struct Mounted<C: yew::BaseComponent> {
    pub root: Element,
    handle: Option<AppHandle<C>>,
}

impl<C: yew::BaseComponent> Mounted<C> {
    pub fn find(&self, id: &str) -> Option<Element> {
        self.root.query_selector(&format!("#{id}")).unwrap()
    }

    pub fn text(&self, id: &str) -> String {
        self.find(id)
            .unwrap_or_else(|| panic!("#{id} is not on screen"))
            .text_content()
            .unwrap_or_default()
    }

    pub fn input(&self, id: &str) -> HtmlInputElement {
        self.find(id)
            .unwrap_or_else(|| panic!("input #{id} is not on screen"))
            .dyn_into()
            .unwrap()
    }

    /// Types `value` the way the browser reports it: the value changes, then `input` bubbles.
    /// Works for inputs, text areas and selects (choosing the option with that value).
    pub async fn type_into(&self, id: &str, value: &str) {
        let element = self
            .find(id)
            .unwrap_or_else(|| panic!("#{id} is not on screen to type into"));
        js_sys::Reflect::set(&element, &"value".into(), &value.into()).unwrap();
        let init = InputEventInit::new();
        init.set_bubbles(true);
        let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
        element.dispatch_event(&event).unwrap();
        settle().await;
    }

    pub async fn click(&self, id: &str) {
        let element: HtmlElement = self
            .find(id)
            .unwrap_or_else(|| panic!("#{id} is not on screen to click"))
            .dyn_into()
            .unwrap();
        element.click();
        settle().await;
        assert_eq!(
            unhandled_submits(),
            0.0,
            "clicking #{id} submitted a form the app did not handle"
        );
    }

    /// Polls for `#id` for at most two seconds.
    pub async fn wait_for(&self, id: &str, why: &str) -> Element {
        self.wait_until(why, || self.find(id)).await
    }

    /// Polls `found` for at most two seconds.
    pub async fn wait_until<T>(&self, why: &str, found: impl Fn() -> Option<T>) -> T {
        let deadline = js_sys::Date::now() + 2_000.0;
        while js_sys::Date::now() < deadline {
            if let Some(value) = found() {
                return value;
            }
            next_task().await;
        }
        panic!("not within 2 s: {why}\nscreen: {}", self.root.inner_html());
    }
}

impl<C: yew::BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

/// Mounts `C` with `props` into a fresh `<div>` and lets it render.
pub async fn mount<C: yew::BaseComponent>(props: C::Properties) -> Mounted<C> {
    let root = fresh_root();
    let handle = Renderer::<C>::with_root_and_props(root.clone(), props).render();
    settle().await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

fn fresh_root() -> Element {
    keep_the_test_panic_hook();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Yew's `Renderer` installs its own panic hook unless one was set through Yew. That would
/// replace wasm-bindgen-test's hook, and a failed assertion would then look like a hang
/// ("Failed to detect test as having been run"). Hand Yew the test hook instead.
fn keep_the_test_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let test_hook = std::panic::take_hook();
        yew::set_custom_panic_hook(Box::new(move |info| test_hook(info)));
    });
}

/// Lets the browser run one task (events, promise callbacks, Yew's scheduled renders).
///
/// A MessageChannel message rather than `setTimeout`: headless Chromium treats the test page
/// as a background page and throttles its timers by seconds once the debug wasm has used
/// its CPU budget, which made timer-based waits stall at random.
pub async fn next_task() {
    let promise: js_sys::Promise = js_sys::Function::new_no_args(
        "return new Promise((resolve) => {
           const channel = new MessageChannel();
           channel.port1.onmessage = () => resolve();
           channel.port2.postMessage(null);
         });",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Lets Yew render what the last event changed.
pub async fn settle() {
    for _ in 0..5 {
        next_task().await;
    }
}

/// Puts the test page at `path` (the router reads it when an app mounts) and, when dropped,
/// back where it was: the tests share one page, and the next one expects its address.
pub struct RestorePath(String);

impl RestorePath {
    pub fn go(path: &str) -> Self {
        let before = pathname();
        replace_path(path);
        RestorePath(before)
    }
}

impl Drop for RestorePath {
    fn drop(&mut self) {
        replace_path(&self.0);
    }
}

pub fn replace_path(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

pub fn pathname() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}
