//! `frontdesk console`, and the session's side of it that `frontdesk present` starts.

use super::{ConsoleArgs, Global, exit_code, interactive};
use crate::attach::{self, AttachError, Attached};
use crate::i18n::{Lang, detect_lang};
use crate::scenario::text::Shown;
use crate::tui::console::ConsoleEnd;
use crate::tui::events::Event;
use crate::tui::theme::Theme;
use crate::web::console::ConsoleServer;
use anyhow::{Result, bail};
use std::process::ExitCode;
use std::sync::mpsc::Sender;

/// Starts the console link of a session: a loopback listener and the session file in the data
/// folder. A session without one still runs; the reason is said before the terminal is taken.
pub fn serve(global: &Global, scenario: &str, events: Sender<Event>) -> Option<ConsoleServer> {
    let Some(dir) = crate::store::data_dir(global.data_dir.as_deref()) else {
        eprintln!(
            "frontdesk: no data folder, so no console can attach; give one with --data-dir DIR"
        );
        return None;
    };
    match ConsoleServer::start(&dir, scenario, events) {
        Ok(server) => Some(server),
        Err(e) => {
            eprintln!(
                "frontdesk: no console can attach to this session: cannot write {}: {e}",
                Shown(&attach::sessions_dir(&dir).display().to_string())
            );
            None
        }
    }
}

/// Attaches to the running session (or the one named with `--session`) and runs the console.
pub fn attach(args: &ConsoleArgs, global: &Global) -> Result<ExitCode> {
    let Some(dir) = crate::store::data_dir(global.data_dir.as_deref()) else {
        bail!("no data folder to find sessions in; give one with --data-dir DIR");
    };
    let file = match attach::pick(&dir, args.session.as_deref()) {
        Ok(f) => f,
        Err(AttachError::Several(list)) => {
            eprintln!("frontdesk: error: several group sessions are running; pick one:");
            for l in list {
                eprintln!("  {}", Shown(&l));
            }
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    // Attached first, so that a session that cannot be reached is said even without a terminal.
    let (attached, first) = Attached::connect(&file)?;
    if !interactive() {
        bail!("`console` needs a terminal");
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = Theme::new(global.theme, color);
    let lang = Lang::from_code(&detect_lang(
        Some(first.lang.as_str()),
        std::env::var("LC_ALL").ok().as_deref(),
        std::env::var("LANG").ok().as_deref(),
    ));
    let end = crate::tui::console::run(attached, first, theme)?;
    Ok(match end {
        ConsoleEnd::Detached => ExitCode::SUCCESS,
        ConsoleEnd::SessionGone => {
            eprintln!("frontdesk: {}", lang.texts().console_gone());
            ExitCode::SUCCESS
        }
        ConsoleEnd::Signal(sig) => exit_code(crate::tui::Ending::Signal(sig)),
    })
}
