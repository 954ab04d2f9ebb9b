//! The phone page passes an automated accessibility check: axe-core (the engine behind most
//! accessibility checkers) runs in headless Chromium on every page a phone can see — waiting for
//! the vote, the vote, after voting, voting closed, the 409 and 403 notices, after the reveal with
//! and without a ballot, and the session's end — in English and Russian, at 360×740 and 390×844.
//! Rules: WCAG 2.0/2.1 A and AA, WCAG 2.2 AA (target size) and axe's best practices. At every
//! page the document must also not scroll sideways.
//!
//! axe is injected through WebDriver's script execution, which the page's Content-Security-
//! Policy (`script-src 'self'`) does not govern: the page itself still cannot run inline script.
//! It is found through `FRONTDESK_AXE` (default `target/axe/node_modules/axe-core/axe.min.js`,
//! installed by `.ci/run`). Under `CI=true` a missing browser or axe fails; elsewhere it skips.

use super::phones::Room;
use super::phones_browser::{browser_found, phone_browser, runtime, start_driver};
use fantoccini::{Client, Locator};
use frontdesk::engine::group::Stage;
use frontdesk::i18n::Lang;
use frontdesk::tui::keys::Action;
use serde_json::Value;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// The axe-core version `.ci/run` installs and these tests were written against.
const AXE_VERSION: &str = "4.14.1";

/// The rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 AA brings `target-size`,
/// 24×24 CSS pixels) and axe's best practices (landmarks, headings, and the like).
const TAGS: [&str; 6] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// axe's source, or `None` (after saying so) when it is missing outside CI.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("FRONTDESK_AXE").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e) => {
            let what = format!(
                "axe-core is missing at {} ({e}); install it with \
                 `npm install --prefix target/axe axe-core@{AXE_VERSION}` (as .ci/run does) \
                 or point FRONTDESK_AXE at axe.min.js",
                path.display()
            );
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("CI=true but {what}");
            }
            eprintln!("skipped: {what}");
            None
        }
    }
}

struct Check<'a> {
    rt: &'a Runtime,
    c: &'a Client,
    axe: &'a str,
    /// Where the check stands, for the failure messages: language, viewport.
    at: String,
}

impl Check<'_> {
    fn run<T: serde::de::DeserializeOwned>(&self, script: &str) -> T {
        let v = self.rt.block_on(self.c.execute(script, vec![])).unwrap();
        serde_json::from_value(v).unwrap()
    }

    fn goto(&self, url: &str) {
        self.rt.block_on(self.c.goto(url)).unwrap();
    }

    fn source(&self) -> String {
        self.rt.block_on(self.c.source()).unwrap()
    }

    /// Waits until the page shown is the one for the session as it stands (the body's `data-key`
    /// is the server's; the page reloads by itself when the trainer moves on), loading it again
    /// if it was refused for going too fast.
    fn settle(&self, room: &mut Room, url: &str) {
        let start = Instant::now();
        loop {
            room.pump();
            let want = room.server.view().phone_key();
            let key: Option<String> =
                self.run("return document.body && document.body.getAttribute('data-key');");
            if key.as_deref() == Some(want.as_str()) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{}: the page for {want} never came: {}",
                self.at,
                self.source()
            );
            std::thread::sleep(Duration::from_millis(100));
            if key.as_deref() == Some("") {
                // A notice (429 when the page loaded too fast): the rate refills; load again.
                std::thread::sleep(Duration::from_millis(400));
                self.goto(url);
            }
        }
    }

    /// axe's results on the page shown (injected first if the page has not got it yet).
    fn axe(&self, at: &str) -> Value {
        let injected: bool = self.run(&format!(
            "if (!window.axe) {{ {}\n }} return !!window.axe;",
            self.axe
        ));
        assert!(injected, "{at}: axe could not be injected");
        let version: String = self.run("return axe.version;");
        assert_eq!(version, AXE_VERSION, "{at}: FRONTDESK_AXE is another axe");
        let script = format!(
            "var done = arguments[arguments.length - 1];\
             axe.run(document, {{ runOnly: {{ type: 'tag', values: {} }}, \
                                 resultTypes: ['violations', 'incomplete'] }})\
               .then(function (r) {{ done({{ violations: r.violations, incomplete: r.incomplete, \
                   passes: r.passes.map(function (p) {{ return p.id; }}) }}); }})\
               .catch(function (e) {{ done({{ error: String(e) }}); }});",
            serde_json::to_string(&TAGS).unwrap()
        );
        let r = self
            .rt
            .block_on(self.c.execute_async(&script, vec![]))
            .unwrap();
        assert!(r["error"].is_null(), "{at}: axe failed: {}", r["error"]);
        r
    }

    /// How far the document is wider than the viewport, in CSS pixels (0: no sideways scroll).
    fn overflow(&self) -> i64 {
        let (scroll, client): (i64, i64) =
            self.run("var d = document.documentElement; return [d.scrollWidth, d.clientWidth];");
        (scroll - client).max(0)
    }

    /// axe finds no violation on the page shown and leaves nothing for a person to review,
    /// with the contrast rule (and, where there is something to tap, the tap-target and
    /// button-name rules) among those that passed; and the page does not scroll sideways.
    fn page(&self, what: &str) {
        let at = format!("{} — {what}", self.at);
        let r = self.axe(&at);
        let violations = r["violations"].as_array().unwrap();
        assert!(
            violations.is_empty(),
            "{at}: axe found {} violation(s):\n{}\n{}",
            violations.len(),
            violations
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("\n"),
            self.source()
        );
        let incomplete = r["incomplete"].as_array().unwrap();
        assert!(
            incomplete.is_empty(),
            "{at}: axe could not decide (needs review):\n{}",
            incomplete
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("\n")
        );
        let passed = |id: &str| r["passes"].as_array().unwrap().iter().any(|p| p == id);
        assert!(passed("color-contrast"), "{at}: contrast unchecked: {r}");
        if self.source().contains("<button") {
            for id in ["target-size", "button-name"] {
                assert!(passed(id), "{at}: {id} unchecked: {}", r["passes"]);
            }
        }
        let over = self.overflow();
        assert_eq!(over, 0, "{at}: the page scrolls sideways by {over} px");
    }

    /// The checks can fail: on the page shown, two unnamed 10-pixel buttons side by side and grey-on-white
    /// text are axe violations, a word too long for the screen still wraps, and an element wider
    /// than the screen makes it scroll sideways (all added by script; the page is spoilt after).
    fn can_fail(&self) {
        let at = format!("{} — the checks' own check", self.at);
        let _: Value = self.run(
            "var m = document.querySelector('main');\
             var w = document.createElement('p'); w.textContent = 'W'.repeat(300); m.appendChild(w);\
             for (var i = 0; i < 2; i++) {\
               var b = document.createElement('button'); b.style.width = '10px';\
               b.style.height = '10px'; b.style.padding = '0'; b.style.margin = '0';\
               b.style.border = '0'; m.appendChild(b);\
             }\
             var p = document.createElement('p'); p.textContent = 'faint';\
             p.style.color = '#bbbbbb'; m.appendChild(p); return null;",
        );
        assert_eq!(
            self.overflow(),
            0,
            "{at}: a long word makes the page scroll"
        );
        let r = self.axe(&at);
        let found: Vec<&str> = r["violations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["id"].as_str())
            .collect();
        for id in ["button-name", "target-size", "color-contrast"] {
            assert!(found.contains(&id), "{at}: axe missed {id}: {found:?}");
        }
        let _: Value = self.run(
            "var d = document.createElement('div'); d.style.width = '1000px';\
             d.textContent = 'wide'; document.body.appendChild(d); return null;",
        );
        assert!(self.overflow() > 0, "{at}: the sideways scroll went unseen");
    }
}

/// One violation: its rule, impact and help, and each failing node's selector and summary.
fn describe(v: &Value) -> String {
    let mut s = format!(
        "- {} ({}): {} [{}]",
        v["id"].as_str().unwrap_or("?"),
        v["impact"].as_str().unwrap_or("?"),
        v["help"].as_str().unwrap_or("?"),
        v["helpUrl"].as_str().unwrap_or("")
    );
    for n in v["nodes"].as_array().into_iter().flatten() {
        s.push_str(&format!(
            "\n    {}: {}",
            n["target"],
            n["failureSummary"]
                .as_str()
                .unwrap_or("")
                .replace('\n', " ")
        ));
    }
    s
}

/// Every page a phone sees in one session in `lang`.
fn every_page(check: &Check<'_>, lang: Lang) {
    let mut room = Room::new(lang, "child-patient");
    let url = room.url();
    check.goto(&url);
    check.settle(&mut room, &url);
    check.page("waiting for the vote");

    room.key(Action::Advance);
    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Vote);
    check.settle(&mut room, &url);
    check.page("the vote");

    check
        .rt
        .block_on(async {
            check
                .c
                .find(Locator::Css("button[value='1']"))
                .await?
                .click()
                .await
        })
        .unwrap();
    assert!(room.until(|v| v.phone_votes.get(1) == Some(&1)));
    check.settle(&mut room, &url);
    assert!(check.source().contains("aria-pressed=\"true\""));
    check.page("after voting");

    room.key(Action::Advance);
    assert_eq!(room.stage(), Stage::Choose);
    check.settle(&mut room, &url);
    check.page("voting closed");

    // A ballot after the close, as from a page that did not follow: the 409 notice.
    let _: Value = check.run(
        "var f = document.createElement('form'); f.method = 'post'; f.action = 'vote';\
         var i = document.createElement('input'); i.name = 'letter'; i.value = '0';\
         f.appendChild(i); document.body.appendChild(f); f.submit(); return null;",
    );
    let start = Instant::now();
    while !check.source().contains("class=\"back\"") {
        assert!(start.elapsed() < Duration::from_secs(10), "no 409 notice");
        std::thread::sleep(Duration::from_millis(50));
    }
    check.page("the 409 notice (voting is closed)");

    while room.stage() != Stage::Reveal {
        room.key(Action::Advance);
    }
    check.goto(&url);
    check.settle(&mut room, &url);
    let verdict = room.server.view().replies[1].verdict.clone().unwrap();
    assert!(
        check
            .source()
            .contains(&html_escape::encode_text(&verdict).to_string())
    );
    check.page("after the reveal");

    check.rt.block_on(check.c.delete_all_cookies()).unwrap();
    check.goto(&url);
    check.settle(&mut room, &url);
    check.page("after the reveal, without a ballot");

    let wrong = url.replace(&room.server.code, "zzzz");
    assert_ne!(wrong, url);
    check.goto(&wrong);
    assert!(check.source().contains("data-key=\"\""), "not a notice");
    check.page("the 403 notice (wrong room code)");

    room.key(Action::Leave);
    room.key(Action::Leave);
    assert!(room.until(|v| v.ended));
    check.goto(&url);
    check.settle(&mut room, &url);
    check.page("the session has ended");
    check.can_fail();
}

fn axe_finds_nothing_at(width: u32, height: u32) {
    if !browser_found() {
        return;
    }
    let Some(axe) = axe_source() else { return };
    let (_driver, port) = start_driver();
    let rt = runtime();
    let c = phone_browser(&rt, port, width, height);
    for lang in [Lang::EN, Lang::get("ru").unwrap()] {
        let check = Check {
            rt: &rt,
            c: &c,
            axe: &axe,
            at: format!("{} at {width}×{height}", lang.code()),
        };
        every_page(&check, lang);
    }
    rt.block_on(c.close()).unwrap();
}

#[test]
fn axe_finds_nothing_on_the_phone_pages_at_360x740() {
    axe_finds_nothing_at(360, 740);
}

#[test]
fn axe_finds_nothing_on_the_phone_pages_at_390x844() {
    axe_finds_nothing_at(390, 844);
}
