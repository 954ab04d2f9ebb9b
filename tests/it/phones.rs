//! Votes from phones against the real server on 127.0.0.1: a session driven through the
//! library (the presenter's `App`, the one event channel), phones as plain HTTP clients. Every
//! hostile input of issue 13 has its test here; `phones_browser.rs` drives a real browser.

use frontdesk::engine::group::Stage;
use frontdesk::engine::room::RoomView;
use frontdesk::i18n::Lang;
use frontdesk::scenario::Library;
use frontdesk::tui::events::EventSource;
use frontdesk::tui::keys::Action;
use frontdesk::tui::{App, Screen, Seeding};
use frontdesk::web::{self, PhoneServer};
use std::time::{Duration, Instant};

/// A session with phones on, run by the test: events are handled when it pumps.
pub struct Room {
    pub app: App<'static>,
    pub events: EventSource,
    pub server: PhoneServer,
}

impl Room {
    pub fn new(lang: Lang, scenario: &str) -> Self {
        let lib: &'static Library = Box::leak(Box::new(Library::bundled()));
        let mut app = crate::support::practice_app(
            lib,
            lang,
            Seeding {
                seed: Some(5),
                shuffle: false,
            },
        );
        let listener = web::bind(Some("127.0.0.1:0".parse().unwrap())).unwrap();
        let events = EventSource::new();
        let server = PhoneServer::start(listener, lang, web::room_code(), events.sender()).unwrap();
        app.presenter_options.phones = Some(server.link());
        let s = lib.find(scenario, lang.code()).unwrap().0;
        app.present(s);
        app.publish_room();
        Self {
            app,
            events,
            server,
        }
    }

    /// Handles every event waiting (ballots, joins), publishing after each.
    pub fn pump(&mut self) {
        while let Some(e) = self.events.pending() {
            frontdesk::tui::step(&mut self.app, e);
        }
    }

    /// A key of the trainer's.
    pub fn key(&mut self, a: Action) {
        self.pump();
        self.app.update(a);
        self.app.publish_room();
    }

    pub fn stage(&self) -> Stage {
        match &self.app.screen {
            Screen::Present(p) => p.session.stage(),
            _ => panic!("not presenting"),
        }
    }

    /// Pumps until the published view satisfies `f` (5 s at most).
    pub fn until(&mut self, f: impl Fn(&RoomView) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            self.pump();
            if f(&self.server.view()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    pub fn url(&self) -> String {
        self.server.url.clone()
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// A phone: its cookie once the page has given it one.
pub struct Phone {
    agent: ureq::Agent,
    cookie: Option<String>,
}

pub struct Got {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Got {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn got(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Got {
    let mut r = r.unwrap();
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Got {
        status: r.status().as_u16(),
        body: r.body_mut().read_to_string().unwrap_or_default(),
        headers,
    }
}

impl Phone {
    pub fn new() -> Self {
        Self {
            agent: agent(),
            cookie: None,
        }
    }

    pub fn get(&mut self, url: &str) -> Got {
        let mut req = self.agent.get(url);
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        let g = got(req.call());
        if let Some(c) = g.header("set-cookie") {
            self.cookie = Some(c.split(';').next().unwrap().to_string());
        }
        g
    }

    pub fn vote(&mut self, url: &str, letter: usize) -> Got {
        let mut req = self.agent.post(format!("{url}vote"));
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        got(req.send_form([("letter", letter.to_string())]))
    }
}

impl Default for Phone {
    fn default() -> Self {
        Self::new()
    }
}

fn phone_votes(room: &Room) -> Vec<u32> {
    room.server.view().phone_votes.clone()
}

#[test]
fn a_phone_votes_changes_its_vote_and_sees_its_verdict_only_after_the_reveal() {
    let mut room = Room::new(Lang::EN, "child-patient");
    let url = room.url();
    let mut phone = Phone::new();
    let page = phone.get(&url);
    assert_eq!(page.status, 200);
    assert!(page.header("set-cookie").unwrap().contains("HttpOnly"));
    assert!(page.body.contains("vote opens soon"), "{}", page.body);
    assert!(room.until(|_| true));
    room.pump();
    match &room.app.screen {
        Screen::Present(p) => assert_eq!(p.phones.joined, 1),
        _ => unreachable!(),
    }
    // A ballot at the scene is not counted.
    let closed = phone.vote(&url, 0);
    assert_eq!(closed.status, 409);
    assert!(closed.body.contains("Voting is closed"));
    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Discuss);
    let page = phone.get(&url);
    assert!(page.body.contains("Tap a reply to vote"), "{}", page.body);
    let r = phone.vote(&url, 1);
    assert_eq!(r.status, 303);
    assert!(room.until(|v| v.phone_votes.get(1) == Some(&1)));
    let page = phone.get(&url);
    assert!(page.body.contains("Your vote: <b>B</b>"), "{}", page.body);
    // A change moves the one ballot; hands add to it.
    phone.vote(&url, 0);
    assert!(room.until(|v| v.phone_votes == vec![1, 0, 0] || v.phone_votes == vec![1, 0]));
    room.key(Action::Letter(0));
    match &room.app.screen {
        Screen::Present(p) => {
            assert_eq!(p.session.votes()[0], 2);
            assert_eq!(p.session.hands()[0], 1);
            assert_eq!(p.session.phones()[0], 1);
        }
        _ => unreachable!(),
    }
    let before = phone.get(&url).body;
    assert!(!before.contains("verdict"), "{before}");
    while room.stage() != Stage::Reveal {
        room.key(Action::Advance);
    }
    assert!(room.until(|v| v.revealed));
    let after = phone.get(&url).body;
    assert!(after.contains("The reply you voted for"), "{after}");
    assert!(after.contains("class=\"verdict\""), "{after}");
    let verdict = room.server.view().replies[0].verdict.clone().unwrap();
    assert!(after.contains(&verdict), "{after}");
    assert!(!before.contains(&verdict), "{before}");
    let late = phone.vote(&url, 1);
    assert_eq!(late.status, 409);
    assert_eq!(phone_votes(&room), Vec::<u32>::new());
}

#[test]
fn a_wrong_or_missing_room_code_gets_403_and_counts_nothing() {
    let mut room = Room::new(Lang::EN, "child-patient");
    room.key(Action::Advance);
    let base = format!("http://{}/", room.server.addr);
    let mut phone = Phone::new();
    for path in ["", "ZZZZ/", "ZZZZ/vote", "x"] {
        let g = phone.get(&format!("{base}{path}"));
        assert_eq!(g.status, 403, "{path}");
        assert!(g.body.contains("Wrong or missing room code"));
    }
    phone.get(&room.url());
    let r = phone.vote(&format!("{base}ZZZZ/"), 0);
    assert_eq!(r.status, 403);
    room.until(|_| true);
    assert_eq!(room.server.view().phone_votes.iter().sum::<u32>(), 0);
}

#[test]
fn unknown_paths_get_404_and_every_response_forbids_inline_script() {
    let room = Room::new(Lang::EN, "child-patient");
    let mut phone = Phone::new();
    let g = phone.get(&format!("{}nope", room.url()));
    assert_eq!(g.status, 404);
    let page = phone.get(&room.url());
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    assert!(!page.body.contains("<script>"));
    assert!(page.body.contains("<script src=\"phone.js\""));
    let js = phone.get(&format!("{}phone.js", room.url()));
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
}

#[test]
fn a_body_over_a_few_kilobytes_gets_413() {
    let mut room = Room::new(Lang::EN, "child-patient");
    room.key(Action::Advance);
    let mut phone = Phone::new();
    phone.get(&room.url());
    let big = format!("letter=1&pad={}", "a".repeat(20_000));
    let r = got(agent()
        .post(format!("{}vote", room.url()))
        .header("Cookie", phone.cookie.clone().unwrap())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(big));
    assert_eq!(r.status, 413);
    room.until(|_| true);
    assert_eq!(room.server.view().phone_votes.iter().sum::<u32>(), 0);
}

#[test]
fn a_phone_sending_too_fast_gets_429() {
    let room = Room::new(Lang::EN, "child-patient");
    let mut phone = Phone::new();
    phone.get(&room.url());
    let statuses: Vec<u16> = (0..30).map(|_| phone.get(&room.url()).status).collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(statuses[0], 200);
    // Another phone is not slowed by the first.
    let mut other = Phone::new();
    assert_eq!(other.get(&room.url()).status, 200);
}

#[test]
fn script_in_scenario_text_is_escaped_on_the_phone() {
    let mut room = Room::new(Lang::EN, "child-patient");
    room.key(Action::Advance);
    // A hostile view, as a scenario with markup in its lines would publish it.
    let link = room.app.presenter_options.phones.clone().unwrap();
    let mut v = (*room.server.view()).clone();
    v.patient = "<script>alert(1)</script>".into();
    v.replies[0].text = "\"><img src=x onerror=alert(1)>".into();
    link.publish.publish(v);
    let body = Phone::new().get(&room.url()).body;
    assert!(!body.contains("<script>alert"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(!body.contains("<img"), "{body}");
}

#[test]
fn a_russian_session_letters_the_buttons_in_cyrillic() {
    let mut room = Room::new(Lang::get("ru").unwrap(), "child-patient");
    room.key(Action::Advance);
    let body = Phone::new().get(&room.url()).body;
    assert!(body.contains("lang=\"ru\""));
    assert!(
        body.contains("<span class=\"letter\" aria-hidden=\"true\">А</span>"),
        "{body}"
    );
    assert!(body.contains("<span class=\"letter\" aria-hidden=\"true\">Б</span>"));
}

/// A ballot cast during the discussion is not lost when the trainer opens the vote: it is still
/// in the tally at the Vote stage and in the decision revealed. Outside Discuss and Vote a
/// ballot gets "voting is closed" and counts nothing — over HTTP, and as an event that was on
/// its way when the trainer moved on.
#[test]
fn a_ballot_from_the_discussion_counts_and_one_after_the_vote_does_not() {
    let mut room = Room::new(Lang::EN, "child-patient");
    let url = room.url();
    let mut early = Phone::new();
    early.get(&url);
    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Discuss);
    assert_eq!(early.vote(&url, 2).status, 303);
    assert!(room.until(|v| v.phone_votes.get(2) == Some(&1)));
    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Vote);
    let tally = |room: &Room| match &room.app.screen {
        Screen::Present(p) => (p.session.phones().to_vec(), p.session.votes().to_vec()),
        _ => unreachable!(),
    };
    assert_eq!(
        tally(&room).0[2],
        1,
        "the discussion's ballot is still counted"
    );
    let mut on_time = Phone::new();
    on_time.get(&url);
    assert_eq!(on_time.vote(&url, 2).status, 303);
    assert!(room.until(|v| v.phone_votes.get(2) == Some(&2)));

    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Choose);
    assert!(room.until(|v| !v.voting_open));
    let mut late = Phone::new();
    late.get(&url);
    let closed = late.vote(&url, 0);
    assert_eq!(closed.status, 409);
    assert!(closed.body.contains("Voting is closed"), "{}", closed.body);
    // A ballot the server took just before the vote closed, handled after: not counted either.
    room.events
        .sender()
        .send(frontdesk::tui::events::Event::Vote {
            token: "f".repeat(32),
            letter: 0,
        })
        .unwrap();
    room.pump();
    let (phones, votes) = tally(&room);
    assert_eq!(phones[0], 0);
    assert_eq!(phones[2], 2);
    assert_eq!(votes[2], 2);
    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Reveal);
    match &room.app.screen {
        Screen::Present(p) => assert_eq!(p.session.log()[0].votes[2], 2),
        _ => unreachable!(),
    }
}

#[test]
fn after_the_session_a_phone_sees_that_it_has_ended() {
    let mut room = Room::new(Lang::EN, "child-patient");
    room.key(Action::Leave);
    room.key(Action::Leave);
    assert!(room.until(|v| v.ended));
    let body = Phone::new().get(&room.url()).body;
    assert!(body.contains("The session has ended"), "{body}");
}

#[test]
fn a_busy_port_fails_with_exit_2_before_the_session_starts() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap();
    let out = assert_cmd::Command::cargo_bin("frontdesk")
        .unwrap()
        .env("FRONTDESK_DATA_DIR", tempfile::tempdir().unwrap().path())
        .args([
            "present",
            "child-patient",
            "--phones",
            "--bind",
            &addr.to_string(),
        ])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the port is busy"), "{err}");
    // An address this machine does not have.
    let out = assert_cmd::Command::cargo_bin("frontdesk")
        .unwrap()
        .args([
            "present",
            "child-patient",
            "--phones",
            "--bind",
            "203.0.113.7:8080",
        ])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such address"));
}

/// The projector's screen as text.
pub fn projector(app: &App<'_>, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn the_projector_shows_the_qr_code_address_room_code_and_phones_joined() {
    let mut room = Room::new(Lang::EN, "child-patient");
    Phone::new().get(&room.url());
    Phone::new().get(&room.url());
    assert!(room.until(|_| true));
    let wide = projector(&room.app, 160, 45);
    assert!(wide.contains(&room.url()), "{wide}");
    assert!(
        wide.contains(&format!("Room code: {}", room.server.code)),
        "{wide}"
    );
    assert!(wide.contains("2 phones joined"), "{wide}");
    assert!(
        wide.contains("▀") && wide.contains("▄"),
        "a QR code in half blocks:\n{wide}"
    );
    // At 80×24 the address, the code and the count fit on one line.
    let small = projector(&room.app, 80, 24);
    assert!(small.contains(&room.server.code), "{small}");
    assert!(small.contains("2 phones joined"), "{small}");
    // Not on the vote: the bars move there as ballots arrive.
    room.key(Action::Advance);
    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Vote);
    assert!(!projector(&room.app, 160, 45).contains("Room code"));
    let mut phone = Phone::new();
    phone.get(&room.url());
    phone.vote(&room.url(), 2);
    assert!(room.until(|v| v.phone_votes.get(2) == Some(&1)));
    let screen = projector(&room.app, 160, 45);
    assert!(screen.contains("1 (100%)"), "{screen}");
}
