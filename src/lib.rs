//! frontdesk: a terminal roleplay trainer for medical-clinic reception staff.
//!
//! - [`scenario`]: the YAML format, the loader with located errors, validation, the library.
//! - [`engine`]: the pure conversation state machine and scoring.
//! - [`i18n`]: interface text, a Fluent catalogue per language under `locales/`.
//! - [`cli`]: the command line.

pub mod attach;
pub mod authoring;
mod bundled {
    //! The bundled scenario files, as `build.rs` checked and wrote them down.
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}
pub mod cli;
pub mod engine;
pub mod i18n;
pub mod output;
pub mod report;
pub mod scenario;
pub mod store;
pub mod tui;
pub mod web;
pub mod xapi;

#[cfg(test)]
mod tests {
    /// The layers of `docs/architecture.md`, lowest first. `bundled` is the table `build.rs`
    /// writes of the bundled files; only `scenario` reads it.
    const LAYERS: &[&[&str]] = &[
        &["bundled"],
        &["scenario"],
        &["engine"],
        &["i18n", "store", "output", "attach"],
        &["report", "authoring"],
        &["xapi"],
        &["tui"],
        &["web"],
        &["cli"],
    ];

    fn layer(module: &str) -> usize {
        LAYERS
            .iter()
            .position(|l| l.contains(&module))
            .unwrap_or_else(|| panic!("module `{module}` is in no layer of docs/architecture.md"))
    }

    /// Every `crate::x` a module names is of a lower layer (or the module itself).
    #[test]
    fn layers_point_down() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut checked = 0;
        let mut wrong = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path.strip_prefix(&src).unwrap();
                let first = rel
                    .components()
                    .next()
                    .unwrap()
                    .as_os_str()
                    .to_string_lossy();
                let module = first.trim_end_matches(".rs").to_string();
                if module == "lib" || module == "main" {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("crate::") {
                    let used: String = text[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if used.is_empty() || used == module {
                        continue;
                    }
                    checked += 1;
                    if layer(&used) >= layer(&module) {
                        wrong.push(format!("{}: uses crate::{used}", rel.display()));
                    }
                }
            }
        }
        assert!(
            checked > 50,
            "only {checked} uses found: is the walk right?"
        );
        assert!(
            wrong.is_empty(),
            "uses that point up or sideways:\n{}",
            wrong.join("\n")
        );
    }
}
