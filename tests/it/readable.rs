//! Nothing a trainee must read is cut: every reply of every decision of every bundled scenario,
//! in both languages, at the minimum window size and at 80×24, can be brought on screen whole by
//! moving the selection, and the selected reply is always whole. The same for the debrief's
//! "best reply here".

use frontdesk::engine::Mode;
use frontdesk::i18n::Lang;
use frontdesk::scenario::{Library, NodeIdx, NodeKind};
use frontdesk::tui::keys::{Action, Context};
use frontdesk::tui::theme::{Theme, ThemeName};
use frontdesk::tui::{App, MIN_HEIGHT, MIN_WIDTH, Screen, Seeding};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

const SIZES: [(u16, u16); 2] = [(MIN_WIDTH, MIN_HEIGHT), (80, 24)];

fn app(lib: &Library, lang: Lang) -> App<'_> {
    App::new(
        lib,
        lang,
        Mode::Practice,
        Theme::new(ThemeName::Dark, false),
        Seeding {
            seed: Some(5),
            shuffle: true,
        },
    )
}

fn buffer(app: &App<'_>, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text inside every bordered panel on screen, without whitespace (wrapping only ever
/// breaks at spaces, or inside a word too long for the line).
fn panels(buf: &Buffer) -> Vec<String> {
    let (w, h) = (buf.area.width, buf.area.height);
    let at = |x: u16, y: u16| buf[(x, y)].symbol().to_string();
    let mut out = Vec::new();
    for y in 0..h {
        for x in 0..w {
            if at(x, y) != "┌" {
                continue;
            }
            let Some(right) = (x + 1..w).find(|&r| at(r, y) == "┐") else {
                continue;
            };
            let Some(bottom) = (y + 1..h).find(|&b| at(x, b) == "└") else {
                continue;
            };
            let mut text = String::new();
            for row in y + 1..bottom {
                for col in x + 1..right {
                    text.push_str(&at(col, row));
                }
            }
            out.push(squeeze(&text));
        }
    }
    out
}

fn whole_in_a_panel(buf: &Buffer, text: &str) -> bool {
    let needle = squeeze(text);
    panels(buf).iter().any(|p| p.contains(&needle))
}

fn screen_text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// Bulgarian too: its interface words are the longest, around English scenarios.
fn langs() -> [Lang; 3] {
    [Lang::EN, Lang::from_code("ru"), Lang::from_code("bg")]
}

#[test]
fn every_reply_can_be_read_whole_at_the_minimum_size_and_at_80x24() {
    let lib = Library::bundled();
    let mut checked = 0;
    for lang in langs() {
        let base = app(&lib, lang);
        for scenario in base.scenarios() {
            for (n, node) in scenario.nodes.iter().enumerate() {
                if !matches!(node.kind, NodeKind::Decision { .. }) {
                    continue;
                }
                let mut a = app(&lib, lang);
                a.start(&scenario);
                let Screen::Conversation(c) = &mut a.screen else {
                    unreachable!()
                };
                c.run.goto(NodeIdx(n as u32));
                let offered: Vec<String> = c
                    .run
                    .offered()
                    .iter()
                    .map(|&i| c.run.fill(&node.choices()[i].text))
                    .collect();
                for (w, h) in SIZES {
                    let mut a = a.clone();
                    for (i, reply) in offered.iter().enumerate() {
                        if i > 0 {
                            a.update(Action::Down);
                        }
                        let buf = buffer(&a, w, h);
                        assert!(
                            whole_in_a_panel(&buf, reply),
                            "{} {} node {} at {w}×{h}: reply {} is not whole when selected:\n{}",
                            lang.code(),
                            scenario.id.0,
                            node.id,
                            i + 1,
                            screen_text(&buf)
                        );
                        checked += 1;
                    }
                    // And back up: the selection stays whole on the way up too.
                    for i in (0..offered.len().saturating_sub(1)).rev() {
                        a.update(Action::Up);
                        let buf = buffer(&a, w, h);
                        assert!(
                            whole_in_a_panel(&buf, &offered[i]),
                            "{} {} node {} at {w}×{h}: reply {} cut on the way up:\n{}",
                            lang.code(),
                            scenario.id.0,
                            node.id,
                            i + 1,
                            screen_text(&buf)
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} replies checked");
}

/// Plays to the debrief choosing by `pick` (from the replies on offer), then for each
/// decision whose best reply is shown, scrolls the details until that reply is whole.
fn best_replies_readable(lang: Lang, pick: impl Fn(usize) -> usize) -> usize {
    let lib = Library::bundled();
    let mut checked = 0;
    for scenario in app(&lib, lang).scenarios() {
        let mut a = app(&lib, lang);
        a.start(&scenario);
        for _ in 0..80 {
            match a.context() {
                Context::Debrief => break,
                Context::Feedback | Context::Ending => {
                    crate::support::later(&mut a);
                    a.update(Action::Confirm);
                }
                Context::Choosing => {
                    let Screen::Conversation(c) = &a.screen else {
                        unreachable!()
                    };
                    let n = c.run.offered().len();
                    a.update(Action::Pick(pick(n)));
                }
                other => panic!("{other:?}"),
            }
        }
        let Screen::Debrief(d) = &a.screen else {
            panic!("{} never reached its debrief", scenario.id.0)
        };
        let run = d.run.clone();
        for (k, dec) in run.decisions().iter().enumerate() {
            if dec.best == dec.choice || dec.credit >= 1.0 {
                continue;
            }
            let best = run.fill(&run.scenario().node(dec.node).choices()[dec.best].text);
            for (w, h) in SIZES {
                let mut b = a.clone();
                for _ in 0..k {
                    b.update(Action::Down);
                }
                let mut found = false;
                for _ in 0..30 {
                    if whole_in_a_panel(&buffer(&b, w, h), &best) {
                        found = true;
                        break;
                    }
                    b.update(Action::PageDown);
                }
                assert!(
                    found,
                    "{} {} decision {} at {w}×{h}: the best reply never shows whole:\n{}",
                    lang.code(),
                    scenario.id.0,
                    k + 1,
                    screen_text(&buffer(&b, w, h))
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn the_debriefs_best_reply_can_be_read_whole() {
    let mut checked = 0;
    for lang in langs() {
        checked += best_replies_readable(lang, |n| n - 1);
        checked += best_replies_readable(lang, |n| n / 2);
    }
    assert!(checked > 20, "only {checked} best replies checked");
}
