//! Embeds every file under `scenarios/` into the binary, so `frontdesk` works from any directory,
//! and every interface catalogue under `locales/<code>/*.ftl`, so a new language folder is picked
//! up without a code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo:rerun-if-changed=scenarios");
    let mut files = Vec::new();
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
    let mut out =
        String::from("/// Bundled scenario files: (path under `scenarios/`, contents).\n");
    out.push_str("pub static BUNDLED: &[(&str, &str)] = &[\n");
    for p in &files {
        let rel = p.strip_prefix(&root).expect("under scenarios/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundled.rs");
    std::fs::write(dest, out).expect("write bundled.rs");
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
