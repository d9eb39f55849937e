//! Foreign files in the window: a dropped GraphML opens as an untitled map with its import
//! report, Save never writes over it, File ▸ Open Recent remembers it, File ▸ Export writes
//! the formats other tools read, and the layout's tuning is kept between runs.
#![cfg(feature = "ui")]

mod common;
mod hostile;

use std::path::Path;
use std::sync::Arc;

use common::*;
use egui_kittest::kittest::Queryable;
use relmap::io::formats;
use relmap::ui::commands::{Action, UiCommand};
use relmap::ui::{RelmapApp, Settings, Startup};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn app_in(dir: &Path) -> RelmapApp {
    let mut app = RelmapApp::with_settings(
        Startup::Bundled,
        Settings {
            last_dir: Some(dir.to_path_buf()),
            last_export_dir: Some(dir.to_path_buf()),
            ..Settings::default()
        },
    );
    app.native_dialogs = false;
    app
}

#[test]
fn a_dropped_graphml_opens_untitled_with_its_report_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("lesmis.graphml");
    std::fs::copy(fixture("lesmis.graphml"), &copy).unwrap();
    let original = std::fs::read(&copy).unwrap();
    let mut h = harness_of(app_in(dir.path()));
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(copy.clone())));
    h.run();
    assert_eq!(h.state().document().entities.len(), 77);
    assert_eq!(
        h.state().path(),
        None,
        "a foreign file opens as an untitled map"
    );
    assert!(
        h.state().title().starts_with("lesmis (from GraphML)"),
        "{}",
        h.state().title()
    );
    let report = h
        .state()
        .import_report()
        .expect("the import report is shown");
    assert!(
        report.to_string().contains("77 node(s) and 254 edge(s)"),
        "{report}"
    );
    h.get_by_label("Import report: lesmis (from GraphML)");
    assert!(
        h.state()
            .status()
            .contains("Read lesmis.graphml as GraphML")
    );
    let remembered = std::fs::canonicalize(&copy).unwrap();
    assert_eq!(h.state().recent_files().first(), Some(&remembered));

    // Save asks where to write the relmap map; the GraphML stays as it was.
    h.state_mut().apply(Action::Command(UiCommand::Save));
    h.run();
    h.get_by_label("Save map as");
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        original,
        "the GraphML is untouched"
    );
    let saved = dir.path().join("map.json");
    let doc = relmap::io::load_file(&saved).expect("saved as a relmap map");
    assert_eq!(doc.entities.len(), 77);
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().import_report().is_none());
}

#[test]
fn open_recent_lists_the_files_and_opens_one() {
    let dir = tempfile::tempdir().unwrap();
    let stix = fixture("haqqani_stix.json");
    let mut app = app_in(dir.path());
    app.apply(Action::OpenPath(stix.clone()));
    app.apply(Action::OpenPath(fixture("lesmis.gexf")));
    let mut h = harness_of(app);
    h.run();
    assert_eq!(h.state().recent_files().len(), 2);
    h.get_by_label("File").click();
    h.run();
    assert!(
        h.query_by_label("Export ⏵").is_some(),
        "the File menu is open"
    );
    h.get_by_label("Open Recent ⏵").hover();
    h.run();
    h.get_by_label("haqqani_stix.json").click();
    h.run();
    assert_eq!(
        h.state().document().relations.len(),
        2,
        "the STIX bundle is open"
    );
    assert_eq!(
        h.state().recent_files().first(),
        Some(&std::fs::canonicalize(&stix).unwrap())
    );
}

#[test]
fn file_export_writes_graphml_gexf_node_link_and_csv_that_open_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_of(app_in(dir.path()));
    h.run();
    for (cmd, file) in [
        (UiCommand::ExportGraphMl, "map.graphml"),
        (UiCommand::ExportGexf, "map.gexf"),
        (UiCommand::ExportNodeLink, "map-node-link.json"),
        (UiCommand::ExportCsv, "map.nodes.csv"),
    ] {
        h.state_mut().apply(Action::Command(cmd));
        h.run();
        h.get_by_label("Export").click();
        h.run();
        let path = dir.path().join(file);
        assert!(path.is_file(), "{file}: {}", h.state().status());
        if file.ends_with(".nodes.csv") {
            continue;
        }
        let opened = formats::open_file(&path).unwrap();
        assert_eq!(opened.doc.entities.len(), 40, "{file}");
        assert_eq!(
            opened
                .doc
                .relations
                .iter()
                .map(|r| r.claims.len())
                .sum::<usize>(),
            88,
            "{file}: every claim"
        );
    }
    assert!(!h.state().is_dirty(), "exporting changes nothing");
}

#[test]
fn the_layout_tuning_is_kept_between_runs() {
    let mut h = harness(Startup::Bundled);
    let mut params = h.state().layout_params();
    params.link_distance = 123.0;
    h.state_mut().apply(Action::SetLayoutParams(params));
    h.run();
    let kept = h.state().settings().clone();
    assert_eq!(kept.layout.map(|p| p.link_distance), Some(123.0));
    let again = RelmapApp::with_settings(Startup::Bundled, kept);
    assert_eq!(again.layout_params().link_distance, 123.0);
}

#[test]
fn a_csv_shows_its_rows_and_recognised_columns_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_of(app_in(dir.path()));
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(fixture("gephi_edges.csv"))));
    h.run();
    h.get_by_label("Import table gephi_edges.csv");
    h.get_by_label("allied with"); // a cell of the preview
    assert_eq!(
        h.state().document().entities.len(),
        40,
        "nothing is read yet"
    );
    h.get_by_label("Import").click();
    h.run();
    let doc = h.state().document();
    assert_eq!((doc.entities.len(), doc.relations.len()), (3, 3));
    assert!(h.state().import_report().is_some());
}

#[test]
fn unrecognised_columns_are_named_in_the_table_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("links.csv");
    std::fs::write(
        &csv,
        "who,whom,how\nAnas,Bagram,held at\nAnas,Kevin,exchanged for\n",
    )
    .unwrap();
    let mut h = harness_of(app_in(dir.path()));
    h.state_mut().apply(Action::OpenPath(csv));
    h.run();
    h.get_by_label("Choose an id or name column, or a source and a target column.");
    // The combo boxes read Id, Name, Kind, Source, Target; none is recognised.
    let pick = |h: &mut egui_kittest::Harness<'static, RelmapApp>, nth: usize, option: &str| {
        h.get_all_by_value("(none)").nth(nth).unwrap().click();
        h.run();
        h.get_all_by_label(option).last().unwrap().click();
        h.run();
    };
    pick(&mut h, 3, "who"); // Source
    pick(&mut h, 3, "whom"); // Target, now the fourth still unset
    pick(&mut h, 2, "how"); // Kind
    h.get_by_label("Read as an edge list: each row a relation; its ends become entities.");
    h.get_by_label("Import").click();
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.relations.len(), 2);
    assert_eq!(doc.relations[0].kind, "held at");
    assert_eq!(doc.entities.len(), 3);
}

#[test]
fn hostile_files_dropped_on_the_window_are_refused_with_a_message_and_the_map_stays() {
    let dir = tempfile::tempdir().unwrap();
    let files = hostile::refusals();
    let mut h = harness_of(app_in(dir.path()));
    let before = h.state().document().clone();
    for (name, bytes, says) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        h.input_mut()
            .dropped_files
            .push(Arc::new(DroppedPath(path.clone())));
        h.run();
        let message = h.state().error_message().unwrap_or_default().to_owned();
        assert!(
            message.contains(name) && message.contains(says),
            "{name}: {message}"
        );
        assert_eq!(h.state().document(), &before, "{name}: the open map stays");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} is untouched");
        h.get_by_label(&format!("Could not open {name}"));
        h.get_by_label("OK").click();
        h.run();
        assert_eq!(
            h.state().error_message(),
            None,
            "{name}: OK closes the message"
        );
    }
}
