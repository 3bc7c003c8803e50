//! How the window's web view paints its pages: with the CPU, then composited as before.
//!
//! WebKitGTK paints with Skia, by default on the GPU. For HyOpps' forms and tables that buys no
//! speed, and it costs memory: Skia's GPU caches and, where there is no GPU (a remote desktop, a
//! virtual machine), Mesa's software GL doing the painting. Measured with `make measure` on the
//! sign-in screen: the web process 217.5 → 186.8 MiB PSS, start-up unchanged (886 → 872 ms).
//! Compositing the painted layers stays accelerated, so nothing else about the window changes.
//!
//! Someone who wants GPU painting back starts HyOpps with `WEBKIT_SKIA_ENABLE_CPU_RENDERING=0`:
//! a value already in the environment is left as it is.

/// WebKitGTK's own switch, read by each web process it starts (which inherit this process's
/// environment). Any value but "0" paints with the CPU.
#[cfg(target_os = "linux")]
const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Asks WebKit to paint with the CPU unless the environment already says otherwise. Called
/// first thing in [`crate::run`], before GTK or any other thread starts: the environment is then
/// this thread's alone to change.
pub(crate) fn prefer_cpu_painting() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(CPU_PAINTING).is_none() {
        std::env::set_var(CPU_PAINTING, "1");
    }
}
