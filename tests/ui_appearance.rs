//! Appearance in the window: the light and dark themes from the View menu, a kind's style
//! window (colour, shape, an icon found by search, the icon alone), the usual icons given to
//! every kind in one step, and the map exported as PDF.
#![cfg(feature = "ui")]

mod common;

use common::*;
use egui_kittest::kittest::{NodeT, Queryable};
use relmap::model::KindStyle;
use relmap::ui::commands::{Action, UiCommand};
use relmap::ui::paint::WindowTheme;
use relmap::ui::{RelmapApp, Settings, Startup};

fn person_style(h: &egui_kittest::Harness<'static, RelmapApp>) -> Option<KindStyle> {
    h.state().document().styles.entities.get("person").cloned()
}

#[test]
fn the_view_menu_switches_the_theme_and_the_choice_is_kept() {
    let mut h = harness(Startup::Bundled);
    assert!(
        h.ctx.global_style().visuals.dark_mode,
        "no desktop theme here: dark"
    );
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Light theme").click();
    h.run();
    assert!(!h.ctx.global_style().visuals.dark_mode, "light now");
    assert_eq!(h.state().settings().theme, WindowTheme::Light);
    // The menu marks the theme chosen.
    h.get_by_label("View").click();
    h.run();
    assert!(h.query_by_label("Light theme  ✔").is_some());
    h.get_by_label("Dark theme").click();
    h.run();
    assert!(h.ctx.global_style().visuals.dark_mode);

    // A window opened with the choice kept starts in it.
    let h = harness_of(RelmapApp::with_settings(
        Startup::Bundled,
        Settings {
            theme: WindowTheme::Light,
            ..Settings::default()
        },
    ));
    assert!(!h.ctx.global_style().visuals.dark_mode);
}

#[test]
fn a_kinds_icon_is_found_by_search_chosen_and_undone() {
    let mut h = harness(Startup::Bundled);
    assert_eq!(
        person_style(&h).and_then(|s| s.icon).as_deref(),
        Some("user")
    );
    // The legend's ✏ beside "person" opens its style window.
    let pencils: Vec<_> = h.query_all_by_label("✏").collect();
    assert!(pencils.len() >= 9, "one per kind in the legend");
    h.state_mut().apply(Action::StyleKind("person".into()));
    h.run();
    h.get_by_label("Style of person");
    h.get_by_label("Find an icon").focus();
    h.run();
    h.event(egui::Event::Text("money".into()));
    h.run();
    assert!(
        h.query_by_label("car").is_none(),
        "the search leaves out the rest"
    );
    h.get_by_label("banknote").click();
    h.run();
    assert_eq!(
        person_style(&h).and_then(|s| s.icon).as_deref(),
        Some("banknote")
    );
    assert_eq!(
        h.state().facts().undo.as_deref(),
        Some("style of person"),
        "one undo step"
    );

    h.get_by_label("Icon instead of the shape").click();
    h.run();
    assert!(person_style(&h).is_some_and(|s| s.icon_only));

    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(
        person_style(&h).and_then(|s| s.icon).as_deref(),
        Some("user")
    );
    assert!(!person_style(&h).is_some_and(|s| s.icon_only));

    h.get_by_label("Built-in style").click();
    h.run();
    assert_eq!(person_style(&h), None, "the map's style for person is gone");
}

#[test]
fn every_known_kind_gets_its_usual_icon_in_one_step() {
    let mut doc = relmap::io::bundled_map().unwrap();
    for style in doc.styles.entities.values_mut() {
        style.icon = None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.json");
    relmap::io::save_file(&doc, &path).unwrap();
    let mut h = open_file(&path);
    h.state_mut().apply(Action::Command(UiCommand::UsualIcons));
    h.run();
    let icon = |h: &egui_kittest::Harness<'static, RelmapApp>, kind: &str| {
        h.state()
            .document()
            .styles
            .entities
            .get(kind)
            .and_then(|s| s.icon.clone())
    };
    assert_eq!(icon(&h, "person").as_deref(), Some("user"));
    assert_eq!(icon(&h, "media").as_deref(), Some("newspaper"));
    assert_eq!(
        h.state()
            .document()
            .styles
            .entities
            .get("country")
            .and_then(|s| s.color.clone())
            .as_deref(),
        Some("#f28e2b"),
        "a kind's colour stays"
    );
    assert!(h.state().status().contains("got their usual icon"));
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(
        h.state().document().styles,
        doc.styles,
        "one step undoes it all"
    );
}

#[test]
fn the_map_exports_as_pdf_from_the_export_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_exporting_to(dir.path());
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export ⏵").hover();
    h.run();
    h.get_by_label("Map as PDF…").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    let pdf = std::fs::read(dir.path().join("haqqani_network.pdf"))
        .or_else(|_| std::fs::read(dir.path().join("map.pdf")))
        .expect("the PDF was written");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(!h.state().is_dirty());
}

#[test]
fn a_rule_made_in_the_rules_window_styles_the_map_and_its_legend() {
    let mut h = harness(Startup::Bundled);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Rules…").click();
    h.run();
    h.get_by_label("Rules");
    // The form starts as "degree → size, along a range, 1× to 3×".
    h.get_by_label("Name").focus();
    h.run();
    h.event(egui::Event::Text("Connections".into()));
    h.run();
    h.get_by_label("Add rule").click();
    h.run();
    let rules = h.state().document().styles.rules.clone();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].name, "Connections");
    assert_eq!(h.state().facts().undo.as_deref(), Some("add rule"));
    let anas = h.state().entity_decor("anas-haqqani").unwrap();
    let ned = h.state().entity_decor("ned-price").unwrap();
    assert!(anas.scale > 2.5 * ned.scale, "the hub is drawn larger");
    // The legend keys the rule by its name and its range's ends; the window lists it.
    assert_eq!(h.query_all_by_label("Connections").count(), 2);
    assert!(h.query_by_label("degree 1").is_some() && h.query_by_label("degree 17").is_some());

    // Switched off, it no longer applies; undone, it is gone.
    h.query_all_by_label("Connections")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::CheckBox)
        .expect("the rule's switch")
        .click();
    h.run();
    assert!(h.state().document().styles.rules[0].off);
    assert_eq!(h.state().entity_decor("anas-haqqani").unwrap().scale, 1.0);
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert!(h.state().document().styles.rules.is_empty());
}

#[test]
fn the_bundled_maps_views_are_chosen_from_the_legend_or_the_view_menu() {
    let mut h = harness(Startup::Bundled);
    let taliban =
        |h: &egui_kittest::Harness<'static, RelmapApp>| h.state().entity_decor("taliban").unwrap();
    assert_eq!(taliban(&h).border, None, "the map's own: no rules");
    // View ▸ Next view: the first view, Anas Haqqani's lens, contested ends ringed.
    h.state_mut().apply(Action::Command(UiCommand::NextView));
    h.run();
    assert_eq!(
        h.state().status(),
        "View: Who says the Haqqanis are the Taliban"
    );
    assert_eq!(taliban(&h).border, Some([0xe1, 0x57, 0x59]));
    let part_of = h
        .state()
        .relation_decor("haqqanis-part-of-taliban")
        .unwrap();
    assert_eq!(
        part_of.mark,
        relmap::view::EdgeMark::Asserted,
        "the view's lens: Anas asserts it"
    );
    assert!(
        h.query_by_label("Disputed").is_some(),
        "its rule in the legend"
    );
    // The legend's Map view list goes back to the map's own rules.
    choose(
        &mut h,
        "Who says the Haqqanis are the Taliban",
        "the map's own",
    );
    assert_eq!(taliban(&h).border, None);
    assert_eq!(
        h.state()
            .relation_decor("haqqanis-part-of-taliban")
            .unwrap()
            .mark,
        relmap::view::EdgeMark::None,
        "the view's lens went with it"
    );
}

#[test]
fn export_draws_a_named_view_and_names_the_views_when_one_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("state.svg");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relmap"))
        .args([
            "export",
            "assets/haqqani_network.json",
            "--style-view",
            "what state says",
            "-o",
        ])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains(r#"class="border""#), "the view's rings");
    assert!(text.contains(">Disputed</text>"), "its rule in the legend");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relmap"))
        .args([
            "export",
            "assets/haqqani_network.json",
            "--style-view",
            "nope",
            "-o",
        ])
        .arg(&svg)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && said.contains("unknown view \"nope\"")
            && said.contains("What State says"),
        "{said}"
    );
}

#[test]
fn the_rules_are_saved_as_a_view_with_the_lens_in_use_and_undone() {
    let mut h = harness(Startup::Bundled);
    // The second view brings the State Department's lens; a view saved now keeps it.
    h.state_mut().apply(Action::Command(UiCommand::NextView));
    h.state_mut().apply(Action::Command(UiCommand::NextView));
    h.run();
    assert_eq!(h.state().status(), "View: What State says");
    h.state_mut().apply(Action::Command(UiCommand::ShowRules));
    h.run();
    h.get_by_label("Save the rules as a view").focus();
    h.run();
    h.event(egui::Event::Text("Mine".into()));
    h.run();
    h.get_by_label("Save view").click();
    h.run();
    let views = &h.state().document().styles.views;
    assert_eq!(views.len(), 4);
    assert_eq!(views[3].name, "Mine");
    assert_eq!(views[3].lens.as_deref(), Some("us-state-department"));
    assert_eq!(h.state().facts().undo.as_deref(), Some("save view Mine"));
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(h.state().document().styles.views.len(), 3);
}

/// A view brings its filters as it brings its lens: choosing it hides what it hides, and the
/// map's own view shows it again; a filter the user set is kept by a view saved then.
#[test]
fn a_view_brings_its_filters_and_takes_them_back() {
    let mut doc = relmap::io::bundled_map().unwrap();
    doc.styles.views[1].filter = relmap::model::rules::ViewFilter {
        hide_kinds: vec!["place".into()],
        ..Default::default()
    };
    let mut h = harness(Startup::File {
        path: "views.json".into(),
        doc: Box::new(doc),
    });
    let kabul_hidden = |h: &egui_kittest::Harness<'static, RelmapApp>| {
        h.state().entity_decor("kabul").unwrap().hidden
    };
    assert!(!kabul_hidden(&h));
    h.state_mut().apply(Action::Command(UiCommand::NextView));
    h.run();
    assert!(!kabul_hidden(&h), "the first view hides nothing");
    h.state_mut().apply(Action::Command(UiCommand::NextView));
    h.run();
    assert_eq!(h.state().status(), "View: What State says");
    assert!(kabul_hidden(&h), "the second hides places");
    // Saved now, a view keeps the filter in use.
    h.state_mut().apply(Action::Command(UiCommand::ShowRules));
    h.run();
    h.get_by_label("Save the rules as a view").focus();
    h.run();
    h.event(egui::Event::Text("No places".into()));
    h.run();
    h.get_by_label("Save view").click();
    h.run();
    let saved = h.state().document().styles.views.last().unwrap().clone();
    assert_eq!(saved.name, "No places");
    assert_eq!(saved.filter.hide_kinds, ["place"]);
    // The map's own view takes the filter back.
    choose(&mut h, "What State says", "the map's own");
    assert!(!kabul_hidden(&h));
}

/// A badge made in the Rules window: "where contested relations (count) is at least 1, a
/// badge with the number", drawn on the rims of the disputed entities and keyed in the legend.
#[test]
fn a_badge_rule_made_in_the_rules_window_counts_disputes() {
    let mut h = harness(Startup::Bundled);
    h.state_mut().apply(Action::Command(UiCommand::ShowRules));
    h.run();
    choose(&mut h, "degree (relations)", "contested relations (count)");
    choose(&mut h, "size", "badge");
    h.get_by_label("where").click();
    h.run();
    choose(&mut h, "is", "is at least");
    h.get_by_label("value").focus();
    h.run();
    h.event(egui::Event::Text("1".into()));
    h.run();
    h.get_by_label("the number").click();
    h.run();
    h.get_by_label("Add rule").click();
    h.run();
    let rules = &h.state().document().styles.rules;
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!(rules[0].set, relmap::model::rules::Visual::Badge);
    let anas = h.state().entity_decor("anas-haqqani").unwrap();
    assert!(matches!(anas.badges[0], Some(relmap::view::Badge::Count(n)) if n >= 1));
    assert_eq!(h.state().entity_decor("ned-price").unwrap().badges[0], None);
    assert!(
        h.query_by_label_contains("n = disputes").is_some(),
        "the legend says what the number is"
    );
}

/// A rule changed in place: Change loads it into the form, Update replaces it (one step of
/// Undo) and keeps its place; a palette and a log scale are chosen there too.
#[test]
fn a_rule_is_changed_in_place_with_a_palette_and_a_log_scale() {
    let mut doc = relmap::io::bundled_map().unwrap();
    doc.styles.rules = serde_json::from_str(
        r##"[
          {"name": "Kinds", "measure": "kind", "set": "color"},
          {"name": "Hubs", "measure": "degree", "set": "size", "from": 1, "to": 3}
        ]"##,
    )
    .unwrap();
    let mut h = harness(Startup::File {
        path: "rules.json".into(),
        doc: Box::new(doc),
    });
    h.state_mut().apply(Action::Command(UiCommand::ShowRules));
    h.run();
    h.get_all_by_label("Change").next().unwrap().click();
    h.run();
    assert!(h.query_by_label("Edit rule 1").is_some());
    choose(&mut h, "okabe-ito", "tol-bright");
    h.get_by_label("Update rule").click();
    h.run();
    let rules = &h.state().document().styles.rules;
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].name, "Kinds");
    assert_eq!(rules[0].palette.as_deref(), Some("tol-bright"));
    // Kinds in sorted order take the palette's colours: "country" is the first.
    assert_eq!(
        h.state().entity_decor("united-states").unwrap().paint,
        Some(relmap::view::Paint::Rgb(relmap::look::TOL_BRIGHT[0]))
    );
    assert_eq!(h.state().facts().undo.as_deref(), Some("edit rule Kinds"));

    // The second along a log scale: the hub is still the largest, the middle grows faster.
    h.get_all_by_label("Change").nth(1).unwrap().click();
    h.run();
    h.get_by_label("log scale").click();
    h.run();
    h.get_by_label("Update rule").click();
    h.run();
    let rules = &h.state().document().styles.rules;
    assert_eq!(rules[1].scale.as_deref(), Some("log"));
    assert_eq!(rules[1].name, "Hubs");
    h.state_mut().apply(Action::Command(UiCommand::Undo));
    h.run();
    assert_eq!(h.state().document().styles.rules[1].scale, None);
}
