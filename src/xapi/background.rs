//! The trainer's send after each run: a thread of its own takes the outbox to the LRS, so no
//! screen ever waits for the network; the screen reads one calm line of how it went.

use super::config::{Credentials, Settings};
use super::sync::{BATCH_RUNS, Client, SendErrorKind, SyncError, sync};
use crate::scenario::Library;
use crate::store::Store;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

/// How the last background send went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// Nothing tried yet.
    #[default]
    Idle,
    /// Sending now.
    Sending,
    /// Everything queued was sent (`runs` in the last send).
    Sent {
        /// Runs sent by the last send.
        runs: u64,
    },
    /// Some runs wait: why.
    Waiting {
        /// Runs still queued.
        runs: u64,
        /// Why they were not sent.
        why: Option<SendErrorKind>,
    },
}

/// Called on the sender's thread whenever the status changes (the trainer redraws).
type Waker = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// A handle the trainer keeps: [`Background::kick`] after recording a run, [`Background::status`]
/// to draw the line, [`Background::on_change`] to be woken when it changes.
#[derive(Clone)]
pub struct Background {
    kick: Sender<()>,
    status: Arc<Mutex<Status>>,
    waker: Waker,
}

impl std::fmt::Debug for Background {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Background")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

impl Background {
    /// Starts the sender thread for the history in `data_dir`. `scenario_dirs` are the
    /// `--scenarios` folders, read again on the thread for reply texts and titles.
    pub fn start(
        data_dir: PathBuf,
        scenario_dirs: Vec<PathBuf>,
        settings: Settings,
        credentials: Option<Credentials>,
    ) -> Self {
        let (kick, rx) = channel();
        let status = Arc::new(Mutex::new(Status::Idle));
        let waker: Waker = Arc::new(Mutex::new(None));
        let shared = (Arc::clone(&status), Arc::clone(&waker));
        std::thread::Builder::new()
            .name("frontdesk-xapi".into())
            .spawn(move || worker(rx, shared, data_dir, scenario_dirs, settings, credentials))
            .expect("a thread can be started");
        Self {
            kick,
            status,
            waker,
        }
    }

    /// Calls `wake` (on the sender's thread) whenever the status changes.
    pub fn on_change(&self, wake: impl Fn() + Send + 'static) {
        *self.waker.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(wake));
    }

    /// A handle that only shows `status` and sends nothing (for drawing a screen in tests).
    pub fn showing(status: Status) -> Self {
        let (kick, _) = channel();
        Self {
            kick,
            status: Arc::new(Mutex::new(status)),
            waker: Arc::new(Mutex::new(None)),
        }
    }

    /// Asks for a send (a run was recorded). Never waits.
    pub fn kick(&self) {
        // A thread that ended (it cannot open the history) has nothing to do.
        let _ = self.kick.send(());
    }

    /// How the last send went.
    pub fn status(&self) -> Status {
        *self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn worker(
    rx: Receiver<()>,
    (status, waker): (Arc<Mutex<Status>>, Waker),
    data_dir: PathBuf,
    scenario_dirs: Vec<PathBuf>,
    settings: Settings,
    credentials: Option<Credentials>,
) {
    let set = |s: Status| {
        *status.lock().unwrap_or_else(PoisonError::into_inner) = s;
        if let Some(wake) = waker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            wake();
        }
    };
    let mut lib = Library::bundled();
    for d in &scenario_dirs {
        // The trainer already reported folders it could not read.
        let _ = lib.add_dir(d);
    }
    let client = Client::new(&settings, credentials.as_ref());
    let mut store: Option<Store> = None;
    while rx.recv().is_ok() {
        // Kicks that came while sending are one more send, not many.
        while rx.try_recv().is_ok() {}
        set(Status::Sending);
        // Opened once (opening checks the whole file) and kept for the next sends.
        if store.is_none() {
            store = Store::open(&data_dir).ok();
        }
        let Some(store) = store.as_mut() else {
            set(Status::Waiting { runs: 0, why: None });
            continue;
        };
        set(match sync(store, &lib, &settings, &client, BATCH_RUNS) {
            Ok(done) => Status::Sent { runs: done.runs },
            Err(SyncError::Send { waiting, source }) => Status::Waiting {
                runs: waiting,
                why: Some(source.kind()),
            },
            Err(SyncError::Store(_)) => Status::Waiting {
                runs: store.outbox_counts().map_or(0, |c| c.waiting),
                why: None,
            },
        });
    }
}
