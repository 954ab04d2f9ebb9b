//! Scale of the xAPI outbox (not a timed test): 10,000 stored runs (about 60,000 statements)
//! synced to a local Ralph in batches. Reports statements per second, bytes per statement,
//! frontdesk's peak memory during the sync (VmHWM, reset before it), and checks that a run
//! recorded while the sync is under way is neither lost nor sent twice.
//!
//! `cargo bench --bench xapi` (figures in docs/performance.md). Ralph is found as the tests
//! find it (`FRONTDESK_RALPH_VENV`, default `target/ralph-venv`). `FRONTDESK_BENCH_RUNS` and
//! `FRONTDESK_BENCH_BATCH` change the number of runs (10,000) and runs per request (50).

use frontdesk::engine::{Mode, Run, RunOptions};
use frontdesk::scenario::Library;
use frontdesk::store::{RunResult, Store};
use frontdesk::xapi::{Client, Credentials, Settings, sync};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const USER: &str = "bench";
const PASSWORD: &str = "bench-password-1";

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn venv() -> PathBuf {
    std::env::var_os("FRONTDESK_RALPH_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ralph-venv"))
}

struct Ralph(Child);

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_ralph(dir: &Path, port: u16) -> Ralph {
    let auth = std::process::Command::new(venv().join("bin/ralph"))
        .args(["auth", "-u", USER, "-p", PASSWORD, "-s", "all"])
        .args(["-M", "mailto:bench@clinic.example", "-w"])
        .env("RALPH_APP_DIR", dir)
        .env("RALPH_AUTH_FILE", dir.join("auth.json"))
        .env("RALPH_RUNSERVER_BACKEND", "fs")
        .output()
        .expect("Ralph is installed (see docs/xapi.md)");
    assert!(auth.status.success());
    let serve = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ralph/serve.py");
    let child = std::process::Command::new(venv().join("bin/python"))
        .arg(serve)
        .arg(port.to_string())
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/__heartbeat__");
    let start = Instant::now();
    while ureq::get(&url).call().is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "Ralph did not start"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    Ralph(child)
}

/// Run `i`: one of the bundled scenarios (English), replies varied by `i`, one of 50 trainees.
fn run(lib: &Library, ids: &[&str], i: usize) -> RunResult {
    let (file, _) = lib.find_file(ids[i % ids.len()], "en").unwrap();
    let s = Arc::clone(file.scenario().unwrap());
    let mut run = Run::new(
        s,
        RunOptions {
            seed: i as u64,
            shuffle: true,
        },
    );
    let mut k = i;
    for _ in 0..60 {
        if run.is_over() {
            break;
        }
        let n = run.offered().len().max(1);
        run.choose(k % n).unwrap();
        k = k / n + 7;
    }
    let t = chrono::Utc::now() - chrono::Duration::days(30) + chrono::Duration::minutes(i as i64);
    let mode = if i.is_multiple_of(3) {
        Mode::Exam
    } else {
        Mode::Practice
    };
    RunResult::of(
        &run,
        &format!("trainee-{:02}", i % 50),
        file.hash(),
        mode,
        t,
        t + chrono::Duration::seconds(120 + (i % 300) as i64),
    )
}

fn main() {
    let runs = env_or("FRONTDESK_BENCH_RUNS", 10_000);
    let batch = env_or("FRONTDESK_BENCH_BATCH", 50);
    if !venv().join("bin/ralph").exists() {
        eprintln!(
            "skipped: Ralph is not installed in {} (see docs/xapi.md)",
            venv().display()
        );
        return;
    }
    let ralph_dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _ralph = start_ralph(ralph_dir.path(), port);
    let endpoint = format!("http://127.0.0.1:{port}/xAPI/");
    let settings = Settings::new(&endpoint, None, None).unwrap();
    let creds = Credentials {
        user: USER.into(),
        password: PASSWORD.into(),
    };
    let client = Client::new(&settings, Some(&creds));

    let lib = Library::bundled();
    let ids = lib.ids();
    let data = tempfile::tempdir().unwrap();
    let mut store = Store::open(data.path()).unwrap();
    let t = Instant::now();
    for i in 0..runs {
        store.record(&run(&lib, &ids, i)).unwrap();
    }
    println!("recorded {runs} runs in {:.1} s", t.elapsed().as_secs_f64());

    // frontdesk's own share of a sync, without the network: read the queued runs, build and
    // serialise their statements.
    let t = Instant::now();
    let queued = store.queued(runs).unwrap();
    let builder = frontdesk::xapi::statement::Builder::new(&settings, &lib);
    let (mut built, mut bytes) = (0usize, 0usize);
    for q in &queued {
        let statements = builder.run(&q.run);
        built += statements.len();
        bytes += serde_json::to_string(&statements).unwrap().len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "frontdesk alone: read {} runs, built and serialised {built} statements ({:.1} MB) in {secs:.2} s: {:.0} statements/s",
        queued.len(),
        bytes as f64 / 1e6,
        built as f64 / secs
    );
    drop(queued);

    // One run is finished while the sync is under way, by another connection (as the trainer's
    // own store would be while the background sender sends).
    let late_dir = data.path().to_path_buf();
    let late = run(&lib, &ids, runs + 1);
    let late_id = late.run_id.clone();
    let recorder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(2));
        Store::open(&late_dir).unwrap().record(&late).unwrap();
    });

    // The peak from here on is the sync's (writing 5 to clear_refs resets VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = status_kib("VmRSS:");
    let t = Instant::now();
    let first = sync(&mut store, &lib, &settings, &client, batch).unwrap();
    let secs = t.elapsed().as_secs_f64();
    let peak = status_kib("VmHWM:");
    recorder.join().unwrap();
    let second = sync(&mut store, &lib, &settings, &client, batch).unwrap();
    let third = sync(&mut store, &lib, &settings, &client, batch).unwrap();
    let db = std::fs::metadata(frontdesk::store::db_path(data.path()))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("history.db after the sync: {:.1} MB", db as f64 / 1e6);

    println!(
        "sync: {} runs, {} statements, {:.1} MB in {secs:.1} s: {:.0} statements/s, {:.0} bytes/statement, batches of {batch} runs",
        first.runs,
        first.statements,
        first.bytes as f64 / 1e6,
        first.statements as f64 / secs,
        first.bytes as f64 / first.statements as f64,
    );
    println!(
        "memory: RSS {} MiB before the sync, peak {} MiB during it",
        rss_before / 1024,
        peak / 1024
    );
    println!(
        "then: a second sync sent {} runs, a third {} runs",
        second.runs, third.runs
    );

    // What Ralph holds: every statement once; the late run's, once.
    let text = std::fs::read_to_string(ralph_dir.path().join("fs_lrs.jsonl")).unwrap();
    let mut ids_seen: HashMap<String, u32> = HashMap::new();
    let mut late_statements = 0;
    for line in text.lines() {
        let s: serde_json::Value = serde_json::from_str(line).unwrap();
        *ids_seen
            .entry(s["id"].as_str().unwrap().to_string())
            .or_default() += 1;
        if s["context"]["extensions"][format!("{}extensions/run-id", settings.activity_base)]
            == late_id.as_str()
        {
            late_statements += 1;
        }
    }
    let sent_runs = first.runs + second.runs + third.runs;
    let stored = ids_seen.len();
    let twice = ids_seen.values().filter(|n| **n > 1).count();
    println!(
        "Ralph holds {stored} statements ({} lines, {twice} ids more than once); the run recorded during the sync: {late_statements} statements",
        text.lines().count()
    );
    assert_eq!(sent_runs, runs as u64 + 1, "every run sent once");
    assert_eq!(twice, 0, "no statement stored twice");
    assert!(late_statements > 0, "the late run is in the LRS");
    assert_eq!(
        stored as u64,
        first.statements + second.statements,
        "every statement sent is stored"
    );
    assert_eq!(third.runs, 0);
}
