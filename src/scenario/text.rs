//! Text rules shared by the loader and the engine: names, cleaning, placeholders, and the one
//! escaping path for untrusted text ([`visible`]).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Returns the text with tabs turned into spaces, or the first forbidden character: C0 controls
/// other than newline and tab, DEL, C1 controls, and bidirectional overrides and isolates — any
/// of which could make a scenario file drive or disguise the terminal.
pub fn clean(s: &str) -> Result<String, char> {
    if let Some(bad) = s.chars().find(|&c| is_forbidden(c)) {
        return Err(bad);
    }
    Ok(if s.contains('\t') {
        s.replace('\t', " ")
    } else {
        s.to_string()
    })
}

fn is_forbidden(c: char) -> bool {
    c != '\n' && c != '\t' && is_control(c)
}

/// Characters that drive or disguise a terminal, or that it and the loader disagree about:
/// C0 controls (newline and tab included), DEL, C1 controls, bidirectional marks, overrides
/// and isolates, and the Unicode line and paragraph separators (YAML counts them as line
/// breaks, terminals draw them as nothing and do not move the cursor).
pub fn is_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}')
}

/// The one way untrusted text (anything read from a file, a folder, a store, the environment or
/// the command line) is shown: every character of [`is_control`] becomes a visible escape
/// (`\u{1b}`), so what is printed cannot move the cursor, set a title, ring a bell or reorder a
/// line. Text without such characters is returned as it is, without copying.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape_where(s, is_control)
}

/// [`visible`] for an owned string, without a copy when nothing needs escaping.
pub fn visible_owned(s: String) -> String {
    match visible(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

/// [`visible`] for text of several lines: newlines are kept, everything else is escaped.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c != '\n' && is_control(c))
}

fn escape_where(s: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Shows untrusted text through [`visible`] wherever a `Display` is wanted:
/// `format!("no scenario `{}`", Shown(spec))`.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a>(pub &'a str);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&visible(self.0))
    }
}

/// [`visible`] for JSON text: the characters of [`is_control`] that a JSON writer leaves raw
/// (DEL, C1, direction marks, line separators; C0 are escaped already) become `\uXXXX` escapes,
/// which read back as the same string. They can only occur inside strings, so the JSON means
/// the same.
pub fn visible_json(s: String) -> String {
    if !s.chars().any(|c| c != '\n' && is_control(c)) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if c != '\n' && is_control(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// The closest word in `known`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    // Edit distance catches typos (`fatl`); Jaro-Winkler catches wrong endings of the right
    // word (`ignorance`, `clarifying`).
    known
        .iter()
        .filter(|k| {
            let d = strsim::damerau_levenshtein(word, k);
            (d <= 2.max(k.len() / 3) && d < k.len()) || strsim::jaro_winkler(word, k) >= 0.88
        })
        // The fewest edits first (`gn` is `gen`, not `ins`), then the closest by Jaro-Winkler.
        .max_by(|a, b| {
            let edits = |k: &str| strsim::damerau_levenshtein(word, k);
            edits(b)
                .cmp(&edits(a))
                .then(strsim::jaro_winkler(word, a).total_cmp(&strsim::jaro_winkler(word, b)))
        })
        .copied()
}

/// `[a-z0-9-]+`: scenario ids.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Two or three lowercase ASCII letters: language codes (`en`, `ru`, `fil`).
pub fn is_lang_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// `[a-z0-9_-]+`: node ids.
pub fn is_node_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// `[a-z][a-z0-9_-]*`, and not a word of the condition language.
pub fn is_flag_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && is_node_id(s)
        && !matches!(s, "and" | "or" | "not" | "mood")
}

/// `[a-z][a-z0-9_]*`: role keys.
pub fn is_role_key(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The placeholders `{word}` or `{word.form}` in a text, as (start byte, end byte, word), the
/// word with its `.form` if any.
pub fn placeholders(s: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if bytes[i] == b'{' {
                let start = i;
                let mut j = i + 1;
                while j < bytes.len()
                    && (bytes[j].is_ascii_lowercase()
                        || bytes[j] == b'_'
                        || bytes[j].is_ascii_digit())
                {
                    j += 1;
                }
                // An optional `.form`: lowercase letters after one dot.
                if j > start + 1
                    && j + 1 < bytes.len()
                    && bytes[j] == b'.'
                    && bytes[j + 1].is_ascii_lowercase()
                {
                    let mut k = j + 1;
                    while k < bytes.len() && bytes[k].is_ascii_lowercase() {
                        k += 1;
                    }
                    if k < bytes.len() && bytes[k] == b'}' {
                        j = k;
                    }
                }
                if j < bytes.len() && bytes[j] == b'}' && j > start + 1 {
                    i = j + 1;
                    return Some((start, j + 1, &s[start + 1..j]));
                }
            }
            i += 1;
        }
        None
    })
}

/// The first `{word}` that `known` does not accept.
pub fn unknown_placeholder(s: &str, known: impl Fn(&str) -> bool) -> Option<&str> {
    placeholders(s).map(|(_, _, w)| w).find(|w| !known(w))
}

/// Replaces every `{word}` by `lookup(word)`, leaving unknown ones as written.
pub fn substitute<'a>(s: &str, lookup: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut last = 0;
    for (a, b, w) in placeholders(s) {
        if let Some(v) = lookup(w) {
            out.push_str(&s[last..a]);
            out.push_str(v);
            last = b;
        }
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_refuses_terminal_controls() {
        assert_eq!(clean("a\tb\nc"), Ok("a b\nc".to_string()));
        assert_eq!(clean("x\u{1b}]0;t\u{7}"), Err('\u{1b}'));
        assert_eq!(clean("\u{9b}31m"), Err('\u{9b}'));
        assert_eq!(clean("abc\u{202e}"), Err('\u{202e}'));
        assert_eq!(clean("del\u{7f}"), Err('\u{7f}'));
        assert_eq!(clean("Привет, «мир»"), Ok("Привет, «мир»".to_string()));
    }

    #[test]
    fn untrusted_text_is_shown_with_visible_escapes() {
        assert_eq!(visible("plain, «мир» 😀"), "plain, «мир» 😀");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("a\u{1b}]0;t\u{7}b\u{9b}\u{7f}\u{202e}\u{2028}\n\t"),
            "a\\u{1b}]0;t\\u{7}b\\u{9b}\\u{7f}\\u{202e}\\u{2028}\\u{a}\\u{9}"
        );
        assert_eq!(visible_lines("a\nb\u{1b}"), "a\nb\\u{1b}");
        assert_eq!(Shown("x\u{7}").to_string(), "x\\u{7}");
        assert_eq!(format!("{:<4}|", Shown("a")), "a   |");
        let json = visible_json(serde_json::json!({"n": "a\u{9b}\u{202e}\u{1b}"}).to_string());
        assert_eq!(json, r#"{"n":"a\u009b\u202e\u001b"}"#);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["n"], "a\u{9b}\u{202e}\u{1b}");
        // Whatever goes in, nothing that drives a terminal comes out.
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!visible(&all).chars().any(is_control));
    }

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(
            did_you_mean("fatl", &["fatal", "good", "feedback"]),
            Some("fatal")
        );
        assert_eq!(did_you_mean("zzzzzz", &["fatal", "good"]), None);
        assert_eq!(
            did_you_mean("ignorance", &["justifying", "ignoring"]),
            Some("ignoring")
        );
        assert_eq!(
            did_you_mean("clarifying", &["clarify", "compensate"]),
            Some("clarify")
        );
        assert_eq!(did_you_mean("retained", &["lost", "escalated"]), None);
        assert_eq!(
            did_you_mean("gn", &["nom", "gen", "dat", "acc", "ins", "pre", "voc"]),
            Some("gen")
        );
        assert_eq!(
            did_you_mean("counter-attack", &["counter-attacking", "ignoring"]),
            Some("counter-attacking")
        );
    }

    #[test]
    fn placeholders_are_replaced() {
        let names = |w: &str| match w {
            "patient" => Some("Anna"),
            _ => None,
        };
        assert_eq!(
            substitute("Hello {patient}, {x} {", names),
            "Hello Anna, {x} {"
        );
        assert_eq!(
            unknown_placeholder("{patient} {doctor}", |w| w == "patient"),
            Some("doctor")
        );
        assert_eq!(unknown_placeholder("{ not one }", |_| false), None);
        let words: Vec<&str> = placeholders("{doctor.gen} {a.} {b.x1} {c}.d}")
            .map(|(_, _, w)| w)
            .collect();
        assert_eq!(words, ["doctor.gen", "c"]);
    }

    #[test]
    fn names() {
        assert!(is_id("child-patient"));
        assert!(!is_id("Child"));
        assert!(is_flag_name("asked_who"));
        assert!(!is_flag_name("not"));
        assert!(!is_flag_name("1a"));
        assert!(is_role_key("doctor2"));
        assert!(!is_role_key("dr-x"));
    }
}
