//! frontdesk: a terminal roleplay trainer for medical-clinic reception staff.
//!
//! - [`scenario`]: the YAML format, the loader with located errors, validation, the library.
//! - [`engine`]: the pure conversation state machine and scoring.
//! - [`i18n`]: interface text, a Fluent catalogue per language under `locales/`.
//! - [`cli`]: the command line.

pub mod authoring;
mod bundled {
    //! The bundled scenario files, as `build.rs` checked and wrote them down.
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}
pub mod cli;
pub mod engine;
pub mod i18n;
pub mod output;
pub mod report;
pub mod scenario;
pub mod store;
pub mod tui;
