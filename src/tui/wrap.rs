//! Word wrapping by display width, so Cyrillic, wide characters and long words all fit.

use unicode_segmentation::UnicodeSegmentation;
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
            // A word wider than the line: break it between grapheme clusters, each measured as
            // ratatui draws it (a variation selector or a ZWJ sequence changes the width of the
            // whole cluster, so the widths of its characters do not add up to it).
            for c in word.graphemes(true) {
                let cw = c.width();
                if line_w + cw > width && line_w > 0 {
                    out.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push_str(c);
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

    /// Text that changes width in a terminal (variation selectors, ZWJ sequences, flags,
    /// combining marks, zero-width characters, wide emoji): every line fits as ratatui measures
    /// it, and no character is lost, however the words fall.
    #[test]
    fn lines_fit_by_the_width_ratatui_draws() {
        let tricky = [
            "\u{2764}\u{fe0f}",
            "\u{263a}\u{fe0f}",
            "\u{1f600}",
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
            "\u{1f1f7}\u{1f1fa}",
            "\u{1f44d}\u{1f3fd}",
            "e\u{301}\u{302}",
            "\u{301}a",
            "a\u{200b}b",
            "漢字",
        ];
        for t in tricky {
            for sep in ["", " "] {
                let text = vec![t; 25].join(sep);
                for width in [1, 2, 3, 7, 10, 33] {
                    let lines = wrap(&text, width);
                    for l in &lines {
                        assert!(
                            l.width() <= width.max(2),
                            "{t:?} sep {sep:?} width {width}: {l:?} is {} wide",
                            l.width()
                        );
                    }
                    let kept: String = lines.concat().split(' ').collect();
                    assert_eq!(kept, text.replace(' ', ""), "{t:?} width {width}");
                }
            }
        }
    }

    #[test]
    fn keeps_newlines_and_survives_width_zero() {
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("ab", 0), vec!["a", "b"]);
    }
}
