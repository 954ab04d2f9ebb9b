//! Load on the phones' server (not a timed test): 200 simulated phones over loopback join,
//! vote and change their vote within five seconds. Checks that every final ballot is counted
//! exactly once; reports the median and 99th percentile from a ballot's POST to the count the
//! projector draws (the presenter has handled it and published the room's view), and memory.
//!
//! `cargo bench --bench phones` (figures in docs/performance.md).

use frontdesk::engine::Mode;
use frontdesk::engine::group::Stage;
use frontdesk::i18n::Lang;
use frontdesk::scenario::Library;
use frontdesk::tui::events::{Event, EventSource};
use frontdesk::tui::keys::Action;
use frontdesk::tui::theme::{Theme, ThemeName};
use frontdesk::tui::{App, Screen, Seeding};
use frontdesk::web::{self, PhoneServer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PHONES: usize = 200;
const CLIENT_THREADS: usize = 40;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

type Seen = Arc<Mutex<HashMap<(String, usize), Instant>>>;

fn main() {
    let before = rss_kib();
    let lib: &'static Library = Box::leak(Box::new(Library::bundled()));
    let mut app = App::new(
        lib,
        Lang::EN,
        Mode::Practice,
        Theme::new(ThemeName::Dark, true),
        Seeding {
            seed: Some(1),
            shuffle: false,
        },
    );
    app.fixed_now = Some(chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap());
    let listener = web::bind(Some("127.0.0.1:0".parse().unwrap())).unwrap();
    let mut events = EventSource::new();
    let server = PhoneServer::start(listener, Lang::EN, web::room_code(), events.sender()).unwrap();
    app.presenter_options.phones = Some(server.link());
    app.present(lib.find("child-patient", "en").unwrap().0);
    app.update(Action::Advance);
    app.update(Action::Advance);
    app.publish_room();
    let n_letters = match &app.screen {
        Screen::Present(p) => {
            assert_eq!(p.session.stage(), Stage::Vote);
            p.session.votes().len()
        }
        _ => unreachable!(),
    };
    let url = server.url.clone();
    let seen: Seen = Arc::default();

    // The presenter: the event loop's part, handling each ballot and publishing the view
    // (drawing a 160×45 frame after each burst, as the projector would).
    let presenter_seen = Arc::clone(&seen);
    let stop = events.sender();
    let presenter = std::thread::spawn(move || {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 45)).unwrap();
        while let Some(first) = events.next(false) {
            let mut next = Some(first);
            let mut burst = Vec::new();
            while let Some(e) = next {
                if e == Event::InputClosed {
                    return app;
                }
                if let Event::Vote { token, letter } = &e {
                    burst.push((token.clone(), *letter));
                }
                frontdesk::tui::step(&mut app, e);
                next = events.pending();
            }
            term.draw(|f| f.render_widget(&app, f.area())).unwrap();
            let now = Instant::now();
            let mut s = presenter_seen.lock().unwrap();
            for b in burst {
                s.entry(b).or_insert(now);
            }
        }
        app
    });

    let start = Instant::now();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let finals = Arc::new(Mutex::new(vec![0u32; n_letters]));
    let clients: Vec<_> = (0..CLIENT_THREADS)
        .map(|t| {
            let (url, seen, latencies, finals) = (
                url.clone(),
                Arc::clone(&seen),
                Arc::clone(&latencies),
                Arc::clone(&finals),
            );
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .max_redirects(0)
                    .build()
                    .into();
                let per = PHONES / CLIENT_THREADS;
                // Joins spread over the first two seconds.
                std::thread::sleep(Duration::from_millis(
                    (t as u64 * 2000) / CLIENT_THREADS as u64,
                ));
                let mut phones = Vec::new();
                for p in 0..per {
                    let r = agent.get(&url).call().unwrap();
                    assert_eq!(r.status(), 200);
                    let cookie = r.headers()["set-cookie"].to_str().unwrap();
                    let cookie = cookie.split(';').next().unwrap().to_string();
                    let token = cookie.split_once('=').unwrap().1.to_string();
                    phones.push((cookie, token, (t + p) % n_letters));
                }
                let ballot = |cookie: &str, token: &str, letter: usize| {
                    let t0 = Instant::now();
                    let r = agent
                        .post(format!("{url}vote"))
                        .header("Cookie", cookie)
                        .send_form([("letter", letter.to_string())])
                        .unwrap();
                    assert_eq!(r.status(), 303);
                    let key = (token.to_string(), letter);
                    loop {
                        if let Some(at) = seen.lock().unwrap().get(&key) {
                            latencies.lock().unwrap().push(at.duration_since(t0));
                            break;
                        }
                        assert!(
                            t0.elapsed() < Duration::from_secs(10),
                            "ballot never counted"
                        );
                        std::thread::sleep(Duration::from_micros(200));
                    }
                };
                for (cookie, token, letter) in &phones {
                    ballot(cookie, token, *letter);
                }
                std::thread::sleep(Duration::from_millis(1000));
                for (cookie, token, letter) in &phones {
                    let again = (letter + 1) % n_letters;
                    ballot(cookie, token, again);
                    finals.lock().unwrap()[again] += 1;
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let elapsed = start.elapsed();
    let peak = rss_kib();
    stop.send(Event::InputClosed).unwrap();
    let app = presenter.join().unwrap();
    let counted = match &app.screen {
        Screen::Present(p) => p.session.phones().to_vec(),
        _ => unreachable!(),
    };
    let expected = finals.lock().unwrap().clone();
    assert_eq!(counted, expected, "every final ballot counted exactly once");
    assert_eq!(counted.iter().sum::<u32>() as usize, PHONES);
    let mut l = latencies.lock().unwrap().clone();
    l.sort();
    let pct = |p: f64| l[((l.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "phones: {PHONES}, ballots: {} (a vote and a change each), in {elapsed:.2?}",
        l.len()
    );
    println!("final tally {counted:?} = the phones' final ballots, each counted once");
    println!(
        "POST → count on the projector: median {:.2?}, p99 {:.2?}, max {:.2?}",
        pct(0.5),
        pct(0.99),
        l[l.len() - 1]
    );
    println!(
        "memory (VmRSS of the whole bench process: server, presenter and {CLIENT_THREADS} client threads): \
         {} KiB before the server, {} KiB after the load (+{} KiB)",
        before,
        peak,
        peak.saturating_sub(before)
    );
    server.stop();
}
