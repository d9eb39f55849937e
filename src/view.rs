//! How the map is shown under the current exploration state: which entities and relations
//! are hidden or dimmed, which are marked (by a lens, a lens comparison or a path), how big
//! entities are, and what the map's rules make of them (`rules.rs`). The canvas and the exporter both draw from a [`Decor`], so a figure shows
//! exactly the view the user built.

pub mod changes;
pub mod rules;

use crate::model::{Document, EntityId, NodeShape, RelationId};
use crate::query::{self, Filter, Perspective, Verdict};

/// A fill a rule gives: a colour, or the `k`th colour of the rules' palette (values a
/// categorical rule does not list, in sorted order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Rgb([u8; 3]),
    Category(u16),
}

/// A badge a rule puts on an entity's rim: an icon, or a number (the count it read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    Icon(&'static crate::model::icons::Icon),
    Count(u32),
}

/// The most badges an entity carries; a later badge rule takes the last place.
pub const MOST_BADGES: usize = 3;

/// How the exploration state (filters, focus, lens, path) shows one entity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeDecor {
    pub hidden: bool,
    /// Hidden only because a folded group stands for it: lists and tables still show it.
    pub folded_away: bool,
    pub dimmed: bool,
    /// On the highlighted path.
    pub marked: bool,
    /// Size relative to the normal one.
    pub scale: f32,
    /// Its community (Louvain, numbered largest first) when the map is coloured by community.
    pub community: Option<u16>,
    /// What the map's rules set (`styles.rules`): a fill over the kind's colour (colouring by
    /// community wins over it), a shape and an icon over the kind's, a ring round the shape,
    /// how much of its colour it keeps, and whether its name shows.
    pub paint: Option<Paint>,
    pub shape: Option<NodeShape>,
    pub icon: Option<&'static crate::model::icons::Icon>,
    pub border: Option<[u8; 3]>,
    pub opacity: f32,
    pub label: Option<bool>,
    /// Its name's size, relative to the normal one.
    pub label_scale: f32,
    /// Badges on its rim, in the order the rules put them (see `look::badges`).
    pub badges: [Option<Badge>; MOST_BADGES],
    /// New or changed since the version the map is compared with (`changes`).
    pub change: Option<changes::ChangeMark>,
}

impl Default for NodeDecor {
    fn default() -> Self {
        Self {
            hidden: false,
            folded_away: false,
            dimmed: false,
            marked: false,
            scale: 1.0,
            community: None,
            paint: None,
            shape: None,
            icon: None,
            border: None,
            opacity: 1.0,
            label: None,
            label_scale: 1.0,
            badges: [None; MOST_BADGES],
            change: None,
        }
    }
}

/// What a relation is marked as, by a lens, a lens comparison or a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EdgeMark {
    #[default]
    None,
    Asserted,
    /// Drawn struck through.
    Denied,
    Qualified,
    /// Two compared lenses disagree on it.
    Disagreement,
    /// A step of the highlighted path.
    Path,
    /// New since the version the map is compared with.
    Added,
    /// Changed since the version the map is compared with.
    Changed,
}

/// How the exploration state shows one relation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EdgeDecor {
    pub hidden: bool,
    /// Hidden only because an end is folded into a group: the table still lists it.
    pub folded_away: bool,
    pub dimmed: bool,
    pub mark: EdgeMark,
}

/// Decor for every entity and relation, by index in the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decor {
    pub nodes: Vec<NodeDecor>,
    pub edges: Vec<EdgeDecor>,
}

/// What to show, and how.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewSettings {
    pub filter: Filter,
    /// Dim what the filter leaves out, instead of hiding it.
    pub dim: bool,
    pub lens: Option<Perspective>,
    /// A second lens: the relations on which the two disagree are marked.
    pub compare: Option<Perspective>,
    /// A path to highlight: its entities and relations.
    pub path: Option<(Vec<EntityId>, Vec<RelationId>)>,
    /// A value per entity to size it by (degree, betweenness); empty for uniform sizes.
    pub sizes: Vec<f64>,
    /// Colour entities by their community instead of their kind.
    pub community_colours: bool,
    /// The map's view (`styles.views`, by index) whose rules apply instead of the map's.
    pub style_view: Option<usize>,
    /// Each entity's betweenness as the caller has it: the window's metrics, empty while a
    /// large map's is computed in the background (a rule reading it waits). `None`: a rule
    /// that reads it computes it (estimated on maps too large for the exact count).
    pub betweenness: Option<Vec<f64>>,
}

/// How every entity and relation is shown.
pub fn decor(doc: &Document, settings: &ViewSettings) -> Decor {
    let visible = settings.filter.apply(doc);
    let mut nodes: Vec<NodeDecor> = visible
        .entities
        .iter()
        .map(|&shown| NodeDecor {
            hidden: !shown && !settings.dim,
            dimmed: !shown && settings.dim,
            ..NodeDecor::default()
        })
        .collect();
    let mut edges: Vec<EdgeDecor> = visible
        .relations
        .iter()
        .map(|&shown| EdgeDecor {
            hidden: !shown && !settings.dim,
            folded_away: false,
            dimmed: !shown && settings.dim,
            mark: EdgeMark::None,
        })
        .collect();

    if let Some(lens) = &settings.lens {
        // A lens hears only the claims the grade filters keep.
        let graded = |c: &crate::model::Claim| settings.filter.graded_well(doc, c);
        let verdicts = query::lens_with(doc, lens, graded);
        let mut spoken_of = vec![false; doc.entities.len()];
        if let Perspective::Claimant(id) = lens
            && let Some(i) = doc.entity_index(id.as_str())
        {
            spoken_of[i] = true;
        }
        let compared = settings
            .compare
            .as_ref()
            .map(|other| query::disagreements(&verdicts, &query::lens_with(doc, other, graded)));
        let ends = doc.relation_ends();
        for (ri, (v, ends)) in verdicts.iter().zip(&ends).enumerate() {
            let edge = &mut edges[ri];
            match &compared {
                Some(disputed) if disputed.contains(&ri) => edge.mark = EdgeMark::Disagreement,
                Some(_) => edge.dimmed = true,
                None => match v {
                    Verdict::Asserted => edge.mark = EdgeMark::Asserted,
                    Verdict::Denied => edge.mark = EdgeMark::Denied,
                    Verdict::Qualified => edge.mark = EdgeMark::Qualified,
                    Verdict::Silent => edge.dimmed = true,
                },
            }
            if !edge.dimmed
                && let Some((a, b)) = *ends
            {
                spoken_of[a] = true;
                spoken_of[b] = true;
            }
        }
        for (node, spoken) in nodes.iter_mut().zip(spoken_of) {
            node.dimmed |= !spoken;
        }
    }

    if let Some((path_entities, path_relations)) = &settings.path {
        for id in path_entities {
            if let Some(i) = doc.entity_index(id.as_str()) {
                nodes[i].marked = true;
                nodes[i].hidden = false;
            }
        }
        for id in path_relations {
            if let Some(i) = doc.relations.iter().position(|r| r.id == *id) {
                edges[i].mark = EdgeMark::Path;
                edges[i].hidden = false;
                edges[i].dimmed = false;
            }
        }
    }

    if settings.community_colours {
        let links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
        let communities = query::communities::communities(doc.entities.len(), &links);
        for (node, c) in nodes.iter_mut().zip(communities) {
            node.community = Some(u16::try_from(c).unwrap_or(u16::MAX));
        }
    }

    let max = settings.sizes.iter().copied().fold(0.0, f64::max);
    if max > 0.0 {
        for (node, v) in nodes.iter_mut().zip(settings.sizes.iter().copied()) {
            node.scale = 0.7 + 1.6 * (v / max).sqrt() as f32;
        }
    }
    rules::apply(
        doc,
        rules::active(doc, settings.style_view),
        settings.betweenness.as_deref(),
        &mut nodes,
    );
    hide_folded(doc, &mut nodes, &mut edges);
    Decor { nodes, edges }
}

/// A folded group's members are drawn as the group (`look::groups`): they and their
/// relations are hidden here, whatever the filters say.
fn hide_folded(doc: &Document, nodes: &mut [NodeDecor], edges: &mut [EdgeDecor]) {
    if !doc.groups.iter().any(|g| g.folded) {
        return;
    }
    let folded = doc.folded_into();
    for (node, f) in nodes.iter_mut().zip(&folded) {
        if f.is_some() {
            node.folded_away = !node.hidden;
            node.hidden = true;
        }
    }
    for (edge, ends) in edges.iter_mut().zip(doc.relation_ends()) {
        if let Some((a, b)) = ends
            && (folded[a].is_some() || folded[b].is_some())
        {
            edge.folded_away = !edge.hidden;
            edge.hidden = true;
        }
    }
}
