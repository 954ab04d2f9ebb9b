//! Problems found in a scenario file, located to the line and column of the offending key.
//!
//! Messages quote what the file says (keys, ids, `next` targets, conditions, flags), so the
//! message and the hint go through [`visible`] when a diagnostic is made, and the file name
//! when it is shown: nothing a file holds reaches a terminal raw, whichever way it is printed.

use super::text::{visible, visible_owned};
use std::fmt;

/// A position in a source file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Mark {
    /// Line, starting at 1.
    pub line: u32,
    /// Column in characters, starting at 1.
    pub col: u32,
}

impl Mark {
    /// A mark at `line`:`col` (both 1-based).
    pub fn new(line: u32, col: u32) -> Self {
        Self { line, col }
    }
}

/// How bad a problem is: errors make a file unusable, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file cannot be played.
    Error,
    /// The file plays, but something is likely a mistake.
    Warning,
}

/// One problem in one file, printed as `FILE:LINE:COL: error: message` plus a hint line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the file.
    pub mark: Mark,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `mark`.
    pub fn error(mark: Mark, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            mark,
            message: visible_owned(message.into()),
            hint: None,
        }
    }

    /// A warning at `mark`.
    pub fn warning(mark: Mark, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            mark,
            message: visible_owned(message.into()),
            hint: None,
        }
    }

    /// The same problem with a hint on what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(visible_owned(hint.into()));
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the problem for `file`, in the `FILE:LINE:COL: error: message` form.
    pub fn display<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        DiagnosticDisplay { diag: self, file }
    }
}

struct DiagnosticDisplay<'a> {
    diag: &'a Diagnostic,
    file: &'a str,
}

impl fmt::Display for DiagnosticDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            visible(self.file),
            d.mark.line,
            d.mark.col,
            d.message
        )?;
        if let Some(hint) = &d.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts problems by position so a reader can walk the file top to bottom.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.mark.cmp(&b.mark).then(a.severity.cmp(&b.severity)));
}
