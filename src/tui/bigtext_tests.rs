//! Tests of `bigtext.rs`.
use super::*;
use embedded_graphics::Drawable;
use embedded_graphics::draw_target::DrawTarget;
use embedded_graphics::geometry::Size;
use embedded_graphics::mono_font::MonoTextStyle;
use embedded_graphics::text::{Baseline, Text};

fn rendered(widget: &BigText, area: Rect) -> Buffer {
    let mut buf = Buffer::empty(area);
    Widget::render(widget, area, &mut buf);
    buf
}

fn rows(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (a.top()..a.bottom())
        .map(|y| {
            (a.left()..a.right())
                .map(|x| buf[(x, y)].symbol())
                .collect()
        })
        .collect()
}

fn inked(buf: &Buffer) -> usize {
    buf.content().iter().filter(|c| c.symbol() != " ").count()
}

/// A one-bit canvas embedded-graphics itself draws into, to check the glyph reading.
struct Canvas {
    size: Size,
    on: Vec<bool>,
}

impl OriginDimensions for Canvas {
    fn size(&self) -> Size {
        self.size
    }
}

impl DrawTarget for Canvas {
    type Color = BinaryColor;
    type Error = std::convert::Infallible;
    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = embedded_graphics::Pixel<BinaryColor>>,
    {
        for embedded_graphics::Pixel(p, color) in pixels {
            let (w, h) = (self.size.width as i32, self.size.height as i32);
            if (0..w).contains(&p.x) && (0..h).contains(&p.y) {
                self.on[(p.y * w + p.x) as usize] = color == BinaryColor::On;
            }
        }
        Ok(())
    }
}

#[test]
fn glyphs_match_what_embedded_graphics_draws() {
    for size in [FontSize::Px4x6, FontSize::Px9x15, FontSize::Px10x20] {
        let (font, _) = size.font();
        let text = "AДё№ж";
        let (w, h) = (font.character_size.width, font.character_size.height);
        let mut canvas = Canvas {
            size: Size::new(w * 5, h),
            on: vec![false; (w * 5 * h) as usize],
        };
        let style = MonoTextStyle::new(font, BinaryColor::On);
        Text::with_baseline(text, Point::zero(), style, Baseline::Top)
            .draw(&mut canvas)
            .unwrap();
        // Half blocks at one cell per pixel column: compare cell by cell.
        let fit = Fit {
            size,
            pixels: Pixels::HalfBlock,
            lines: vec![text.into()],
            width: (w * 5) as u16,
            height: h.div_ceil(2) as u16,
        };
        let area = Rect::new(0, 0, fit.width, fit.height);
        let mut buf = Buffer::empty(area);
        draw(&fit, Alignment::Left, area, &mut buf);
        for y in 0..h {
            for x in 0..w * 5 {
                let cell = buf[(x as u16, (y / 2) as u16)].symbol();
                let ours = matches!((cell, y % 2), ("█", _) | ("▀", 0) | ("▄", 1));
                assert_eq!(
                    ours,
                    canvas.on[(y * w * 5 + x) as usize],
                    "{size:?} {x},{y}"
                );
            }
        }
    }
}

#[test]
fn in_font_matches_the_font_mapping() {
    use embedded_graphics::mono_font::mapping::ISO_8859_5;
    for c in (0..0x3000).filter_map(char::from_u32) {
        assert_eq!(in_font(c), ISO_8859_5.contains(c), "{c:?}");
    }
}

#[test]
fn latin_and_cyrillic_both_draw_and_differ() {
    let area = Rect::new(0, 0, 20, 10);
    let a = rendered(&BigText::new("A"), area);
    let d = rendered(&BigText::new("Д"), area);
    let blank = rendered(&BigText::new(" "), area);
    assert!(
        inked(&a) > 5 && inked(&d) > 5,
        "{:?}\n{:?}",
        rows(&a),
        rows(&d)
    );
    assert_eq!(inked(&blank), 0);
    assert_ne!(rows(&a), rows(&d));
    // ё is in the font, and is not е.
    let yo = rendered(&BigText::new("ё"), area);
    let ye = rendered(&BigText::new("е"), area);
    assert!(inked(&yo) > inked(&ye), "{:?}", rows(&yo));
}

#[test]
fn size_shrinks_with_the_area_until_nothing_fits() {
    let text = "Добрый день";
    let mut last = FontSize::Px30x60;
    let mut seen = Vec::new();
    for width in (1..=200u16).rev().step_by(7) {
        let area = Rect::new(0, 0, width, width / 3);
        match fit(text, area) {
            Some(f) => {
                assert!(f.size <= last, "{width}: {:?} after {last:?}", f.size);
                assert!(f.width <= area.width && f.height <= area.height);
                last = f.size;
                seen.push(f.size);
            }
            None => last = FontSize::Px4x6,
        }
    }
    seen.dedup();
    assert!(seen.len() >= 4, "{seen:?}");
    assert_eq!(fit(text, Rect::new(0, 0, 20, 2)), None);
    assert_eq!(fit(text, Rect::new(0, 0, 0, 40)), None);
    assert_eq!(fit(text, Rect::new(0, 0, 200, 0)), None);
    // Height alone limits too.
    let wide = fit(text, Rect::new(0, 0, 400, 100)).unwrap();
    let flat = fit(text, Rect::new(0, 0, 400, 8)).unwrap();
    assert!(flat.size < wide.size && flat.height <= 8);
}

#[test]
fn the_fallback_is_ordinary_wrapped_text() {
    let area = Rect::new(0, 0, 12, 3);
    let buf = rendered(&BigText::new("Добрый день, проходите"), area);
    assert_eq!(rows(&buf), ["Добрый день,", "проходите   ", "            "]);
    // Zero-sized areas draw nothing and do not panic.
    for area in [Rect::new(0, 0, 0, 5), Rect::new(0, 0, 5, 0)] {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 5));
        BigText::new("Да").render(area, &mut buf);
        assert_eq!(inked(&buf), 0);
    }
}

#[test]
fn nothing_is_written_outside_the_area() {
    let outer = Rect::new(0, 0, 60, 30);
    let cases = [
        ("Ваш результат: 87%", Rect::new(5, 4, 40, 15)),
        ("A", Rect::new(10, 10, 7, 5)),
        ("Long words: здравствуйте", Rect::new(3, 3, 9, 2)),
        ("🙂 emoji", Rect::new(58, 28, 10, 10)),
    ];
    for (text, area) in cases {
        for pixels in [Pixels::HalfBlock, Pixels::Quadrant] {
            for alignment in [Alignment::Left, Alignment::Center, Alignment::Right] {
                let mut buf = Buffer::empty(outer);
                for cell in buf.content.iter_mut() {
                    cell.set_symbol("#");
                }
                BigText::new(text)
                    .pixels(pixels)
                    .alignment(alignment)
                    .style(Style::new().fg(ratatui::style::Color::Red))
                    .render(area, &mut buf);
                let inside = area.intersection(outer);
                for y in 0..outer.height {
                    for x in 0..outer.width {
                        if !inside.contains((x, y).into()) {
                            assert_eq!(buf[(x, y)], {
                                let mut c = ratatui::buffer::Cell::default();
                                c.set_symbol("#");
                                c
                            });
                        }
                    }
                }
                assert!(inked(&buf) > outer.area() as usize - inside.area() as usize);
            }
        }
    }
}

#[test]
fn words_stay_whole_when_they_fit() {
    // Two words that fit one big line each at some size, but not together.
    let area = Rect::new(0, 0, 60, 45);
    let f = fit("Здравствуйте пациент", area).unwrap();
    assert_eq!(f.lines, ["Здравствуйте", "пациент"]);
    let (adv_x, _) = f.size.advance();
    assert!(12 * adv_x <= 60, "{:?}", f.size);
    // A word too long for every size at this width is not broken: normal text instead.
    assert_eq!(fit("Достопримечательность", Rect::new(0, 0, 60, 45)), None);
    // Newlines start a new big line.
    let f = fit("Да\nнет", area).unwrap();
    assert_eq!(f.lines, ["Да", "нет"]);
}

#[test]
fn typography_is_mapped_and_other_characters_fall_back() {
    assert_eq!(
        to_font("«Ёлка» — ок…\tѝ").as_deref(),
        Some("\"Ёлка\" - ок... и")
    );
    assert_eq!(to_font("№ 5, § 2").as_deref(), Some("№ 5, § 2"));
    for text in ["Привет 🙂", "你好", "10 €", "36,6°", "a\u{7}b"] {
        assert_eq!(to_font(text), None, "{text}");
        let area = Rect::new(0, 0, 40, 20);
        assert_eq!(fit(text, area), None);
        // The fallback keeps the text as it is.
        let buf = rendered(&BigText::new(text), area);
        let first: String = rows(&buf)[0].trim_end().into();
        let expected = if text.contains('\u{7}') {
            first.clone()
        } else {
            text.to_string()
        };
        assert_eq!(first.replace(' ', ""), expected.replace(' ', ""));
    }
}

#[test]
fn quadrants_fit_twice_the_letters() {
    let area = Rect::new(0, 0, 60, 20);
    let half = BigText::new("Регистратура").fit(area).unwrap();
    let quad = BigText::new("Регистратура")
        .pixels(Pixels::Quadrant)
        .fit(area)
        .unwrap();
    assert!(quad.size > half.size, "{:?} {:?}", quad.size, half.size);
    let buf = rendered(&BigText::new("Регистратура").pixels(Pixels::Quadrant), area);
    assert!(inked(&buf) > 20);
}

#[test]
fn max_size_caps_the_size() {
    let area = Rect::new(0, 0, 160, 45);
    assert_eq!(fit("87%", area).unwrap().size, FontSize::Px30x60);
    let capped = BigText::new("87%").max_size(FontSize::Px10x20).fit(area);
    assert_eq!(capped.unwrap().size, FontSize::Px10x20);
}

#[test]
#[ignore = "timing: run with --release --ignored --nocapture"]
fn render_cost_40_chars_at_160x45() {
    let text = "Здравствуйте, чем я могу вам помочь? Да!";
    assert_eq!(text.chars().count(), 40);
    let area = Rect::new(0, 0, 160, 45);
    let widget = BigText::new(text).alignment(Alignment::Center);
    let n = 2000;
    let start = std::time::Instant::now();
    for _ in 0..n {
        // A fresh buffer each time, as ratatui hands each frame a reset one.
        let mut buf = Buffer::empty(area);
        (&widget).render(area, &mut buf);
        std::hint::black_box(buf);
    }
    let each = start.elapsed() / n;
    println!("{:?}: {each:?} a render", widget.fit(area).unwrap().size);
}
