//! Entry point of the wasm UI that trunk builds: mounts the app into `<body>`.
//! Everything else lives in the `hyopps_ui` library (see its docs for the rules).

fn main() {
    yew::Renderer::<hyopps_ui::App>::new().render();
}
