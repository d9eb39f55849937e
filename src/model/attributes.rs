//! [`Attributes`]: an entity's or relation's free key/value facts, sorted by key.
//!
//! A sorted vector rather than a `BTreeMap`: an item holds a handful of attributes, and a
//! B-tree's first node is room for eleven, about 700 bytes. An imported edge list of a million
//! rows with a weight each spent 700 MB on those nodes, more than a third of its memory, and
//! most of its time filling fresh pages. The API is the subset of `BTreeMap`'s that relmap
//! uses, with the same order, so that files, exports and the inspector are unchanged.

use std::borrow::Borrow;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::AttrValue;

/// Free key/value facts, sorted by key, each key once.
#[derive(Clone, PartialEq, Default)]
pub struct Attributes {
    sorted: Vec<(String, AttrValue)>,
}

impl Attributes {
    pub const fn new() -> Self {
        Attributes { sorted: Vec::new() }
    }

    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.sorted.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Sets `key` to `value`; returns the value it had.
    pub fn insert(&mut self, key: String, value: AttrValue) -> Option<AttrValue> {
        match self.find(key.as_str()) {
            Ok(i) => Some(std::mem::replace(&mut self.sorted[i].1, value)),
            Err(i) => {
                self.sorted.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&AttrValue>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| &self.sorted[i].1)
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut AttrValue>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| &mut self.sorted[i].1)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    pub fn remove<Q>(&mut self, key: &Q) -> Option<AttrValue>
    where
        String: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).ok().map(|i| self.sorted.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The attributes in key order.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&String, &AttrValue)> + ExactSizeIterator {
        self.sorted.iter().map(|(k, v)| (k, v))
    }

    pub fn iter_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = (&String, &mut AttrValue)> + ExactSizeIterator {
        self.sorted.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.sorted.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &AttrValue> + ExactSizeIterator {
        self.sorted.iter().map(|(_, v)| v)
    }

    /// Keeps the attributes `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut AttrValue) -> bool) {
        self.sorted.retain_mut(|(k, v)| keep(k, v));
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Extend<(String, AttrValue)> for Attributes {
    fn extend<I: IntoIterator<Item = (String, AttrValue)>>(&mut self, items: I) {
        for (k, v) in items {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, AttrValue)> for Attributes {
    /// Later values win over earlier ones for the same key, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, AttrValue)>>(items: I) -> Self {
        let mut sorted: Vec<(String, AttrValue)> = items.into_iter().collect();
        // A stable sort keeps equal keys in the order given; the last of each run wins.
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, AttrValue)> = Vec::with_capacity(sorted.len());
        for (k, v) in sorted {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        Attributes { sorted: out }
    }
}

impl<const N: usize> From<[(String, AttrValue); N]> for Attributes {
    fn from(items: [(String, AttrValue); N]) -> Self {
        items.into_iter().collect()
    }
}

impl IntoIterator for Attributes {
    type Item = (String, AttrValue);
    type IntoIter = std::vec::IntoIter<(String, AttrValue)>;
    fn into_iter(self) -> Self::IntoIter {
        self.sorted.into_iter()
    }
}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a String, &'a AttrValue);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, AttrValue)>,
        fn(&'a (String, AttrValue)) -> (&'a String, &'a AttrValue),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.sorted.iter().map(|(k, v)| (k, v))
    }
}

impl<'a> IntoIterator for &'a mut Attributes {
    type Item = (&'a String, &'a mut AttrValue);
    type IntoIter = std::iter::Map<
        std::slice::IterMut<'a, (String, AttrValue)>,
        fn(&'a mut (String, AttrValue)) -> (&'a String, &'a mut AttrValue),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.sorted.iter_mut().map(|(k, v)| (&*k, v))
    }
}

impl<Q> std::ops::Index<&Q> for Attributes
where
    String: Borrow<Q>,
    Q: Ord + ?Sized,
{
    type Output = AttrValue;
    fn index(&self, key: &Q) -> &AttrValue {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no such attribute"),
        }
    }
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Attributes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of attributes")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Attributes, M::Error> {
                let mut items = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some(entry) = map.next_entry::<String, AttrValue>()? {
                    items.push(entry);
                }
                Ok(items.into_iter().collect())
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_sorted_and_unique_and_the_last_value_wins() {
        let mut a: Attributes = [
            ("b".to_owned(), AttrValue::text("1")),
            ("a".to_owned(), AttrValue::text("2")),
            ("b".to_owned(), AttrValue::text("3")),
        ]
        .into_iter()
        .collect();
        assert_eq!(a.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(a["b"], AttrValue::text("3"));
        assert_eq!(a.insert("c".into(), AttrValue::Bool(true)), None);
        assert_eq!(
            a.insert("a".into(), AttrValue::Bool(false)),
            Some(AttrValue::text("2"))
        );
        assert_eq!(a.remove("b"), Some(AttrValue::text("3")));
        assert_eq!(a.keys().collect::<Vec<_>>(), ["a", "c"]);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"a":false,"c":true}"#);
        let back: Attributes = serde_json::from_str(r#"{"c":true,"a":false,"c":1}"#).unwrap();
        assert_eq!(back.keys().collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(back["c"], AttrValue::Number(1.into()));
    }
}
