//! The one style table: how each entity and relation kind is drawn. The canvas and the
//! legend read it, as will exports, so every picture of a map uses the same colours.
//!
//! Colours are plain RGB here so the table has no UI dependency. A map file may override any
//! kind in its `styles` section; kinds with neither an override nor a built-in style get a
//! colour from a fixed palette, chosen by the kind's name so it is the same on every run.

use crate::model::{NodeShape, Stance, Styles, kinds, parse_hex_color};

/// An RGB colour.
pub type Rgb = [u8; 3];

/// How one entity kind is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityStyle {
    pub color: Rgb,
    pub shape: NodeShape,
    /// Drawn inside the shape, or instead of it when `icon_only`.
    pub icon: Option<&'static super::icons::Icon>,
    pub icon_only: bool,
}

/// The colour relations are drawn in unless the map styles their kind.
pub const RELATION_COLOR: Rgb = [0x8a, 0x93, 0x9e];
/// Colours of the largest communities when the map is coloured by community (Tableau 10,
/// distinct on dark and light backgrounds); smaller communities share [`OTHER_COMMUNITIES`].
pub const COMMUNITY_PALETTE: [Rgb; 10] = [
    [0x4e, 0x79, 0xa7],
    [0xf2, 0x8e, 0x2b],
    [0xe1, 0x57, 0x59],
    [0x76, 0xb7, 0xb2],
    [0x59, 0xa1, 0x4f],
    [0xed, 0xc9, 0x48],
    [0xb0, 0x7a, 0xa1],
    [0xff, 0x9d, 0xa7],
    [0x9c, 0x75, 0x5f],
    [0xba, 0xb0, 0xac],
];
pub const OTHER_COMMUNITIES: Rgb = [0x70, 0x70, 0x70];

/// The colour of community `k` (0 is the largest).
pub fn community_color(k: u16) -> Rgb {
    COMMUNITY_PALETTE
        .get(usize::from(k))
        .copied()
        .unwrap_or(OTHER_COMMUNITIES)
}
/// The colours a categorical rule gives the values it does not list, in sorted order:
/// Okabe and Ito's palette, told apart by readers with any common colour-vision deficiency
/// and readable on white and on the dark paper. Values past the eighth share
/// [`OTHER_COMMUNITIES`].
pub const RULE_PALETTE: [Rgb; 8] = [
    [0xe6, 0x9f, 0x00],
    [0x56, 0xb4, 0xe9],
    [0x00, 0x9e, 0x73],
    [0xf0, 0xe4, 0x42],
    [0x00, 0x72, 0xb2],
    [0xd5, 0x5e, 0x00],
    [0xcc, 0x79, 0xa7],
    [0x99, 0x99, 0x99],
];

/// Paul Tol's bright scheme, without its grey (kept for values past the palette's end).
pub const TOL_BRIGHT: [Rgb; 6] = [
    [0x44, 0x77, 0xaa],
    [0xee, 0x66, 0x77],
    [0x22, 0x88, 0x33],
    [0xcc, 0xbb, 0x44],
    [0x66, 0xcc, 0xee],
    [0xaa, 0x33, 0x77],
];

/// Paul Tol's vibrant scheme, without its grey.
pub const TOL_VIBRANT: [Rgb; 6] = [
    [0xee, 0x77, 0x33],
    [0x00, 0x77, 0xbb],
    [0x33, 0xbb, 0xee],
    [0xee, 0x33, 0x77],
    [0xcc, 0x33, 0x11],
    [0x00, 0x99, 0x88],
];

/// The colours of the palette a rule names (`model::rules::PALETTES`); Okabe and Ito's for
/// any other name.
pub fn rule_palette(name: Option<&str>) -> &'static [Rgb] {
    match name {
        Some("tol-bright") => &TOL_BRIGHT,
        Some("tol-vibrant") => &TOL_VIBRANT,
        _ => &RULE_PALETTE,
    }
}

/// The colour of a rule's fill.
pub fn paint_color(paint: crate::view::Paint) -> Rgb {
    match paint {
        crate::view::Paint::Rgb(c) => c,
        crate::view::Paint::Category(k) => RULE_PALETTE
            .get(usize::from(k))
            .copied()
            .unwrap_or(OTHER_COMMUNITIES),
    }
}

/// `style` with a rule's shape and icon (from `decor`) over the kind's.
pub fn styled(mut style: EntityStyle, decor: &crate::view::NodeDecor) -> EntityStyle {
    if let Some(shape) = decor.shape {
        style.shape = shape;
    }
    if let Some(icon) = decor.icon {
        style.icon = Some(icon);
    }
    style
}

/// A rule's ring round an entity: its radius relative to the entity's, the gap beyond that,
/// and its width.
pub const BORDER_RING: (f32, f32, f32) = (1.0, 2.5, 2.5);

/// A relation whose claims disagree, and its marker.
pub const CONTESTED: Rgb = [0xff, 0x70, 0x43];
/// A relation on which two compared lenses disagree.
pub const DISAGREEMENT: Rgb = [0xd9, 0x46, 0xef];

/// New since the version the map is compared with: entities' rings and relations' lines.
pub const ADDED: Rgb = [0x22, 0xa0, 0x45];
/// Changed since the version the map is compared with.
pub const CHANGED: Rgb = [0xf0, 0xa0, 0x00];
/// The ring round an entity new or changed since the compared version: its radius relative to
/// the entity's, the gap beyond that, and its width.
pub const CHANGE_RING: (f32, f32, f32) = (1.0, 4.0, 3.5);
/// A ghost (what the compared version had and this one lost): how much of its colour it keeps,
/// and the dash and gap of its outline and lines.
pub const GHOST: (f32, f32, f32) = (0.6, 4.0, 3.0);

/// The colour that marks a change.
pub const fn change_color(mark: crate::view::changes::ChangeMark) -> Rgb {
    match mark {
        crate::view::changes::ChangeMark::Added => ADDED,
        crate::view::changes::ChangeMark::Changed => CHANGED,
    }
}

/// The colour of each stance (and of a lens verdict with that stance).
pub const fn stance_color(stance: Stance) -> Rgb {
    match stance {
        Stance::Asserts => [0x4c, 0xaf, 0x50],
        Stance::Denies => [0xe5, 0x4b, 0x4b],
        Stance::Qualifies => [0xe0, 0xa0, 0x30],
    }
}

/// The outline of an entity of `shape` and size `r` centred at (`cx`, `cy`): the points of a
/// polygon, or `None` for a circle of radius `r`. The canvas and exported figures both draw
/// these, so shapes match everywhere.
pub fn outline(shape: NodeShape, cx: f32, cy: f32, r: f32) -> Option<Vec<[f32; 2]>> {
    let at = |dx: f32, dy: f32| [cx + dx, cy + dy];
    match shape {
        NodeShape::Circle => None,
        NodeShape::Square => {
            let h = r * 0.85;
            Some(vec![at(-h, -h), at(h, -h), at(h, h), at(-h, h)])
        }
        NodeShape::Diamond => Some(vec![
            at(0.0, -r * 1.2),
            at(r * 1.2, 0.0),
            at(0.0, r * 1.2),
            at(-r * 1.2, 0.0),
        ]),
        NodeShape::Triangle => Some(vec![
            at(0.0, -r * 1.25),
            at(r * 1.15, r * 0.8),
            at(-r * 1.15, r * 0.8),
        ]),
        NodeShape::Hexagon => Some(
            (0..6)
                .map(|k| {
                    let a = std::f32::consts::FRAC_PI_3 * k as f32;
                    at(a.cos() * r * 1.1, a.sin() * r * 1.1)
                })
                .collect(),
        ),
    }
}

const BUILT_IN: [(&str, Rgb, NodeShape); 5] = [
    (kinds::PERSON, [0x4e, 0x79, 0xa7], NodeShape::Circle),
    (kinds::ORGANISATION, [0xe1, 0x57, 0x59], NodeShape::Square),
    (
        kinds::GOVERNMENT_BODY,
        [0x59, 0xa1, 0x4f],
        NodeShape::Diamond,
    ),
    (kinds::PLACE, [0x76, 0xb7, 0xb2], NodeShape::Triangle),
    (kinds::EVENT, [0xed, 0xc9, 0x48], NodeShape::Hexagon),
];

/// For kinds with no style of their own (Tableau 10, less the built-ins' colours).
const FALLBACK_PALETTE: [Rgb; 5] = [
    [0xf2, 0x8e, 0x2b],
    [0xb0, 0x7a, 0xa1],
    [0xff, 0x9d, 0xa7],
    [0x9c, 0x75, 0x5f],
    [0xba, 0xb0, 0xac],
];

/// The style of entity kind `kind`: the map's override, else the built-in, else a palette
/// colour. Kinds have no icon unless the map gives them one, so maps look as they did before
/// icons (`icons::usual_icon` is what Style ▸ Usual icons and imports give them).
pub fn entity_style(styles: &Styles, kind: &str) -> EntityStyle {
    let built_in = BUILT_IN
        .iter()
        .find(|(k, _, _)| k.eq_ignore_ascii_case(kind))
        .map(|&(_, color, shape)| EntityStyle {
            color,
            shape,
            icon: None,
            icon_only: false,
        })
        .unwrap_or_else(|| EntityStyle {
            color: FALLBACK_PALETTE[stable_hash(kind) % FALLBACK_PALETTE.len()],
            shape: NodeShape::Circle,
            icon: None,
            icon_only: false,
        });
    match styles.entities.get(kind) {
        Some(over) => {
            // An icon the catalogue lacks is drawn as none (`check` names it).
            let icon = over.icon.as_deref().and_then(super::icons::icon);
            EntityStyle {
                color: over
                    .color
                    .as_deref()
                    .and_then(parse_hex_color)
                    .unwrap_or(built_in.color),
                shape: over.shape.unwrap_or(built_in.shape),
                icon,
                icon_only: over.icon_only && icon.is_some(),
            }
        }
        None => built_in,
    }
}

/// The colour of relation kind `kind`.
pub fn relation_color(styles: &Styles, kind: &str) -> Rgb {
    styles
        .relations
        .get(kind)
        .and_then(|s| s.color.as_deref())
        .and_then(parse_hex_color)
        .unwrap_or(RELATION_COLOR)
}

/// FNV-1a: a hash that, unlike std's, is the same in every run and build.
fn stable_hash(text: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KindStyle;

    #[test]
    fn map_styles_override_built_ins_field_by_field() {
        let mut styles = Styles::default();
        assert_eq!(entity_style(&styles, "person").shape, NodeShape::Circle);
        styles.entities.insert(
            "person".into(),
            KindStyle {
                color: Some("#010203".into()),
                ..KindStyle::default()
            },
        );
        let s = entity_style(&styles, "person");
        assert_eq!(s.color, [1, 2, 3]);
        assert_eq!(
            s.shape,
            NodeShape::Circle,
            "an unset shape keeps the built-in"
        );
    }

    #[test]
    fn unknown_kinds_get_the_same_palette_colour_every_time() {
        let styles = Styles::default();
        assert_eq!(
            entity_style(&styles, "militia"),
            entity_style(&styles, "militia")
        );
        assert!(FALLBACK_PALETTE.contains(&entity_style(&styles, "militia").color));
    }
}
