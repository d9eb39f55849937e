//! How kinds' icons are drawn (the catalogue itself, names and words, is `model::icons`).
//!
//! An icon is drawn in the look, not by a painter: [`Icon::svg_group`] places it in a figure
//! as vector paths, and [`Icon::standalone_svg`] is what the canvas rasterises (once per size
//! and colour, then cached as a texture). So a figure and the window draw the same strokes.
//!
//! Icons are 24 units square, stroked, not filled (Lucide's grid: 2-unit strokes, round caps).

use std::fmt::Write as _;

use super::{Pt, Rgb};

pub use crate::model::icons::{CATALOGUE, Icon, icon, search};
pub use crate::model::kinds::usual_icon;

impl Icon {
    /// The icon at `centre`, `size` units across, stroked in `color`: a `<g>` for a figure.
    pub fn svg_group(&self, centre: Pt, size: f32, color: Rgb, opacity: Option<f32>) -> String {
        let k = size / 24.0;
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<g class="icon" transform="translate({:.2} {:.2}) scale({k:.4})" fill="none" stroke="{}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round""#,
            centre.x - size / 2.0,
            centre.y - size / 2.0,
            super::marks::hex(color),
        );
        if let Some(o) = opacity.filter(|o| *o < 1.0) {
            let _ = write!(s, r#" opacity="{o}""#);
        }
        let _ = write!(s, ">{}</g>", self.data.data.replace('\n', ""));
        s
    }

    /// The icon alone as an SVG document `px` pixels square, stroked in `color`: what the
    /// canvas rasterises.
    pub fn standalone_svg(&self, px: u32, color: Rgb) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" viewBox="0 0 24 24" fill="none" stroke="{}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</svg>"#,
            super::marks::hex(color),
            self.data.data
        )
    }
}

/// How an entity's icon is drawn: which, how big, in what ink, and whether alone (instead of
/// the shape, on a disc of the paper so lines stop short of it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IconMark {
    pub icon: &'static Icon,
    pub size: f32,
    pub ink: Rgb,
    pub alone: bool,
}

/// The icon of an entity of `style` filled `fill` (its kind's or its community's colour), of
/// radius `r`; `None` when its kind has no icon.
pub fn mark(style: &super::EntityStyle, fill: Rgb, r: f32) -> Option<IconMark> {
    let icon = style.icon?;
    Some(if style.icon_only {
        IconMark {
            icon,
            size: size_alone(r),
            ink: fill,
            alone: true,
        }
    } else {
        IconMark {
            icon,
            size: size_in_shape(r),
            ink: ink_on(fill),
            alone: false,
        }
    })
}

/// How big an icon is drawn inside a shape of radius `r`: it fits inside the smallest of the
/// shapes (the triangle's inner circle) with a little air.
pub fn size_in_shape(r: f32) -> f32 {
    r * 1.15
}

/// How big an icon drawn instead of its shape is: about the shape's own size.
pub fn size_alone(r: f32) -> f32 {
    r * 2.1
}

/// The ink of an icon drawn inside a fill of `fill`: white or near-black, whichever contrasts
/// more with it.
pub fn ink_on(fill: Rgb) -> Rgb {
    const WHITE: Rgb = [0xff, 0xff, 0xff];
    const DARK: Rgb = [0x1a, 0x1a, 0x1a];
    if super::theme::contrast(fill, WHITE) >= super::theme::contrast(fill, DARK) {
        WHITE
    } else {
        DARK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_has_a_unique_name_and_words() {
        let mut names: Vec<&str> = CATALOGUE.iter().map(|i| i.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "names are unique");
        assert!(CATALOGUE.iter().all(|i| !i.words.is_empty()));
    }

    #[test]
    fn every_usual_icon_is_in_the_catalogue() {
        for kind in [
            "person",
            "organisation",
            "government body",
            "place",
            "event",
            "family",
            "group",
            "country",
            "company",
            "address",
            "document",
            "phone",
            "email",
            "vehicle",
            "vessel",
            "airplane",
            "bank account",
            "crypto wallet",
            "payment",
            "asset",
            "real estate",
            "court case",
            "website",
            "threat actor",
            "malware",
            "campaign",
            "indicator",
            "tool",
            "weapon",
            "intrusion set",
            "infrastructure",
        ] {
            let name = usual_icon(kind).unwrap_or_else(|| panic!("{kind} has no usual icon"));
            assert!(
                icon(name).is_some(),
                "{kind}: {name} is not in the catalogue"
            );
        }
        assert_eq!(usual_icon("Person"), Some("user"), "any case");
        assert_eq!(usual_icon("quango"), None);
    }

    #[test]
    fn search_finds_icons_by_name_and_by_word() {
        let names = |q: &str| search(q).iter().map(|i| i.name).collect::<Vec<_>>();
        assert!(names("money").contains(&"banknote"));
        assert!(names("veh").contains(&"car"));
        assert!(names("building").contains(&"building-2"));
        assert_eq!(names("crypto wallet"), vec!["wallet", "bitcoin"]);
        assert!(names("zzz").is_empty());
        assert_eq!(search("").len(), CATALOGUE.len());
    }

    #[test]
    fn every_icon_parses_as_svg() {
        for icon in CATALOGUE {
            let svg = icon.standalone_svg(24, [0, 0, 0]);
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", icon.name));
        }
    }

    #[test]
    fn icon_ink_stands_out_from_the_fill() {
        assert_eq!(
            ink_on([0x4e, 0x79, 0xa7]),
            [0xff, 0xff, 0xff],
            "person blue"
        );
        assert_eq!(
            ink_on([0xed, 0xc9, 0x48]),
            [0x1a, 0x1a, 0x1a],
            "event yellow"
        );
    }
}
