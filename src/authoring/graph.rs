//! `frontdesk graph`: the dialogue as Graphviz DOT or Mermaid. Nodes are labelled with their first
//! line, endings shaped and coloured by outcome, edges labelled with the reply's number in the
//! file; fatal and pitfall replies are drawn red and dashed with their kind.

use crate::engine::{Run, RunOptions};
use crate::scenario::{Ending, Next, NodeIdx, NodeKind, Scenario};
use std::fmt::Write as _;
use std::sync::Arc;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum GraphFormat {
    /// Graphviz (`dot -Tsvg`).
    #[default]
    Dot,
    /// Mermaid, for Markdown pages.
    Mermaid,
}

const LABEL_CHARS: usize = 48;

/// One edge: from, to, reply number (1-based), fatal kind or pitfall, the condition of a branch.
struct Edge {
    from: NodeIdx,
    to: NodeIdx,
    reply: usize,
    /// The fatal error or pitfall the reply makes, drawn red and dashed.
    wrong: Option<&'static str>,
    condition: Option<String>,
}

fn edges(s: &Scenario) -> Vec<Edge> {
    let mut out = Vec::new();
    for (i, n) in s.nodes.iter().enumerate() {
        for (r, c) in n.choices().iter().enumerate() {
            // A pitfall is drawn as a fatal error is: it scores nothing either.
            let wrong = c
                .fatal
                .map(|k| k.as_str())
                .or(c.pitfall.map(|k| k.as_str()));
            match &c.next {
                Next::To(t) => out.push(Edge {
                    from: NodeIdx(i as u32),
                    to: *t,
                    reply: r + 1,
                    wrong,
                    condition: None,
                }),
                Next::Branches { branches, fallback } => {
                    for (cond, t) in branches {
                        out.push(Edge {
                            from: NodeIdx(i as u32),
                            to: *t,
                            reply: r + 1,
                            wrong,
                            condition: Some(cond.display(&s.flags).to_string()),
                        });
                    }
                    out.push(Edge {
                        from: NodeIdx(i as u32),
                        to: *fallback,
                        reply: r + 1,
                        wrong,
                        condition: Some("else".into()),
                    });
                }
            }
        }
    }
    out
}

/// The node's first line (first variant, names filled in), shortened.
fn first_line(run: &Run, s: &Scenario, i: usize) -> String {
    let n = &s.nodes[i];
    let text = n
        .lines
        .first()
        .and_then(|l| l.variants.first())
        .map(|t| run.fill(t))
        .or_else(|| match &n.kind {
            NodeKind::Ending { text: Some(t), .. } => Some(run.fill(t)),
            _ => None,
        })
        .unwrap_or_default();
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() > LABEL_CHARS {
        let mut cut: String = one_line.chars().take(LABEL_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        one_line
    }
}

fn ending_style(e: Ending) -> (&'static str, &'static str) {
    // (Graphviz shape, fill colour)
    match e {
        Ending::Retained => ("doubleoctagon", "#c8e6c9"),
        Ending::Referred => ("octagon", "#bbdefb"),
        Ending::Escalated => ("hexagon", "#ffe0b2"),
        Ending::Lost => ("box", "#ffcdd2"),
    }
}

/// Renders the graph.
pub fn render(s: &Arc<Scenario>, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot(s),
        GraphFormat::Mermaid => mermaid(s),
    }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot(s: &Arc<Scenario>) -> String {
    let run = Run::new(Arc::clone(s), RunOptions::default());
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&s.id.0));
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, fontname=\"Helvetica\", label=\"{} ({})\", labelloc=t];",
        dot_escape(&s.title),
        s.lang
    );
    out.push_str("  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (i, n) in s.nodes.iter().enumerate() {
        let label = format!(
            "{}\\n{}",
            dot_escape(&n.id),
            dot_escape(&first_line(&run, s, i))
        );
        let start = if i == s.start.get() {
            ", penwidth=2"
        } else {
            ""
        };
        match n.ending() {
            Some(e) => {
                let (shape, fill) = ending_style(e);
                let _ = writeln!(
                    out,
                    "  \"{}\" [label=\"{label}\\n[{e}]\", shape={shape}, style=\"filled\", fillcolor=\"{fill}\"{start}];",
                    dot_escape(&n.id)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "  \"{}\" [label=\"{label}\"{start}];",
                    dot_escape(&n.id)
                );
            }
        }
    }
    for e in edges(s) {
        let mut label = e.reply.to_string();
        if let Some(k) = e.wrong {
            let _ = write!(label, " ✗ {k}");
        }
        if let Some(c) = &e.condition {
            let _ = write!(label, "\\n[{}]", dot_escape(c));
        }
        let style = if e.wrong.is_some() {
            ", color=\"#d32f2f\", fontcolor=\"#d32f2f\", style=dashed"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{label}\"{style}];",
            dot_escape(&s.nodes[e.from.get()].id),
            dot_escape(&s.nodes[e.to.get()].id)
        );
    }
    out.push_str("}\n");
    out
}

fn mermaid_escape(s: &str) -> String {
    s.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

fn mermaid(s: &Arc<Scenario>) -> String {
    let run = Run::new(Arc::clone(s), RunOptions::default());
    let mut out = String::from("flowchart TD\n");
    for (i, n) in s.nodes.iter().enumerate() {
        let label = format!(
            "<b>{}</b><br/>{}",
            mermaid_escape(&n.id),
            mermaid_escape(&first_line(&run, s, i))
        );
        let shape = match n.ending() {
            Some(Ending::Retained) => format!("([\"{label}<br/>[retained]\"])"),
            Some(Ending::Referred) => format!("[[\"{label}<br/>[referred]\"]]"),
            Some(Ending::Escalated) => format!("{{{{\"{label}<br/>[escalated]\"}}}}"),
            Some(Ending::Lost) => format!("[/\"{label}<br/>[lost]\"\\]"),
            None => format!("[\"{label}\"]"),
        };
        let _ = writeln!(out, "  n{i}{shape}");
    }
    let mut fatal_links = Vec::new();
    for (k, e) in edges(s).iter().enumerate() {
        let mut label = e.reply.to_string();
        if let Some(f) = e.wrong {
            let _ = write!(label, " ✗ {f}");
            fatal_links.push(k);
        }
        if let Some(c) = &e.condition {
            let _ = write!(label, " [{}]", mermaid_escape(c));
        }
        let arrow = if e.wrong.is_some() { "-.->" } else { "-->" };
        let _ = writeln!(
            out,
            "  n{} {arrow}|\"{label}\"| n{}",
            e.from.get(),
            e.to.get()
        );
    }
    for (name, (_, fill)) in Ending::ALL.iter().map(|e| (e.as_str(), ending_style(*e))) {
        let _ = writeln!(out, "  classDef {name} fill:{fill},stroke:#555;");
    }
    for (i, n) in s.nodes.iter().enumerate() {
        if let Some(e) = n.ending() {
            let _ = writeln!(out, "  class n{i} {e};");
        }
    }
    let _ = writeln!(out, "  style n{} stroke-width:3px;", s.start.get());
    for k in fatal_links {
        let _ = writeln!(out, "  linkStyle {k} stroke:#d32f2f,color:#d32f2f;");
    }
    out
}
