//! The plain runner: a line-oriented conversation for scripts, screen readers and pipes.

use super::PlayArgs;
use super::history::Recorder;
use crate::engine::Mode;
use crate::engine::{Outcome, Reaction, Run, RunOptions, Summary, Who};
use crate::i18n::{Lang, Texts};
use crate::scenario::SourceFile;
use crate::scenario::{FatalKind, Library, Pitfall, Scenario};
use crate::store::RunResult;
use anyhow::{Result, bail};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// Where replies come from.
enum Replies {
    Script(std::vec::IntoIter<String>),
    Stdin(std::io::StdinLock<'static>),
}

/// A reply read, or why there is none.
enum Read {
    Reply(usize),
    Ended,
}

/// Plays `scenario` on standard input and output.
pub fn play(
    scenario: &Arc<Scenario>,
    args: &PlayArgs,
    mode: Mode,
    rec: &mut Recorder,
    file: &SourceFile,
) -> Result<ExitCode> {
    if let Some(problem) = &rec.problem {
        eprintln!("frontdesk: not recording this run: {problem}");
    }
    let started = chrono::Utc::now();
    let result = |rec: &Recorder, run: &Run| {
        // The file is hashed only when a run is recorded or printed.
        RunResult::of(
            run,
            &rec.trainee,
            file.hash(),
            mode,
            started,
            chrono::Utc::now(),
        )
    };
    let seed = args.seed.unwrap_or_else(rand::random);
    let mut run = Run::new(
        Arc::clone(scenario),
        RunOptions {
            seed,
            shuffle: !args.no_shuffle,
        },
    );
    let t = Lang::from_code(&scenario.lang.0).texts();
    let mut replies = match &args.choices {
        Some(list) => Replies::Script(list.clone().into_iter()),
        None => Replies::Stdin(std::io::stdin().lock()),
    };
    let out = &mut std::io::stdout().lock();
    let talk = !args.json;
    if talk {
        writeln!(out, "== {} ==\n{}\n", scenario.title, scenario.summary)?;
    }
    let mut shown = 0;
    while !run.is_over() {
        if talk {
            shown = print_new_lines(out, &run, shown, t)?;
            print_replies(out, &run)?;
        }
        let count = run.offered().len();
        let position = match next_reply(&mut replies, count, t, out, talk)? {
            Read::Reply(p) => p,
            Read::Ended => {
                if !run.decisions().is_empty() {
                    rec.record(&result(rec, &run));
                }
                let decision = run.decisions().len() + 1;
                match replies {
                    Replies::Script(_) => {
                        bail!(
                            "--choices ran out at decision {decision}: give a reply for every decision"
                        )
                    }
                    Replies::Stdin(_) => {
                        bail!("input ended at decision {decision} before the conversation did")
                    }
                }
            }
        };
        let reaction = run.choose(position)?;
        if talk {
            // The trainee's own line is printed with the feedback, not echoed twice.
            shown += 1;
            writeln!(
                out,
                "{}: {}",
                t.you(),
                run.fill(&reply_text(&run, &reaction))
            )?;
            if mode == Mode::Practice {
                print_feedback(out, &run, &reaction, t)?;
            }
        }
    }
    let result = result(rec, &run);
    rec.record(&result);
    if talk {
        print_new_lines(out, &run, shown, t)?;
        print_debrief(out, &run, t)?;
    } else {
        // The same record as the history keeps (and with the same run id, when recorded).
        writeln!(out, "{}", serde_json::to_string_pretty(&result)?)?;
    }
    if let Replies::Script(rest) = &replies
        && !rest.as_slice().is_empty()
    {
        // A script longer than the conversation is out of step with the scenario: say so,
        // rather than drop the rest without a word.
        let decisions = run.decisions().len();
        bail!(
            "--choices gave {} more repl{} than the conversation had decisions ({decisions}): \
             it ended before `{}`",
            rest.len(),
            if rest.len() == 1 { "y" } else { "ies" },
            rest.as_slice().join(",")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn reply_text(run: &Run, r: &Reaction) -> String {
    run.scenario().node(r.decision.node).choices()[r.decision.choice]
        .text
        .clone()
}

fn speaker(run: &Run, who: &Who, t: &Texts) -> String {
    t.speaker_name(run, who).to_string()
}

fn print_new_lines(out: &mut impl Write, run: &Run, shown: usize, t: &Texts) -> Result<usize> {
    let lines = run.transcript();
    for u in &lines[shown.min(lines.len())..] {
        match u.who {
            Who::Narrator => writeln!(out, "* {}", u.text)?,
            _ => writeln!(out, "{}: {}", speaker(run, &u.who, t), u.text)?,
        }
    }
    Ok(lines.len())
}

fn print_replies(out: &mut impl Write, run: &Run) -> Result<()> {
    let choices = run.scenario().node(run.node()).choices();
    writeln!(out)?;
    for (i, &c) in run.offered().iter().enumerate() {
        writeln!(out, "  {}) {}", i + 1, run.fill(&choices[c].text))?;
    }
    Ok(())
}

fn next_reply(
    replies: &mut Replies,
    count: usize,
    t: &Texts,
    out: &mut impl Write,
    talk: bool,
) -> Result<Read> {
    match replies {
        Replies::Script(items) => {
            let Some(item) = items.next() else {
                return Ok(Read::Ended);
            };
            match parse_reply(&item, count) {
                Some(p) => Ok(Read::Reply(p)),
                None => bail!(
                    "--choices: `{}` is not a reply here; choose 1 to {count}",
                    item.trim()
                ),
            }
        }
        Replies::Stdin(input) => loop {
            if talk {
                write!(out, "{} [1-{count}]: ", t.your_reply())?;
                out.flush()?;
            }
            let mut line = String::new();
            if !super::input::read_line(input, &mut line)? {
                if talk {
                    writeln!(out)?;
                }
                return Ok(Read::Ended);
            }
            match parse_reply(&line, count) {
                Some(p) => return Ok(Read::Reply(p)),
                None => {
                    writeln!(out, "{} 1-{count}.", t.not_a_reply())?;
                }
            }
        },
    }
}

/// A 1-based reply number within range, as a 0-based position.
fn parse_reply(s: &str, count: usize) -> Option<usize> {
    let n: usize = s.trim().parse().ok()?;
    (1..=count).contains(&n).then(|| n - 1)
}

fn print_feedback(out: &mut impl Write, run: &Run, r: &Reaction, t: &Texts) -> Result<()> {
    let patient = crate::i18n::words::patient_name(run);
    if let Some(thought) = &r.thought {
        writeln!(out, "  ({patient} {}: «{thought}»)", t.thinks())?;
    }
    match &r.feedback {
        Some(f) => writeln!(
            out,
            "  {} — {f}",
            t.verdict(r.decision.fatal, r.decision.pitfall, &r.decision.good)
        )?,
        None => writeln!(
            out,
            "  {}",
            t.verdict(r.decision.fatal, r.decision.pitfall, &r.decision.good)
        )?,
    }
    if let Some(b) = r.better {
        let choice = &run.scenario().node(r.decision.node).choices()[b];
        writeln!(out, "  {}: «{}»", t.better(), run.fill(&choice.text))?;
    }
    writeln!(out)?;
    Ok(())
}

fn outcome_text(o: Option<Outcome>, t: &Texts) -> String {
    match o {
        Some(o) => t.outcome_words(o),
        None => "—".into(),
    }
}

fn print_debrief(out: &mut impl Write, run: &Run, t: &Texts) -> Result<()> {
    let s: Summary = run.summary();
    writeln!(out, "\n== {} ==", t.debrief())?;
    writeln!(out, "{}: {}", t.outcome(), outcome_text(s.outcome, t))?;
    writeln!(out, "{}: {}/100", t.score(), s.score)?;
    let fatal: Vec<String> = FatalKind::ALL
        .iter()
        .map(|k| format!("{} {}", t.fatal(*k), s.fatal.get(*k)))
        .collect();
    writeln!(out, "{}: {}", t.fatal_errors(), fatal.join(", "))?;
    let pitfalls: Vec<String> = Pitfall::ALL
        .iter()
        .map(|k| format!("{} {}", t.pitfall(*k), s.pitfalls.get(*k)))
        .collect();
    writeln!(out, "{}: {}", t.pitfalls(), pitfalls.join(", "))?;
    let poor: Vec<_> = s
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.credit < 1.0)
        .collect();
    if poor.is_empty() {
        writeln!(out, "{}", t.all_good())?;
        return Ok(());
    }
    writeln!(out, "\n{}:", t.poor_replies())?;
    for (i, d) in poor {
        let node = run.scenario().node(d.node);
        let said = &node.choices()[d.choice];
        let best = &node.choices()[d.best];
        let mark = t.verdict(d.fatal, d.pitfall, &d.good);
        // Named by number and the line it answered, never by the node id.
        let heard = run
            .heard_before(i)
            .map(|h| format!(" «{h}»"))
            .unwrap_or_default();
        writeln!(
            out,
            "- {}{heard}: {} «{}» ({mark})",
            t.decision_number(i + 1),
            t.you_said(),
            run.fill(&said.text)
        )?;
        if d.best != d.choice {
            writeln!(out, "  {}: «{}»", t.better(), run.fill(&best.text))?;
            if let Some(f) = &best.feedback {
                writeln!(out, "  {}", run.fill(f))?;
            }
        }
    }
    Ok(())
}

/// With no subcommand (until the full-screen trainer replaces it): list the scenarios, read a
/// number, play it in practice mode.
pub fn pick_and_play(
    lib: &Library,
    lang: &str,
    mode: Mode,
    rec: &mut Recorder,
) -> Result<ExitCode> {
    let t = Lang::from_code(lang).texts();
    let ids = lib.ids();
    let list: Vec<&Arc<Scenario>> = ids
        .iter()
        .filter_map(|id| lib.find(id, lang))
        .map(|(s, _)| s)
        .collect();
    if list.is_empty() {
        bail!("no scenarios found");
    }
    println!("{}:", t.pick_scenario());
    for (i, s) in list.iter().enumerate() {
        println!(
            "  {}) {} ({}, {} {})",
            i + 1,
            s.title,
            t.setting(s.setting),
            t.difficulty(),
            s.difficulty
        );
    }
    let stdin = std::io::stdin();
    let mut line = String::new();
    loop {
        print!("[1-{}]: ", list.len());
        std::io::stdout().flush()?;
        if !super::input::read_line(&mut stdin.lock(), &mut line)? {
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(p) = parse_reply(&line, list.len()) {
            let args = PlayArgs {
                scenario: list[p].id.0.clone(),
                seed: None,
                no_shuffle: false,
                plain: true,
                choices: None,
                json: false,
                watch: false,
            };
            let file = lib
                .file_of(list[p])
                .expect("a listed scenario comes from a file");
            return play(list[p], &args, mode, rec, file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_reply;

    #[test]
    fn reply_numbers() {
        assert_eq!(parse_reply(" 2\n", 3), Some(1));
        assert_eq!(parse_reply("0", 3), None);
        assert_eq!(parse_reply("4", 3), None);
        assert_eq!(parse_reply("two", 3), None);
        assert_eq!(parse_reply("", 3), None);
    }
}
