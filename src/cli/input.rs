//! Reading what a person or a pipe hands us, never more than a bound: a reply line, a file to
//! import. An unbounded `read_line` or `read_to_string` on `/dev/zero` grows until the machine
//! runs out of memory; these stop one byte past the limit and say what was refused.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, Read};
use std::path::Path;

/// The longest line of input accepted where a reply number is expected.
pub const MAX_LINE_BYTES: usize = 4 * 1024;

/// The largest file `import` reads: the scenario it writes may be no larger either.
pub const MAX_IMPORT_BYTES: usize = crate::scenario::MAX_FILE_BYTES;

/// Reads one line into `line` (cleared first), newline included; `Ok(false)` at the end of the
/// input. A line longer than [`MAX_LINE_BYTES`] is an error, found after reading at most one
/// byte more than that.
pub fn read_line(input: &mut impl BufRead, line: &mut String) -> Result<bool> {
    line.clear();
    let mut bytes = Vec::new();
    let n = input
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', &mut bytes)
        .context("cannot read standard input")?;
    if n == 0 {
        return Ok(false);
    }
    let content = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    if content.len() > MAX_LINE_BYTES {
        bail!(
            "standard input: a line longer than {} KiB was refused; a reply is a number such as 2 followed by Enter",
            MAX_LINE_BYTES / 1024
        );
    }
    line.push_str(&String::from_utf8_lossy(&bytes));
    Ok(true)
}

/// Reads a whole text file of at most `limit` bytes, reading at most one byte more to find out.
pub fn read_file(path: &Path, limit: usize) -> Result<String> {
    // Only a regular file: a FIFO or a device would block or never end.
    let file = crate::scenario::library::open_regular(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() > limit {
        bail!(
            "{} is larger than {} MiB; a file that large is not a story to import",
            path.display(),
            limit / (1024 * 1024)
        );
    }
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_up_to_the_limit_are_read_longer_ones_refused() {
        let ok = format!("{}\n2\n", "1".repeat(MAX_LINE_BYTES));
        let mut input = ok.as_bytes();
        let mut line = String::new();
        assert!(read_line(&mut input, &mut line).unwrap());
        assert_eq!(line.len(), MAX_LINE_BYTES + 1);
        assert!(read_line(&mut input, &mut line).unwrap());
        assert_eq!(line, "2\n");
        assert!(!read_line(&mut input, &mut line).unwrap());

        let long = "x".repeat(MAX_LINE_BYTES + 1);
        let err = read_line(&mut long.as_bytes(), &mut line).unwrap_err();
        assert!(err.to_string().contains("longer than 4 KiB"), "{err}");
    }

    #[test]
    fn an_endless_stream_is_refused_after_the_limit() {
        let mut zeros = std::io::BufReader::new(std::io::repeat(0));
        let mut line = String::new();
        assert!(read_line(&mut zeros, &mut line).is_err());
    }
}
