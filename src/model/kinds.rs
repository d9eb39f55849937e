//! The well-known entity kinds, and the icon each kind relmap knows usually has: the built-in
//! kinds' and those FollowTheMoney and STIX imports create. The icons themselves (their
//! drawing) are `look::icons`'; here are only their names, so importers can give the kinds
//! they create their icons.

use super::{Document, KindStyle};

pub const PERSON: &str = "person";
pub const ORGANISATION: &str = "organisation";
pub const GOVERNMENT_BODY: &str = "government body";
pub const PLACE: &str = "place";
pub const EVENT: &str = "event";

/// The icon a kind usually has: the built-in kinds', and those of the kinds FollowTheMoney and
/// STIX imports create. `None` for a kind relmap does not know.
pub fn usual_icon(kind: &str) -> Option<&'static str> {
    let kind = kind.trim().to_lowercase();
    let name = match kind.as_str() {
        k if k == PERSON => "user",
        k if k == ORGANISATION => "building-2",
        k if k == GOVERNMENT_BODY => "landmark",
        k if k == PLACE => "map-pin",
        k if k == EVENT => "calendar",
        "family" | "clan" | "tribe" => "users",
        "group" | "militia" | "armed group" | "intrusion set" => "swords",
        "country" | "nation" | "state" => "flag",
        "company" | "legal entity" | "legalentity" => "building-2",
        "public body" | "publicbody" => "landmark",
        "address" | "location" => "map-pin",
        "document" | "article" | "report" | "note" | "pages" => "file-text",
        "media" | "news outlet" | "newspaper" | "publication" => "newspaper",
        "phone" | "phone number" => "phone",
        "email" | "email addr" => "mail",
        "vehicle" | "car" => "car",
        "vessel" | "ship" => "ship",
        "airplane" | "aircraft" => "plane",
        "bank account" | "bankaccount" | "account" => "credit-card",
        "crypto wallet" | "cryptowallet" | "cryptocurrency wallet" => "bitcoin",
        "payment" | "money" | "transaction" => "banknote",
        "asset" | "security" => "gem",
        "real estate" | "realestate" | "land" => "house",
        "court case" | "courtcase" | "sanction" => "gavel",
        "contract" | "contract award" => "scroll-text",
        "website" | "url" | "domain name" => "globe",
        "ipv4 addr" | "ipv6 addr" | "infrastructure" => "server",
        "threat actor" => "skull",
        "malware" | "vulnerability" => "bug",
        "campaign" | "attack pattern" => "target",
        "indicator" => "triangle-alert",
        "tool" => "terminal",
        "weapon" => "crosshair",
        "military" | "army" => "shield",
        _ => return None,
    };
    Some(name)
}

/// The styles that give each kind of `doc`'s entities without an icon its usual icon, keeping
/// the rest of a style the map has; sorted by kind. Empty when every kind has its icon or
/// relmap knows no icon for it.
pub fn usual_icon_styles(doc: &Document) -> Vec<(String, KindStyle)> {
    let kinds: std::collections::BTreeSet<&str> =
        doc.entities.iter().map(|e| e.kind.as_str()).collect();
    kinds
        .into_iter()
        .filter_map(|kind| {
            let icon = usual_icon(kind)?;
            let mut style = doc.styles.entities.get(kind).cloned().unwrap_or_default();
            if style.icon.is_some() {
                return None;
            }
            style.icon = Some(icon.to_owned());
            Some((kind.to_owned(), style))
        })
        .collect()
}

/// Gives every kind of `doc` without an icon its usual one (an importer's last step).
pub fn give_usual_icons(doc: &mut Document) {
    for (kind, style) in usual_icon_styles(doc) {
        doc.styles.entities.insert(kind, style);
    }
}
