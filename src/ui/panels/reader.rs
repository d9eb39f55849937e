//! The source reader: a source's text in a window, each quoted passage highlighted in its
//! claim's stance colour and each name of a mapped entity underlined. Clicking a highlight
//! selects its relation (or entity) on the map; selecting text offers a claim or an entity
//! made from it. Highlights are computed once per change of the map, not per frame.

use std::collections::BTreeSet;

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText, Stroke, Ui};

use super::cache::Cached;
use super::claim_form::{ClaimForm, claim_form};
use crate::look::truncate;
use crate::model::{Anchor, Document, SourceId, Stance};
use crate::query::mentions::MentionFinder;
use crate::query::quotes;
use crate::ui::commands::Action;
use crate::ui::paint::{CONTESTED_COLOR, stance_color};

/// What a stretch of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Mark {
    /// Quoted by claims of this stance; `Mixed` when claims of several stances quote it.
    quote: Option<Quoted>,
    mention: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoted {
    One(Stance),
    Mixed,
}

/// One highlight: a claim's quote or a name, by character range.
#[derive(Debug, Clone, Copy)]
enum Highlight {
    Quote {
        relation: usize,
        claim: usize,
        stance: Stance,
        start: usize,
        end: usize,
    },
    Name {
        entity: usize,
        start: usize,
        end: usize,
    },
}

impl Highlight {
    fn range(&self) -> (usize, usize) {
        match *self {
            Highlight::Quote { start, end, .. } | Highlight::Name { start, end, .. } => {
                (start, end)
            }
        }
    }
}

/// One paragraph (line) of a source's text, cut where highlights start and end.
#[derive(Debug, Default)]
struct Paragraph {
    /// Its bytes in the text, without the line break.
    bytes: std::ops::Range<usize>,
    /// The character offset of its start in the text.
    first_char: usize,
    /// Byte range (in the text) and mark of each piece, in order.
    pieces: Vec<(std::ops::Range<usize>, Mark)>,
}

/// A source's text by paragraph, each cut where highlights start and end, and the
/// highlights. Paragraphs are laid out and drawn apart, so a long source costs per frame only
/// what is in view.
#[derive(Debug, Default)]
struct ReaderView {
    text: String,
    paragraphs: Vec<Paragraph>,
    highlights: Vec<Highlight>,
}

fn view_of(doc: &Document, source: &SourceId) -> ReaderView {
    let Some(s) = doc.source(source.as_str()) else {
        return ReaderView::default();
    };
    let mut highlights: Vec<Highlight> = quotes::quoted_passages(doc, s)
        .into_iter()
        .map(|(relation, claim, a)| Highlight::Quote {
            relation,
            claim,
            stance: doc.relations[relation].claims[claim].stance,
            start: a.start,
            end: a.end,
        })
        .collect();
    for m in MentionFinder::new(doc).find(&s.text) {
        highlights.push(Highlight::Name {
            entity: m.entity,
            start: m.start,
            end: m.end,
        });
    }
    let byte_of: Vec<usize> = s
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([s.text.len()])
        .collect();
    let chars = byte_of.len() - 1;
    // Cut at every highlight's start and end and every line break, then sweep along the cuts
    // keeping count of the highlights open: each piece's mark in one pass.
    let mut cuts: BTreeSet<usize> = [0, chars].into_iter().collect();
    let mut opens: std::collections::BTreeMap<usize, Vec<(usize, i32)>> = Default::default();
    for (k, h) in highlights.iter().enumerate() {
        let (a, b) = h.range();
        let (a, b) = (a.min(chars), b.min(chars));
        cuts.insert(a);
        cuts.insert(b);
        opens.entry(a).or_default().push((k, 1));
        opens.entry(b).or_default().push((k, -1));
    }
    for (i, c) in s.text.chars().enumerate() {
        if c == '\n' {
            cuts.insert(i);
            cuts.insert(i + 1);
        }
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut stance_open = [0i32; 3];
    let mut names_open = 0i32;
    let mut paragraphs: Vec<Paragraph> = vec![Paragraph::default()];
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        for &(k, d) in opens.get(&a).into_iter().flatten() {
            match highlights[k] {
                Highlight::Quote { stance, .. } => stance_open[stance as usize] += d,
                Highlight::Name { .. } => names_open += d,
            }
        }
        let (from, to) = (byte_of[a], byte_of[b]);
        if &s.text[from..to] == "\n" {
            paragraphs.push(Paragraph {
                bytes: to..to,
                first_char: b,
                pieces: Vec::new(),
            });
            continue;
        }
        let open: Vec<Stance> = Stance::ALL
            .into_iter()
            .filter(|st| stance_open[*st as usize] > 0)
            .collect();
        let mark = Mark {
            quote: match open.as_slice() {
                [] => None,
                [one] => Some(Quoted::One(*one)),
                _ => Some(Quoted::Mixed),
            },
            mention: names_open > 0,
        };
        if let Some(p) = paragraphs.last_mut() {
            p.bytes.end = to;
            p.pieces.push((from..to, mark));
        }
    }
    ReaderView {
        text: s.text.clone(),
        paragraphs,
        highlights,
    }
}

/// What happened in the reader's text this frame.
enum ReaderEvent {
    Selected(usize, usize),
    Clicked(usize),
}

/// One paragraph laid out with its highlights.
fn layout(
    ui: &Ui,
    view: &ReaderView,
    p: &Paragraph,
    width: f32,
    visuals: &egui::Visuals,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let font = FontId::proportional(14.0);
    for (range, mark) in &p.pieces {
        let mut format = TextFormat::simple(font.clone(), visuals.text_color());
        if let Some(q) = mark.quote {
            let c = match q {
                Quoted::One(s) => stance_color(s),
                Quoted::Mixed => CONTESTED_COLOR,
            };
            format.background = c.gamma_multiply(0.35);
        }
        if mark.mention {
            format.underline = Stroke::new(1.0, visuals.hyperlink_color);
            format.color = visuals.strong_text_color();
        }
        job.append(&view.text[range.clone()], 0.0, format);
    }
    if p.pieces.is_empty() {
        // An empty line keeps its height.
        job.append("", 0.0, TextFormat::simple(font, visuals.text_color()));
    }
    ui.fonts_mut(|f| f.layout_job(job))
}

/// What the reader's laid-out text depends on.
type GalleyKey = ((u64, u64), SourceId, u32, bool);

/// The reader's state.
#[derive(Debug, Default)]
pub struct Reader {
    /// The source open in the reader.
    pub open: Option<SourceId>,
    view: Cached<((u64, u64), SourceId), ReaderView>,
    /// The laid-out paragraphs, for the map's revisions and the source they show, the wrap
    /// width and whether the theme is dark: a long source is laid out again only when one of
    /// those changes, not on every frame.
    galleys: Option<(GalleyKey, Vec<std::sync::Arc<egui::Galley>>)>,
    /// The selected characters, if any.
    selected: Option<(usize, usize)>,
    form: Option<ClaimForm>,
}

impl Reader {
    /// Opens `source` in the reader.
    pub fn read(&mut self, source: SourceId) {
        self.open = Some(source);
        self.selected = None;
        self.form = None;
    }

    /// How many times the highlights were computed.
    pub fn computations(&self) -> u64 {
        self.view.computations
    }

    /// The reader window, if a source is open; returns what the user asked for.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        revision: (u64, u64),
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(source) = self.open.clone() else {
            return actions;
        };
        let Some(s) = doc.source(source.as_str()) else {
            self.open = None;
            return actions;
        };
        let mut open = true;
        egui::Window::new(format!("Source: {}", truncate(&s.title, 60)))
            .id(egui::Id::new("source-reader"))
            .open(&mut open)
            .default_size([560.0, 640.0])
            .resizable(true)
            .show(ctx, |ui| {
                if s.text.is_empty() {
                    ui.label(
                        "This source has no text yet. Paste it under Text in the source's \
                         inspector: quotes are then highlighted and checked against it.",
                    );
                    return;
                }
                self.selection_bar(ui, doc, &source, &mut actions);
                ui.separator();
                let view = self
                    .view
                    .get((revision, source.clone()), || view_of(doc, &source));
                let visuals = ui.visuals().clone();
                let width = ui.available_width();
                let key = (revision, source.clone(), width.to_bits(), visuals.dark_mode);
                if self.galleys.as_ref().is_none_or(|(k, _)| *k != key) {
                    let laid_out = view
                        .paragraphs
                        .iter()
                        .map(|p| layout(ui, view, p, width, &visuals))
                        .collect();
                    self.galleys = Some((key, laid_out));
                }
                let Some((_, galleys)) = &self.galleys else {
                    return;
                };
                const GAP: f32 = 4.0;
                let mut tops = Vec::with_capacity(galleys.len() + 1);
                let mut y = 0.0;
                for g in galleys {
                    tops.push(y);
                    y += g.size().y + GAP;
                }
                tops.push(y);
                let mut event = None;
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show_viewport(ui, |ui, viewport| {
                        ui.set_min_height(y);
                        let origin = ui.min_rect().min;
                        // Only the paragraphs in view are drawn.
                        let first = tops
                            .partition_point(|&t| t < viewport.min.y)
                            .saturating_sub(1);
                        let last = tops.partition_point(|&t| t < viewport.max.y);
                        for i in first..last.min(galleys.len()) {
                            let Some(p) = view.paragraphs.get(i) else {
                                continue;
                            };
                            let galley = galleys[i].clone();
                            let rect = egui::Rect::from_min_size(
                                origin + egui::vec2(0.0, tops[i]),
                                egui::vec2(width, galley.size().y),
                            );
                            let mut text = &view.text[p.bytes.clone()];
                            let mut layouter =
                                |_: &Ui, _: &dyn egui::TextBuffer, _: f32| galley.clone();
                            let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
                            let output = egui::TextEdit::multiline(&mut text)
                                .id_salt(("reader-paragraph", i))
                                .frame(egui::Frame::NONE)
                                .margin(egui::Margin::ZERO)
                                .desired_width(width)
                                .layouter(&mut layouter)
                                .show(&mut child);
                            let range = output
                                .cursor_range
                                .map(|r| r.as_sorted_char_range())
                                .map(|r| (p.first_char + r.start.0, p.first_char + r.end.0));
                            match range {
                                Some((a, b)) if a < b && output.response.has_focus() => {
                                    event = Some(ReaderEvent::Selected(a, b));
                                }
                                Some((at, _)) if output.response.clicked() => {
                                    event = Some(ReaderEvent::Clicked(at));
                                }
                                _ => {}
                            }
                        }
                    });
                match event {
                    Some(ReaderEvent::Selected(a, b)) => self.selected = Some((a, b)),
                    Some(ReaderEvent::Clicked(at)) => {
                        self.selected = None;
                        if let Some(h) = view
                            .highlights
                            .iter()
                            .filter(|h| {
                                let (s0, e0) = h.range();
                                s0 <= at && at < e0
                            })
                            .min_by_key(|h| matches!(h, Highlight::Name { .. }))
                        {
                            actions.push(match *h {
                                Highlight::Quote {
                                    relation, claim, ..
                                } => Action::SelectClaim(doc.relations[relation].id.clone(), claim),
                                Highlight::Name { entity, .. } => {
                                    Action::FocusEntity(doc.entities[entity].id.clone())
                                }
                            });
                        }
                    }
                    None => {}
                }
            });
        if !open {
            self.open = None;
            self.form = None;
        }
        actions
    }

    /// What can be made from the selected text: a claim or an entity.
    fn selection_bar(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        source: &SourceId,
        actions: &mut Vec<Action>,
    ) {
        let Some(s) = doc.source(source.as_str()) else {
            return;
        };
        // The selection without the white space around it.
        let selected = self.selected.and_then(|(a, b)| {
            let text = Anchor { start: a, end: b }.passage(&s.text)?;
            let lead = text.chars().take_while(|c| c.is_whitespace()).count();
            let trimmed = text.trim();
            let (a, b) = (a + lead, a + lead + trimmed.chars().count());
            (a < b).then(|| (a, b, trimmed.to_owned()))
        });
        ui.horizontal_wrapped(|ui| match &selected {
            None => {
                ui.label(
                    RichText::new(
                        "Select text to make a claim or an entity of it; click a highlight to \
                         see its relation or entity on the map.",
                    )
                    .weak(),
                );
            }
            Some((a, b, text)) => {
                ui.label(format!("{} characters selected", b - a));
                if ui
                    .button("Claim from selection")
                    .on_hover_text("A claim citing this source, quoting the selected words")
                    .clicked()
                {
                    self.form = Some(ClaimForm {
                        quote: text.clone(),
                        anchor: Anchor { start: *a, end: *b },
                        relation: None,
                        new_relation: None,
                        stance: Stance::Asserts,
                        claimant: None,
                    });
                }
                if ui
                    .button("Entity from selection")
                    .on_hover_text("A new entity named by the selected words")
                    .clicked()
                {
                    actions.push(Action::CreateEntity {
                        name: text.clone(),
                        kind: crate::model::kinds::PERSON.to_owned(),
                        position: None,
                    });
                }
            }
        });
        if let Some(form) = &mut self.form
            && let Some(action) = claim_form(ui, doc, source, form)
        {
            actions.push(action);
            self.form = None;
            self.selected = None;
        }
    }
}
