//! Typed ids, so an entity id cannot be passed where a source id is meant.
//!
//! An id is a shared string (`Arc<str>`): it is cloned wherever an item is named (a
//! relation's ends, a claim's claimant, the window's caches), and a clone is a count, not a
//! copy. A million-row edge list made two million copies of its entities' ids for the
//! relations' ends alone.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(Arc::from(id.into()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::new)
            }
        }
    };
}

string_id!(
    /// The stable id of an entity, unique among entities.
    EntityId
);
string_id!(
    /// The stable id of a relation, unique among relations.
    RelationId
);
string_id!(
    /// The stable id of a source, unique among sources.
    SourceId
);
string_id!(
    /// The stable id of a group, unique among groups.
    GroupId
);
