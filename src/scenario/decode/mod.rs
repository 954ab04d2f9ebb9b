//! From a located YAML tree to a checked [`Scenario`], reporting every problem with its position.
//!
//! Decoding happens in two passes: the first reads every key into raw structures with node ids
//! still as strings (reporting type errors, unknown keys, bad vocabulary and unparsable
//! conditions); the second resolves ids and checks the graph. A [`Scenario`] is built only when
//! no error was found.
//!
//! The work is split by job:
//!
//! - `fields`: reading one typed value at a YAML node (a map with known keys, text, a number, a
//!   list, a vocabulary word), reporting a wrong one at its line and column with a hint;
//! - `sections`: the header, roles, mood, nodes and their lines;
//! - `replies`: a node's replies and where they lead;
//! - `flags`: flag names interned to indexes, and flags tested but never set;
//! - `resolve`: the second pass, node ids to indexes;
//! - the graph checks (unreachable nodes, dead ends) are in [`super::analysis`].
//!
//! Every reader keeps going after an error, so one run reports every problem in the file.

mod fields;
mod flags;
mod replies;
mod resolve;
mod sections;

use super::condition::Condition;
use super::diagnostic::{Diagnostic, Mark};
use super::model::*;
use super::yaml::{self, NodeRef, Tree};
use std::collections::{HashMap, HashSet};

/// The largest file accepted.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
const MAX_NODES: usize = 100_000;
const MAX_REPLIES: usize = 1_000_000;
const MAX_TEXT_CHARS: usize = 20_000;

/// The keys each part of a file may have (the schema test checks `format.rs` agrees).
pub(crate) mod keys {
    pub const TOP: &[&str] = &[
        "version",
        "id",
        "lang",
        "title",
        "summary",
        "source",
        "setting",
        "difficulty",
        "roles",
        "mood",
        "start",
        "nodes",
    ];
    pub const NODE: &[&str] = &["id", "lines", "discuss", "choices", "ending", "text"];
    pub const CHOICE: &[&str] = &[
        "text", "fatal", "pitfall", "good", "mood", "set", "unset", "if", "thought", "feedback",
        "next",
    ];
    pub const MOOD: &[&str] = &["start", "leave_below", "walk_out"];
    pub const ROLE: &[&str] = &["name"];
    pub const BRANCH: &[&str] = &["if", "to"];
}

/// The result of reading one file: the scenario if it is valid, and every problem found.
#[derive(Debug)]
pub struct Checked {
    /// Present when there are no errors.
    pub scenario: Option<Scenario>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn failed(d: Diagnostic) -> Self {
        Self {
            scenario: None,
            diagnostics: vec![d],
        }
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and checks one scenario from raw bytes.
pub fn check_bytes(bytes: &[u8]) -> Checked {
    let start = Mark::new(1, 1);
    if bytes.len() > MAX_FILE_BYTES {
        return Checked::failed(
            Diagnostic::error(
                start,
                format!(
                    "the file is {} MiB; a scenario file may be at most 16 MiB",
                    bytes.len() / (1024 * 1024)
                ),
            )
            .with_hint("split it into several scenarios"),
        );
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Checked::failed(
            Diagnostic::error(
                position_of(bytes, pos),
                "the file contains NUL bytes: it looks like a binary file, not YAML",
            )
            .with_hint("scenario files are plain UTF-8 text"),
        );
    }
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return Checked::failed(
                Diagnostic::error(
                    position_of(bytes, e.valid_up_to()),
                    "the file is not valid UTF-8 text",
                )
                .with_hint("save the file as UTF-8 (most editors have an encoding menu)"),
            );
        }
    };
    check_str(src)
}

/// Reads and checks one scenario from text.
pub fn check_str(src: &str) -> Checked {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    if let Some(d) = stray_character(src) {
        return Checked::failed(d);
    }
    let tree = match yaml::parse(src, yaml::Limits::for_input(src.len())) {
        Ok(t) => t,
        Err(d) => return Checked::failed(d),
    };
    let Some(root) = tree.root() else {
        return Checked::failed(
            Diagnostic::error(Mark::new(1, 1), "the file is empty")
                .with_hint("a scenario starts with `id:`; run `frontdesk new ID` for a template"),
        );
    };
    let mut d = Decoder::new(&tree);
    d.src = src;
    let scenario = d.scenario(root);
    let mut diagnostics = d.diags;
    super::diagnostic::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        scenario: if has_errors { None } else { scenario },
        diagnostics,
    }
}

/// The first character that may not appear raw in a scenario file, reported where it is.
///
/// libyaml refuses control characters too, but at line 1, column 1 whatever their place; and it
/// counts NEL, U+2028 and U+2029 as line breaks, which neither editors nor terminals do, so every
/// position after one would be wrong and the text would draw wrongly. Checked before parsing.
fn stray_character(src: &str) -> Option<Diagnostic> {
    let (offset, c) = src.char_indices().find(|&(_, c)| {
        !matches!(c,
            '\t' | '\n' | '\r'
            | '\u{20}'..='\u{7e}'
            | '\u{a0}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fffd}'
            | '\u{10000}'..)
            || matches!(c, '\u{2028}' | '\u{2029}')
    })?;
    let mark = position_of(src.as_bytes(), offset);
    let code = c as u32;
    Some(match c {
        '\u{2028}' | '\u{2029}' => Diagnostic::error(
            mark,
            format!("the file contains the line separator U+{code:04X}"),
        )
        .with_hint(
            "replace it with an ordinary line break: YAML counts it as one, but editors and \
             terminals do not, so positions and the screen would be wrong",
        ),
        _ => Diagnostic::error(
            mark,
            format!("the file contains the raw control character U+{code:04X}"),
        )
        .with_hint(
            "remove it: a scenario file is plain text, without escape sequences or other \
             control characters",
        ),
    })
}

/// Line and column (in characters) of a byte offset.
fn position_of(bytes: &[u8], offset: usize) -> Mark {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Mark::new(line as u32, col as u32)
}

// ---- what the first pass hands to the second: node ids are still strings ------------------

/// A reply as read, its `next` not yet resolved.
struct RawChoice {
    text: String,
    fatal: Option<FatalKind>,
    pitfall: Option<Pitfall>,
    good: Vec<Technique>,
    mood: i32,
    set: Vec<FlagIdx>,
    unset: Vec<FlagIdx>,
    condition: Option<Condition>,
    thought: Option<String>,
    feedback: Option<String>,
    /// `None` when `next` was missing or wrong (already reported).
    next: Option<RawNext>,
    mark: Mark,
}

/// A `next` as read: node ids with the marks to report them at.
enum RawNext {
    To(String, Mark),
    Branches(Vec<(Option<Condition>, String, Mark)>),
}

/// A node as read.
struct RawNode {
    id: String,
    id_mark: Mark,
    mark: Mark,
    lines: Vec<Line>,
    discuss: Option<String>,
    choices: Option<(Mark, Vec<RawChoice>)>,
    ending: Option<(Mark, Ending)>,
    /// `ending:` was written, even if its value was wrong (no cascade of errors then).
    ending_key: bool,
    text: Option<String>,
}

/// The state of one decoding run; its methods are spread over this module's files by job.
struct Decoder<'t> {
    tree: &'t Tree,
    /// The file's text, to point at a place inside a scalar (a placeholder); may be empty.
    src: &'t str,
    /// Every problem found so far, in the order found (sorted by position at the end).
    diags: Vec<Diagnostic>,
    /// Flag names, indexed by [`FlagIdx`].
    flags: Vec<String>,
    flag_index: HashMap<String, FlagIdx>,
    /// Flags some reply sets.
    flags_set: HashSet<FlagIdx>,
    /// Flags some condition tests, with where.
    flags_tested: Vec<(FlagIdx, Mark)>,
    /// Declared roles; read before any text, which may name them in `{placeholders}`.
    roles: Vec<Role>,
    /// Replies counted so far, against [`MAX_REPLIES`].
    replies: usize,
}

impl<'t> Decoder<'t> {
    fn new(tree: &'t Tree) -> Self {
        Self {
            tree,
            src: "",
            diags: Vec::new(),
            flags: Vec::new(),
            flag_index: HashMap::new(),
            flags_set: HashSet::new(),
            flags_tested: Vec::new(),
            roles: Vec::new(),
            replies: 0,
        }
    }

    fn error(&mut self, mark: Mark, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(mark, msg).with_hint(hint));
    }

    fn mark(&self, r: NodeRef) -> Mark {
        self.tree.get(r).mark
    }
}
