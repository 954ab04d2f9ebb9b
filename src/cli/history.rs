//! The history on the command line: opening the store for recording, `history` and `export`.

use super::{ExportArgs, Global, HistoryArgs};
use crate::scenario::text::{Shown, is_control, visible_json, visible_owned};
use crate::store::HistoryView;
use crate::store::{self, RunResult, Store, StoreError};
use anyhow::{Context, Result, bail};
use std::process::ExitCode;

/// The store a session records into, or why it does not.
pub struct Recorder {
    /// Open when recording.
    pub store: Option<Store>,
    /// Who runs are recorded for.
    pub trainee: String,
    /// Why nothing is recorded, when the store could not be used.
    pub problem: Option<String>,
}

impl Recorder {
    /// Opens the store from the global flags. A store that cannot be used is reported, never
    /// touched, and the session goes on without recording.
    pub fn open(global: &Global) -> Result<Self> {
        let trainee = store::trainee_name(global.trainee.as_deref());
        let from = if global.trainee.is_some() {
            "--trainee"
        } else {
            "the login name ($USER)"
        };
        check_trainee(&trainee, from)?;
        if global.no_history {
            return Ok(Self {
                store: None,
                trainee,
                problem: None,
            });
        }
        let opened = match store::data_dir(global.data_dir.as_deref()) {
            Some(dir) => Store::open(&dir).map_err(|e| e.to_string()),
            None => Err("no data folder could be found; pass --data-dir".to_string()),
        };
        Ok(match opened {
            Ok(store) => Self {
                store: Some(store),
                trainee,
                problem: None,
            },
            Err(problem) => Self {
                store: None,
                trainee,
                problem: Some(visible_owned(problem)),
            },
        })
    }

    /// Records a run, saying so on standard error if it cannot.
    pub fn record(&mut self, r: &RunResult) {
        if let Some(store) = &mut self.store
            && let Err(e) = store.record(r)
        {
            eprintln!(
                "frontdesk: this run was not recorded: {}",
                Shown(&e.to_string())
            );
        }
    }

    /// What the full-screen trainer shows of the history. A history that cannot be read back
    /// shows no runs and says why.
    pub fn view(&self) -> HistoryView {
        let (runs, problem) = match self
            .store
            .as_ref()
            .map(|s| s.runs(Some(&self.trainee), None))
        {
            Some(Ok(runs)) => (runs, self.problem.clone()),
            Some(Err(e)) => (Vec::new(), Some(visible_owned(e.to_string()))),
            None => (Vec::new(), self.problem.clone()),
        };
        HistoryView {
            recording: self.store.is_some(),
            trainee: self.trainee.clone(),
            problem,
            runs,
        }
    }
}

/// The longest trainee name, in characters.
pub const MAX_TRAINEE_CHARS: usize = 60;

/// Refuses a trainee name that is empty, longer than [`MAX_TRAINEE_CHARS`] or holds control
/// characters (escape sequences, line breaks, direction overrides): a name is written into the
/// history, its exports and reports, and shown on screen. `from` says where the name came from.
pub fn check_trainee(name: &str, from: &str) -> Result<()> {
    let problem = if name.trim().is_empty() {
        "is empty".to_string()
    } else if name.chars().count() > MAX_TRAINEE_CHARS {
        format!("is longer than {MAX_TRAINEE_CHARS} characters")
    } else if let Some(c) = name.chars().find(|&c| is_control(c)) {
        format!("contains the control character U+{:04X}", c as u32)
    } else {
        return Ok(());
    };
    bail!(
        "the trainee name `{}` from {from} {problem}; pass a plain name of up to \
         {MAX_TRAINEE_CHARS} characters with --trainee NAME",
        Shown(name)
    )
}

fn open_for_reading(global: &Global) -> Result<Store> {
    let dir = store::data_dir(global.data_dir.as_deref())
        .context("no data folder could be found; pass --data-dir")?;
    let path = store::db_path(&dir);
    if !path.exists() {
        bail!(
            "no history yet in {} (play a scenario first)",
            dir.display()
        );
    }
    // Only reading: a store on a read-only disk can still be listed and exported.
    Store::open_read_only(&path).map_err(|e: StoreError| anyhow::anyhow!(e))
}

/// `frontdesk history`: personal runs, saying how many group sessions there are besides;
/// with `--groups`, the group sessions only.
pub fn list(global: &Global, args: &HistoryArgs) -> Result<ExitCode> {
    let store = open_for_reading(global)?;
    let all = store.runs(global.trainee.as_deref(), None)?;
    let (groups, personal): (Vec<RunResult>, Vec<RunResult>) =
        all.into_iter().partition(RunResult::is_group);
    let runs = if args.groups { &groups } else { &personal };
    if args.json {
        println!("{}", visible_json(serde_json::to_string_pretty(runs)?));
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", listing(&personal, &groups, args.groups));
    Ok(ExitCode::SUCCESS)
}

/// The text of `history` (or `history --groups`).
fn listing(personal: &[RunResult], groups: &[RunResult], show_groups: bool) -> String {
    let mut out = String::new();
    if show_groups {
        if groups.is_empty() {
            out.push_str("No group sessions recorded.\n");
        } else {
            out.push_str(&format!(
                "{:<16}  {:<18} {:<20} {:<20} {:>9} {:>5}\n",
                "date", "scenario", "trainer", "group", "headcount", "score"
            ));
        }
        for r in groups {
            out.push_str(&group_row(r));
            out.push('\n');
        }
        return out;
    }
    if personal.is_empty() {
        out.push_str("No runs recorded.\n");
    }
    for r in personal {
        out.push_str(&row(r));
        out.push('\n');
    }
    match groups.len() {
        0 => {}
        1 => out.push_str("1 group session: frontdesk history --groups\n"),
        n => out.push_str(&format!("{n} group sessions: frontdesk history --groups\n")),
    }
    out
}

/// A text cut to `width` characters (an ellipsis marks the cut), for a column.
fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn group_row(r: &RunResult) -> String {
    let date = r
        .started_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M");
    let g = r.group.as_ref();
    let name = |v: Option<&String>| fit(v.map_or("—", |s| s.as_str()), 20);
    let headcount = g.map_or_else(|| "—".to_string(), |g| g.headcount.to_string());
    let score = r.score.map_or_else(|| "—".to_string(), |s| s.to_string());
    format!(
        "{date}  {:<18} {:<20} {:<20} {headcount:>9} {score:>5}",
        fit(&r.scenario, 18),
        name(g.and_then(|g| g.trainer.as_ref())),
        name(g.and_then(|g| g.group.as_ref())),
    )
}

fn row(r: &RunResult) -> String {
    let date = r
        .started_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M");
    let result = match (r.outcome, r.score) {
        (Some(o), Some(s)) => format!("{:<9} {s:>3}", o.as_str()),
        _ => format!("{:<9} {:>3}", "abandoned", "—"),
    };
    format!(
        "{date}  {:<12} {:<18} {:<3} {:<8} {result}  ✗ {}/{}/{}  pitfalls {}",
        // What the store holds is shown as untrusted: it may predate the checks on entry, or
        // have been edited.
        Shown(&r.trainee),
        Shown(&r.scenario),
        Shown(&r.lang),
        r.mode.as_str(),
        r.fatal.justifying,
        r.fatal.ignoring,
        r.fatal.counter_attacking,
        r.pitfalls.total()
    )
}

/// `frontdesk export`.
pub fn export(global: &Global, args: &ExportArgs) -> Result<ExitCode> {
    if let Some(out) = &args.out {
        // Before reading the store: say at once that the file will not be written.
        crate::output::check_writable(out, args.force)?;
    }
    let store = open_for_reading(global)?;
    let since = args
        .since
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc());
    let runs = store.runs(global.trainee.as_deref(), since)?;
    let text = if args.format == crate::report::ExportFormat::Xapi {
        super::lrs::export(global, &runs)?
    } else {
        crate::report::export(&runs, args.format)?
    };
    match &args.out {
        Some(out) => crate::output::write_new(out, &text, args.force)?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
