//! `frontdesk import`: a Twine 2 story (Twee 3 source, or a published HTML file with
//! `<tw-storydata>`) as a scenario.
//!
//! Passages become nodes and links become replies: `[[text->target]]`, `[[target<-text]]`,
//! `[[text|target]]`, `[[target]]`. A passage's text becomes the patient's lines (a line starting
//! with `Narrator:` becomes a stage direction). A passage without links becomes an ending, its
//! outcome taken from a tag (`retained`, `referred`, `escalated`, `lost`). A reply is scored by
//! the tags of the passage it leads to: `justifying`, `ignoring`, `counter-attacking`, or
//! technique names. Macros and variables cannot be converted: each is reported with its passage.

use crate::scenario::format::*;
use crate::scenario::{Ending, FatalKind, Pitfall, Setting, Technique};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// A passage as Twine stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Its name.
    pub name: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its text, with links.
    pub text: String,
}

/// A story as Twine stores it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Story {
    /// The story's title.
    pub title: Option<String>,
    /// The start passage's name.
    pub start: Option<String>,
    /// All passages, in file order.
    pub passages: Vec<Passage>,
}

/// The converted scenario and everything that could not be converted.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The scenario.
    pub scenario: ScenarioFile,
    /// One line per thing left out or assumed, naming its passage.
    pub notes: Vec<String>,
}

/// Reads Twee 3 source.
pub fn parse_twee(src: &str) -> Story {
    let mut story = Story::default();
    let mut current: Option<Passage> = None;
    let flush = |p: Option<Passage>, story: &mut Story| {
        if let Some(mut p) = p {
            p.text = p.text.trim_end().to_string();
            match p.name.as_str() {
                "StoryTitle" => story.title = Some(p.text.trim().to_string()),
                "StoryData" => {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&p.text) {
                        story.start = v["start"].as_str().map(str::to_string);
                    }
                }
                _ => story.passages.push(p),
            }
        }
    };
    for line in src.lines() {
        if let Some(header) = line.strip_prefix("::") {
            flush(current.take(), &mut story);
            current = Some(parse_header(header));
        } else if let Some(p) = &mut current {
            p.text.push_str(line);
            p.text.push('\n');
        }
    }
    flush(current.take(), &mut story);
    story
}

/// `Name [tag tag] {"position":"1,2"}`, with `\[`-style escapes in the name.
fn parse_header(header: &str) -> Passage {
    let mut name = String::new();
    let mut chars = header.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    name.push(n);
                }
            }
            '[' | '{' => {
                let rest: String = chars.collect();
                let tags = if c == '[' {
                    rest.split(']')
                        .next()
                        .unwrap_or("")
                        .split_whitespace()
                        .map(str::to_string)
                        .collect()
                } else {
                    Vec::new()
                };
                return Passage {
                    name: name.trim().to_string(),
                    tags,
                    text: String::new(),
                };
            }
            c => name.push(c),
        }
    }
    Passage {
        name: name.trim().to_string(),
        tags: Vec::new(),
        text: String::new(),
    }
}

/// Reads a published Twine 2 HTML file (`<tw-storydata>` with `<tw-passagedata>` inside).
///
/// Like everything in the importer, this cuts text only where `split_once` found what it looked
/// for, never at a computed byte offset, so no input can cut a character in two.
pub fn parse_html(src: &str) -> Option<Story> {
    let (_, after) = src.split_once("<tw-storydata")?;
    let (data_attrs, mut rest) = after.split_once('>')?;
    let data_attrs = attributes(data_attrs);
    let mut story = Story {
        title: data_attrs.get("name").cloned(),
        ..Story::default()
    };
    let start_pid = data_attrs.get("startnode").cloned();
    while let Some((_, after)) = rest.split_once("<tw-passagedata") {
        let (attrs, after) = after.split_once('>')?;
        let attrs = attributes(attrs);
        let (body, after) = after.split_once("</tw-passagedata>")?;
        let text = html_escape::decode_html_entities(body).into_owned();
        let name = attrs.get("name").cloned().unwrap_or_default();
        if attrs.get("pid") == start_pid.as_ref() {
            story.start = Some(name.clone());
        }
        story.passages.push(Passage {
            name,
            tags: attrs
                .get("tags")
                .map(|t| t.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            text,
        });
        rest = after;
    }
    Some(story)
}

/// `name="value"` pairs of an HTML tag, values unescaped.
fn attributes(s: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = s;
    while let Some((before, after)) = rest.split_once('=') {
        let key = before
            .trim()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .to_string();
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some((value, tail)) = after.strip_prefix(quote).and_then(|v| v.split_once(quote))
        else {
            break;
        };
        out.insert(key, html_escape::decode_html_entities(value).into_owned());
        rest = tail;
    }
    out
}

/// A link in passage text: (reply text, target passage).
fn links(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once("[[") {
        let Some((inner, tail)) = after.split_once("]]") else {
            break;
        };
        let (label, target) = if let Some((a, b)) = inner.split_once("->") {
            (a, b)
        } else if let Some((a, b)) = inner.rsplit_once("<-") {
            (b, a)
        } else if let Some((a, b)) = inner.split_once('|') {
            (a, b)
        } else {
            (inner, inner)
        };
        out.push((label.trim().to_string(), target.trim().to_string()));
        rest = tail;
    }
    out
}

/// The longest a reported macro is shown, in characters.
const MACRO_SHOWN: usize = 40;

/// Things in passage text that cannot be converted: macros and variables.
fn macros(text: &str) -> Vec<String> {
    let shown = |parts: &[&str]| -> String { parts.concat().chars().take(MACRO_SHOWN).collect() };
    let mut found = Vec::new();
    for (open, close) in [("<<", ">>"), ("{{", "}}"), ("<script", ">")] {
        // Where each `close` starts, to find the first one after an `open` without searching
        // the rest of the text again for every `open` (quadratic on `<<<<<<…`).
        let closes: Vec<usize> = text.match_indices(close).map(|(i, _)| i).collect();
        for (at, _) in text.match_indices(open) {
            let from = at + open.len();
            let first = closes.partition_point(|&c| c < from);
            // Both ends come from `match_indices` on `text`: `get` still refuses anything else.
            let body = match closes.get(first) {
                Some(&c) => text.get(from..c),
                None => text.get(from..).map(|t| t.lines().next().unwrap_or("")),
            };
            let closed = if closes.get(first).is_some() {
                close
            } else {
                ""
            };
            found.push(shown(&[open, body.unwrap_or(""), closed]));
        }
    }
    // Harlowe: `(name:`, a word and a colon right after the parenthesis.
    let mut rest = text;
    while let Some((_, after)) = rest.split_once('(') {
        let name_end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(after.len());
        if let Some((name, tail)) = after.split_at_checked(name_end)
            && !name.is_empty()
            && tail.starts_with(':')
        {
            found.push(shown(&["(", name, ":"]));
        }
        rest = after;
    }
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '$' || c == '_')) {
        if word
            .strip_prefix('$')
            .is_some_and(|name| name.starts_with(|c: char| c.is_alphabetic()))
        {
            found.push(word.to_string());
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Removes links and macros from passage text, leaving what is said.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once("[[") {
        out.push_str(before);
        rest = after.split_once("]]").map_or("", |(_, tail)| tail);
    }
    out.push_str(rest);
    for (open, close) in [("<<", ">>"), ("{{", "}}")] {
        out = without_spans(&out, open, close);
    }
    out
}

/// `text` without each span from `open` to the next `close`; an `open` never closed is kept
/// with all that follows it.
fn without_spans(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once(open) {
        let Some((_, tail)) = after.split_once(close) else {
            break;
        };
        out.push_str(before);
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn slug(name: &str, taken: &mut HashSet<String>, fallback: usize) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let mut s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        s = format!("passage-{fallback}");
    }
    let mut unique = s.clone();
    let mut n = 2;
    while !taken.insert(unique.clone()) {
        unique = format!("{s}-{n}");
        n += 1;
    }
    unique
}

/// Converts a story. `id` and `lang` name the scenario.
pub fn convert(story: &Story, id: &str, lang: &str) -> Imported {
    let mut notes = Vec::new();
    let special = |p: &Passage| {
        p.tags.iter().any(|t| {
            matches!(
                t.as_str(),
                "script" | "stylesheet" | "widget" | "Twine.private"
            )
        }) || matches!(
            p.name.as_str(),
            "StoryInit" | "StoryMenu" | "StoryCaption" | "PassageHeader" | "PassageFooter"
        )
    };
    let passages: Vec<&Passage> = story
        .passages
        .iter()
        .filter(|p| {
            let skip = special(p);
            if skip {
                notes.push(format!(
                    "passage \"{}\": special passage (scripts, styles or setup) left out",
                    p.name
                ));
            }
            !skip
        })
        .collect();
    let by_name: HashMap<&str, &Passage> = passages.iter().map(|p| (p.name.as_str(), *p)).collect();
    let start_name = story
        .start
        .clone()
        .filter(|s| by_name.contains_key(s.as_str()))
        .or_else(|| by_name.contains_key("Start").then(|| "Start".to_string()))
        .or_else(|| passages.first().map(|p| p.name.clone()))
        .unwrap_or_default();

    // Only passages reachable from the start: the rest would be unreachable nodes.
    let mut reachable: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    if let Some((name, _)) = by_name.get_key_value(start_name.as_str()) {
        queue.push_back(name);
        seen.insert(name);
    }
    while let Some(name) = queue.pop_front() {
        reachable.push(name);
        for (_, target) in links(&by_name[name].text) {
            if let Some((t, _)) = by_name.get_key_value(target.as_str())
                && seen.insert(t)
            {
                queue.push_back(t);
            }
        }
    }
    for p in &passages {
        if !seen.contains(p.name.as_str()) {
            notes.push(format!(
                "passage \"{}\": not reachable from the start passage; left out",
                p.name
            ));
        }
    }
    // Keep file order.
    let order: Vec<&Passage> = passages
        .iter()
        .filter(|p| seen.contains(p.name.as_str()))
        .copied()
        .collect();
    let mut taken = HashSet::new();
    let ids: HashMap<&str, String> = order
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), slug(&p.name, &mut taken, i + 1)))
        .collect();

    let mut nodes = Vec::new();
    for p in &order {
        for m in macros(&p.text) {
            notes.push(format!(
                "passage \"{}\": `{m}` is a macro or variable and was not converted",
                p.name
            ));
        }
        let mut lines = Vec::new();
        for para in prose(&p.text)
            .split("\n\n")
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let one_line = para.split_whitespace().collect::<Vec<_>>().join(" ");
            let (speaker, text) = match one_line.strip_prefix("Narrator:") {
                Some(t) => ("narrator", t.trim().to_string()),
                None => ("patient", one_line),
            };
            lines.push(LineFile(BTreeMap::from([(
                speaker.to_string(),
                OneOrMany::One(text),
            )])));
        }
        let outgoing: Vec<(String, String)> = links(&p.text)
            .into_iter()
            .filter(|(_, target)| {
                let ok = ids.contains_key(target.as_str());
                if !ok {
                    notes.push(format!(
                        "passage \"{}\": link to \"{target}\", which does not exist, left out",
                        p.name
                    ));
                }
                ok
            })
            .collect();
        let node_id = ids[p.name.as_str()].clone();
        if outgoing.is_empty() {
            let ending = p
                .tags
                .iter()
                .find_map(|t| Ending::parse(t))
                .unwrap_or_else(|| {
                    notes.push(format!(
                        "passage \"{}\": no links and no ending tag ({}); taken as `retained`",
                        p.name,
                        Ending::WORDS.join(", ")
                    ));
                    Ending::Retained
                });
            nodes.push(NodeFile {
                id: node_id,
                lines,
                discuss: None,
                choices: None,
                ending: Some(ending),
                text: None,
            });
            continue;
        }
        let choices = outgoing
            .into_iter()
            .map(|(label, target)| {
                let tags = &by_name[target.as_str()].tags;
                let fatal = tags.iter().find_map(|t| FatalKind::parse(t));
                // A reply is one of fatal, pitfall, good: the first that a tag names wins.
                let pitfall = if fatal.is_some() {
                    None
                } else {
                    tags.iter().find_map(|t| Pitfall::parse(t))
                };
                let good: Vec<Technique> = if fatal.is_some() || pitfall.is_some() {
                    Vec::new()
                } else {
                    tags.iter().filter_map(|t| Technique::parse(t)).collect()
                };
                ChoiceFile {
                    text: label,
                    fatal,
                    pitfall,
                    good: (!good.is_empty()).then_some(good),
                    mood: None,
                    set: None,
                    unset: None,
                    condition: None,
                    thought: None,
                    feedback: None,
                    next: NextFile::To(ids[target.as_str()].clone()),
                }
            })
            .collect();
        if lines.is_empty() {
            lines.push(LineFile(BTreeMap::from([(
                "narrator".to_string(),
                OneOrMany::One("…".to_string()),
            )])));
        }
        nodes.push(NodeFile {
            id: node_id,
            lines,
            discuss: None,
            choices: Some(choices),
            ending: None,
            text: None,
        });
    }
    let title = story.title.clone().unwrap_or_else(|| id.to_string());
    let scenario = ScenarioFile {
        version: Some(1),
        id: id.to_string(),
        lang: lang.to_string(),
        title: title.clone(),
        summary: format!("Imported from the Twine story \"{title}\"."),
        source: Some(format!("Twine story \"{title}\"")),
        setting: Setting::Desk,
        difficulty: 1,
        roles: BTreeMap::from([(
            "patient".to_string(),
            RoleFile {
                name: RoleNames::One(RoleNameFile::Plain("Patient".to_string())),
            },
        )]),
        mood: None,
        start: ids.get(start_name.as_str()).cloned().unwrap_or_default(),
        nodes,
    };
    Imported { scenario, notes }
}

/// The scenario as YAML, headed by the import notes as comments.
pub fn to_yaml(imported: &Imported) -> String {
    let mut out = String::from("# Imported from Twine by `frontdesk import`.\n");
    if imported.notes.is_empty() {
        out.push_str("# Everything was converted.\n");
    } else {
        out.push_str("# Not converted:\n");
        for n in &imported.notes {
            out.push_str(&format!("#   - {}\n", comment_text(n)));
        }
    }
    out.push_str(
        "# Add `thought` and `feedback` to every reply, then run `frontdesk check --strict`.\n",
    );
    out.push_str(&serde_yaml::to_string(&imported.scenario).expect("a scenario serializes"));
    out
}

/// `text` fit for one comment line: a passage name or macro may hold any character, but a YAML
/// comment ends at a line break (`\r`, NEL, U+2028 and U+2029 included) and may not hold
/// control characters at all; each becomes a space.
pub fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => c,
            c if c.is_control() => ' ',
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_stay_on_their_comment_line() {
        let text = comment_text("a\nb\rc\u{85}d\u{2028}e\u{7}f\tg");
        assert_eq!(text, "a b c d e f\tg");
    }

    #[test]
    fn every_link_form() {
        let l = links("[[Ask->ask]] [[done<-Leave]] [[Say it|say]] [[plain]]");
        assert_eq!(
            l,
            vec![
                ("Ask".into(), "ask".into()),
                ("Leave".into(), "done".into()),
                ("Say it".into(), "say".into()),
                ("plain".into(), "plain".into())
            ]
        );
    }

    #[test]
    fn headers_with_tags_and_metadata() {
        let p = parse_header(r#" Rude reply [counter-attacking lost] {"position":"600,100"}"#);
        assert_eq!(p.name, "Rude reply");
        assert_eq!(p.tags, vec!["counter-attacking", "lost"]);
        let p = parse_header(r" A \[bracket\] name");
        assert_eq!(p.name, "A [bracket] name");
    }

    #[test]
    fn macros_and_variables_are_found() {
        let m = macros("Hi (if: $angry)[grr] <<set $x to 1>> {{print}} (see there)");
        assert!(m.iter().any(|x| x.starts_with("(if:")), "{m:?}");
        assert!(m.iter().any(|x| x.starts_with("<<set")), "{m:?}");
        assert!(m.iter().any(|x| x == "$angry"), "{m:?}");
        assert!(!m.iter().any(|x| x.starts_with("(see")), "{m:?}");
    }
}

#[cfg(test)]
#[path = "twine_pitfall_tests.rs"]
mod pitfall_tests;
