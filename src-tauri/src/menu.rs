//! The native menu bar: HyOpps (Settings, Quit), Go (each area), View (Jump to…, Start a
//! workflow…, Refresh) and Help (About), with the usual keyboard shortcuts. Choosing an entry
//! sends it to the window as a [`MENU_EVENT`]; the window does the rest (it knows the screen).

use hyopps_contract::{MenuAction, MENU_EVENT};
use tauri::menu::{AboutMetadata, Menu, MenuItemBuilder, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::MAIN_WINDOW;

/// Builds the menu bar.
pub(crate) fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let entry = |action: MenuAction| {
        let item = MenuItemBuilder::with_id(action.id(), action.label());
        match action.shortcut() {
            Some(shortcut) => item.accelerator(shortcut),
            None => item,
        }
        .build(app)
    };
    let hyopps = Submenu::with_items(
        app,
        "HyOpps",
        true,
        &[
            &entry(MenuAction::GoSettings)?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some("Quit HyOpps"))?,
        ],
    )?;
    let go = Submenu::with_items(
        app,
        "Go",
        true,
        &[
            &entry(MenuAction::GoDashboard)?,
            &entry(MenuAction::GoExecutions)?,
            &entry(MenuAction::GoOrganisations)?,
            &entry(MenuAction::GoUsers)?,
            &entry(MenuAction::GoAccessCheck)?,
            &entry(MenuAction::GoAuditLog)?,
        ],
    )?;
    let view = Submenu::with_items(
        app,
        "View",
        true,
        &[
            &entry(MenuAction::Jump)?,
            &entry(MenuAction::StartWorkflow)?,
            &PredefinedMenuItem::separator(app)?,
            &entry(MenuAction::Refresh)?,
        ],
    )?;
    let about = AboutMetadata {
        name: Some("HyOpps".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        comments: Some(
            "Gives partner organisations and their people access to the company's systems.".into(),
        ),
        ..AboutMetadata::default()
    };
    let help = Submenu::with_items(
        app,
        "Help",
        true,
        &[&PredefinedMenuItem::about(
            app,
            Some("About HyOpps"),
            Some(about),
        )?],
    )?;
    Menu::with_items(app, &[&hyopps, &go, &view, &help])
}

/// Passes a chosen entry on to the window; entries the window does not act on (Quit, About)
/// are the menu's own.
pub(crate) fn on_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let Some(action) = MenuAction::from_id(id) else {
        return;
    };
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        if let Err(error) = window.emit(MENU_EVENT, action) {
            tracing::warn!(%error, "could not pass the menu entry to the window");
        }
    }
}
