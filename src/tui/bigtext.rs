//! Big text for the projector: Latin and Cyrillic drawn from a bitmap font, several terminal
//! cells tall, word-wrapped over as many big lines as the area allows.
//!
//! The glyphs come from `embedded-graphics`' ISO 8859-5 fonts: ASCII, `№`, `§` and the Cyrillic
//! letters of Russian (with `ё`), Bulgarian, Serbian, Macedonian, Belarusian and Ukrainian, all
//! but `Ґ` and `Ѝ` (mapped, below). Font pixels become cells with half blocks (`▀▄█`, one pixel
//! wide and two tall per cell, so pixels come out roughly square; the default) or quadrants
//! (`▘▝▖▗▚▞▌▐…`, two by two per cell: twice as many letters a line, but narrow ones).
//!
//! [`fit`] picks the largest [`FontSize`] at which the whole text fits the area, wrapped at spaces
//! with every word whole, and says how big the block is; it returns `None` when even the
//! smallest size does not fit. [`BigText`] renders that layout, or, when [`fit`] gives `None`,
//! the same text as ordinary word-wrapped text (see [`super::wrap::wrap`]), so no text is ever
//! lost to a small window. The block sits at the top of the area (use [`Fit::height`] to place
//! it); big text writes every cell of the rows it covers, and nothing outside the area. Nothing
//! is cached between frames: a 40-letter line at 160×45 costs about 0.2 ms a frame (the
//! `render/bigtext_40_chars_160x45` bench).
//!
//! Characters the font lacks: typographic ones are mapped to near equivalents before fitting —
//! `«» „“”` → `"`, `‘’‚` → `'`, `‐‑‒–—―−` → `-`, `…` → `...`, `•` → `*`, thin and other
//! Unicode spaces → space (no-break ones stay no-break), `Ѝѝ` → `Ии` (the grave accent is
//! dropped), `Ґґ` → `Гг`; soft hyphens, zero-width spaces and carriage returns are removed, tabs
//! become spaces. `ё`, `№` and `§` are in the font and are drawn as they are. Any other character
//! the font lacks (emoji, CJK, `€`, `°`, control characters) makes the **whole block** fall back
//! to ordinary text, drawn unmapped by the terminal's own font — never a replacement glyph.
//!
//! ```
//! use frontdesk::tui::bigtext::{self, BigText, Pixels};
//! use ratatui::{buffer::Buffer, layout::{Alignment, Rect}, style::Style, widgets::Widget};
//!
//! let area = Rect::new(0, 0, 80, 20);
//! // Decide between big and normal text, or size a layout row to the block:
//! if let Some(fit) = bigtext::fit("Здравствуйте!", area) {
//!     assert!(fit.height <= area.height && fit.width <= area.width);
//! }
//! let mut buf = Buffer::empty(area);
//! BigText::new("Здравствуйте!")
//!     .style(Style::new())
//!     .alignment(Alignment::Center)
//!     .pixels(Pixels::HalfBlock)
//!     .render(area, &mut buf);
//! ```

use std::borrow::Cow;

use embedded_graphics::geometry::{OriginDimensions, Point};
use embedded_graphics::image::GetPixel;
use embedded_graphics::mono_font::MonoFont;
use embedded_graphics::mono_font::iso_8859_5 as fonts;
use embedded_graphics::pixelcolor::BinaryColor;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::wrap::wrap;

/// The big sizes, by glyph size in font pixels (width × line height). The bold cut is used
/// where the font has one (6×13, 7×14, 9×15, 9×18, 8×13): it reads better from the back row.
/// The three largest are smaller fonts with every pixel drawn 2× or 3×.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontSize {
    /// 4×6 pixels.
    Px4x6,
    /// 5×8 pixels.
    Px5x8,
    /// 6×10 pixels.
    Px6x10,
    /// 6×13 pixels, bold.
    Px6x13,
    /// 7×14 pixels, bold.
    Px7x14,
    /// 9×15 pixels, bold.
    Px9x15,
    /// 9×18 pixels, bold.
    Px9x18,
    /// 10×20 pixels.
    Px10x20,
    /// 8×13 bold, doubled: 16×26 pixels.
    Px16x26,
    /// 10×20, doubled: 20×40 pixels.
    Px20x40,
    /// 10×20, tripled: 30×60 pixels.
    Px30x60,
}

impl FontSize {
    /// Every size, smallest first; each is at least as wide and as tall as the one before.
    pub const ALL: [FontSize; 11] = [
        FontSize::Px4x6,
        FontSize::Px5x8,
        FontSize::Px6x10,
        FontSize::Px6x13,
        FontSize::Px7x14,
        FontSize::Px9x15,
        FontSize::Px9x18,
        FontSize::Px10x20,
        FontSize::Px16x26,
        FontSize::Px20x40,
        FontSize::Px30x60,
    ];

    /// The font and how many times each of its pixels is repeated across and down.
    fn font(self) -> (&'static MonoFont<'static>, u32) {
        match self {
            FontSize::Px4x6 => (&fonts::FONT_4X6, 1),
            FontSize::Px5x8 => (&fonts::FONT_5X8, 1),
            FontSize::Px6x10 => (&fonts::FONT_6X10, 1),
            FontSize::Px6x13 => (&fonts::FONT_6X13_BOLD, 1),
            FontSize::Px7x14 => (&fonts::FONT_7X14_BOLD, 1),
            FontSize::Px9x15 => (&fonts::FONT_9X15_BOLD, 1),
            FontSize::Px9x18 => (&fonts::FONT_9X18_BOLD, 1),
            FontSize::Px10x20 => (&fonts::FONT_10X20, 1),
            FontSize::Px16x26 => (&fonts::FONT_8X13_BOLD, 2),
            FontSize::Px20x40 => (&fonts::FONT_10X20, 2),
            FontSize::Px30x60 => (&fonts::FONT_10X20, 3),
        }
    }

    /// Pixels from one letter to the next, and from one line to the next.
    pub fn advance(self) -> (u32, u32) {
        let (font, scale) = self.font();
        (
            (font.character_size.width + font.character_spacing) * scale,
            font.character_size.height * scale,
        )
    }
}

/// How font pixels map to terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Pixels {
    /// `▀▄█`: 1×2 pixels a cell. Terminal cells are about twice as tall as wide, so pixels are
    /// about square and letters keep their shape.
    #[default]
    HalfBlock,
    /// `▘▝▖▗▚▞▌▐▛▜▙▟▀▄█`: 2×2 pixels a cell. Twice the letters a line, but each letter is
    /// drawn half as wide as it should be.
    Quadrant,
}

impl Pixels {
    /// Pixels a cell, across and down.
    pub fn per_cell(self) -> (u32, u32) {
        match self {
            Pixels::HalfBlock => (1, 2),
            Pixels::Quadrant => (2, 2),
        }
    }

    /// The cell for a block of lit quadrants; bit 0 top left, 1 top right, 2 bottom left,
    /// 3 bottom right.
    fn symbol(bits: u8) -> &'static str {
        const QUADRANTS: [&str; 16] = [
            " ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█",
        ];
        QUADRANTS[usize::from(bits & 0xf)]
    }
}

/// Where big text goes: the size chosen, the big lines and the block's size in cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// The font size chosen.
    pub size: FontSize,
    /// How pixels map to cells.
    pub pixels: Pixels,
    /// The big lines, with unsupported typography already mapped (see the module comment).
    pub lines: Vec<String>,
    /// Width of the widest big line, in cells.
    pub width: u16,
    /// Height of all big lines, in cells.
    pub height: u16,
}

/// Fits `text` into `area` with half blocks at the largest size that fits; `None` when none
/// does, when the area is empty or when the text has a character the font lacks.
pub fn fit(text: &str, area: Rect) -> Option<Fit> {
    fit_with(text, area, Pixels::HalfBlock, FontSize::Px30x60)
}

fn fit_with(text: &str, area: Rect, pixels: Pixels, max: FontSize) -> Option<Fit> {
    if area.is_empty() {
        return None;
    }
    let text = to_font(text)?;
    let (per_x, per_y) = pixels.per_cell();
    let (area_w, area_h) = (
        u32::from(area.width) * per_x,
        u32::from(area.height) * per_y,
    );
    let longest_word = text
        .split(['\n', ' '])
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    FontSize::ALL
        .iter()
        .rev()
        .filter(|&&size| size <= max)
        .find_map(|&size| {
            let (adv_x, adv_y) = size.advance();
            let columns = (area_w / adv_x) as usize;
            if columns == 0 || longest_word > columns {
                return None;
            }
            let lines = wrap(&text, columns);
            let height = lines.len() as u32 * adv_y;
            if height > area_h {
                return None;
            }
            let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
            Some(Fit {
                size,
                pixels,
                width: (widest * adv_x).div_ceil(per_x) as u16,
                height: height.div_ceil(per_y) as u16,
                lines,
            })
        })
}

/// The text with typography the font lacks mapped to near equivalents, or `None` if it has a
/// character that has none (see the module comment).
fn to_font(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\r' | '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}' => {}
            '\t' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200a}' | '\u{205f}' => out.push(' '),
            '\u{2007}' | '\u{202f}' => out.push('\u{a0}'),
            '«' | '»' | '„' | '“' | '”' | '‟' | '″' => out.push('"'),
            '‘' | '’' | '‚' | '‛' | '′' => out.push('\''),
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            '•' => out.push('*'),
            'Ѝ' => out.push('И'),
            'ѝ' => out.push('и'),
            'Ґ' => out.push('Г'),
            'ґ' => out.push('г'),
            c if c.is_control() => return None,
            c if in_font(c) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Whether the ISO 8859-5 fonts have a glyph for `c`: the ranges of their glyph mapping,
/// spelled out because `StrGlyphMapping::contains` walks the whole mapping for every letter.
fn in_font(c: char) -> bool {
    matches!(c, ' '..='\u{7f}' | '\u{a0}' | 'Ё'..='Ќ' | '\u{ad}' | 'Ў'..='я' | '№' | 'ё'..='ќ' | '§' | 'ў' | 'џ')
}

/// A block of text drawn big when it fits, and as ordinary wrapped text when it does not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BigText<'a> {
    text: Cow<'a, str>,
    style: Style,
    alignment: Alignment,
    pixels: Pixels,
    max: Option<FontSize>,
}

impl<'a> BigText<'a> {
    /// Big text, left-aligned, with half blocks, as big as the area allows.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Self {
        BigText {
            text: text.into(),
            ..BigText::default()
        }
    }

    /// The style of the whole area, as for a `Paragraph`; letters are drawn in its foreground.
    pub fn style(mut self, style: impl Into<Style>) -> Self {
        self.style = style.into();
        self
    }

    /// Where each line sits across the area (big or fallback). The block is always at the top.
    pub fn alignment(mut self, alignment: Alignment) -> Self {
        self.alignment = alignment;
        self
    }

    /// How pixels map to cells.
    pub fn pixels(mut self, pixels: Pixels) -> Self {
        self.pixels = pixels;
        self
    }

    /// The largest size to use, so a short word does not fill a whole screen.
    pub fn max_size(mut self, max: FontSize) -> Self {
        self.max = Some(max);
        self
    }

    /// What this widget would draw big in `area`, or `None` if it would fall back to
    /// ordinary text.
    pub fn fit(&self, area: Rect) -> Option<Fit> {
        fit_with(
            &self.text,
            area,
            self.pixels,
            self.max.unwrap_or(FontSize::Px30x60),
        )
    }
}

impl Widget for BigText<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        (&self).render(area, buf);
    }
}

impl Widget for &BigText<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        match self.fit(area) {
            Some(fit) => {
                buf.set_style(area, self.style);
                draw(&fit, self.alignment, area, buf);
            }
            None => {
                let lines: Vec<Line> = wrap(&self.text, usize::from(area.width))
                    .into_iter()
                    .map(Line::from)
                    .collect();
                Paragraph::new(lines)
                    .style(self.style)
                    .alignment(self.alignment)
                    .render(area, buf);
            }
        }
    }
}

/// Draws a fit into `area` (which it fits): every cell of the rows it covers is written.
fn draw(fit: &Fit, alignment: Alignment, area: Rect, buf: &mut Buffer) {
    let (font, scale) = fit.size.font();
    let (glyph_w, glyph_h) = (font.character_size.width, font.character_size.height);
    let (adv_x, adv_y) = fit.size.advance();
    let (per_x, per_y) = fit.pixels.per_cell();
    let rows = fit.height.min(area.height);
    // The block's pixels, row by row, clipped to the area.
    let (width, height) = (
        (u32::from(area.width) * per_x) as usize,
        (u32::from(rows) * per_y) as usize,
    );
    let mut on = vec![false; width * height];
    let glyphs_per_row = font.image.size().width / glyph_w.max(1);
    // Each letter's rows as bit masks, read from the font image once per letter per frame.
    let mut glyphs: Vec<(char, Vec<u32>)> = Vec::new();
    for (i, line) in fit.lines.iter().enumerate() {
        let letters = line.chars().count() as u32;
        let free = (width as u32).saturating_sub(letters * adv_x);
        let left = match alignment {
            Alignment::Left => 0,
            Alignment::Center => free / 2,
            Alignment::Right => free,
        };
        let top = i as u32 * adv_y;
        for (n, c) in line.chars().enumerate() {
            let glyph = match glyphs.iter().position(|(g, _)| *g == c) {
                Some(k) => &glyphs[k].1,
                None => {
                    let k = font.glyph_mapping.index(c) as u32;
                    let corner = Point::new(
                        ((k % glyphs_per_row) * glyph_w) as i32,
                        ((k / glyphs_per_row) * glyph_h) as i32,
                    );
                    let mask = (0..glyph_h)
                        .map(|gy| {
                            (0..glyph_w).fold(0u32, |m, gx| {
                                let p = corner + Point::new(gx as i32, gy as i32);
                                m | u32::from(font.image.pixel(p) == Some(BinaryColor::On)) << gx
                            })
                        })
                        .collect();
                    glyphs.push((c, mask));
                    &glyphs[glyphs.len() - 1].1
                }
            };
            let x0 = left + n as u32 * adv_x;
            for (gy, mask) in glyph.iter().enumerate() {
                for gx in (0..glyph_w).filter(|gx| mask >> gx & 1 == 1) {
                    for dy in 0..scale {
                        let y = (top + gy as u32 * scale + dy) as usize;
                        for dx in 0..scale {
                            let x = (x0 + gx * scale + dx) as usize;
                            if x < width && y < height {
                                on[y * width + x] = true;
                            }
                        }
                    }
                }
            }
        }
    }
    let lit = |x: u32, y: u32| on.get(y as usize * width + x as usize) == Some(&true);
    for row in 0..rows {
        // One row of the area is one run of the buffer: index it once, not cell by cell.
        let start = buf.index_of(area.x, area.y + row);
        let cells = &mut buf.content[start..start + usize::from(area.width)];
        for (column, cell) in (0..area.width).zip(cells) {
            let (x, y) = (u32::from(column) * per_x, u32::from(row) * per_y);
            let left = u8::from(lit(x, y)) | u8::from(lit(x, y + 1)) << 2;
            // A half-block pixel covers both quadrants of its half of the cell.
            let right = if per_x == 2 {
                u8::from(lit(x + 1, y)) | u8::from(lit(x + 1, y + 1)) << 2
            } else {
                left
            };
            let bits = left | right << 1;
            let symbol = Pixels::symbol(bits);
            // Most cells of a fresh frame are blank already; a symbol costs a string to set.
            if cell.symbol() != symbol {
                cell.set_symbol(symbol);
            }
        }
    }
}

#[cfg(test)]
#[path = "bigtext_tests.rs"]
mod tests;
