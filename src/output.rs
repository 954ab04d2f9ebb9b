//! Files written for the user: exports, reports, new scenarios. One place decides how a file is
//! put on disk, so every command that writes one behaves the same.
//!
//! The text goes to a temporary file in the destination's folder, which is renamed over the
//! destination only once it is complete: a full disk or any other failure leaves the old file
//! as it was (and no temporary file behind). A destination that is a symbolic link is refused:
//! writing through it would change a file somewhere else, and replacing the link would quietly
//! undo a link the user made on purpose; either way the user should decide. The rename itself
//! never follows a link, so a link made meanwhile is replaced, never written through.

use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a file was not written. The destination is as it was.
#[derive(Debug, Error)]
pub enum OutputError {
    /// The file exists and `force` was not given.
    #[error(
        "{0} exists; it was left as it is (pass --force to overwrite it, or choose another file)"
    )]
    Exists(PathBuf),
    /// The destination is a symbolic link.
    #[error(
        "{0} is a symbolic link; it was left as it is (frontdesk does not write through links: name the file it points to, or remove the link)"
    )]
    Symlink(PathBuf),
    /// The destination is a folder, a device or another non-file.
    #[error("{0} is not a regular file; it was left as it is (choose a file name)")]
    NotAFile(PathBuf),
    /// The folder the file would go in does not exist.
    #[error(
        "cannot write {0}: its folder does not exist (create the folder first, or choose another file)"
    )]
    NoFolder(PathBuf),
    /// The file, or the folder it would go in, may not be written by this user.
    #[error("cannot write {0}: permission denied (choose a file in a folder you can write to)")]
    NotWritable(PathBuf),
    /// Writing failed (a full disk, no permission, no such folder).
    #[error("cannot write {path}: {source}; nothing was changed")]
    Io {
        /// The destination.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl OutputError {
    /// The destination already exists.
    pub fn is_exists(&self) -> bool {
        matches!(self, Self::Exists(_))
    }
}

/// Checks that `path` may be written: nothing there yet in a folder that exists and may be
/// written, or a regular file that may be written and `force`. Commands call this before doing
/// the work whose result they write; [`write_new`] checks again.
pub fn check_writable(path: &Path, force: bool) -> Result<(), OutputError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => writable(dir, path),
            _ => Err(OutputError::NoFolder(path.to_path_buf())),
        },
        Err(source) => Err(OutputError::Io {
            path: path.to_path_buf(),
            source,
        }),
        Ok(m) if m.file_type().is_symlink() => Err(OutputError::Symlink(path.to_path_buf())),
        Ok(m) if !m.file_type().is_file() => Err(OutputError::NotAFile(path.to_path_buf())),
        Ok(_) if !force => Err(OutputError::Exists(path.to_path_buf())),
        // The file is replaced by a rename in its folder: the folder must be writable.
        Ok(_) => writable(dir, path),
    }
}

/// `dir` may be written by this user (asked of the system, so permissions, ACLs and read-only
/// mounts all count).
fn writable(dir: &Path, path: &Path) -> Result<(), OutputError> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return Err(OutputError::NotWritable(path.to_path_buf()));
        };
        // SAFETY: `c` is a valid NUL-terminated string for the duration of the call.
        if unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } != 0 {
            return Err(OutputError::NotWritable(path.to_path_buf()));
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, path);
    Ok(())
}

/// Writes a file that must not exist yet, unless `force` (then a regular file is replaced).
pub fn write_new(path: &Path, text: &str, force: bool) -> Result<(), OutputError> {
    write_with(path, force, |f| f.write_all(text.as_bytes()))
}

/// [`write_new`] with the contents written by `fill` (which tests make fail).
fn write_with(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    check_writable(path, force)?;
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // The new file gets the old one's permissions, or those of any new file (0666 less the
    // umask) rather than the temporary file's private 0600.
    #[cfg(unix)]
    let permissions = std::fs::metadata(path)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::Permissions::from_mode(0o666)
        });
    #[cfg(unix)]
    builder.permissions(permissions.clone());
    // Dropping the temporary file on any failure below removes it.
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    fill(tmp.as_file_mut()).map_err(io)?;
    tmp.as_file_mut().sync_all().map_err(io)?;
    #[cfg(unix)]
    if std::fs::metadata(path).is_ok() {
        // An existing file's mode exactly, whatever the umask.
        tmp.as_file().set_permissions(permissions).map_err(io)?;
    }
    if force {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        // Fails if the file appeared meanwhile.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists(path.to_path_buf())
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failing_write_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        std::fs::write(&path, "old").unwrap();
        let err = write_with(&path, true, |f| {
            f.write_all(b"half of the new")?;
            Err(std::io::Error::from_raw_os_error(libc::ENOSPC))
        })
        .unwrap_err();
        assert!(matches!(err, OutputError::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("nothing was changed"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(listing(dir.path()), vec!["report.md"]);
    }

    #[test]
    fn a_symbolic_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("precious");
        std::fs::write(&target, "precious").unwrap();
        let link = dir.path().join("out.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for force in [false, true] {
            let err = write_new(&link, "new", force).unwrap_err();
            assert!(matches!(err, OutputError::Symlink(_)), "{err:?}");
        }
        // A dangling link too: writing would create its target.
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(matches!(
            write_new(&dangling, "new", true),
            Err(OutputError::Symlink(_))
        ));
        assert!(!dir.path().join("nowhere").exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn new_files_and_overwrites() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        write_new(&path, "one", false).unwrap();
        assert!(write_new(&path, "two", false).unwrap_err().is_exists());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_new(&path, "three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "the old file's mode is kept");
        assert!(matches!(
            write_new(dir.path(), "x", true),
            Err(OutputError::NotAFile(_))
        ));
        assert_eq!(listing(dir.path()), vec!["a.yaml"]);
        // A bare file name is written in the current folder's terms.
        assert!(matches!(
            write_new(Path::new("no/such/folder/x"), "x", false),
            Err(OutputError::NoFolder(_))
        ));
        assert!(check_writable(Path::new("fresh-name.md"), false).is_ok());
    }
}
