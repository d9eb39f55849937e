//! Badges on an entity's rim (i2's): small discs a rule puts there, each an icon or a number,
//! in the strong ink of the theme with the paper's colour inside, so they read on any fill and
//! in both themes. The first sits at the bottom right, the next at the bottom left, the third
//! at the top left; the top right is the pin's and the case store's "+N".

use super::geometry::Pt;

/// A badge's radius on an entity of radius `r`: large enough to read a digit or an icon at
/// the entity's own size, and scaled with it, in the window and in figures alike.
pub fn radius(r: f32) -> f32 {
    r * 0.45
}

/// Badges smaller than this (a radius on screen, in points) are not drawn: zoomed out, a
/// smudge says nothing and hides its entity.
pub const MIN_RADIUS: f32 = 3.0;

/// Where badge `slot` sits on an entity of radius `r` centred at `c`.
pub fn centre(slot: usize, c: Pt, r: f32) -> Pt {
    let k = r * std::f32::consts::FRAC_1_SQRT_2;
    let (dx, dy) = match slot {
        0 => (k, k),
        1 => (-k, k),
        _ => (-k, -k),
    };
    Pt::new(c.x + dx, c.y + dy)
}

/// Half a badge's width with `text` in it: a disc for one digit, a pill for more.
pub fn half_width(text: &str, radius: f32) -> f32 {
    let digits = text.chars().count().max(1) as f32;
    radius.max(digits * count_size(radius) * 0.3 + radius * 0.45)
}

/// The size of a count's digits in a badge of `radius`.
pub fn count_size(radius: f32) -> f32 {
    radius * 1.35
}

/// A count as a badge writes it: thousands as "1k", beyond as "1M".
pub fn count_text(n: u32) -> String {
    match n {
        0..=999 => n.to_string(),
        1_000..=999_999 => format!("{}k", n / 1_000),
        _ => format!("{}M", n / 1_000_000),
    }
}

/// How big an icon in a badge of `radius` is drawn.
pub fn icon_size(radius: f32) -> f32 {
    radius * 1.3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_go_round_the_rim_and_grow_for_long_counts() {
        let c = Pt::new(0.0, 0.0);
        let first = centre(0, c, 10.0);
        assert!(first.x > 0.0 && first.y > 0.0, "bottom right");
        assert!(centre(1, c, 10.0).x < 0.0);
        assert!(centre(2, c, 10.0).y < 0.0);
        assert_eq!(radius(10.0), 4.5);
        assert_eq!(half_width("3", 6.0), 6.0);
        assert!(half_width("123", 6.0) > 6.0);
        assert_eq!(count_text(12_345), "12k");
    }
}
