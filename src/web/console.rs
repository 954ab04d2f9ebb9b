//! The session's side of the trainer's console (`frontdesk console`): a listener on the
//! loopback address only, on a current-thread tokio runtime of its own thread, and the session
//! file that says where it is and what token it wants ([`crate::attach`]). A console that shows
//! the token gets the [`TrainerView`] at once and after every change; its keys reach the
//! presenter as [`Event::Console`] on the one event channel. Anything else — a wrong or missing
//! token, a line too long, not the protocol, silence past the handshake — closes the connection
//! having sent nothing about the session.

use crate::attach::{
    HANDSHAKE, MAX_CONSOLE_LINE, Registration, SessionFile, ToConsole, ToSession, Token, VERSION,
};
use crate::engine::console::TrainerView;
use crate::engine::room::Publisher;
use crate::tui::events::Event;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc::Sender};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::{oneshot, watch};

/// Consoles attached at once, at most.
pub const MAX_CONSOLES: usize = 8;

/// The running console link. Dropping it stops the listener and removes the session file.
pub struct ConsoleServer {
    /// Where it listens (127.0.0.1, a free port).
    pub addr: SocketAddr,
    publisher: Publisher<TrainerView>,
    registration: Option<Registration>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Shared {
    token: Token,
    view: watch::Receiver<Arc<TrainerView>>,
    events: Mutex<Sender<Event>>,
    attached: AtomicUsize,
}

impl ConsoleServer {
    /// Listens on a free loopback port and writes the session file into `data`'s sessions
    /// folder; keys from consoles go to `events`.
    pub fn start(data: &Path, scenario: &str, events: Sender<Event>) -> std::io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let token = Token::new();
        let file = SessionFile {
            pid: std::process::id(),
            address: addr,
            token: token.as_str().to_string(),
            scenario: scenario.to_string(),
            started: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        let registration = file.register(data)?;
        let (view_tx, view_rx) = watch::channel(Arc::new(TrainerView::default()));
        let publisher = Publisher::new(move |v: TrainerView| {
            view_tx.send_if_modified(|old| {
                let changed = **old != v;
                if changed {
                    *old = Arc::new(v.clone());
                }
                changed
            });
        });
        let shared = Arc::new(Shared {
            token,
            view: view_rx,
            events: Mutex::new(events),
            attached: AtomicUsize::new(0),
        });
        let (shutdown, stop) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("frontdesk-console".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        _ = accept(listener, shared) => {}
                        _ = stop => {}
                    }
                });
                runtime.shutdown_background();
            })?;
        Ok(Self {
            addr,
            publisher,
            registration: Some(registration),
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// Where the presenter publishes the trainer's view.
    pub fn publisher(&self) -> Publisher<TrainerView> {
        self.publisher.clone()
    }

    /// The session file.
    pub fn session_file(&self) -> Option<&Path> {
        self.registration.as_ref().map(Registration::path)
    }

    /// Stops listening, closes every console's connection and removes the session file.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.registration.take();
        if let Some(s) = self.shutdown.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for ConsoleServer {
    fn drop(&mut self) {
        self.halt();
    }
}

async fn accept(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, peer)) = listener.accept().await else {
            // Out of file descriptors, say: wait a moment rather than spin.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            continue;
        };
        // Bound to loopback; a peer from elsewhere cannot happen, and is not served if it does.
        if !peer.ip().is_loopback() {
            continue;
        }
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let _ = connection(stream, shared).await;
        });
    }
}

async fn send(w: &mut (impl AsyncWriteExt + Unpin), msg: &ToConsole) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(msg)?;
    line.push(b'\n');
    w.write_all(&line).await
}

/// One line of at most [`MAX_CONSOLE_LINE`] bytes; `None` at the end, an error past the limit.
async fn line(r: &mut (impl AsyncBufReadExt + Unpin)) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = r
        .take(MAX_CONSOLE_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)
        .await?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') {
        return Err(std::io::ErrorKind::InvalidData.into());
    }
    buf.pop();
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| std::io::ErrorKind::InvalidData.into())
}

/// Counts a console in while it is attached.
struct Seat<'a>(&'a AtomicUsize);

impl Drop for Seat<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn connection(stream: tokio::net::TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    let hello = tokio::time::timeout(HANDSHAKE, line(&mut r)).await;
    let refuse = |reason: &str| ToConsole::Refused {
        reason: reason.to_string(),
    };
    let token = match hello {
        Ok(Ok(Some(l))) => match serde_json::from_str::<ToSession>(&l) {
            Ok(ToSession::Hello { token, version }) if version == VERSION => token,
            Ok(ToSession::Hello { version, .. }) => {
                let why = format!(
                    "this session speaks version {VERSION} of the console protocol, not {version}; use the same frontdesk for both"
                );
                return send(&mut w, &refuse(&why)).await;
            }
            _ => return send(&mut w, &refuse("no token was shown")).await,
        },
        _ => return send(&mut w, &refuse("no token was shown")).await,
    };
    if !shared.token.matches(&token) {
        return send(
            &mut w,
            &refuse(
                "wrong token; attach with `frontdesk console` as the user who started the session",
            ),
        )
        .await;
    }
    let seats = &shared.attached;
    if seats.fetch_add(1, Ordering::SeqCst) >= MAX_CONSOLES {
        seats.fetch_sub(1, Ordering::SeqCst);
        let why = format!("{MAX_CONSOLES} consoles are attached already");
        return send(&mut w, &refuse(&why)).await;
    }
    let _seat = Seat(seats);
    // Keys are read on a task of their own: a line half read is never dropped for a view.
    let mut keys = tokio::spawn(read_keys(r, Arc::clone(&shared)));
    let mut views = shared.view.clone();
    let result = loop {
        let view = Arc::clone(&views.borrow_and_update());
        let msg = ToConsole::View {
            view: Box::new((*view).clone()),
        };
        if let Err(e) = send(&mut w, &msg).await {
            break Err(e);
        }
        tokio::select! {
            changed = views.changed() => {
                if changed.is_err() {
                    break Ok(());
                }
            }
            // The console went away or broke the protocol.
            _ = &mut keys => break Ok(()),
        }
    };
    keys.abort();
    result
}

/// Forwards a console's keys to the presenter until it closes or sends what is not a key.
async fn read_keys(mut r: BufReader<tokio::net::tcp::OwnedReadHalf>, shared: Arc<Shared>) {
    while let Ok(Some(l)) = line(&mut r).await {
        let Ok(ToSession::Key { key }) = serde_json::from_str::<ToSession>(&l) else {
            return;
        };
        let sent = shared
            .events
            .lock()
            .expect("events lock")
            .send(Event::Console(key));
        if sent.is_err() {
            return;
        }
    }
}
