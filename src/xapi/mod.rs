//! Results that leave the machine: xAPI statements for a Learning Record Store
//! (`docs/xapi.md`).
//!
//! - [`config`]: where statements go (`frontdesk lrs set`), and the credentials;
//! - [`statement`]: what a run becomes (ADL and cmi5 verbs, name-based ids);
//! - [`sync`]: the outbox sent in batches (`frontdesk sync`), and statements read back;
//! - [`background`]: the trainer's send after each run, on its own thread;
//! - [`team`]: the trainer's view across desks (`frontdesk team`).

pub mod background;
pub mod config;
pub mod statement;
pub mod sync;
pub mod team;

pub use config::{Credentials, Settings, config_dir};

/// "1 run", "3 runs": the command line's English counts (the trainer's own lines are in Fluent).
pub fn runs(n: impl Into<u64>) -> String {
    match n.into() {
        1 => "1 run".into(),
        n => format!("{n} runs"),
    }
}
pub use sync::{Client, SendError, SyncError, Synced, sync};

use crate::scenario::Library;
use crate::store::RunResult;

/// `frontdesk export --format xapi`: the statements of `runs` (oldest first) as one JSON
/// array, the same statements `sync` sends.
pub fn export(runs: &[RunResult], lib: &Library, settings: &Settings) -> String {
    let builder = statement::Builder::new(settings, lib);
    let all: Vec<serde_json::Value> = runs.iter().rev().flat_map(|r| builder.run(r)).collect();
    serde_json::to_string_pretty(&all).expect("statements are JSON") + "\n"
}
