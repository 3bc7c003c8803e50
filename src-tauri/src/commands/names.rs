// Every command the window may invoke, by name, from the contract's one table of commands. The
// build script reads this list to generate each command's permission; the capability grants
// them; the IPC tests check it against the registered handler and the capability file, so a
// command cannot be added without appearing in the table.

/// The names of all registered commands.
pub const COMMAND_NAMES: &[&str] = &hyopps_contract::COMMAND_NAMES;
