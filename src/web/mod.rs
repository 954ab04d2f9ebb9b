//! Votes from phones (`frontdesk present ID --phones`): a small web server for the session on
//! axum, on a current-thread tokio runtime of its own thread. Phones open one page (the patient's
//! line and the replies as big buttons); a ballot reaches the presenter as
//! [`Event::Vote`](crate::tui::events::Event::Vote) on the trainer's one event channel, and the
//! presenter publishes the room's view ([`RoomView`]) back after every change.
//!
//! The address is bound here, synchronously, before the terminal is taken: a busy port or an
//! address the machine does not have is an error before the session starts.

pub mod console;
mod page;
mod server;

use crate::engine::room::{Publisher, RoomView};
use crate::i18n::Lang;
use crate::tui::PhonesLink;
use crate::tui::events::Event;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use tokio::sync::{oneshot, watch};

/// Letters of room codes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G, to be read off a projector.
const CODE_LETTERS: &[u8] = b"ACDEFHJKMNPRTUVWXY3479";

/// The machine's address on the local network: the one a UDP socket "connected" to a private
/// address would send from (nothing is sent). 127.0.0.1 when there is none.
pub fn lan_address() -> IpAddr {
    let probe = || -> std::io::Result<IpAddr> {
        let s = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))?;
        s.connect((Ipv4Addr::new(10, 254, 254, 254), 9))?;
        Ok(s.local_addr()?.ip())
    };
    match probe() {
        Ok(ip) if !ip.is_unspecified() => ip,
        _ => IpAddr::V4(Ipv4Addr::LOCALHOST),
    }
}

/// Binds the phones' address: `addr`, or the LAN address on a free port. The error says what
/// went wrong in the trainer's words (busy port, an address this machine does not have).
pub fn bind(addr: Option<SocketAddr>) -> anyhow::Result<TcpListener> {
    let addr = addr.unwrap_or_else(|| SocketAddr::new(lan_address(), 0));
    TcpListener::bind(addr).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::AddrInUse => "the port is busy; pick another with --bind ADDR:PORT, or leave the port out".to_string(),
            std::io::ErrorKind::AddrNotAvailable => "this machine has no such address; see `ip addr` (or leave --bind out for the LAN address)".to_string(),
            std::io::ErrorKind::PermissionDenied => "ports below 1024 need privileges; pick a port above 1024".to_string(),
            _ => e.to_string(),
        };
        anyhow::anyhow!("cannot take {addr} for phone votes: {why}")
    })
}

/// A new short room code.
pub fn room_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..4)
        .map(|_| char::from(CODE_LETTERS[rng.random_range(0..CODE_LETTERS.len())]))
        .collect()
}

/// The running server. Dropping it (or [`stop`](Self::stop)) ends it.
pub struct PhoneServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The room code every request carries.
    pub code: String,
    /// The address phones open (room code included).
    pub url: String,
    view: watch::Receiver<Arc<RoomView>>,
    publisher: Publisher,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl PhoneServer {
    /// Serves phones on `listener` in the session's language; ballots go to `events`.
    pub fn start(
        listener: TcpListener,
        lang: Lang,
        code: String,
        events: Sender<Event>,
    ) -> std::io::Result<Self> {
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (view_tx, view_rx) = watch::channel(Arc::new(RoomView::default()));
        let (key_tx, key_rx) = watch::channel(String::new());
        let publisher = Publisher::new(move |v: RoomView| {
            let key = v.phone_key();
            key_tx.send_if_modified(|k| {
                let changed = *k != key;
                if changed {
                    k.clone_from(&key);
                }
                changed
            });
            view_tx.send_replace(Arc::new(v));
        });
        let state = server::State::new(code.clone(), lang, view_rx.clone(), key_rx, events);
        let (shutdown, stop) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("frontdesk-phones".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        _ = server::serve(listener, state) => {}
                        _ = stop => {}
                    }
                });
                // Open event streams are dropped with the runtime: no waiting on phones.
                runtime.shutdown_background();
            })?;
        let host = match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        Ok(Self {
            addr,
            url: format!("http://{host}:{}/{code}/", addr.port()),
            code,
            view: view_rx,
            publisher,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// What the presenter needs: the join address, the code and where to publish.
    pub fn link(&self) -> PhonesLink {
        PhonesLink {
            url: self.url.clone(),
            code: self.code.clone(),
            publish: self.publisher.clone(),
        }
    }

    /// The latest view the presenter published.
    pub fn view(&self) -> Arc<RoomView> {
        Arc::clone(&self.view.borrow())
    }

    /// A receiver that wakes on each newly published view (for tests and benches).
    pub fn watch(&self) -> watch::Receiver<Arc<RoomView>> {
        self.view.clone()
    }

    /// Stops the server and waits for its thread.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if let Some(s) = self.shutdown.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for PhoneServer {
    fn drop(&mut self) {
        self.halt();
    }
}
