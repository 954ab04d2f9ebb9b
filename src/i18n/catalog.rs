//! The Fluent catalogues: which languages there are, loading them lazily, looking a message up.

use super::Msg;
use crate::scenario::{Ending, FatalKind, Pitfall, Setting, Technique};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue, bundle::FluentBundle};
use intl_memoizer::concurrent::IntlLangMemoizer;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock, PoisonError, RwLock};
use unic_langid::LanguageIdentifier;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

type Bundle = FluentBundle<FluentResource, IntlLangMemoizer>;

/// One language's files, parsed the first time the language is used.
struct Entry {
    code: &'static str,
    files: Vec<(String, &'static str)>,
    texts: OnceLock<Texts>,
}

/// The folders embedded by `build.rs`, not parsed yet.
static EMBEDDED: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    LOCALES
        .iter()
        .map(|(code, files)| Entry {
            code,
            files: files.iter().map(|(n, s)| (n.to_string(), *s)).collect(),
            texts: OnceLock::new(),
        })
        .collect()
});

/// Catalogues loaded at run time with [`Lang::load_dir`]; they come before the embedded ones.
static EXTRA: RwLock<Vec<&'static Entry>> = RwLock::new(Vec::new());

fn extra() -> std::sync::RwLockReadGuard<'static, Vec<&'static Entry>> {
    EXTRA.read().unwrap_or_else(PoisonError::into_inner)
}

fn entry(code: &str) -> Option<&'static Entry> {
    if let Some(e) = extra().iter().copied().find(|e| e.code == code) {
        return Some(e);
    }
    EMBEDDED.iter().find(|e| e.code == code)
}

/// A language of the interface, by its code (`en`, `ru`, `bg`): one of the catalogues found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

impl Lang {
    /// English, always bundled, and the fallback for everything.
    pub const EN: Lang = Lang("en");

    /// The language with this code, if it has a catalogue.
    pub fn get(code: &str) -> Option<Lang> {
        entry(code).map(|e| Lang(e.code))
    }

    /// The interface language for a code (English for a code without a catalogue).
    pub fn from_code(code: &str) -> Lang {
        Lang::get(code).unwrap_or(Lang::EN)
    }

    /// Every language with a catalogue, by code.
    pub fn all() -> Vec<Lang> {
        let mut codes: Vec<&'static str> = EMBEDDED.iter().map(|e| e.code).collect();
        codes.extend(extra().iter().map(|e| e.code));
        codes.sort_unstable();
        codes.dedup();
        codes.into_iter().map(Lang).collect()
    }

    /// The next language, for the language switch (after the last comes the first).
    pub fn next(self) -> Lang {
        let all = Lang::all();
        let at = all.iter().position(|l| *l == self).map_or(0, |i| i + 1);
        all.get(at).or(all.first()).copied().unwrap_or(self)
    }

    /// The language code, also used to pick scenarios.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The catalogue, parsed on first use.
    pub fn texts(self) -> &'static Texts {
        let e = entry(self.0)
            .or_else(|| entry("en"))
            .expect("locales/en is bundled");
        e.texts.get_or_init(|| Texts::new(e.code, &e.files).0)
    }

    /// Loads a folder of `.ftl` files as the language named by the folder (`…/eo/` gives `eo`)
    /// and makes it available like a bundled one; a language already there is replaced.
    pub fn load_dir(dir: &Path) -> Result<Lang, LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let code = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| LoadError::Empty(dir.to_path_buf()))?;
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(LoadError::Empty(dir.to_path_buf()));
        }
        let mut files = Vec::new();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(io)?;
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.push((name, &*Box::leak(text.into_boxed_str())));
        }
        let code: &'static str = Box::leak(code.into_boxed_str());
        let (texts, error) = Texts::new(code, &files);
        if let Some(e) = error {
            return Err(e);
        }
        let e: &'static Entry = Box::leak(Box::new(Entry {
            code,
            files,
            texts: OnceLock::from(texts),
        }));
        let mut extra = EXTRA.write().unwrap_or_else(PoisonError::into_inner);
        extra.retain(|x| x.code != code);
        extra.push(e);
        Ok(Lang(code))
    }
}

/// Why a folder of `.ftl` files could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or a file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not valid Fluent.
    #[error("{file}: {message}")]
    Syntax {
        /// The file name.
        file: String,
        /// The parser's errors.
        message: String,
    },
    /// No `.ftl` files in the folder.
    #[error("{0}: no .ftl files")]
    Empty(PathBuf),
}

/// One language's catalogue. Messages are looked up in it, then in English, then the id is
/// shown: a missing message never panics and never shows as an empty string.
pub struct Texts {
    code: &'static str,
    bundle: Bundle,
    /// Messages without arguments, formatted once (the interface asks for them every frame).
    cache: RwLock<HashMap<String, &'static str>>,
}

const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Texts>();
    shared::<Lang>();
};

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts").field("code", &self.code).finish()
    }
}

impl Texts {
    /// Parses a language's files: the catalogue of what did parse, and the first error if any.
    fn new(code: &'static str, files: &[(String, &str)]) -> (Texts, Option<LoadError>) {
        let id: LanguageIdentifier = code.parse().unwrap_or_default();
        let mut bundle = Bundle::new_concurrent(vec![id]);
        // Unicode isolation marks around arguments would reach the terminal.
        bundle.set_use_isolating(false);
        let mut error = None;
        for (name, text) in files {
            let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, errs)| {
                error.get_or_insert(LoadError::Syntax {
                    file: name.clone(),
                    message: format!("{errs:?}"),
                });
                res
            });
            if let Err(errs) = bundle.add_resource(res) {
                error.get_or_insert(LoadError::Syntax {
                    file: name.clone(),
                    message: format!("{errs:?}"),
                });
            }
        }
        let t = Texts {
            code,
            bundle,
            cache: RwLock::default(),
        };
        (t, error)
    }

    /// The language of this catalogue.
    pub fn lang(&self) -> Lang {
        Lang(self.code)
    }

    /// The message in this language only: `None` when it is missing, fails or is empty.
    pub fn own(&self, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let pattern = self.bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let s = self.bundle.format_pattern(pattern, args, &mut errors);
        (errors.is_empty() && !s.trim().is_empty()).then(|| s.into_owned())
    }

    /// The message, falling back to English, then to the id.
    pub fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        self.own(id, args)
            .or_else(|| {
                let en = Lang::EN.texts();
                (!std::ptr::eq(en, self))
                    .then(|| en.own(id, args))
                    .flatten()
            })
            .unwrap_or_else(|| id.to_string())
    }

    /// A message without arguments, formatted once per language.
    pub fn get(&self, id: &str) -> &'static str {
        let cache = self.cache.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = cache.get(id) {
            return s;
        }
        drop(cache);
        let s: &'static str = Box::leak(self.format(id, None).into_boxed_str());
        let mut cache = self.cache.write().unwrap_or_else(PoisonError::into_inner);
        cache.entry(id.to_string()).or_insert(s)
    }

    /// A message with a number `$n`, whose plural form the language's rules pick.
    pub fn count(&self, id: &str, n: impl Count) -> String {
        let mut args = FluentArgs::new();
        args.set("n", FluentValue::from(n.value()));
        self.format(id, Some(&args))
    }

    /// The ids of every message the code uses that this language does not define (or cannot
    /// format): empty for a complete catalogue.
    pub fn missing(&self) -> Vec<String> {
        message_ids()
            .into_iter()
            .filter(|(id, kind)| match kind {
                Kind::Plain => self.own(id, None).is_none(),
                Kind::Count => [0, 1, 2, 5, 21].iter().any(|n| {
                    let mut args = FluentArgs::new();
                    args.set("n", FluentValue::from(*n));
                    self.own(id, Some(&args)).is_none()
                }),
                Kind::Scaffold => {
                    let args = super::scaffold::placeholders();
                    self.own(id, Some(&args)).is_none()
                }
            })
            .map(|(id, _)| id)
            .collect()
    }

    /// The name of a fatal error.
    pub fn fatal(&self, k: FatalKind) -> &'static str {
        self.get(&format!("fatal-{}", k.as_str()))
    }

    /// The name of a pitfall.
    pub fn pitfall(&self, k: Pitfall) -> &'static str {
        self.get(&format!("pitfall-{}", k.as_str()))
    }

    /// The name of a technique.
    pub fn technique(&self, t: Technique) -> &'static str {
        self.get(&format!("technique-{}", t.as_str()))
    }

    /// The name of an ending.
    pub fn ending(&self, e: Ending) -> &'static str {
        self.get(&format!("ending-{}", e.as_str()))
    }

    /// The word for a setting.
    pub fn setting(&self, s: Setting) -> &'static str {
        self.get(&format!("setting-{}", s.as_str()))
    }

    /// What a key does.
    pub fn msg(&self, m: Msg) -> &'static str {
        self.get(m.id())
    }

    /// The names of the stages of a group decision, in order.
    pub fn stages(&self) -> [&'static str; 5] {
        STAGES.map(|id| self.get(id))
    }

    /// The mood words: calm, tense, angry, leaving.
    pub fn mood_words(&self) -> [&'static str; 4] {
        MOODS.map(|id| self.get(id))
    }
}

/// A count for a plural message.
pub trait Count {
    /// The number.
    fn value(self) -> i64;
}

macro_rules! count {
    ($($t:ty),+) => {
        $(impl Count for $t {
            fn value(self) -> i64 {
                i64::try_from(self).unwrap_or(i64::MAX)
            }
        })+
    };
}
count!(u8, u16, u32, u64, usize, i32, i64);

mod messages;

pub use messages::{Kind, message_ids};
use messages::{MOODS, STAGES};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_defines_every_message() {
        let all = Lang::all();
        assert!(all.contains(&Lang::EN) && all.len() >= 2, "{all:?}");
        for lang in all {
            let e = entry(lang.code()).unwrap();
            let (t, error) = Texts::new(e.code, &e.files);
            assert!(error.is_none(), "locales/{}: {error:?}", lang.code());
            assert_eq!(t.missing(), Vec::<String>::new(), "locales/{}", lang.code());
        }
    }

    #[test]
    fn every_bundled_message_is_used() {
        // A message in locales/en that no code asks for is a leftover.
        let used: Vec<String> = message_ids().into_iter().map(|(id, _)| id).collect();
        let e = entry("en").unwrap();
        for (name, text) in &e.files {
            let res = FluentResource::try_new(text.to_string()).unwrap();
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    assert!(
                        used.contains(&m.id.name.to_string()),
                        "{name}: {}",
                        m.id.name
                    );
                }
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let ru = Lang::from_code("ru").texts();
        assert_eq!(ru.votes(1), "1 голос");
        assert_eq!(ru.votes(2), "2 голоса");
        assert_eq!(ru.votes(5), "5 голосов");
        assert_eq!(ru.votes(21), "21 голос");
        assert_eq!(ru.runs(1u32), "1 попытка");
        assert_eq!(ru.runs(2u32), "2 попытки");
        assert_eq!(ru.runs(5u32), "5 попыток");
        assert_eq!(ru.runs(21u32), "21 попытка");
        assert_eq!(ru.times(1), "1 раз");
        assert_eq!(ru.times(2), "2 раза");
        assert_eq!(ru.times(5), "5 раз");
        assert_eq!(ru.times(21), "21 раз");
        let en = Lang::EN.texts();
        assert_eq!(en.runs(1), "1 run");
        assert_eq!(en.runs(2), "2 runs");
        assert_eq!(en.votes(1), "1 vote");
        assert_eq!(en.votes(2), "2 votes");
        assert_eq!(en.times(1), "1 time");
        assert_eq!(en.times(2), "2 times");
        assert_eq!(en.wrong_times(1), "wrong once");
        assert_eq!(en.wrong_times(2), "wrong 2 times");
    }

    #[test]
    fn bulgarian_speaks_bulgarian() {
        let bg = Lang::get("bg").expect("locales/bg is bundled").texts();
        assert_eq!(bg.language_name(), "Български");
        assert_eq!(bg.runs(1), "1 опит");
        assert_eq!(bg.runs(2), "2 опита");
        assert_eq!(bg.votes(21), "21 гласа");
        assert_eq!(bg.fatal(FatalKind::Justifying), "оправдаване");
        assert_eq!(bg.pitfall(Pitfall::GivingIn), "отстъпване под натиск");
        assert_eq!(bg.decision_number(3), "Решение 3");
        assert_eq!(bg.letter(1), 'Б');
    }

    #[test]
    fn a_missing_message_falls_back_to_english_then_the_id() {
        let files = vec![("x.ftl".to_string(), "you = Vi\nempty = { \"\" }\n")];
        let (t, error) = Texts::new("eo", &files);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(t.format("you", None), "Vi");
        assert_eq!(t.format("score", None), "Score");
        assert_eq!(t.format("empty", None), "empty");
        assert_eq!(t.format("no-such-message", None), "no-such-message");
        assert_eq!(t.runs(2), "2 runs");
        assert!(t.missing().contains(&"score".to_string()));
    }

    #[test]
    fn no_isolation_marks() {
        let s = Lang::EN.texts().runs(3);
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
    }

    #[test]
    fn the_switch_cycles_through_every_language() {
        let all = Lang::all();
        let mut l = Lang::EN;
        for _ in 0..all.len() {
            l = l.next();
        }
        assert_eq!(l, Lang::EN);
        assert_eq!(Lang::EN.next(), Lang::from_code("ru"));
        assert_eq!(Lang::from_code("xx"), Lang::EN);
    }
}
