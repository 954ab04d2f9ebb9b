//! A real browser votes: headless Chromium through WebDriver (`chromedriver`), against the real
//! server, with the session driven through the library and the projector drawn with
//! `TestBackend`. Under `CI=true` a missing browser fails the test; elsewhere it is skipped.
//! `FRONTDESK_SCREENSHOT=1` writes the phone page at 390×844 to `docs/phone-page.png`.

use super::phones::{Room, projector};
use fantoccini::{ClientBuilder, Locator};
use frontdesk::engine::group::Stage;
use frontdesk::i18n::Lang;
use frontdesk::tui::keys::Action;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn found(name: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_driver() -> (Driver, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (Driver(child), port)
}

/// Chromium and chromedriver are both installed. When not: under `CI=true` this panics; elsewhere
/// it says the test is skipped and returns false.
pub fn browser_found() -> bool {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| found(b));
    if browser.is_none() || !found("chromedriver") {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!(
                "CI=true but Chromium or chromedriver is missing (apt-get install chromium chromium-driver)"
            );
        }
        eprintln!("skipped: Chromium and chromedriver are not installed");
        return false;
    }
    true
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A headless Chromium session through the chromedriver on `port`, emulating a touch phone
/// whose viewport is `width`×`height` CSS pixels.
pub fn phone_browser(
    rt: &tokio::runtime::Runtime,
    port: u16,
    width: u32,
    height: u32,
) -> fantoccini::Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--hide-scrollbars"],
            "mobileEmulation": {
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": true }
            }
        }),
    );
    rt.block_on(
        ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}")),
    )
    .expect("a WebDriver session")
}

/// The join address as the projector shows it.
fn shown_url(screen: &str) -> String {
    let at = screen.find("http://").expect("an address on the projector");
    screen[at..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_phone_in_headless_chromium_votes_and_the_projector_counts_it() {
    if !browser_found() {
        return;
    }
    let (_driver, port) = start_driver();
    let rt = runtime();
    // A phone's viewport: 390×844 CSS pixels (the screenshot is that size).
    let c = phone_browser(&rt, port, 390, 844);
    let mut room = Room::new(Lang::EN, "child-patient");
    let url = shown_url(&projector(&room.app, 160, 45));
    assert_eq!(url, room.url());

    rt.block_on(c.goto(&url)).unwrap();
    let page = |rt: &tokio::runtime::Runtime| rt.block_on(c.source()).unwrap();
    assert!(page(&rt).contains("vote opens soon"));
    room.pump();

    // The trainer moves on: the page follows by itself (server-sent events).
    room.key(Action::Advance);
    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Vote);
    let start = Instant::now();
    while !page(&rt).contains("Tap a reply to vote") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the page did not update"
        );
        room.pump();
        std::thread::sleep(Duration::from_millis(50));
    }

    // Vote B: the projector's bar for B shows it.
    rt.block_on(async {
        c.find(Locator::Css("button[value='1']"))
            .await?
            .click()
            .await
    })
    .unwrap();
    assert!(room.until(|v| v.phone_votes.get(1) == Some(&1)));
    let screen = projector(&room.app, 160, 45);
    assert!(screen.contains("1 (100%)"), "{screen}");
    let html = page(&rt);
    assert!(html.contains("Your vote: <b>B</b>"), "{html}");
    if std::env::var_os("FRONTDESK_SCREENSHOT").is_some() {
        let png = rt.block_on(c.screenshot()).unwrap();
        std::fs::write("docs/phone-page.png", png).unwrap();
    }

    // Change to A: one ballot, moved.
    rt.block_on(async {
        c.find(Locator::Css("button[value='0']"))
            .await?
            .click()
            .await
    })
    .unwrap();
    assert!(room.until(|v| v.phone_votes.first() == Some(&1) && v.phone_votes[1] == 0));
    let before = page(&rt);
    assert!(before.contains("Your vote: <b>A</b>"), "{before}");
    assert!(!before.contains("verdict"), "{before}");

    // The reveal: the page reloads by itself and shows the verdict of the reply voted for.
    while room.stage() != Stage::Reveal {
        room.key(Action::Advance);
    }
    let verdict = room.server.view().replies[0].verdict.clone().unwrap();
    assert!(!before.contains(&verdict));
    let start = Instant::now();
    loop {
        room.pump();
        let after = page(&rt);
        if after.contains(&verdict) {
            assert!(after.contains("The reply you voted for"), "{after}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no verdict: {after}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    rt.block_on(c.close()).unwrap();
}
