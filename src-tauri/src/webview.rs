//! The web view's settings: what a local one-page app does not use and still pays for in memory.
//!
//! WebKitGTK's defaults are a web browser's: caches sized for browsing many sites, a page cache
//! for going back and forth between documents, and a GPU compositor. HyOpps shows one document
//! from its own files, draws forms and tables, and is often the only thing on a remote desktop
//! without a GPU, so the smallest cache model, no page cache and drawing without the GPU suit it.

use tauri::{Runtime, WebviewWindow};

/// Applies the settings to the window's web view; a failure is logged, the window works anyway.
pub(crate) fn lighten<R: Runtime>(window: &WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    if let Err(error) = window.with_webview(|webview| {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let view = webview.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    }) {
        tracing::warn!(%error, "could not adjust the web view's settings");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
