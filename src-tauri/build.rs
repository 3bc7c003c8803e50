// Tauri's build step: generates the context and the permissions of our own commands.
// The capabilities live under src-tauri/ while tauri.conf.json sits at the top level, so their
// path must be given here, or every permission fails at run time with "not allowed".

include!("src/commands/names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/commands/names.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES)),
    )
    .expect("tauri build step failed");
}
