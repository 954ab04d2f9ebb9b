//! A located YAML tree, read from libyaml's event stream.
//!
//! serde_yaml loses positions, silently keeps the last of duplicate keys, expands aliases without
//! bound and parses deep nesting in quadratic time. Reading the events ourselves (through the same
//! libyaml port serde_yaml uses, so parsing costs the same) lets us keep a line and column on
//! every node, stop at the first level of nesting too deep, and refuse alias bombs before they
//! expand: an alias is stored as a reference to its anchor, never copied.

use super::diagnostic::{Diagnostic, Mark};
use std::collections::HashMap;
use std::mem::MaybeUninit;
use unsafe_libyaml as unsafe_sys;

/// Bounds on what one file may expand to.
///
/// An alias costs nothing here (it is a reference to its anchor), but the decoder builds the
/// scenario with every alias written out, so what aliases add is bounded relative to the size of
/// the file: an accepted file may cost only a small multiple of its size in memory, whatever its
/// aliases. The bound is on what aliases *add*, so a file without aliases never meets it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most YAML nodes that aliases may add when expanded.
    pub max_alias_nodes: u64,
    /// Most bytes of scalar text that aliases may add when expanded.
    pub max_alias_text: u64,
}

/// Aliases may add at least this many nodes, however small the file.
pub const ALIAS_NODES_FLOOR: u64 = 20_000;
/// Aliases may add at least this much text, however small the file.
pub const ALIAS_TEXT_FLOOR: u64 = 256 * 1024;
/// Bytes of file per node that aliases may add: an expanded node costs the decoded scenario
/// about 60 bytes (see docs/performance.md, "Memory"), so one per 5 bytes keeps what aliases add
/// near 12× the file, and the whole check near 20×.
pub const FILE_BYTES_PER_ALIAS_NODE: u64 = 5;
/// Bytes of text aliases may add per byte of file.
pub const ALIAS_TEXT_PER_FILE_BYTE: u64 = 2;

impl Limits {
    /// The limits for a file of `len` bytes.
    pub fn for_input(len: usize) -> Self {
        let len = len as u64;
        Self {
            max_depth: 64,
            max_alias_nodes: ALIAS_NODES_FLOOR.max(len / FILE_BYTES_PER_ALIAS_NODE),
            max_alias_text: ALIAS_TEXT_FLOOR.max(len.saturating_mul(ALIAS_TEXT_PER_FILE_BYTE)),
        }
    }
}

impl Default for Limits {
    /// The limits of a small file.
    fn default() -> Self {
        Self::for_input(0)
    }
}

/// Index of a node in its [`Tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeRef(u32);

/// The value of a YAML node.
#[derive(Debug, Clone)]
pub enum Value {
    /// A scalar; `plain` is false for quoted and block scalars (so `"1"` is text, `1` a number).
    Scalar { text: String, plain: bool },
    /// A sequence of nodes.
    Seq(Vec<NodeRef>),
    /// A mapping, in file order, duplicates kept so that they can be reported.
    Map(Vec<(NodeRef, NodeRef)>),
}

/// A YAML node and where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the node starts.
    pub mark: Mark,
    /// Nodes in this subtree with aliases expanded (what an alias to it adds).
    weight: u64,
    /// Bytes of text in this subtree with aliases expanded.
    text_weight: u64,
}

/// A parsed document: an arena of nodes and its root.
#[derive(Debug, Default)]
pub struct Tree {
    nodes: Vec<Node>,
    root: Option<NodeRef>,
}

impl Tree {
    /// The root node, `None` for an empty document.
    pub fn root(&self) -> Option<NodeRef> {
        self.root
    }

    /// The node behind a reference.
    pub fn get(&self, r: NodeRef) -> &Node {
        &self.nodes[r.0 as usize]
    }
}

impl Value {
    /// A short name of the kind of value, for messages ("a list", "text").
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Scalar { text, plain } if *plain && is_null(text) => "nothing",
            Value::Scalar { .. } => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map",
        }
    }
}

/// True for the plain scalars YAML reads as null.
pub fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Parses `input` into a located tree. The first problem stops parsing: YAML syntax errors,
/// nesting or aliases past the limits, more than one document.
pub fn parse(input: &str, limits: Limits) -> Result<Tree, Diagnostic> {
    let mut parser = Parser::new(input);
    let mut builder = Builder {
        tree: Tree::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        limits,
        documents: 0,
        alias_nodes: 0,
        alias_text: 0,
    };
    loop {
        let (event, mark) = parser.next()?;
        match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentEnd => {}
            Event::DocumentStart => {
                builder.documents += 1;
                if builder.documents > 1 {
                    return Err(
                        Diagnostic::error(mark, "more than one YAML document in the file")
                            .with_hint("one file holds one scenario: remove the second `---`"),
                    );
                }
            }
            other => builder.event(other, mark)?,
        }
    }
    Ok(builder.tree)
}

enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        anchor: Option<String>,
        text: String,
        plain: bool,
    },
    SeqStart(Option<String>),
    SeqEnd,
    MapStart(Option<String>),
    MapEnd,
}

struct Frame {
    node: NodeRef,
    anchor: Option<String>,
    /// In a mapping: the key whose value has not arrived yet.
    pending_key: Option<NodeRef>,
}

struct Builder {
    tree: Tree,
    stack: Vec<Frame>,
    anchors: HashMap<String, NodeRef>,
    limits: Limits,
    documents: u32,
    /// Nodes and bytes of text that the aliases so far add when expanded.
    alias_nodes: u64,
    alias_text: u64,
}

impl Builder {
    fn event(&mut self, event: Event, mark: Mark) -> Result<(), Diagnostic> {
        match event {
            Event::Scalar {
                anchor,
                text,
                plain,
            } => {
                let weight = text.len() as u64;
                let r = self.push(Value::Scalar { text, plain }, mark, 1, weight);
                if let Some(a) = anchor {
                    self.anchors.insert(a, r);
                }
                self.attach(r)
            }
            Event::Alias(name) => {
                let Some(&r) = self.anchors.get(&name) else {
                    return Err(Diagnostic::error(mark, format!("unknown alias `*{name}`"))
                        .with_hint("define the anchor (`&name`) before using it"));
                };
                if self.stack.iter().any(|f| f.node == r) {
                    return Err(Diagnostic::error(
                        mark,
                        format!("alias `*{name}` refers to itself"),
                    )
                    .with_hint("an alias cannot be used inside the node it names"));
                }
                let (w, tw) = {
                    let n = self.tree.get(r);
                    (n.weight, n.text_weight)
                };
                self.alias_nodes = self.alias_nodes.saturating_add(w);
                self.alias_text = self.alias_text.saturating_add(tw);
                if self.alias_nodes > self.limits.max_alias_nodes
                    || self.alias_text > self.limits.max_alias_text
                {
                    return Err(Diagnostic::error(
                        mark,
                        format!(
                            "aliases expand the file beyond the size a scenario may have: \
                             with `*{name}` they add {} nodes and {} bytes of text \
                             (at most {} nodes and {} bytes for a file this size)",
                            self.alias_nodes,
                            self.alias_text,
                            self.limits.max_alias_nodes,
                            self.limits.max_alias_text
                        ),
                    )
                    .with_hint("use fewer aliases (`*name`), or write the repeated parts out"));
                }
                self.attach(r)
            }
            Event::SeqStart(anchor) => self.open(Value::Seq(Vec::new()), anchor, mark),
            Event::MapStart(anchor) => self.open(Value::Map(Vec::new()), anchor, mark),
            Event::SeqEnd | Event::MapEnd => self.close(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {
                Ok(())
            }
        }
    }

    fn push(&mut self, value: Value, mark: Mark, weight: u64, text_weight: u64) -> NodeRef {
        let r = NodeRef(self.tree.nodes.len() as u32);
        self.tree.nodes.push(Node {
            value,
            mark,
            weight,
            text_weight,
        });
        r
    }

    fn open(&mut self, value: Value, anchor: Option<String>, mark: Mark) -> Result<(), Diagnostic> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Diagnostic::error(
                mark,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            )
            .with_hint("a scenario needs only a few levels: check for runaway `[` or `{`"));
        }
        let r = self.push(value, mark, 1, 0);
        self.stack.push(Frame {
            node: r,
            anchor,
            pending_key: None,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), Diagnostic> {
        let frame = self
            .stack
            .pop()
            .expect("libyaml balances start and end events");
        if let Some(a) = frame.anchor {
            self.anchors.insert(a, frame.node);
        }
        self.attach(frame.node)
    }

    /// Adds a finished node to its parent (or makes it the root), adding up expanded weights.
    fn attach(&mut self, child: NodeRef) -> Result<(), Diagnostic> {
        let (w, tw) = {
            let c = self.tree.get(child);
            (c.weight, c.text_weight)
        };
        let Some(parent) = self.stack.last_mut() else {
            self.tree.root = Some(child);
            return Ok(());
        };
        let p = &mut self.tree.nodes[parent.node.0 as usize];
        p.weight = p.weight.saturating_add(w);
        p.text_weight = p.text_weight.saturating_add(tw);
        match &mut p.value {
            Value::Seq(items) => items.push(child),
            // Keys and values arrive alternately.
            Value::Map(entries) => match parent.pending_key.take() {
                Some(key) => entries.push((key, child)),
                None => parent.pending_key = Some(child),
            },
            Value::Scalar { .. } => unreachable!("scalars are never on the stack"),
        }
        Ok(())
    }
}

/// A thin safe wrapper over the libyaml event parser.
struct Parser<'a> {
    sys: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    _input: &'a str,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Self {
        let mut sys = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        // SAFETY: the parser struct is initialised by libyaml before use; the input outlives the
        // parser (tied by the lifetime `'a`) and is valid UTF-8.
        unsafe {
            let p = sys.as_mut_ptr();
            let ok = !unsafe_sys::yaml_parser_initialize(p).fail;
            assert!(ok, "libyaml could not allocate its parser");
            unsafe_sys::yaml_parser_set_encoding(p, unsafe_sys::YAML_UTF8_ENCODING);
            unsafe_sys::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
        }
        Self { sys, _input: input }
    }

    fn next(&mut self) -> Result<(Event, Mark), Diagnostic> {
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; the event is read only after a successful
        // parse and deleted right after it is converted.
        unsafe {
            let p = self.sys.as_mut_ptr();
            if unsafe_sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                return Err(parse_error(&*p, self._input));
            }
            let e = event.as_mut_ptr();
            let mark = to_mark((*e).start_mark);
            let converted = convert(&*e);
            let tag = tag_of(&*e);
            unsafe_sys::yaml_event_delete(e);
            if let Some(tag) = tag {
                return Err(Diagnostic::error(
                    mark,
                    format!("YAML tag `{tag}`: a scenario file uses no tags"),
                )
                .with_hint(
                    "remove the tag (`!name` or `!!type` before the value); a tag would \
                     otherwise be ignored without a word, and its value read as plain text",
                ));
            }
            Ok((converted, mark))
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`.
        unsafe { unsafe_sys::yaml_parser_delete(self.sys.as_mut_ptr()) }
    }
}

fn to_mark(m: unsafe_sys::yaml_mark_t) -> Mark {
    Mark::new(
        u32::try_from(m.line + 1).unwrap_or(u32::MAX),
        u32::try_from(m.column + 1).unwrap_or(u32::MAX),
    )
}

/// # Safety
/// `p` must point to a NUL-terminated string or be null.
unsafe fn c_string(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: guaranteed by the caller.
    let s = unsafe { std::ffi::CStr::from_ptr(p.cast()) };
    Some(s.to_string_lossy().into_owned())
}

/// # Safety
/// `e` must be an event just produced by a successful `yaml_parser_parse`.
unsafe fn convert(e: &unsafe_sys::yaml_event_t) -> Event {
    // SAFETY: each union field is read only for its own event type.
    unsafe {
        match e.type_ {
            unsafe_sys::YAML_STREAM_START_EVENT => Event::StreamStart,
            unsafe_sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
            unsafe_sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
            unsafe_sys::YAML_ALIAS_EVENT => {
                Event::Alias(c_string(e.data.alias.anchor).unwrap_or_default())
            }
            unsafe_sys::YAML_SCALAR_EVENT => {
                let s = e.data.scalar;
                let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                Event::Scalar {
                    anchor: c_string(s.anchor),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    plain: s.style == unsafe_sys::YAML_PLAIN_SCALAR_STYLE,
                }
            }
            unsafe_sys::YAML_SEQUENCE_START_EVENT => {
                Event::SeqStart(c_string(e.data.sequence_start.anchor))
            }
            unsafe_sys::YAML_SEQUENCE_END_EVENT => Event::SeqEnd,
            unsafe_sys::YAML_MAPPING_START_EVENT => {
                Event::MapStart(c_string(e.data.mapping_start.anchor))
            }
            unsafe_sys::YAML_MAPPING_END_EVENT => Event::MapEnd,
            _ => Event::StreamEnd,
        }
    }
}

/// The tag written on a node (`!!binary`, `!custom`), if any; libyaml gives the short form
/// resolved (`tag:yaml.org,2002:binary`), shown here as written when it is a standard one.
///
/// # Safety
/// `e` must be an event just produced by a successful `yaml_parser_parse`.
unsafe fn tag_of(e: &unsafe_sys::yaml_event_t) -> Option<String> {
    // SAFETY: each union field is read only for its own event type.
    let tag = unsafe {
        match e.type_ {
            unsafe_sys::YAML_SCALAR_EVENT => c_string(e.data.scalar.tag),
            unsafe_sys::YAML_SEQUENCE_START_EVENT => c_string(e.data.sequence_start.tag),
            unsafe_sys::YAML_MAPPING_START_EVENT => c_string(e.data.mapping_start.tag),
            _ => None,
        }
    }?;
    Some(match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(short) => format!("!!{short}"),
        None => tag,
    })
}

fn parse_error(p: &unsafe_sys::yaml_parser_t, input: &str) -> Diagnostic {
    // SAFETY: libyaml sets `problem` (and maybe `context`) to static C strings on failure.
    let (problem, context) = unsafe { (c_string(p.problem.cast()), c_string(p.context.cast())) };
    let problem = problem.unwrap_or_else(|| "the YAML could not be read".into());
    let message = match context {
        Some(c) => format!("YAML syntax: {problem} ({c})"),
        None => format!("YAML syntax: {problem}"),
    };
    let mark = to_mark(p.problem_mark);
    let line = input
        .lines()
        .nth(mark.line.saturating_sub(1) as usize)
        .unwrap_or("");
    Diagnostic::error(mark, message).with_hint(syntax_hint(&problem, line))
}

fn syntax_hint(problem: &str, line: &str) -> &'static str {
    if line.trim_start_matches(' ').starts_with('\t') {
        "indent with spaces, not tabs"
    } else if problem.contains("mapping values are not allowed") {
        "put text that contains `: ` in double quotes"
    } else if problem.contains("tab") {
        "indent with spaces, not tabs"
    } else if problem.contains("did not find expected") {
        "check the indentation and that every quote and bracket is closed"
    } else {
        "check the indentation and quoting around this position"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(s: &str) -> Tree {
        parse(s, Limits::default()).expect("parses")
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let t = tree("a: 1\nb:\n  - x\n  - \"y\"\n");
        let root = t.get(t.root().unwrap());
        let Value::Map(entries) = &root.value else {
            panic!("a map")
        };
        assert_eq!(entries.len(), 2);
        let (k, v) = entries[1];
        assert_eq!(t.get(k).mark, Mark::new(2, 1));
        let Value::Seq(items) = &t.get(v).value else {
            panic!("a list")
        };
        assert_eq!(t.get(items[1]).mark, Mark::new(4, 5));
        assert!(matches!(
            &t.get(items[1]).value,
            Value::Scalar { plain: false, .. }
        ));
    }

    #[test]
    fn keeps_duplicate_keys() {
        let t = tree("a: 1\na: 2\n");
        let Value::Map(entries) = &t.get(t.root().unwrap()).value else {
            panic!()
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn refuses_deep_nesting_early() {
        let input = "[".repeat(100_000);
        let err = parse(&input, Limits::default()).unwrap_err();
        assert!(err.message.contains("nesting deeper"), "{}", err.message);
        assert_eq!(err.mark.line, 1);
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = "a".to_string();
        for i in 0..9 {
            let name = format!("l{i}");
            let refs = vec![format!("*{prev}"); 10].join(", ");
            s.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        let err = parse(&s, Limits::default()).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{}", err.message);
        // At the alias that crosses the bound: the 20,000 nodes of the floor are 10 * 11 * 111
        // into `l3`, each of its aliases adding 1,111.
        assert_eq!((err.mark.line, err.mark.col), (5, 10), "{}", err.message);
    }

    #[test]
    fn what_aliases_may_add_grows_with_the_file() {
        let small = Limits::for_input(1_000);
        assert_eq!(small.max_alias_nodes, ALIAS_NODES_FLOOR);
        assert_eq!(small.max_alias_text, ALIAS_TEXT_FLOOR);
        let big = Limits::for_input(10_000_000);
        assert_eq!(big.max_alias_nodes, 2_000_000);
        assert_eq!(big.max_alias_text, 20_000_000);
        // A file without aliases adds nothing, however many nodes it has.
        let list = format!("[{}]", vec!["a"; 200_000].join(","));
        assert!(parse(&list, Limits::default()).is_ok());
    }

    #[test]
    fn reports_syntax_errors_with_a_position() {
        let err = parse("a: [1, 2\nb: 3\n", Limits::default()).unwrap_err();
        assert!(err.message.starts_with("YAML syntax"), "{}", err.message);
        assert!(err.mark.line >= 1);
    }

    #[test]
    fn refuses_tags_where_they_are() {
        for (input, tag, at) in [
            ("a: !!binary aGk=\n", "!!binary", (1, 4)),
            ("a: 1\nb: !custom x\n", "!custom", (2, 4)),
            ("a: !!map {b: 1}\n", "!!map", (1, 4)),
            ("a:\n  - !<tag:x> [1]\n", "!<tag:x>", (2, 5)),
        ] {
            let err = parse(input, Limits::default()).unwrap_err();
            assert!(err.message.contains("YAML tag"), "{input}: {}", err.message);
            assert!(
                err.message
                    .contains(tag.trim_start_matches("!<").trim_end_matches('>')),
                "{input}: {}",
                err.message
            );
            assert_eq!((err.mark.line, err.mark.col), at, "{input}");
        }
    }

    #[test]
    fn empty_input_has_no_root() {
        assert!(tree("").root().is_none());
        assert!(tree("# only a comment\n").root().is_none());
    }
}
