use super::*;
use crate::engine::group::SessionInfo;
use crate::engine::{Mode, RunOptions};
use crate::scenario::{Library, check_str};
use chrono::Utc;
use std::sync::Arc;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap()
}

/// child-patient with an override, a tie, a round nobody voted in, and typed counts; then the
/// first reply until the end.
fn session(mode: Mode) -> GroupSession {
    let lib = Library::bundled();
    let (s, _) = lib.find("child-patient", "en").unwrap();
    let mut g = GroupSession::new(
        Arc::clone(s),
        RunOptions {
            seed: 4,
            shuffle: false,
        },
        mode,
    );
    g.set_info(SessionInfo {
        trainer: Some("Maria | *Lead*".into()),
        group: Some("# Tuesday_nurses".into()),
        timer: Some(60),
        started: Some(at(9, 30)),
    });
    let mut round = 0;
    for _ in 0..100 {
        match g.stage() {
            Stage::Discuss => {
                match round {
                    0 => {
                        g.set_votes(0, 2);
                        g.set_votes(1, 7);
                        g.set_votes(2, 5);
                        g.undo_vote();
                        g.vote(2);
                    }
                    1 => {
                        g.set_votes(0, 3);
                        g.set_votes(1, 3);
                    }
                    2 => {}
                    _ => g.vote(0),
                }
                g.advance();
            }
            Stage::Choose => {
                // The override: C over the room's B; the tie: A; nobody voted: A.
                g.choose(if round == 0 { 2 } else { 0 });
                round += 1;
                g.advance();
            }
            Stage::Debrief => break,
            _ => g.advance(),
        }
    }
    assert_eq!(g.stage(), Stage::Debrief);
    g
}

#[test]
fn a_report_with_an_override_a_tie_and_a_round_nobody_voted_in() {
    let g = session(Mode::Group);
    let md = group_markdown(&g, crate::i18n::Lang::EN.texts(), at(9, 54));
    assert!(
        md.starts_with("# Group debrief — The child patient\n"),
        "{md}"
    );
    for line in [
        "- Trainer: Maria \\| \\*Lead\\*",
        "- Group: \\# Tuesday\\_nurses",
        "- Date: 2026-11-24",
        "- Started: 09:30",
        "- Duration: 24 minutes",
        "- Discussion timer: 60 seconds per discussion",
        "- Headcount (most hands in a round): 10",
        "- Verdicts shown: after each decision",
        "## Summary",
        "| No. | The room's votes | Reply taken | Whose choice | Verdict |",
        "| 1 | A 2 · B 7 · C 1 | C | **trainer override (room: B)** |",
        "| 2 | A 3 · B 3",
        "| A | **tie A–B** |",
        "Headcount (most hands in a round): 10",
        "| 3 | no votes | A | **no votes** |",
        "| Speaker | Line |",
        "| Letter | Reply | votes | Verdict | Taken |",
        "The room chose: **C** — **trainer override (room: B)**",
        "## How it ended",
        "\n## Notes\n",
        "Replay: `frontdesk present child-patient --seed 4`",
    ] {
        assert!(md.contains(line), "missing {line:?}:\n{md}");
    }
    assert!(
        md.contains("| *Narrator* |"),
        "narrator lines marked:\n{md}"
    );
    // Every table row of the summary after the three marked rounds is the room's own choice.
    let summary = &md[md.find("## Summary").unwrap()..md.find("## The room's path").unwrap()];
    let later: Vec<&str> = summary.lines().skip(7).filter(|l| !l.is_empty()).collect();
    assert!(
        !later.is_empty() && later.iter().all(|l| l.contains("| room |")),
        "{summary}"
    );
    // No node ids, and the seed only in the footer.
    let s = g.run().scenario();
    for n in &s.nodes {
        assert!(
            !md.contains(&format!("`{}`", n.id)),
            "node id {}:\n{md}",
            n.id
        );
    }
    let body = &md[..md.find("\n---\n").unwrap()];
    assert!(!body.contains("seed"), "{body}");
    assert!(!md.contains("ended before"), "{md}");
}

#[test]
fn an_exam_report_says_verdicts_came_at_the_end_and_a_short_one_says_it_ended_early() {
    let g = session(Mode::Exam);
    let md = group_markdown(&g, crate::i18n::Lang::EN.texts(), at(10, 0));
    assert!(md.contains("- Verdicts shown: at the end (exam)"), "{md}");
    let ru = group_markdown(&g, crate::i18n::Lang::from_code("ru").texts(), at(10, 0));
    assert!(ru.contains("## Сводка"), "{ru}");
    assert!(ru.contains("решение тренера (группа: Б)"), "{ru}");
    assert!(ru.contains("## Заметки"), "{ru}");

    let s = check_str(include_str!("../../tests/fixtures/good/mini.yaml"))
        .scenario
        .unwrap();
    let mut g = GroupSession::new(Arc::new(s), RunOptions::default(), Mode::Group);
    g.advance();
    let md = group_markdown(&g, crate::i18n::Lang::EN.texts(), at(10, 0));
    assert!(md.contains("- Discussion timer: off"), "{md}");
    assert!(
        md.contains("The session ended before the conversation did."),
        "{md}"
    );
    assert!(md.contains("## Notes"), "{md}");
}

#[test]
fn a_room_that_gives_in_sees_the_pitfall_named_and_counted_apart() {
    let s = check_str(include_str!("../../tests/fixtures/good/pitfall.yaml"))
        .scenario
        .unwrap();
    let mut g = GroupSession::new(
        Arc::new(s),
        RunOptions {
            seed: 1,
            shuffle: false,
        },
        Mode::Group,
    );
    for _ in 0..20 {
        match g.stage() {
            Stage::Discuss => {
                g.set_votes(2, 5);
                g.advance();
            }
            Stage::Debrief => break,
            _ => g.advance(),
        }
    }
    let md = group_markdown(&g, crate::i18n::Lang::EN.texts(), at(10, 0));
    assert!(md.contains("- Pitfalls: 1 (giving in 1)"), "{md}");
    assert!(md.contains("| ✗ giving in |"), "{md}");
    assert!(md.contains("- Score: 0/100"), "{md}");
    assert!(!md.contains("`ask`"), "no node id: {md}");
}
