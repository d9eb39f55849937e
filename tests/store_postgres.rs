//! The case store on PostgreSQL: a throwaway cluster (tests/store/cluster.rs) is started once,
//! every scenario of tests/store/scenarios.rs runs on a database of its own, then what only a
//! server has: a read-only role, TLS, passwords, the server stopped in the middle of an
//! apply, clients migrating one database at once. The cluster is stopped at the end.
//!
//! The harness is libtest-mimic's, so the cluster can be started before the tests and
//! stopped after them. Without the server binaries the run says what to install and passes,
//! unless RELMAP_REQUIRE_POSTGRES=1 (CI), when it fails.

mod store;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use relmap::store::{ApplyMode, ErrorKind, ExpandRequest, Store};
use store::cluster::{self, Cluster};
use store::scenarios;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    if let Some(why) = cluster::missing() {
        if cluster::required() {
            eprintln!("store_postgres: FAILED: {why}");
            return ExitCode::FAILURE;
        }
        eprintln!("store_postgres: the PostgreSQL tests did not run: {why}");
        return ExitCode::SUCCESS;
    }
    let names: Vec<String> = scenarios::ALL
        .iter()
        .map(|(n, _)| *n)
        .chain(EXTRA.iter().map(|(n, _)| *n))
        .map(str::to_owned)
        .collect();
    #[cfg(feature = "ui")]
    let names: Vec<String> = names
        .into_iter()
        .chain(
            store::window::ALL
                .iter()
                .map(|(n, _)| format!("window::{n}")),
        )
        .chain(["window::a_read_only_role_opens_the_case_read_only".to_owned()])
        .chain(["window::the_server_stops_and_comes_back_and_the_window_saves".to_owned()])
        .chain(["window::the_connection_form_opens_a_case_field_by_field".to_owned()])
        .chain(["window::unsaved_work_on_a_case_is_offered_back_after_a_crash".to_owned()])
        .collect();
    if args.list {
        let trials = names
            .into_iter()
            .map(|n| Trial::test(n, || Ok(())))
            .collect();
        return libtest_mimic::run(&args, trials).exit_code();
    }
    let cluster = Arc::new(Cluster::start());
    let mut trials = Vec::new();
    for (name, scenario) in scenarios::ALL {
        let c = cluster.clone();
        trials.push(Trial::test(*name, move || {
            scenario(&c.database(name));
            Ok(())
        }));
    }
    for (name, test) in EXTRA {
        let c = cluster.clone();
        trials.push(Trial::test(*name, move || test(&c)));
    }
    // The window on a case, on this server (tests/store/window.rs).
    #[cfg(feature = "ui")]
    for (name, scenario) in store::window::ALL {
        let c = cluster.clone();
        trials.push(Trial::test(format!("window::{name}"), move || {
            scenario(&c.database("window"));
            Ok(())
        }));
    }
    #[cfg(feature = "ui")]
    {
        let c = cluster.clone();
        trials.push(Trial::test(
            "window::a_read_only_role_opens_the_case_read_only",
            move || read_only_window(&c),
        ));
        trials.push(Trial::test(
            "window::the_server_stops_and_comes_back_and_the_window_saves",
            server_gone_and_back,
        ));
        let c = cluster.clone();
        trials.push(Trial::test(
            "window::the_connection_form_opens_a_case_field_by_field",
            move || connection_form(&c),
        ));
        // The recovery copy names its server without the password, so the window that
        // restores it connects as a role the cluster trusts from 127.0.0.1.
        let c = cluster.clone();
        trials.push(Trial::test(
            "window::unsaved_work_on_a_case_is_offered_back_after_a_crash",
            move || {
                store::window::unsaved_work_on_a_case_is_offered_back_after_a_crash(
                    &c.trusted_database("window_crash"),
                );
                Ok(())
            },
        ));
    }
    let conclusion = libtest_mimic::run(&args, trials);
    drop(cluster);
    conclusion.exit_code()
}

type Extra = fn(&Cluster) -> Result<(), Failed>;

const EXTRA: &[(&str, Extra)] = &[
    ("eight_clients_edit_at_once", eight_clients_edit_at_once),
    (
        "a_read_only_role_searches_but_cannot_apply",
        a_read_only_role,
    ),
    ("sslmode_require_connects_over_tls", tls),
    (
        "passwords_come_from_the_url_pgpassword_or_pgpass",
        passwords,
    ),
    (
        "a_server_stopped_mid_apply_leaves_nothing_half_written",
        stopped_mid_apply,
    ),
    (
        "clients_migrate_a_new_database_at_once",
        concurrent_migration,
    ),
    ("a_newer_schema_is_refused", newer_schema),
    ("the_command_line_walk_through", command_line),
];

fn eight_clients_edit_at_once(c: &Cluster) -> Result<(), Failed> {
    let seconds = if cfg!(feature = "ui") { 30 } else { 5 };
    scenarios::eight_clients_edit_at_once(&c.database("stress"), seconds);
    Ok(())
}

fn a_read_only_role(c: &Cluster) -> Result<(), Failed> {
    let url = c.database("readonly");
    let mut s = scenarios::create(&url);
    scenarios::import(&mut s, "haqqani", &scenarios::bundled());
    let db = url.rsplit('/').next().unwrap_or_default().to_owned();
    c.admin(&db).batch_execute(
        "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;",
    )?;
    let mut r = Store::open(&c.url_as("reader", "reader-pw", &db))?;
    let hits = r.search("haqqani", "sirajuddin", 3)?;
    assert_eq!(hits[0].id, "sirajuddin-haqqani");
    let mut map = r
        .expand(
            "haqqani",
            &ExpandRequest {
                seeds: vec!["sirajuddin-haqqani".into()],
                ..Default::default()
            },
        )?
        .doc;
    map.entities[0].summary = "a reader's edit".into();
    let err = r
        .apply("haqqani", &map, ApplyMode::AllOrNothing)
        .err()
        .ok_or("a read-only role applied a change")?;
    assert_eq!(err.kind, ErrorKind::ReadOnly, "{err}");
    assert!(err.message.contains("may only read"), "{err}");
    let now = s.export("haqqani")?;
    assert_ne!(
        now.entities
            .iter()
            .find(|e| e.id.as_str() == "sirajuddin-haqqani")
            .map(|e| e.summary.as_str()),
        Some("a reader's edit")
    );
    Ok(())
}

/// A role that may only read opens the case in the window, which says so and refuses edits.
#[cfg(feature = "ui")]
fn read_only_window(c: &Cluster) -> Result<(), Failed> {
    use relmap::model::EntityId;
    use relmap::ui::commands::{Action, Selection};
    let url = c.database("window_reader");
    store::window::seed(&url);
    let db = url.rsplit('/').next().unwrap_or_default().to_owned();
    c.admin(&db).batch_execute(
        "CREATE ROLE window_reader LOGIN PASSWORD 'reader-pw'; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO window_reader;",
    )?;
    let reader = c.url_as("window_reader", "reader-pw", &db);
    assert!(
        !Store::open(&reader)?.may_write()?,
        "the role may not write"
    );
    let mut h = store::window::window(&reader, Default::default());
    let status = h.state().case_status().unwrap_or_default();
    assert!(status.contains("read-only"), "{status}");
    assert!(
        !status.contains("reader-pw"),
        "the password is never shown: {status}"
    );
    h.state_mut()
        .apply(Action::PullEntities(vec![EntityId::new("anas-haqqani")]));
    store::window::wait(&mut h, "in view", |a| {
        a.document().entity("anas-haqqani").is_some() && !a.case_busy()
    });
    h.state_mut()
        .apply(Action::Select(Selection::Entity(EntityId::new(
            "anas-haqqani",
        ))));
    h.state_mut().apply(Action::Command(
        relmap::ui::commands::UiCommand::DeleteSelected,
    ));
    assert!(
        h.state().document().entity("anas-haqqani").is_some(),
        "not deleted"
    );
    assert!(
        h.state().status().contains("read-only"),
        "{}",
        h.state().status()
    );
    assert!(!h.state().is_dirty());
    Ok(())
}

/// The server stops under an open window: the window says it is offline, an edit stays in the
/// view and Save waits ("Offline: 1 change waiting"); once the server is back, the changes
/// are sent without asking.
#[cfg(feature = "ui")]
fn server_gone_and_back() -> Result<(), Failed> {
    use relmap::model::EntityId;
    use relmap::ui::commands::{Action, Selection, UiCommand};
    use store::window::{wait, window};
    // A cluster of its own: this one is stopped.
    let own = Cluster::start();
    let url = own.database("window_gone");
    store::window::seed(&url);
    let mut h = window(&url, Default::default());
    h.state_mut()
        .apply(Action::PullEntities(vec![EntityId::new("anas-haqqani")]));
    wait(&mut h, "in view", |a| {
        a.document().entity("anas-haqqani").is_some() && !a.case_busy()
    });
    own.crash();
    wait(&mut h, "the window to notice", |a| {
        a.case_status().is_some_and(|s| s.contains("not connected"))
    });
    h.state_mut()
        .apply(Action::Select(Selection::Entity(EntityId::new(
            "anas-haqqani",
        ))));
    h.run_steps(2);
    store::window::rename_selected(&mut h, "Anas Haqqani (while the server was down)");
    h.state_mut().apply(Action::Command(UiCommand::Save));
    wait(&mut h, "the save to wait", |a| {
        !a.case_busy() && a.status().starts_with("Offline")
    });
    assert!(h.state().is_dirty(), "the edit is kept");
    assert_eq!(
        h.state().error_message(),
        None,
        "offline is a state, not an error"
    );
    let short = h.state().case_short_status().unwrap_or_default();
    assert!(short.contains("Offline: 1 change waiting"), "{short}");
    own.start_server();
    wait(&mut h, "the window to reconnect", |a| {
        a.case_status().is_some_and(|s| s.contains(", connected"))
    });
    // The waiting changes go by themselves.
    wait(&mut h, "the save", |a| {
        !a.case_busy() && a.status().starts_with("Saved")
    });
    assert!(
        h.state().case_conflicts().is_empty(),
        "{:?}",
        h.state().case_conflicts()
    );
    assert!(!h.state().is_dirty());
    let mut s = Store::open(&url)?;
    let now = s.export("haqqani")?;
    assert_eq!(
        now.entity("anas-haqqani").map(|e| e.name.as_str()),
        Some("Anas Haqqani (while the server was down)"),
        "the edit is in the case"
    );
    Ok(())
}

/// Case ⏵ Open case…, the server's fields typed one by one, with a password full of the
/// characters a URL reserves: the case opens, and the password is in neither the status,
/// the settings nor the recovery copy.
#[cfg(feature = "ui")]
fn connection_form(c: &Cluster) -> Result<(), Failed> {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use relmap::ui::commands::{Action, UiCommand};
    use relmap::ui::{RelmapApp, Startup};
    use store::window::{H, unsettled_harness, wait};
    const SECRET: &str = "f@rm:pw/1?&x";
    let url = c.database("window_form");
    store::window::seed(&url);
    let db = url.rsplit('/').next().unwrap_or_default().to_owned();
    let port = url
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.split('/').next())
        .unwrap_or_default()
        .to_owned();
    c.admin(&db).batch_execute(&format!(
        "CREATE ROLE form_user LOGIN PASSWORD '{SECRET}'; \
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO form_user; \
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO form_user;"
    ))?;
    let mut app = RelmapApp::with_settings(Startup::Empty, Default::default());
    app.native_dialogs = false;
    let mut h = unsettled_harness(app);
    h.run_steps(3);
    h.state_mut().apply(Action::Command(UiCommand::OpenCase));
    h.run_steps(3);
    h.get_by_label("PostgreSQL server").click();
    h.run_steps(3);
    fn fill(h: &mut H, role: Role, label: &str, text: &str) {
        h.get_by_role_and_label(role, label).focus();
        h.run_steps(2);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run_steps(1);
        h.event(egui::Event::Text(text.to_owned()));
        h.run_steps(2);
    }
    fill(&mut h, Role::TextInput, "Host", "127.0.0.1");
    fill(&mut h, Role::TextInput, "Port", "not a port");
    fill(&mut h, Role::TextInput, "Database", &db);
    fill(&mut h, Role::TextInput, "User", "form_user");
    fill(&mut h, Role::PasswordInput, "Password", SECRET);
    h.get_by_label("Open").click();
    h.run_steps(3);
    // A port that is no number is refused in the form, before anything is sent.
    h.get_by_label_contains("is not a number from 1 to 65535");
    assert!(h.state().case_status().is_none(), "nothing opened");
    fill(&mut h, Role::TextInput, "Port", &port);
    h.get_by_label("Open").click();
    wait(&mut h, "the case opens", |a| {
        a.case_status().is_some_and(|s| s.contains("connected")) && !a.case_busy()
    });
    let status = h.state().case_status().unwrap_or_default();
    assert!(status.contains("form_user:***@127.0.0.1"), "{status}");
    assert!(
        !status.contains("f@rm") && !status.contains("f%40rm"),
        "{status}"
    );
    let settings = serde_json::to_string(h.state().settings())?;
    assert!(
        settings.contains("form_user@127.0.0.1"),
        "the case is recent: {settings}"
    );
    assert!(
        !settings.contains("f%40rm") && !settings.contains("f@rm"),
        "no password in settings: {settings}"
    );
    Ok(())
}

fn tls(c: &Cluster) -> Result<(), Failed> {
    let url = c.database("tls");
    let db = url.rsplit('/').next().unwrap_or_default().to_owned();
    // The owner makes the schema; tls_only reads and writes it.
    drop(scenarios::create(&url));
    c.admin(&db).batch_execute(
        "CREATE ROLE tls_only LOGIN PASSWORD 'tls-pw'; \
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tls_only; \
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tls_only; \
         GRANT TEMPORARY ON DATABASE DBNAME TO tls_only;"
            .replace("DBNAME", &db)
            .as_str(),
    )?;
    // pg_hba.conf lets tls_only in over TLS only (cluster.rs).
    let plain = format!("{}?sslmode=disable", c.url_as("tls_only", "tls-pw", &db));
    let err = Store::open(&plain)
        .err()
        .ok_or("tls_only connected without TLS")?;
    assert_eq!(err.kind, ErrorKind::Connect);
    let secure = format!("{}?sslmode=require", c.url_as("tls_only", "tls-pw", &db));
    let mut s = Store::create(&secure)?;
    scenarios::import(&mut s, "haqqani", &scenarios::bundled());
    assert_eq!(s.cases()?.len(), 1);
    Ok(())
}

fn passwords(c: &Cluster) -> Result<(), Failed> {
    let url = c.database("passwords");
    let db = url.rsplit('/').next().unwrap_or_default().to_owned();
    drop(scenarios::create(&url));
    // A wrong password is refused, and no message shows it.
    let wrong = c.url_as(cluster::ADMIN, "not-the-password", &db);
    let err = Store::open(&wrong)
        .err()
        .ok_or("a wrong password was accepted")?;
    assert_eq!(err.kind, ErrorKind::Connect);
    assert!(!err.to_string().contains("not-the-password"), "{err}");
    assert!(err.to_string().contains("***"), "{err}");
    let bare = format!("postgres://{}@127.0.0.1:{}/{db}", cluster::ADMIN, c.port);
    let relmap = |env: &[(&str, &str)]| {
        let mut cmd = assert_cmd::Command::cargo_bin("relmap").expect("the binary");
        cmd.args(["store", "cases", &bare])
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", "/nonexistent");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("relmap runs")
    };
    let out = relmap(&[]);
    assert!(!out.status.success(), "connected with no password at all");
    let out = relmap(&[("PGPASSWORD", cluster::PASSWORD)]);
    assert!(
        out.status.success(),
        "PGPASSWORD: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir()?;
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!(
            "127.0.0.1:{}:{db}:{}:{}\n",
            c.port,
            cluster::ADMIN,
            cluster::PASSWORD
        ),
    )?;
    let out = relmap(&[("PGPASSFILE", pgpass.to_str().unwrap_or_default())]);
    assert!(
        out.status.success(),
        "pgpass: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = relmap(&[("PGPASSWORD", cluster::PASSWORD)]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains(cluster::PASSWORD),
        "the password was printed: {all}"
    );
    Ok(())
}

fn stopped_mid_apply(_: &Cluster) -> Result<(), Failed> {
    // A cluster of its own: this one is stopped.
    let own = Cluster::start();
    let url = own.database("crash");
    let mut doc = scenarios::bundled();
    for i in 0..20_000 {
        let mut e = doc.entities[0].clone();
        e.id = relmap::model::EntityId::new(format!("bulk-{i}"));
        e.name = format!("Bulk Entity {i}");
        e.position = None;
        doc.entities.push(e);
    }
    let mut s = scenarios::create(&url);
    scenarios::import(&mut s, "big", &doc);
    let before = scenarios::comparable(&s.export("big")?);
    let mut map = s.export("big")?;
    for e in &mut map.entities {
        e.summary = "edited in the apply that the crash stops".into();
    }
    let writer = std::thread::spawn(move || s.apply("big", &map, ApplyMode::AllOrNothing));
    std::thread::sleep(Duration::from_millis(1500));
    own.crash();
    let outcome = writer.join().map_err(|_| "the apply panicked")?;
    let err = outcome
        .err()
        .ok_or("the apply finished before the server stopped: make it bigger")?;
    assert_eq!(err.kind, ErrorKind::Lost, "{err}");
    assert!(
        err.message.contains("nothing of this work was written"),
        "{err}"
    );
    own.start_server();
    let mut s = Store::open(&url)?;
    assert_eq!(
        scenarios::comparable(&s.export("big")?),
        before,
        "half an apply was kept"
    );
    let mut map = s.export("big")?;
    map.entities[0].summary = "after the restart".into();
    let report = s.apply("big", &map, ApplyMode::AllOrNothing)?;
    assert!(report.committed && report.conflicts.is_empty());
    Ok(())
}

fn concurrent_migration(c: &Cluster) -> Result<(), Failed> {
    let url = Arc::new(c.database("migrate"));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || Store::open(&url).map(|mut s| s.schema_version()))
        })
        .collect();
    for t in clients {
        let version = t.join().map_err(|_| "a client panicked")???;
        assert_eq!(version, relmap::store::SCHEMA_VERSION);
    }
    Ok(())
}

fn newer_schema(c: &Cluster) -> Result<(), Failed> {
    let url = c.database("newer");
    drop(scenarios::create(&url));
    let db = url.rsplit('/').next().unwrap_or_default().to_owned();
    c.admin(&db)
        .batch_execute("INSERT INTO relmap_schema (version) VALUES (99)")?;
    let err = Store::open(&url).err().ok_or("a newer schema was opened")?;
    assert_eq!(err.kind, ErrorKind::Schema);
    Ok(())
}

fn command_line(c: &Cluster) -> Result<(), Failed> {
    let url = c.database("cli");
    let dir = tempfile::tempdir()?;
    let map = scenarios::root().join("assets/haqqani_network.json");
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("relmap")
            .expect("the binary")
            .current_dir(dir.path())
            .env("RELMAP_ANALYST", "tester")
            .args(args)
            .output()
            .expect("relmap runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{args:?}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !text.contains(cluster::PASSWORD),
            "the password was printed"
        );
        text
    };
    let map = map.to_str().unwrap_or_default();
    let out = run(&["store", "import", map, "--into", &url, "--case", "haqqani"]);
    assert!(out.contains("added 40 entities"), "{out}");
    let out = run(&[
        "store",
        "search",
        &url,
        "--case",
        "haqqani",
        "sirajudin haqani",
    ]);
    assert!(
        out.lines()
            .next()
            .is_some_and(|l| l.contains("sirajuddin-haqqani")),
        "{out}"
    );
    run(&[
        "store",
        "expand",
        &url,
        "--case",
        "haqqani",
        "sirajuddin-haqqani",
        "-o",
        "s.json",
    ]);
    let path = dir.path().join("s.json");
    let mut doc = relmap::io::load_file(&path)?;
    doc.entity_mut("sirajuddin-haqqani").ok_or("seed")?.summary = "edited".into();
    relmap::io::save_file(&doc, &path)?;
    let out = run(&["store", "apply", &url, "--case", "haqqani", "s.json"]);
    assert!(out.contains("updated 1 entity"), "{out}");
    let out = run(&[
        "store", "export", &url, "--case", "haqqani", "-o", "all.json",
    ]);
    assert!(out.contains("all.json: written"), "{out}");
    let out = run(&["store", "cases", &url]);
    assert!(
        out.starts_with("haqqani\t40 entities, 71 relations, 88 claims, 1 source"),
        "{out}"
    );
    Ok(())
}
