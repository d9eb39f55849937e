//! The icons kinds can carry: the Lucide icons an investigation needs (people, groups, places,
//! documents, money, vehicles, weapons, the web...), each with the words the icon picker finds
//! it by. Lucide is ISC-licensed (`assets/icons/LICENSE-lucide.txt`); the icons' SVG comes from
//! the `icondata_lu` crate. Names and data only: `look::icons` draws them. In the model so that
//! importers and rules can name icons.

/// One icon of the catalogue.
#[derive(Debug, PartialEq, Eq)]
pub struct Icon {
    /// Its Lucide name, as map files store it (`building-2`).
    pub name: &'static str,
    /// Other words it is found by, space-separated.
    pub words: &'static str,
    pub(crate) data: &'static icondata_core::IconData,
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
