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
    #[serde(flatten)]
    pub extra: Extra,
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
}

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
            (None, Some(m)) => format!("{m:?}").to_lowercase(),
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
                    format!("{:?}", rule.set).to_lowercase(),
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
                if matches!(rule.set, Visual::Shape | Visual::Icon | Visual::Label) {
                    bad(
                        "shapes, icons and labels are set by value or condition, not along a range"
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
}
