//! End to end in a real pseudo-terminal: the binary is started with no display and no tmux, the
//! screen is read back with vt100, and the terminal must be left as it was found.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A program in a pseudo-terminal of 80×24, read back with vt100 (the console's tests start
/// two at once).
pub(crate) struct Session {
    pub(crate) parser: vt100::Parser,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    pub(crate) child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    pub(crate) fn start(args: &[&str], envs: &[(&str, &str)]) -> Self {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_frontdesk"));
        cmd.args(args);
        Self::spawn(cmd, envs)
    }

    /// Runs `script` in `sh` with `$FRONTDESK` naming the binary, so a test can look at the
    /// terminal (with `stty`) after frontdesk has gone.
    fn start_shell(script: &str, envs: &[(&str, &str)]) -> Self {
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script]);
        cmd.env("FRONTDESK", env!("CARGO_BIN_EXE_frontdesk"));
        Self::spawn(cmd, envs)
    }

    fn spawn(mut cmd: CommandBuilder, envs: &[(&str, &str)]) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        cmd.env("TERM", "xterm-256color");
        // A backtrace would push the panic message off a 24-row screen.
        cmd.env("RUST_BACKTRACE", "0");
        cmd.env("LANG", "en_US.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("NO_COLOR");
        cmd.env("FRONTDESK_DATA_DIR", data_dir());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn frontdesk");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            parser: vt100::Parser::new(nz(24), nz(80), 0),
            rx,
            writer,
            child,
            _master: pty.master,
        }
    }

    pub(crate) fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.rx.recv_timeout(wait) {
            self.parser.process(&bytes);
        }
        while let Ok(bytes) = self.rx.try_recv() {
            self.parser.process(&bytes);
        }
    }

    pub(crate) fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`.
    pub(crate) fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(50));
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{s}"
            );
        }
    }

    pub(crate) fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and reads what it printed last.
    pub(crate) fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.pump(Duration::from_millis(50));
            if let Some(status) = self.child.try_wait().unwrap() {
                self.pump(Duration::from_millis(200));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "frontdesk did not exit; screen:\n{}",
                self.screen()
            );
        }
    }

    pub(crate) fn assert_restored(&self) {
        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
    }
}

/// A history folder of this test process's own.
fn data_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        // "How it works" was seen: these tests start where a returning trainee does.
        std::fs::write(d.path().join("intro-seen"), "").unwrap();
        d
    })
    .path()
}

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

#[test]
fn a_whole_conversation_from_home_to_the_debrief() {
    let mut s = Session::start(&[], &[]);
    let home = s.wait_for("Enter start");
    assert!(home.contains("The child patient"), "{home}");
    assert!(
        home.contains("Enter start"),
        "the hint bar is shown:\n{home}"
    );
    assert!(s.parser.screen().alternate_screen());

    // child-patient is second in the list.
    s.send(DOWN);
    s.send(ENTER);
    let first = s.wait_for("Enter choose");
    assert!(first.contains("Mood"), "{first}");
    assert!(first.contains("1)"), "{first}");

    // Esc mid-conversation asks first; any other key keeps the run going.
    s.send("\x1b");
    let asked = s.wait_for("any other key: stay");
    assert!(
        asked.contains("Leave this conversation? It will be recorded as abandoned."),
        "{asked}"
    );
    s.send("x");
    let kept = wait_until(&mut s, "the replies again", |sc| {
        sc.contains("Enter choose") && !sc.contains("any other key")
    });
    assert!(kept.contains("1)"), "{kept}");

    let mut replies = 0;
    loop {
        s.send("1");
        // The hint bar is the last row drawn: once it shows, the frame is complete.
        let after = s.wait_for("try another reply");
        assert!(after.contains("What happened"), "{after}");
        assert!(
            after.contains("thinks:"),
            "the patient's reaction comes first:\n{after}"
        );
        assert!(
            after.contains('✓') || after.contains('✗') || after.contains('·'),
            "{after}"
        );
        replies += 1;
        // The feedback must have been on screen a moment before Enter moves on.
        std::thread::sleep(Duration::from_millis(700));
        s.send(ENTER);
        let next = wait_until(&mut s, "the next step", |sc| {
            sc.contains("Enter the debrief")
                || (sc.contains("Enter choose") && !sc.contains("What happened"))
        });
        if next.contains("Enter the debrief") {
            // The ending is in the conversation, before the debrief.
            assert!(
                next.contains("The end") || next.contains("walked out"),
                "{next}"
            );
            assert!(next.contains("Outcome:"), "{next}");
            assert!(!next.contains("Score:"), "{next}");
            s.send(ENTER);
            let debrief = s.wait_for("r replay");
            assert!(debrief.contains("Debrief"), "{debrief}");
            assert!(debrief.contains("Score:"), "{debrief}");
            assert!(debrief.contains("Fatal errors"), "{debrief}");
            assert!(debrief.contains("Your decisions"), "{debrief}");
            break;
        }
        assert!(replies < 30, "the conversation never ended");
    }
    assert!(replies >= 3, "child-patient has at least three decisions");

    // Back to Home, then quit.
    s.send("q");
    s.wait_for("Enter start");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn ctrl_c_quits_from_a_conversation_and_restores_the_terminal() {
    let mut s = Session::start(&["play", "child-patient", "--seed", "3"], &[]);
    s.wait_for("Enter choose");
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn a_panic_still_restores_the_terminal() {
    let mut s = Session::start(&[], &[("FRONTDESK_TEST_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success());
    s.assert_restored();
    assert!(
        s.screen().contains("FRONTDESK_TEST_PANIC"),
        "the panic message is readable:\n{}",
        s.screen()
    );
}

#[test]
fn a_tiny_window_says_how_large_it_needs_to_be() {
    let mut s = Session::start(&[], &[]);
    s.wait_for("Enter start");
    s._master
        .resize(PtySize {
            rows: 10,
            cols: 40,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.parser.screen_mut().set_size(nz(10), nz(40));
    // A resize that lands before the first read of events would go unseen until the next
    // event; any key makes the trainer redraw at the size the terminal has now.
    s.send(DOWN);
    s.wait_for("60×16");
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// Waits until `cond` holds for the screen.
pub(crate) fn wait_until(s: &mut Session, what: &str, cond: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        s.pump(Duration::from_millis(50));
        let sc = s.screen();
        if cond(&sc) {
            return sc;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; screen:\n{sc}"
        );
    }
}

#[test]
fn a_group_session_driven_by_clicker_keys_writes_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("session.md");
    let report_arg = report.to_str().unwrap().to_string();
    let mut s = Session::start(
        &[
            "present",
            "child-patient",
            "--seed",
            "4",
            "--timer",
            "60",
            "--report",
            &report_arg,
        ],
        &[],
    );
    let scene = s.wait_for("Esc end");
    assert!(scene.contains("Decision 1"), "{scene}");
    assert!(scene.contains("Mood"), "{scene}");

    // Blank and back with the clicker's `b`.
    s.send("b");
    wait_until(&mut s, "a blank screen", |sc| !sc.contains("Decision"));
    s.send("x");
    s.wait_for("Decision 1");

    // Each round: the scene, a discussion, hands counted, the trainer's choice, the reveal and
    // every reply. Round 1 is overridden, round 2 a tie typed as counts (with an undo), round 3
    // has no votes; later rounds the room decides.
    let mut decisions = 0;
    // A click this soon after a reveal is ignored (a double click must not skip it unseen).
    let pause = || std::thread::sleep(Duration::from_millis(700));
    loop {
        // Scene → Discuss.
        s.send("\x1b[6~"); // PageDown
        let discuss = s.wait_for("⏱");
        assert!(
            !discuss.contains('✗') && !discuss.contains('✓'),
            "no verdicts before the reveal:\n{discuss}"
        );
        match decisions {
            0 => {
                // Hands: two for A, three for B (Shift-B, since `b` blanks), one for C.
                s.send("aaBBBc");
                s.wait_for("6 votes");
                // Vote → Choose, back a step with the clicker, and on again.
                s.send("\x1b[C"); // Right
                s.wait_for("▶B");
                s.send("\x1b[D"); // Left
                wait_until(&mut s, "the vote again", |sc| {
                    !sc.contains('▶') && sc.contains("6 votes")
                });
                s.send("\x1b[6~");
                s.wait_for("▶B");
                // The trainer overrides the room.
                s.send("c");
                s.wait_for("▶C");
                s.send(" ");
                s.wait_for("The trainer chose C (the room: B)");
            }
            1 => {
                // Typed counts: A 7 Enter, B 7 Enter; one stray hand for C, taken back.
                s.send("a7\r");
                s.wait_for("7 votes");
                s.send("B7\r");
                s.wait_for("14 votes");
                s.send("c");
                s.wait_for("15 votes");
                s.send("\x7f"); // Backspace
                s.wait_for("14 votes");
                s.send("\x1b[C");
                s.wait_for("Tie: A and B");
                s.send("a");
                s.wait_for("▶A");
                s.send(" ");
                s.wait_for("Tie: A and B — The trainer chose A");
            }
            2 => {
                // Nobody votes: the trainer has to pick.
                s.send("\x1b[C");
                s.send("\x1b[C");
                s.wait_for("No votes — press a reply's letter");
                s.send("a");
                s.wait_for("▶A");
                s.send(" ");
                s.wait_for("No votes — The trainer chose A");
            }
            _ => {
                s.send("aB");
                s.wait_for("2 votes");
                s.send("B\x1b[C");
                s.wait_for("▶B");
                s.send(" ");
                s.wait_for("The room chose B");
            }
        }
        decisions += 1;
        // Reveal → every reply → the next scene, or the ending.
        pause();
        s.send(" ");
        s.wait_for("Every reply at this decision");
        pause();
        s.send("\x1b[6~");
        let next = wait_until(&mut s, "the next scene or the ending", |sc| {
            sc.contains(&format!("Decision {}", decisions + 1)) || sc.contains("Outcome")
        });
        if next.contains("Outcome") {
            break;
        }
        assert!(decisions < 30, "the session never ended");
    }
    assert!(
        decisions >= 4,
        "every kind of round was played: {decisions}"
    );
    s.send("\x1b[6~");
    let debrief = wait_until(&mut s, "the group debrief", |sc| {
        sc.contains("Group debrief")
            && (sc.contains("leaned most to") || sc.contains("never voted"))
    });
    assert!(debrief.contains("Outcome:"), "{debrief}");
    assert!(
        debrief.contains("The trainer chose C (the room: B)"),
        "{debrief}"
    );
    // Esc twice ends the session (the first only asks); started from the command line, it
    // returns to the shell.
    s.send("\x1b");
    s.wait_for("Esc again");
    s.send("\x1b");
    assert!(s.wait_exit().success());
    s.assert_restored();

    let md = std::fs::read_to_string(&report).expect("the report was written");
    assert!(
        md.starts_with("# Group debrief — The child patient"),
        "{md}"
    );
    assert!(md.contains("- Scenario: The child patient (en)"), "{md}");
    assert!(
        md.contains("- Discussion timer: 60 seconds per discussion"),
        "{md}"
    );
    assert!(
        md.contains("Replay: `frontdesk present child-patient --seed 4`"),
        "{md}"
    );
    assert!(
        md.contains("| 1 | A 2 · B 3 · C 1 | C | **trainer override (room: B)** |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | A 7 · B 7 · C 0 | A | **tie A–B** |"),
        "{md}"
    );
    assert!(md.contains("| 3 | no votes | A | **no votes** |"), "{md}");
    assert!(md.contains("| 4 | A 1 · B 2"), "{md}");
    for n in 1..=decisions {
        assert!(
            md.contains(&format!("### Decision {n}\n")),
            "decision {n} missing:\n{md}"
        );
    }
    assert!(md.contains("**Discuss:**"), "{md}");
    assert!(!md.contains("ended before"), "{md}");

    // A second session may not overwrite the report without --force.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .env("FRONTDESK_DATA_DIR", data_dir())
        .args(["present", "child-patient", "--report", &report_arg])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        md,
        "the report is untouched"
    );
}

#[test]
fn live_preview_reloads_on_save_and_shows_errors_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.yaml");
    let original = std::fs::read_to_string("tests/fixtures/good/mini.yaml").unwrap();
    std::fs::write(&file, &original).unwrap();
    let path = file.to_str().unwrap().to_string();
    let mut s = Session::start(
        &["play", &path, "--watch", "--no-shuffle", "--seed", "1"],
        &[],
    );
    s.wait_for("Enter choose");
    s.send("1");
    s.wait_for("try another reply");
    std::thread::sleep(Duration::from_millis(700));
    s.send(ENTER);
    s.wait_for("It's for my son.");

    // The author changes a line: the trainee stays at the same node, with the new words.
    std::fs::write(
        &file,
        original.replace("It's for my son.", "It's for my daughter."),
    )
    .unwrap();
    let reloaded = s.wait_for("It's for my daughter.");
    assert!(
        reloaded.contains("Who is the appointment for?"),
        "the earlier reply is kept:\n{reloaded}"
    );

    // A mistake: the error shows in the trainer, which keeps running.
    std::fs::write(
        &file,
        original.replace("fatal: ignoring", "fatal: ignorance"),
    )
    .unwrap();
    let broken = s.wait_for("unknown fatal error `ignorance`");
    assert!(broken.contains(":36:16: error:"), "{broken}");
    // Fixed: the panel goes away.
    std::fs::write(&file, &original).unwrap();
    wait_until(&mut s, "the error panel to go", |sc| {
        !sc.contains("ignorance") && sc.contains("It's for my son.")
    });

    s.send("\x03");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// The pid of `parent`'s child process (frontdesk, started by the test's `sh`).
fn child_of(parent: u32) -> Option<i32> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // pid (comm) state ppid …: the name may hold spaces, so read after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(parent) {
                return Some(pid);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Each terminating signal, sent mid-conversation: the terminal comes back cooked (`stty`
/// shows `icanon` and `echo`), on the main screen with the cursor shown, the exit status is
/// 128 + the signal, and the run is in the history as abandoned.
#[test]
fn termination_signals_restore_the_terminal_and_record_the_run() {
    for (name, sig) in [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
        ("QUIT", libc::SIGQUIT),
    ] {
        let data = tempfile::tempdir().unwrap();
        std::fs::write(data.path().join("intro-seen"), "").unwrap();
        let data_arg = data.path().to_str().unwrap().to_string();
        let mut s = Session::start_shell(
            "\"$FRONTDESK\" play child-patient --seed 3; echo \"exit=$?\"; stty -a; sleep 1",
            &[("FRONTDESK_DATA_DIR", &data_arg)],
        );
        s.wait_for("Enter choose");
        s.send("1");
        s.wait_for("Enter continue");
        let pid = child_of(s.child.process_id().unwrap()).expect("frontdesk's pid");
        // SAFETY: sending a signal to a process this test started.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
        let shown = s.wait_for("exit=");
        let after = wait_until(&mut s, "stty's report", |sc| sc.contains("icanon"));
        assert!(
            shown.contains(&format!("exit={}", 128 + sig)),
            "SIG{name}: exit status:\n{shown}"
        );
        let words: Vec<&str> = after.split_whitespace().collect();
        for mode in ["icanon", "echo", "isig"] {
            assert!(
                words.contains(&mode),
                "SIG{name}: the terminal is not cooked ({mode}):\n{after}"
            );
        }
        s.assert_restored();
        s.wait_exit();

        let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(["history", "--json", "--data-dir", &data_arg])
            .output()
            .unwrap();
        let runs: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("SIG{name}: history --json: {e}: {out:?}"));
        let runs = runs.as_array().expect("an array of runs");
        assert_eq!(runs.len(), 1, "SIG{name}: {runs:?}");
        assert_eq!(runs[0]["status"], "abandoned", "SIG{name}: {runs:?}");
    }
}

/// The countdown's tick never touches what the trainer opened: a blanked screen and help stay
/// until the trainer closes them, and the countdown keeps falling meanwhile.
#[test]
fn the_countdown_leaves_blank_and_help_alone() {
    let mut s = Session::start(
        &["present", "child-patient", "--seed", "4", "--timer", "30"],
        &[],
    );
    s.wait_for("Esc end");
    s.send("\x1b[6~"); // PageDown: Scene → Discuss, the countdown starts.
    s.wait_for("⏱ 0:2");
    s.send("b");
    wait_until(&mut s, "a blank screen", |sc| !sc.contains("Decision"));
    // Several ticks pass while blank.
    let blank_until = Instant::now() + Duration::from_millis(3500);
    while Instant::now() < blank_until {
        s.pump(Duration::from_millis(100));
        assert!(
            !s.screen().contains("Decision"),
            "a tick brought the screen back:\n{}",
            s.screen()
        );
    }
    s.send("x");
    let back = s.wait_for("Decision 1");
    let left = countdown(&back).expect("the countdown shows");
    assert!(
        left <= 26,
        "the countdown kept falling while blank: {left}s left\n{back}"
    );

    s.send("?");
    s.wait_for("Keys");
    let help_until = Instant::now() + Duration::from_millis(2500);
    while Instant::now() < help_until {
        s.pump(Duration::from_millis(100));
        assert!(
            s.screen().contains("Keys"),
            "a tick closed help:\n{}",
            s.screen()
        );
    }
    s.send("?");
    let after = wait_until(&mut s, "help closed", |sc| !sc.contains("Keys"));
    let later = countdown(&after).expect("the countdown shows");
    assert!(
        later + 2 <= left,
        "the countdown kept falling under help: {left} → {later}"
    );
    s.send("\x03");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// Seconds left on the countdown shown as `⏱ M:SS`.
fn countdown(screen: &str) -> Option<u32> {
    let at = screen.find('⏱')?;
    let rest = screen[at..].trim_start_matches('⏱').trim_start();
    let (m, rest) = rest.split_once(':')?;
    let s: String = rest.chars().take(2).collect();
    Some(m.trim().parse::<u32>().ok()? * 60 + s.parse::<u32>().ok()?)
}
