//! A third interface language is only a folder of `.ftl` files: this loads a test-only
//! Esperanto catalogue at run time and draws Home in it. (Its own test binary, so the extra
//! language does not change the language list the other tests see.)

use frontdesk::engine::Mode;
use frontdesk::i18n::Lang;
use frontdesk::scenario::Library;
use frontdesk::tui::keys::Action;
use frontdesk::tui::theme::{Theme, ThemeName};
use frontdesk::tui::{App, Seeding};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

fn esperanto() -> Lang {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/locales/eo");
    Lang::load_dir(&dir).expect("the fixture catalogue loads")
}

fn screen(app: &App<'_>) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_folder_of_ftl_files_is_a_language() {
    let eo = esperanto();
    assert_eq!(eo.code(), "eo");
    assert_eq!(Lang::get("eo"), Some(eo));
    assert!(Lang::all().contains(&eo));
    let t = eo.texts();
    assert_eq!(t.missing(), Vec::<String>::new());
    assert_eq!(t.language_name(), "Esperanto");
    assert_eq!(t.runs(1), "1 provo");
    assert_eq!(t.runs(2), "2 provoj");

    let lib = Library::bundled();
    let seeding = Seeding {
        seed: Some(1),
        shuffle: false,
    };
    let app = App::new(
        &lib,
        eo,
        Mode::Practice,
        Theme::new(ThemeName::Dark, false),
        seeding,
    );
    let s = screen(&app);
    // Without Esperanto scenarios, Home lists the English ones, in an Esperanto frame.
    for text in [
        "Esperanto · Reĝimo: ekzercado",
        "Scenaroj",
        "telefono ★★☆",
        "malfacileco",
        "l lingvo",
        "? helpo",
    ] {
        assert!(s.contains(text), "{text:?} not on Home:\n{s}");
    }
    for english in ["Scenarios", "language", "difficulty", "phone"] {
        assert!(
            !s.contains(english),
            "{english:?} on the Esperanto Home:\n{s}"
        );
    }
}

#[test]
fn the_language_key_reaches_the_new_language() {
    let eo = esperanto();
    let lib = Library::bundled();
    let seeding = Seeding {
        seed: Some(1),
        shuffle: false,
    };
    let mut app = App::new(
        &lib,
        Lang::EN,
        Mode::Practice,
        Theme::new(ThemeName::Dark, false),
        seeding,
    );
    let mut seen = vec![app.lang];
    for _ in 0..Lang::all().len() {
        app.update(Action::ToggleLang);
        seen.push(app.lang);
    }
    assert!(seen.contains(&eo), "{seen:?}");
    assert!(seen.contains(&Lang::from_code("ru")), "{seen:?}");
    assert_eq!(app.lang, Lang::EN, "the switch comes back round: {seen:?}");
}
