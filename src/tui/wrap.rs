//! Word wrapping by display width, so Cyrillic, wide characters and long words all fit.

use unicode_width::UnicodeWidthChar;
use unicode_width::UnicodeWidthStr;

/// Splits `text` into lines of at most `width` columns, breaking at spaces, and inside a word
/// only when the word alone is wider than the line. Newlines in the text are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = word.width();
            let gap = usize::from(line_w > 0);
            if line_w + gap + w <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += gap + w;
                continue;
            }
            if line_w > 0 {
                out.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if w <= width {
                line.push_str(word);
                line_w = w;
                continue;
            }
            // A word wider than the line: break it by characters.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if line_w + cw > width && line_w > 0 {
                    out.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            wrap("the quick brown fox", 10),
            vec!["the quick", "brown fox"]
        );
    }

    #[test]
    fn wraps_cyrillic_by_width_not_bytes() {
        let lines = wrap("Здравствуйте, Марина Сергеевна, проходите", 15);
        assert_eq!(
            lines,
            vec!["Здравствуйте,", "Марина", "Сергеевна,", "проходите"]
        );
        assert!(lines.iter().all(|l| l.width() <= 15));
    }

    #[test]
    fn breaks_words_longer_than_the_line() {
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn keeps_newlines_and_survives_width_zero() {
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("ab", 0), vec!["a", "b"]);
    }
}
