//! The LRS on the command line: `lrs set`, `lrs status`, `sync`, `team` and
//! `export --format xapi` (docs/xapi.md).

use super::{Global, LrsCommand, LrsSetArgs, SyncArgs, TeamArgs, TeamFormat};
use crate::scenario::text::{Shown, visible_json};
use crate::store::{self, RunResult, Store};
use crate::xapi::config::CredentialSource;
use crate::xapi::{Client, Credentials, Settings, SyncError, config_dir, team};
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::ExitCode;

fn folder() -> Result<PathBuf> {
    config_dir().context("no config folder could be found; set FRONTDESK_CONFIG_DIR")
}

/// The settings, or an error saying how to make them.
fn settings() -> Result<(PathBuf, Settings)> {
    let dir = folder()?;
    match Settings::load(&dir)? {
        Some(s) => Ok((dir, s)),
        None => bail!(
            "no LRS is configured, so nothing is sent; run `frontdesk lrs set URL` with the LRS's xAPI endpoint"
        ),
    }
}

fn client(dir: &std::path::Path, settings: &Settings) -> Result<Client> {
    let creds = Credentials::find(dir)?.map(|(c, _)| c);
    Ok(Client::new(settings, creds.as_ref()))
}

/// `frontdesk lrs …`.
pub fn lrs(global: &Global, command: &LrsCommand) -> Result<ExitCode> {
    match command {
        LrsCommand::Set(args) => set(global, args),
        LrsCommand::Status => status(global),
    }
}

fn set(global: &Global, args: &LrsSetArgs) -> Result<ExitCode> {
    let dir = folder()?;
    let settings = Settings::new(
        &args.url,
        args.activity_base.as_deref(),
        args.home_page.as_deref(),
    )?;
    let path = settings.save(&dir)?;
    println!(
        "Results go to {} (settings in {}).",
        Shown(&settings.endpoint),
        path.display()
    );
    if args.save_credentials {
        let Some(c) = Credentials::from_env() else {
            bail!(
                "--save-credentials stores FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD; set both first"
            );
        };
        let path = c.save(&dir)?;
        println!(
            "The user name and password are stored in {} (readable by you only).",
            path.display()
        );
    }
    if let Some(waiting) = waiting(global) {
        println!("{waiting} runs are waiting: `frontdesk sync` sends them.");
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs waiting in the outbox, when there is a history.
fn waiting(global: &Global) -> Option<u64> {
    let dir = store::data_dir(global.data_dir.as_deref())?;
    let path = store::db_path(&dir);
    let s = Store::open_read_only(&path).ok()?;
    s.outbox_counts().ok().map(|c| c.waiting)
}

fn status(global: &Global) -> Result<ExitCode> {
    let dir = folder()?;
    match Settings::load(&dir)? {
        None => println!("No LRS is configured: nothing is sent. (`frontdesk lrs set URL`)"),
        Some(s) => {
            println!("Sends to:        {}", Shown(&s.statements_url()));
            println!("Activities:      {}", Shown(&s.activity_base));
            println!("Account home:    {}", Shown(&s.home_page));
            let who = match Credentials::find(&dir) {
                Ok(Some((c, CredentialSource::Environment))) => {
                    format!("user {} (from the environment)", Shown(&c.user))
                }
                Ok(Some((c, CredentialSource::File))) => format!(
                    "user {} (stored in {})",
                    Shown(&c.user),
                    dir.join(crate::xapi::config::CREDENTIALS_FILE).display()
                ),
                Ok(None) => "none (set FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD)".into(),
                Err(e) => format!("unreadable: {e}"),
            };
            println!("Credentials:     {who}");
        }
    }
    let Some(data) = store::data_dir(global.data_dir.as_deref()) else {
        return Ok(ExitCode::SUCCESS);
    };
    let path = store::db_path(&data);
    if !path.exists() {
        println!(
            "Queued:          nothing (no history yet in {})",
            data.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let store = Store::open_read_only(&path)?;
    let counts = store.outbox_counts()?;
    println!(
        "Queued:          {} waiting, {} sent",
        crate::xapi::runs(counts.waiting),
        counts.sent
    );
    let note = store.last_sync()?;
    if let Some(at) = note.at {
        println!("Last sync:       {}", Shown(&at));
    }
    if let Some(e) = note.error {
        println!("Last error:      {}", Shown(&e));
    }
    Ok(ExitCode::SUCCESS)
}

/// `frontdesk sync`.
pub fn sync(global: &Global, args: &SyncArgs) -> Result<ExitCode> {
    let (dir, settings) = settings()?;
    let data = store::data_dir(global.data_dir.as_deref())
        .context("no data folder could be found; pass --data-dir")?;
    let mut store = Store::open(&data)?;
    let lib = super::library_quiet(global)?;
    let client = client(&dir, &settings)?;
    match crate::xapi::sync(
        &mut store,
        &lib,
        &settings,
        &client,
        usize::from(args.batch),
    ) {
        Ok(done) if done.runs == 0 => println!("Nothing to send: every run is in the LRS."),
        Ok(done) => println!(
            "Sent {} ({} statements) to {}.",
            crate::xapi::runs(done.runs),
            done.statements,
            Shown(&settings.endpoint)
        ),
        Err(SyncError::Send { waiting, source }) => {
            bail!(
                "{} waiting to be sent: {source}; they stay queued for the next `frontdesk sync`",
                crate::xapi::runs(waiting)
            )
        }
        Err(e) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}

/// `frontdesk team`.
pub fn team(global: &Global, args: &TeamArgs) -> Result<ExitCode> {
    let (dir, settings) = settings()?;
    let client = client(&dir, &settings)?;
    let runs = team::read(&client, &settings).with_context(|| {
        format!(
            "cannot read the statements from {}",
            Shown(&settings.endpoint)
        )
    })?;
    let lib = super::library_quiet(global)?;
    let ids = lib.ids();
    let summary = team::summarise(&runs, &ids);
    if args.json {
        println!("{}", visible_json(serde_json::to_string_pretty(&summary)?));
    } else if args.format == TeamFormat::Csv {
        print!("{}", team::csv(&summary)?);
    } else {
        print!("{}", team::text(&summary));
    }
    Ok(ExitCode::SUCCESS)
}

/// `export --format xapi`: the statements `sync` would send, for these runs.
pub fn export(global: &Global, runs: &[RunResult]) -> Result<String> {
    let (_, settings) = settings()?;
    let lib = super::library_quiet(global)?;
    Ok(crate::xapi::export(runs, &lib, &settings))
}

/// The trainer's background sender, when an LRS is configured and runs are recorded; it is
/// asked at once to send what waits from before.
pub fn background(
    global: &Global,
    rec: &super::history::Recorder,
) -> Option<crate::xapi::background::Background> {
    rec.store.as_ref()?;
    let dir = config_dir()?;
    let settings = Settings::load(&dir).ok()??;
    let creds = Credentials::find(&dir).ok().flatten().map(|(c, _)| c);
    let data = store::data_dir(global.data_dir.as_deref())?;
    let bg =
        crate::xapi::background::Background::start(data, global.scenarios.clone(), settings, creds);
    bg.kick();
    Some(bg)
}
