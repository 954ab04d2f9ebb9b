//! `frontdesk list`: every scenario id with its languages, title, setting and difficulty.

use super::ListArgs;
use crate::i18n::Lang;
use crate::scenario::{Library, Origin};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(lib: &Library, lang: &str, args: &ListArgs) -> Result<ExitCode> {
    let t = Lang::from_code(lang).texts();
    let mut rows = Vec::new();
    for id in lib.ids() {
        let Some((file, s)) = lib
            .find_file(id, lang)
            .and_then(|(f, _)| Some((f, f.header()?)))
        else {
            continue;
        };
        // Headers only: listing parses no bundled file.
        let mut langs: Vec<&str> = lib
            .headers()
            .filter(|(_, x)| x.id.0 == id)
            .map(|(_, x)| x.lang.0.as_str())
            .collect();
        langs.sort_unstable();
        langs.dedup();
        rows.push((s, langs, file));
    }
    if args.json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|(s, langs, origin)| {
                serde_json::json!({
                    "id": s.id.0,
                    "languages": langs,
                    "lang": s.lang.0,
                    "title": s.title,
                    "setting": s.setting.as_str(),
                    "difficulty": s.difficulty,
                    "summary": s.summary,
                    "source": s.source,
                    "origin": origin.origin.display_name(),
                    "bundled": matches!(origin.origin, Origin::Bundled(_)),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(ExitCode::SUCCESS);
    }
    let id_w = rows
        .iter()
        .map(|(s, _, _)| s.id.0.len())
        .max()
        .unwrap_or(2)
        .max(2);
    // The setting's word in the interface's language ("регистратура" is longer than "desk").
    let set_w = rows
        .iter()
        .map(|(s, _, _)| t.setting(s.setting).chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    for (s, langs, file) in &rows {
        // A scenario from a `--scenarios` folder says where it came from (it may replace a
        // bundled one of the same id).
        let from = match &file.origin {
            Origin::Bundled(_) => String::new(),
            Origin::File(_) => format!("  ({})", file.origin.display_name()),
        };
        println!(
            "{:<id_w$}  {:<6}  {:<set_w$}  {}  {}{from}",
            s.id.0,
            langs.join(","),
            t.setting(s.setting),
            crate::i18n::words::stars(s.difficulty),
            s.title,
        );
        if args.long {
            let indent = " ".repeat(id_w + 2);
            for l in crate::tui::wrap::wrap(&s.summary, 76) {
                println!("{indent}{l}");
            }
            if let Some(src) = &s.source {
                for l in crate::tui::wrap::wrap(&format!("{}: {src}", t.source()), 76) {
                    println!("{indent}{l}");
                }
            }
            println!();
        }
    }
    Ok(ExitCode::SUCCESS)
}
