//! `frontdesk new` and `frontdesk import`.

use super::{ImportArgs, NewArgs};
use crate::authoring::{scaffold, twine};
use crate::scenario::text::is_id;
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// Writes the scaffold, refusing to overwrite.
pub fn new(args: &NewArgs, lang: &str) -> Result<ExitCode> {
    if !is_id(&args.id) {
        bail!(
            "`{}` is not a scenario id: use a-z, 0-9 and `-`, e.g. `late-doctor`",
            args.id
        );
    }
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.yaml", args.id)));
    let text = scaffold::scaffold(&args.id, lang, args.setting);
    crate::output::write_new(&path, &text, false).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
            "{} already exists; it was left as it is (choose another id or --out)",
            path.display()
        ),
        _ => anyhow::anyhow!("cannot write {}: {e}", path.display()),
    })?;
    eprintln!("frontdesk: wrote {}", path.display());
    eprintln!(
        "  next: frontdesk check {0} && frontdesk play {0} --watch",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Converts a Twine story and reports what could not be converted.
pub fn import(args: &ImportArgs, lang: &str) -> Result<ExitCode> {
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
        eprintln!("frontdesk: not converted: {n}");
    }
    let yaml = twine::to_yaml(&imported);
    match &args.out {
        Some(out) => {
            crate::output::write_new(out, &yaml, args.force).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    anyhow::anyhow!("{} exists; pass --force to overwrite it", out.display())
                }
                _ => anyhow::anyhow!("cannot write {}: {e}", out.display()),
            })?;
            eprintln!(
                "frontdesk: wrote {} ({} passages, {} not converted)",
                out.display(),
                imported.scenario.nodes.len(),
                imported.notes.len()
            );
        }
        None => print!("{yaml}"),
    }
    Ok(ExitCode::SUCCESS)
}
