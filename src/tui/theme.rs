//! Colours by meaning: screens ask for a role (`Patient`, `Fatal`, …), the theme decides how it
//! looks. Verdicts never rely on colour alone: they also carry a symbol and a word.

use ratatui::style::{Color, Modifier, Style};

/// What a piece of text means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Screen titles and headings.
    Title,
    /// The patient's lines.
    Patient,
    /// Other roles' lines (the doctor, a colleague).
    Other,
    /// The trainee's own lines.
    Trainee,
    /// Stage directions.
    Narrator,
    /// A good reply, a technique.
    Good,
    /// A fatal error.
    Fatal,
    /// Neither good nor fatal; also warnings.
    Neutral,
    /// Secondary text, hints.
    Muted,
    /// The selected row.
    Selected,
    /// Borders.
    Border,
    /// Key names in hints.
    Key,
}

/// The themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    /// Light text on a dark background.
    #[default]
    Dark,
    /// Dark text on a light background.
    Light,
}

/// A resolved theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    name: ThemeName,
    color: bool,
    projector: bool,
}

impl Theme {
    /// A theme; `color: false` (for `NO_COLOR`) keeps only bold, italic and reverse.
    pub fn new(name: ThemeName, color: bool) -> Self {
        Self {
            name,
            color,
            projector: false,
        }
    }

    /// The same theme for a projector: exact RGB colours on an exact ground (a terminal's
    /// palette or a washed-out projector must not decide the contrast), each pair checked
    /// against WCAG's contrast ratio in the tests.
    pub fn projector(self) -> Self {
        Self {
            projector: true,
            ..self
        }
    }

    /// The projector's ground and text colours.
    fn projector_palette(&self) -> (Color, Color) {
        match self.name {
            ThemeName::Dark => (Color::Rgb(0, 0, 0), Color::Rgb(255, 255, 255)),
            ThemeName::Light => (Color::Rgb(255, 255, 255), Color::Rgb(0, 0, 0)),
        }
    }

    fn projector_fg(&self, role: Role) -> Option<Color> {
        let dark = self.name == ThemeName::Dark;
        let rgb = |d: (u8, u8, u8), l: (u8, u8, u8)| {
            let (r, g, b) = if dark { d } else { l };
            Some(Color::Rgb(r, g, b))
        };
        match role {
            Role::Title | Role::Key => rgb((110, 215, 255), (0, 70, 140)),
            Role::Patient => rgb((255, 221, 90), (110, 0, 100)),
            Role::Other => rgb((255, 175, 255), (70, 40, 120)),
            Role::Trainee => rgb((150, 200, 255), (0, 60, 150)),
            Role::Narrator => rgb((205, 205, 205), (55, 55, 55)),
            Role::Good => rgb((110, 235, 140), (0, 105, 40)),
            Role::Fatal => rgb((255, 125, 125), (170, 0, 0)),
            Role::Neutral => rgb((255, 200, 90), (125, 75, 0)),
            Role::Muted => rgb((175, 175, 175), (85, 85, 85)),
            Role::Border => rgb((150, 150, 150), (105, 105, 105)),
            Role::Selected => None,
        }
    }

    /// The projector's ground: explicit high-contrast foreground and background, so a washed-out
    /// projector or an odd terminal palette does not decide the contrast.
    pub fn base(&self) -> Style {
        if !self.color {
            return Style::new();
        }
        if self.projector {
            let (ground, text) = self.projector_palette();
            return Style::new().fg(text).bg(ground);
        }
        match self.name {
            ThemeName::Dark => Style::new().fg(Color::White).bg(Color::Black),
            ThemeName::Light => Style::new().fg(Color::Black).bg(Color::White),
        }
    }

    /// The style of a role.
    pub fn style(&self, role: Role) -> Style {
        let base = match role {
            Role::Title | Role::Key => Style::new().add_modifier(Modifier::BOLD),
            Role::Patient | Role::Trainee => Style::new().add_modifier(Modifier::BOLD),
            Role::Narrator => Style::new().add_modifier(Modifier::ITALIC),
            Role::Good | Role::Fatal => Style::new().add_modifier(Modifier::BOLD),
            Role::Selected => Style::new().add_modifier(Modifier::REVERSED),
            Role::Other | Role::Neutral | Role::Muted | Role::Border => Style::new(),
        };
        if !self.color {
            return base;
        }
        if self.projector {
            let (ground, text) = self.projector_palette();
            return match (role, self.projector_fg(role)) {
                (Role::Selected, _) => base.fg(ground).bg(text).remove_modifier(Modifier::REVERSED),
                (_, Some(c)) => base.fg(c).bg(ground),
                (_, None) => base.bg(ground),
            };
        }
        let dark = self.name == ThemeName::Dark;
        let fg = match role {
            Role::Title => Some(if dark { Color::Cyan } else { Color::Blue }),
            Role::Patient => Some(if dark { Color::Yellow } else { Color::Magenta }),
            Role::Other => Some(if dark {
                Color::LightMagenta
            } else {
                Color::DarkGray
            }),
            Role::Trainee => Some(if dark { Color::LightBlue } else { Color::Blue }),
            Role::Narrator | Role::Muted | Role::Border => {
                Some(if dark { Color::Gray } else { Color::DarkGray })
            }
            Role::Good => Some(if dark {
                Color::LightGreen
            } else {
                Color::Green
            }),
            Role::Fatal => Some(if dark { Color::LightRed } else { Color::Red }),
            Role::Neutral => Some(if dark {
                Color::LightYellow
            } else {
                Color::Rgb(150, 90, 0)
            }),
            Role::Key => Some(if dark { Color::Cyan } else { Color::Blue }),
            Role::Selected => None,
        };
        match fg {
            Some(c) => base.fg(c),
            None => base,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_has_no_colours_but_keeps_emphasis() {
        let t = Theme::new(ThemeName::Dark, false);
        assert_eq!(t.style(Role::Fatal).fg, None);
        assert!(t.style(Role::Fatal).add_modifier.contains(Modifier::BOLD));
        assert!(
            t.style(Role::Selected)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance(c: Color) -> f64 {
        let Color::Rgb(r, g, b) = c else {
            panic!("projector colours are exact RGB, not {c:?}");
        };
        let lin = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// WCAG contrast ratio of two colours, 1..=21.
    fn contrast(a: Color, b: Color) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn contrast_formula_matches_known_pairs() {
        let black = Color::Rgb(0, 0, 0);
        let white = Color::Rgb(255, 255, 255);
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = Color::Rgb(0x76, 0x76, 0x76);
        assert!((contrast(grey, white) - 4.54).abs() < 0.01);
    }

    /// Every foreground/background pair the projector themes use: at least 7:1 for body text
    /// (what the room reads: lines, replies, names), 4.5:1 for everything else.
    #[test]
    fn projector_themes_are_legible_from_the_back_row() {
        const ROLES: [Role; 12] = [
            Role::Title,
            Role::Patient,
            Role::Other,
            Role::Trainee,
            Role::Narrator,
            Role::Good,
            Role::Fatal,
            Role::Neutral,
            Role::Muted,
            Role::Selected,
            Role::Border,
            Role::Key,
        ];
        let mut checked = 0;
        for name in [ThemeName::Dark, ThemeName::Light] {
            let th = Theme::new(name, true).projector();
            let base = th.base();
            let (fg, bg) = (base.fg.unwrap(), base.bg.unwrap());
            assert!(contrast(fg, bg) >= 7.0, "{name:?} base text");
            for role in ROLES {
                let st = th.style(role);
                let (fg, bg) = (st.fg.expect("an exact colour"), st.bg.expect("a ground"));
                let body = matches!(
                    role,
                    Role::Patient | Role::Other | Role::Trainee | Role::Narrator | Role::Selected
                );
                let need = if body { 7.0 } else { 4.5 };
                let got = contrast(fg, bg);
                assert!(got >= need, "{name:?} {role:?}: {got:.2}:1 < {need}:1");
                checked += 1;
            }
        }
        assert_eq!(checked, 24);
    }

    #[test]
    fn projector_without_colour_keeps_emphasis_only() {
        let th = Theme::new(ThemeName::Light, false).projector();
        assert_eq!(th.base(), Style::new());
        assert_eq!(th.style(Role::Fatal).fg, None);
        assert!(th.style(Role::Fatal).add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn light_and_dark_differ() {
        let d = Theme::new(ThemeName::Dark, true);
        let l = Theme::new(ThemeName::Light, true);
        assert_ne!(d.style(Role::Patient), l.style(Role::Patient));
    }
}
