//! The authoring toolkit on the bundled library and on fixtures: schema, graph, stats, new,
//! import.

use crate::support::stdout;
use assert_cmd::Command;
use frontdesk::scenario::Library;
use predicates::prelude::*;
use std::path::Path;

fn fd() -> Command {
    let mut c = Command::cargo_bin("frontdesk").unwrap();
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .arg("--no-history");
    c.timeout(std::time::Duration::from_secs(60));
    c
}

fn schema() -> serde_json::Value {
    serde_json::from_str(&stdout(fd().arg("schema"))).expect("the schema is JSON")
}

fn yaml_as_json(text: &str) -> serde_json::Value {
    let v: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    serde_json::to_value(v).unwrap()
}

#[test]
fn every_bundled_scenario_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).expect("a valid JSON Schema");
    let lib = Library::bundled();
    assert_eq!(lib.files().len(), crate::support::bundled_file_count());
    for f in lib.files() {
        let doc = yaml_as_json(&f.text);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.origin.display_name());
    }
    // Every good fixture, among them a pitfall and names in case forms.
    for good in ["mini.yaml", "pitfall.yaml", "forms-ru.yaml"] {
        let text = std::fs::read_to_string(Path::new("tests/fixtures/good").join(good)).unwrap();
        let doc = yaml_as_json(&text);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{good}: {errors:?}");
    }
}

#[test]
fn the_schema_rejects_what_the_validator_rejects() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for bad in [
        "unknown-key.yaml",
        "unknown-fatal.yaml",
        "unknown-pitfall.yaml",
        "unknown-technique.yaml",
        "form-without-nom.yaml",
        "unknown-form-key.yaml",
        "missing-key.yaml",
        "wrong-type.yaml",
    ] {
        let text = std::fs::read_to_string(Path::new("tests/fixtures/bad").join(bad)).unwrap();
        assert!(
            !validator.is_valid(&yaml_as_json(&text)),
            "{bad} passes the schema"
        );
    }
}

#[test]
fn dot_graphs_of_the_library() {
    let lib = Library::bundled();
    assert_eq!(
        lib.scenarios().count(),
        crate::support::bundled_file_count()
    );
    for s in lib.scenarios() {
        let dot = stdout(fd().args(["graph", &s.id.0, "--lang", &s.lang.0]));
        assert!(dot.starts_with(&format!("digraph \"{}\"", s.id)), "{dot}");
        for n in &s.nodes {
            assert!(
                dot.contains(&format!("\"{}\" [label=\"{}\\n", n.id, n.id)),
                "{} missing",
                n.id
            );
        }
        let fatal_edges = dot
            .lines()
            .filter(|l| l.contains("->") && l.contains("style=dashed"))
            .count();
        let fatal_replies: usize = s
            .nodes
            .iter()
            .flat_map(|n| n.choices())
            .filter(|c| c.fatal.is_some())
            .count();
        assert!(
            fatal_edges >= fatal_replies,
            "{}: {fatal_edges} dashed edges for {fatal_replies} fatal replies",
            s.id
        );
        assert!(dot.contains("✗ justifying") && dot.contains("color=\"#d32f2f\""));
        assert!(
            dot.contains("shape=doubleoctagon") || dot.contains("shape=octagon"),
            "a good ending is shaped"
        );
    }
}

#[test]
fn graphs_of_a_scenario_file() {
    let dot = stdout(fd().args(["graph", "tests/fixtures/good/mini.yaml"]));
    assert!(
        dot.contains("\"hello\" -> \"details\" [label=\"2 ✗ justifying\", color=\"#d32f2f\""),
        "{dot}"
    );
    assert!(
        dot.contains("\"details\" -> \"retained\" [label=\"2\\n[(asked and mood >= 2)]\"]"),
        "{dot}"
    );
    assert!(
        dot.contains("\"lost\" [label=\"lost\\nSilence.\\n[lost]\", shape=box"),
        "{dot}"
    );
    let m = stdout(fd().args([
        "graph",
        "tests/fixtures/good/mini.yaml",
        "--format",
        "mermaid",
    ]));
    assert!(m.contains("n0 -.->|\"2 ✗ justifying\"| n1"), "{m}");
    assert!(m.contains("n1 -->|\"2 [else]\"| n3"), "{m}");
    assert!(m.contains("class n4 lost;"), "{m}");
}

#[test]
fn graphviz_renders_the_dot_output() {
    if std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("Graphviz is not installed here (.ci/run installs it): rendering not tested");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for id in ["child-patient", "refund-demand"] {
        let dot = stdout(fd().args(["graph", id]));
        let path = dir.path().join(format!("{id}.dot"));
        std::fs::write(&path, dot).unwrap();
        let out = std::process::Command::new("dot")
            .args(["-Tsvg"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "dot failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(
            svg.contains("<svg") && svg.contains("booking") || svg.contains("<svg"),
            "{svg}"
        );
    }
}

#[test]
fn mermaid_graphs_are_well_formed() {
    let m = stdout(fd().args(["graph", "child-patient", "--format", "mermaid"]));
    assert!(m.starts_with("flowchart TD\n"));
    let lib = Library::bundled();
    let s = lib.find("child-patient", "en").unwrap().0;
    // Every node declared once, every edge between declared nodes.
    for i in 0..s.nodes.len() {
        assert_eq!(
            m.lines()
                .filter(|l| l.trim_start().starts_with(&format!("n{i}["))
                    || l.trim_start().starts_with(&format!("n{i}("))
                    || l.trim_start().starts_with(&format!("n{i}{{")))
                .count(),
            1,
            "n{i}"
        );
    }
    let edges: Vec<&str> = m
        .lines()
        .filter(|l| l.contains("-->") || l.contains("-.->"))
        .collect();
    assert!(edges.len() >= s.nodes.len() - 1, "{m}");
    for e in &edges {
        let parts: Vec<&str> = e.split_whitespace().collect();
        let to: usize = parts
            .last()
            .unwrap()
            .trim_start_matches('n')
            .parse()
            .unwrap();
        assert!(to < s.nodes.len(), "{e}");
        assert_eq!(e.matches('"').count() % 2, 0, "{e}");
    }
    let dashed = edges.iter().filter(|e| e.contains("-.->")).count();
    assert_eq!(
        m.matches("linkStyle").count(),
        dashed,
        "every fatal edge is coloured"
    );
    assert!(m.contains("classDef lost") && m.contains("class n"));
}

#[test]
fn stats_on_the_library_and_a_fixture() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(fd().args(["stats", "anesthesia-call", "--json"]))).unwrap();
    assert_eq!(v["scenario"], "anesthesia-call");
    assert!(v["paths"].as_u64().unwrap() >= 3);
    assert_eq!(v["best_score"], 100);
    assert!(v["fatal"]["justifying"]["count"].as_u64().unwrap() >= 2);
    assert!(!v["by_ending"].as_array().unwrap().is_empty());
    let text = stdout(fd().args(["stats", "tests/fixtures/good/mini.yaml"]));
    assert!(text.contains("distinct paths: 12"), "{text}");
    assert!(text.contains("best reachable score: 100"), "{text}");
    assert!(
        text.contains("no node where every reply is a fatal error"),
        "{text}"
    );
}

#[test]
fn stats_of_a_complete_graph_stop_early_and_say_so() {
    // Every step of the walk counts against the budget, not only the paths that end: this
    // file took 32 s, and each extra node multiplied that by 12.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("k.yaml");
    std::fs::write(&p, frontdesk::scenario::synthetic::complete_graph(13)).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&stdout(fd().arg("stats").arg(&p).arg("--json"))).unwrap();
    assert_eq!(v["stopped_early"], true);
    assert_eq!(v["steps"], frontdesk::authoring::stats::MIN_STEPS);
    let text = stdout(fd().arg("stats").arg(&p));
    assert!(text.contains("distinct paths: at least"), "{text}");
    assert!(text.contains("stopped early"), "{text}");
}

#[test]
fn import_refuses_a_file_past_the_size_limit_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.twee");
    let f = std::fs::File::create(&p).unwrap();
    let limit = frontdesk::scenario::MAX_FILE_BYTES as u64;
    std::io::copy(
        &mut std::io::Read::take(std::io::repeat(b'x'), limit + 1000),
        &mut &f,
    )
    .unwrap();
    fd().arg("import")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is larger than 16 MiB"));
}

#[test]
fn new_writes_a_scenario_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    fd().current_dir(dir.path())
        .args(["new", "late-doctor", "--setting", "phone"])
        .assert()
        .success();
    let path = dir.path().join("late-doctor.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("setting: phone"));
    assert!(text.starts_with("# yaml-language-server: $schema="));
    fd().args(["check"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    // Played to the end.
    fd().args(["play"])
        .arg(&path)
        .args(["--plain", "--no-shuffle", "--choices", "1,1"])
        .assert()
        .success();
    // Never overwritten.
    std::fs::write(&path, "mine").unwrap();
    fd().current_dir(dir.path())
        .args(["new", "late-doctor"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    // Russian, and a bad id.
    fd().current_dir(dir.path())
        .args(["new", "opozdanie", "--lang", "ru"])
        .assert()
        .success();
    let ru = std::fs::read_to_string(dir.path().join("opozdanie.yaml")).unwrap();
    assert!(ru.contains("lang: ru") && ru.contains("Звонит телефон") || ru.contains("К стойке"));
    fd().current_dir(dir.path())
        .args(["new", "Bad Id"])
        .assert()
        .code(2);
}

fn import(file: &str) -> (String, String) {
    let out = fd().args(["import", file]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn assert_imported(yaml: &str, notes: &str) {
    // What could not be converted is reported with its passage.
    assert!(
        notes.contains("passage \"Excuse\": `(if:` is a macro or variable"),
        "{notes}"
    );
    assert!(notes.contains("passage \"Excuse\": `$patience`"), "{notes}");
    assert!(
        notes.contains("passage \"Orphan\": not reachable"),
        "{notes}"
    );
    assert!(
        yaml.contains("#   - passage \"Orphan\""),
        "the notes head the file too"
    );
    // The result is a valid scenario with the story's shape.
    let c = frontdesk::scenario::check_str(yaml);
    assert!(!c.has_errors(), "{:?}", c.diagnostics);
    let s = c.scenario.unwrap();
    assert_eq!(s.title, "The late doctor");
    assert_eq!(s.node(s.start).id, "arrival");
    let arrival = s.node(s.start);
    let texts: Vec<&str> = arrival.choices().iter().map(|c| c.text.as_str()).collect();
    assert!(
        texts[0].starts_with("I'm sorry you've had to wait."),
        "{texts:?}"
    );
    assert_eq!(
        texts[2], "Please wait like everyone else.",
        "[[text|target]]"
    );
    // Scoring from the target passages' tags.
    use frontdesk::scenario::{Ending, FatalKind, Technique};
    assert_eq!(arrival.choices()[1].fatal, Some(FatalKind::Justifying));
    assert_eq!(
        arrival.choices()[2].fatal,
        Some(FatalKind::CounterAttacking)
    );
    assert_eq!(
        arrival.choices()[0].good,
        vec![Technique::Inform, Technique::Acknowledge]
    );
    let excuse = s.nodes.iter().find(|n| n.id == "excuse").unwrap();
    assert_eq!(
        excuse.choices()[0].text,
        "Let me find you another doctor right now.",
        "[[target<-text]]"
    );
    let options = s.nodes.iter().find(|n| n.id == "options").unwrap();
    assert_eq!(
        options.choices()[1].text,
        "Thanks for your patience",
        "[[target]]"
    );
    assert_eq!(options.choices()[1].fatal, Some(FatalKind::Ignoring));
    // Passages without links are endings, from their tags.
    assert_eq!(
        s.nodes.iter().find(|n| n.id == "solved").unwrap().ending(),
        Some(Ending::Retained)
    );
    assert_eq!(
        s.nodes.iter().find(|n| n.id == "left").unwrap().ending(),
        Some(Ending::Lost)
    );
    assert!(s.nodes.iter().all(|n| n.id != "orphan" && n.id != "styles"));
    // A narrator line.
    assert!(matches!(
        arrival.lines[0].speaker,
        frontdesk::scenario::Speaker::Narrator
    ));
}

#[test]
fn import_a_twee_file() {
    let (yaml, notes) = import("tests/fixtures/twine/late-doctor.twee");
    assert_imported(&yaml, &notes);
}

#[test]
fn import_a_published_html_file() {
    let (yaml, notes) = import("tests/fixtures/twine/late-doctor.html");
    assert_imported(&yaml, &notes);
    assert!(notes.contains("passage \"Styles\"") || !yaml.contains("Styles"));
}

#[test]
fn import_writes_a_file_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("late.yaml");
    fd().args(["import", "tests/fixtures/twine/late-doctor.twee", "--out"])
        .arg(&out)
        .assert()
        .success();
    fd().args(["check"]).arg(&out).assert().success();
    fd().args(["import", "tests/fixtures/twine/late-doctor.twee", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    fd().args(["import", "tests/fixtures/good/mini.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no Twine passages"));
}

#[test]
fn new_and_import_refuse_bad_arguments_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en\nid: evil", "english", "e", "EN", ""] {
        fd().current_dir(dir.path())
            .args(["--lang", lang, "new", "late-doctor"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is not a language code"));
        fd().current_dir(dir.path())
            .args([
                "--lang",
                lang,
                "import",
                "tests/fixtures/twine/late-doctor.twee",
            ])
            .assert()
            .code(2);
    }
    for id in ["Bad Id!", "a\nlang: ru", "ä"] {
        fd().current_dir(dir.path())
            .args(["new", id])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is not a scenario id"));
    }
    let twee = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/twine/late-doctor.twee");
    fd().current_dir(dir.path())
        .arg("import")
        .arg(&twee)
        .args(["--id", "Bad Id!", "--out", "x.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--id `Bad Id!` is not a scenario id",
        ));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was written"
    );
}

#[test]
fn import_writes_only_what_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    // Passage names with raw control characters and line breaks end up in the header notes.
    let ctl = dir.path().join("ctl.twee");
    std::fs::write(
        &ctl,
        ":: Start\nHello [[Go->End]]\n\n:: End [retained]\nBye\n\n:: Orph\u{b}an\nx\n\n:: Other\rpassage\nx\n\n:: A\u{85}B\u{2028}C\nx\n",
    )
    .unwrap();
    let out = dir.path().join("ctl.yaml");
    fd().arg("import")
        .arg(&ctl)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let c = frontdesk::scenario::check_str(&text);
    assert!(!c.has_errors(), "{:?}\n{text}", c.diagnostics);
    assert!(text.contains("#   - passage \"Orph an\""), "{text}");
    fd().arg("check").arg(&out).assert().success();

    // Two passages of one name would be two nodes of one id: the checker's error, exit 1,
    // and no file.
    let dup = dir.path().join("dup.twee");
    std::fs::write(
        &dup,
        ":: Start\nHello [[Go->End]] [[Stay->Start]]\n\n:: End [retained]\nBye\n\n:: Start\nAgain [[End]]\n",
    )
    .unwrap();
    let out = dir.path().join("dup.yaml");
    fd().arg("import")
        .arg(&dup)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("duplicate node id"))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(!out.exists());
    // Nor on standard output.
    fd().arg("import")
        .arg(&dup)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
}

#[test]
fn import_never_writes_through_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("precious.yaml");
    std::fs::write(&target, "precious").unwrap();
    let link = dir.path().join("late.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    fd().args([
        "import",
        "tests/fixtures/twine/late-doctor.twee",
        "--force",
        "--out",
    ])
    .arg(&link)
    .assert()
    .code(2)
    .stderr(predicate::str::contains("is a symbolic link"));
    fd().args(["new", "late", "--out"])
        .arg(&link)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
