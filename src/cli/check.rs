//! `frontdesk check [--strict] [PATH...]`: every problem in every file, as FILE:LINE:COL.

use super::{CheckArgs, Global};
use crate::scenario::{Diagnostic, Library, Scenario, SourceFile, strict};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &CheckArgs, global: &Global) -> Result<ExitCode> {
    let mut lib = if args.paths.is_empty() && global.scenarios.is_empty() {
        Library::bundled()
    } else {
        Library::empty()
    };
    for dir in &global.scenarios {
        lib.add_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?;
    }
    for p in &args.paths {
        add_path(&mut lib, p)?;
    }
    super::print_skipped(&lib);
    let report = check_library(&lib, args.strict);
    let mut errors = 0;
    let mut warnings = 0;
    for (name, diags) in &report {
        for d in diags {
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
            println!("{}", d.display(name));
        }
    }
    let files = lib.files().len();
    eprintln!(
        "checked {files} file{}: {errors} error{}, {warnings} warning{}",
        plural(files),
        plural(errors),
        plural(warnings)
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn add_path(lib: &mut Library, p: &Path) -> Result<()> {
    if p.is_dir() {
        lib.add_dir(p)
            .with_context(|| format!("cannot read {}", p.display()))
    } else {
        lib.add_file(p)
            .map(|_| ())
            .with_context(|| format!("cannot read {}", p.display()))
    }
}

/// Diagnostics per file name, in file order; strict mode adds content rules and compares the
/// languages of each id with each other.
pub fn check_library(lib: &Library, strict_rules: bool) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut out: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for f in lib.files() {
        let mut diags = f.diagnostics().to_vec();
        if strict_rules && let Some(s) = f.scenario() {
            diags.extend(strict::check(s));
            if let Some(reference) = reference_for(lib, s) {
                diags.extend(strict::same_graph(reference, s));
            }
        }
        crate::scenario::diagnostic::sort(&mut diags);
        out.entry(f.origin.display_name())
            .or_default()
            .extend(diags);
    }
    out
}

/// The version another language is compared with: English when it exists, else the first.
fn reference_for<'a>(lib: &'a Library, s: &Scenario) -> Option<&'a Scenario> {
    let same: Vec<&Scenario> = lib
        .files()
        .iter()
        .filter_map(SourceFile::scenario)
        .map(|x| &**x)
        .filter(|x| x.id == s.id)
        .collect();
    let reference = same
        .iter()
        .find(|x| x.lang.0 == "en")
        .or(same.first())
        .copied()?;
    (!std::ptr::eq(reference, s)).then_some(reference)
}
