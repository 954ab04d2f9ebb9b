//! Files written for the user: exports, reports, new scenarios. One place decides how a file is
//! put on disk, so every command that writes one behaves the same.

use std::path::Path;

/// Writes a file that must not exist yet, unless `force`.
pub fn write_new(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)?.write_all(text.as_bytes())
}
