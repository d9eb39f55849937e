//! Grades and quote checks in the inspector: a claim's credibility (1–6) and whether its quote
//! is in its source where its anchor says; a source's reliability (A–F), retrieval date and
//! text.

use egui::{RichText, Ui};

use crate::model::{Claim, Document, Reliability, Source, credibility_meaning};
use crate::query::quotes::{self, QuoteCheck};
use crate::ui::paint::stance_color;

/// A menu of grades with "not graded" first; returns the grade chosen, if it changed
/// (`Some(None)`: cleared).
fn grade_menu<G: Copy + PartialEq>(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    current: Option<G>,
    grades: impl IntoIterator<Item = G>,
    label: impl Fn(G) -> String,
    hover: &str,
) -> Option<Option<G>> {
    let text = current.map_or_else(|| "not graded".to_owned(), &label);
    let mut chosen = None;
    egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .width(240.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), "not graded")
                .clicked()
                && current.is_some()
            {
                chosen = Some(None);
            }
            for g in grades {
                if ui.selectable_label(current == Some(g), label(g)).clicked() && current != Some(g)
                {
                    chosen = Some(Some(g));
                }
            }
        })
        .response
        .on_hover_text(hover);
    chosen
}

/// A claim's credibility menu; returns the grade chosen, if it changed (`Some(None)`: cleared).
pub(super) fn credibility(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    c: &Claim,
) -> Option<Option<u8>> {
    grade_menu(
        ui,
        id,
        c.credibility,
        crate::model::CREDIBILITY,
        |g| format!("{g}: {}", credibility_meaning(g)),
        "How credible the claim is, on the Admiralty scale",
    )
}

/// A claim's quote check, and what it was made for: the map's revisions, the relation and the
/// claim's index. Checking reads the whole source's text, so it is not done on every frame.
pub(super) type QuoteCheckCache = crate::ui::panels::cache::Cached<
    ((u64, u64), crate::model::RelationId, usize),
    Option<QuoteCheck>,
>;

/// What the quote check says, under the quote; returns the anchor to set when the user asks to
/// anchor a quote found elsewhere. `key` is what the cached check is for.
pub(super) fn quote_badge(
    ui: &mut Ui,
    doc: &Document,
    c: &Claim,
    cache: &mut QuoteCheckCache,
    key: ((u64, u64), crate::model::RelationId, usize),
) -> Option<crate::model::Anchor> {
    if c.quote.trim().is_empty() {
        return None;
    }
    let check = cache
        .get(key, || {
            doc.source(c.source.as_str())
                .map(|source| quotes::check(&c.quote, c.anchor, source))
        })
        .clone()?;
    let good = stance_color(crate::model::Stance::Asserts);
    let bad = ui.visuals().error_fg_color;
    match &check {
        QuoteCheck::Exact | QuoteCheck::Normalised => {
            let at = c.anchor.map_or(String::new(), |a| {
                format!(" (characters {}–{})", a.start, a.end)
            });
            ui.label(RichText::new(format!("Verified in the source{at}")).color(good))
                .on_hover_text(check.describe());
            None
        }
        QuoteCheck::Unanchored { found } => {
            let mut anchor = None;
            ui.horizontal(|ui| {
                ui.label(RichText::new("In the source, not anchored").color(bad))
                    .on_hover_text(check.describe());
                if ui
                    .button("Anchor it")
                    .on_hover_text("Record where the quote is in the source's text")
                    .clicked()
                {
                    anchor = Some(*found);
                }
            });
            anchor
        }
        QuoteCheck::Mismatch { nearest } => {
            ui.label(RichText::new("Not in the source").color(bad));
            if let Some((_, passage)) = nearest {
                ui.label(
                    RichText::new(format!("Nearest passage: \u{201C}{passage}\u{201D}")).weak(),
                );
            }
            None
        }
        QuoteCheck::NoText => {
            ui.label(RichText::new("Unchecked: the source has no text").weak())
                .on_hover_text("Paste the source's text in its inspector to check quotes");
            None
        }
    }
}

/// A source's reliability menu; returns the grade chosen, if it changed.
pub(super) fn reliability(ui: &mut Ui, s: &Source) -> Option<Option<Reliability>> {
    grade_menu(
        ui,
        ("source-reliability", s.id.as_str()),
        s.reliability,
        Reliability::ALL,
        |g| format!("{}: {}", g.letter(), g.meaning()),
        "How reliable the source is, on the Admiralty scale",
    )
}
