//! Every bad-input fixture gets a clear, located, one-problem-per-line error and exit code 1.

use assert_cmd::Command;
use std::path::Path;

fn check(path: &Path) -> (i32, String) {
    let out = Command::cargo_bin("frontdesk")
        .unwrap()
        .arg("check")
        .arg(path)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("diagnostics are UTF-8"),
    )
}

/// (fixture, expected `LINE:COL`, expected words in the message)
const CASES: &[(&str, &str, &str)] = &[
    ("empty.yaml", "1:1", "the file is empty"),
    ("binary.yaml", "1:8", "binary file"),
    ("invalid-utf8.yaml", "2:12", "not valid UTF-8"),
    ("escape-osc.yaml", "5:8", "control character U+001B"),
    ("escape-c1.yaml", "6:10", "control character U+009B"),
    ("bidi-override.yaml", "27:19", "control character U+202E"),
    ("deep-flow-nesting.yaml", "1:68", "nesting deeper than 64"),
    ("deep-map-nesting.yaml", "1:257", "nesting deeper than 64"),
    ("alias-bomb.yaml", "7:10", "aliases expand"),
    ("syntax-error.yaml", "6:8", "YAML syntax"),
    ("two-documents.yaml", "75:1", "more than one YAML document"),
    ("duplicate-key.yaml", "6:1", "duplicate key `title`"),
    ("unknown-key.yaml", "30:9", "unknown key `fatl`"),
    (
        "unknown-fatal.yaml",
        "36:16",
        "unknown fatal error `ignorance`",
    ),
    (
        "unknown-technique.yaml",
        "23:16",
        "unknown technique `clarifying`",
    ),
    (
        "unknown-ending.yaml",
        "70:13",
        "unknown ending `escalation`",
    ),
    ("unknown-speaker.yaml", "43:9", "unknown speaker `patinet`"),
    (
        "unknown-placeholder.yaml",
        "19:19",
        "unknown placeholder `{docter}`",
    ),
    (
        "missing-key.yaml",
        "3:1",
        "missing the required key `summary`",
    ),
    ("wrong-type.yaml", "9:13", "must be a whole number"),
    (
        "duplicate-node.yaml",
        "68:9",
        "duplicate node id `retained`",
    ),
    ("missing-start.yaml", "14:8", "there is no node `helo`"),
    ("missing-next.yaml", "50:15", "there is no node `lots`"),
    ("no-choices.yaml", "72:5", "neither `choices` nor `ending`"),
    (
        "ending-with-choices.yaml",
        "75:5",
        "ending node `lost` has `choices`",
    ),
    ("unreachable-node.yaml", "75:5", "unreachable from `start`"),
    (
        "no-ending-reachable.yaml",
        "75:5",
        "no ending can be reached",
    ),
    ("no-fallback.yaml", "58:14", "no fallback"),
    ("bad-condition.yaml", "60:27", "does not parse"),
    (
        "flag-never-set.yaml",
        "60:13",
        "flag `asked_who` is tested but never set",
    ),
    (
        "all-replies-conditional.yaml",
        "21:5",
        "every reply in node `hello` has an `if`",
    ),
    ("fatal-and-good.yaml", "31:9", "both `fatal` and `good`"),
    (
        "pitfall-and-fatal.yaml",
        "37:9",
        "both `pitfall` and `fatal`",
    ),
    ("pitfall-and-good.yaml", "24:9", "both `pitfall` and `good`"),
    (
        "unknown-pitfall.yaml",
        "61:18",
        "unknown pitfall `givin-in`",
    ),
    // At the placeholder itself, inside the line.
    (
        "missing-form.yaml",
        "66:51",
        "role `doctor` has no `gen` form for `Dr. Smith`",
    ),
    ("unknown-form.yaml", "66:35", "unknown case form `gne`"),
    ("form-without-nom.yaml", "12:18", "has no `nom`"),
    ("unknown-form-key.yaml", "12:36", "unknown key `gn`"),
    ("tab-indent.yaml", "11:1", "YAML syntax"),
    ("not-a-map.yaml", "1:1", "must be a map"),
    // A raw ESC inside a quoted reply, reported where it is (libyaml alone says 1:1).
    ("raw-control.yaml", "22:27", "raw control character U+001B"),
    ("line-separator.yaml", "43:30", "line separator U+2028"),
    ("yaml-tag.yaml", "6:10", "YAML tag `!!binary`"),
];

#[test]
fn every_fixture_has_a_case_and_every_case_a_fixture() {
    let dir = Path::new("tests/fixtures/bad");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    cases.sort();
    assert_eq!(files, cases);
}

#[test]
fn each_bad_fixture_is_reported_at_its_position() {
    let mut failures = Vec::new();
    for (file, pos, words) in CASES {
        let path = Path::new("tests/fixtures/bad").join(file);
        let (code, out) = check(&path);
        let expected = format!("{}:{pos}: error: ", path.display());
        let found = out
            .lines()
            .any(|l| l.starts_with(&expected) && l.contains(words));
        if code != 1 || !found {
            failures.push(format!(
                "{file}: exit {code}, wanted `{expected}…{words}…`, got:\n{out}"
            ));
        }
        // One line per problem plus its hint: no message spills over several lines.
        for l in out.lines() {
            assert!(
                l.contains(": error: ") || l.contains(": warning: ") || l.starts_with("  hint: "),
                "{file}: stray output line {l:?}"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_tab_fixture_says_to_use_spaces() {
    let (_, out) = check(Path::new("tests/fixtures/bad/tab-indent.yaml"));
    assert!(out.contains("indent with spaces, not tabs"), "{out}");
}

#[test]
fn every_problem_in_a_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("tests/fixtures/good/mini.yaml").unwrap();
    let broken = base
        .replace("        fatal: justifying", "        fatl: justifying")
        .replace("start: hello", "start: helo")
        .replace("fatal: ignoring", "fatal: ignorance");
    let p = dir.path().join("many.yaml");
    std::fs::write(&p, broken).unwrap();
    let (code, out) = check(&p);
    assert_eq!(code, 1);
    for words in ["unknown key `fatl`", "unknown fatal error `ignorance`"] {
        assert!(out.contains(words), "{words} missing from\n{out}");
    }
    assert!(out.lines().filter(|l| l.contains(": error: ")).count() >= 2);
}

/// Files too large to keep in the repository are made on the spot.
mod generated {
    use super::*;

    fn write(name: &str, content: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        (dir, p)
    }

    #[test]
    fn a_50_mb_file_is_refused_without_reading_it_all() {
        let mut big = b"id: big\nsummary: \"".to_vec();
        big.resize(50 * 1024 * 1024, b'x');
        let (_d, p) = write("big.yaml", &big);
        let (code, out) = check(&p);
        assert_eq!(code, 1);
        assert!(out.contains(":1:1: error: the file is "), "{out}");
        assert!(out.contains("at most 16 MiB"), "{out}");
    }

    #[test]
    fn hundred_thousand_open_brackets_fail_fast() {
        let (_d, p) = write("brackets.yaml", "[".repeat(100_000).as_bytes());
        let (code, out) = check(&p);
        assert_eq!(code, 1);
        assert!(out.contains("nesting deeper than 64 levels"), "{out}");
    }

    #[test]
    fn hundred_thousand_nested_maps_fail_fast() {
        let (_d, p) = write("maps.yaml", "{a: ".repeat(100_000).as_bytes());
        let (code, out) = check(&p);
        assert_eq!(code, 1);
        assert!(out.contains("nesting deeper than 64 levels"), "{out}");
    }

    #[test]
    fn aliasing_one_big_list_from_every_node_is_refused() {
        // The shape that expands to 100 million replies under serde_yaml.
        let mut s = String::from("id: x\nbig: &big\n");
        for i in 0..10_000 {
            s.push_str(&format!("  - {{text: \"reply {i}\", next: n}}\n"));
        }
        s.push_str("nodes:\n");
        for i in 0..10_000 {
            s.push_str(&format!("  - {{id: n{i}, choices: *big}}\n"));
        }
        let (_d, p) = write("aliases.yaml", s.as_bytes());
        let (code, out) = check(&p);
        assert_eq!(code, 1);
        assert!(out.contains("aliases expand"), "{out}");
    }

    #[test]
    fn aliases_may_not_make_a_file_cost_more_than_a_small_multiple_of_its_size() {
        // 1,000 replies aliased from 1,500 nodes: 156 KB that stayed under the old fixed bounds
        // (8 million nodes, 64 MiB of text) and cost hundreds of MB. What aliases add is now
        // bounded by the file's size, and the error points at the alias that crosses it.
        let mut s = String::from(
            "id: x\nlang: en\ntitle: X\nsummary: S.\nsetting: desk\ndifficulty: 1\n\
             roles: {patient: {name: A}}\nstart: n0\nbig: &big\n",
        );
        for i in 0..1_000 {
            s.push_str(&format!(
                "  - {{text: \"reply {i}\", mood: 0, thought: Hm., feedback: Ok., next: end}}\n"
            ));
        }
        s.push_str("nodes:\n");
        for i in 0..1_500 {
            s.push_str(&format!(
                "  - {{id: n{i}, lines: [{{patient: Hi.}}], choices: *big}}\n"
            ));
        }
        s.push_str("  - {id: end, lines: [{patient: Bye.}], ending: retained}\n");
        let (_d, p) = write("bomb.yaml", s.as_bytes());
        let (code, out) = check(&p);
        assert_eq!(code, 1);
        // 9 lines of header, 1,000 replies, `nodes:`; each alias adds 11,001 nodes (a reply is
        // a map of 5 keys and 5 values), and the 156 KB file allows 31,191: the third crosses.
        let line = 9 + 1_000 + 1 + 3;
        assert!(
            out.contains(&format!(":{line}:48: error: aliases expand")),
            "{out}"
        );
    }

    /// A valid scenario whose one branch condition is `asked and asked and …` of `terms` terms.
    fn long_condition(terms: usize) -> String {
        let cond = vec!["asked"; terms].join(" and ");
        std::fs::read_to_string("tests/fixtures/good/mini.yaml")
            .unwrap()
            .replace("asked and mood >= 2", &cond)
    }

    #[test]
    fn a_condition_of_120_000_terms_is_checked_played_and_listed() {
        // Each `and` used to add a level to the condition tree: `check`, `play` and `list` then
        // overflowed the stack (exit 134) evaluating, printing or dropping it.
        let (d, p) = write("long.yaml", long_condition(120_000).as_bytes());
        let (code, out) = check(&p);
        assert_eq!(code, 0, "{out}");
        let run = |args: &[&str]| {
            Command::cargo_bin("frontdesk")
                .unwrap()
                .env("FRONTDESK_DATA_DIR", d.path())
                .args(args)
                .timeout(std::time::Duration::from_secs(60))
                .output()
                .unwrap()
        };
        let path = p.to_str().unwrap();
        let out = run(&["play", path, "--plain", "--no-shuffle", "--choices", "1,2"]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Score: 100/100"));
        let folder = d.path().to_str().unwrap();
        let out = run(&["list", "--scenarios", folder]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("mini"));
        let out = run(&["check", "--strict", path]);
        assert_ne!(out.status.code(), Some(134), "{out:?}");
    }
}
