use super::*;
use crate::scenario::check_str;
use std::sync::Arc;

fn mini() -> Arc<Scenario> {
    Arc::new(
        check_str(include_str!("../../tests/fixtures/good/mini.yaml"))
            .scenario
            .unwrap(),
    )
}

fn session_in(s: &Arc<Scenario>, mode: Mode) -> GroupSession {
    GroupSession::new(
        Arc::clone(s),
        RunOptions {
            seed: 1,
            shuffle: false,
        },
        mode,
    )
}

fn session(s: &Arc<Scenario>) -> GroupSession {
    session_in(s, Mode::Group)
}

/// Scene → Discuss, then the hands.
fn hands(g: &mut GroupSession, tally: &[(usize, u32)]) {
    g.advance();
    for &(letter, n) in tally {
        for _ in 0..n {
            g.vote(letter);
        }
    }
}

#[test]
fn the_room_votes_and_the_most_voted_reply_is_chosen() {
    let s = mini();
    let mut g = session(&s);
    assert_eq!(g.stage(), Stage::Scene);
    assert!(g.scene_lines().any(|u| u.text.contains("Dr. Petrov")));
    g.advance();
    assert_eq!(g.stage(), Stage::Discuss);
    g.vote(1);
    assert_eq!(
        g.stage(),
        Stage::Vote,
        "a vote during discussion starts the vote"
    );
    g.vote(1);
    g.vote(0);
    g.vote(7); // no such letter: ignored
    assert_eq!(g.votes(), &[1, 2, 0]);
    assert_eq!(g.votes_total(), 3);
    assert!(g.tied().is_empty());
    assert_eq!(g.preselected(), None, "only at Choose");
    g.advance();
    assert_eq!(g.stage(), Stage::Choose);
    assert_eq!(g.preselected(), Some(1));
    assert_eq!(g.picked(), Some(1));
    assert_eq!(g.chosen(), 1);
    assert_eq!(g.decider(), Some(Decider::Room(1)));
    assert!(
        g.revealed().is_none(),
        "nothing about verdicts before the reveal"
    );
    g.advance();
    let d = g.revealed().unwrap();
    assert_eq!(d.reaction.decision.fatal, Some(FatalKind::Justifying));
    assert_eq!(d.decided, Decider::Room(1));
    assert_eq!(d.fatal_share(&s), Some(2.0 / 3.0));
    g.advance();
    assert_eq!(g.stage(), Stage::Scene);
    assert_eq!(g.votes(), &[0, 0, 0], "a fresh tally for the next decision");
    assert!(!g.undo_vote(), "nothing to undo at a new decision");
    assert!(g.scene_lines().all(|u| u.who != Who::Trainee));
    assert!(g.scene_lines().any(|u| u.text.contains("my son")));
    assert_eq!(g.headcount(), 3);
}

#[test]
fn the_trainer_overrides_the_room() {
    let s = mini();
    let mut g = session(&s);
    hands(&mut g, &[(2, 4), (0, 1)]);
    g.advance();
    assert_eq!(g.preselected(), Some(2));
    g.choose(0);
    g.choose(9); // no such letter: ignored
    assert_eq!(g.picked(), Some(0));
    assert_eq!(g.decider(), Some(Decider::Trainer { chose: 0, room: 2 }));
    g.advance();
    let d = g.revealed().unwrap();
    assert_eq!((d.chosen, d.votes.clone()), (0, vec![1, 0, 4]));
    assert_eq!(d.decided, Decider::Trainer { chose: 0, room: 2 });
    assert_eq!(d.decided.word(), "trainer");
}

#[test]
fn a_tie_is_never_resolved_silently() {
    let s = mini();
    let mut g = session(&s);
    hands(&mut g, &[(0, 3), (2, 3), (1, 1)]);
    assert_eq!(g.tied(), vec![0, 2], "the UI can say: Tie: A and C");
    g.advance();
    assert_eq!(g.stage(), Stage::Choose);
    assert_eq!(g.preselected(), None);
    assert_eq!(g.picked(), None);
    assert_eq!(g.chosen(), NO_LETTER);
    assert_eq!(g.decider(), None);
    g.advance();
    assert_eq!(
        g.stage(),
        Stage::Choose,
        "no reveal until the trainer picks"
    );
    assert!(g.log().is_empty());
    g.choose(2);
    assert_eq!(g.decider(), Some(Decider::Tie(vec![0, 2])));
    g.advance();
    let d = g.revealed().unwrap();
    assert_eq!(d.chosen, 2);
    assert_eq!(d.decided, Decider::Tie(vec![0, 2]));
}

#[test]
fn with_no_votes_the_trainer_picks() {
    let s = mini();
    let mut g = session(&s);
    g.advance();
    g.advance();
    g.advance();
    assert_eq!(g.stage(), Stage::Choose);
    assert_eq!(g.picked(), None, "nobody voted: nothing preselected");
    g.advance();
    assert_eq!(g.stage(), Stage::Choose);
    g.choose(1);
    g.advance();
    let d = g.revealed().unwrap();
    assert_eq!(d.decided, Decider::NoVotes);
    assert_eq!(d.fatal_share(&s), None);
    assert_eq!(g.headcount(), 0);
}

#[test]
fn typed_counts_and_undo_in_order() {
    let s = mini();
    let mut g = session(&s);
    g.advance();
    assert!(g.set_votes(0, 7), "a typed count from the discussion");
    assert_eq!(g.stage(), Stage::Vote);
    g.vote(1);
    g.vote(1);
    assert!(g.set_votes(2, 3));
    assert!(!g.set_votes(5, 1), "no such letter");
    assert_eq!(g.votes(), &[7, 2, 3]);
    assert!(g.set_votes(0, 6), "a corrected count");
    g.clear_votes();
    assert_eq!(g.votes_total(), 0);
    // Back, one change at a time: the clearing, the correction, the count, the two hands, …
    assert!(g.undo_vote());
    assert_eq!(g.votes(), &[6, 2, 3]);
    assert!(g.undo_vote());
    assert_eq!(g.votes(), &[7, 2, 3]);
    assert!(g.undo_vote());
    assert_eq!(g.votes(), &[7, 2, 0]);
    assert!(g.undo_vote());
    assert_eq!(g.votes(), &[7, 1, 0]);
    assert!(g.undo_vote());
    assert!(g.undo_vote());
    assert_eq!(g.votes(), &[0, 0, 0]);
    assert!(!g.undo_vote(), "nothing more to take back");
    assert!(g.set_votes(1, 12));
    assert_eq!(g.headcount(), 12);
    g.advance();
    assert!(!g.set_votes(0, 1), "not while choosing");
    assert!(!g.undo_vote(), "not while choosing");
    g.back();
    assert!(
        g.undo_vote(),
        "back at the vote, the tally can be corrected again"
    );
    assert_eq!(g.votes_total(), 0);
}

#[test]
fn the_trainer_can_step_back_before_the_reveal() {
    let s = mini();
    let mut g = session(&s);
    hands(&mut g, &[(2, 1)]);
    g.advance();
    g.choose(0);
    g.back();
    assert_eq!(g.stage(), Stage::Vote);
    assert_eq!(g.picked(), None, "a pick is taken back with the step");
    g.clear_votes();
    assert_eq!(g.votes(), &[0, 0, 0]);
    g.back();
    g.back();
    assert_eq!(g.stage(), Stage::Scene);
    g.back();
    assert_eq!(g.stage(), Stage::Scene);
    g.advance();
    g.advance();
    g.advance();
    g.choose(0);
    g.advance();
    assert_eq!(g.stage(), Stage::Reveal);
    g.back();
    assert_eq!(g.stage(), Stage::Reveal, "no going back after a reveal");
}

#[test]
fn a_session_ends_with_the_ending_scene_then_the_debrief() {
    let s = mini();
    let mut g = session(&s);
    assert!(g.reveals_each_decision());
    for (letter, votes) in [(0, 3), (1, 4)] {
        hands(&mut g, &[(letter, votes), (2, 1)]);
        g.advance();
        g.advance();
        g.advance();
    }
    assert_eq!(g.stage(), Stage::Ending);
    assert!(g.scene_lines().any(|u| u.text.contains("Thank you")));
    g.advance();
    assert_eq!(g.stage(), Stage::Debrief);
    assert_eq!(g.log().len(), 2);
    assert_eq!(
        g.headcount(),
        4,
        "4 hands at the first decision; the second offers no C"
    );
    // Votes for fatal replies: one for C (ignoring) at the first decision, one for C…
    let (kind, n) = g.leaning().unwrap();
    assert_eq!((kind, n), (FatalKind::Ignoring, 1));
}

#[test]
fn an_exam_goes_through_without_reveals() {
    let s = mini();
    let mut g = session_in(&s, Mode::Exam);
    assert!(!g.reveals_each_decision());
    assert_eq!(g.mode(), Mode::Exam);
    let mut stages = Vec::new();
    for letter in [0, 1] {
        hands(&mut g, &[(letter, 2)]);
        g.advance();
        g.advance();
        stages.push(g.stage());
        assert!(g.revealed().is_none(), "no verdicts in an exam");
    }
    assert_eq!(stages, vec![Stage::Scene, Stage::Ending]);
    assert_eq!(g.votes_total(), 0, "a fresh tally after each decision");
    g.advance();
    assert_eq!(g.stage(), Stage::Debrief);
    // The debrief reveals every decision: the log holds everything.
    assert_eq!(g.log().len(), 2);
    assert!(g.log().iter().all(|d| d.decided.is_room()));
    assert_eq!(g.log()[1].reaction.decision.choice, 1);
}

#[test]
fn decider_from_a_tally() {
    assert_eq!(Decider::of(&[0, 0], 1), Decider::NoVotes);
    assert_eq!(Decider::of(&[2, 5], 1), Decider::Room(1));
    assert_eq!(
        Decider::of(&[2, 5], 0),
        Decider::Trainer { chose: 0, room: 1 }
    );
    assert_eq!(Decider::of(&[4, 1, 4], 1), Decider::Tie(vec![0, 2]));
}

#[test]
fn letters() {
    assert_eq!(letter(0), 'A');
    assert_eq!(letter(3), 'D');
}
