//! `frontdesk check [--strict] [PATH...]`: every problem in every file, as FILE:LINE:COL.

use super::{CheckArgs, Global};
use crate::authoring::tells;
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
    if let Some(out) = &args.tells_report {
        // Before the work: say at once that the report will not be written.
        crate::output::check_writable(out, args.force)?;
    }
    super::print_skipped(&lib);
    let report = check_library(&lib, args.strict);
    let mut errors = 0;
    let mut warnings = 0;
    for (name, diags) in &report.diagnostics {
        for d in diags {
            if d.is_error() {
                errors += 1;
            } else {
                warnings += 1;
            }
            println!("{}", d.display(name));
        }
        if let Some(t) = report.tells.get(name) {
            println!(
                "{}: tells: {} (mean score of each naive strategy over {} runs)",
                crate::scenario::text::Shown(name),
                t.summary(),
                tells::SEEDS
            );
        }
    }
    if let Some(out) = &args.tells_report {
        let all: Vec<tells::Tells> = report.tells.values().cloned().collect();
        crate::output::write_new(out, &tells::markdown(&all), args.force)?;
        eprintln!(
            "wrote the tells report to {}",
            crate::scenario::text::Shown(&out.display().to_string())
        );
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

/// What `check` found: diagnostics per file name, and in strict mode the tells per file.
pub struct Report {
    /// Per file name, in file order.
    pub diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Per file name (strict mode, valid files only).
    pub tells: BTreeMap<String, tells::Tells>,
}

/// Diagnostics per file name, in file order; strict mode adds content rules, the tells linter,
/// and compares the languages of each id with each other.
pub fn check_library(lib: &Library, strict_rules: bool) -> Report {
    let mut out = Report {
        diagnostics: BTreeMap::new(),
        tells: BTreeMap::new(),
    };
    for f in lib.files() {
        let mut diags = f.diagnostics().to_vec();
        let name = f.origin.display_name();
        if strict_rules && let Some(s) = f.scenario() {
            diags.extend(strict::check(s));
            if let Some(reference) = reference_for(lib, s) {
                diags.extend(strict::same_graph(reference, s));
            }
            let t = tells::analyse(s);
            diags.extend(t.diagnostics());
            out.tells.insert(name.clone(), t);
        }
        crate::scenario::diagnostic::sort(&mut diags);
        out.diagnostics.entry(name).or_default().extend(diags);
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
