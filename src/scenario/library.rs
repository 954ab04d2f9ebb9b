//! The set of scenarios the trainer knows: the bundled ones and any folders or files added.

use super::decode::{Checked, check_bytes};
use super::diagnostic::Diagnostic;
use super::model::Scenario;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Where a scenario file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary; the path is under `scenarios/`.
    Bundled(&'static str),
    /// Read from disk.
    File(PathBuf),
}

impl Origin {
    /// The name used in messages: `scenarios/en/x.yaml` or the file path as given.
    pub fn display_name(&self) -> String {
        match self {
            Origin::Bundled(p) => format!("scenarios/{p}"),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

/// One file and what checking it found.
#[derive(Debug)]
pub struct SourceFile {
    /// Where it came from.
    pub origin: Origin,
    /// The raw text (kept for tools that show the file).
    pub text: String,
    /// A short, stable hash of the text (the first 8 bytes of its SHA-256, in hex), worked out
    /// once when the file is loaded: the history records it so that runs of a changed scenario
    /// are not compared blindly with runs of the old one.
    pub hash: String,
    /// The scenario, when the file has no errors; shared with the runs that play it.
    scenario: Option<Arc<Scenario>>,
    /// Errors and warnings, in file order.
    diagnostics: Vec<Diagnostic>,
}

impl SourceFile {
    /// Reads and checks a file from disk. Reading stops past the size limit, so a huge file
    /// costs no memory.
    pub fn read(path: &Path) -> Result<Self, std::io::Error> {
        let file = std::fs::File::open(path)?;
        let mut bytes = Vec::new();
        file.take(super::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        Ok(Self::new(
            Origin::File(path.to_path_buf()),
            String::from_utf8_lossy(&bytes).into_owned(),
            check_bytes(&bytes),
        ))
    }

    fn bundled(path: &'static str, text: &'static str) -> Self {
        Self::new(
            Origin::Bundled(path),
            text.to_string(),
            check_bytes(text.as_bytes()),
        )
    }

    fn new(origin: Origin, text: String, checked: Checked) -> Self {
        use sha2::{Digest, Sha256};
        let hash = Sha256::digest(text.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            origin,
            text,
            hash,
            scenario: checked.scenario.map(Arc::new),
            diagnostics: checked.diagnostics,
        }
    }

    /// The scenario, when the file is valid.
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        self.scenario.as_ref()
    }

    /// Errors and warnings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Every scenario file known, valid or not.
#[derive(Debug, Default)]
pub struct Library {
    files: Vec<SourceFile>,
}

impl Library {
    /// The scenarios compiled into the binary.
    pub fn bundled() -> Self {
        Self {
            files: bundled::BUNDLED
                .iter()
                .map(|(p, t)| SourceFile::bundled(p, t))
                .collect(),
        }
    }

    /// An empty library.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Adds every `.yaml`/`.yml` file in `dir` and its subfolders (one level of language
    /// folders is usual). Files that fail to read are returned as errors.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), std::io::Error> {
        let mut paths = Vec::new();
        collect_yaml(dir, &mut paths, 0)?;
        paths.sort();
        for p in paths {
            self.files.push(SourceFile::read(&p)?);
        }
        Ok(())
    }

    /// Adds one file.
    pub fn add_file(&mut self, path: &Path) -> Result<&SourceFile, std::io::Error> {
        self.files.push(SourceFile::read(path)?);
        Ok(self.files.last().expect("just pushed"))
    }

    /// All files, valid or not.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// All valid scenarios.
    pub fn scenarios(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.files.iter().filter_map(SourceFile::scenario)
    }

    /// The scenario `id` in `lang`; falls back to English, then to any language.
    /// The flag is true when the language asked for was not found.
    pub fn find(&self, id: &str, lang: &str) -> Option<(&Arc<Scenario>, bool)> {
        // Later files (added folders) override bundled ones with the same id and language.
        let mut exact = None;
        let mut english = None;
        let mut any = None;
        for s in self.scenarios().filter(|s| s.id.0 == id) {
            if s.lang.0 == lang {
                exact = Some(s);
            } else if s.lang.0 == "en" {
                english = Some(s);
            } else {
                any = any.or(Some(s));
            }
        }
        exact
            .map(|s| (s, false))
            .or_else(|| english.or(any).map(|s| (s, true)))
    }

    /// The file a scenario was loaded from.
    pub fn file_of(&self, s: &Scenario) -> Option<&SourceFile> {
        self.files
            .iter()
            .find(|f| f.scenario().is_some_and(|x| std::ptr::eq(&**x, s)))
    }

    /// Distinct scenario ids, sorted.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.scenarios().map(|s| s.id.0.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), std::io::Error> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            if depth < 4 {
                collect_yaml(&p, out, depth + 1)?;
            }
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
    Ok(())
}
