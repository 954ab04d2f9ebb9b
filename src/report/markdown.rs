//! The one Markdown escape for text that is not ours: scenario lines, replies, names.

/// `s` as literal Markdown text on one line, safe in a table cell: characters Markdown reads as
/// markup (`\ | ` * _ [ ] < >`) are escaped, a leading `#`, `-`, `+` or `>` cannot start a
/// heading, list or quote, and line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("# Not a heading"), "\\# Not a heading");
        assert_eq!(escape("C# is #1"), "C# is #1");
        assert_eq!(
            escape("*bold* _it_ `code`"),
            "\\*bold\\* \\_it\\_ \\`code\\`"
        );
        assert_eq!(escape("[link](x) <b>"), "\\[link\\](x) \\<b\\>");
        assert_eq!(escape("two\nlines"), "two lines");
    }
}
