//! Where statements go: the LRS endpoint and IRIs (`lrs.json` in the config folder), and the
//! credentials (the environment, or a file only the user can read, written only when asked).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The settings file in the config folder.
pub const SETTINGS_FILE: &str = "lrs.json";
/// The credentials file in the config folder (mode 0600), written only with `--save-credentials`.
pub const CREDENTIALS_FILE: &str = "lrs-credentials.json";

/// What `frontdesk lrs set` stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The xAPI endpoint, ending in `/` (statements are at `{endpoint}statements`).
    pub endpoint: String,
    /// The scenarios' activity IRIs start with this (ending in `/`).
    pub activity_base: String,
    /// The account home page of every trainee's account.
    pub home_page: String,
}

/// A user name and password for HTTP basic auth. Never printed: `Debug` hides the password.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// Where credentials came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialSource {
    /// `FRONTDESK_LRS_USER` / `FRONTDESK_LRS_PASSWORD`.
    Environment,
    /// The credentials file.
    File,
}

/// Why the configuration cannot be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The endpoint is not an http(s) URL.
    #[error(
        "`{0}` is not an LRS address; give its xAPI endpoint, e.g. https://lrs.example.org/xAPI/"
    )]
    BadEndpoint(String),
    /// A user name or password written into the URL, where messages and `status` would show it.
    #[error(
        "the LRS address has a user name or password in it; give the address alone, and the credentials in FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD"
    )]
    CredentialsInUrl,
    /// An IRI that is not absolute.
    #[error("`{0}` is not an absolute IRI (it should start with https://)")]
    BadIri(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A settings file that does not read.
    #[error(
        "{path} is not a frontdesk LRS settings file ({problem}); run `frontdesk lrs set URL` again"
    )]
    Bad {
        /// The file.
        path: PathBuf,
        /// What does not read.
        problem: String,
    },
    /// No folder for the settings.
    #[error("no config folder could be found; set FRONTDESK_CONFIG_DIR")]
    NoFolder,
}

/// The config folder: `FRONTDESK_CONFIG_DIR`, else the platform's (e.g. `~/.config/frontdesk`).
pub fn config_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FRONTDESK_CONFIG_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "frontdesk").map(|d| d.config_dir().to_path_buf())
}

fn http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with('/') && !r.chars().any(char::is_whitespace)
    })
}

/// `scheme://host[:port]` of an http(s) URL.
pub fn origin(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..].find('/').map_or(url.len(), |i| after + i);
    &url[..end]
}

fn with_slash(s: &str) -> String {
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

impl Settings {
    /// Settings for `endpoint`, with the defaults: activities under `{origin}/frontdesk/`, and
    /// the LRS's origin as the accounts' home page.
    pub fn new(
        endpoint: &str,
        activity_base: Option<&str>,
        home_page: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let endpoint = endpoint.trim();
        if origin(endpoint).contains('@') {
            // Said without quoting the address: it holds the password.
            return Err(ConfigError::CredentialsInUrl);
        }
        if !http_url(endpoint) {
            return Err(ConfigError::BadEndpoint(endpoint.to_string()));
        }
        let origin = origin(endpoint);
        let activity_base = with_slash(activity_base.unwrap_or(&format!("{origin}/frontdesk/")));
        let home_page = home_page.unwrap_or(origin).to_string();
        for iri in [&activity_base, &home_page] {
            if !http_url(iri) {
                return Err(ConfigError::BadIri(iri.clone()));
            }
        }
        Ok(Self {
            endpoint: with_slash(endpoint),
            activity_base,
            home_page,
        })
    }

    /// The statements resource.
    pub fn statements_url(&self) -> String {
        format!("{}statements", self.endpoint)
    }

    /// Reads the settings in `dir`; `None` when the LRS was never configured.
    pub fn load(dir: &Path) -> Result<Option<Self>, ConfigError> {
        let path = dir.join(SETTINGS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(ConfigError::Io { path, source }),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| ConfigError::Bad {
                path,
                problem: e.to_string(),
            })
    }

    /// Writes the settings into `dir` (created if needed).
    pub fn save(&self, dir: &Path) -> Result<PathBuf, ConfigError> {
        let path = dir.join(SETTINGS_FILE);
        let text = serde_json::to_string_pretty(self).expect("settings are JSON") + "\n";
        write_private(&path, &text, false)?;
        Ok(path)
    }
}

fn write_private(path: &Path, text: &str, secret: bool) -> Result<(), ConfigError> {
    let io = |source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    // A temporary file is created 0600; the settings are not secret and are made readable.
    #[cfg(unix)]
    if !secret {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644)).map_err(io)?;
    }
    #[cfg(not(unix))]
    let _ = secret;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

impl Credentials {
    /// The credentials to use: the environment's when both variables are set, else the file's,
    /// else none.
    pub fn find(dir: &Path) -> Result<Option<(Self, CredentialSource)>, ConfigError> {
        if let Some(c) = Self::from_env() {
            return Ok(Some((c, CredentialSource::Environment)));
        }
        let path = dir.join(CREDENTIALS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(|c| Some((c, CredentialSource::File)))
                .map_err(|_| ConfigError::Bad {
                    path,
                    // serde's message could quote the file, password and all.
                    problem: "not a user name and a password".into(),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(ConfigError::Io { path, source }),
        }
    }

    /// `FRONTDESK_LRS_USER` and `FRONTDESK_LRS_PASSWORD`, when both are set.
    pub fn from_env() -> Option<Self> {
        let user = std::env::var("FRONTDESK_LRS_USER").ok()?;
        let password = std::env::var("FRONTDESK_LRS_PASSWORD").ok()?;
        Some(Self { user, password })
    }

    /// Stores the credentials in `dir`, readable by the user only.
    pub fn save(&self, dir: &Path) -> Result<PathBuf, ConfigError> {
        let path = dir.join(CREDENTIALS_FILE);
        let text = serde_json::to_string(self).expect("credentials are JSON") + "\n";
        write_private(&path, &text, true)?;
        Ok(path)
    }

    /// The `Authorization` header's value.
    pub fn header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// Standard base64 with padding (RFC 4648), for the basic-auth header.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_come_from_the_endpoint() {
        let s = Settings::new("https://lrs.clinic.org/xAPI", None, None).unwrap();
        assert_eq!(s.endpoint, "https://lrs.clinic.org/xAPI/");
        assert_eq!(s.statements_url(), "https://lrs.clinic.org/xAPI/statements");
        assert_eq!(s.activity_base, "https://lrs.clinic.org/frontdesk/");
        assert_eq!(s.home_page, "https://lrs.clinic.org");
        assert!(matches!(
            Settings::new("lrs.clinic.org", None, None),
            Err(ConfigError::BadEndpoint(_))
        ));
        assert!(matches!(
            Settings::new("https://x.org/", Some("frontdesk"), None),
            Err(ConfigError::BadIri(_))
        ));
        let e = Settings::new("https://desk:s3cret@lrs.clinic.org/xAPI/", None, None).unwrap_err();
        assert!(matches!(e, ConfigError::CredentialsInUrl));
        assert!(!e.to_string().contains("s3cret"));
    }

    #[test]
    fn basic_auth_is_rfc_7617() {
        let c = Credentials {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        };
        assert_eq!(c.header(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert!(!format!("{c:?}").contains("sesame"));
    }

    #[test]
    fn settings_and_credentials_are_stored_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), None);
        let s = Settings::new("http://127.0.0.1:8100/xAPI/", None, None).unwrap();
        s.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), Some(s));
        let c = Credentials {
            user: "desk".into(),
            password: "s3cret".into(),
        };
        let path = c.save(dir.path()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "only the user can read the password");
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("s3cret"));
    }
}
