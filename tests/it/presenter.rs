//! Snapshot tests of every presenter step at 80×24, 120×40 and 160×45, in English and Russian,
//! in the dark and light projector themes (styles included), and the Markdown report.

use frontdesk::engine::Mode;
use frontdesk::engine::group::Stage;
use frontdesk::i18n::Lang;
use frontdesk::scenario::Library;
use frontdesk::tui::keys::Action;
use frontdesk::tui::theme::{Theme, ThemeName};
use frontdesk::tui::{App, Effect, PresenterOptions, Screen, Seeding};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

fn app(lib: &Library, lang: Lang, theme: ThemeName) -> App<'_> {
    let mut a = App::new(
        lib,
        lang,
        Mode::Practice,
        Theme::new(theme, true),
        Seeding {
            seed: Some(5),
            shuffle: true,
        },
    );
    // A fixed clock: the double-click guard never holds a test's keys back.
    a.fixed_now = Some(chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap());
    let s = lib.find("child-patient", lang.code()).unwrap().0;
    a.present(s);
    a
}

fn stage(a: &App<'_>) -> Stage {
    match &a.screen {
        Screen::Present(p) => p.session.stage(),
        _ => panic!("not presenting"),
    }
}

fn draw(a: &App<'_>, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(a, f.area())).unwrap();
    t
}

/// Votes: three for A, five for B, one for C.
fn vote(a: &mut App<'_>) {
    for (letter, n) in [(0, 3), (1, 5), (2, 1)] {
        for _ in 0..n {
            a.update(Action::Letter(letter));
        }
    }
}

/// Every stage the room sees, in the order a session shows them: a normal round, a round the
/// trainer overrides, a tie, a round nobody voted in, looking back, the ending and the debrief.
fn every_step(lib: &Library, lang: Lang, theme: ThemeName) -> Vec<(&'static str, App<'_>)> {
    let mut a = app(lib, lang, theme);
    let mut shots = vec![("scene", a.clone())];
    a.update(Action::Advance);
    shots.push(("discuss", a.clone()));
    vote(&mut a);
    shots.push(("vote", a.clone()));
    a.update(Action::Advance);
    shots.push(("choose", a.clone()));
    a.update(Action::Letter(2));
    a.update(Action::Advance);
    assert_eq!(stage(&a), Stage::Reveal);
    shots.push(("reveal_override", a.clone()));
    a.update(Action::Advance);
    shots.push(("all_replies", a.clone()));
    a.update(Action::Advance);
    assert_eq!(stage(&a), Stage::Scene);
    a.update(Action::StepBack);
    shots.push(("looking_back", a.clone()));
    a.update(Action::Advance);
    // A tie: two each for A and B, typed as counts.
    a.update(Action::Advance);
    for letter in [0, 1] {
        a.update(Action::Letter(letter));
        a.update(Action::Digit(2));
        a.update(Action::Commit);
    }
    a.update(Action::Advance);
    shots.push(("choose_tie", a.clone()));
    a.update(Action::Letter(1));
    a.update(Action::Advance);
    shots.push(("reveal_tie", a.clone()));
    for _ in 0..60 {
        if stage(&a) == Stage::Ending {
            break;
        }
        // Reveal → every reply → Scene → Discuss; nobody votes; the trainer picks A.
        a.update(Action::Advance);
        a.update(Action::Advance);
        if stage(&a) == Stage::Ending {
            break;
        }
        a.update(Action::Advance);
        a.update(Action::Advance);
        a.update(Action::Advance);
        a.update(Action::Letter(0));
        a.update(Action::Advance);
    }
    assert_eq!(stage(&a), Stage::Ending);
    shots.push(("ending", a.clone()));
    a.update(Action::Advance);
    assert_eq!(stage(&a), Stage::Debrief);
    shots.push(("debrief", a.clone()));
    shots
}

#[test]
fn every_step_at_three_sizes_in_both_languages_and_themes() {
    let lib = Library::bundled();
    let mut drawn = 0;
    for lang in [Lang::EN, Lang::from_code("ru")] {
        for theme in [ThemeName::Dark, ThemeName::Light] {
            let name = format!("{}_{theme:?}", lang.code()).to_lowercase();
            for (step, state) in every_step(&lib, lang, theme) {
                for (w, h) in [(80, 24), (120, 40), (160, 45)] {
                    let term = draw(&state, w, h);
                    insta::assert_snapshot!(
                        format!("present_{step}_{name}_{w}x{h}"),
                        crate::support::styled(term.backend())
                    );
                    // The projector theme paints its own exact ground, edge to edge.
                    let want = if theme == ThemeName::Dark {
                        Color::Rgb(0, 0, 0)
                    } else {
                        Color::Rgb(255, 255, 255)
                    };
                    let buf = term.backend().buffer();
                    assert!(
                        buf.content().iter().all(|c| c.bg == want
                            || c.bg
                                == (if want == Color::Rgb(0, 0, 0) {
                                    Color::Rgb(255, 255, 255)
                                } else {
                                    Color::Rgb(0, 0, 0)
                                })),
                        "{step} {name} {w}x{h}: a cell without the projector's ground"
                    );
                    drawn += 1;
                }
            }
        }
    }
    assert_eq!(drawn, 2 * 2 * 11 * 3);
}

/// The room is told whose choice each reply was, in its own letters.
#[test]
fn the_reveal_says_whose_choice_it_was() {
    let lib = Library::bundled();
    let shots = every_step(&lib, Lang::EN, ThemeName::Dark);
    let text = |step: &str| {
        let (_, a) = shots.iter().find(|(s, _)| *s == step).unwrap();
        format!("{}", draw(a, 160, 45).backend())
    };
    assert!(text("reveal_override").contains("The trainer chose C (the room: B)"));
    assert!(text("choose_tie").contains("Tie: A and B"));
    assert!(text("reveal_tie").contains("Tie: A and B — The trainer chose B"));
    assert!(text("all_replies").contains("Every reply at this decision"));
    assert!(text("looking_back").contains("The last reveal"));
    let ru = every_step(&lib, Lang::from_code("ru"), ThemeName::Dark);
    let (_, a) = ru.iter().find(|(s, _)| *s == "reveal_override").unwrap();
    let screen = format!("{}", draw(a, 160, 45).backend());
    assert!(
        screen.contains("Тренер выбрал вариант В (группа: Б)"),
        "{screen}"
    );
}

#[test]
fn nothing_about_verdicts_shows_before_the_reveal() {
    let lib = Library::bundled();
    let mut a = app(&lib, Lang::EN, ThemeName::Dark);
    for _ in 0..4 {
        let screen = format!("{}", draw(&a, 160, 45).backend());
        assert!(!screen.contains("Every reply"), "{screen}");
        for word in [
            "✓",
            "✗",
            "justifying",
            "ignoring",
            "counter-attacking",
            "clarify",
            "Better",
        ] {
            assert!(
                !screen.contains(word),
                "`{word}` shows at {:?}:\n{screen}",
                stage(&a)
            );
        }
        if stage(&a) == Stage::Discuss {
            vote(&mut a);
        } else {
            a.update(Action::Advance);
        }
    }
    assert_eq!(stage(&a), Stage::Reveal);
    let screen = format!("{}", draw(&a, 160, 45).backend());
    assert!(screen.contains('✓') || screen.contains('✗'), "{screen}");
}

#[test]
fn russian_and_timer_and_blank() {
    let lib = Library::bundled();
    let mut a = app(&lib, Lang::from_code("ru"), ThemeName::Dark);
    a.presenter_options.timer = Some(75);
    a.update(Action::Advance);
    insta::assert_snapshot!(
        "present_discuss_ru_timer_80x24",
        crate::support::styled(draw(&a, 80, 24).backend())
    );
    for _ in 0..70 {
        a.tick();
    }
    assert!(a.timer_running());
    let s = format!("{}", draw(&a, 80, 24).backend());
    assert!(s.contains("⏱ 0:05"), "{s}");
    for _ in 0..10 {
        a.tick();
    }
    assert!(!a.timer_running(), "the countdown stops at zero");
    let s = format!("{}", draw(&a, 80, 24).backend());
    assert!(s.contains("Время вышло"), "{s}");
    assert_eq!(
        stage(&a),
        Stage::Discuss,
        "the timer never picks for the room"
    );
    a.update(Action::Blank);
    let blank = format!("{}", draw(&a, 80, 24).backend());
    assert!(
        blank.chars().all(|c| c == ' ' || c == '"' || c == '\n'),
        "{blank}"
    );
    a.update(Action::Unblank);
    assert_eq!(
        stage(&a),
        Stage::Discuss,
        "the key that brings the screen back does nothing else"
    );
    a.update(Action::Leave);
    insta::assert_snapshot!(
        "present_confirm_leave_ru_80x24",
        crate::support::styled(draw(&a, 80, 24).backend())
    );
    a.update(Action::Advance);
    assert!(
        matches!(a.screen, Screen::Present(_)),
        "any other key stays"
    );
    a.update(Action::Leave);
    a.update(Action::Leave);
    assert!(matches!(a.screen, Screen::Home));
}

#[test]
fn the_report_is_asked_for_at_the_debrief_and_on_leaving_early() {
    let lib = Library::bundled();
    let mut a = app(&lib, Lang::EN, ThemeName::Dark);
    a.presenter_options = PresenterOptions {
        timer: None,
        report: Some("session.md".into()),
        force: false,
        return_to_shell: false,
        phones: None,
        console: None,
    };
    a.update(Action::Advance);
    vote(&mut a);
    a.update(Action::Advance);
    a.update(Action::Advance);
    assert!(a.effects.is_empty());
    a.update(Action::Leave);
    a.update(Action::Leave);
    let [
        Effect::WriteReport {
            path,
            markdown,
            force,
        },
    ] = &a.effects[..]
    else {
        panic!("{:?}", a.effects)
    };
    assert_eq!(path.to_str(), Some("session.md"));
    assert!(!force);
    assert!(markdown.contains("### Decision 1\n"), "{markdown}");
    assert!(!markdown.contains("`booking`"), "no node ids: {markdown}");
    assert!(markdown.contains("## Notes"), "{markdown}");
    assert!(markdown.contains("| B |"), "{markdown}");
    assert!(
        markdown.contains("The session ended before the conversation did."),
        "{markdown}"
    );
}
