//! Embeds every file under `scenarios/` into the binary, so `frontdesk` works from any directory,
//! and every interface catalogue under `locales/<code>/*.ftl`, so a new language folder is picked
//! up without a code change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// The crate's own loader, so the build checks bundled scenarios exactly as `frontdesk check`
// does. It refers to `crate::bundled`, which the real crate fills from this script's output;
// here an empty stand-in is enough.
#[allow(dead_code, unused_imports)]
#[path = "src/scenario/mod.rs"]
mod scenario;
#[allow(dead_code)]
mod bundled {
    pub static BUNDLED: &[crate::scenario::library::BundledFile] = &[];
}

fn main() {
    println!("cargo:rerun-if-changed=src/scenario");
    bundled_scenarios();
    locales();
}

/// `locales.rs`: every folder under `locales/` with its `.ftl` files, sorted by code and name.
fn locales() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed=locales");
    let mut langs = Vec::new();
    if let Ok(dirs) = std::fs::read_dir(&root) {
        for dir in dirs.flatten() {
            let p = dir.path();
            if !p.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", p.display());
            let mut files: Vec<_> = std::fs::read_dir(&p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort();
            if !files.is_empty() {
                langs.push((dir.file_name().to_string_lossy().into_owned(), files));
            }
        }
    }
    langs.sort();
    let mut out = String::from(
        "/// Bundled interface catalogues: (language code, [(file name, contents)]).\n",
    );
    out.push_str("pub static LOCALES: &[(&str, &[(&str, &str)])] = &[\n");
    for (code, files) in &langs {
        writeln!(out, "    ({code:?}, &[").unwrap();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy();
            writeln!(
                out,
                "        ({name:?}, include_str!({:?})),",
                f.display().to_string()
            )
            .unwrap();
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locales.rs");
    std::fs::write(dest, out).expect("write locales.rs");
}

/// `bundled.rs`: every file under `scenarios/<lang>/`, checked with the real loader (any error
/// fails the build with the same FILE:LINE:COL messages as `frontdesk check`), with what lists
/// show of it, so the binary lists its scenarios without parsing them.
fn bundled_scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo:rerun-if-changed=scenarios");
    let mut files: Vec<PathBuf> = Vec::new();
    if let Ok(langs) = std::fs::read_dir(&root) {
        for lang in langs.flatten() {
            println!("cargo:rerun-if-changed={}", lang.path().display());
            if let Ok(entries) = std::fs::read_dir(lang.path()) {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                        files.push(p);
                    }
                }
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// Bundled scenario files, checked by the build.\n\
         pub static BUNDLED: &[crate::scenario::library::BundledFile] = &[\n",
    );
    let mut failed = false;
    for p in &files {
        let rel = p.strip_prefix(&root).expect("under scenarios/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let checked = scenario::check_str(&text);
        let name = format!("scenarios/{rel}");
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            println!("cargo::error={}", d.display(&name));
            failed = true;
        }
        let Some(s) = checked.scenario else {
            continue;
        };
        writeln!(
            out,
            "    crate::scenario::library::BundledFile {{ path: {rel:?}, text: include_str!({path:?}), \
             hash: {hash:?}, id: {id:?}, lang: {lang:?}, title: {title:?}, summary: {summary:?}, \
             source: {source:?}, setting: {setting:?}, difficulty: {difficulty} }},",
            path = p.display().to_string(),
            hash = scenario::library::hash_text(&text),
            id = s.id.0,
            lang = s.lang.0,
            title = s.title,
            summary = s.summary,
            source = s.source,
            setting = s.setting.as_str(),
            difficulty = s.difficulty,
        )
        .unwrap();
    }
    if failed {
        println!(
            "cargo::error=a bundled scenario has errors; fix it (frontdesk check FILE shows the same)"
        );
        std::process::exit(1);
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled.rs");
    std::fs::write(dest, out).expect("write bundled.rs");
}
