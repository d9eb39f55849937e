//! Notes in figures (`look::notes` as SVG): a pale card with its text, bold, italics and
//! links as in the window, and a dotted leader to what it is attached to.

use std::fmt::Write as _;

use crate::io::formats::xml::escape as esc;
use crate::look::marks::hex;
use crate::look::notes::{
    Laid, NOTE_BORDER, NOTE_INK, NOTE_PAD, NOTE_PAPER, NOTE_SIZE, Placed, leader_start,
};
use crate::look::text;

/// How far notes reach, in map units: for the figure's extent.
pub(super) fn extent(notes: &[(Placed, Laid)]) -> Option<([f32; 2], [f32; 2])> {
    let mut min = [f32::MAX; 2];
    let mut max = [f32::MIN; 2];
    for (p, _) in notes {
        let m = p.max();
        min = [min[0].min(p.min[0]), min[1].min(p.min[1])];
        max = [max[0].max(m[0]), max[1].max(m[1])];
    }
    (min[0] <= max[0]).then_some((min, max))
}

/// The notes, over everything else, moved by `offset` onto the paper.
pub(super) fn notes_svg(s: &mut String, notes: &[(Placed, Laid)], offset: (f32, f32)) {
    if notes.is_empty() {
        return;
    }
    let (ox, oy) = offset;
    let line = text::line_height(NOTE_SIZE);
    let _ = writeln!(s, r#"<g id="notes" font-size="{NOTE_SIZE}">"#);
    for (p, laid) in notes {
        let (x, y) = (p.min[0] + ox, p.min[1] + oy);
        if let Some(a) = p.anchor {
            let from = leader_start(p, a);
            let _ = writeln!(
                s,
                r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="1" stroke-dasharray="2 2"/>"#,
                from[0] + ox,
                from[1] + oy,
                a[0] + ox,
                a[1] + oy,
                hex(NOTE_BORDER)
            );
        }
        let _ = writeln!(
            s,
            r#"<rect class="note" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{}" stroke="{}"/>"#,
            p.size[0],
            p.size[1],
            hex(NOTE_PAPER),
            hex(NOTE_BORDER)
        );
        for (k, spans) in laid.lines.iter().enumerate() {
            let baseline = y + NOTE_PAD + line * k as f32 + NOTE_SIZE;
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{baseline:.1}" fill="{}" xml:space="preserve">"#,
                x + NOTE_PAD,
                hex(NOTE_INK)
            );
            for span in spans {
                let weight = if span.bold {
                    r#" font-weight="bold""#
                } else {
                    ""
                };
                let style = if span.italic {
                    r#" font-style="italic""#
                } else {
                    ""
                };
                match &span.link {
                    Some(url) => {
                        let _ = write!(
                            s,
                            r##"<a href="{}"><tspan{weight}{style} fill="#1f5fbf" text-decoration="underline">{}</tspan></a>"##,
                            esc(url),
                            esc(&span.text)
                        );
                    }
                    None => {
                        let _ = write!(s, "<tspan{weight}{style}>{}</tspan>", esc(&span.text));
                    }
                }
            }
            let _ = writeln!(s, "</text>");
        }
    }
    let _ = writeln!(s, "</g>");
}
