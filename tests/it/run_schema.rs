//! One JSON shape for a run: `docs/run.schema.json` is what the types generate, and what
//! `play --json`, `history --json` and `export --format json` print follows it.

use crate::support::{fd_for_anna as fd, stdout_json};
use serde_json::Value;

const SCHEMA: &str = "docs/run.schema.json";
const MINI: &str = "tests/fixtures/good/mini.yaml";

/// Run with `FRONTDESK_BLESS=1` to write the generated schema after changing the types.
#[test]
fn the_committed_schema_is_the_generated_one() {
    let generated = frontdesk::store::run_schema();
    if std::env::var_os("FRONTDESK_BLESS").is_some() {
        std::fs::write(SCHEMA, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(SCHEMA).unwrap();
    assert_eq!(
        committed, generated,
        "{SCHEMA} is out of date: run `FRONTDESK_BLESS=1 cargo test --test run_schema`"
    );
}

#[test]
fn every_command_prints_runs_of_the_schema() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let valid = |what: &str, run: &Value| {
        let errors: Vec<String> = validator
            .iter_errors(run)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}\n{run:#}");
    };

    let dir = tempfile::tempdir().unwrap();
    // A finished run, printed by `play --json` and recorded.
    let played = stdout_json(fd(dir.path()).args([
        "play",
        MINI,
        "--plain",
        "--no-shuffle",
        "--seed",
        "18446744073709551615",
        "--choices",
        "2,1",
        "--json",
    ]));
    valid("play --json", &played);
    assert_eq!(played["seed"], "18446744073709551615");
    assert_eq!(played["fatal"]["justifying"], 1);
    // An abandoned one: no outcome, no score.
    let out = fd(dir.path())
        .args(["play", MINI, "--plain", "--no-shuffle"])
        .write_stdin("1\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    let history = stdout_json(fd(dir.path()).args(["history", "--json"]));
    let exported = stdout_json(fd(dir.path()).args(["export", "--format", "json"]));
    for (what, runs) in [
        ("history --json", &history),
        ("export --format json", &exported),
    ] {
        let runs = runs.as_array().unwrap();
        assert_eq!(runs.len(), 2, "{what}");
        for run in runs {
            valid(what, run);
        }
        assert_eq!(runs[0]["status"], "abandoned", "{what}");
        assert_eq!(runs[0]["outcome"], Value::Null, "{what}");
        // The run `play --json` printed is the one recorded, field for field.
        assert_eq!(runs[1], played, "{what}");
    }
}

#[test]
fn the_schema_rejects_what_is_not_a_run() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = stdout_json(fd(dir.path()).args([
        "play",
        MINI,
        "--plain",
        "--choices",
        "1,1",
        "--json",
        "--no-history",
    ]));
    assert!(validator.is_valid(&run));
    for (field, bad) in [
        ("mode", Value::from("quiz")),
        ("seed", Value::from(5)),
        ("outcome", Value::from("won")),
        ("fatal", Value::from(vec![0, 0, 0])),
    ] {
        let mut broken = run.clone();
        broken[field] = bad;
        assert!(!validator.is_valid(&broken), "{field} accepted");
    }
    let mut broken = run.clone();
    broken["decisions"][0]["good"] = Value::from(vec!["charm"]);
    assert!(
        !validator.is_valid(&broken),
        "an unknown technique accepted"
    );
}
