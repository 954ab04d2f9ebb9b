//! The one key map: it turns key presses into [`Action`]s, and the same table writes the hint bar
//! and the help screen, so what is shown is what works.

use crate::i18n::{Msg, Texts};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Go back one screen (quits from Home).
    Back,
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// Scroll a page up.
    PageUp,
    /// Scroll a page down.
    PageDown,
    /// Enter: start, choose, continue.
    Confirm,
    /// Pick the reply with this 0-based number.
    Pick(usize),
    /// Take back the reply just given.
    Rewind,
    /// Switch the language.
    ToggleLang,
    /// Switch practice / exam.
    ToggleMode,
    /// Open the phrasebook.
    Phrasebook,
    /// Open or close help.
    Help,
    /// Play the same scenario again.
    Replay,
    /// Go to Home.
    Home,
    /// Start typing a search.
    Search,
    /// A character typed into the search.
    Input(char),
    /// Delete the last character of the search.
    DeleteChar,
    /// Finish typing the search.
    EndInput,
    /// Open a group session on the selected scenario.
    Present,
    /// Presenter: the next stage.
    Advance,
    /// Presenter: back one stage (before a reveal).
    StepBack,
    /// Presenter: a reply's letter (0 = A): a vote, or the choice at the Choose stage.
    Letter(usize),
    /// Presenter: clear the tally.
    ClearVotes,
    /// Presenter: a digit, for typing a count after a letter (`A` `7` `Enter`).
    Digit(u8),
    /// Presenter: Enter — takes a typed count, else goes on like the clicker's next.
    Commit,
    /// Presenter: take back the last vote, count or digit typed.
    Undo,
    /// Presenter: blank the screen.
    Blank,
    /// Presenter: any key while blank.
    Unblank,
    /// Presenter: the clicker's start key; nothing to do but carry on.
    Resume,
    /// Presenter: end the session (asks first).
    Leave,
    /// Open the Progress screen.
    Progress,
    /// Solo: stay in the conversation instead of leaving it.
    Stay,
    /// Open "How it works".
    Intro,
    /// Home: show or hide the selected scenario's details.
    Details,
    /// Phrasebook: clear the search and stop typing.
    ClearSearch,
}

/// Which keys apply: a screen, or a phase of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The scenario list.
    Home,
    /// Picking a reply.
    Choosing,
    /// Reading the feedback on a reply (practice mode).
    Feedback,
    /// The end of a run.
    Debrief,
    /// Browsing the phrasebook.
    Phrasebook,
    /// Typing a phrasebook search.
    Searching,
    /// The help overlay.
    Help,
    /// A group session on the projector.
    Present,
    /// The presenter asked whether to end the session.
    ConfirmLeave,
    /// Scores over time.
    Progress,
    /// Solo: the conversation has ended; its ending is shown.
    Ending,
    /// Solo: asked whether to leave the conversation.
    LeaveRun,
    /// "How it works".
    Intro,
    /// Home with the selected scenario's details open.
    Details,
    /// The window is below the minimum size: only quitting works.
    TooSmall,
}

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Char(char),
    Code(KeyCode),
    /// `1`–`9`, giving `Action::Pick`.
    Digits,
    /// Any printable character, giving `Action::Input`.
    AnyChar,
    /// `a`–`z` or `A`–`Z`, giving `Action::Letter`.
    Letters,
    /// `0`–`9`, giving `Action::Digit`.
    AllDigits,
    /// Any key at all.
    Any,
}

/// One row of the key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    keys: &'static [Key],
    /// How the keys are written in hints: `↑/↓`, `Enter`.
    pub label: &'static str,
    action: Action,
    /// What the keys do, in the interface language.
    pub msg: Msg,
    /// Shown in the one-line hint bar (all are shown in help).
    pub in_bar: bool,
}

const fn b(
    keys: &'static [Key],
    label: &'static str,
    action: Action,
    msg: Msg,
    in_bar: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        msg,
        in_bar,
    }
}

use Key::{AllDigits, Any, AnyChar, Char, Code, Digits, Letters};

const UP: &[Key] = &[Code(KeyCode::Up), Char('k')];
const DOWN: &[Key] = &[Code(KeyCode::Down), Char('j')];
const ENTER: &[Key] = &[Code(KeyCode::Enter)];
const HELP: &[Key] = &[Char('?'), Code(KeyCode::F(1))];
const BACK: &[Key] = &[Char('q'), Code(KeyCode::Esc)];
const PGUP: &[Key] = &[Code(KeyCode::PageUp)];
const PGDN: &[Key] = &[Code(KeyCode::PageDown)];

static HOME: &[Binding] = &[
    b(UP, "↑", Action::Up, Msg::Move, false),
    b(DOWN, "↓", Action::Down, Msg::Move, true),
    b(ENTER, "Enter", Action::Confirm, Msg::Start, true),
    b(&[Char('l')], "l", Action::ToggleLang, Msg::Language, true),
    b(&[Char('m')], "m", Action::ToggleMode, Msg::Mode, true),
    b(&[Char('b')], "b", Action::Phrasebook, Msg::Phrasebook, true),
    b(&[Char('p')], "p", Action::Present, Msg::Present, true),
    b(&[Char('g')], "g", Action::Progress, Msg::Progress, true),
    b(&[Char('d')], "d", Action::Details, Msg::Details, false),
    b(&[Char('i')], "i", Action::Intro, Msg::Intro, true),
    b(HELP, "?", Action::Help, Msg::Help, true),
    b(BACK, "q", Action::Back, Msg::Quit, true),
];

static DETAILS: &[Binding] = &[
    b(
        &[
            Char('d'),
            Code(KeyCode::Esc),
            Char('q'),
            Code(KeyCode::Enter),
        ],
        "d",
        Action::Details,
        Msg::CloseDetails,
        true,
    ),
    b(HELP, "?", Action::Help, Msg::Help, false),
];

static ENDING: &[Binding] = &[
    b(ENTER, "Enter", Action::Confirm, Msg::ToDebrief, true),
    b(PGUP, "PgUp", Action::PageUp, Msg::Scroll, false),
    b(PGDN, "PgDn", Action::PageDown, Msg::Scroll, true),
    b(HELP, "?", Action::Help, Msg::Help, true),
    b(BACK, "Esc", Action::Back, Msg::Home, false),
];

static LEAVE_RUN: &[Binding] = &[
    b(
        &[Code(KeyCode::Enter), Char('y')],
        "Enter",
        Action::Leave,
        Msg::LeaveRun,
        true,
    ),
    b(&[Any], "…", Action::Stay, Msg::Stay, true),
];

static INTRO: &[Binding] = &[
    b(UP, "↑", Action::Up, Msg::Scroll, false),
    b(DOWN, "↓", Action::Down, Msg::Scroll, false),
    b(PGUP, "PgUp", Action::PageUp, Msg::Scroll, false),
    b(PGDN, "PgDn", Action::PageDown, Msg::Scroll, true),
    b(HELP, "?", Action::Help, Msg::Help, false),
    b(
        &[
            Code(KeyCode::Enter),
            Code(KeyCode::Esc),
            Char('q'),
            Char('i'),
        ],
        "Enter",
        Action::Back,
        Msg::Continue,
        true,
    ),
];

static TOO_SMALL: &[Binding] = &[b(&[Char('q')], "q", Action::Quit, Msg::Quit, true)];

/// Clickers send PageDown/PageUp, Right/Left, `b` (or `.`) and Esc/F5. Letters count hands
/// (one press a hand, or a letter, a number and Enter); digits alone vote by number.
static PRESENT: &[Binding] = &[
    b(
        &[Code(KeyCode::PageDown), Code(KeyCode::Right), Char(' ')],
        "→",
        Action::Advance,
        Msg::Next,
        true,
    ),
    b(ENTER, "Enter", Action::Commit, Msg::Next, false),
    b(
        &[Code(KeyCode::PageUp), Code(KeyCode::Left)],
        "←",
        Action::StepBack,
        Msg::StepBack,
        true,
    ),
    b(
        &[Char('b'), Char('.')],
        "b",
        Action::Blank,
        Msg::Blank,
        true,
    ),
    // Lowercase `b` is the clicker's blank key (matched above): B is Shift-B or 2.
    b(&[Letters], "A-D", Action::Letter(0), Msg::Vote, true),
    b(
        &[AllDigits],
        "A 7 Enter",
        Action::Digit(0),
        Msg::TypeCount,
        false,
    ),
    b(
        &[Code(KeyCode::Backspace)],
        "Backspace",
        Action::Undo,
        Msg::UndoVote,
        true,
    ),
    b(
        &[Code(KeyCode::F(5))],
        "F5",
        Action::Resume,
        Msg::Resume,
        false,
    ),
    b(HELP, "?", Action::Help, Msg::Help, false),
    b(
        &[Code(KeyCode::Esc), Char('q')],
        "Esc",
        Action::Leave,
        Msg::EndSession,
        true,
    ),
    // Any other key brings a blanked screen back (and does nothing otherwise).
    b(&[Any], "…", Action::Unblank, Msg::Unblank, false),
];

static PROGRESS: &[Binding] = &[
    b(UP, "↑", Action::Up, Msg::Scenario, false),
    b(DOWN, "↓", Action::Down, Msg::Scenario, true),
    b(HELP, "?", Action::Help, Msg::Help, true),
    b(BACK, "Esc", Action::Back, Msg::Back, true),
];

static CONFIRM_LEAVE: &[Binding] = &[
    b(
        &[Code(KeyCode::Esc), Char('q'), Char('y')],
        "Esc",
        Action::Leave,
        Msg::EndSession,
        true,
    ),
    b(&[Any], "…", Action::Unblank, Msg::Stay, true),
];

static CHOOSING: &[Binding] = &[
    b(&[Digits], "1-9", Action::Pick(0), Msg::Pick, true),
    b(UP, "↑", Action::Up, Msg::Move, false),
    b(DOWN, "↓", Action::Down, Msg::Move, true),
    b(ENTER, "Enter", Action::Confirm, Msg::Choose, true),
    b(
        &[Code(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        Msg::Scroll,
        false,
    ),
    b(
        &[Code(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        Msg::Scroll,
        false,
    ),
    b(HELP, "?", Action::Help, Msg::Help, true),
    b(BACK, "Esc", Action::Back, Msg::Leave, true),
];

static FEEDBACK: &[Binding] = &[
    b(ENTER, "Enter", Action::Confirm, Msg::Continue, true),
    b(
        &[Code(KeyCode::Backspace)],
        "Backspace",
        Action::Rewind,
        Msg::TryAnother,
        true,
    ),
    b(
        &[Code(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        Msg::Scroll,
        false,
    ),
    b(
        &[Code(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        Msg::Scroll,
        false,
    ),
    b(HELP, "?", Action::Help, Msg::Help, true),
    b(BACK, "Esc", Action::Back, Msg::Leave, true),
];

static DEBRIEF: &[Binding] = &[
    b(UP, "↑", Action::Up, Msg::Decisions, false),
    b(DOWN, "↓", Action::Down, Msg::Decisions, true),
    b(PGUP, "PgUp", Action::PageUp, Msg::Scroll, false),
    b(PGDN, "PgDn", Action::PageDown, Msg::Scroll, true),
    b(&[Char('r')], "r", Action::Replay, Msg::Replay, true),
    b(&[Char('h')], "h", Action::Home, Msg::Home, true),
    b(HELP, "?", Action::Help, Msg::Help, true),
    b(BACK, "q", Action::Back, Msg::Home, false),
];

static PHRASEBOOK: &[Binding] = &[
    b(UP, "↑", Action::Up, Msg::Scroll, false),
    b(DOWN, "↓", Action::Down, Msg::Scroll, true),
    b(
        &[Code(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        Msg::Scroll,
        false,
    ),
    b(
        &[Code(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        Msg::Scroll,
        false,
    ),
    b(&[Char('/')], "/", Action::Search, Msg::Search, true),
    b(HELP, "?", Action::Help, Msg::Help, true),
    b(BACK, "Esc", Action::Back, Msg::Back, true),
];

static SEARCHING: &[Binding] = &[
    b(
        &[Code(KeyCode::Enter)],
        "Enter",
        Action::EndInput,
        Msg::FinishSearch,
        true,
    ),
    b(
        &[Code(KeyCode::Esc)],
        "Esc",
        Action::ClearSearch,
        Msg::ClearSearch,
        true,
    ),
    b(
        &[Code(KeyCode::Backspace)],
        "Backspace",
        Action::DeleteChar,
        Msg::DeleteChar,
        true,
    ),
    b(&[AnyChar], "…", Action::Input(' '), Msg::TypeToSearch, true),
];

static HELP_KEYS: &[Binding] = &[
    b(
        &[
            Char('?'),
            Code(KeyCode::Esc),
            Char('q'),
            Code(KeyCode::Enter),
        ],
        "?",
        Action::Help,
        Msg::CloseHelp,
        true,
    ),
    b(PGUP, "PgUp", Action::PageUp, Msg::Scroll, false),
    b(PGDN, "PgDn", Action::PageDown, Msg::Scroll, true),
    b(&[Char('i')], "i", Action::Intro, Msg::Intro, true),
];

/// Ctrl-C quits from anywhere.
const QUIT: Binding = b(&[], "Ctrl-C", Action::Quit, Msg::Quit, false);

/// The bindings of a context, in the order they are shown.
pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Home => HOME,
        Context::Choosing => CHOOSING,
        Context::Feedback => FEEDBACK,
        Context::Debrief => DEBRIEF,
        Context::Phrasebook => PHRASEBOOK,
        Context::Searching => SEARCHING,
        Context::Help => HELP_KEYS,
        Context::Present => PRESENT,
        Context::ConfirmLeave => CONFIRM_LEAVE,
        Context::Progress => PROGRESS,
        Context::Ending => ENDING,
        Context::LeaveRun => LEAVE_RUN,
        Context::Intro => INTRO,
        Context::Details => DETAILS,
        Context::TooSmall => TOO_SMALL,
    }
}

/// The Latin letter on the same key of a US keyboard, for a letter typed on the Russian
/// (ЙЦУКЕН) layout: `ф` → `a`, `и` → `b`, `Ф` → `A`. Other characters come back unchanged. Letter
/// keys mean the same key on either layout, so a trainer need not switch layouts to vote.
pub fn latin(c: char) -> char {
    const RU: &str = "йцукенгшщзфывапролдячсмитьЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ";
    const US: &str = "qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDFGHJKLZXCVBNM";
    RU.chars()
        .position(|r| r == c)
        .and_then(|i| US.chars().nth(i))
        .unwrap_or(c)
}

/// The action for a key press in a context, if any.
pub fn action_for(ctx: Context, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(QUIT.action);
    }
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    for binding in bindings(ctx) {
        for k in binding.keys {
            let hit = match (k, key.code) {
                (Key::Char(c), KeyCode::Char(x)) => *c == x || *c == latin(x),
                (Key::Code(c), code) => *c == code,
                (Key::Digits, KeyCode::Char(x @ '1'..='9')) => {
                    return Some(Action::Pick(x as usize - '1' as usize));
                }
                (Key::AnyChar, KeyCode::Char(x)) if !x.is_control() => {
                    return Some(Action::Input(x));
                }
                (Key::Letters, KeyCode::Char(x)) if latin(x).is_ascii_alphabetic() => {
                    return Some(Action::Letter(
                        (latin(x).to_ascii_lowercase() as u8 - b'a') as usize,
                    ));
                }
                (Key::AllDigits, KeyCode::Char(x @ '0'..='9')) => {
                    return Some(Action::Digit(x as u8 - b'0'));
                }
                (Key::Any, _) => true,
                _ => false,
            };
            if hit {
                return Some(binding.action);
            }
        }
    }
    None
}

/// The hint bar's entries: (keys, what they do), merging rows with the same meaning.
pub fn hints(ctx: Context, t: &Texts) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let rows = bindings(ctx);
    for (i, bnd) in rows.iter().enumerate() {
        if !bnd.in_bar {
            continue;
        }
        // `↑` is hidden and `↓` shown: write them together as `↑↓`.
        let mut label = bnd.label.to_string();
        if i > 0 && !rows[i - 1].in_bar && rows[i - 1].msg == bnd.msg {
            let (a, b) = (rows[i - 1].label, bnd.label);
            let sep = if a.chars().count() > 1 { "/" } else { "" };
            label = format!("{a}{sep}{b}");
        }
        out.push((label, t.msg(bnd.msg)));
    }
    out
}

/// The help screen's entries: every binding, plus Ctrl-C.
pub fn help(ctx: Context, t: &Texts) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = bindings(ctx)
        .iter()
        .map(|b| {
            let extra: Vec<String> = b
                .keys
                .iter()
                .filter_map(|k| match k {
                    Key::Char(c) if c.to_string() != b.label => Some(c.to_string()),
                    Key::Code(KeyCode::Esc) if b.label != "Esc" => Some("Esc".into()),
                    Key::Code(KeyCode::Enter) if b.label != "Enter" => Some("Enter".into()),
                    Key::Code(KeyCode::F(1)) => Some("F1".into()),
                    _ => None,
                })
                .collect();
            let label = if extra.is_empty() {
                b.label.to_string()
            } else {
                format!("{} {}", b.label, extra.join(" "))
            };
            (label, t.msg(b.msg))
        })
        .collect();
    out.push((QUIT.label.to_string(), t.msg(Msg::QuitNow)));
    out
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
