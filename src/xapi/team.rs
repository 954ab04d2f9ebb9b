//! `frontdesk team`: every trainee's runs, read back from the LRS — the Progress screen for the
//! whole network. Only the run statements (`completed`, `abandoned`) are read: they carry the
//! score, the fatal errors by kind and the pitfalls.

use super::config::Settings;
use super::statement::{ABANDONED, COMPLETED, ext};
use super::sync::{Client, SendError};
use crate::scenario::FatalKind;
use crate::scenario::text::visible;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Statements asked for per page.
pub const PAGE: usize = 500;

/// One run as the LRS has it.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRun {
    /// The trainee's account name.
    pub trainee: String,
    /// The scenario's id.
    pub scenario: String,
    /// When the run ended.
    pub when: DateTime<Utc>,
    /// Reached an ending.
    pub completed: bool,
    /// The score, for a completed run.
    pub score: Option<u8>,
    /// Fatal errors by kind, in [`FatalKind::ALL`] order.
    pub fatal: [u32; 3],
    /// Pitfalls by word.
    pub pitfalls: BTreeMap<String, u32>,
}

/// A scenario's figures for one trainee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioLine {
    /// The scenario's id.
    pub scenario: String,
    /// Runs of it, finished or not.
    pub runs: u32,
    /// The best score.
    pub best: Option<u8>,
    /// The latest score.
    pub last: Option<u8>,
}

/// One trainee across the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trainee {
    /// The account name.
    pub trainee: String,
    /// Runs, finished or not.
    pub runs: u32,
    /// Runs left midway.
    pub abandoned: u32,
    /// Per scenario, by id.
    pub scenarios: Vec<ScenarioLine>,
    /// Fatal errors by kind per month (`YYYY-MM` → justifying, ignoring, counter-attacking).
    pub fatal_by_month: BTreeMap<String, [u32; 3]>,
    /// Pitfalls by word.
    pub pitfalls: BTreeMap<String, u32>,
    /// The scenario to practise next: one never finished, else the lowest best score.
    pub next: Option<String>,
}

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads every run statement of frontdesk's activities from the LRS.
///
/// Asks for the two run verbs only. An LRS that answers a verb query with nothing while it
/// holds statements (Ralph 5.1's file backend compares the verb as an object with the text,
/// and never matches) is read whole instead, and the run statements picked here.
pub fn read(client: &Client, settings: &Settings) -> Result<Vec<TeamRun>, SendError> {
    let mut statements = Vec::new();
    for verb in [COMPLETED, ABANDONED] {
        let query = format!("verb={}&limit={PAGE}", encode(verb));
        statements.extend(client.statements_page(&query, true)?);
    }
    if statements.is_empty() && !client.statements_page("limit=1", false)?.is_empty() {
        statements = client.statements_page(&format!("limit={PAGE}"), true)?;
    }
    let mut runs: Vec<TeamRun> = statements
        .iter()
        .filter_map(|s| parse(s, settings))
        .collect();
    runs.sort_by_key(|r| r.when);
    Ok(runs)
}

/// A run statement of ours by a trainee (not a group), or `None`.
pub fn parse(s: &Value, settings: &Settings) -> Option<TeamRun> {
    let ext = |name: &str| format!("{}extensions/{name}", settings.activity_base);
    if s["actor"]["objectType"].as_str() == Some("Group") {
        return None;
    }
    let trainee = s["actor"]["account"]["name"].as_str()?.to_string();
    let scenario = s["object"]["id"]
        .as_str()?
        .strip_prefix(&settings.activity_base)?;
    if scenario.contains('/') {
        return None;
    }
    let verb = s["verb"]["id"].as_str()?;
    let when = DateTime::parse_from_rfc3339(s["timestamp"].as_str()?)
        .ok()?
        .with_timezone(&Utc);
    let result = &s["result"];
    let extensions = &result["extensions"];
    let counts = &extensions[ext(ext::FATAL_ERRORS)];
    let mut fatal = [0u32; 3];
    for (i, k) in FatalKind::ALL.iter().enumerate() {
        fatal[i] = counts[k.as_str()].as_u64().unwrap_or(0) as u32;
    }
    let pitfalls = extensions[ext(ext::PITFALLS)]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0) as u32))
                .collect()
        })
        .unwrap_or_default();
    Some(TeamRun {
        trainee,
        scenario: scenario.to_string(),
        when,
        completed: verb == COMPLETED,
        score: result["score"]["raw"]
            .as_u64()
            .and_then(|n| u8::try_from(n).ok()),
        fatal,
        pitfalls,
    })
}

/// Figures per trainee (by name), from runs oldest first. `library` lists the scenario ids a
/// trainee could practise, in the order to suggest them.
pub fn summarise(runs: &[TeamRun], library: &[&str]) -> Vec<Trainee> {
    let mut by: BTreeMap<&str, Vec<&TeamRun>> = BTreeMap::new();
    for r in runs {
        by.entry(&r.trainee).or_default().push(r);
    }
    by.into_iter()
        .map(|(name, runs)| {
            let mut scenarios: BTreeMap<&str, ScenarioLine> = BTreeMap::new();
            let mut fatal_by_month: BTreeMap<String, [u32; 3]> = BTreeMap::new();
            let mut pitfalls: BTreeMap<String, u32> = BTreeMap::new();
            for r in &runs {
                let line = scenarios
                    .entry(&r.scenario)
                    .or_insert_with(|| ScenarioLine {
                        scenario: r.scenario.clone(),
                        runs: 0,
                        best: None,
                        last: None,
                    });
                line.runs += 1;
                if let Some(s) = r.score {
                    line.best = Some(line.best.map_or(s, |b| b.max(s)));
                    line.last = Some(s);
                }
                let month = fatal_by_month
                    .entry(r.when.format("%Y-%m").to_string())
                    .or_default();
                for (m, f) in month.iter_mut().zip(r.fatal) {
                    *m += f;
                }
                for (p, n) in &r.pitfalls {
                    *pitfalls.entry(p.clone()).or_default() += n;
                }
            }
            let never = library
                .iter()
                .find(|id| scenarios.get(**id).is_none_or(|l| l.best.is_none()))
                .map(|id| id.to_string());
            let next = never.or_else(|| {
                scenarios
                    .values()
                    .filter_map(|l| Some((l.best?, &l.scenario)))
                    .filter(|(b, _)| *b < 100)
                    .min()
                    .map(|(_, id)| id.clone())
            });
            Trainee {
                trainee: name.to_string(),
                runs: runs.len() as u32,
                abandoned: runs.iter().filter(|r| !r.completed).count() as u32,
                scenarios: scenarios.into_values().collect(),
                fatal_by_month,
                pitfalls,
                next,
            }
        })
        .collect()
}

fn score(s: Option<u8>) -> String {
    s.map_or_else(|| "—".into(), |s| s.to_string())
}

/// The terminal view. Names and ids come from the LRS: shown through [`visible`].
pub fn text(team: &[Trainee]) -> String {
    if team.is_empty() {
        return "No runs in the LRS yet.\n".into();
    }
    let mut out = String::new();
    for t in team {
        out.push_str(&format!(
            "{}  {} ({} abandoned)  next: {}\n",
            visible(&t.trainee),
            super::runs(t.runs as u64),
            t.abandoned,
            t.next.as_deref().map_or("—".into(), visible)
        ));
        for l in &t.scenarios {
            out.push_str(&format!(
                "  {:<24} {:>3} runs  best {:>3}  last {:>3}\n",
                visible(&l.scenario),
                l.runs,
                score(l.best),
                score(l.last)
            ));
        }
        for (month, f) in &t.fatal_by_month {
            out.push_str(&format!(
                "  {month}  ✗ justifying {}  ignoring {}  counter-attacking {}\n",
                f[0], f[1], f[2]
            ));
        }
        if !t.pitfalls.is_empty() {
            let p: Vec<String> = t
                .pitfalls
                .iter()
                .map(|(k, n)| format!("{} {n}", visible(k)))
                .collect();
            out.push_str(&format!("  pitfalls: {}\n", p.join(", ")));
        }
    }
    out
}

/// One CSV row per trainee and scenario.
pub fn csv(team: &[Trainee]) -> anyhow::Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "trainee",
        "scenario",
        "runs",
        "best",
        "last",
        "trainee_runs",
        "abandoned",
        "justifying",
        "ignoring",
        "counter_attacking",
        "pitfalls",
        "next",
    ])?;
    for t in team {
        let mut fatal = [0u32; 3];
        for f in t.fatal_by_month.values() {
            for (a, b) in fatal.iter_mut().zip(f) {
                *a += b;
            }
        }
        let pitfalls: u32 = t.pitfalls.values().sum();
        for l in &t.scenarios {
            let opt = |s: Option<u8>| s.map(|s| s.to_string()).unwrap_or_default();
            w.write_record([
                crate::report::csv_cell(&t.trainee).into_owned(),
                crate::report::csv_cell(&l.scenario).into_owned(),
                l.runs.to_string(),
                opt(l.best),
                opt(l.last),
                t.runs.to_string(),
                t.abandoned.to_string(),
                fatal[0].to_string(),
                fatal[1].to_string(),
                fatal[2].to_string(),
                pitfalls.to_string(),
                crate::report::csv_cell(t.next.as_deref().unwrap_or_default()).into_owned(),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(trainee: &str, scenario: &str, day: u32, score: Option<u8>) -> TeamRun {
        TeamRun {
            trainee: trainee.into(),
            scenario: scenario.into(),
            when: format!("2026-11-{day:02}T10:00:00Z").parse().unwrap(),
            completed: score.is_some(),
            score,
            fatal: [1, 0, 0],
            pitfalls: BTreeMap::new(),
        }
    }

    #[test]
    fn best_last_and_next_per_trainee() {
        let runs = [
            run("anna", "a", 1, Some(90)),
            run("anna", "a", 2, Some(70)),
            run("anna", "b", 3, Some(40)),
            run("boris", "a", 3, None),
        ];
        let team = summarise(&runs, &["a", "b", "c"]);
        assert_eq!(team.len(), 2);
        let anna = &team[0];
        assert_eq!((anna.runs, anna.abandoned), (3, 0));
        assert_eq!(anna.scenarios[0].best, Some(90));
        assert_eq!(anna.scenarios[0].last, Some(70));
        assert_eq!(anna.next.as_deref(), Some("c"), "never played comes first");
        assert_eq!(anna.fatal_by_month["2026-11"], [3, 0, 0]);
        let boris = &team[1];
        assert_eq!((boris.runs, boris.abandoned), (1, 1));
        assert_eq!(
            boris.next.as_deref(),
            Some("a"),
            "an abandoned run is not finished"
        );
        let all = summarise(&runs, &["a", "b"]);
        assert_eq!(
            all[0].next.as_deref(),
            Some("b"),
            "then the lowest best score"
        );
        let t = text(&team);
        assert!(t.contains("anna  3 runs (0 abandoned)  next: c"), "{t}");
        let c = csv(&team).unwrap();
        assert!(c.contains("anna,a,2,90,70,3,0,3,0,0,0,c"), "{c}");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode("http://adlnet.gov/expapi/verbs/completed"),
            "http%3A%2F%2Fadlnet.gov%2Fexpapi%2Fverbs%2Fcompleted"
        );
    }
}
