//! `frontdesk export`: the history for a trainer, as CSV (a row per run), JSON (with decisions)
//! or Markdown (a readable summary per trainee).

use crate::scenario::text::{visible, visible_json};
use crate::scenario::{FatalKind, Pitfall, Technique};
use crate::store::{RunResult, timestamp};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Untrusted text (a trainee name, what the store holds) as one Markdown inline: control
/// characters through [`visible`] (so a line break cannot start a heading or a list), then
/// every character that Markdown reads as inline markup backslash-escaped (CommonMark allows
/// that escape before any ASCII punctuation), so `# x`, `**x**`, `[x](y)`, `<b>`, `&amp;` and
/// `|` in a table cell show as written. The group report (`group.rs`) should use it for the
/// same kind of text.
pub fn markdown_text(s: &str) -> String {
    let shown = visible(s);
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Untrusted text as one CSV cell: control characters through [`visible`], and a cell that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, as OWASP recommends against CSV injection.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let shown = visible(s);
    if shown.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    }
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One row per run.
    Csv,
    /// Every run with its decisions.
    Json,
    /// A readable summary per trainee.
    Md,
    /// xAPI statements, as `frontdesk sync` sends them (for an LRS this PC cannot reach).
    Xapi,
}

/// Writes the runs (newest first) in a format.
pub fn export(runs: &[RunResult], format: ExportFormat) -> anyhow::Result<String> {
    Ok(match format {
        ExportFormat::Csv => csv(runs)?,
        ExportFormat::Json => visible_json(serde_json::to_string_pretty(runs)?) + "\n",
        ExportFormat::Md => markdown(runs),
        // Statements need the scenarios and the LRS settings: the xapi module (a layer up) writes them.
        ExportFormat::Xapi => anyhow::bail!("xAPI statements are written by the xapi module"),
    })
}

fn csv(runs: &[RunResult]) -> anyhow::Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "run_id",
        "trainee",
        "scenario",
        "lang",
        "scenario_hash",
        "mode",
        "seed",
        "started_at",
        "ended_at",
        "status",
        "outcome",
        "walked_out",
        "score",
        "justifying",
        "ignoring",
        "counter_attacking",
        "giving_in",
        "over_promising",
        "overstepping",
        "passing_up",
        "retries",
        "decisions",
    ])?;
    for r in runs {
        w.write_record([
            csv_cell(&r.run_id).into_owned(),
            csv_cell(&r.trainee).into_owned(),
            csv_cell(&r.scenario).into_owned(),
            csv_cell(&r.lang).into_owned(),
            csv_cell(&r.scenario_hash).into_owned(),
            r.mode.as_str().to_string(),
            r.seed.to_string(),
            timestamp(r.started_at),
            timestamp(r.ended_at),
            r.status.as_str().to_string(),
            r.outcome
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
            r.walked_out.to_string(),
            r.score.map(|s| s.to_string()).unwrap_or_default(),
            r.fatal.justifying.to_string(),
            r.fatal.ignoring.to_string(),
            r.fatal.counter_attacking.to_string(),
            r.pitfalls.giving_in.to_string(),
            r.pitfalls.over_promising.to_string(),
            r.pitfalls.overstepping.to_string(),
            r.pitfalls.passing_up.to_string(),
            r.retries.to_string(),
            r.decisions.len().to_string(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn markdown(runs: &[RunResult]) -> String {
    let mut by_trainee: BTreeMap<&str, Vec<&RunResult>> = BTreeMap::new();
    for r in runs {
        by_trainee.entry(&r.trainee).or_default().push(r);
    }
    let mut out = String::from("# frontdesk history\n");
    if runs.is_empty() {
        out.push_str("\nNo runs recorded.\n");
    }
    for (trainee, runs) in by_trainee {
        let finished: Vec<&&RunResult> = runs.iter().filter(|r| r.finished()).collect();
        let _ = writeln!(out, "\n## {}\n", markdown_text(trainee));
        let avg = if finished.is_empty() {
            "—".to_string()
        } else {
            let sum: u32 = finished.iter().filter_map(|r| r.score).map(u32::from).sum();
            format!("{:.0}", f64::from(sum) / finished.len() as f64)
        };
        let _ = writeln!(
            out,
            "- Runs: {} ({} finished, {} abandoned)",
            runs.len(),
            finished.len(),
            runs.len() - finished.len()
        );
        let _ = writeln!(out, "- Average score: {avg}");
        let totals: Vec<String> = FatalKind::ALL
            .iter()
            .map(|k| format!("{k} {}", runs.iter().map(|r| r.fatal.get(*k)).sum::<u32>()))
            .collect();
        let _ = writeln!(out, "- Fatal errors: {}", totals.join(", "));
        let pitfalls: Vec<String> = Pitfall::ALL
            .iter()
            .map(|k| {
                format!(
                    "{k} {}",
                    runs.iter().map(|r| r.pitfalls.get(*k)).sum::<u32>()
                )
            })
            .collect();
        let _ = writeln!(out, "- Pitfalls: {}", pitfalls.join(", "));
        let mut used: BTreeMap<Technique, u32> = Technique::ALL.iter().map(|t| (*t, 0)).collect();
        for r in &runs {
            for t in r.techniques() {
                *used.entry(t).or_default() += 1;
            }
        }
        if let Some((t, n)) = used.iter().min_by_key(|(_, n)| **n) {
            let times = crate::i18n::Lang::EN.texts().times(*n);
            let _ = writeln!(out, "- Technique used least: {t} ({times})");
        }
        let _ = writeln!(out, "\n### Runs\n");
        let _ = writeln!(
            out,
            "| date | scenario | lang | mode | outcome | score | justifying | ignoring | counter-attacking | pitfalls |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
        for r in runs {
            let date = r.started_at.format("%Y-%m-%d %H:%M");
            let outcome = r.outcome.map_or("abandoned", |o| o.as_str());
            let score = r.score.map_or("—".to_string(), |s| s.to_string());
            let _ = writeln!(
                out,
                "| {date} | {} | {} | {} | {outcome} | {score} | {} | {} | {} | {} |",
                markdown_text(&r.scenario),
                markdown_text(&r.lang),
                r.mode.as_str(),
                r.fatal.justifying,
                r.fatal.ignoring,
                r.fatal.counter_attacking,
                r.pitfalls.total()
            );
        }
    }
    out
}
