//! The case store in the window, through the real UI, on whichever engine: each scenario
//! takes a store's location (a SQLite path or a PostgreSQL URL), opens windows on it and
//! fails on the first thing that is wrong. tests/ui_case.rs runs them on SQLite,
//! tests/store_postgres.rs on a real PostgreSQL server.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use relmap::model::EntityId;
use relmap::store::{ApplyMode, ExpandRequest, Store};
use relmap::ui::commands::{Selection, UiCommand};
use relmap::ui::{RelmapApp, Settings, Startup};

/// A scenario: it takes the store's location.
pub type Scenario = fn(&str);

pub const ALL: &[(&str, Scenario)] = &[
    (
        "a_refused_delete_kept_as_theirs_brings_the_entity_back",
        a_refused_delete_kept_as_theirs_brings_the_entity_back,
    ),
    (
        "find_add_expand_edit_save_and_open_again_where_it_ended",
        find_add_expand_edit_save_and_open_again_where_it_ended,
    ),
    (
        "a_colleagues_write_first_is_a_conflict_with_both_values_and_nothing_is_overwritten",
        a_colleagues_write_first_is_a_conflict_with_both_values_and_nothing_is_overwritten,
    ),
    (
        "keep_theirs_takes_the_store_value_into_the_view",
        keep_theirs_takes_the_store_value_into_the_view,
    ),
    (
        "a_conflict_is_settled_field_by_field_with_an_edit",
        a_conflict_is_settled_field_by_field_with_an_edit,
    ),
    (
        "a_large_expand_asks_first_with_the_counts_by_kind",
        a_large_expand_asks_first_with_the_counts_by_kind,
    ),
    (
        "two_windows_on_one_case_see_each_others_saves_without_asking",
        two_windows_on_one_case_see_each_others_saves_without_asking,
    ),
    (
        "an_entity_a_colleague_deletes_leaves_the_view_and_can_be_restored",
        an_entity_a_colleague_deletes_leaves_the_view_and_can_be_restored,
    ),
    (
        "a_large_last_view_opens_in_parts_and_can_be_stopped",
        a_large_last_view_opens_in_parts_and_can_be_stopped,
    ),
];

pub type H = Harness<'static, RelmapApp>;

/// Puts the bundled map into the store at `location` as case "haqqani".
pub fn seed(location: &str) {
    let mut store = Store::create(location).unwrap();
    let doc = relmap::io::bundled_map().unwrap();
    // The positions are the importing analyst's; this window's analyst starts without any.
    store.set_analyst("importer");
    store.import("haqqani", &doc, &mut |_| {}).unwrap();
}

/// A harness on `app` that has not run yet, as tests/common makes them: the window waits
/// on the store's worker, which the scenarios step until it answers.
pub fn unsettled_harness(app: RelmapApp) -> H {
    Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_max_steps(2000)
        .with_step_dt(0.05)
        .build_eframe(move |_cc| app)
}

pub fn window(location: &str, settings: Settings) -> H {
    window_of(RelmapApp::with_settings(
        Startup::Case {
            location: location.to_owned(),
            case: None,
        },
        settings,
    ))
}

/// A window on `app`, which opens a case, once the case is open.
pub fn window_of(mut app: RelmapApp) -> H {
    app.native_dialogs = false;
    let mut h = unsettled_harness(app);
    wait(&mut h, "the case opens", |a| {
        a.case_status().is_some_and(|s| s.contains("connected")) && !a.case_busy()
    });
    h
}

/// Steps the window until `done` holds, as the store answers on its own thread.
pub fn wait(h: &mut H, what: &str, done: impl Fn(&RelmapApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "waited 30 s for {what}; status: {:?}, error: {:?}",
            h.state().status(),
            h.state().error_message()
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(3);
}

/// Steps the window until every undo step taken is written to the case.
pub fn wait_written(h: &mut H) {
    wait(h, "the steps written to the case", |a| {
        !a.case_busy() && a.case_steps_waiting() == 0
    });
}

/// Case ⏵ Work offline or online, from the menu.
pub fn toggle_offline(h: &mut H) {
    h.get_by_label("Case").click();
    h.run();
    h.get_by_label("Work offline or online").click();
    h.run_steps(2);
}

fn type_text(h: &mut H, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run_steps(2);
}

/// Adds entity `id` of the case to the view, as a search hit is added.
fn add_to_view(h: &mut H, id: &str) {
    h.state_mut()
        .apply(relmap::ui::commands::Action::PullEntities(vec![
            EntityId::new(id),
        ]));
    wait(h, "the entity in view", |a| {
        a.document().entity(id).is_some() && !a.case_busy()
    });
}

/// Renames the selected entity in the inspector.
pub fn rename_selected(h: &mut H, name: &str) {
    h.get_by_label("Name").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(h, name);
    h.key_press(Key::Enter);
    h.run_steps(2);
}

/// A neighbour of Sirajuddin Haqqani in view that no claim names as its claimant: one that
/// may leave the view.
fn unclaimed_neighbour(doc: &relmap::model::Document) -> EntityId {
    let named: Vec<&str> = doc
        .relations
        .iter()
        .flat_map(|r| r.claims.iter().filter_map(|c| c.claimant.as_ref()))
        .map(EntityId::as_str)
        .collect();
    let siraj = "sirajuddin-haqqani";
    doc.relations
        .iter()
        .filter_map(|r| match (r.from.as_str(), r.to.as_str()) {
            (a, b) if a == siraj => doc.entity(b),
            (a, b) if b == siraj => doc.entity(a),
            _ => None,
        })
        .find(|e| !named.contains(&e.id.as_str()))
        .map(|e| e.id.clone())
        .expect("an entity no claim names")
}

fn entity(h: &H, id: &str) -> bool {
    h.state().document().entity(id).is_some()
}

pub fn find_add_expand_edit_save_and_open_again_where_it_ended(location: &str) {
    seed(location);
    let mut h = window(location, Settings::default());
    let status = h.state().case_status().unwrap();
    assert!(
        status.contains("Case haqqani")
            && (status.contains("SQLite") || status.contains("PostgreSQL")),
        "{status}"
    );
    assert!(
        h.state().title().contains("haqqani"),
        "{}",
        h.state().title()
    );
    assert!(
        h.state().document().entities.is_empty(),
        "the view starts empty"
    );

    // The search window opens with the case, its field focused: type a misspelt name.
    type_text(&mut h, "sirajudin haqani");
    wait(&mut h, "search hits", |a| {
        a.case_hits().first().map(String::as_str) == Some("sirajuddin-haqqani")
    });
    h.get_by_label_contains("Sirajuddin Haqqani  ·  person")
        .click();
    wait(&mut h, "the hit in view", |a| {
        a.document().entity("sirajuddin-haqqani").is_some() && !a.case_busy()
    });
    assert_eq!(h.state().document().entities.len(), 1);
    assert_eq!(
        h.state().selection(),
        &Selection::Entity(EntityId::new("sirajuddin-haqqani"))
    );
    let hidden = h.state().hidden_neighbours("sirajuddin-haqqani");
    assert!(hidden > 0, "the badge counts its neighbours in the case");
    // Its badge is on the canvas, beside it (brought into view and drawn large enough).
    h.get_by_label(&format!(
        "+{hidden}: Sirajuddin Haqqani's neighbours not in view"
    ));
    // The inspector offers the expand, with the count.
    let expand = format!("Expand +{hidden}");
    h.get_by_label(&expand).scroll_to_me();
    h.run();
    h.get_by_label(&expand).click();
    h.run();
    wait(&mut h, "the neighbours", |a| {
        a.document().entities.len() > 1 && !a.case_busy()
    });
    let doc = h.state().document();
    // Every neighbour came, and the claimants their relations' claims name.
    assert!(doc.entities.len() as u64 > hidden, "every neighbour came");
    assert_eq!(h.state().hidden_neighbours("sirajuddin-haqqani"), 0);
    assert!(
        doc.relations
            .iter()
            .all(|r| doc.entity(r.from.as_str()).is_some() && doc.entity(r.to.as_str()).is_some())
    );
    // New neighbours are placed around their parent, which did not move.
    assert!(doc.entities.iter().all(|e| e.position.is_some()));

    // Edit in the inspector: the step is written to the case by itself.
    let renamed = "Anas Haqqani (from the window)";
    // The entity list in the sidebar (the inspector names it too, as a neighbour).
    h.get_all_by_label("Anas Haqqani").next().unwrap().click();
    h.run_steps(2);
    rename_selected(&mut h, renamed);
    assert_eq!(
        h.state().document().entity("anas-haqqani").unwrap().name,
        renamed
    );
    wait_written(&mut h);
    assert!(!h.state().is_dirty(), "{}", h.state().status());
    let mut reader = Store::open(location).unwrap();
    let taken = anas(&mut reader);
    assert_eq!(
        taken.entity("anas-haqqani").unwrap().name,
        renamed,
        "the case has the edit"
    );
    // Undo and redo are writes to the case too, each a step of its own in its change log.
    let logged = |reader: &mut Store| {
        reader
            .changes_after("haqqani", 0, &[], 100_000)
            .unwrap()
            .into_iter()
            .filter(|c| c.id == "anas-haqqani" && c.action == "update")
            .count()
    };
    let before = logged(&mut reader);
    // Edit ⏵ Undo (the name field may still hold the keyboard, and Ctrl+Z with it).
    h.state_mut()
        .apply(relmap::ui::commands::Action::Command(UiCommand::Undo));
    assert_eq!(h.state().case_steps_waiting(), 1, "the undo is a write");
    wait_written(&mut h);
    assert!(
        h.state().status().contains("Undid"),
        "{}",
        h.state().status()
    );
    assert_eq!(
        anas(&mut reader).entities[0].name,
        "Anas Haqqani",
        "undone in the case"
    );
    h.state_mut()
        .apply(relmap::ui::commands::Action::Command(UiCommand::Redo));
    assert_eq!(h.state().case_steps_waiting(), 1, "the redo is a write");
    wait_written(&mut h);
    assert_eq!(
        anas(&mut reader).entities[0].name,
        renamed,
        "redone in the case"
    );
    assert_eq!(logged(&mut reader), before + 2, "one transaction a step");
    assert!(!h.state().is_dirty());

    // Remove from view: off the canvas, not out of the case. A claimant of a claim left in
    // view stays, and says why.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Delete);
    wait(&mut h, "the refusal", |a| a.status().contains("kept 1"));
    assert!(
        h.state().status().contains("names it"),
        "{}",
        h.state().status()
    );
    assert!(entity(&h, "anas-haqqani"));
    let leaving = unclaimed_neighbour(h.state().document());
    h.state_mut()
        .apply(relmap::ui::commands::Action::Select(Selection::Entity(
            leaving.clone(),
        )));
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::SHIFT, Key::Delete);
    h.run_steps(1);
    wait(&mut h, "the view read again", |a| !a.case_busy());
    assert!(!entity(&h, leaving.as_str()), "{}", h.state().status());
    assert!(
        h.state().hidden_neighbours("sirajuddin-haqqani") >= 1,
        "it is hidden again"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait(&mut h, "the save", |a| {
        !a.case_busy() && a.status().starts_with("Saved")
    });
    let cases = reader.cases().unwrap();
    assert_eq!(
        cases[0].entities,
        relmap::io::bundled_map().unwrap().entities.len() as u64,
        "nothing deleted"
    );

    // The next window on this case opens with the same view.
    let in_view: Vec<String> = h
        .state()
        .document()
        .entities
        .iter()
        .map(|e| e.id.to_string())
        .collect();
    let settings = h.state().settings().clone();
    drop(h);
    let mut again = window(location, settings);
    wait(&mut again, "last session's view", |a| {
        a.document().entities.len() == in_view.len() && !a.case_busy()
    });
    for id in &in_view {
        assert!(entity(&again, id), "{id} is in view again");
    }
    assert!(!again.state().is_dirty());
    // File ▸ Open Recent lists the case beside the files.
    again.get_by_label("File").click();
    again.run();
    again.get_by_label("Open Recent ⏵").hover();
    again.run();
    again.get_by_label_contains("Case haqqani — ");
}

/// The case's "anas-haqqani" as a map taken from `store`.
fn anas(store: &mut Store) -> relmap::model::Document {
    store
        .expand(
            "haqqani",
            &ExpandRequest {
                seeds: vec!["anas-haqqani".into()],
                hops: 0,
                ..Default::default()
            },
        )
        .unwrap()
        .doc
}

/// A window with Anas Haqqani in view, working offline, renames it to `mine` while a colleague
/// changes it in the case (with `theirs`); back online, the waiting write meets a conflict.
fn conflict_on_anas(
    location: &str,
    theirs: impl FnOnce(&mut relmap::model::Entity),
    mine: &str,
) -> (H, Store) {
    seed(location);
    let mut h = window(location, Settings::default());
    add_to_view(&mut h, "anas-haqqani");
    toggle_offline(&mut h);
    assert!(h.state().case_offline_by_choice());
    // Pulled in alone, it is selected: its name is in the inspector. The edit comes first,
    // so the colleague's write, which the window hears of, cannot replace it in the view.
    rename_selected(&mut h, mine);
    h.run_steps(3);
    assert_eq!(h.state().case_steps_waiting(), 1, "the step waits offline");
    let short = h.state().case_short_status().unwrap_or_default();
    assert!(
        short.contains("Offline (by choice): 1 change waiting"),
        "{short}"
    );
    let mut colleague = Store::open(location).unwrap();
    colleague.set_analyst("ned");
    let mut doc = anas(&mut colleague);
    theirs(&mut doc.entities[0]);
    let report = colleague
        .apply("haqqani", &doc, ApplyMode::AllOrNothing)
        .unwrap();
    assert!(report.committed);
    wait(&mut h, "the colleague's news", |a| {
        a.status().contains("ned edited") && !a.case_busy()
    });
    assert_eq!(
        h.state()
            .document()
            .entity("anas-haqqani")
            .map(|e| e.name.as_str()),
        Some(mine),
        "the view keeps the analyst's edit"
    );
    toggle_offline(&mut h);
    wait(&mut h, "the waiting write", |a| {
        !a.case_busy() && a.status().contains("not written")
    });
    (h, colleague)
}

pub fn a_colleagues_write_first_is_a_conflict_with_both_values_and_nothing_is_overwritten(
    location: &str,
) {
    let (mut h, mut colleague) = conflict_on_anas(
        location,
        |e| e.name = "Anas Haqqani (theirs)".into(),
        "Anas Haqqani (mine)",
    );
    let conflicts = h.state().case_conflicts();
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].theirs.as_deref().unwrap().contains("(theirs)"));
    assert!(conflicts[0].mine.as_deref().unwrap().contains("(mine)"));
    assert!(h.state().is_dirty(), "the edit is still unsaved");
    assert_eq!(
        anas(&mut colleague).entities[0].name,
        "Anas Haqqani (theirs)",
        "not overwritten"
    );

    // Case ▸ Conflicts… shows both; keep yours, and it is written, knowingly.
    h.get_by_label("Case").click();
    h.run();
    h.get_by_label_contains("Conflicts…").click();
    h.run();
    h.get_by_label_contains("Anas Haqqani (theirs)");
    h.get_by_label("Keep yours").click();
    h.run();
    assert!(h.state().case_conflicts().is_empty());
    wait_written(&mut h);
    assert_eq!(anas(&mut colleague).entities[0].name, "Anas Haqqani (mine)");
}

pub fn keep_theirs_takes_the_store_value_into_the_view(location: &str) {
    let (mut h, _colleague) = conflict_on_anas(
        location,
        |e| e.summary = "their summary".into(),
        "Anas (mine)",
    );
    h.get_by_label("Case").click();
    h.run();
    h.get_by_label_contains("Conflicts…").click();
    h.run();
    h.get_by_label("Keep theirs").click();
    h.run();
    let e = h.state().document().entity("anas-haqqani").unwrap();
    assert_eq!(e.summary, "their summary");
    assert_eq!(e.name, "Anas Haqqani");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait(&mut h, "the save", |a| {
        !a.case_busy() && a.status().starts_with("Saved")
    });
    assert!(h.state().case_conflicts().is_empty());
}

/// Puts a hub with 600 neighbours into the store at `location` as case "hub".
fn seed_hub(location: &str) {
    let mut entities =
        vec![serde_json::json!({"id": "hub", "name": "The hub", "kind": "organization"})];
    let mut relations = Vec::new();
    for i in 0..600 {
        let kind = if i % 3 == 0 { "person" } else { "organization" };
        entities.push(serde_json::json!({"id": format!("n{i:03}"), "name": format!("Member {i}"), "kind": kind}));
        let along = if i % 2 == 0 { "member of" } else { "funds" };
        relations.push(serde_json::json!({"id": format!("r{i:03}"), "from": "hub", "to": format!("n{i:03}"), "kind": along}));
    }
    let text = serde_json::json!({"format": "relmap", "version": 2, "title": "Hub", "entities": entities, "relations": relations, "sources": []});
    let doc = relmap::io::parse_bytes(text.to_string().as_bytes(), "hub.json").unwrap();
    Store::create(location)
        .unwrap()
        .import("hub", &doc, &mut |_| {})
        .unwrap();
}

pub fn a_large_expand_asks_first_with_the_counts_by_kind(location: &str) {
    seed_hub(location);
    let mut h = window(location, Settings::default());
    add_to_view(&mut h, "hub");
    assert_eq!(h.state().hidden_neighbours("hub"), 600);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    h.run_steps(2);
    h.get_by_label_contains("would add 600 entities");
    h.get_by_label("200 person");
    h.get_by_label("400 organization");
    assert_eq!(
        h.state().document().entities.len(),
        1,
        "nothing added before the answer"
    );
    h.get_by_label("Only person").click();
    wait(&mut h, "the people", |a| {
        a.document().entities.len() == 201 && !a.case_busy()
    });
    assert!(
        h.state()
            .document()
            .entities
            .iter()
            .skip(1)
            .all(|e| e.kind == "person")
    );
    assert_eq!(h.state().hidden_neighbours("hub"), 400);
    // Along one kind of relation: the inspector counts the hub's relations out of view by kind
    // ("funds" leads to the odd members; the odd ones not yet in view are 200).
    h.get_by_label("200 funds");
    h.get_all_by_label("Follow").next().unwrap().click();
    wait(&mut h, "the funded", |a| {
        a.document().entities.len() == 401 && !a.case_busy()
    });
    assert_eq!(h.state().hidden_neighbours("hub"), 200);
    let doc = h.state().document();
    assert!(doc.relations.iter().all(|r| {
        r.kind == "funds"
            || doc
                .entity(r.to.as_str())
                .is_some_and(|e| e.kind == "person")
    }));
}

pub fn two_windows_on_one_case_see_each_others_saves_without_asking(location: &str) {
    seed(location);
    let mut a = window(location, Settings::default());
    let mut b = window(location, Settings::default());
    for h in [&mut a, &mut b] {
        add_to_view(h, "sirajuddin-haqqani");
        h.state_mut().apply(relmap::ui::commands::Action::Expand {
            seeds: vec![EntityId::new("sirajuddin-haqqani")],
            kinds: Vec::new(),
        });
        wait(h, "the neighbours", |s| {
            s.document().entities.len() > 1 && !s.case_busy()
        });
    }
    let placed_before: Vec<_> = b
        .state()
        .document()
        .entities
        .iter()
        .map(|e| (e.id.clone(), e.position.clone()))
        .collect();
    a.state_mut()
        .apply(relmap::ui::commands::Action::Select(Selection::Entity(
            EntityId::new("anas-haqqani"),
        )));
    a.run_steps(2);
    rename_selected(&mut a, "Anas Haqqani (edited in A)");
    wait_written(&mut a);
    let start = Instant::now();
    wait(&mut b, "A's edit in B", |s| {
        s.document().entity("anas-haqqani").map(|e| e.name.as_str())
            == Some("Anas Haqqani (edited in A)")
    });
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "took {:?}",
        start.elapsed()
    );
    assert!(
        b.state().status().contains("edited Anas Haqqani: name"),
        "{}",
        b.state().status()
    );
    assert_eq!(
        b.state().facts().undo,
        None,
        "a colleague's change is not an edit here"
    );
    for (id, p) in placed_before {
        let now = b
            .state()
            .document()
            .entity(id.as_str())
            .and_then(|e| e.position.clone());
        assert_eq!(now, p, "{id} did not move");
    }
    // A's own save is not news to A.
    a.run_steps(30);
    assert!(
        a.state().status().starts_with("Saved"),
        "{}",
        a.state().status()
    );
}

pub fn an_entity_a_colleague_deletes_leaves_the_view_and_can_be_restored(location: &str) {
    seed(location);
    let mut h = window(location, Settings::default());
    add_to_view(&mut h, "sirajuddin-haqqani");
    h.state_mut().apply(relmap::ui::commands::Action::Expand {
        seeds: vec![EntityId::new("sirajuddin-haqqani")],
        kinds: Vec::new(),
    });
    wait(&mut h, "the neighbours", |s| {
        s.document().entities.len() > 1 && !s.case_busy()
    });
    // A neighbour no claim names, deleted by a colleague with its relations.
    let doc = h.state().document().clone();
    let victim = unclaimed_neighbour(&doc);
    let name = doc.entity(victim.as_str()).unwrap().name.clone();
    let mut colleague = Store::open(location).unwrap();
    colleague.set_analyst("ned");
    let mut theirs = colleague.export("haqqani").unwrap();
    theirs
        .relations
        .retain(|r| r.from != victim && r.to != victim);
    theirs.entities.retain(|e| e.id != victim);
    assert!(
        colleague
            .apply("haqqani", &theirs, ApplyMode::AllOrNothing)
            .unwrap()
            .committed
    );
    wait(&mut h, "the deletion in view", |s| {
        s.document().entity(victim.as_str()).is_none() && !s.case_busy()
    });
    assert!(
        h.state().status().contains("ned deleted"),
        "{}",
        h.state().status()
    );
    h.get_by_label("Case").click();
    h.run();
    h.get_by_label_contains("Changes…").click();
    h.run();
    h.get_by_label(name.as_str());
    h.get_by_label("Restore");
    // On the canvas, where it was: a ghost that says who deleted it; a click restores it.
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label(&format!("{name}, deleted by ned: click to restore"))
        .click();
    h.run();
    assert!(h.state().document().entity(victim.as_str()).is_some());
    assert!(
        h.query_by_label_contains("deleted by ned").is_none(),
        "the ghost is gone"
    );
    wait_written(&mut h);
    let back = colleague.export("haqqani").unwrap();
    assert!(
        back.entity(victim.as_str()).is_some(),
        "restored in the case"
    );
}

/// A window working offline that stops (a crash) leaves a recovery copy of its view; the next
/// start offers it, opens the case again with the work in view, and writes it into the case.
/// (Not in [`ALL`]: the copy names a server without its password, so tests/store_postgres.rs
/// runs it as a role the test cluster trusts.)
pub fn unsaved_work_on_a_case_is_offered_back_after_a_crash(location: &str) {
    use relmap::io::recovery::RecoveryStore;
    seed(location);
    let config = tempfile::tempdir().unwrap();
    let recovery = RecoveryStore::new(config.path().join("recovery"));
    let app = RelmapApp::with_settings(
        Startup::Case {
            location: location.to_owned(),
            case: None,
        },
        Settings::default(),
    )
    .with_recovery(recovery.clone())
    .with_recovery_interval(1.0);
    let mut h = window_of(app);
    add_to_view(&mut h, "anas-haqqani");
    toggle_offline(&mut h);
    rename_selected(&mut h, "Anas Haqqani (not saved before the crash)");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.state().flush_recovery();
    drop(h); // The crash: no save, no discard, no quit.

    let mut app = RelmapApp::with_settings(Startup::Empty, Settings::default())
        .with_recovery(recovery.clone());
    app.native_dialogs = false;
    let mut h = unsettled_harness(app);
    h.run_steps(2);
    assert!(h.state().recovery_offered());
    h.get_by_label_contains("unsaved changes to case haqqani of ");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    wait(&mut h, "the case with the work in view", |a| {
        a.case_status().is_some_and(|s| s.contains("connected"))
            && !a.case_busy()
            && a.document().entity("anas-haqqani").map(|e| e.name.as_str())
                == Some("Anas Haqqani (not saved before the crash)")
    });
    assert!(
        h.state()
            .case_status()
            .unwrap_or_default()
            .contains("Case haqqani"),
        "the case, not a loose map"
    );
    wait_written(&mut h);
    assert!(!h.state().is_dirty());
    assert!(h.state().case_conflicts().is_empty());
    let mut store = Store::open(location).unwrap();
    assert_eq!(
        anas(&mut store).entities[0].name,
        "Anas Haqqani (not saved before the crash)"
    );
}

/// Deleting in the view an entity that relations outside the view still hold: the case refuses
/// it as a conflict that has no value of the store's to show. Keep theirs reads the entity
/// again from the case, and it is back in view; the case still has it.
pub fn a_refused_delete_kept_as_theirs_brings_the_entity_back(location: &str) {
    seed(location);
    let mut h = window(location, Settings::default());
    add_to_view(&mut h, "anas-haqqani");
    h.state_mut().apply(relmap::ui::commands::Action::Command(
        relmap::ui::commands::UiCommand::DeleteSelected,
    ));
    h.run_steps(2);
    assert!(!entity(&h, "anas-haqqani"));
    wait(&mut h, "the refusal", |a| {
        !a.case_busy() && a.status().contains("not written")
    });
    let conflicts = h.state().case_conflicts();
    assert!(
        conflicts[0].reason.contains("relation"),
        "{:?}",
        conflicts[0]
    );
    h.get_by_label("Case").click();
    h.run();
    h.get_by_label_contains("Conflicts…").click();
    h.run();
    h.get_by_label("Keep theirs").click();
    h.run_steps(1);
    wait(&mut h, "the entity back in view", |a| {
        a.document().entity("anas-haqqani").is_some() && !a.case_busy()
    });
    let mut store = Store::open(location).unwrap();
    assert_eq!(anas(&mut store).entities.len(), 1, "the case still has it");
}

/// Case ⏵ Conflicts… field by field: the colleague changed the kind, this window the name.
/// The kind is kept as theirs, the name is edited to a third value, and Save writes the
/// merge: both colleagues' work is in the case.
pub fn a_conflict_is_settled_field_by_field_with_an_edit(location: &str) {
    use egui::accesskit::Role;
    let (mut h, mut colleague) =
        conflict_on_anas(location, |e| e.kind = "financier".into(), "Anas (mine)");
    h.get_by_label("Case").click();
    h.run();
    h.get_by_label_contains("Conflicts…").click();
    h.run();
    // Both values of each differing field are in reach, and nothing else.
    h.get_by_label("financier");
    h.get_by_label("Anas Haqqani");
    assert!(h.query_by_label("id").is_none(), "the id does not differ");
    let edit = h
        .get_all_by_label("edit")
        .next()
        .expect("an edit choice for the name");
    edit.click();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "name as");
    assert_eq!(
        field.value().as_deref(),
        Some("Anas (mine)"),
        "yours to start from"
    );
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Anas Haqqani (agreed)".into()));
    h.run();
    h.get_by_label("Keep these choices").click();
    h.run();
    assert!(h.state().case_conflicts().is_empty());
    let e = h.state().document().entity("anas-haqqani").unwrap();
    assert_eq!(
        (e.name.as_str(), e.kind.as_str()),
        ("Anas Haqqani (agreed)", "financier")
    );
    wait_written(&mut h);
    let now = anas(&mut colleague);
    assert_eq!(
        (now.entities[0].name.as_str(), now.entities[0].kind.as_str()),
        ("Anas Haqqani (agreed)", "financier"),
        "the merge is in the case"
    );
}

/// A case left with 601 entities in view opens again in parts, saying how much is read; Stop
/// keeps what came and asks for no more.
pub fn a_large_last_view_opens_in_parts_and_can_be_stopped(location: &str) {
    use relmap::ui::commands::Action;
    seed_hub(location);
    let mut h = window(location, Settings::default());
    add_to_view(&mut h, "hub");
    h.state_mut().apply(Action::Expand {
        seeds: vec![EntityId::new("hub")],
        kinds: Vec::new(),
    });
    h.state_mut().apply(Action::ConfirmExpand);
    wait(&mut h, "every member", |a| {
        a.document().entities.len() == 601 && !a.case_busy()
    });
    let settings = h.state().settings().clone();
    drop(h);
    let opened = |settings: &Settings| {
        let mut app = RelmapApp::with_settings(Startup::Empty, settings.clone());
        app.native_dialogs = false;
        let mut h = unsettled_harness(app);
        h.state_mut()
            .apply(Action::OpenCase(location.to_owned(), None));
        // Until the first part is in, and not a frame more.
        let start = Instant::now();
        while h.state().document().entities.len() < 250 {
            assert!(start.elapsed() < Duration::from_secs(30), "the first part");
            h.step();
            std::thread::sleep(Duration::from_millis(5));
        }
        h
    };
    let mut again = opened(&settings);
    again.get_by_label_contains("Reading the view you left:");
    assert_eq!(
        again.get_all_by_label_contains("of 601 entities").count(),
        2,
        "the window and the status bar say how much is read"
    );
    again.get_by_label("Stop");
    wait(&mut again, "the whole last view", |a| {
        a.document().entities.len() == 601 && !a.case_busy()
    });
    assert!(
        again
            .query_by_label_contains("Reading the view you left")
            .is_none()
    );
    drop(again);
    let mut stopped = opened(&settings);
    stopped.state_mut().apply(Action::StopOpeningView);
    assert!(
        stopped.state().status().contains("Stopped"),
        "{}",
        stopped.state().status()
    );
    wait(&mut stopped, "the part on its way", |a| !a.case_busy());
    let n = stopped.state().document().entities.len();
    assert!((250..601).contains(&n), "{n} entities in view");
    assert!(stopped.query_by_label("Stop").is_none());
}
