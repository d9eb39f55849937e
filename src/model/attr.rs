//! Attribute values that keep their type: text, number, boolean or date. Foreign formats carry
//! typed data (GraphML's `attr.type`, GEXF's attribute types, FollowTheMoney's dates), and a
//! number that comes back as text loses what it was.
//!
//! In a file, text and booleans and numbers are plain JSON values; a date is an object
//! `{"date": "2019-11"}`, so it is not mistaken for text. A map whose attributes are all text
//! is a version 1 file.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::PartialDate;

/// One attribute's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttrValue {
    Text(String),
    Bool(bool),
    /// Kept as written, however large or long.
    Number(serde_json::Number),
    Date {
        date: PartialDate,
    },
}

impl AttrValue {
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    pub fn is_text(&self) -> bool {
        matches!(self, Self::Text(_))
    }

    /// The name of the value's type, as the inspector and exports show it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Bool(_) => "boolean",
            Self::Number(_) => "number",
            Self::Date { .. } => "date",
        }
    }

    /// `text` read as a value of the same type as `self`, or as text when it is not one.
    pub fn reparse_like(&self, text: &str) -> AttrValue {
        let trimmed = text.trim();
        match self {
            Self::Bool(_) => match trimmed {
                "true" => return Self::Bool(true),
                "false" => return Self::Bool(false),
                _ => {}
            },
            Self::Number(_) => {
                if let Ok(n) = trimmed.parse::<serde_json::Number>() {
                    return Self::Number(n);
                }
            }
            Self::Date { .. } => {
                let date = PartialDate::new(trimmed);
                if date.is_well_formed() {
                    return Self::Date { date };
                }
            }
            Self::Text(_) => {}
        }
        Self::Text(text.to_owned())
    }
}

impl fmt::Display for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(s) => f.write_str(s),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Number(n) => write!(f, "{n}"),
            Self::Date { date } => write!(f, "{date}"),
        }
    }
}

impl From<&str> for AttrValue {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for AttrValue {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_type_through_json() {
        for (json, value) in [
            (r#""Australian""#, AttrValue::text("Australian")),
            ("true", AttrValue::Bool(true)),
            ("2.5", AttrValue::Number("2.5".parse().unwrap())),
            (
                r#"{"date":"2019-11"}"#,
                AttrValue::Date {
                    date: PartialDate::new("2019-11"),
                },
            ),
        ] {
            let read: AttrValue = serde_json::from_str(json).unwrap();
            assert_eq!(read, value, "{json}");
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
    }

    #[test]
    fn edited_text_keeps_the_type_when_it_can() {
        let n = AttrValue::Number("3".parse().unwrap());
        assert_eq!(
            n.reparse_like("4.5"),
            AttrValue::Number("4.5".parse().unwrap())
        );
        assert_eq!(n.reparse_like("four"), AttrValue::text("four"));
        let d = AttrValue::Date {
            date: PartialDate::new("2019"),
        };
        assert_eq!(d.reparse_like("2020-01").type_name(), "date");
        assert_eq!(
            AttrValue::Bool(true).reparse_like("false"),
            AttrValue::Bool(false)
        );
    }
}
