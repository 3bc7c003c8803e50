//! HyOpps's data folder holds the database (password hashes, people's data), the settings file
//! and the logs: on Unix its folders are for their owner only (0700) and so are its files
//! (0600; the store makes the database so itself). On Windows the per-user app-data folder
//! already keeps other accounts out.

use std::io;
use std::path::Path;

/// Creates `path` (and its parents) if needed, and makes it private to its owner, also when an
/// older version created it readable by everyone.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path)?;
    set_mode(path, 0o700)
}

/// Makes the file at `path` private to its owner.
pub fn make_private_file(path: &Path) -> io::Result<()> {
    set_mode(path, 0o600)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}
