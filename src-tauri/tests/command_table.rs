//! The contract's table of commands, the registered handler and the window's capability agree:
//! the handler is checked against the table's names by
//! `every_listed_command_is_registered_and_nothing_else_answers`, the capability file here.

use std::collections::BTreeSet;

use hyopps_contract::COMMANDS;
use hyopps_lib::commands::COMMAND_NAMES;

/// Tauri's generated permission for one of our own commands.
fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

#[test]
fn the_capability_grants_exactly_the_commands_of_the_table() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src-tauri/capabilities/default.json"
    );
    let text = std::fs::read_to_string(path).expect("the capability file is readable");
    let capability: serde_json::Value =
        serde_json::from_str(&text).expect("the capability file is JSON");
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("the capability lists permissions")
        .iter()
        .filter_map(|p| p.as_str())
        // Plugins' permissions carry their plugin's prefix (`dialog:`, `core:`); ours do not.
        .filter(|p| !p.contains(':'))
        .map(str::to_owned)
        .collect();
    let table: BTreeSet<String> = COMMANDS.iter().map(|c| permission(c.name)).collect();
    let missing: Vec<_> = table.difference(&granted).collect();
    let extra: Vec<_> = granted.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "commands of the table the window is not allowed to call: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "permissions for commands that are not in the table: {extra:?}"
    );
}

#[test]
fn the_shell_lists_the_tables_commands_in_its_order() {
    let table: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(
        COMMAND_NAMES,
        table.as_slice(),
        "the build script's permissions and the IPC tests take the table's names"
    );
}
