//! The Markdown record of a group session, for the trainer to send to the group afterwards.

use crate::engine::group::{GroupSession, Stage, letter};
use crate::engine::{Run, Who};
use crate::i18n::Texts;
use chrono::{DateTime, TimeZone};
use std::fmt::Write as _;

/// The report: scenario, date, outcome, and for every decision the patient's words, the discuss
/// prompt, the replies with their votes and verdicts, the room's choice and its feedback.
pub fn group_markdown<Tz: TimeZone>(g: &GroupSession, t: &Texts, now: DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let run = g.run();
    let s = run.scenario();
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", t.group_debrief(), s.title);
    let _ = writeln!(out, "- {}: {}", t.date(), now.format("%Y-%m-%d %H:%M"));
    let _ = writeln!(
        out,
        "- {}: `{}` ({}), seed {}",
        t.scenario(),
        s.id,
        s.lang,
        run.seed()
    );
    let sum = run.summary();
    match sum.outcome {
        Some(o) => {
            let _ = writeln!(out, "- {}: {}", t.outcome(), t.outcome_words(o));
        }
        None => {
            let _ = writeln!(out, "- {}: {}", t.outcome(), t.ended_early());
        }
    }
    let _ = writeln!(out, "- {}: {}/100", t.score(), sum.score);
    match g.leaning() {
        Some((kind, n)) => {
            let _ = writeln!(
                out,
                "- {}: **{}** ({})",
                t.leaning(),
                t.fatal(kind),
                t.votes(n)
            );
        }
        None => {
            let _ = writeln!(out, "- {}", t.no_leaning());
        }
    }
    let _ = writeln!(out, "\n## {}\n", t.room_path());
    for (n, d) in g.log().iter().enumerate() {
        let node = s.node(d.node);
        let _ = writeln!(out, "### {} {} (`{}`)\n", t.decision(), n + 1, node.id);
        for u in &d.scene {
            let _ = match u.who {
                Who::Role(r) => writeln!(out, "> **{}:** {}", run.role_name(r), u.text),
                _ => writeln!(out, "> *{}*", u.text),
            };
        }
        if let Some(q) = &node.discuss {
            let _ = writeln!(out, "\n**{}:** {}\n", t.discuss(), run.fill(q));
        } else {
            out.push('\n');
        }
        let _ = writeln!(out, "| | {} | {} | |", t.reply(), t.votes_column());
        let _ = writeln!(out, "|---|---|---|---|");
        let choices = node.choices();
        for (i, (&file_idx, votes)) in d.offered.iter().zip(&d.votes).enumerate() {
            let c = &choices[file_idx];
            let mark = if i == d.chosen { "◀" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {} | {votes} | {} {mark} |",
                letter(i),
                table_cell(&run.fill(&c.text)),
                t.verdict(c.fatal, &c.good)
            );
        }
        let most = d.votes.iter().max().copied().unwrap_or(0);
        let by_trainer = d.votes.iter().sum::<u32>() > 0 && d.votes[d.chosen] < most;
        let _ = writeln!(
            out,
            "\n{}: **{}**{}",
            t.room_chose(),
            letter(d.chosen),
            if by_trainer {
                format!(" ({})", t.chosen_by_trainer())
            } else {
                String::new()
            }
        );
        if let Some(th) = &d.reaction.thought {
            let _ = writeln!(out, "\n*«{th}»*");
        }
        if let Some(f) = &d.reaction.feedback {
            let _ = writeln!(out, "\n{f}");
        }
        if let Some(b) = d.reaction.better {
            let _ = writeln!(out, "\n{}: «{}»", t.better(), run.fill(&choices[b].text));
        }
        match d.fatal_share(s) {
            Some(share) => {
                let _ = writeln!(out, "\n{:.0}% {}.\n", share * 100.0, t.fatal_share());
            }
            None => {
                let _ = writeln!(out, "\n({})\n", t.no_votes());
            }
        }
    }
    if g.stage() != Stage::Debrief {
        let _ = writeln!(out, "_{}_", t.ended_early());
    } else {
        ending_lines(&mut out, run);
    }
    out
}

fn ending_lines(out: &mut String, run: &Run) {
    let last_trainee = run
        .transcript()
        .iter()
        .rposition(|u| u.who == Who::Trainee)
        .map_or(0, |i| i + 1);
    for u in &run.transcript()[last_trainee..] {
        let _ = writeln!(out, "> {}", u.text);
    }
}

/// Text safe inside a Markdown table cell.
fn table_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RunOptions;
    use crate::scenario::check_str;

    #[test]
    fn a_report_has_every_decision_votes_and_verdicts() {
        let s = check_str(include_str!("../../tests/fixtures/good/mini.yaml"))
            .scenario
            .unwrap();
        let mut g = GroupSession::new(
            std::sync::Arc::new(s),
            RunOptions {
                seed: 4,
                shuffle: false,
            },
            crate::engine::Mode::Group,
        );
        g.advance();
        g.vote(1);
        g.vote(1);
        g.vote(0);
        g.advance();
        g.advance();
        g.advance();
        g.advance();
        g.vote(0);
        g.advance();
        g.choose(1);
        g.advance();
        g.advance();
        g.advance();
        assert_eq!(g.stage(), Stage::Debrief);
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
            .unwrap();
        let md = group_markdown(&g, crate::i18n::Lang::EN.texts(), now);
        assert!(md.starts_with("# Group debrief — Mini"), "{md}");
        assert!(md.contains("- Date: 2026-11-24 09:30"), "{md}");
        assert!(md.contains("### Decision 1 (`hello`)"), "{md}");
        assert!(md.contains("**Discuss:** What do you ask first?"), "{md}");
        assert!(
            md.contains("| B | He is busy, that's how it is. | 2 | ✗ justifying ◀ |"),
            "{md}"
        );
        assert!(
            md.contains("67% of the room voted for a fatal error."),
            "{md}"
        );
        assert!(
            md.contains("The room chose: **B** (chosen by the trainer)"),
            "{md}"
        );
        assert!(
            md.contains("The room leaned most to: **justifying** (2 votes)"),
            "{md}"
        );
        assert!(!md.contains("ended before"), "{md}");
    }
}
