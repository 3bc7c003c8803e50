//! The UI's component tests, in headless Chromium (wasm-bindgen-test-runner, see
//! .cargo/config.toml). One test binary for every screen: each separate binary would link the
//! whole UI again, for minutes of build and hundreds of megabytes of disk.
//!
//! Each test mounts into its own fresh `<div>`, replaces `window.__TAURI__.core.invoke` with a
//! scripted fake (recording every call), drives the DOM like a user, and waits a bounded time
//! for the expected element. Tests run one after another in one page, so the fake is installed
//! anew at the start of each.

// Browser-only: natively this test binary is empty.
#![cfg(target_arch = "wasm32")]

mod admin_console;
mod support;

mod access;
mod audit;
mod backups;
mod executions;
mod integration_settings;
mod menu;
mod organisations;
mod partner;
mod people_import;
mod settings;
mod sign_in_form;
mod user_detail;
mod users;
mod workplace;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
