//! Rules that style entities from their data, as Kumu's decorations, Gephi's appearance and
//! i2's conditional formatting do: each reads an attribute or a measure and sets one visual.
//! They are kept in the map's `styles.rules`, applied in order, later rules winning
//! (docs/FORMAT.md). Here is what a rule says and how it is checked; `view::rules` applies them.
//!
//! A rule is one of three forms, told by its fields:
//! - **conditional**, with `equals`, `at_least` or `at_most`: where the input matches, the
//!   visual becomes `to`;
//! - **continuous**, with `from` and `to` and a numeric input: the visual runs from `from` at
//!   the low end of `range` (the data's own when absent) to `to` at the high end;
//! - **categorical** otherwise: each input value's visual is in `values`; for colours, values
//!   not listed take the next colour of a palette.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
// Numbers are serde_json's, not f64: the map is read with arbitrary precision, and a plain
// float field of a struct with flattened unknown fields cannot be read that way.
use serde_json::{Number, Value};

use super::{Extra, NodeShape, Problem, parse_hex_color};

/// One rule.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rule {
    /// What the legend calls it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Its input: an attribute, by name...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// ...or a measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// The visual it sets.
    pub set: Visual,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[Number; 2]>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, Value>,
    /// The colours a rule by value gives the values it does not list: one of [`PALETTES`]
    /// (Okabe and Ito's when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub palette: Option<String>,
    /// How a continuous rule runs along its range: `"log"`, by ln(1 + input − low), for
    /// inputs such as degrees where a few are far above the rest; linear when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Kept in the map but not applied.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A named view of the map (`styles.views`), as Kumu's views: its own rules, used instead of
/// the map's while it is chosen, and a lens (a claimant's id or name, or a source's id).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MapView {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lens: Option<String>,
    /// The filters it brings, as the Explore panel sets them.
    #[serde(default, skip_serializing_if = "ViewFilter::is_empty")]
    pub filter: ViewFilter,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A view's filters (`styles.views[].filter`): kinds hidden, only what a source reports or a
/// claimant says, grades, and a date. Ids are entity and source ids.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ViewFilter {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hide_kinds: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hide_relation_kinds: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<super::PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_reliability: Option<super::Reliability>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_credibility: Option<u8>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ViewFilter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Every problem of the views: a name missing or used twice, and their rules' problems.
pub fn check_views(problems: &mut Vec<Problem>, views: &[MapView]) {
    for (n, view) in views.iter().enumerate() {
        let place = format!("styles.views[{n}]");
        if view.name.trim().is_empty() {
            problems.push(Problem::new(place.clone(), "a view needs a \"name\""));
        } else if views[..n].iter().any(|v| v.name == view.name) {
            problems.push(Problem::new(
                place.clone(),
                format!("the name \"{}\" is used by an earlier view", view.name),
            ));
        }
        check_rules_at(problems, &format!("{place}.rules"), &view.rules);
        let f = &view.filter;
        if let Some(date) = &f.as_of
            && !date.is_well_formed()
        {
            problems.push(Problem::new(
                format!("{place}.filter"),
                format!("\"as_of\" is \"{date}\", which is not a date relmap reads"),
            ));
        }
        if f.max_credibility.is_some_and(|c| !(1..=6).contains(&c)) {
            problems.push(Problem::new(
                format!("{place}.filter"),
                "\"max_credibility\" is a claim grade from 1 to 6",
            ));
        }
    }
}

/// A measure a rule can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// The entity's kind, as text.
    Kind,
    /// How many relations it has.
    Degree,
    /// Betweenness centrality, normalised to 0–1.
    Betweenness,
    /// Its Louvain community, numbered largest first.
    Community,
    /// How many claims its relations carry.
    Claims,
    /// Whether one of its relations is contested.
    Contested,
    /// How many of its relations are contested.
    Disputes,
    /// The best credibility among its relations' claims, 1 (confirmed) to 6 (cannot be
    /// judged): the claim grade.
    Credibility,
    /// The best reliability among the sources its relations' claims cite, A (reliable) to F
    /// (cannot be judged): the source grade.
    Reliability,
    /// When its period begins, as a year with its fraction (mid-2014 is 2014.5).
    Date,
}

impl Measure {
    /// Every measure, in the order the Rules window lists them.
    pub const ALL: [Measure; 10] = [
        Measure::Kind,
        Measure::Degree,
        Measure::Betweenness,
        Measure::Community,
        Measure::Claims,
        Measure::Contested,
        Measure::Disputes,
        Measure::Credibility,
        Measure::Reliability,
        Measure::Date,
    ];

    /// Its name in a map file and in the legend.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Kind => "kind",
            Measure::Degree => "degree",
            Measure::Betweenness => "betweenness",
            Measure::Community => "community",
            Measure::Claims => "claims",
            Measure::Contested => "contested",
            Measure::Disputes => "disputes",
            Measure::Credibility => "credibility",
            Measure::Reliability => "reliability",
            Measure::Date => "date",
        }
    }
}

/// A visual a rule sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visual {
    /// The fill, `#rrggbb`.
    #[default]
    Color,
    /// The size, a multiple of the normal size (by area for continuous rules).
    Size,
    /// A shape's name.
    Shape,
    /// An icon's name.
    Icon,
    /// A ring round the shape, `#rrggbb`.
    Border,
    /// 0 (invisible) to 1.
    Opacity,
    /// Whether its name is shown: `true` or `false`.
    Label,
    /// Its name's size, a multiple of the normal size.
    #[serde(rename = "label_size")]
    LabelSize,
    /// A badge on its rim (i2's): an icon's name, or `"count"` for the input's number.
    Badge,
}

impl Visual {
    /// Every visual, in the order the Rules window lists them.
    pub const ALL: [Visual; 9] = [
        Visual::Color,
        Visual::Size,
        Visual::Shape,
        Visual::Icon,
        Visual::Border,
        Visual::Opacity,
        Visual::Label,
        Visual::LabelSize,
        Visual::Badge,
    ];

    /// Its name in a map file.
    pub fn name(self) -> &'static str {
        match self {
            Visual::Color => "color",
            Visual::Size => "size",
            Visual::Shape => "shape",
            Visual::Icon => "icon",
            Visual::Border => "border",
            Visual::Opacity => "opacity",
            Visual::Label => "label",
            Visual::LabelSize => "label_size",
            Visual::Badge => "badge",
        }
    }
}

/// The palettes a rule by value can name, each told apart by readers with the common
/// colour-vision deficiencies: Okabe and Ito's, and Paul Tol's bright and vibrant schemes.
pub const PALETTES: [&str; 3] = ["okabe-ito", "tol-bright", "tol-vibrant"];

/// The scales a continuous rule can name.
pub const SCALES: [&str; 2] = ["linear", "log"];

/// What a badge rule's `to` says to write the input's number in the badge.
pub const BADGE_COUNT: &str = "count";

/// How a rule maps its input to its visual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Conditional,
    Continuous,
    Categorical,
}

impl Rule {
    pub fn form(&self) -> Form {
        if self.equals.is_some() || self.at_least.is_some() || self.at_most.is_some() {
            Form::Conditional
        } else if self.from.is_some() || self.to.is_some() {
            Form::Continuous
        } else {
            Form::Categorical
        }
    }

    /// `at_least` as a number to compare with.
    pub fn least(&self) -> Option<f64> {
        self.at_least.as_ref().and_then(Number::as_f64)
    }

    /// `at_most` as a number to compare with.
    pub fn most(&self) -> Option<f64> {
        self.at_most.as_ref().and_then(Number::as_f64)
    }

    /// `range` as two numbers.
    pub fn span(&self) -> Option<[f64; 2]> {
        let [lo, hi] = self.range.as_ref()?;
        Some([lo.as_f64()?, hi.as_f64()?])
    }

    /// What it reads, as the legend words it: the attribute's name or the measure's.
    pub fn reads(&self) -> String {
        match (&self.attribute, self.measure) {
            (Some(a), _) => a.clone(),
            (None, Some(m)) => m.name().to_owned(),
            (None, None) => String::new(),
        }
    }

    /// What the legend calls it: its name, else what it reads.
    pub fn title(&self) -> String {
        match (self.name.is_empty(), self.reads()) {
            (false, _) => self.name.clone(),
            (true, reads) if reads.is_empty() => "rule".to_owned(),
            (true, reads) => reads,
        }
    }
}

/// Whether `v` is a value `visual` can take.
pub fn fits(visual: Visual, v: &Value) -> bool {
    match visual {
        Visual::Color | Visual::Border => v.as_str().and_then(parse_hex_color).is_some(),
        Visual::Size => v
            .as_f64()
            .is_some_and(|x| x.is_finite() && x > 0.0 && x <= 20.0),
        Visual::Opacity => v.as_f64().is_some_and(|x| (0.0..=1.0).contains(&x)),
        Visual::Shape => v.as_str().and_then(NodeShape::named).is_some(),
        Visual::Icon => v.as_str().is_some_and(|s| super::icons::icon(s).is_some()),
        Visual::Label => v.is_boolean(),
        Visual::LabelSize => v.as_f64().is_some_and(|x| (0.25..=5.0).contains(&x)),
        Visual::Badge => v
            .as_str()
            .is_some_and(|s| s == BADGE_COUNT || super::icons::icon(s).is_some()),
    }
}

/// What the value of `visual` looks like, for messages.
fn expected(visual: Visual) -> &'static str {
    match visual {
        Visual::Color | Visual::Border => "a colour like #1f77b4",
        Visual::Size => "a number above 0, at most 20",
        Visual::Opacity => "a number from 0 to 1",
        Visual::Shape => "circle, square, diamond, triangle or hexagon",
        Visual::Icon => "the name of one of relmap's icons",
        Visual::Label => "true or false",
        Visual::LabelSize => "a number from 0.25 to 5",
        Visual::Badge => "\"count\" or the name of one of relmap's icons",
    }
}

/// Every problem of the rules, each named by its place (`styles.rules[2]`).
pub fn check_rules(problems: &mut Vec<Problem>, rules: &[Rule]) {
    check_rules_at(problems, "styles.rules", rules);
}

/// [`check_rules`] for rules kept at `at` (`styles.views[1].rules`).
fn check_rules_at(problems: &mut Vec<Problem>, at: &str, rules: &[Rule]) {
    for (n, rule) in rules.iter().enumerate() {
        let place = format!("{at}[{n}]");
        let mut bad = |message: String| problems.push(Problem::new(place.clone(), message));
        match (&rule.attribute, rule.measure) {
            (Some(_), Some(_)) => bad("reads both an attribute and a measure; give one".into()),
            (None, None) => bad("reads nothing: give an \"attribute\" or a \"measure\"".into()),
            _ => {}
        }
        let check = |field: &str, v: &Value, bad: &mut dyn FnMut(String)| {
            if !fits(rule.set, v) {
                bad(format!(
                    "\"{field}\" is {v}, but \"set\": \"{}\" takes {}",
                    rule.set.name(),
                    expected(rule.set)
                ));
            }
        };
        for (field, bound) in [("at_least", &rule.at_least), ("at_most", &rule.at_most)] {
            if bound
                .as_ref()
                .is_some_and(|b| !b.as_f64().is_some_and(f64::is_finite))
            {
                bad(format!("\"{field}\" must be a number"));
            }
        }
        if let Some(p) = &rule.palette
            && !PALETTES.contains(&p.as_str())
        {
            bad(format!(
                "\"palette\" is \"{p}\"; relmap has {}",
                PALETTES.join(", ")
            ));
        }
        if let Some(k) = &rule.scale
            && !SCALES.contains(&k.as_str())
        {
            bad(format!("\"scale\" is \"{k}\"; it may be linear or log"));
        }
        match rule.form() {
            Form::Conditional => match &rule.to {
                Some(to) => check("to", to, &mut bad),
                None => bad("a rule with a condition needs \"to\", the value it sets".into()),
            },
            Form::Continuous => {
                let (Some(from), Some(to)) = (&rule.from, &rule.to) else {
                    bad("a continuous rule needs both \"from\" and \"to\"".into());
                    continue;
                };
                if matches!(
                    rule.set,
                    Visual::Shape | Visual::Icon | Visual::Label | Visual::Badge
                ) {
                    bad(
                        "shapes, icons, labels and badges are set by value or condition, not \
                         along a range"
                            .into(),
                    );
                }
                check("from", from, &mut bad);
                check("to", to, &mut bad);
                if let Some([lo, hi]) = &rule.range
                    && !rule
                        .span()
                        .is_some_and(|[a, b]| a.is_finite() && b.is_finite() && a < b)
                {
                    bad(format!(
                        "\"range\" is [{lo}, {hi}]; its low end must be below its high"
                    ));
                }
            }
            Form::Categorical => {
                for (value, v) in &rule.values {
                    check(&format!("values.{value}"), v, &mut bad);
                }
                if rule.values.is_empty() && rule.set != Visual::Color {
                    bad(
                        "a rule by value needs \"values\" (only colours come from a palette)"
                            .into(),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: &str) -> Rule {
        serde_json::from_str(json).unwrap()
    }

    fn problems(rules: &[Rule]) -> Vec<String> {
        let mut out = Vec::new();
        check_rules(&mut out, rules);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_rules_form_follows_its_fields() {
        assert_eq!(
            rule(r#"{"attribute": "nationality", "set": "color"}"#).form(),
            Form::Categorical
        );
        assert_eq!(
            rule(r#"{"measure": "degree", "set": "size", "from": 1, "to": 3}"#).form(),
            Form::Continuous
        );
        assert_eq!(
            rule(
                r##"{"attribute": "sanctioned", "equals": true, "set": "border", "to": "#e15759"}"##
            )
            .form(),
            Form::Conditional
        );
    }

    #[test]
    fn shape_names_are_the_files_names() {
        for shape in NodeShape::ALL {
            let written = serde_json::to_value(shape).unwrap();
            assert_eq!(written, Value::from(shape.name()));
            assert_eq!(NodeShape::named(shape.name()), Some(shape));
        }
    }

    #[test]
    fn numbers_read_from_a_map_file_with_its_unknown_fields() {
        // As io reads a map: a Value first, then the rule, with unknown fields flattened.
        let value: Value = serde_json::from_str(
            r#"{"measure": "degree", "at_most": 2, "set": "label", "to": false, "note": 1.5,
                "range": [0, 10.5]}"#,
        )
        .unwrap();
        let r: Rule = serde_json::from_value(value).unwrap();
        assert_eq!(r.most(), Some(2.0));
        assert_eq!(r.span(), Some([0.0, 10.5]));
        assert!(r.extra.contains_key("note"));
    }

    #[test]
    fn good_rules_have_no_problems_and_save_as_they_were_written() {
        let text = r##"{"name":"Sanctioned","attribute":"sanctioned","set":"border","equals":true,"to":"#e15759"}"##;
        let r = rule(text);
        assert!(problems(std::slice::from_ref(&r)).is_empty());
        assert_eq!(serde_json::to_string(&r).unwrap(), text);
    }

    #[test]
    fn each_mistake_is_named_by_its_rule() {
        let rules = [
            rule(r#"{"set": "color"}"#),
            rule(r#"{"measure": "degree", "set": "size", "from": 1}"#),
            rule(r#"{"attribute": "x", "equals": 1, "set": "opacity", "to": 3}"#),
            rule(r#"{"measure": "kind", "set": "icon", "values": {"person": "unicorn"}}"#),
            rule(r#"{"measure": "degree", "set": "shape", "from": "circle", "to": "square"}"#),
        ];
        let p = problems(&rules);
        assert!(
            p[0].contains("styles.rules[0]") && p[0].contains("reads nothing"),
            "{p:?}"
        );
        assert!(p[1].contains("styles.rules[1]") && p[1].contains("both \"from\" and \"to\""));
        assert!(
            p[2].contains("\"to\" is 3") && p[2].contains("from 0 to 1"),
            "{p:?}"
        );
        assert!(
            p[3].contains("values.person") && p[3].contains("icons"),
            "{p:?}"
        );
        assert!(p[4].contains("styles.rules[4]") && p[4].contains("not along a range"));
    }

    #[test]
    fn a_views_filters_read_back_and_mistakes_are_named() {
        let views: Vec<MapView> = serde_json::from_str(
            r#"[{"name": "A", "filter": {"hide_kinds": ["place"], "min_reliability": "B", "as_of": "2019-11"}},
                {"name": "B", "filter": {"as_of": "soon", "max_credibility": 9}}]"#,
        )
        .unwrap();
        assert_eq!(views[0].filter.hide_kinds, ["place"]);
        assert_eq!(
            views[0].filter.min_reliability,
            Some(crate::model::Reliability::B)
        );
        let text = serde_json::to_string(&views[0]).unwrap();
        assert!(
            text.contains(r#""filter":{"hide_kinds":["place"]"#),
            "{text}"
        );
        let mut problems = Vec::new();
        check_views(&mut problems, &views);
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("styles.views[1].filter") && said[0].contains("\"soon\""));
        assert!(said[1].contains("1 to 6"));
        // A view without filters writes none.
        let plain = MapView {
            name: "C".into(),
            ..MapView::default()
        };
        assert!(!serde_json::to_string(&plain).unwrap().contains("filter"));
    }
}
