//! The trainer's console link against the real listener on 127.0.0.1: a session driven through
//! the library (the presenter's `App`, the one event channel), consoles as the `attach` client
//! and as raw sockets. Without the token nothing attaches and nothing is sent; with it, a
//! console gets the trainer's view and its keys move the session.

use frontdesk::attach::{self, AttachError, Attached, ToConsole, WireKey};
use frontdesk::engine::console::TrainerView;
use frontdesk::engine::group::Stage;
use frontdesk::i18n::Lang;
use frontdesk::scenario::Library;
use frontdesk::tui::events::{Event, EventSource};
use frontdesk::tui::theme::{Theme, ThemeName};
use frontdesk::tui::{App, Seeding};
use frontdesk::web::console::ConsoleServer;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Session {
    app: App<'static>,
    events: EventSource,
    server: Option<ConsoleServer>,
    data: tempfile::TempDir,
}

impl Session {
    fn new() -> Self {
        let lib: &'static Library = Box::leak(Box::new(Library::bundled()));
        let mut app = crate::support::practice_app(
            lib,
            Lang::EN,
            Seeding {
                seed: Some(4),
                shuffle: true,
            },
        );
        let data = tempfile::tempdir().unwrap();
        let events = EventSource::new();
        let server = ConsoleServer::start(data.path(), "child-patient", events.sender()).unwrap();
        app.presenter_options.console = Some(server.publisher());
        app.present(lib.find("child-patient", "en").unwrap().0);
        app.publish_console();
        Self {
            app,
            events,
            server: Some(server),
            data,
        }
    }

    fn file(&self) -> attach::SessionFile {
        attach::pick(self.data.path(), None).unwrap()
    }

    /// Where the listener wrote the session file.
    fn session_path(&self) -> std::path::PathBuf {
        let server = self.server.as_ref().unwrap();
        server.session_file().unwrap().to_path_buf()
    }

    /// Waits for the next event on the presenter's channel (ten seconds at most) and handles it.
    fn handle_next(&mut self) -> Event {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(e) = self.events.pending() {
                frontdesk::tui::step(&mut self.app, e.clone());
                return e;
            }
            assert!(Instant::now() < deadline, "no event came");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The next view on a console's connection, within ten seconds.
fn next_view(c: &mut Attached) -> Option<TrainerView> {
    match c.next_message().unwrap() {
        Some(ToConsole::View { view }) => Some(*view),
        Some(other) => panic!("not a view: {other:?}"),
        None => None,
    }
}

/// What must never reach a console that did not show the token.
fn tells_nothing(answer: &str) {
    assert!(answer.contains(r#""type":"refused""#), "{answer}");
    for secret in [
        "view",
        "child",
        "ignoring",
        "justifying",
        "Ivanova",
        "verdict",
    ] {
        assert!(!answer.contains(secret), "{secret:?} leaked: {answer}");
    }
}

#[test]
fn without_the_token_nothing_attaches() {
    let s = Session::new();
    let file = s.file();
    // Through the client: a wrong token, an empty one, the right one cut short.
    for token in ["0".repeat(32), String::new(), file.token[..31].to_string()] {
        match Attached::connect_with(file.address, &token) {
            Err(AttachError::Refused(why)) => {
                assert!(
                    why.contains("no token") || why.contains("wrong token"),
                    "{why}"
                )
            }
            Err(e) => panic!("refused for the wrong reason: {e}"),
            Ok(_) => panic!("attached with {token:?}"),
        }
    }
    // Raw: a key before the hello, a hello of another version, no hello at all, a line too
    // long, bytes that are not UTF-8.
    let key = b"{\"type\":\"key\",\"key\":\"right\"}\n".to_vec();
    let other_version = format!(
        "{{\"type\":\"hello\",\"token\":\"{}\",\"version\":99}}\n",
        file.token
    );
    let long = [vec![b'x'; 5000], b"\n".to_vec()].concat();
    for lines in [
        key.clone(),
        other_version.into_bytes(),
        Vec::new(),
        long,
        b"\xff\xfe\n".to_vec(),
    ] {
        let mut sock = TcpStream::connect(file.address).unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        sock.write_all(&lines).unwrap();
        if lines.is_empty() {
            // Nothing sent before the end of the stream.
            sock.shutdown(std::net::Shutdown::Write).unwrap();
        }
        let mut got = String::new();
        sock.read_to_string(&mut got).unwrap();
        tells_nothing(&got);
    }
    // A console that says nothing is refused once the handshake's time is up.
    let mut silent = TcpStream::connect(file.address).unwrap();
    silent
        .set_read_timeout(Some(attach::HANDSHAKE * 3))
        .unwrap();
    let mut got = String::new();
    silent.read_to_string(&mut got).unwrap();
    tells_nothing(&got);
    // The key sent before the hello never reached the presenter.
    let mut events = s.events;
    assert_eq!(events.pending(), None);
}

#[test]
fn eight_consoles_at_most() {
    let s = Session::new();
    let file = s.file();
    let max = frontdesk::web::console::MAX_CONSOLES;
    let attached: Vec<Attached> = (0..max)
        .map(|_| Attached::connect(&file).unwrap().0)
        .collect();
    match Attached::connect(&file) {
        Err(AttachError::Refused(why)) => assert!(why.contains("already"), "{why}"),
        Err(e) => panic!("refused for the wrong reason: {e}"),
        Ok(_) => panic!("a ninth console attached"),
    }
    // One leaves: its seat is free again (once the session has seen it go).
    let mut attached = attached;
    drop(attached.pop());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match Attached::connect(&file) {
            Ok(_) => break,
            Err(AttachError::Refused(_)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn a_console_sees_the_verdicts_and_its_keys_move_the_session() {
    let mut s = Session::new();
    let file = s.file();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = s.session_path();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the session file is the trainer's alone"
        );
    }
    assert!(file.address.ip().is_loopback());

    let (mut one, first) = Attached::connect(&file).unwrap();
    assert_eq!(first.stage, Some(Stage::Scene));
    assert_eq!(first.scenario, "The child patient");
    assert!(first.replies.iter().any(|r| r.verdict.contains("ignoring")));
    assert!(first.replies.iter().all(|r| r.feedback.is_some()));

    // A second console gets the same view.
    let (mut two, first_two) = Attached::connect(&file).unwrap();
    assert_eq!(first_two, first);

    one.send(WireKey::PageDown).unwrap();
    assert_eq!(s.handle_next(), Event::Console(WireKey::PageDown));
    let v1 = next_view(&mut one).unwrap();
    let v2 = next_view(&mut two).unwrap();
    assert_eq!(v1.stage, Some(Stage::Discuss));
    assert_eq!(v1, v2, "every console sees the same");
    assert!(v1.discuss.is_some());

    // Keys from the second console count hands.
    two.send(WireKey::Char('a')).unwrap();
    s.handle_next();
    let v = next_view(&mut two).unwrap();
    assert_eq!(v.replies[0].hands, 1);
    assert_eq!(v.stage, Some(Stage::Vote));

    // The first console detaches; the session goes on and the second still follows.
    drop(one);
    two.send(WireKey::Right).unwrap();
    s.handle_next();
    assert_eq!(next_view(&mut two).unwrap().stage, Some(Stage::Choose));

    // The session ends: the file goes and the console's connection closes.
    let path = s.session_path();
    s.server.take().unwrap().stop();
    assert!(!path.exists());
    while next_view(&mut two).is_some() {}
    assert!(matches!(
        attach::pick(s.data.path(), None),
        Err(AttachError::NoneRunning { .. })
    ));
}

/// Two terminals, as a trainer has them: the projector in one, `frontdesk console` in the
/// other. The console shows the verdicts before the reveal while the projector does not; keys
/// pressed in the console move the projector on; detaching leaves the session running.
#[test]
fn two_terminals_the_console_knows_what_the_projector_keeps_back() {
    use crate::e2e_pty::{Session as Pty, wait_until};
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("intro-seen"), "").unwrap();
    let dir = data.path().to_str().unwrap().to_string();
    let env = [("FRONTDESK_DATA_DIR", dir.as_str())];
    let mut projector = Pty::start(&["present", "child-patient", "--seed", "4"], &env);
    projector.wait_for("Esc end");
    // The session file is written before the terminal is taken.
    assert!(attach::pick(data.path(), None).is_ok());
    let mut console = Pty::start(&["console"], &env);
    let scene = console.wait_for("Esc detach");
    let verdicts = ["✗ ignoring", "✗ justifying", "✓ "];
    for v in verdicts {
        assert!(scene.contains(v), "the console shows {v:?}:\n{scene}");
    }
    assert!(scene.contains("Better:"), "and a better phrasing:\n{scene}");
    let room = projector.screen();
    assert!(room.contains("Decision 1"), "{room}");

    // PageDown in the console: the projector moves to the discussion.
    console.send("\x1b[6~");
    let room = projector.wait_for("Discuss:");
    for v in verdicts.iter().chain(&["Better", "ignoring", "justifying"]) {
        assert!(
            !room.contains(v),
            "the projector shows {v:?} before the reveal:\n{room}"
        );
    }
    let mine = wait_until(&mut console, "the console at Discuss", |s| {
        s.contains("Next → Vote")
    });
    assert!(mine.contains("✗ ignoring"), "{mine}");

    // A hand for A in the console; the projector's count moves.
    console.send("a");
    projector.wait_for("1 vote");
    wait_until(&mut console, "the hand counted", |s| {
        s.contains("Next → Choose: A")
    });
    // On to the reveal from the console: now the room learns the verdict.
    console.send("\x1b[C");
    wait_until(&mut console, "Choose", |s| s.contains("Next → Reveal: A"));
    console.send("\x1b[C");
    // The frame is whole once the hint bar, drawn last, and the better reply are on it.
    wait_until(&mut projector, "the reveal", |s| {
        s.contains("The room chose A") && s.contains("Better:") && s.contains("Esc end")
    });

    // The console detaches; the session goes on at the projector.
    console.send("\x1b");
    assert!(console.wait_exit().success());
    console.assert_restored();
    std::thread::sleep(Duration::from_millis(700));
    projector.send("\x1b[C");
    projector.wait_for("Every reply at this decision");
    // A second console attaches to the same session.
    let mut again = Pty::start(&["console"], &env);
    again.wait_for("Next → Decision 2");
    projector.send("\x03");
    assert!(projector.wait_exit().success());
    projector.assert_restored();
    // The session has gone: the console says so and leaves the terminal as it was.
    assert!(again.wait_exit().success());
    again.assert_restored();
    assert!(
        again.screen().contains("The session has ended."),
        "{}",
        again.screen()
    );
    assert!(
        attach::running(data.path()).is_empty(),
        "the session file is gone"
    );
}

/// The console's screen, styles included: the discussion in English at 80×24 (the replies
/// close together, the coaching after them), and in Russian at 120×40 with phones voting.
#[test]
fn the_console_screen_at_80x24_and_120x40() {
    use frontdesk::tui::console::ConsoleScreen;
    use frontdesk::tui::keys::Action;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let lib = Library::bundled();
    for (lang, w, h, phones) in [("en", 80, 24, false), ("ru", 120, 40, true)] {
        let lang = Lang::from_code(lang);
        let mut app = crate::support::practice_app(
            &lib,
            lang,
            Seeding {
                seed: Some(4),
                shuffle: true,
            },
        );
        app.present(lib.find("child-patient", lang.code()).unwrap().0);
        app.update(Action::Advance);
        for l in [0, 0, 1] {
            app.update(Action::Letter(l));
        }
        if phones {
            app.phone_ballot("a".repeat(32), 1);
            app.phone_ballot("b".repeat(32), 2);
        }
        let frontdesk::tui::Screen::Present(p) = &app.screen else {
            panic!("presenting")
        };
        let mut view = frontdesk::tui::trainer_view(lang.texts(), p);
        view.lang = lang.code().to_string();
        view.remaining = Some(75);
        view.phones_joined = phones.then_some(2);
        let screen = ConsoleScreen::new(view, Theme::new(ThemeName::Dark, true));
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| f.render_widget(&screen, f.area())).unwrap();
        insta::assert_snapshot!(
            format!("console_{}_{w}x{h}", lang.code()),
            crate::support::styled(term.backend())
        );
    }
}

/// `frontdesk console` with no session running, or several: a clear error, exit 2; no token is
/// ever printed.
#[test]
fn the_console_says_when_there_is_nothing_or_too_much_to_attach_to() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("frontdesk")
            .unwrap()
            .env("FRONTDESK_DATA_DIR", data.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["console"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no group session is running"), "{err}");
    assert!(err.contains("frontdesk present ID"), "{err}");

    let dir = attach::sessions_dir(data.path());
    std::fs::create_dir_all(&dir).unwrap();
    let mut tokens = Vec::new();
    for pid in [std::process::id(), std::os::unix::process::parent_id()] {
        let f = attach::SessionFile {
            pid,
            address: "127.0.0.1:9".parse().unwrap(),
            token: attach::Token::new().as_str().to_string(),
            scenario: "child-patient".into(),
            started: "2026-11-30T18:00:00Z".into(),
        };
        tokens.push(f.token.clone());
        std::fs::write(
            dir.join(format!("{pid}.json")),
            serde_json::to_string(&f).unwrap(),
        )
        .unwrap();
    }
    let out = run(&["console"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("several group sessions are running"), "{err}");
    assert_eq!(err.matches("--session ").count(), 2, "{err}");
    assert!(err.contains("child-patient"), "{err}");
    for t in &tokens {
        assert!(!err.contains(t.as_str()), "a token was printed: {err}");
    }
    // Picked by path, the session is tried: nothing listens there.
    let path = dir.join(format!("{}.json", std::process::id()));
    let out = run(&["console", "--session", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot reach the session at 127.0.0.1:9"),
        "{err}"
    );
}

/// At the debrief the console says where the debrief is and lists the room's path.
#[test]
fn the_console_at_the_debrief_lists_the_rooms_path() {
    use frontdesk::tui::console::ConsoleScreen;
    use frontdesk::tui::keys::Action;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let lib = Library::bundled();
    let mut app = crate::support::practice_app(
        &lib,
        Lang::EN,
        Seeding {
            seed: Some(4),
            shuffle: true,
        },
    );
    app.present(lib.find("child-patient", "en").unwrap().0);
    let stage = |a: &App<'_>| match &a.screen {
        frontdesk::tui::Screen::Present(p) => p.session.stage(),
        _ => panic!("presenting"),
    };
    for _ in 0..200 {
        if stage(&app) == Stage::Debrief {
            break;
        }
        if stage(&app) == Stage::Choose {
            app.update(Action::Letter(0));
        }
        app.update(Action::Advance);
    }
    assert_eq!(stage(&app), Stage::Debrief);
    let frontdesk::tui::Screen::Present(p) = &app.screen else {
        unreachable!()
    };
    let mut view = frontdesk::tui::trainer_view(Lang::EN.texts(), p);
    view.lang = "en".into();
    assert!(view.ended);
    assert_eq!(view.past.len(), p.session.log().len());
    let screen = ConsoleScreen::new(view, Theme::new(ThemeName::Dark, true));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| f.render_widget(&screen, f.area())).unwrap();
    let text = format!("{}", term.backend());
    assert!(text.contains("The debrief is on the projector"), "{text}");
    assert!(text.contains("The room's path"), "{text}");
    assert!(
        text.contains("1. No votes — The trainer chose A — "),
        "{text}"
    );
    insta::assert_snapshot!(
        "console_en_debrief_80x24",
        crate::support::styled(term.backend())
    );
}
