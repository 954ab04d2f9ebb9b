//! Text rules shared by the loader and the engine: names, cleaning, placeholders.

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
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{200e}' | '\u{200f}' | '\u{061c}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
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
        .max_by(|a, b| strsim::jaro_winkler(word, a).total_cmp(&strsim::jaro_winkler(word, b)))
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

/// The placeholders `{word}` in a text, as (start byte, end byte, word).
fn placeholders(s: &str) -> impl Iterator<Item = (usize, usize, &str)> {
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
