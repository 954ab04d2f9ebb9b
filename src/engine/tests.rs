use super::*;
use crate::scenario::check_str;
use std::sync::Arc;

const MINI: &str = include_str!("../../tests/fixtures/good/mini.yaml");

fn mini() -> Arc<Scenario> {
    let c = check_str(MINI);
    assert!(!c.has_errors(), "{:?}", c.diagnostics);
    Arc::new(c.scenario.unwrap())
}

fn ordered(s: &Arc<Scenario>) -> Run {
    unshuffled(s, 7)
}

/// A run with the replies in the file's order and the role names picked by `seed`.
fn unshuffled(s: &Arc<Scenario>, seed: u64) -> Run {
    Run::new(
        Arc::clone(s),
        RunOptions {
            seed,
            shuffle: false,
        },
    )
}

#[test]
fn best_path_scores_100_and_is_retained() {
    let s = mini();
    let mut run = ordered(&s);
    run.choose(0).unwrap();
    let r = run.choose(1).unwrap();
    assert_eq!(
        r.outcome,
        Some(Outcome {
            ending: Ending::Retained,
            walked_out: false
        })
    );
    let sum = run.summary();
    assert_eq!(sum.score, 100);
    assert_eq!(sum.fatal.total(), 0);
    assert_eq!(sum.moods, vec![0, 1, 3]);
}

#[test]
fn a_fatal_reply_scores_less_and_names_a_better_one() {
    let s = mini();
    let mut run = ordered(&s);
    let r = run.choose(1).unwrap();
    assert_eq!(r.decision.fatal, Some(FatalKind::Justifying));
    assert_eq!(r.better, Some(0));
    assert_eq!(r.thought.as_deref(), Some("Not my problem."));
    // Without `asked`, the neutral reply is offered too, and the good one leads to escalation.
    assert_eq!(run.offered(), &[0, 1, 2]);
    run.choose(1).unwrap();
    let sum = run.summary();
    assert_eq!(sum.outcome.unwrap().ending, Ending::Escalated);
    assert_eq!(sum.score, 50);
    assert_eq!(sum.fatal.justifying, 1);
}

#[test]
fn conditions_hide_replies() {
    let s = mini();
    let mut run = ordered(&s);
    run.choose(0).unwrap();
    assert_eq!(run.offered(), &[0, 1], "`not asked` hides the third reply");
}

#[test]
fn the_patient_walks_out_below_the_threshold() {
    let s = mini();
    let mut run = ordered(&s);
    run.choose(1).unwrap(); // mood -2
    let r = run.choose(0).unwrap(); // -6 more: -8 < -5
    let o = r.outcome.unwrap();
    assert_eq!(o.ending, Ending::Lost);
    assert!(o.walked_out);
    let last = run.transcript().last().unwrap();
    assert!(last.text.ends_with("hangs up."), "{}", last.text);
    assert_eq!(run.choose(0), Err(EngineError::Over));
}

#[test]
fn names_are_filled_in_and_seeded() {
    let s = mini();
    let a = Run::new(
        Arc::clone(&s),
        RunOptions {
            seed: 1,
            shuffle: true,
        },
    );
    let b = Run::new(
        Arc::clone(&s),
        RunOptions {
            seed: 1,
            shuffle: true,
        },
    );
    assert_eq!(a.transcript(), b.transcript());
    assert_eq!(a.offered(), b.offered());
    let line = &a.transcript()[1].text;
    assert!(line.contains("Dr. Petrov"), "{line}");
    assert!(!line.contains('{'));
}

#[test]
fn shuffling_varies_with_the_seed() {
    let s = mini();
    let orders: std::collections::HashSet<Vec<usize>> = (0..40)
        .map(|seed| {
            Run::new(
                Arc::clone(&s),
                RunOptions {
                    seed,
                    shuffle: true,
                },
            )
            .offered()
            .to_vec()
        })
        .collect();
    assert!(orders.len() > 1, "40 seeds gave one order");
}

#[test]
fn rewind_restores_the_node_and_counts_a_retry() {
    let s = mini();
    let mut run = ordered(&s);
    run.choose(1).unwrap();
    let len = run.transcript().len();
    run.choose(0).unwrap();
    run.rewind().unwrap();
    assert_eq!(run.transcript().len(), len);
    assert_eq!(run.mood(), -2);
    assert!(!run.is_over());
    run.choose(1).unwrap();
    let sum = run.summary();
    assert_eq!(sum.retries, 1);
    assert!(sum.decisions[1].retried);
    assert_eq!(sum.decisions[1].credit, 0.5);
    assert_eq!(run.clone().rewind().map(|_| ()), Ok(()));
}

#[test]
fn out_of_range_replies_are_refused() {
    let s = mini();
    let mut run = ordered(&s);
    assert_eq!(run.choose(3), Err(EngineError::NoSuchReply(4, 3)));
    let mut fresh = ordered(&s);
    assert_eq!(fresh.rewind(), Err(EngineError::NothingToRewind));
}

#[test]
fn a_run_replays_onto_an_edited_scenario() {
    let s = mini();
    let mut run = ordered(&s);
    run.choose(0).unwrap();
    // The author rewrites a line and the first reply's text: same graph.
    let edited_src = MINI
        .replace("It's for my son.", "It's for my daughter.")
        .replace("Who is the appointment for?", "Who is the visit for?");
    let edited = Arc::new(check_str(&edited_src).scenario.unwrap());
    let again = run.replay_onto(Arc::clone(&edited));
    assert_eq!(edited.node(again.node()).id, "details");
    assert_eq!(again.decisions().len(), 1);
    assert!(
        again
            .transcript()
            .iter()
            .any(|u| u.text.contains("daughter"))
    );
    // The author renames the node the trainee stood at: the run stays where replay ends.
    let renamed_src = MINI
        .replace("next: details", "next: details2")
        .replace("id: details", "id: details2");
    let renamed = Arc::new(check_str(&renamed_src).scenario.unwrap());
    let r = run.replay_onto(Arc::clone(&renamed));
    assert_eq!(renamed.node(r.node()).id, "details2");
    assert_eq!(r.decisions().len(), 1);
    // The reply now leads elsewhere, but the node the trainee was at still exists: back there.
    let mut justified = ordered(&s);
    justified.choose(1).unwrap();
    let diverted_src = MINI.replace(
        "feedback: Justifying.\n        next: details",
        "feedback: Justifying.\n        next: escalated",
    );
    let diverted = Arc::new(check_str(&diverted_src).scenario.unwrap());
    let back = justified.replay_onto(Arc::clone(&diverted));
    assert!(!back.is_over());
    assert_eq!(diverted.node(back.node()).id, "details");
    assert_eq!(back.mood(), -2, "flags and mood are kept");
}

#[test]
fn score_formula() {
    let d = |credit: f64| Decision {
        node: NodeIdx(0),
        choice: 0,
        fatal: None,
        pitfall: None,
        good: vec![],
        mood_after: 0,
        credit,
        best: 0,
        retried: false,
    };
    assert_eq!(score(&[]), 100);
    assert_eq!(score(&[d(1.0), d(1.0)]), 100);
    assert_eq!(score(&[d(1.0), d(0.0)]), 50);
    assert_eq!(score(&[d(1.0), d(0.5), d(0.0)]), 50);
    let many: Vec<Decision> = (0..1000)
        .map(|i| d(if i == 0 { 0.0 } else { 1.0 }))
        .collect();
    assert_eq!(
        score(&many),
        99,
        "one fatal error in 1000 still keeps it below 100"
    );
}

const PITFALL: &str = include_str!("../../tests/fixtures/good/pitfall.yaml");

#[test]
fn a_pitfall_scores_nothing_and_is_counted_apart() {
    let c = check_str(PITFALL);
    assert!(!c.has_errors(), "{:?}", c.diagnostics);
    let s = Arc::new(c.scenario.unwrap());
    let mut run = ordered(&s);
    let r = run.choose(2).unwrap();
    assert_eq!(r.decision.pitfall, Some(Pitfall::GivingIn));
    assert_eq!(r.decision.fatal, None);
    assert_eq!(r.decision.credit, 0.0);
    assert_eq!(r.better, Some(0));
    let sum = run.summary();
    assert_eq!(sum.score, 0);
    assert_eq!(sum.fatal.total(), 0, "a pitfall is not a fatal error");
    assert_eq!(sum.pitfalls.giving_in, 1);
    assert_eq!(sum.pitfalls.total(), 1);
    assert_eq!(
        s.node(s.start).choices()[2].quality(),
        crate::scenario::Quality::Pitfall
    );
    // The neutral reply still earns half.
    let mut run = ordered(&s);
    run.choose(1).unwrap();
    assert_eq!(run.summary().score, 50);
    assert_eq!(run.summary().pitfalls.total(), 0);
}

/// A Russian scenario whose roles come in case forms, one of two patients picked per run.
const RUSSIAN: &str = r#"
id: forms
lang: ru
title: Падежи
summary: Имена в падежах.
setting: desk
difficulty: 1
roles:
  doctor: {name: {nom: Эльвира Маратовна, gen: Эльвиры Маратовны, dat: Эльвире Маратовне, acc: Эльвиру Маратовну, ins: Эльвирой Маратовной, pre: Эльвире Маратовне}}
  patient:
    name:
      - {nom: Марина Соколова, gen: Марины Соколовой, dat: Марине Соколовой}
      - {nom: Ольга Иванова, gen: Ольги Ивановой, dat: Ольге Ивановой}
start: ask
nodes:
  - id: ask
    lines:
      - narrator: "У {doctor.gen} двадцать лет практики. {patient} подходит к стойке."
      - patient: "Я к {doctor.dat}. Запишите меня к {doctor.dat}, пожалуйста."
    choices:
      - text: "Конечно. Я передам {doctor.dat}, что вы пришли, и поговорю с {doctor.ins} о {patient.pre_unused}."
        good: [solve]
        next: kept
  - id: kept
    lines: [{narrator: "Карта {patient.gen} уже у {doctor.gen}."}]
    ending: retained
"#;

#[test]
fn russian_names_render_in_their_cases() {
    // `{patient.pre_unused}` is not a placeholder (an underscore after the dot): left as is.
    let c = check_str(RUSSIAN);
    assert!(!c.has_errors(), "{:?}", c.diagnostics);
    let s = Arc::new(c.scenario.unwrap());
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..16 {
        let mut run = unshuffled(&s, seed);
        let first = &run.transcript()[0].text;
        assert_eq!(
            first,
            &format!(
                "У Эльвиры Маратовны двадцать лет практики. {} подходит к стойке.",
                run.role_name(1)
            )
        );
        assert_eq!(
            run.transcript()[1].text,
            "Я к Эльвире Маратовне. Запишите меня к Эльвире Маратовне, пожалуйста."
        );
        run.choose(0).unwrap();
        let said = &run.transcript()[2].text;
        assert!(said.contains("с Эльвирой Маратовной"), "{said}");
        let last = &run.transcript().last().unwrap().text;
        let genitive = if run.role_name(1) == "Марина Соколова" {
            "Марины Соколовой"
        } else {
            "Ольги Ивановой"
        };
        assert_eq!(last, &format!("Карта {genitive} уже у Эльвиры Маратовны."));
        seen.insert(run.role_name(1).to_string());
    }
    assert_eq!(seen.len(), 2, "both names are picked over the seeds");
}

#[test]
fn bulgarian_names_render_in_the_vocative() {
    let src = r#"
id: voc
lang: bg
title: Звателна форма
summary: Обръщение по име.
setting: phone
difficulty: 1
roles:
  patient:
    name:
      - {nom: госпожа Иванова, voc: госпожо Иванова}
      - {nom: господин Петров, voc: господин Петров}
start: ask
nodes:
  - id: ask
    lines: [{patient: "Обажда се {patient}."}]
    choices:
      - {text: "Добър ден, {patient.voc}! С какво да помогна?", good: [use-name], next: end}
  - id: end
    lines: [{narrator: "Край."}]
    ending: retained
"#;
    let s = Arc::new(check_str(src).scenario.unwrap());
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..16 {
        let mut run = unshuffled(&s, seed);
        run.choose(0).unwrap();
        let said = run.transcript()[1].text.clone();
        match run.role_name(0) {
            "госпожа Иванова" => {
                assert_eq!(said, "Добър ден, госпожо Иванова! С какво да помогна?")
            }
            _ => assert_eq!(said, "Добър ден, господин Петров! С какво да помогна?"),
        }
        seen.insert(said);
    }
    assert_eq!(seen.len(), 2);
}
