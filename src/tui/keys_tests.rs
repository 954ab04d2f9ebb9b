//! Tests of `keys.rs`.
use super::*;

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn digits_pick_replies() {
    assert_eq!(
        action_for(Context::Choosing, press(KeyCode::Char('1'))),
        Some(Action::Pick(0))
    );
    assert_eq!(
        action_for(Context::Choosing, press(KeyCode::Char('9'))),
        Some(Action::Pick(8))
    );
    assert_eq!(action_for(Context::Home, press(KeyCode::Char('1'))), None);
}

#[test]
fn letter_keys_work_on_the_russian_layout() {
    // The same physical keys: ф и с в are a b c d.
    for (ru, letter) in [('ф', 0), ('Ф', 0), ('с', 2), ('в', 3)] {
        assert_eq!(
            action_for(Context::Present, press(KeyCode::Char(ru))),
            Some(Action::Letter(letter)),
            "{ru}"
        );
    }
    // `и` is the `b` key: it blanks, as `b` does.
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Char('и'))),
        Some(Action::Blank)
    );
    // Every screen's letter keys: `д` is `l` (language) on Home, `р` is `h` on the debrief.
    assert_eq!(
        action_for(Context::Home, press(KeyCode::Char('д'))),
        Some(Action::ToggleLang)
    );
    assert_eq!(
        action_for(Context::Debrief, press(KeyCode::Char('р'))),
        Some(Action::Home)
    );
    // Typed text stays as typed.
    assert_eq!(
        action_for(Context::Searching, press(KeyCode::Char('ф'))),
        Some(Action::Input('ф'))
    );
    assert_eq!(latin('ё'), 'ё');
}

#[test]
fn ctrl_c_quits_everywhere() {
    let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for ctx in [
        Context::Home,
        Context::Choosing,
        Context::Feedback,
        Context::Debrief,
        Context::Phrasebook,
        Context::Searching,
        Context::Help,
    ] {
        assert_eq!(action_for(ctx, k), Some(Action::Quit));
    }
}

#[test]
fn searching_takes_letters_as_text() {
    assert_eq!(
        action_for(Context::Searching, press(KeyCode::Char('q'))),
        Some(Action::Input('q'))
    );
    assert_eq!(
        action_for(Context::Searching, press(KeyCode::Char('ж'))),
        Some(Action::Input('ж'))
    );
    assert_eq!(
        action_for(Context::Phrasebook, press(KeyCode::Char('q'))),
        Some(Action::Back)
    );
}

#[test]
fn the_hint_bar_comes_from_the_same_table() {
    let t = crate::i18n::Lang::EN.texts();
    let h = hints(Context::Home, t);
    assert_eq!(h[0], ("↑↓".to_string(), "move"));
    assert!(h.iter().any(|(k, _)| k == "l"));
    for (label, _) in &h {
        // Every key in the bar does something in that context.
        let code = match label.as_str() {
            "Enter" => KeyCode::Enter,
            "↑↓" => KeyCode::Down,
            l => KeyCode::Char(l.chars().next().unwrap()),
        };
        assert!(action_for(Context::Home, press(code)).is_some(), "{label}");
    }
}

#[test]
fn clicker_keys_drive_the_presenter() {
    for code in [KeyCode::PageDown, KeyCode::Right, KeyCode::Char(' ')] {
        assert_eq!(
            action_for(Context::Present, press(code)),
            Some(Action::Advance)
        );
    }
    for code in [KeyCode::PageUp, KeyCode::Left] {
        assert_eq!(
            action_for(Context::Present, press(code)),
            Some(Action::StepBack)
        );
    }
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Char('b'))),
        Some(Action::Blank)
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Char('a'))),
        Some(Action::Letter(0))
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Char('D'))),
        Some(Action::Letter(3))
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Char('B'))),
        Some(Action::Letter(1))
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Char('2'))),
        Some(Action::Digit(2))
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Enter)),
        Some(Action::Commit)
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Backspace)),
        Some(Action::Undo)
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Esc)),
        Some(Action::Leave)
    );
    assert_eq!(
        action_for(Context::Present, press(KeyCode::F(5))),
        Some(Action::Resume)
    );
    // A key with no other meaning brings a blanked screen back.
    assert_eq!(
        action_for(Context::Present, press(KeyCode::Tab)),
        Some(Action::Unblank)
    );
    assert_eq!(
        action_for(Context::ConfirmLeave, press(KeyCode::Esc)),
        Some(Action::Leave)
    );
    assert_eq!(
        action_for(Context::ConfirmLeave, press(KeyCode::Right)),
        Some(Action::Unblank)
    );
}

#[test]
fn releases_are_ignored() {
    let mut k = press(KeyCode::Enter);
    k.kind = KeyEventKind::Release;
    assert_eq!(action_for(Context::Home, k), None);
}
