//! The map's rules (`model::rules`) applied to each entity's decor: its input read (an
//! attribute, or a measure computed once for all the rules that need it), then its visual set,
//! rule after rule, so later rules win. Both painters draw from the decor, so the window and
//! figures show the same styling.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Badge, MOST_BADGES, NodeDecor, Paint};
use crate::model::rules::{BADGE_COUNT, Form, Measure, Rule, Visual};
use crate::model::{AttrValue, Document, parse_hex_color};
use crate::query;

/// What a rule reads from one entity.
#[derive(Debug, Clone, PartialEq)]
enum Input {
    None,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date: its text for values and equality, its year for ranges and bounds.
    Date(String, Option<f64>),
}

impl Input {
    /// As a categorical rule's `values` names it.
    fn key(&self) -> Option<String> {
        match self {
            Input::None => None,
            Input::Text(s) | Input::Date(s, _) => Some(s.clone()),
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
            Input::Date(_, year) => *year,
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
    disputes: Vec<f64>,
    /// The best (lowest) credibility of its relations' claims, when one is graded.
    credibility: Vec<Option<u8>>,
    /// The best reliability of the sources its relations' claims cite, when one is graded.
    reliability: Vec<Option<crate::model::Reliability>>,
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
        let mut disputes = vec![0.0; n];
        let mut credibility: Vec<Option<u8>> = vec![None; n];
        let mut reliability = vec![None; n];
        let graded = wants(Measure::Credibility) || wants(Measure::Reliability);
        let sources: std::collections::HashMap<&str, crate::model::Reliability> = doc
            .sources
            .iter()
            .filter(|_| graded)
            .filter_map(|s| Some((s.id.as_str(), s.reliability?)))
            .collect();
        for (r, e) in doc.relations.iter().zip(&ends) {
            let Some((a, b)) = *e else { continue };
            let contested_here =
                (wants(Measure::Contested) || wants(Measure::Disputes)) && r.is_contested();
            // The relation's best grades, read only when a rule asks for them.
            let (best_credibility, best_reliability) = if graded {
                (
                    r.claims.iter().filter_map(|c| c.credibility).min(),
                    r.claims
                        .iter()
                        .filter_map(|c| sources.get(c.source.as_str()).copied())
                        .min(),
                )
            } else {
                (None, None)
            };
            for i in if a == b { vec![a] } else { vec![a, b] } {
                degree[i] += 1.0;
                claims[i] += r.claims.len() as f64;
                contested[i] |= contested_here;
                if contested_here {
                    disputes[i] += 1.0;
                }
                if graded {
                    credibility[i] = best(credibility[i], best_credibility);
                    reliability[i] = best(reliability[i], best_reliability);
                }
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
            disputes,
            credibility,
            reliability,
        }
    }
}

/// The better (lower) of two grades, either of which may be missing.
fn best<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
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
            Some(AttrValue::Date { date }) => Input::Date(date.to_string(), date.year()),
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
        Some(Measure::Disputes) => at(&m.disputes),
        Some(Measure::Credibility) => m
            .credibility
            .get(i)
            .copied()
            .flatten()
            .map_or(Input::None, |c| Input::Number(f64::from(c))),
        Some(Measure::Reliability) => m
            .reliability
            .get(i)
            .copied()
            .flatten()
            .map_or(Input::None, |r| Input::Text(r.letter().to_owned())),
        Some(Measure::Date) => match e.period.as_ref().and_then(|p| p.from.as_ref()) {
            Some(from) => Input::Date(from.to_string(), from.year()),
            None => Input::None,
        },
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
    /// A badge: an icon, or the input's number (`None` in a legend key, which stands for any).
    Badge(Option<&'static crate::model::icons::Icon>),
}

fn set_of(visual: Visual, v: &Value) -> Option<Set> {
    Some(match visual {
        Visual::Badge if v.as_str() == Some(BADGE_COUNT) => Set::Badge(None),
        Visual::Badge => Set::Badge(Some(crate::model::icons::icon(v.as_str()?)?)),
        Visual::LabelSize => Set::Number(v.as_f64()? as f32),
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
                (Visual::Badge, Set::Badge(icon)) => {
                    let badge = match icon {
                        Some(icon) => Badge::Icon(icon),
                        // A count of nothing is no badge.
                        None => match inputs[i].number() {
                            Some(n) if n >= 1.0 => Badge::Count(n.min(f64::from(u32::MAX)) as u32),
                            _ => continue,
                        },
                    };
                    let slot = node
                        .badges
                        .iter()
                        .position(Option::is_none)
                        .unwrap_or(MOST_BADGES - 1);
                    node.badges[slot] = Some(badge);
                }
                (Visual::LabelSize, Set::Number(k)) => node.label_scale = k.clamp(0.25, 5.0),
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
                            Some(Set::Paint(match rule.palette.as_deref() {
                                // Okabe and Ito's, the default, by index: its colours are
                                // the look's.
                                None | Some("okabe-ito") => {
                                    Paint::Category(u16::try_from(k).unwrap_or(u16::MAX))
                                }
                                named => Paint::Rgb(
                                    crate::look::rule_palette(named)
                                        .get(k)
                                        .copied()
                                        .unwrap_or(crate::look::OTHER_COMMUNITIES),
                                ),
                            }))
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
    let log = rule.scale.as_deref() == Some("log");
    numbers
        .into_iter()
        .map(|v| {
            let v = v?;
            let t = if hi <= lo {
                1.0
            } else if log {
                // ln(1 + distance from the low end): zero at the low end, one at the high,
                // and defined for zero and negative inputs, unlike ln of the input itself.
                ((v - lo).max(0.0).ln_1p() / (hi - lo).ln_1p()).clamp(0.0, 1.0) as f32
            } else {
                ((v - lo) / (hi - lo)).clamp(0.0, 1.0) as f32
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
                    let mut said = said.join(", ");
                    if rule.to.as_ref().and_then(Value::as_str) == Some(BADGE_COUNT)
                        && rule.set == Visual::Badge
                    {
                        // The badge's number is what the rule reads.
                        said = format!("n = {what} ({said})");
                    }
                    rule.to
                        .as_ref()
                        .and_then(|v| set_of(rule.set, v))
                        .map(|mark| vec![(said, mark)])
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
                        ramp(rule, &what, lo, hi)
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

/// A range's keys: a ramp of five ticks for a colour, three for a size or an opacity, from
/// the low end to the high, each the value the rule gives there (evenly spaced along its
/// scale, so a log scale's ticks bunch low), one key when the range is a single value.
fn ramp(rule: &Rule, what: &str, lo: f64, hi: f64) -> Vec<(String, Set)> {
    let ticks = match rule.set {
        Visual::Color | Visual::Border => 5,
        _ => 3,
    };
    let log = rule.scale.as_deref() == Some("log");
    let at: Vec<f64> = if hi > lo {
        (0..ticks)
            .map(|k| {
                let t = k as f64 / (ticks - 1) as f64;
                if k + 1 == ticks {
                    // The high end as given, not as ln and exp give it back.
                    hi
                } else if log {
                    lo + (t * (hi - lo).ln_1p()).exp_m1()
                } else {
                    lo + t * (hi - lo)
                }
            })
            .collect()
    } else {
        vec![lo]
    };
    let mut spanned = rule.clone();
    spanned.range = serde_json::Number::from_f64(lo)
        .zip(serde_json::Number::from_f64(hi))
        .map(|(a, b)| [a, b]);
    let inputs: Vec<Input> = at.iter().map(|&v| Input::Number(v)).collect();
    at.iter()
        .zip(continuous(&spanned, &inputs))
        .filter_map(|(v, set)| Some((format!("{what} {}", short(*v)), set?)))
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
mod tests;
