//! How a trainer's console finds and joins a running group session.
//!
//! `frontdesk present` listens on the loopback address only and writes
//! `<data folder>/sessions/<pid>.json` (mode 0600, in a folder of mode 0700): the address, a
//! random 128-bit token and what the session is. The file goes when the session ends; files
//! of processes that are gone are removed by the next console that looks. `frontdesk console`
//! reads the file, connects, says hello with the token and then speaks line-delimited JSON:
//! the session sends a [`TrainerView`] after every change, the console sends keys
//! ([`WireKey`]). Without the token nothing attaches: the token is compared in constant time
//! and a wrong one is refused before anything about the session is sent.

use crate::engine::console::TrainerView;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The protocol's version, said in the hello.
pub const VERSION: u32 = 1;
/// The longest line a console may send (a key is a few dozen bytes).
pub const MAX_CONSOLE_LINE: usize = 4096;
/// The longest line a session may send (a view with long replies).
pub const MAX_VIEW_LINE: usize = 1 << 20;
/// How long either side waits for the other's first line.
pub const HANDSHAKE: Duration = Duration::from_secs(5);

/// The secret a console must show: 32 hex digits from the operating system's random source.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A new random token.
    pub fn new() -> Self {
        Self(format!("{:032x}", rand::random::<u128>()))
    }

    /// The token as written in the session file.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `given` is this token, compared in constant time (the length is not secret).
    pub fn matches(&self, given: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), given.as_bytes())
    }
}

impl Default for Token {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Equal bytes, in a time that depends only on the lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// What `<data folder>/sessions/<pid>.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionFile {
    /// The presenter's process.
    pub pid: u32,
    /// Where it listens (loopback).
    pub address: SocketAddr,
    /// The token a console must show.
    pub token: String,
    /// The scenario's id.
    pub scenario: String,
    /// When the session started (RFC 3339, UTC).
    pub started: String,
}

/// The folder of session files in a data folder.
pub fn sessions_dir(data: &Path) -> PathBuf {
    data.join("sessions")
}

/// A session file on disk; dropping this removes it.
#[derive(Debug)]
pub struct Registration {
    path: PathBuf,
}

impl Registration {
    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl SessionFile {
    /// Writes the file into `data`'s sessions folder (made with mode 0700), readable by its owner
    /// only, complete or not at all (written beside it and renamed into place).
    pub fn register(&self, data: &Path) -> std::io::Result<Registration> {
        let dir = sessions_dir(data);
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir)?;
        // A folder made earlier by other means is made private too (when it is ours to change).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
        }
        // A temporary file is made with mode 0600.
        let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
        serde_json::to_writer(&mut tmp, self)?;
        tmp.write_all(b"\n")?;
        let path = dir.join(format!("{}.json", self.pid));
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(Registration { path })
    }

    /// Reads one session file.
    pub fn read(path: &Path) -> Result<Self, AttachError> {
        let text = std::fs::read_to_string(path).map_err(|source| AttachError::Unreadable {
            path: path.to_path_buf(),
            why: source.to_string(),
        })?;
        serde_json::from_str(&text).map_err(|e| AttachError::Unreadable {
            path: path.to_path_buf(),
            why: format!("not a session file ({e})"),
        })
    }
}

/// True while process `pid` exists.
pub fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // 0 and negative ids name process groups, not a process.
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The sessions running, oldest first. Files of processes that are gone are removed; files that
/// are not session files are left alone and skipped.
pub fn running(data: &Path) -> Vec<(PathBuf, SessionFile)> {
    let Ok(entries) = std::fs::read_dir(sessions_dir(data)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let Ok(file) = SessionFile::read(&path) else {
            continue;
        };
        if alive(file.pid) {
            out.push((path, file));
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
    out.sort_by(|a, b| (&a.1.started, &a.0).cmp(&(&b.1.started, &b.0)));
    out
}

/// The session to attach to: the file given, else the one running. Several running, or none,
/// is an error that says what to do.
pub fn pick(data: &Path, explicit: Option<&Path>) -> Result<SessionFile, AttachError> {
    if let Some(path) = explicit {
        let file = SessionFile::read(path)?;
        if !alive(file.pid) {
            return Err(AttachError::Ended {
                path: path.to_path_buf(),
                pid: file.pid,
            });
        }
        return Ok(file);
    }
    let mut found = running(data);
    match found.len() {
        0 => Err(AttachError::NoneRunning {
            dir: sessions_dir(data),
        }),
        1 => Ok(found.remove(0).1),
        _ => Err(AttachError::Several(
            found
                .iter()
                .map(|(p, f)| {
                    format!(
                        "--session {}   ({}, started {})",
                        p.display(),
                        f.scenario,
                        chrono::DateTime::parse_from_rfc3339(&f.started)
                            .map(|t| t
                                .with_timezone(&chrono::Local)
                                .format("%Y-%m-%d %H:%M")
                                .to_string())
                            .unwrap_or_else(
                                |_| crate::scenario::text::visible(&f.started).into_owned()
                            )
                    )
                })
                .collect(),
        )),
    }
}

/// Why a console could not attach.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    /// No session file of a live process.
    #[error(
        "no group session is running (nothing in {}); start one with `frontdesk present ID` in another terminal",
        dir.display()
    )]
    NoneRunning {
        /// The folder looked in.
        dir: PathBuf,
    },
    /// More than one: the console cannot guess. Each entry is a `--session PATH` to give, with
    /// the scenario and when it started.
    #[error("several group sessions are running; pick one with --session PATH: {}", .0.join("; "))]
    Several(Vec<String>),
    /// The file given cannot be read or is not a session file.
    #[error("cannot read the session file {}: {why}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// The file given names a process that is gone.
    #[error("{} is of a session that has ended (process {pid} is gone)", path.display())]
    Ended {
        /// The file.
        path: PathBuf,
        /// Its process.
        pid: u32,
    },
    /// The address in the file does not answer.
    #[error("cannot reach the session at {addr}: {why}; is `frontdesk present` still running?")]
    Connect {
        /// Where.
        addr: SocketAddr,
        /// Why.
        why: String,
    },
    /// The session said no.
    #[error("the session refused the console: {0}")]
    Refused(String),
    /// The session said something that is not the protocol.
    #[error("the session answered something unexpected: {0}")]
    Protocol(String),
}

/// A key a console may send: the presenter's keys, nothing else (Esc, `q` and Ctrl-C detach the
/// console and are never sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireKey {
    /// A printable character: a letter (a vote), a digit (a count), `b` (blank).
    Char(char),
    /// Enter.
    Enter,
    /// Backspace.
    Backspace,
    /// ←.
    Left,
    /// →.
    Right,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// F5 (a clicker's start key).
    F5,
}

/// A console's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToSession {
    /// The first line: the token and the protocol's version.
    Hello {
        /// The token from the session file.
        token: String,
        /// [`VERSION`].
        version: u32,
    },
    /// A key pressed in the console.
    Key {
        /// Which.
        key: WireKey,
    },
}

/// A session's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToConsole {
    /// The session as it is now (the first one welcomes the console).
    View {
        /// The view.
        view: Box<TrainerView>,
    },
    /// The console is not let in, and why; the connection closes.
    Refused {
        /// Why, in words.
        reason: String,
    },
}

/// Reads one line of at most `max` bytes (without the newline); `None` at the end of the stream.
pub fn read_line(reader: &mut impl BufRead, max: usize) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = reader
        .by_ref()
        .take(max as u64 + 1)
        .read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    } else if buf.len() > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a line longer than {max} bytes"),
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// A console attached to a session.
pub struct Attached {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Attached {
    /// Connects to the session in `file`, shows the token and waits for the first view.
    pub fn connect(file: &SessionFile) -> Result<(Self, TrainerView), AttachError> {
        Self::connect_with(file.address, &file.token)
    }

    /// Connects to `addr` with `token` (tests try wrong ones).
    pub fn connect_with(addr: SocketAddr, token: &str) -> Result<(Self, TrainerView), AttachError> {
        let err = |e: std::io::Error| AttachError::Connect {
            addr,
            why: e.to_string(),
        };
        let stream = TcpStream::connect_timeout(&addr, HANDSHAKE).map_err(err)?;
        stream.set_read_timeout(Some(HANDSHAKE)).map_err(err)?;
        let mut attached = Self {
            writer: stream.try_clone().map_err(err)?,
            reader: BufReader::new(stream),
        };
        attached
            .say(&ToSession::Hello {
                token: token.to_string(),
                version: VERSION,
            })
            .map_err(err)?;
        let first = match attached.next_message() {
            Ok(Some(ToConsole::View { view })) => *view,
            Ok(Some(ToConsole::Refused { reason })) => return Err(AttachError::Refused(reason)),
            Ok(None) => return Err(AttachError::Refused("the connection was closed".into())),
            Err(e) => return Err(AttachError::Protocol(e.to_string())),
        };
        attached
            .reader
            .get_ref()
            .set_read_timeout(None)
            .map_err(err)?;
        Ok((attached, first))
    }

    fn say(&mut self, msg: &ToSession) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(msg)?;
        line.push(b'\n');
        self.writer.write_all(&line)
    }

    /// Sends a key to the session.
    pub fn send(&mut self, key: WireKey) -> std::io::Result<()> {
        self.say(&ToSession::Key { key })
    }

    /// The session's next line; `None` when it has closed the connection.
    pub fn next_message(&mut self) -> std::io::Result<Option<ToConsole>> {
        let Some(line) = read_line(&mut self.reader, MAX_VIEW_LINE)? else {
            return Ok(None);
        };
        serde_json::from_str(&line)
            .map(Some)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// A second handle on the connection, for sending keys while another thread reads views.
    pub fn sender(&self) -> std::io::Result<Self> {
        Ok(Self {
            writer: self.writer.try_clone()?,
            reader: BufReader::new(self.writer.try_clone()?),
        })
    }

    /// Closes both directions (a reader blocked in [`next_message`](Self::next_message) returns).
    pub fn close(&self) {
        let _ = self.writer.shutdown(std::net::Shutdown::Both);
    }
}

#[cfg(test)]
mod tests;
