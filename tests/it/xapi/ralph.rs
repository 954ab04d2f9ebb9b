//! Ralph and desk PCs for the xAPI tests: a Ralph started per test, and a desk's folders.

use assert_cmd::Command;
use frontdesk::engine::group::{GroupSession, SessionInfo, Stage};
use frontdesk::engine::{Mode, Run, RunOptions};
use frontdesk::scenario::Library;
use frontdesk::store::{RunResult, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const USER: &str = "desk";
pub const PASSWORD: &str = "correct-horse-7";

/// The Ralph virtual environment.
pub fn venv() -> PathBuf {
    std::env::var_os("FRONTDESK_RALPH_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ralph-venv"))
}

/// A running Ralph; stopped when dropped.
pub struct Ralph {
    child: Option<Child>,
    /// Its folder: credentials and statements.
    pub dir: tempfile::TempDir,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Ralph {
    /// Starts Ralph, or `None` (skipped) when it is not installed; under `CI=true` a missing
    /// Ralph fails the test.
    pub fn start() -> Option<Self> {
        let python = venv().join("bin/python");
        if !python.exists() || !venv().join("bin/ralph").exists() {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!(
                    "CI=true but Ralph is not installed in {} (run .ci/run, or set FRONTDESK_RALPH_VENV)",
                    venv().display()
                );
            }
            eprintln!(
                "skipped: Ralph is not installed in {} (python3 -m venv DIR && DIR/bin/pip install 'ralph-malph[cli,lrs]' requests uvicorn; FRONTDESK_RALPH_VENV=DIR)",
                venv().display()
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let auth = std::process::Command::new(venv().join("bin/ralph"))
            .args(["auth", "-u", USER, "-p", PASSWORD, "-s", "all"])
            .args(["-M", "mailto:desk@clinic.example", "-w"])
            .env("RALPH_APP_DIR", dir.path())
            .env("RALPH_AUTH_FILE", dir.path().join("auth.json"))
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .output()
            .unwrap();
        assert!(
            auth.status.success(),
            "ralph auth: {}",
            String::from_utf8_lossy(&auth.stderr)
        );
        let mut ralph = Self {
            child: None,
            dir,
            port: free_port(),
        };
        ralph.resume();
        Some(ralph)
    }

    /// The xAPI endpoint.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    /// Starts (again) on the same port and folder, and waits until it answers.
    pub fn resume(&mut self) {
        let serve = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ralph/serve.py");
        let child = std::process::Command::new(venv().join("bin/python"))
            .arg(serve)
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let start = Instant::now();
        let url = format!("http://127.0.0.1:{}/__heartbeat__", self.port);
        while start.elapsed() < Duration::from_secs(60) {
            if ureq::get(&url).call().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("Ralph did not start on port {} within 60 s", self.port);
    }

    /// Stops the server (the statements stay in its folder).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Every statement Ralph stores, read back over the xAPI GET API (`more` links followed).
    pub fn statements(&self) -> Vec<Value> {
        let settings = frontdesk::xapi::Settings::new(&self.endpoint(), None, None).unwrap();
        let creds = frontdesk::xapi::Credentials {
            user: USER.into(),
            password: PASSWORD.into(),
        };
        frontdesk::xapi::Client::new(&settings, Some(&creds))
            .statements("limit=100")
            .unwrap()
    }
}

impl Drop for Ralph {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One desk PC: a config folder and a data folder.
pub struct Desk {
    /// Both folders live here.
    pub dir: tempfile::TempDir,
}

impl Desk {
    /// A desk with no settings and no history.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The data folder.
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `frontdesk` on this desk, with the right credentials in the environment.
    pub fn frontdesk(&self) -> Command {
        let mut c = Command::cargo_bin("frontdesk").unwrap();
        c.env("FRONTDESK_CONFIG_DIR", self.dir.path().join("config"))
            .env("FRONTDESK_DATA_DIR", self.data())
            .env("FRONTDESK_LRS_USER", USER)
            .env("FRONTDESK_LRS_PASSWORD", PASSWORD)
            .env_remove("LANG")
            .env_remove("LC_ALL");
        c
    }

    /// Records runs as the trainer would.
    pub fn record(&self, runs: &[RunResult]) {
        let mut store = Store::open(&self.data()).unwrap();
        for r in runs {
            store.record(r).unwrap();
        }
    }
}

/// A run of child-patient by `trainee`: the first `picks` replies (file order), in `mode`.
pub fn played(trainee: &str, mode: Mode, picks: Option<usize>, seed: u64) -> RunResult {
    let lib = Library::bundled();
    let (file, _) = lib.find_file("child-patient", "en").unwrap();
    let s = Arc::clone(file.scenario().unwrap());
    let mut run = Run::new(
        s,
        RunOptions {
            seed,
            shuffle: false,
        },
    );
    let mut n = 0;
    while !run.is_over() && picks.is_none_or(|p| n < p) {
        run.choose(0).unwrap();
        n += 1;
    }
    let t = chrono::Utc::now() - chrono::Duration::minutes(10);
    RunResult::of(
        &run,
        trainee,
        file.hash(),
        mode,
        t,
        t + chrono::Duration::seconds(200),
    )
}

/// A group session of child-patient, the room always taking letter A.
pub fn group_session() -> RunResult {
    let lib = Library::bundled();
    let (file, _) = lib.find_file("child-patient", "en").unwrap();
    let mut g = GroupSession::new(
        Arc::clone(file.scenario().unwrap()),
        RunOptions::default(),
        Mode::Group,
    );
    g.set_info(SessionInfo {
        trainer: Some("Olga K.".into()),
        group: Some("Tuesday nurses".into()),
        timer: None,
        started: None,
    });
    for _ in 0..500 {
        if g.run().is_over() {
            break;
        }
        if g.stage() == Stage::Vote {
            g.vote(0);
        }
        if g.stage() == Stage::Choose {
            g.choose(0);
        }
        g.advance();
    }
    assert!(g.run().is_over());
    let t = chrono::Utc::now() - chrono::Duration::minutes(30);
    RunResult::of_group(
        &g,
        "olga",
        file.hash(),
        t,
        t + chrono::Duration::minutes(25),
    )
}
