//! Every integration test in one crate: one binary to link instead of one per file (each of
//! which linked the whole library and bundled SQLite). Each file is a module; its snapshots live
//! in `snapshots/it__<module>__<name>.snap`. Fixtures stay in `tests/fixtures/` and are found
//! from the package root, which is the working directory `cargo test` gives test binaries.
//!
//! `tests/extra_language.rs` stays a binary of its own: it registers a language for the whole
//! process (`Lang::load_dir`), which would change `Lang::all()` and the language key for every
//! test here.

mod authoring;
mod bad_input;
mod cli;
mod console;
mod e2e_pty;
mod escape;
mod history;
mod library;
mod paths;
mod phones;
mod phones_a11y;
mod phones_browser;
mod pitfalls_tells_languages;
mod presenter;
mod properties;
mod readable;
mod run_schema;
mod screens;
mod support;
mod xapi;
