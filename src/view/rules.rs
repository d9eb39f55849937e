//! The map's rules (`model::rules`) applied to each entity's decor: its input read (an
//! attribute, or a measure computed once for all the rules that need it), then its visual set,
//! rule after rule, so later rules win. Both painters draw from the decor, so the window and
//! figures show the same styling.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{NodeDecor, Paint};
use crate::model::rules::{Form, Measure, Rule, Visual};
use crate::model::{AttrValue, Document, parse_hex_color};
use crate::query;

/// What a rule reads from one entity.
#[derive(Debug, Clone, PartialEq)]
enum Input {
    None,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Input {
    /// As a categorical rule's `values` names it.
    fn key(&self) -> Option<String> {
        match self {
            Input::None => None,
            Input::Text(s) => Some(s.clone()),
            Input::Number(n) => Some(
                Value::from(*n)
                    .to_string()
                    .trim_end_matches(".0")
                    .to_owned(),
            ),
            Input::Bool(b) => Some(b.to_string()),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Input::Number(n) => Some(*n),
            Input::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Whether it is what `equals` names: the same text, number or truth.
    fn equals(&self, v: &Value) -> bool {
        match (self, v) {
            (Input::None, _) => false,
            (Input::Bool(b), Value::Bool(w)) => b == w,
            (input, Value::Number(w)) => input
                .number()
                .zip(w.as_f64())
                .is_some_and(|(a, b)| (a - b).abs() <= 1e-9 * b.abs().max(1.0)),
            (input, Value::String(w)) => input.key().is_some_and(|k| k.eq_ignore_ascii_case(w)),
            _ => false,
        }
    }
}

/// The measures the rules read, each computed only if one reads it.
struct Measures {
    degree: Vec<f64>,
    betweenness: Vec<f64>,
    community: Vec<f64>,
    claims: Vec<f64>,
    contested: Vec<bool>,
}

/// Maps up to this many entities get exact betweenness; larger ones an estimate from
/// [`SAMPLE_SOURCES`] sources spread evenly (as the window's metrics do), so a rule cannot
/// stall a frame for minutes (exact Brandes is entities × relations).
const EXACT_BETWEENNESS_UP_TO: usize = 5_000;
const SAMPLE_SOURCES: usize = 256;

impl Measures {
    fn of(doc: &Document, rules: &[&Rule], known_betweenness: Option<&[f64]>) -> Self {
        let wants = |m: Measure| rules.iter().any(|r| r.measure == Some(m));
        let n = doc.entities.len();
        let ends = doc.relation_ends();
        let mut degree = vec![0.0; n];
        let mut claims = vec![0.0; n];
        let mut contested = vec![false; n];
        for (r, e) in doc.relations.iter().zip(&ends) {
            let Some((a, b)) = *e else { continue };
            let contested_here = wants(Measure::Contested) && r.is_contested();
            for i in if a == b { vec![a] } else { vec![a, b] } {
                degree[i] += 1.0;
                claims[i] += r.claims.len() as f64;
                contested[i] |= contested_here;
            }
        }
        let betweenness = if wants(Measure::Betweenness) {
            let b = if let Some(known) = known_betweenness {
                // Not yet known (computed in the background): the rule waits for it.
                known.to_vec()
            } else if n <= EXACT_BETWEENNESS_UP_TO {
                query::Adjacency::of(doc).betweenness()
            } else {
                let step = n.div_ceil(SAMPLE_SOURCES);
                let sources: Vec<usize> = (0..n).step_by(step.max(1)).collect();
                query::Adjacency::of(doc)
                    .betweenness_from(&sources, &|| false)
                    .unwrap_or_default()
            };
            let max = b.iter().copied().fold(0.0, f64::max);
            b.into_iter()
                .map(|v| if max > 0.0 { v / max } else { 0.0 })
                .collect()
        } else {
            Vec::new()
        };
        let community = if wants(Measure::Community) {
            let links: Vec<(usize, usize)> = ends.into_iter().flatten().collect();
            query::communities::communities(n, &links)
                .into_iter()
                .map(|c| c as f64)
                .collect()
        } else {
            Vec::new()
        };
        Self {
            degree,
            betweenness,
            community,
            claims,
            contested,
        }
    }
}

/// What `rule` reads from entity `i`.
fn input(doc: &Document, rule: &Rule, i: usize, m: &Measures) -> Input {
    let e = &doc.entities[i];
    if let Some(name) = &rule.attribute {
        return match e.attributes.get(name.as_str()) {
            None => Input::None,
            Some(AttrValue::Text(s)) => Input::Text(s.clone()),
            Some(AttrValue::Bool(b)) => Input::Bool(*b),
            Some(AttrValue::Number(n)) => n.as_f64().map_or(Input::None, Input::Number),
            Some(AttrValue::Date { date }) => Input::Text(date.to_string()),
        };
    }
    let at = |v: &[f64]| v.get(i).copied().map_or(Input::None, Input::Number);
    match rule.measure {
        None => Input::None,
        Some(Measure::Kind) => Input::Text(e.kind.clone()),
        Some(Measure::Degree) => at(&m.degree),
        Some(Measure::Betweenness) => at(&m.betweenness),
        Some(Measure::Community) => at(&m.community),
        Some(Measure::Claims) => at(&m.claims),
        Some(Measure::Contested) => Input::Bool(m.contested.get(i).copied().unwrap_or(false)),
    }
}

/// A visual's value, read from a rule's JSON: what a rule sets, and what its legend keys show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Set {
    Paint(Paint),
    Number(f32),
    Shape(crate::model::NodeShape),
    Icon(&'static crate::model::icons::Icon),
    Label(bool),
}

fn set_of(visual: Visual, v: &Value) -> Option<Set> {
    Some(match visual {
        Visual::Color | Visual::Border => Set::Paint(Paint::Rgb(parse_hex_color(v.as_str()?)?)),
        Visual::Size | Visual::Opacity => Set::Number(v.as_f64()? as f32),
        Visual::Shape => Set::Shape(crate::model::NodeShape::named(v.as_str()?)?),
        Visual::Icon => Set::Icon(crate::model::icons::icon(v.as_str()?)?),
        Visual::Label => Set::Label(v.as_bool()?),
    })
}

/// The rules that apply: those of the map's view `view` when one is chosen, else the map's.
pub fn active(doc: &Document, view: Option<usize>) -> &[Rule] {
    match view.and_then(|v| doc.styles.views.get(v)) {
        Some(v) => &v.rules,
        None => &doc.styles.rules,
    }
}

/// Applies every one of `rules` that is on to `nodes` (by entity index), in order;
/// `betweenness` is each entity's as the caller has it (see `ViewSettings::betweenness`).
pub fn apply(doc: &Document, rules: &[Rule], betweenness: Option<&[f64]>, nodes: &mut [NodeDecor]) {
    let rules: Vec<&Rule> = rules.iter().filter(|r| !r.off).collect();
    if rules.is_empty() {
        return;
    }
    let measures = Measures::of(doc, &rules, betweenness);
    let n = doc.entities.len().min(nodes.len());
    let mut sizes: Vec<Option<f32>> = vec![None; n];
    for rule in rules {
        let inputs: Vec<Input> = (0..n).map(|i| input(doc, rule, i, &measures)).collect();
        let sets = values(rule, &inputs);
        for (i, set) in sets.into_iter().enumerate() {
            let Some(set) = set else { continue };
            let node = &mut nodes[i];
            match (rule.set, set) {
                (Visual::Color, Set::Paint(p)) => node.paint = Some(p),
                (Visual::Border, Set::Paint(Paint::Rgb(c))) => node.border = Some(c),
                (Visual::Size, Set::Number(k)) => sizes[i] = Some(k),
                (Visual::Opacity, Set::Number(k)) => node.opacity = k.clamp(0.0, 1.0),
                (Visual::Shape, Set::Shape(s)) => node.shape = Some(s),
                (Visual::Icon, Set::Icon(icon)) => node.icon = Some(icon),
                (Visual::Label, Set::Label(b)) => node.label = Some(b),
                _ => {}
            }
        }
    }
    for (node, size) in nodes.iter_mut().zip(sizes) {
        if let Some(k) = size {
            node.scale *= k;
        }
    }
}

/// What `rule` sets on each entity, from its input; `None` where it sets nothing.
fn values(rule: &Rule, inputs: &[Input]) -> Vec<Option<Set>> {
    match rule.form() {
        Form::Conditional => {
            let to = rule.to.as_ref().and_then(|v| set_of(rule.set, v));
            inputs
                .iter()
                .map(|input| {
                    let equal = rule.equals.as_ref().is_none_or(|v| input.equals(v));
                    let n = input.number();
                    let least = rule.at_least.is_none()
                        || rule.least().zip(n).is_some_and(|(lo, v)| v >= lo);
                    let most =
                        rule.at_most.is_none() || rule.most().zip(n).is_some_and(|(hi, v)| v <= hi);
                    (equal && least && most).then_some(to).flatten()
                })
                .collect()
        }
        Form::Continuous => continuous(rule, inputs),
        Form::Categorical => {
            // Values the rule does not list take the palette's colours in sorted order.
            let unlisted: Vec<String> = inputs
                .iter()
                .filter_map(Input::key)
                .filter(|k| !rule.values.contains_key(k))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            inputs
                .iter()
                .map(|input| {
                    let key = input.key()?;
                    match rule.values.get(&key) {
                        Some(v) => set_of(rule.set, v),
                        None if rule.set == Visual::Color => {
                            let k = unlisted.binary_search(&key).ok()?;
                            Some(Set::Paint(Paint::Category(
                                u16::try_from(k).unwrap_or(u16::MAX),
                            )))
                        }
                        None => None,
                    }
                })
                .collect()
        }
    }
}

/// A continuous rule's values: `from` at the low end of its range, `to` at the high end;
/// sizes by area, colours through sRGB.
fn continuous(rule: &Rule, inputs: &[Input]) -> Vec<Option<Set>> {
    let numbers: Vec<Option<f64>> = inputs.iter().map(Input::number).collect();
    let (lo, hi) = match rule.span() {
        Some([lo, hi]) => (lo, hi),
        None => numbers
            .iter()
            .flatten()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v))),
    };
    let (Some(from), Some(to)) = (
        rule.from.as_ref().and_then(|v| set_of(rule.set, v)),
        rule.to.as_ref().and_then(|v| set_of(rule.set, v)),
    ) else {
        return vec![None; inputs.len()];
    };
    numbers
        .into_iter()
        .map(|v| {
            let v = v?;
            let t = if hi > lo {
                ((v - lo) / (hi - lo)).clamp(0.0, 1.0) as f32
            } else {
                1.0
            };
            Some(match (from, to) {
                (Set::Number(a), Set::Number(b)) if rule.set == Visual::Size => {
                    Set::Number((a * a + t * (b * b - a * a)).sqrt())
                }
                (Set::Number(a), Set::Number(b)) => Set::Number(a + t * (b - a)),
                (Set::Paint(Paint::Rgb(a)), Set::Paint(Paint::Rgb(b))) => {
                    let mix = |x: u8, y: u8| {
                        (f32::from(x) + t * (f32::from(y) - f32::from(x))).round() as u8
                    };
                    Set::Paint(Paint::Rgb([
                        mix(a[0], b[0]),
                        mix(a[1], b[1]),
                        mix(a[2], b[2]),
                    ]))
                }
                _ => return None,
            })
        })
        .collect()
}

/// One rule in the legend: what it is called, and a key for each value it sets.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleLegend {
    pub title: String,
    /// What it sets, so a number is drawn as a size or an opacity, a colour as a fill or a ring.
    pub visual: Visual,
    pub keys: Vec<(String, Set)>,
}

/// The most keys a rule by value shows in the legend; the rest are counted.
const MOST_KEYS: usize = 8;

/// The legend of every one of `rules` that is on, in order: a condition's one key, a range's
/// two ends, or the values present in the map with what each is given.
pub fn legend(doc: &Document, rules: &[Rule]) -> Vec<RuleLegend> {
    let rules: Vec<&Rule> = rules.iter().filter(|r| !r.off).collect();
    if rules.is_empty() {
        return Vec::new();
    }
    let measures = Measures::of(doc, &rules, None);
    let n = doc.entities.len();
    rules
        .into_iter()
        .map(|rule| {
            let inputs: Vec<Input> = (0..n).map(|i| input(doc, rule, i, &measures)).collect();
            let what = rule.reads();
            let keys = match rule.form() {
                Form::Conditional => {
                    let mut said = Vec::new();
                    if let Some(v) = &rule.equals {
                        said.push(match v {
                            Value::Bool(true) => what.clone(),
                            Value::Bool(false) => format!("not {what}"),
                            Value::String(s) => format!("{what}: {s}"),
                            other => format!("{what} = {other}"),
                        });
                    }
                    if let Some(lo) = &rule.at_least {
                        said.push(format!("{what} at least {lo}"));
                    }
                    if let Some(hi) = &rule.at_most {
                        said.push(format!("{what} at most {hi}"));
                    }
                    rule.to
                        .as_ref()
                        .and_then(|v| set_of(rule.set, v))
                        .map(|mark| vec![(said.join(", "), mark)])
                        .unwrap_or_default()
                }
                Form::Continuous => {
                    let numbers: Vec<f64> = inputs.iter().filter_map(Input::number).collect();
                    let (lo, hi) = rule.span().map_or_else(
                        || {
                            numbers
                                .iter()
                                .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)))
                        },
                        |[lo, hi]| (lo, hi),
                    );
                    if numbers.is_empty() && rule.span().is_none() {
                        Vec::new()
                    } else {
                        let ends = [(lo, &rule.from), (hi, &rule.to)];
                        ends.into_iter()
                            .filter_map(|(at, v)| {
                                let mark = set_of(rule.set, v.as_ref()?)?;
                                Some((format!("{what} {}", short(at)), mark))
                            })
                            .collect()
                    }
                }
                Form::Categorical => {
                    let sets = values(rule, &inputs);
                    let mut seen: Vec<(String, Set)> = Vec::new();
                    for (input, set) in inputs.iter().zip(sets) {
                        if let (Some(key), Some(set)) = (input.key(), set)
                            && !seen.iter().any(|(k, _)| *k == key)
                        {
                            seen.push((key, set));
                        }
                    }
                    seen.sort_by(|a, b| a.0.cmp(&b.0));
                    if seen.len() > MOST_KEYS {
                        let more = seen.len() - (MOST_KEYS - 1);
                        seen.truncate(MOST_KEYS - 1);
                        if let Some(&(_, mark)) = seen.last() {
                            seen.push((format!("and {more} more"), mark));
                        }
                    }
                    seen
                }
            };
            RuleLegend {
                title: rule.title(),
                visual: rule.set,
                keys,
            }
        })
        .filter(|l| !l.keys.is_empty())
        .collect()
}

/// A number as a legend writes it: whole numbers without a point, others to two places.
fn short(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rules::Rule;

    fn doc_with(rules: &str) -> Document {
        let mut doc = crate::io::bundled_map().unwrap();
        doc.styles.rules = serde_json::from_str::<Vec<Rule>>(rules).unwrap();
        doc
    }

    fn decor(doc: &Document) -> Vec<NodeDecor> {
        let mut nodes = vec![NodeDecor::default(); doc.entities.len()];
        apply(doc, &doc.styles.rules, None, &mut nodes);
        nodes
    }

    fn at(doc: &Document, id: &str) -> usize {
        doc.entity_index(id).unwrap()
    }

    #[test]
    fn a_categorical_colour_gives_each_value_a_colour_and_listed_values_theirs() {
        let doc = doc_with(
            r##"[{"attribute": "nationality", "set": "color", "values": {"U.S.": "#010203"}}]"##,
        );
        let nodes = decor(&doc);
        assert_eq!(
            nodes[at(&doc, "kevin-king")].paint,
            Some(Paint::Rgb([1, 2, 3]))
        );
        assert_eq!(
            nodes[at(&doc, "timothy-weeks")].paint,
            Some(Paint::Category(0)),
            "Australian, the first value not listed"
        );
        assert_eq!(
            nodes[at(&doc, "anas-haqqani")].paint,
            None,
            "no nationality"
        );
    }

    #[test]
    fn a_continuous_size_runs_by_area_from_the_least_to_the_most_connected() {
        let doc = doc_with(r#"[{"measure": "degree", "set": "size", "from": 1, "to": 3}]"#);
        let nodes = decor(&doc);
        let anas = nodes[at(&doc, "anas-haqqani")].scale;
        assert!((anas - 3.0).abs() < 1e-4, "the hub is the largest: {anas}");
        let min = nodes.iter().map(|n| n.scale).fold(f32::MAX, f32::min);
        assert!((min - 1.0).abs() < 1e-4);
        // Halfway along the range is halfway in area, not in radius.
        let rule: Rule = serde_json::from_str(
            r#"{"measure": "degree", "set": "size", "from": 1, "to": 3, "range": [0, 2]}"#,
        )
        .unwrap();
        let out = continuous(&rule, &[Input::Number(1.0)]);
        assert_eq!(out[0], Some(Set::Number(5.0f32.sqrt())));
    }

    #[test]
    fn conditions_set_only_where_they_hold_and_later_rules_win() {
        let doc = doc_with(
            r##"[
              {"measure": "contested", "equals": true, "set": "border", "to": "#e15759"},
              {"measure": "degree", "at_least": 10, "set": "icon", "to": "crown"},
              {"measure": "kind", "equals": "person", "set": "opacity", "to": 0.5},
              {"attribute": "status", "equals": "deceased", "set": "opacity", "to": 0.3},
              {"measure": "kind", "equals": "media", "set": "label", "to": false, "off": true}
            ]"##,
        );
        let nodes = decor(&doc);
        let taliban = &nodes[at(&doc, "taliban")];
        assert_eq!(
            taliban.border,
            Some([0xe1, 0x57, 0x59]),
            "a contested relation's end"
        );
        assert_eq!(taliban.icon.map(|i| i.name), Some("crown"));
        assert_eq!(nodes[at(&doc, "ned-price")].border, None);
        assert_eq!(nodes[at(&doc, "ned-price")].opacity, 0.5);
        assert_eq!(
            nodes[at(&doc, "jalaluddin-haqqani")].opacity,
            0.3,
            "the later rule"
        );
        assert_eq!(
            nodes[at(&doc, "newsline")].label,
            None,
            "a rule switched off"
        );
    }

    #[test]
    fn the_legend_keys_each_rule_by_what_it_sets() {
        let doc = doc_with(
            r##"[
              {"name": "Nationality", "attribute": "nationality", "set": "color"},
              {"measure": "degree", "set": "size", "from": 1, "to": 3},
              {"measure": "contested", "equals": true, "set": "border", "to": "#e15759"}
            ]"##,
        );
        let legend = legend(&doc, &doc.styles.rules);
        assert_eq!(legend.len(), 3);
        assert_eq!(legend[0].title, "Nationality");
        let keys: Vec<&str> = legend[0].keys.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["Australian", "U.S."]);
        assert_eq!(legend[1].keys[0], ("degree 1".to_owned(), Set::Number(1.0)));
        assert_eq!(
            legend[2].keys,
            [(
                "contested".to_owned(),
                Set::Paint(Paint::Rgb([0xe1, 0x57, 0x59]))
            )]
        );
    }

    #[test]
    fn betweenness_waits_for_the_window_and_is_estimated_on_large_maps() {
        let rules: Vec<Rule> = serde_json::from_str(
            r#"[{"measure": "betweenness", "set": "size", "from": 1, "to": 2}]"#,
        )
        .unwrap();
        let doc = crate::io::generate::chain_map(EXACT_BETWEENNESS_UP_TO + 1000, 7);
        let mut nodes = vec![NodeDecor::default(); doc.entities.len()];
        // The window's metrics have not got it yet: nothing changes.
        apply(&doc, &rules, Some(&[]), &mut nodes);
        assert!(nodes.iter().all(|n| n.scale == 1.0));
        // Asked without it, the rule estimates it from a sample of sources.
        apply(&doc, &rules, None, &mut nodes);
        let largest = nodes.iter().map(|n| n.scale).fold(0.0, f32::max);
        assert!(
            (largest - 2.0).abs() < 1e-4,
            "the most between is the largest"
        );
    }

    #[test]
    fn a_map_without_rules_is_left_as_it_was() {
        let doc = crate::io::bundled_map().unwrap();
        assert_eq!(decor(&doc), vec![NodeDecor::default(); doc.entities.len()]);
        assert!(legend(&doc, &doc.styles.rules).is_empty());
    }
}
