//! The log a bug report attaches: a file per session, `RELMAP_LOG` for more, and a panic hook
//! that writes the panic and what the user was doing. Each case runs in a child process (this
//! test binary again), since a panic hook and a log are for the whole process.

use std::path::Path;
use std::process::Command;

const CHILD: &str = "RELMAP_LOGGING_TEST_DIR";

/// Runs test `name` of this binary in a child process that logs to `dir`.
fn child(name: &str, dir: &Path, level: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, dir)
        .env_remove(relmap::logging::ENV);
    if let Some(level) = level {
        cmd.env(relmap::logging::ENV, level);
    }
    cmd.output().unwrap()
}

fn the_log(dir: &Path) -> String {
    let logs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "one log for the session: {logs:?}");
    std::fs::read_to_string(&logs[0]).unwrap()
}

#[test]
fn a_panic_is_logged_with_what_the_user_was_doing_and_the_user_is_told_where() {
    if let Some(dir) = std::env::var_os(CHILD) {
        let path = relmap::logging::init_window(Some(dir.into())).expect("a log file");
        assert_eq!(relmap::logging::log_path(), Some(path.as_path()));
        relmap::logging::doing("command Save");
        panic!("a deliberate bug");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = child(
        "a_panic_is_logged_with_what_the_user_was_doing_and_the_user_is_told_where",
        dir.path(),
        None,
    );
    assert!(!out.status.success());
    let log = the_log(dir.path());
    for part in [
        "relmap started",
        "relmap stopped because of a bug",
        "a deliberate bug",
        "command Save",
        "tests/logging.rs",
    ] {
        assert!(log.contains(part), "the log has {part:?}:\n{log}");
    }
    assert!(
        !log.contains("DEBUG"),
        "without RELMAP_LOG, debug lines are left out"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("It was: command Save") && stderr.contains("The log is"),
        "{stderr}"
    );
}

#[test]
fn relmap_log_asks_for_more() {
    if let Some(dir) = std::env::var_os(CHILD) {
        relmap::logging::init_window(Some(dir.into())).expect("a log file");
        relmap::logging::doing("opening a file");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = child("relmap_log_asks_for_more", dir.path(), Some("debug"));
    assert!(out.status.success());
    let log = the_log(dir.path());
    assert!(
        log.contains("DEBUG") && log.contains("opening a file"),
        "{log}"
    );
}
