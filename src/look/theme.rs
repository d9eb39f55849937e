//! The two themes a map is drawn in: light (the print theme, on white paper) and dark (the
//! window's default). A theme names the colours of roles, the paper, text, the accent, and the
//! window and figures both take them from here, so a dark figure looks like the dark window and
//! a light window like a printed figure. Kind, stance and community colours are the same in
//! both: they were chosen to read on either background.

use super::{Ink, Rgb};

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark ink on white paper: figures for reports, unless asked otherwise.
    #[default]
    Light,
    /// Light ink on near-black.
    Dark,
}

impl Theme {
    /// The theme named `name` (`light` or `dark`, any case).
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }

    /// Its name, as `--theme` takes it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// The background the map is drawn on. The window's canvas is filled with it too (it is
    /// egui's text-field background in each theme, which the canvas has always used).
    pub const fn paper(self) -> Rgb {
        match self {
            Self::Light => [0xff, 0xff, 0xff],
            Self::Dark => [0x0a, 0x0a, 0x0a],
        }
    }

    /// The title, a name the pointer is on, and the strongest lines.
    pub const fn text(self) -> Rgb {
        match self {
            Self::Light => [0x22, 0x22, 0x22],
            Self::Dark => [0xff, 0xff, 0xff],
        }
    }

    /// Entities' names and relations' captions: on the dark paper a step below the strongest
    /// text (egui's own text grey), so the marks lead and the names follow.
    pub const fn name_text(self) -> Rgb {
        match self {
            Self::Light => [0x22, 0x22, 0x22],
            Self::Dark => [0x8c, 0x8c, 0x8c],
        }
    }

    /// The legend's words.
    pub const fn legend_text(self) -> Rgb {
        match self {
            Self::Light => [0x33, 0x33, 0x33],
            Self::Dark => [0xd8, 0xd8, 0xd8],
        }
    }

    /// Footnotes: the sources and the claims listed under a figure.
    pub const fn note_text(self) -> Rgb {
        match self {
            Self::Light => [0x44, 0x44, 0x44],
            Self::Dark => [0xbc, 0xbc, 0xbc],
        }
    }

    /// The selection and the highlighted path.
    pub const fn accent(self) -> Rgb {
        match self {
            Self::Light => [0x1f, 0x6f, 0xeb],
            Self::Dark => [0xc0, 0xde, 0xff],
        }
    }

    /// The colour `ink` is in this theme.
    pub const fn ink(self, ink: Ink) -> Rgb {
        match ink {
            Ink::Color(c) => c,
            Ink::Accent => self.accent(),
            Ink::Strong => self.text(),
            Ink::Background => self.paper(),
        }
    }
}

/// WCAG's relative luminance of an sRGB colour.
pub fn luminance(c: Rgb) -> f32 {
    let lin = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_role_reads_on_its_paper_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            for (role, c) in [
                ("text", theme.text()),
                ("names", theme.name_text()),
                ("legend", theme.legend_text()),
                ("notes", theme.note_text()),
                ("accent", theme.accent()),
            ] {
                let ratio = contrast(c, theme.paper());
                assert!(
                    ratio >= 4.5,
                    "{role} on {} paper: contrast {ratio:.2}, WCAG AA asks 4.5",
                    theme.name()
                );
            }
        }
    }

    #[test]
    fn kind_and_stance_colours_stay_visible_on_both_papers() {
        use crate::model::Stance;
        let mut colours: Vec<Rgb> = super::super::COMMUNITY_PALETTE.to_vec();
        colours.extend(
            [Stance::Asserts, Stance::Denies, Stance::Qualifies].map(super::super::stance_color),
        );
        for theme in [Theme::Light, Theme::Dark] {
            for c in &colours {
                // Not WCAG's 3:1 for graphics: entities carry an outline in the paper's
                // colour and a name, so a fill only has to differ from the paper. The
                // palette's yellow on white is the weakest, at 1.6.
                assert!(
                    contrast(*c, theme.paper()) >= 1.3,
                    "{c:?} vanishes on {} paper",
                    theme.name()
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(theme.name()), Some(theme));
        }
        assert_eq!(Theme::parse(" Dark "), Some(Theme::Dark));
        assert_eq!(Theme::parse("sepia"), None);
    }
}
