//! The one event source: everything the trainer reacts to arrives on one channel, in the order
//! it happened — keys and resizes from a crossterm reader thread, saves of a watched file from
//! `notify`, termination signals from `signal-hook`, and (through [`EventSource::sender`]) whatever
//! a later front end feeds in. The timer is the channel's timeout, so the loop sleeps in
//! `recv` when nothing happens: no polling, no CPU.

use ratatui::crossterm::event::{self, KeyEvent, KeyEventKind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Something the trainer reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal changed size (the next frame is drawn at the new size).
    Resize,
    /// A second of the running countdown passed. Never goes through the key map.
    Tick,
    /// The watched scenario file was written, replaced or removed.
    FileChanged,
    /// A termination signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT): leave as after a quit key.
    Signal(i32),
    /// The terminal's input ended or failed; nothing more can be read.
    InputClosed,
    /// A phone's ballot (`present --phones`): the phone's anonymous token and the letter
    /// (0 = A). Never goes through the key map.
    Vote { token: String, letter: usize },
    /// A phone opened the session's page for the first time.
    PhoneJoined,
    /// A key from an attached console (`frontdesk console`): it goes through the presenter's
    /// key table, limited to the keys that drive the session.
    Console(crate::attach::WireKey),
    /// In a console: the session as it is now.
    Session(Box<crate::engine::console::TrainerView>),
    /// In a console: the session closed the connection (it ended, or was refused).
    SessionGone,
}

/// The signals that end the trainer cleanly: the terminal is restored and the run recorded.
pub const TERMINATING: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// The channel and the threads that feed it.
pub struct EventSource {
    tx: Sender<Event>,
    rx: Receiver<Event>,
    signals: Option<signal_hook::iterator::Handle>,
    // Kept alive for as long as the file is watched.
    _watcher: Option<notify::RecommendedWatcher>,
    next_tick: Option<Instant>,
}

impl EventSource {
    /// An empty source (tests feed it through [`EventSource::sender`]).
    pub fn new() -> Self {
        let (tx, rx) = mpsc::channel();
        Self {
            tx,
            rx,
            signals: None,
            _watcher: None,
            next_tick: None,
        }
    }

    /// Feeds the source from the terminal: a thread blocks in crossterm's `read` and forwards
    /// key presses and resizes. It ends with the process (or when the loop has gone).
    pub fn with_terminal(self) -> Self {
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("frontdesk-input".into())
            .spawn(move || {
                loop {
                    let sent = match event::read() {
                        Ok(event::Event::Key(k)) if k.kind != KeyEventKind::Release => {
                            tx.send(Event::Key(k))
                        }
                        Ok(event::Event::Resize(..)) => tx.send(Event::Resize),
                        Ok(_) => Ok(()),
                        Err(_) => {
                            let _ = tx.send(Event::InputClosed);
                            return;
                        }
                    };
                    if sent.is_err() {
                        return;
                    }
                }
            })
            .expect("spawn the input thread");
        self
    }

    /// Feeds the source with termination signals, so that they end the loop like a quit key.
    pub fn with_signals(mut self) -> std::io::Result<Self> {
        let mut signals = signal_hook::iterator::Signals::new(TERMINATING)?;
        self.signals = Some(signals.handle());
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("frontdesk-signals".into())
            .spawn(move || {
                for sig in signals.forever() {
                    if tx.send(Event::Signal(sig)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(self)
    }

    /// Feeds the source with changes to `path`. Editors often save by writing a new file and
    /// renaming it, so the folder is watched and events are filtered by name.
    pub fn with_watch(mut self, path: &Path) -> notify::Result<Self> {
        use notify::Watcher;
        let name = path.file_name().map(|n| n.to_os_string());
        let tx = self.tx.clone();
        let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            let ours = e.is_ok_and(|e| {
                e.paths
                    .iter()
                    .any(|p| p.file_name().map(|n| n.to_os_string()) == name)
            });
            if ours {
                let _ = tx.send(Event::FileChanged);
            }
        })?;
        let dir: PathBuf = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        watcher.watch(&dir, notify::RecursiveMode::NonRecursive)?;
        self._watcher = Some(watcher);
        Ok(self)
    }

    /// A sender for other producers (a web server's votes, a console's commands, tests).
    pub fn sender(&self) -> Sender<Event> {
        self.tx.clone()
    }

    /// Waits for the next event. While `ticking`, a [`Event::Tick`] comes once a second on a
    /// fixed schedule that other events do not push back; otherwise this blocks until
    /// something happens. `None` when every producer has gone.
    pub fn next(&mut self, ticking: bool) -> Option<Event> {
        if !ticking {
            self.next_tick = None;
            return self.rx.recv().ok();
        }
        let due = *self
            .next_tick
            .get_or_insert_with(|| Instant::now() + Duration::from_secs(1));
        match self
            .rx
            .recv_timeout(due.saturating_duration_since(Instant::now()))
        {
            Ok(e) => Some(e),
            Err(RecvTimeoutError::Timeout) => {
                self.next_tick = Some(due + Duration::from_secs(1));
                Some(Event::Tick)
            }
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// An event that is already waiting, without blocking (to drain a burst before drawing).
    pub fn pending(&mut self) -> Option<Event> {
        self.rx.try_recv().ok()
    }
}

impl Default for EventSource {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for EventSource {
    fn drop(&mut self) {
        if let Some(h) = &self.signals {
            h.close();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_come_on_schedule_while_other_events_arrive() {
        let mut src = EventSource::new();
        let tx = src.sender();
        let start = Instant::now();
        std::thread::spawn(move || {
            for _ in 0..6 {
                std::thread::sleep(Duration::from_millis(300));
                let _ = tx.send(Event::Resize);
            }
        });
        let mut ticks = Vec::new();
        while ticks.len() < 2 {
            if src.next(true) == Some(Event::Tick) {
                ticks.push(start.elapsed());
            }
        }
        // Events every 300 ms did not push the ticks back: the second came about 2 s in.
        // Had each event restarted the second, none would have come before 3.8 s.
        assert!(ticks[1] < Duration::from_millis(3500), "{ticks:?}");
        assert!(ticks[1] >= Duration::from_millis(1900), "{ticks:?}");
    }

    #[test]
    fn without_ticking_only_real_events_come() {
        let mut src = EventSource::new();
        let tx = src.sender();
        tx.send(Event::FileChanged).unwrap();
        assert_eq!(src.next(false), Some(Event::FileChanged));
        assert_eq!(src.pending(), None);
        drop(tx);
    }
}
