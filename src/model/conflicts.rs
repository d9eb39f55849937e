//! What a three-way merge could not decide (`compare::merge`): a field changed one way on one
//! side and another way on the other, or an item deleted on one side and changed on the other.
//! The merged map holds our value, and the conflict keeps the base and both sides, so nothing
//! is lost and the map still validates. A map without conflicts writes no `conflicts` field.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// One undecided change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// What it is about: `map`, `source`, `entity`, `relation`, `group` or `note`.
    pub on: String,
    /// The item's id (empty for the map's own fields).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The field, or `*` for the whole item (deleted on one side, changed on the other).
    pub field: String,
    /// The value in the common base, ours and theirs; `null` where it is absent.
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Conflict {
    /// Where it is, for messages: `entity "a": summary`.
    pub fn place(&self) -> String {
        if self.id.is_empty() {
            format!("the map's {}", self.field)
        } else {
            format!("{} \"{}\": {}", self.on, self.id, self.field)
        }
    }
}
