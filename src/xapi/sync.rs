//! Sending the outbox: statements in batches to the LRS, runs marked sent only once the LRS
//! accepted them; and reading statements back (`more` links followed).

use super::config::{Credentials, Settings};
use super::statement::Builder;
use crate::scenario::Library;
use crate::store::{Store, StoreError, timestamp};
use serde_json::Value;
use std::time::Duration;
use thiserror::Error;

/// The xAPI version sent in every request's header.
pub const XAPI_VERSION: &str = "1.0.3";
/// Connecting may take this long.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// A whole request (sending a batch, reading a page) may take this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Runs per batch by default (about 6 statements each).
pub const BATCH_RUNS: usize = 50;

/// Why statements could not be sent or read. The text never holds the password: it is only
/// ever in the `Authorization` header, which no message quotes.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Nothing answered at the address (refused, no route, no such host).
    #[error("{0}")]
    Unreachable(String),
    /// The LRS did not answer in time.
    #[error("the LRS did not answer within {0} seconds")]
    Timeout(u64),
    /// 401 or 403: the user name or password is wrong, or lacks the right.
    #[error(
        "the LRS refused the user name or password (HTTP {0}); check FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD, or run `frontdesk lrs set URL --save-credentials` again"
    )]
    Unauthorized(u16),
    /// Any other refusal.
    #[error("the LRS answered HTTP {status}: {detail}")]
    Refused {
        /// The status.
        status: u16,
        /// What it said (cut short).
        detail: String,
    },
    /// An answer that is not what xAPI promises.
    #[error("the LRS's answer does not read as xAPI: {0}")]
    BadAnswer(String),
}

impl SendError {
    /// The kind, for a translated line on screen.
    pub fn kind(&self) -> SendErrorKind {
        match self {
            SendError::Unreachable(_) => SendErrorKind::Unreachable,
            SendError::Timeout(_) => SendErrorKind::Timeout,
            SendError::Unauthorized(_) => SendErrorKind::Unauthorized,
            SendError::Refused { .. } | SendError::BadAnswer(_) => SendErrorKind::Refused,
        }
    }
}

/// What kind of failure, for the trainer's status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendErrorKind {
    /// Cannot reach the LRS.
    Unreachable,
    /// It did not answer in time.
    Timeout,
    /// Wrong user name or password.
    Unauthorized,
    /// It refused the statements.
    Refused,
}

/// Why a sync stopped.
#[derive(Debug, Error)]
pub enum SyncError {
    /// The LRS could not take the statements; they stay queued.
    #[error("{} waiting to be sent: {source}", super::runs(*.waiting))]
    Send {
        /// Runs still queued.
        waiting: u64,
        /// Why.
        source: SendError,
    },
    /// The history could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An HTTP client for one LRS.
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
    statements: String,
    origin: String,
    auth: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("statements", &self.statements)
            .finish_non_exhaustive()
    }
}

fn short(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_control()).take(300).collect();
    s
}

impl Client {
    /// A client for the configured LRS, with a timeout on every request.
    pub fn new(settings: &Settings, credentials: Option<&Credentials>) -> Self {
        Self::with_timeout(settings, credentials, REQUEST_TIMEOUT)
    }

    /// [`Client::new`] with another limit for a whole request (connecting stays within
    /// [`CONNECT_TIMEOUT`]).
    pub fn with_timeout(
        settings: &Settings,
        credentials: Option<&Credentials>,
        request: Duration,
    ) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT.min(request)))
            .timeout_global(Some(request))
            // Status codes are answers to read, not transport errors.
            .http_status_as_error(false)
            .user_agent(concat!("frontdesk/", env!("CARGO_PKG_VERSION")))
            .build();
        Self {
            agent: config.into(),
            timeout: request,
            statements: settings.statements_url(),
            origin: super::config::origin(&settings.endpoint).to_string(),
            auth: credentials.map(Credentials::header),
        }
    }

    fn transport(&self, e: ureq::Error) -> SendError {
        match e {
            ureq::Error::Timeout(_) => SendError::Timeout(self.timeout.as_secs()),
            ureq::Error::Io(io) => SendError::Unreachable(match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
                std::io::ErrorKind::TimedOut => "the connection timed out".into(),
                _ => short(&io.to_string()),
            }),
            ureq::Error::HostNotFound => {
                SendError::Unreachable("the LRS's host is not known".into())
            }
            ureq::Error::ConnectionFailed => SendError::Unreachable("connection failed".into()),
            other => SendError::Unreachable(short(&other.to_string())),
        }
    }

    fn answer(mut resp: ureq::http::Response<ureq::Body>) -> Result<String, SendError> {
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        match status {
            200..=299 => Ok(body),
            401 | 403 => Err(SendError::Unauthorized(status)),
            _ => Err(SendError::Refused {
                status,
                detail: short(&body),
            }),
        }
    }

    /// POSTs a JSON array of statements.
    pub fn post(&self, body: &str) -> Result<(), SendError> {
        let mut req = self
            .agent
            .post(&self.statements)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json");
        if let Some(a) = &self.auth {
            req = req.header("Authorization", a);
        }
        let resp = req.send(body).map_err(|e| self.transport(e))?;
        Self::answer(resp).map(drop)
    }

    /// Every statement matching `query` (e.g. `verb=…`), following `more` links.
    pub fn statements(&self, query: &str) -> Result<Vec<Value>, SendError> {
        self.statements_page(query, true)
    }

    /// The statements matching `query`: the first page, or every page when `all`.
    pub fn statements_page(&self, query: &str, all: bool) -> Result<Vec<Value>, SendError> {
        let mut url = format!("{}?{query}", self.statements);
        let mut out = Vec::new();
        loop {
            let mut req = self
                .agent
                .get(&url)
                .header("X-Experience-API-Version", XAPI_VERSION);
            if let Some(a) = &self.auth {
                req = req.header("Authorization", a);
            }
            let resp = req.call().map_err(|e| self.transport(e))?;
            let body = Self::answer(resp)?;
            let page: Value =
                serde_json::from_str(&body).map_err(|e| SendError::BadAnswer(e.to_string()))?;
            let statements = page["statements"]
                .as_array()
                .ok_or_else(|| SendError::BadAnswer("no `statements` array".into()))?;
            out.extend(statements.iter().cloned());
            if !all {
                break;
            }
            match page["more"].as_str().filter(|m| !m.is_empty()) {
                // An empty last page ends it too (an LRS may offer one more page when the
                // total is a multiple of the page size).
                Some(_) if statements.is_empty() => break,
                Some(more) if more.starts_with('/') => url = format!("{}{more}", self.origin),
                Some(more) => url = more.to_string(),
                None => break,
            }
        }
        Ok(out)
    }
}

/// What a sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Synced {
    /// Runs accepted by the LRS in this sync.
    pub runs: u64,
    /// Statements they made.
    pub statements: u64,
    /// Bytes of JSON sent.
    pub bytes: u64,
}

/// Sends every queued run, `batch` runs per request, oldest first. A run is marked sent only
/// after the LRS accepted its batch; on a failure the rest stays queued and the failure is
/// noted in the store for `frontdesk lrs status`.
pub fn sync(
    store: &mut Store,
    lib: &Library,
    settings: &Settings,
    client: &Client,
    batch: usize,
) -> Result<Synced, SyncError> {
    let builder = Builder::new(settings, lib);
    let mut done = Synced::default();
    loop {
        let queued = store.queued(batch.max(1))?;
        if queued.is_empty() {
            break;
        }
        let mut all: Vec<Value> = Vec::new();
        let mut ids = Vec::with_capacity(queued.len());
        for q in &queued {
            let statements: Vec<Value> = match &q.statements {
                // What was offered before, so a resend is the same statements.
                Some(text) => serde_json::from_str(text).unwrap_or_else(|_| builder.run(&q.run)),
                None => {
                    let built = builder.run(&q.run);
                    let text = serde_json::to_string(&built).expect("statements are JSON");
                    store.keep_statements(q.id, &text)?;
                    built
                }
            };
            all.extend(statements);
            ids.push(q.id);
        }
        let body = serde_json::to_string(&all).expect("statements are JSON");
        let now = timestamp(chrono::Utc::now());
        if let Err(source) = client.post(&body) {
            let waiting = store.outbox_counts()?.waiting;
            store.note_sync(&now, Some(&source.to_string()))?;
            return Err(SyncError::Send { waiting, source });
        }
        store.mark_sent(&ids, &now)?;
        done.runs += ids.len() as u64;
        done.statements += all.len() as u64;
        done.bytes += body.len() as u64;
    }
    store.note_sync(&timestamp(chrono::Utc::now()), None)?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An LRS that takes the connection and never answers: the request gives up at its limit,
    /// and the error says so calmly.
    #[test]
    fn a_silent_lrs_times_out() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let held = std::thread::spawn(move || {
            let (conn, _) = listener.accept().unwrap();
            std::thread::sleep(Duration::from_secs(3));
            drop(conn);
        });
        let settings =
            Settings::new(&format!("http://127.0.0.1:{port}/xAPI/"), None, None).unwrap();
        let client = Client::with_timeout(&settings, None, Duration::from_millis(500));
        let e = client.post("[]").unwrap_err();
        assert_eq!(e.kind(), SendErrorKind::Timeout, "{e:?}");
        assert!(
            e.to_string().starts_with("the LRS did not answer within"),
            "{e}"
        );
        held.join().unwrap();
    }

    #[test]
    fn nothing_listening_is_connection_refused() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let settings =
            Settings::new(&format!("http://127.0.0.1:{port}/xAPI/"), None, None).unwrap();
        let e = Client::new(&settings, None).post("[]").unwrap_err();
        assert_eq!(e, SendError::Unreachable("connection refused".into()));
    }
}
