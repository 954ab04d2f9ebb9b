//! `frontdesk new` and `frontdesk import`.
//!
//! What either writes goes through the real checker first (`frontdesk check`): a scenario with
//! errors is not written (exit 1), and bad arguments are refused before anything is made
//! (exit 2).

use super::{ImportArgs, NewArgs};
use crate::authoring::{scaffold, twine};
use crate::output::OutputError;
use crate::scenario::check_str;
use crate::scenario::text::{Shown, is_id, is_lang_code};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A scenario id from the command line, or why it is not one.
fn scenario_id(id: &str, flag: &str) -> Result<()> {
    if !is_id(id) {
        bail!(
            "{flag} `{}` is not a scenario id: use a-z, 0-9 and `-`, e.g. `late-doctor`",
            id.escape_debug()
        );
    }
    Ok(())
}

/// The `--lang` a scenario is written in, or why it is not a language code.
fn lang_code(lang: &str) -> Result<()> {
    if !is_lang_code(lang) {
        bail!(
            "--lang `{}` is not a language code: use two or three lowercase letters, e.g. `en` or `ru`",
            lang.escape_debug()
        );
    }
    Ok(())
}

/// Checks `text` as `frontdesk check` would. With errors, prints them as `name:LINE:COL` and
/// gives exit 1; nothing may be written then.
fn check_before_writing(text: &str, name: &str) -> Option<ExitCode> {
    let checked = check_str(text);
    if !checked.has_errors() {
        return None;
    }
    for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{}", d.display(name));
    }
    eprintln!(
        "frontdesk: error: the scenario made for {} does not pass `frontdesk check` (lines as it would have been written); nothing was written",
        Shown(name)
    );
    Some(ExitCode::from(1))
}

/// Writes `text` to `path` (see [`crate::output::write_new`]).
fn write(path: &Path, text: &str, force: bool, exists_hint: &str) -> Result<()> {
    crate::output::write_new(path, text, force).map_err(|e| match e {
        OutputError::Exists(_) => anyhow::anyhow!(
            "{} already exists; it was left as it is ({exists_hint})",
            path.display()
        ),
        e => e.into(),
    })
}

/// Writes the scaffold, refusing to overwrite.
pub fn new(args: &NewArgs, lang: &str) -> Result<ExitCode> {
    scenario_id(&args.id, "the id")?;
    lang_code(lang)?;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.yaml", args.id)));
    let text = scaffold::scaffold(&args.id, lang, args.setting);
    if let Some(code) = check_before_writing(&text, &path.display().to_string()) {
        return Ok(code);
    }
    write(&path, &text, false, "choose another id or --out")?;
    let shown = path.display().to_string();
    eprintln!("frontdesk: wrote {}", Shown(&shown));
    eprintln!(
        "  next: frontdesk check {0} && frontdesk play {0} --watch",
        Shown(&shown)
    );
    Ok(ExitCode::SUCCESS)
}

/// Converts a Twine story and reports what could not be converted.
pub fn import(args: &ImportArgs, lang: &str) -> Result<ExitCode> {
    if let Some(id) = &args.id {
        scenario_id(id, "--id")?;
    }
    lang_code(lang)?;
    if let Some(out) = &args.out {
        crate::output::check_writable(out, args.force)?;
    }
    let src = super::input::read_file(&args.file, super::input::MAX_IMPORT_BYTES)?;
    let is_html = src.contains("<tw-storydata");
    let story = if is_html {
        twine::parse_html(&src)
            .context("the HTML file has a <tw-storydata> element that could not be read")?
    } else {
        twine::parse_twee(&src)
    };
    if story.passages.is_empty() {
        bail!(
            "{} has no Twine passages (a Twee file has `:: Name` headers; a published story has <tw-storydata>)",
            args.file.display()
        );
    }
    let stem = args
        .file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("imported");
    let id = args.id.clone().unwrap_or_else(|| {
        let mut id: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        id = id.trim_matches('-').to_string();
        if id.is_empty() { "imported".into() } else { id }
    });
    let imported = twine::convert(&story, &id, lang);
    for n in &imported.notes {
        // A passage name may hold anything; the terminal gets it on one line, as the file does.
        eprintln!(
            "frontdesk: not converted: {}",
            Shown(&twine::comment_text(n))
        );
    }
    let yaml = twine::to_yaml(&imported);
    let name = match &args.out {
        Some(out) => out.display().to_string(),
        None => "<standard output>".to_string(),
    };
    if let Some(code) = check_before_writing(&yaml, &name) {
        return Ok(code);
    }
    match &args.out {
        Some(out) => {
            write(out, &yaml, args.force, "pass --force to overwrite it")?;
            eprintln!(
                "frontdesk: wrote {} ({} passages, {} not converted)",
                Shown(&out.display().to_string()),
                imported.scenario.nodes.len(),
                imported.notes.len()
            );
        }
        None => print!("{yaml}"),
    }
    Ok(ExitCode::SUCCESS)
}
