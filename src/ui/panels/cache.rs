//! Views the panels show, cached: computed again only when what they are computed from (a
//! revision of the document, a query) changes, never once per frame.

/// A value and the key it was computed for.
#[derive(Debug)]
pub struct Cached<K, V> {
    entry: Option<(K, V)>,
    /// How many times the value was computed.
    pub computations: u64,
}

impl<K, V> Default for Cached<K, V> {
    fn default() -> Self {
        Self {
            entry: None,
            computations: 0,
        }
    }
}

impl<K: PartialEq, V> Cached<K, V> {
    /// The value for `key`: the cached one, or `compute`'s when the key changed.
    pub fn get(&mut self, key: K, compute: impl FnOnce() -> V) -> &V {
        if self.entry.as_ref().is_some_and(|(k, _)| *k != key) {
            self.entry = None;
        }
        let computations = &mut self.computations;
        let (_, value) = self.entry.get_or_insert_with(|| {
            *computations += 1;
            (key, compute())
        });
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_computed_once_per_key() {
        let mut c: Cached<u64, String> = Cached::default();
        assert_eq!(c.get(1, || "a".into()), "a");
        assert_eq!(c.get(1, || "b".into()), "a");
        assert_eq!(c.get(2, || "c".into()), "c");
        assert_eq!(c.computations, 2);
    }
}
