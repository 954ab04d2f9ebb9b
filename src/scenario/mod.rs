//! Scenarios: the YAML format, loading with located errors, validation and the bundled library.
//!
//! A [`Scenario`] that exists has been checked: every id resolves, every node can reach an
//! ending, every condition parsed. Build one with [`check_bytes`] / [`check_str`], or take it
//! from the [`Library`].

pub mod analysis;
pub mod condition;
mod decode;
pub mod diagnostic;
pub mod format;
pub mod library;
pub(crate) mod model;
pub mod strict;
pub mod synthetic;
pub mod text;
pub mod yaml;

pub use analysis::reach_forward;
pub use decode::{Checked, MAX_FILE_BYTES, check_bytes, check_str};
pub use diagnostic::{Diagnostic, Mark, Severity};
pub use library::{Library, Origin, SourceFile};
pub use model::*;
