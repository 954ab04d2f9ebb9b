//! The command line: flags, subcommands and what each does. `main.rs` only calls [`run`].
//!
//! Longer than 600 lines on purpose: every clap definition (`Cli`, `Global`, each subcommand's
//! arguments, with the help text users read) stays in this one file, so `--help`, the man page
//! and the completions can be reviewed in one place; what each command does lives in its own
//! file beside it.

mod author;
mod check;
mod console;
mod history;
mod input;
mod list;
mod lrs;
mod plain;

use crate::authoring::graph::GraphFormat;
use crate::engine::Mode;
use crate::i18n::{Lang, detect_lang};
use crate::report::ExportFormat;
use crate::scenario::text::Shown;
use crate::scenario::{Library, Origin, Scenario, Setting};
use crate::tui::theme::{Theme, ThemeName};
use crate::tui::{self, App, PresenterOptions, Seeding};
use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// frontdesk — roleplay training for clinic front-desk staff.
#[derive(Debug, Parser)]
#[command(name = "frontdesk", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags accepted before or after any subcommand.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Add a folder of scenario files to the bundled library.
    #[arg(long, global = true, value_name = "DIR")]
    pub scenarios: Vec<PathBuf>,
    /// Language of the interface and the scenarios (en, ru, bg); default from LC_ALL/LANG.
    #[arg(long, global = true, value_name = "L")]
    pub lang: Option<String>,
    /// Colour theme of the full-screen trainer (NO_COLOR turns colours off).
    #[arg(long, global = true, value_enum, default_value_t = ThemeName::Dark)]
    pub theme: ThemeName,
    /// practice (feedback after each reply) or exam (only at the end).
    #[arg(long, global = true, value_enum, default_value_t = Mode::Practice)]
    pub mode: Mode,
    /// Folder of the history store (default: FRONTDESK_DATA_DIR, else the platform data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Name runs are recorded under (default: the login name).
    #[arg(long, global = true, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Do not record runs.
    #[arg(long, global = true)]
    pub no_history: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the scenarios found.
    List(ListArgs),
    /// Check scenario files and report every problem as FILE:LINE:COL.
    Check(CheckArgs),
    /// Play a scenario.
    Play(PlayArgs),
    /// Run a group session on a projector: the room votes, the trainer reveals.
    Present(PresentArgs),
    /// The trainer's console: attach to the running group session from a second terminal
    /// (verdicts before the reveal, votes, timer; the presenter's keys work here too).
    Console(ConsoleArgs),
    /// List recorded runs.
    History(HistoryArgs),
    /// Write recorded runs for a trainer: CSV, JSON, Markdown or xAPI statements.
    Export(ExportArgs),
    /// Where results are sent: an xAPI Learning Record Store (see docs/xapi.md).
    Lrs {
        #[command(subcommand)]
        command: LrsCommand,
    },
    /// Send the runs waiting in the outbox to the LRS.
    Sync(SyncArgs),
    /// Every trainee's runs, read back from the LRS: the whole network's progress.
    Team(TeamArgs),
    /// Print the JSON Schema of the scenario format (for editors).
    Schema,
    /// Draw a scenario's dialogue as Graphviz DOT or Mermaid.
    Graph(GraphArgs),
    /// Paths, endings, and what a scenario offers.
    Stats(StatsArgs),
    /// Write a small, valid, commented scenario to start from.
    New(NewArgs),
    /// Convert a Twine 2 story (.twee, or published .html) into a scenario.
    Import(ImportArgs),
    /// Print a shell completion script (e.g. `frontdesk completions bash > ~/.local/share/bash-completion/completions/frontdesk`).
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `frontdesk man > frontdesk.1; man ./frontdesk.1`.
    Man,
}

/// `frontdesk lrs`.
#[derive(Debug, Subcommand)]
pub enum LrsCommand {
    /// Send results to the LRS at URL (its xAPI endpoint, e.g. https://lrs.example.org/xAPI/).
    Set(LrsSetArgs),
    /// Where results go, what is queued, and the last error.
    Status,
}

/// `frontdesk lrs set`.
#[derive(Debug, Args)]
pub struct LrsSetArgs {
    /// The LRS's xAPI endpoint.
    pub url: String,
    /// Activity IRIs start with this (default: the LRS's origin + /frontdesk/).
    #[arg(long, value_name = "IRI")]
    pub activity_base: Option<String>,
    /// The home page of every trainee's account (default: the LRS's origin).
    #[arg(long, value_name = "URL")]
    pub home_page: Option<String>,
    /// Store FRONTDESK_LRS_USER and FRONTDESK_LRS_PASSWORD in a file only you can read.
    #[arg(long)]
    pub save_credentials: bool,
}

/// `frontdesk sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Runs per request (each is about six statements).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub batch: u16,
}

/// `frontdesk team`.
#[derive(Debug, Args)]
pub struct TeamArgs {
    /// Print JSON.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// text (default) or csv (a row per trainee and scenario).
    #[arg(long, value_enum, default_value_t = TeamFormat::Text)]
    pub format: TeamFormat,
}

/// `frontdesk team --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TeamFormat {
    /// For the terminal.
    Text,
    /// A row per trainee and scenario.
    Csv,
}

/// `frontdesk graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A scenario id or a path to a scenario file.
    pub scenario: String,
    /// dot (Graphviz) or mermaid (Markdown pages).
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

/// `frontdesk stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// A scenario id or a path to a scenario file.
    pub scenario: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `frontdesk new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new scenario's id (a-z, 0-9, -); the file is ID.yaml.
    pub id: String,
    /// Where the call or visit happens.
    #[arg(long, value_enum, default_value_t = Setting::Desk)]
    pub setting: Setting,
    /// Write to FILE instead of ID.yaml in the current folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `frontdesk import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A Twee 3 file (.twee, .tw) or a published Twine 2 HTML file (.html).
    pub file: PathBuf,
    /// Write the scenario to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The scenario id (default: from the file name).
    #[arg(long)]
    pub id: Option<String>,
    /// Overwrite FILE if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// `frontdesk history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Print JSON (with decisions) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// List group sessions (`frontdesk present`) instead of personal runs.
    #[arg(long)]
    pub groups: bool,
}

/// `frontdesk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv (one row per run), json (with decisions), md (a summary per trainee) or xapi (the
    /// statements `sync` sends, for an LRS this PC cannot reach; needs `lrs set`).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only runs started on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<chrono::NaiveDate>,
    /// Overwrite FILE if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01"))
}

/// `frontdesk present`.
#[derive(Debug, Args)]
pub struct PresentArgs {
    /// A scenario id (see `frontdesk list`) or a path to a scenario file.
    pub scenario: String,
    /// Seed for names, line variants and reply order (random when not given).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Keep the replies in file order.
    #[arg(long)]
    pub no_shuffle: bool,
    /// Show a countdown of this many seconds for the discussion (it never picks for the room).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub timer: Option<u32>,
    /// Write a Markdown record of the session to FILE when it ends.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Overwrite the report file if it exists.
    #[arg(long, requires = "report")]
    pub force: bool,
    /// The trainer's name, for the record and the report (up to 60 characters).
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    pub trainer: Option<String>,
    /// The group's name, for the record and the report (up to 60 characters).
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    pub group: Option<String>,
    /// Let the room vote from their phones: serve a page on the local network (the projector
    /// shows a QR code, the address and a room code).
    #[arg(long)]
    pub phones: bool,
    /// The address and port for phones (default: this machine's LAN address, a free port).
    #[arg(long, value_name = "ADDR:PORT", requires = "phones")]
    pub bind: Option<std::net::SocketAddr>,
}

/// `frontdesk console`.
#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// The session file to attach to, when several sessions run (the error lists them).
    #[arg(long, value_name = "PATH")]
    pub session: Option<PathBuf>,
}

/// A trainer's or group's name: 1 to 60 characters, no control characters.
fn parse_name(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("the name is empty".into());
    }
    if s.chars().count() > 60 {
        return Err(format!(
            "the name is {} characters long; 60 at most",
            s.chars().count()
        ));
    }
    if s.chars().any(char::is_control) {
        return Err("the name has a control character (a tab, a newline, …)".into());
    }
    Ok(s.to_string())
}

/// `frontdesk list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// For trainers: also each scenario's summary and the source it comes from.
    #[arg(long)]
    pub long: bool,
}

/// `frontdesk check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; the bundled library when none.
    pub paths: Vec<PathBuf>,
    /// Also apply the library's content rules, the tells linter among them.
    #[arg(long)]
    pub strict: bool,
    /// With --strict: write the tells linter's Markdown report of every file checked to FILE.
    #[arg(long, value_name = "FILE", requires = "strict")]
    pub tells_report: Option<PathBuf>,
    /// With --tells-report: replace the file if it exists.
    #[arg(long, requires = "tells_report")]
    pub force: bool,
}

/// `frontdesk play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// A scenario id (see `frontdesk list`) or a path to a scenario file.
    pub scenario: String,
    /// Seed for names, line variants and reply order (random when not given).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Keep the replies in file order.
    #[arg(long)]
    pub no_shuffle: bool,
    /// Line-oriented runner for scripts, screen readers and pipes.
    #[arg(long)]
    pub plain: bool,
    /// Replies to give, as the numbers shown, e.g. `2,1,3` (plain runner).
    #[arg(long, value_delimiter = ',', value_name = "N,N,...")]
    pub choices: Option<Vec<String>>,
    /// Print one JSON object at the end instead of the debrief (plain runner).
    #[arg(long)]
    pub json: bool,
    /// Reload the scenario file whenever it is saved (for authors; SCENARIO must be a file).
    #[arg(long)]
    pub watch: bool,
}

/// A scenario file given by path has errors (already printed as FILE:LINE:COL): exit 1, as
/// `check` does.
#[derive(Debug)]
pub struct ScenarioErrors(pub String);

impl std::fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} has errors; fix them and try again", self.0)
    }
}

impl std::error::Error for ScenarioErrors {}

/// Parses the command line and runs it, returning the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            // Errors quote file names, ids and arguments: shown through the one escaping path.
            eprintln!("frontdesk: error: {}", Shown(&format!("{e:#}")));
            if e.downcast_ref::<ScenarioErrors>().is_some() {
                ExitCode::from(1)
            } else {
                ExitCode::from(2)
            }
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    let lang = detect_lang(
        cli.global.lang.as_deref(),
        std::env::var("LC_ALL").ok().as_deref(),
        std::env::var("LANG").ok().as_deref(),
    );
    if let Some(name) = &cli.global.trainee {
        history::check_trainee(name, "--trainee")?;
    }
    match cli.command {
        Some(Command::Check(args)) => check::run(&args, &cli.global),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "frontdesk", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::History(args)) => history::list(&cli.global, &args),
        Some(Command::Console(args)) => console::attach(&args, &cli.global),
        Some(Command::Schema) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&crate::scenario::format::json_schema())?
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Graph(args)) => {
            let mut lib = library_quiet(&cli.global)?;
            let s = resolve(&mut lib, &args.scenario, &lang)?;
            print!("{}", crate::authoring::graph::render(s, args.format));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Stats(args)) => {
            let mut lib = library_quiet(&cli.global)?;
            let s = resolve(&mut lib, &args.scenario, &lang)?;
            let st = crate::authoring::stats::stats_with_tells(s);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&st)?);
            } else {
                print!("{}", crate::authoring::stats::text(&st));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::New(args)) => author::new(&args, cli.global.lang.as_deref().unwrap_or("en")),
        Some(Command::Import(args)) => {
            author::import(&args, cli.global.lang.as_deref().unwrap_or("en"))
        }
        Some(Command::Export(args)) => history::export(&cli.global, &args),
        Some(Command::Lrs { command }) => lrs::lrs(&cli.global, &command),
        Some(Command::Sync(args)) => lrs::sync(&cli.global, &args),
        Some(Command::Team(args)) => lrs::team(&cli.global, &args),
        Some(Command::List(args)) => {
            let lib = library(&cli.global)?;
            list::run(&lib, &lang, &args)
        }
        Some(Command::Play(args)) => {
            let mut lib = library(&cli.global)?;
            let index = resolve_index(&mut lib, &args.scenario, &lang)?;
            let file = &lib.files()[index];
            let scenario = Arc::clone(file.scenario().expect("resolved files are valid"));
            if args.watch && (args.plain || args.json || args.choices.is_some() || !interactive()) {
                bail!(
                    "--watch needs the full-screen trainer in a terminal (not --plain, --json or --choices)"
                );
            }
            if args.plain || args.json || args.choices.is_some() || !interactive() {
                let mut rec = history::Recorder::open(&cli.global)?;
                return plain::play(&scenario, &args, cli.global.mode, &mut rec, file);
            }
            let scenario_lang = scenario.lang.0.clone();
            let seeding = Seeding {
                seed: args.seed,
                shuffle: !args.no_shuffle,
            };
            if args.watch {
                let crate::scenario::Origin::File(path) = file.origin.clone() else {
                    bail!(
                        "--watch needs a scenario file, not a bundled id: run `frontdesk play PATH.yaml --watch`"
                    );
                };
                let mut rec = history::Recorder::open(&cli.global)?;
                let mut app = trainer(&lib, &scenario_lang, &cli.global, seeding, &rec);
                app.start(&scenario);
                first_start(&mut app, &cli.global);
                let ending = tui::run(&mut app, rec.store.as_mut(), Some(&path))?;
                return Ok(exit_code(ending));
            }
            let mut rec = history::Recorder::open(&cli.global)?;
            let mut app = trainer(&lib, &scenario_lang, &cli.global, seeding, &rec);
            app.start(&scenario);
            first_start(&mut app, &cli.global);
            let ending = tui::run(&mut app, rec.store.as_mut(), None)?;
            Ok(exit_code(ending))
        }
        Some(Command::Present(args)) => {
            // Before anything else (and before the terminal is taken over): a report that
            // could not be written is said now, not after the session.
            if let Some(r) = &args.report {
                // The error names the path and what to do.
                crate::output::check_writable(r, args.force)?;
            }
            // So is an address for phones that cannot be had (busy, not this machine's).
            let listener = if args.phones {
                Some(crate::web::bind(args.bind)?)
            } else {
                None
            };
            if !interactive() {
                bail!("`present` needs a terminal; for scripts use `frontdesk play ID --plain`");
            }
            let mut lib = library(&cli.global)?;
            let scenario = Arc::clone(resolve(&mut lib, &args.scenario, &lang)?);
            let scenario_lang = scenario.lang.0.clone();
            let seeding = Seeding {
                seed: args.seed,
                shuffle: !args.no_shuffle,
            };
            let mut rec = history::Recorder::open(&cli.global)?;
            let mut app = trainer(&lib, &scenario_lang, &cli.global, seeding, &rec);
            app.presenter_options = PresenterOptions {
                timer: args.timer,
                report: args.report.clone(),
                force: args.force,
                return_to_shell: true,
                phones: None,
                console: None,
            };
            let events = tui::events::EventSource::new();
            let server = match listener {
                Some(l) => {
                    let code = crate::web::room_code();
                    let server =
                        crate::web::PhoneServer::start(l, app.lang, code, events.sender())?;
                    eprintln!("frontdesk: phones join at {}", server.url);
                    app.presenter_options.phones = Some(server.link());
                    Some(server)
                }
                None => None,
            };
            let link = console::serve(&cli.global, &scenario.id.0, events.sender());
            app.presenter_options.console = link.as_ref().map(|l| l.publisher());
            app.present(&scenario);
            app.set_session_info(crate::engine::group::SessionInfo {
                trainer: args.trainer.clone(),
                group: args.group.clone(),
                timer: args.timer,
                started: None,
            });
            let ending = tui::run_with(&mut app, rec.store.as_mut(), None, events)?;
            if let Some(server) = server {
                // Phones that follow the page see "the session has ended" before it stops.
                std::thread::sleep(std::time::Duration::from_millis(1500));
                server.stop();
            }
            // Consoles see the end; the session file goes.
            drop(link);
            if let Some(n) = &app.notice {
                eprintln!("frontdesk: {}", Shown(n));
            }
            Ok(exit_code(ending))
        }
        None => {
            let lib = library(&cli.global)?;
            let mut rec = history::Recorder::open(&cli.global)?;
            if !interactive() {
                return plain::pick_and_play(&lib, &lang, cli.global.mode, &mut rec);
            }
            let seeding = Seeding {
                seed: None,
                shuffle: true,
            };
            let mut app = trainer(&lib, &lang, &cli.global, seeding, &rec);
            first_start(&mut app, &cli.global);
            let ending = tui::run(&mut app, rec.store.as_mut(), None)?;
            Ok(exit_code(ending))
        }
    }
}

/// The exit status after the full-screen trainer: 0 after a quit, `128 + N` after signal N
/// (as a shell reports a process that a signal ended).
fn exit_code(ending: tui::Ending) -> ExitCode {
    match ending {
        tui::Ending::Quit => ExitCode::SUCCESS,
        tui::Ending::Signal(sig) => ExitCode::from(u8::try_from(128 + sig).unwrap_or(u8::MAX)),
    }
}

/// The library without notices about broken files (for tools that name one scenario). Files
/// of a folder that cannot be read (a FIFO, a device, no permission) are skipped with a notice.
fn library_quiet(global: &Global) -> Result<Library> {
    let mut lib = Library::bundled();
    for dir in &global.scenarios {
        lib.add_dir(dir)
            .with_context(|| format!("cannot read the scenario folder {}", dir.display()))?;
    }
    print_skipped(&lib);
    Ok(lib)
}

/// One notice per file of a folder that was not read.
fn print_skipped(lib: &Library) {
    for (path, why) in lib.skipped() {
        eprintln!(
            "frontdesk: {} is skipped: {}",
            Shown(&path.display().to_string()),
            Shown(why)
        );
    }
}

/// True when both ends are a terminal; otherwise the plain runner is used.
fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// "How it works" on the first start of the full-screen trainer, remembered in the data
/// folder. With `--no-history` nothing is written, so nothing is shown.
fn first_start(app: &mut App<'_>, global: &Global) {
    if global.no_history {
        return;
    }
    let dir = crate::store::data_dir(global.data_dir.as_deref());
    app.intro_on_first_start(dir.as_deref());
}

/// The full-screen trainer's state for the flags given.
fn trainer<'a>(
    lib: &'a Library,
    lang: &str,
    global: &Global,
    seeding: Seeding,
    rec: &history::Recorder,
) -> App<'a> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut app = App::new(
        lib,
        Lang::from_code(lang),
        global.mode,
        Theme::new(global.theme, color),
        seeding,
    );
    app.set_history(rec.view());
    app.xapi = lrs::background(global, rec);
    app
}

/// The bundled library plus the folders given with `--scenarios`. Invalid files are skipped
/// here with a notice; `frontdesk check` shows their problems.
pub fn library(global: &Global) -> Result<Library> {
    let lib = library_quiet(global)?;
    for f in lib.files() {
        if f.has_errors() {
            eprintln!(
                "frontdesk: {} has errors and is skipped (run `frontdesk check {}`)",
                f.origin.display_name(),
                f.origin.display_name()
            );
        }
    }
    for (new, old) in overrides(&lib) {
        let h = new.header().expect("only valid files override");
        eprintln!(
            "frontdesk: {} replaces the bundled scenario `{}` ({}) from {}",
            new.origin.display_name(),
            h.id,
            h.lang,
            old.origin.display_name()
        );
    }
    Ok(lib)
}

/// Files of a `--scenarios` folder with the id and language of a bundled file, which they
/// replace: (the file from the folder, the bundled one).
pub fn overrides(
    lib: &Library,
) -> Vec<(&crate::scenario::SourceFile, &crate::scenario::SourceFile)> {
    let mut out = Vec::new();
    for (f, h) in lib.headers() {
        if !matches!(f.origin, Origin::File(_)) {
            continue;
        }
        if let Some((b, _)) = lib.headers().find(|(b, bh)| {
            matches!(b.origin, Origin::Bundled(_)) && bh.id == h.id && bh.lang == h.lang
        }) {
            out.push((f, b));
        }
    }
    out
}

/// Finds a scenario by id or path, with a notice when it falls back to another language.
fn resolve<'l>(lib: &'l mut Library, spec: &str, lang: &str) -> Result<&'l Arc<Scenario>> {
    let i = resolve_index(lib, spec, lang)?;
    Ok(lib.files()[i].scenario().expect("resolved files are valid"))
}

/// Like [`resolve`], giving the index of the file in the library.
fn resolve_index(lib: &mut Library, spec: &str, lang: &str) -> Result<usize> {
    let found: *const Scenario = &**find_scenario(lib, spec, lang)?;
    let files = lib.files();
    Ok(files
        .iter()
        .position(|f| f.scenario().is_some_and(|x| std::ptr::eq(&**x, found)))
        .expect("a found scenario comes from a file"))
}

fn find_scenario<'l>(lib: &'l mut Library, spec: &str, lang: &str) -> Result<&'l Arc<Scenario>> {
    let looks_like_path = spec.contains('/') || spec.ends_with(".yaml") || spec.ends_with(".yml");
    if looks_like_path || Path::new(spec).is_file() {
        let file = lib
            .add_file(Path::new(spec))
            .with_context(|| format!("cannot read {spec}"))?;
        let name = file.origin.display_name();
        if file.has_errors() {
            for d in file.diagnostics() {
                eprintln!("{}", d.display(&name));
            }
            return Err(ScenarioErrors(spec.to_string()).into());
        }
        return Ok(file.scenario().expect("valid"));
    }
    match lib.find(spec, lang) {
        Some((s, fell_back)) => {
            if fell_back {
                let t = crate::i18n::Lang::from_code(lang).texts();
                eprintln!(
                    "frontdesk: `{}` {} `{}`",
                    Shown(spec),
                    t.fallback_notice(),
                    s.lang
                );
            }
            Ok(s)
        }
        None => {
            let ids = lib.ids();
            let hint = match crate::scenario::text::did_you_mean(spec, &ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known scenarios: {}", ids.join(", ")),
            };
            bail!("no scenario `{spec}`; {hint}")
        }
    }
}
