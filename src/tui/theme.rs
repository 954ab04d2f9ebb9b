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
}

impl Theme {
    /// A theme; `color: false` (for `NO_COLOR`) keeps only bold, italic and reverse.
    pub fn new(name: ThemeName, color: bool) -> Self {
        Self { name, color }
    }

    /// The projector's ground: explicit high-contrast foreground and background, so a washed-out
    /// projector or an odd terminal palette does not decide the contrast.
    pub fn base(&self) -> Style {
        if !self.color {
            return Style::new();
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

    #[test]
    fn light_and_dark_differ() {
        let d = Theme::new(ThemeName::Dark, true);
        let l = Theme::new(ThemeName::Light, true);
        assert_ne!(d.style(Role::Patient), l.style(Role::Patient));
    }
}
