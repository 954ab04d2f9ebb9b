//! Interface text in [Project Fluent](https://projectfluent.org/) catalogues, one folder per
//! language under `locales/` (embedded at build time by `build.rs`). Scenario text comes from the
//! scenario files; this is everything else the trainer says.
//!
//! - [`Lang`]: a language of the interface, by its code; the languages are the folders found.
//! - [`Texts`]: one language's catalogue with a typed accessor per message (`t.you()`,
//!   `t.runs(n)`); a message missing in a language falls back to English, then to its id.
//! - [`words`]: the presentation helpers built on it (verdicts, outcomes, stars, speakers).
//!
//! # Adding a language
//!
//! 1. Copy `locales/en/` to `locales/<code>/` (`<code>` is the two- or three-letter code that
//!    `--lang` and `LANG` give, e.g. `uk`) and translate every message. Keep the ids; plural
//!    messages (`n-runs`, `n-votes`, …) take the variants of the language's CLDR plural rules
//!    (`one`, `few`, `many`, `other`, …), with one marked `*` as the default.
//! 2. Add scenario files under `scenarios/<code>/`.
//! 3. Run `cargo test`: `every_language_defines_every_message` loads each catalogue and checks
//!    that every message the code uses resolves in it without error.
//!
//! No code change is needed: `build.rs` embeds every folder, the `l` key cycles through them.

mod catalog;
pub mod scaffold;
pub mod words;
pub mod xapi;

pub use catalog::{Lang, LoadError, Texts};

/// The language asked for: `--lang`, else `LC_ALL`, else `LANG`, else English. Returns the
/// two-letter code (`ru_RU.UTF-8` gives `ru`; `C` and `POSIX` give `en`).
pub fn detect_lang(flag: Option<&str>, lc_all: Option<&str>, lang: Option<&str>) -> String {
    let from_env = |v: Option<&str>| {
        let v = v?.trim();
        if v.is_empty() || v == "C" || v == "POSIX" || v.starts_with("C.") {
            return None;
        }
        let code: String = v
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        (2..=3).contains(&code.len()).then_some(code)
    };
    flag.map(|s| s.to_ascii_lowercase())
        .or_else(|| from_env(lc_all))
        .or_else(|| from_env(lang))
        .unwrap_or_else(|| "en".to_string())
}

macro_rules! keys {
    ($($variant:ident => $id:literal),+ $(,)?) => {
        /// What a key does, for the hint bar and the help screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Msg { $($variant),+ }

        impl Msg {
            /// Every key message.
            pub const ALL: &'static [Msg] = &[$(Msg::$variant),+];

            /// The Fluent message id.
            pub fn id(self) -> &'static str {
                match self { $(Msg::$variant => $id),+ }
            }
        }
    };
}

keys! {
    Move => "key-move",
    Start => "key-start",
    Language => "key-language",
    Mode => "key-mode",
    Phrasebook => "key-phrasebook",
    Help => "key-help",
    Quit => "key-quit",
    QuitNow => "key-quit-now",
    Back => "key-back",
    Pick => "key-pick",
    Choose => "key-choose",
    Continue => "key-continue",
    TryAnother => "key-try-another",
    Home => "key-home",
    Replay => "key-replay",
    Scroll => "key-scroll",
    Search => "key-search",
    FinishSearch => "key-finish-search",
    DeleteChar => "key-delete-char",
    TypeToSearch => "key-type-to-search",
    Decisions => "key-decisions",
    CloseHelp => "key-close-help",
    Present => "key-present",
    Next => "key-next",
    StepBack => "key-step-back",
    Vote => "key-vote",
    ClearVotes => "key-clear-votes",
    Blank => "key-blank",
    Unblank => "key-unblank",
    EndSession => "key-end-session",
    Stay => "key-stay",
    Resume => "key-resume",
    TypeCount => "key-type-count",
    UndoVote => "key-undo-vote",
    Progress => "key-progress",
    Scenario => "key-scenario",
    ToDebrief => "key-to-debrief",
    Leave => "key-leave",
    LeaveRun => "key-leave-run",
    Intro => "key-intro",
    Details => "key-details",
    CloseDetails => "key-close-details",
    ClearSearch => "key-clear-search",
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{FatalKind, Technique};

    #[test]
    fn language_detection_order() {
        assert_eq!(detect_lang(Some("RU"), Some("en_US.UTF-8"), None), "ru");
        assert_eq!(detect_lang(None, Some("ru_RU.UTF-8"), Some("en_GB")), "ru");
        assert_eq!(detect_lang(None, None, Some("ru_RU.UTF-8")), "ru");
        assert_eq!(detect_lang(None, Some("C"), Some("ru_RU")), "ru");
        assert_eq!(detect_lang(None, Some(""), Some("C.UTF-8")), "en");
        assert_eq!(detect_lang(None, None, None), "en");
    }

    #[test]
    fn russian_names_every_fatal_kind() {
        let (en, ru) = (Lang::EN.texts(), Lang::from_code("ru").texts());
        for k in FatalKind::ALL {
            assert_ne!(ru.fatal(*k), en.fatal(*k));
        }
        for t in Technique::ALL {
            assert!(!ru.technique(*t).is_ascii());
        }
    }
}
