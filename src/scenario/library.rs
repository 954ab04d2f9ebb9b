//! The set of scenarios the trainer knows: the bundled ones and any folders or files added.

use super::decode::{Checked, check_bytes};
use super::diagnostic::Diagnostic;
use super::model::{Header, LangCode, Scenario, ScenarioId, Setting};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One bundled file as the build wrote it down: checked at build time (a build that ships an
/// invalid scenario fails), so listing it needs no parsing at start-up.
#[derive(Debug)]
pub struct BundledFile {
    /// Path under `scenarios/`.
    pub path: &'static str,
    /// The file's text.
    pub text: &'static str,
    /// Its hash (see [`SourceFile::hash`]).
    pub hash: &'static str,
    /// `id:`.
    pub id: &'static str,
    /// `lang:`.
    pub lang: &'static str,
    /// `title:`.
    pub title: &'static str,
    /// `summary:`.
    pub summary: &'static str,
    /// `source:`.
    pub source: Option<&'static str>,
    /// `setting:`.
    pub setting: &'static str,
    /// `difficulty:`.
    pub difficulty: u8,
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
    /// The name used in messages: `scenarios/en/x.yaml` or the file path as given, with any
    /// control character in it shown as an escape (see [`super::text::visible`]).
    pub fn display_name(&self) -> String {
        match self {
            Origin::Bundled(p) => format!("scenarios/{p}"),
            Origin::File(p) => super::text::visible_owned(p.display().to_string()),
        }
    }
}

/// What checking a file found.
#[derive(Debug)]
struct Loaded {
    /// The scenario, when the file has no errors; shared with the runs that play it.
    scenario: Option<Arc<Scenario>>,
    /// Errors and warnings, in file order.
    diagnostics: Vec<Diagnostic>,
}

impl From<Checked> for Loaded {
    fn from(c: Checked) -> Self {
        Self {
            scenario: c.scenario.map(Arc::new),
            diagnostics: c.diagnostics,
        }
    }
}

/// One file and what checking it found. A bundled file is parsed the first time its scenario
/// is asked for; a file from disk is checked when it is read.
#[derive(Debug)]
pub struct SourceFile {
    /// Where it came from.
    pub origin: Origin,
    /// The raw text (kept for tools that show the file).
    pub text: Cow<'static, str>,
    header: Option<Header>,
    hash: OnceLock<String>,
    loaded: OnceLock<Loaded>,
}

impl SourceFile {
    /// Reads and checks a file from disk. Reading stops past the size limit, so a huge file
    /// costs no memory.
    pub fn read(path: &Path) -> Result<Self, std::io::Error> {
        let file = open_regular(path)?;
        let mut bytes = Vec::new();
        file.take(super::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        let loaded = Loaded::from(check_bytes(&bytes));
        let header = loaded.scenario.as_deref().map(Scenario::header);
        Ok(Self {
            origin: Origin::File(path.to_path_buf()),
            text: Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
            header,
            hash: OnceLock::new(),
            loaded: OnceLock::from(loaded),
        })
    }

    fn bundled(b: &'static BundledFile) -> Self {
        let header = Header {
            id: ScenarioId(b.id.to_string()),
            lang: LangCode(b.lang.to_string()),
            title: b.title.to_string(),
            summary: b.summary.to_string(),
            source: b.source.map(str::to_string),
            setting: Setting::parse(b.setting).expect("the build checked the setting"),
            difficulty: b.difficulty,
        };
        Self {
            origin: Origin::Bundled(b.path),
            text: Cow::Borrowed(b.text),
            header: Some(header),
            hash: OnceLock::from(b.hash.to_string()),
            loaded: OnceLock::new(),
        }
    }

    fn loaded(&self) -> &Loaded {
        self.loaded
            .get_or_init(|| Loaded::from(check_bytes(self.text.as_bytes())))
    }

    /// The scenario, when the file is valid (a bundled file is parsed on first use).
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        self.loaded().scenario.as_ref()
    }

    /// What lists show, when the file is valid; no parsing for a bundled file.
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    /// Errors and warnings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.loaded().diagnostics
    }

    /// True when some diagnostic is an error. A bundled file has none: the build checked it.
    pub fn has_errors(&self) -> bool {
        if matches!(self.origin, Origin::Bundled(_)) && self.loaded.get().is_none() {
            return false;
        }
        self.diagnostics().iter().any(Diagnostic::is_error)
    }

    /// A short, stable hash of the text (the first 8 bytes of its SHA-256, in hex), worked out
    /// at most once (at build time for a bundled file): the history records it so that runs of
    /// a changed scenario are not compared blindly with runs of the old one.
    pub fn hash(&self) -> &str {
        self.hash.get_or_init(|| hash_text(&self.text))
    }
}

/// The hash [`SourceFile::hash`] gives for a text.
pub fn hash_text(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens `path` for reading if it is a regular file (a symlink to one is fine), and refuses
/// anything else with an error that says what it is: reading a FIFO would block until someone
/// writes to it, a device may never end. The type is checked before opening and again on the
/// opened descriptor (`fstat`), which is what is read, so a file swapped for a FIFO between the
/// two cannot block: the open itself does not wait (`O_NONBLOCK`, which changes nothing for a
/// regular file).
pub fn open_regular(path: &Path) -> Result<std::fs::File, std::io::Error> {
    refuse_special(&std::fs::metadata(path)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    refuse_special(&file.metadata()?)?;
    Ok(file)
}

fn refuse_special(meta: &std::fs::Metadata) -> Result<(), std::io::Error> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() {
        "a folder"
    } else {
        special_kind(&t)
    };
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("it is {what}, not a regular file; only regular files are read"),
    ))
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Every scenario file known, valid or not.
#[derive(Debug, Default)]
pub struct Library {
    files: Vec<SourceFile>,
    /// Files and folders under an added folder that could not be read, with why.
    skipped: Vec<(PathBuf, String)>,
}

impl Library {
    /// The scenarios compiled into the binary. Nothing is parsed until a scenario is used.
    pub fn bundled() -> Self {
        Self {
            files: crate::bundled::BUNDLED
                .iter()
                .map(SourceFile::bundled)
                .collect(),
            skipped: Vec::new(),
        }
    }

    /// An empty library.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Adds every `.yaml`/`.yml` file in `dir` and its subfolders (one level of language
    /// folders is usual). Only `dir` itself not being readable is an error: a file or subfolder
    /// that cannot be read (no permission, a FIFO, a device) is left out and listed in
    /// [`Library::skipped`], so one bad file does not stop the trainer from starting.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), std::io::Error> {
        let mut paths = Vec::new();
        let entries = std::fs::read_dir(dir)?;
        collect_yaml(entries, dir, &mut paths, &mut self.skipped, 0);
        paths.sort();
        for p in paths {
            match SourceFile::read(&p) {
                Ok(f) => self.files.push(f),
                Err(e) => self.skipped.push((p, e.to_string())),
            }
        }
        Ok(())
    }

    /// Files and folders under the added folders that were not read, with why.
    pub fn skipped(&self) -> &[(PathBuf, String)] {
        &self.skipped
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

    /// All valid scenarios (this parses every bundled file).
    pub fn scenarios(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.files.iter().filter_map(SourceFile::scenario)
    }

    /// The valid files with what lists show of them, without parsing bundled files.
    pub fn headers(&self) -> impl Iterator<Item = (&SourceFile, &Header)> {
        self.files.iter().filter_map(|f| Some((f, f.header()?)))
    }

    /// The file of scenario `id` in `lang`; falls back to English, then to any language.
    /// The flag is true when the language asked for was not found. Nothing is parsed.
    pub fn find_file(&self, id: &str, lang: &str) -> Option<(&SourceFile, bool)> {
        // Later files (added folders) override bundled ones with the same id and language.
        let mut exact = None;
        let mut english = None;
        let mut any = None;
        for (f, h) in self.headers().filter(|(_, h)| h.id.0 == id) {
            if h.lang.0 == lang {
                exact = Some(f);
            } else if h.lang.0 == "en" {
                english = Some(f);
            } else {
                any = any.or(Some(f));
            }
        }
        exact
            .map(|f| (f, false))
            .or_else(|| english.or(any).map(|f| (f, true)))
    }

    /// The scenario `id` in `lang`, parsed; falls back as [`Library::find_file`] does.
    pub fn find(&self, id: &str, lang: &str) -> Option<(&Arc<Scenario>, bool)> {
        let (f, fell_back) = self.find_file(id, lang)?;
        Some((f.scenario()?, fell_back))
    }

    /// The file a scenario was loaded from.
    pub fn file_of(&self, s: &Scenario) -> Option<&SourceFile> {
        self.files.iter().find(|f| {
            f.loaded
                .get()
                .and_then(|l| l.scenario.as_ref())
                .is_some_and(|x| std::ptr::eq(&**x, s))
        })
    }

    /// Distinct scenario ids, sorted.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.headers().map(|(_, h)| h.id.0.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

fn collect_yaml(
    entries: std::fs::ReadDir,
    dir: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<(PathBuf, String)>,
    depth: usize,
) {
    for e in entries {
        let p = match e {
            Ok(e) => e.path(),
            Err(e) => {
                skipped.push((dir.to_path_buf(), e.to_string()));
                continue;
            }
        };
        if p.is_dir() {
            if depth < 4 {
                match std::fs::read_dir(&p) {
                    Ok(sub) => collect_yaml(sub, &p, out, skipped, depth + 1),
                    Err(e) => skipped.push((p, e.to_string())),
                }
            }
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}
