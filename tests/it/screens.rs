//! Snapshot tests of every screen, drawn with ratatui's TestBackend, at 80×24, 120×40 and below
//! the minimum size, in English and Russian.

use frontdesk::engine::Mode;
use frontdesk::i18n::Lang;
use frontdesk::scenario::Library;
use frontdesk::tui::keys::Action;
use frontdesk::tui::theme::{Theme, ThemeName};
use frontdesk::tui::{App, Seeding};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

fn app(lib: &Library, lang: Lang) -> App<'_> {
    App::new(
        lib,
        lang,
        Mode::Practice,
        Theme::new(ThemeName::Dark, true),
        Seeding {
            seed: Some(11),
            shuffle: true,
        },
    )
}

fn draw(app: &App<'_>, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

/// Opens the child-patient scenario (second in the sorted list).
fn into_child_patient(app: &mut App<'_>) {
    let list = app.scenarios();
    let pos = list.iter().position(|s| s.id.0 == "child-patient").unwrap();
    for _ in 0..pos {
        app.update(Action::Down);
    }
    app.update(Action::Confirm);
}

fn lib() -> Library {
    Library::bundled()
}

macro_rules! snap {
    ($name:expr, $app:expr, $w:expr, $h:expr) => {
        insta::assert_snapshot!($name, crate::support::styled(draw(&$app, $w, $h).backend()));
    };
}

#[test]
fn home() {
    let lib = lib();
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let a = app(&lib, lang);
        snap!(format!("home_{}_80x24", lang.code()), a, 80, 24);
        snap!(format!("home_{}_120x40", lang.code()), a, 120, 40);
    }
}

#[test]
fn below_the_minimum_size_a_message_is_shown() {
    let lib = lib();
    let a = app(&lib, Lang::EN);
    snap!("too_small_en_50x12", a, 50, 12);
    let r = app(&lib, Lang::from_code("ru"));
    snap!("too_small_ru_50x12", r, 50, 12);
}

#[test]
fn conversation() {
    let lib = lib();
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let mut a = app(&lib, lang);
        into_child_patient(&mut a);
        snap!(format!("conversation_{}_80x24", lang.code()), a, 80, 24);
        snap!(format!("conversation_{}_120x40", lang.code()), a, 120, 40);
        snap!(format!("conversation_{}_50x12", lang.code()), a, 50, 12);
    }
}

#[test]
fn feedback_after_a_reply() {
    let lib = lib();
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let mut a = app(&lib, lang);
        into_child_patient(&mut a);
        a.update(Action::Pick(0));
        snap!(format!("feedback_{}_80x24", lang.code()), a, 80, 24);
        snap!(format!("feedback_{}_120x40", lang.code()), a, 120, 40);
    }
}

fn finished(lib: &Library, lang: Lang) -> App<'_> {
    let mut a = app(lib, lang);
    into_child_patient(&mut a);
    crate::support::play_to_debrief(&mut a);
    assert!(matches!(a.screen, frontdesk::tui::Screen::Debrief(_)));
    a
}

#[test]
fn debrief() {
    let lib = lib();
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let mut a = finished(&lib, lang);
        snap!(format!("debrief_{}_80x24", lang.code()), a, 80, 24);
        a.update(Action::Down);
        snap!(format!("debrief_{}_120x40", lang.code()), a, 120, 40);
    }
}

#[test]
fn phrasebook_and_search() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    a.update(Action::Phrasebook);
    snap!("phrasebook_en_80x24", a, 80, 24);
    a.update(Action::Search);
    for c in "call you".chars() {
        a.update(Action::Input(c));
    }
    snap!("phrasebook_search_en_120x40", a, 120, 40);
    let mut r = app(&lib, Lang::from_code("ru"));
    r.update(Action::Phrasebook);
    snap!("phrasebook_ru_80x24", r, 80, 24);
}

#[test]
fn help_lists_the_keys_of_the_screen_beneath() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    into_child_patient(&mut a);
    a.update(Action::Help);
    snap!("help_conversation_en_80x24", a, 80, 24);
    let mut r = app(&lib, Lang::from_code("ru"));
    r.update(Action::Help);
    snap!("help_home_ru_80x24", r, 80, 24);
}

#[test]
fn exam_mode_shows_no_feedback() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    a.update(Action::ToggleMode);
    into_child_patient(&mut a);
    a.update(Action::Pick(0));
    snap!("exam_after_a_reply_en_80x24", a, 80, 24);
}

#[test]
fn themes_differ_and_no_color_has_none() {
    let lib = lib();
    let render = |theme: Theme| {
        let mut a = app(&lib, Lang::EN);
        a.theme = theme;
        into_child_patient(&mut a);
        a.update(Action::Pick(0));
        draw(&a, 80, 24).backend().buffer().clone()
    };
    let dark = render(Theme::new(ThemeName::Dark, true));
    let light = render(Theme::new(ThemeName::Light, true));
    let mono = render(Theme::new(ThemeName::Dark, false));
    assert_ne!(dark, light);
    assert!(
        mono.content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(dark.content().iter().any(|c| c.fg != Color::Reset));
    // The same words in every theme: meaning never rests on colour alone.
    let text = |b: &ratatui::buffer::Buffer| {
        b.content()
            .iter()
            .map(|c| c.symbol().to_string())
            .collect::<String>()
    };
    assert_eq!(text(&dark), text(&mono));
}

#[test]
fn every_size_from_1x1_to_130x45_draws_without_panicking() {
    let lib = lib();
    let mut states = vec![app(&lib, Lang::EN)];
    let mut c = app(&lib, Lang::from_code("ru"));
    into_child_patient(&mut c);
    states.push(c.clone());
    c.update(Action::Pick(1));
    states.push(c.clone());
    states.push(finished(&lib, Lang::EN));
    let mut p = app(&lib, Lang::EN);
    p.update(Action::Phrasebook);
    states.push(p);
    for a in &states {
        for w in (1..=130).step_by(7) {
            for h in (1..=45).step_by(4) {
                draw(a, w, h);
            }
        }
    }
}

/// A store with a week of runs by one trainee, at fixed times.
fn seeded_history(lib: &Library, dir: &std::path::Path) -> frontdesk::store::HistoryView {
    use chrono::TimeZone;
    use frontdesk::engine::{Run, RunOptions};
    use frontdesk::store::{RunResult, Store};
    let mut store = Store::open(dir).unwrap();
    let plans: [(&str, &[usize]); 5] = [
        ("child-patient", &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
        ("child-patient", &[2, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("long-wait-caller", &[1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("child-patient", &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("long-wait-caller", &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ];
    for (day, (id, picks)) in plans.iter().enumerate() {
        let s = lib.find(id, "en").unwrap().0;
        let mut run = Run::new(
            std::sync::Arc::clone(s),
            RunOptions {
                seed: 1,
                shuffle: false,
            },
        );
        for &p in picks.iter() {
            if run.is_over() {
                break;
            }
            let n = run.offered().len();
            run.choose(p.min(n - 1)).unwrap();
        }
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 11, 10 + day as u32, 9, 0, 0)
            .unwrap();
        let hash = lib.file_of(s).unwrap().hash();
        let r = RunResult::of(&run, "olga", hash, Mode::Practice, t, t);
        store.record(&r).unwrap();
    }
    frontdesk::store::HistoryView {
        recording: true,
        trainee: "olga".into(),
        problem: None,
        runs: store.runs(Some("olga"), None).unwrap(),
    }
}

#[test]
fn progress_and_home_scores_from_a_seeded_store() {
    use chrono::TimeZone;
    let lib = lib();
    let dir = tempfile::tempdir().unwrap();
    let history = seeded_history(&lib, dir.path());
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let mut a = app(&lib, lang);
        a.set_history(history.clone());
        a.fixed_now = Some(
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
                .unwrap(),
        );
        snap!(format!("home_scores_{}_120x40", lang.code()), a, 120, 40);
        a.update(Action::Progress);
        snap!(format!("progress_{}_80x24", lang.code()), a, 80, 24);
        snap!(format!("progress_{}_120x40", lang.code()), a, 120, 40);
        a.update(Action::Down);
        snap!(
            format!("progress_next_scenario_{}_120x40", lang.code()),
            a,
            120,
            40
        );
    }
}

#[test]
fn progress_without_history_and_with_a_broken_store() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    a.history.recording = true;
    a.history.trainee = "new".into();
    a.update(Action::Progress);
    snap!("progress_empty_en_80x24", a, 80, 24);
    let mut b = app(&lib, Lang::EN);
    b.history.problem = Some("the history file /x/history.db is damaged".into());
    snap!("home_not_recording_en_80x24", b, 80, 24);
}

/// child-patient played to its ending (the conversation still on screen).
fn at_the_ending(lib: &Library, lang: Lang) -> App<'_> {
    use frontdesk::tui::keys::Context;
    let mut a = app(lib, lang);
    into_child_patient(&mut a);
    for _ in 0..60 {
        match a.context() {
            Context::Ending => return a,
            Context::Feedback => {
                crate::support::later(&mut a);
                a.update(Action::Confirm);
            }
            _ => a.update(Action::Pick(0)),
        }
    }
    panic!("no ending");
}

#[test]
fn the_ending_is_shown_in_the_conversation() {
    let lib = lib();
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let a = at_the_ending(&lib, lang);
        snap!(format!("ending_{}_80x24", lang.code()), a, 80, 24);
        snap!(format!("ending_{}_120x40", lang.code()), a, 120, 40);
    }
}

#[test]
fn a_double_enter_cannot_skip_the_feedback() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    a.fixed_now = Some(chrono::Utc::now());
    into_child_patient(&mut a);
    a.update(Action::Pick(0));
    a.update(Action::Confirm);
    assert_eq!(a.context(), frontdesk::tui::keys::Context::Feedback);
    a.fixed_now = a.fixed_now.map(|t| t + chrono::Duration::milliseconds(650));
    a.update(Action::Confirm);
    assert_ne!(a.context(), frontdesk::tui::keys::Context::Feedback);
}

#[test]
fn leaving_a_conversation_asks_first() {
    use frontdesk::tui::keys::Context;
    let lib = lib();
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let mut a = app(&lib, lang);
        into_child_patient(&mut a);
        a.update(Action::Back);
        assert_eq!(a.context(), Context::LeaveRun);
        snap!(format!("leave_{}_80x24", lang.code()), a, 80, 24);
        snap!(format!("leave_{}_120x40", lang.code()), a, 120, 40);
        // Anything but Enter/y stays.
        a.update(Action::Stay);
        assert_eq!(a.context(), Context::Choosing);
        a.update(Action::Back);
        a.update(Action::Leave);
        assert!(matches!(a.screen, frontdesk::tui::Screen::Home));
    }
}

#[test]
fn how_it_works() {
    let lib = lib();
    for lang in [Lang::EN, Lang::from_code("ru")] {
        let mut a = app(&lib, lang);
        a.update(Action::Intro);
        snap!(format!("intro_{}_80x24", lang.code()), a, 80, 24);
        snap!(format!("intro_{}_120x40", lang.code()), a, 120, 40);
        a.update(Action::Back);
        assert!(matches!(a.screen, frontdesk::tui::Screen::Home));
    }
}

#[test]
fn the_introduction_shows_once_and_not_when_the_folder_is_read_only() {
    let lib = lib();
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(&lib, Lang::EN);
    assert!(a.intro_on_first_start(Some(dir.path())));
    assert!(matches!(a.screen, frontdesk::tui::Screen::Intro(_)));
    let mut b = app(&lib, Lang::EN);
    assert!(!b.intro_on_first_start(Some(dir.path())));
    // A data folder that cannot be made: nothing shows (it would show on every start).
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let mut c = app(&lib, Lang::EN);
    assert!(!c.intro_on_first_start(Some(&file.join("data"))));
    assert!(matches!(c.screen, frontdesk::tui::Screen::Home));
}

#[test]
fn home_details_show_the_source_the_main_view_does_not() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    let main = format!("{}", draw(&a, 80, 24).backend());
    assert!(!main.contains("Source:"), "{main}");
    a.update(Action::Details);
    snap!("home_details_en_80x24", a, 80, 24);
    a.update(Action::Back);
    assert!(!a.home_details);
}

#[test]
fn a_reply_taken_back_is_marked_as_tried() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    into_child_patient(&mut a);
    a.update(Action::Pick(1));
    a.update(Action::Rewind);
    let shown = format!("{}", draw(&a, 80, 24).backend());
    assert!(shown.contains("(tried)"), "{shown}");
}

#[test]
fn esc_in_the_phrasebook_search_clears_it() {
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    a.update(Action::Phrasebook);
    a.update(Action::Search);
    for c in "call".chars() {
        a.update(Action::Input(c));
    }
    a.update(Action::ClearSearch);
    let frontdesk::tui::Screen::Phrasebook(p) = &a.screen else {
        panic!()
    };
    assert!(p.query.is_empty() && !p.searching);
}

#[test]
fn while_too_small_only_quit_works() {
    use frontdesk::tui::keys::{Context, action_for};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let lib = lib();
    let mut a = app(&lib, Lang::EN);
    a.too_small = true;
    assert_eq!(a.context(), Context::TooSmall);
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    assert_eq!(action_for(a.context(), key(KeyCode::Enter)), None);
    assert_eq!(action_for(a.context(), key(KeyCode::Down)), None);
    a.update(Action::Confirm);
    assert!(matches!(a.screen, frontdesk::tui::Screen::Home));
    assert_eq!(
        action_for(a.context(), key(KeyCode::Char('q'))),
        Some(Action::Quit)
    );
}
