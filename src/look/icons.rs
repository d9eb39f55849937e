//! Icons for kinds: a catalogue of the Lucide icons an investigation needs (people, groups,
//! places, documents, money, vehicles, weapons, the web...), each with the words the icon
//! picker finds it by. Lucide is ISC-licensed (`assets/icons/LICENSE-lucide.txt`); the icons'
//! SVG comes from the `icondata_lu` crate.
//!
//! An icon is drawn in the look, not by a painter: [`Icon::svg_group`] places it in a figure
//! as vector paths, and [`Icon::standalone_svg`] is what the canvas rasterises (once per size
//! and colour, then cached as a texture). So a figure and the window draw the same strokes.
//!
//! Icons are 24 units square, stroked, not filled (Lucide's grid: 2-unit strokes, round caps).

use std::fmt::Write as _;

use super::{Pt, Rgb};

/// One icon of the catalogue.
#[derive(Debug, PartialEq, Eq)]
pub struct Icon {
    /// Its Lucide name, as map files store it (`building-2`).
    pub name: &'static str,
    /// Other words it is found by, space-separated.
    pub words: &'static str,
    data: &'static icondata_core::IconData,
}

macro_rules! icons {
    ($($name:literal => $lu:ident, $words:literal;)*) => {
        /// Every icon relmap offers, in the order the picker lists them.
        pub static CATALOGUE: &[Icon] = &[
            $(Icon { name: $name, words: $words, data: icondata_lu::$lu },)*
        ];
    };
}

icons! {
    "user" => LuUser, "person individual human people man woman";
    "users" => LuUsers, "people group family members crowd";
    "user-check" => LuUserCheck, "person verified confirmed source informant";
    "user-x" => LuUserX, "person dead deceased removed wanted";
    "contact" => LuContact, "person identity card profile";
    "id-card" => LuIdCard, "identity document passport licence";
    "fingerprint" => LuFingerprint, "identity biometric forensic";
    "baby" => LuBaby, "child minor";
    "crown" => LuCrown, "leader chief king emir ruler";
    "building" => LuBuilding, "organisation organization company office";
    "building-2" => LuBuilding2, "organisation organization company corporation firm office";
    "landmark" => LuLandmark, "government public body ministry state department court bank";
    "briefcase" => LuBriefcase, "company business employment job";
    "factory" => LuFactory, "company industry plant manufacturer";
    "store" => LuStore, "shop business retail";
    "warehouse" => LuWarehouse, "storage depot logistics";
    "hotel" => LuHotel, "lodging accommodation";
    "hospital" => LuHospital, "medical clinic health";
    "school" => LuSchool, "education madrasa university";
    "church" => LuChurch, "religion religious place worship mosque";
    "castle" => LuCastle, "fort fortress stronghold";
    "tent" => LuTent, "camp training refugee";
    "flag" => LuFlag, "country nation state movement";
    "shield" => LuShield, "military army defence security force";
    "shield-alert" => LuShieldAlert, "threat security warning";
    "swords" => LuSwords, "conflict war fight militia armed group";
    "sword" => LuSword, "weapon fighter";
    "crosshair" => LuCrosshair, "weapon target attack";
    "target" => LuTarget, "target objective goal";
    "bomb" => LuBomb, "explosive attack weapon ied";
    "skull" => LuSkull, "threat actor death killed terrorist";
    "siren" => LuSiren, "police emergency alert";
    "gavel" => LuGavel, "court case judge law sanction legal";
    "scale" => LuScale, "law justice legal court";
    "stamp" => LuStamp, "sanction approval official seal";
    "handshake" => LuHandshake, "deal agreement alliance meeting contract";
    "vote" => LuVote, "election ballot politics";
    "map-pin" => LuMapPin, "place location address city point";
    "map" => LuMap, "place region area territory";
    "globe" => LuGlobe, "country world international website internet";
    "house" => LuHouse, "home address residence property real estate";
    "mountain" => LuMountain, "terrain region province";
    "route" => LuRoute, "route path travel smuggling";
    "signpost" => LuSignpost, "border crossing direction";
    "calendar" => LuCalendar, "event date meeting";
    "calendar-days" => LuCalendarDays, "event date schedule period";
    "flame" => LuFlame, "attack fire incident";
    "zap" => LuZap, "incident strike event";
    "file-text" => LuFileText, "document report article file";
    "file" => LuFile, "document file";
    "files" => LuFiles, "documents records";
    "folder" => LuFolder, "case folder collection";
    "folder-open" => LuFolderOpen, "case folder collection open";
    "newspaper" => LuNewspaper, "news article media press report";
    "book-open" => LuBookOpen, "book publication";
    "scroll-text" => LuScrollText, "decree statement declaration contract";
    "clipboard-list" => LuClipboardList, "list report record";
    "megaphone" => LuMegaphone, "statement propaganda announcement spokesperson";
    "message-square" => LuMessageSquare, "message chat communication post";
    "mail" => LuMail, "email address message letter";
    "at-sign" => LuAtSign, "email handle username account";
    "phone" => LuPhone, "phone telephone number call";
    "smartphone" => LuSmartphone, "phone mobile device handset";
    "radio" => LuRadio, "radio broadcast communication";
    "tv" => LuTv, "television media broadcast";
    "camera" => LuCamera, "photo image picture";
    "image" => LuImage, "photo image picture";
    "video" => LuVideo, "video film recording";
    "mic" => LuMic, "audio recording interview";
    "eye" => LuEye, "surveillance observation watch";
    "car" => LuCar, "vehicle automobile";
    "truck" => LuTruck, "vehicle lorry transport";
    "bus" => LuBus, "vehicle transport";
    "bike" => LuBike, "vehicle motorcycle bicycle";
    "ship" => LuShip, "vessel boat maritime";
    "sailboat" => LuSailboat, "vessel boat yacht";
    "anchor" => LuAnchor, "port harbour maritime";
    "plane" => LuPlane, "airplane aircraft flight airport";
    "rocket" => LuRocket, "missile launch";
    "fuel" => LuFuel, "oil petrol energy";
    "banknote" => LuBanknote, "money cash payment funds financing";
    "coins" => LuCoins, "money funds donation";
    "hand-coins" => LuHandCoins, "payment bribe donation funding";
    "wallet" => LuWallet, "money account crypto wallet";
    "credit-card" => LuCreditCard, "bank account card payment";
    "piggy-bank" => LuPiggyBank, "savings bank account";
    "bitcoin" => LuBitcoin, "crypto cryptocurrency wallet";
    "receipt" => LuReceipt, "payment transaction invoice";
    "circle-dollar-sign" => LuCircleDollarSign, "money asset value";
    "gem" => LuGem, "asset valuable jewel";
    "package" => LuPackage, "asset goods shipment cargo";
    "key" => LuKey, "access ownership key";
    "lock" => LuLock, "secret secure encrypted";
    "link" => LuLink, "url link web";
    "hash" => LuHash, "hashtag tag identifier";
    "tag" => LuTag, "label tag category";
    "server" => LuServer, "infrastructure host server";
    "network" => LuNetwork, "network infrastructure";
    "router" => LuRouter, "network device ip address";
    "wifi" => LuWifi, "network wireless";
    "database" => LuDatabase, "database data records";
    "laptop" => LuLaptop, "computer device";
    "cpu" => LuCpu, "hardware device";
    "code" => LuCode, "software code tool";
    "terminal" => LuTerminal, "software tool command";
    "bug" => LuBug, "malware virus vulnerability";
    "satellite" => LuSatellite, "satellite space communication";
    "radar" => LuRadar, "radar detection surveillance";
    "pill" => LuPill, "drug narcotics medicine";
    "syringe" => LuSyringe, "drug injection";
    "biohazard" => LuBiohazard, "chemical biological weapon";
    "radiation" => LuRadiation, "nuclear weapon";
    "triangle-alert" => LuTriangleAlert, "warning alert indicator danger";
    "star" => LuStar, "important key figure";
    "heart" => LuHeart, "relationship marriage love";
    "award" => LuAward, "award prize honour";
    "lightbulb" => LuLightbulb, "idea ideology";
}

/// The icon named `name`, if the catalogue has it.
pub fn icon(name: &str) -> Option<&'static Icon> {
    CATALOGUE.iter().find(|i| i.name == name)
}

/// The icons whose name or words start with every word of `query`, in catalogue order; all of
/// them for an empty query.
pub fn search(query: &str) -> Vec<&'static Icon> {
    let wanted: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    CATALOGUE
        .iter()
        .filter(|icon| {
            wanted.iter().all(|w| {
                icon.name
                    .split('-')
                    .any(|part| part.starts_with(w.as_str()))
                    || icon.name.starts_with(w.as_str())
                    || icon
                        .words
                        .split(' ')
                        .any(|word| word.starts_with(w.as_str()))
            })
        })
        .collect()
}

pub use crate::model::kinds::usual_icon;

impl Icon {
    /// The icon at `centre`, `size` units across, stroked in `color`: a `<g>` for a figure.
    pub fn svg_group(&self, centre: Pt, size: f32, color: Rgb, opacity: Option<f32>) -> String {
        let k = size / 24.0;
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<g class="icon" transform="translate({:.2} {:.2}) scale({k:.4})" fill="none" stroke="{}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round""#,
            centre.x - size / 2.0,
            centre.y - size / 2.0,
            super::marks::hex(color),
        );
        if let Some(o) = opacity.filter(|o| *o < 1.0) {
            let _ = write!(s, r#" opacity="{o}""#);
        }
        let _ = write!(s, ">{}</g>", self.data.data.replace('\n', ""));
        s
    }

    /// The icon alone as an SVG document `px` pixels square, stroked in `color`: what the
    /// canvas rasterises.
    pub fn standalone_svg(&self, px: u32, color: Rgb) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" viewBox="0 0 24 24" fill="none" stroke="{}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</svg>"#,
            super::marks::hex(color),
            self.data.data
        )
    }
}

/// How an entity's icon is drawn: which, how big, in what ink, and whether alone (instead of
/// the shape, on a disc of the paper so lines stop short of it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IconMark {
    pub icon: &'static Icon,
    pub size: f32,
    pub ink: Rgb,
    pub alone: bool,
}

/// The icon of an entity of `style` filled `fill` (its kind's or its community's colour), of
/// radius `r`; `None` when its kind has no icon.
pub fn mark(style: &super::EntityStyle, fill: Rgb, r: f32) -> Option<IconMark> {
    let icon = style.icon?;
    Some(if style.icon_only {
        IconMark {
            icon,
            size: size_alone(r),
            ink: fill,
            alone: true,
        }
    } else {
        IconMark {
            icon,
            size: size_in_shape(r),
            ink: ink_on(fill),
            alone: false,
        }
    })
}

/// How big an icon is drawn inside a shape of radius `r`: it fits inside the smallest of the
/// shapes (the triangle's inner circle) with a little air.
pub fn size_in_shape(r: f32) -> f32 {
    r * 1.15
}

/// How big an icon drawn instead of its shape is: about the shape's own size.
pub fn size_alone(r: f32) -> f32 {
    r * 2.1
}

/// The ink of an icon drawn inside a fill of `fill`: white or near-black, whichever contrasts
/// more with it.
pub fn ink_on(fill: Rgb) -> Rgb {
    const WHITE: Rgb = [0xff, 0xff, 0xff];
    const DARK: Rgb = [0x1a, 0x1a, 0x1a];
    if super::theme::contrast(fill, WHITE) >= super::theme::contrast(fill, DARK) {
        WHITE
    } else {
        DARK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_has_a_unique_name_and_words() {
        let mut names: Vec<&str> = CATALOGUE.iter().map(|i| i.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "names are unique");
        assert!(CATALOGUE.iter().all(|i| !i.words.is_empty()));
    }

    #[test]
    fn every_usual_icon_is_in_the_catalogue() {
        for kind in [
            "person",
            "organisation",
            "government body",
            "place",
            "event",
            "family",
            "group",
            "country",
            "company",
            "address",
            "document",
            "phone",
            "email",
            "vehicle",
            "vessel",
            "airplane",
            "bank account",
            "crypto wallet",
            "payment",
            "asset",
            "real estate",
            "court case",
            "website",
            "threat actor",
            "malware",
            "campaign",
            "indicator",
            "tool",
            "weapon",
            "intrusion set",
            "infrastructure",
        ] {
            let name = usual_icon(kind).unwrap_or_else(|| panic!("{kind} has no usual icon"));
            assert!(
                icon(name).is_some(),
                "{kind}: {name} is not in the catalogue"
            );
        }
        assert_eq!(usual_icon("Person"), Some("user"), "any case");
        assert_eq!(usual_icon("quango"), None);
    }

    #[test]
    fn search_finds_icons_by_name_and_by_word() {
        let names = |q: &str| search(q).iter().map(|i| i.name).collect::<Vec<_>>();
        assert!(names("money").contains(&"banknote"));
        assert!(names("veh").contains(&"car"));
        assert!(names("building").contains(&"building-2"));
        assert_eq!(names("crypto wallet"), vec!["wallet", "bitcoin"]);
        assert!(names("zzz").is_empty());
        assert_eq!(search("").len(), CATALOGUE.len());
    }

    #[test]
    fn every_icon_parses_as_svg() {
        for icon in CATALOGUE {
            let svg = icon.standalone_svg(24, [0, 0, 0]);
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", icon.name));
        }
    }

    #[test]
    fn icon_ink_stands_out_from_the_fill() {
        assert_eq!(
            ink_on([0x4e, 0x79, 0xa7]),
            [0xff, 0xff, 0xff],
            "person blue"
        );
        assert_eq!(
            ink_on([0xed, 0xc9, 0x48]),
            [0x1a, 0x1a, 0x1a],
            "event yellow"
        );
    }
}
