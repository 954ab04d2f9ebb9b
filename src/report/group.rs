//! The Markdown record of a group session, for the trainer to file and send to the group.
//!
//! At the top: who ran it with whom, when, for how long, the timer, the headcount, and a summary
//! table (one row per decision: the room's vote split, the reply taken, whose choice it was, the
//! verdict). Then every decision in full, the ending, an empty "Notes" section, and a footer
//! line to replay the session. Every piece of scenario text and every name goes through
//! [`escape`]; no node ids, and the seed only in the footer.

use super::markdown::escape;
use crate::engine::group::{Decider, GroupDecision, GroupSession, Stage};
use crate::engine::{Run, Utterance, Who};
use crate::i18n::Texts;
use chrono::{DateTime, TimeZone};
use std::fmt::Write as _;

/// The report, written at `now` (the end of the session).
pub fn group_markdown<Tz: TimeZone>(g: &GroupSession, t: &Texts, now: DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let run = g.run();
    let s = run.scenario();
    let info = g.info();
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", t.group_debrief(), escape(&s.title));
    let name = |n: &Option<String>| n.as_deref().map_or("—".to_string(), escape);
    let _ = writeln!(out, "- {}: {}", t.trainer(), name(&info.trainer));
    let _ = writeln!(out, "- {}: {}", t.group_name(), name(&info.group));
    let started = info.started.map(|s| s.with_timezone(&now.timezone()));
    let _ = writeln!(
        out,
        "- {}: {}",
        t.date(),
        started.as_ref().unwrap_or(&now).format("%Y-%m-%d")
    );
    if let Some(st) = &started {
        let minutes = (now.clone() - st.clone()).num_minutes().max(0);
        let _ = writeln!(out, "- {}: {}", t.start_time(), st.format("%H:%M"));
        let _ = writeln!(out, "- {}: {}", t.duration(), t.minutes(minutes));
    }
    let timer = info
        .timer
        .map_or_else(|| t.timer_off().to_string(), |n| t.seconds(n));
    let _ = writeln!(out, "- {}: {timer}", t.timer());
    let _ = writeln!(out, "- {}: {}", t.headcount(), g.headcount());
    let shown = if g.reveals_each_decision() {
        t.after_each()
    } else {
        t.at_the_end()
    };
    let _ = writeln!(out, "- {}: {shown}", t.verdicts_shown());
    let _ = writeln!(out, "- {}: {} ({})", t.scenario(), escape(&s.title), s.lang);
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
    let _ = writeln!(
        out,
        "- {}: {}",
        t.pitfalls(),
        t.pitfall_counts(&sum.pitfalls)
    );
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
    summary(&mut out, g, t);
    let _ = writeln!(out, "\n## {}", t.room_path());
    for (n, d) in g.log().iter().enumerate() {
        decision(&mut out, g, t, n, d);
    }
    if g.stage() != Stage::Debrief {
        let _ = writeln!(out, "\n_{}_", t.ended_early());
    } else {
        let _ = writeln!(out, "\n## {}\n", t.how_it_ended());
        lines(&mut out, run, t, ending_lines(run));
    }
    let _ = writeln!(out, "\n## {}\n", t.notes());
    let _ = writeln!(
        out,
        "---\n\n{}: `frontdesk present {} --seed {}`",
        t.replay(),
        s.id,
        run.seed()
    );
    out
}

/// The split as the room voted: `A 2 · B 7 · C 1`, or "no votes".
fn split(d: &GroupDecision, t: &Texts) -> String {
    if d.total() == 0 {
        return t.nobody_voted().to_string();
    }
    d.votes
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{} {v}", t.letter(i)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Whose choice, in words; anything but the room's own choice in bold, so it stands out.
fn whose(d: &Decider, t: &Texts) -> String {
    match d {
        Decider::Room(_) => t.by_room().to_string(),
        Decider::Trainer { room, .. } => format!(
            "**{} ({}: {})**",
            t.trainer_override(),
            t.by_room(),
            t.letter(*room)
        ),
        Decider::Tie(letters) => {
            let l: Vec<String> = letters.iter().map(|&i| t.letter(i).to_string()).collect();
            format!("**{} {}**", t.tie(), l.join("–"))
        }
        Decider::NoVotes => format!("**{}**", t.nobody_voted()),
    }
}

fn summary(out: &mut String, g: &GroupSession, t: &Texts) {
    let s = g.run().scenario();
    let _ = writeln!(out, "\n## {}\n", t.summary());
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        t.number_column(),
        t.room_votes(),
        t.reply_taken(),
        t.whose_choice(),
        t.verdict_column()
    );
    let _ = writeln!(out, "|---:|---|---|---|---|");
    for (n, d) in g.log().iter().enumerate() {
        let c = &s.node(d.node).choices()[d.offered[d.chosen]];
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            n + 1,
            split(d, t),
            t.letter(d.chosen),
            whose(&d.decided, t),
            t.verdict(c.fatal, c.pitfall, &c.good)
        );
    }
}

fn decision(out: &mut String, g: &GroupSession, t: &Texts, n: usize, d: &GroupDecision) {
    let run = g.run();
    let s = run.scenario();
    let node = s.node(d.node);
    let _ = writeln!(out, "\n### {} {}\n", t.decision(), n + 1);
    lines(out, run, t, &d.scene);
    if let Some(q) = &node.discuss {
        let _ = writeln!(out, "\n**{}:** {}", t.discuss(), escape(&run.fill(q)));
    }
    let _ = writeln!(
        out,
        "\n| {} | {} | {} | {} | {} |",
        t.letter_column(),
        t.reply(),
        t.votes_column(),
        t.verdict_column(),
        t.taken_column()
    );
    let _ = writeln!(out, "|---|---|---:|---|---|");
    let choices = node.choices();
    for (i, (&file_idx, votes)) in d.offered.iter().zip(&d.votes).enumerate() {
        let c = &choices[file_idx];
        let mark = if i == d.chosen { "◀" } else { "" };
        let _ = writeln!(
            out,
            "| {} | {} | {votes} | {} | {mark} |",
            t.letter(i),
            escape(&run.fill(&c.text)),
            t.verdict(c.fatal, c.pitfall, &c.good)
        );
    }
    let _ = writeln!(
        out,
        "\n{}: **{}** — {}",
        t.room_chose(),
        t.letter(d.chosen),
        whose(&d.decided, t)
    );
    if let Some(th) = &d.reaction.thought {
        let _ = writeln!(out, "\n*«{}»*", escape(th));
    }
    if let Some(f) = &d.reaction.feedback {
        let _ = writeln!(out, "\n{}", escape(f));
    }
    if let Some(b) = d.reaction.better {
        let _ = writeln!(
            out,
            "\n{}: «{}»",
            t.better(),
            escape(&run.fill(&choices[b].text))
        );
    }
    if let Some(share) = d.fatal_share(s) {
        let _ = writeln!(out, "\n{:.0}% {}.", share * 100.0, t.fatal_share());
    }
}

/// Lines as a table: who says it (the narrator marked as such), what is said.
fn lines(out: &mut String, run: &Run, t: &Texts, said: &[Utterance]) {
    if said.is_empty() {
        return;
    }
    let _ = writeln!(out, "| {} | {} |", t.speaker_column(), t.line_column());
    let _ = writeln!(out, "|---|---|");
    for u in said {
        let _ = match u.who {
            Who::Narrator => writeln!(out, "| *{}* | *{}* |", t.narrator_line(), escape(&u.text)),
            _ => writeln!(
                out,
                "| **{}** | {} |",
                escape(t.speaker_name(run, &u.who)),
                escape(&u.text)
            ),
        };
    }
}

/// What was said after the room's last reply.
fn ending_lines(run: &Run) -> &[Utterance] {
    let last_trainee = run
        .transcript()
        .iter()
        .rposition(|u| u.who == Who::Trainee)
        .map_or(0, |i| i + 1);
    &run.transcript()[last_trainee..]
}

#[cfg(test)]
#[path = "group_tests.rs"]
mod tests;
