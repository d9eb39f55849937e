//! Saving under faults: whatever goes wrong, the file that was there stays whole, nothing is
//! left behind, and the message names the file.
//!
//! Faults a test cannot cause in its own process run in a child process, which is this same
//! test binary started again on one of the `child_*` entry points below: a kill in the middle
//! of a write, a file-size limit standing in for a full disk, and (when the tests run as root,
//! who may write anywhere) the read-only cases, run as the unprivileged user `nobody`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use relmap::io::{self, SaveError};

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".relmap-save-") && n.ends_with(".tmp"))
        })
        .collect()
}

fn map() -> relmap::model::Document {
    io::bundled_map().unwrap()
}

// ---- Child processes -------------------------------------------------------------------

/// The arguments that make the test binary run only the child entry point `name`.
fn child_args(name: &str) -> [&str; 5] {
    [
        name,
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]
}

/// The test binary again, running only the child entry point `name`.
fn child(name: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(child_args(name));
    cmd
}

/// `child_save` of `path`, started by `sh` after `setup` (a shell command).
fn save_after(setup: &str, path: &Path) -> String {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{setup}; exec \"$0\" \"$@\""))
        .arg(std::env::current_exe().unwrap())
        .args(child_args("child_save"))
        .env("RELMAP_CHILD_SAVE", path)
        .output()
        .unwrap();
    child_says(&output)
}

/// What a child said on its `CHILD:` line.
fn child_says(output: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|l| l.split_once("CHILD: ").map(|(_, said)| said))
        .unwrap_or_else(|| {
            panic!(
                "the child said nothing: {stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
        .to_owned()
}

/// Saves the bundled map to `$RELMAP_CHILD_SAVE` and says how it went.
#[test]
#[ignore = "a child process of the fault tests, not a test of its own"]
fn child_save() {
    let Ok(path) = std::env::var("RELMAP_CHILD_SAVE") else {
        return;
    };
    match io::save_file(&map(), Path::new(&path)) {
        Ok(_) => println!("CHILD: saved"),
        Err(e) => println!("CHILD: {e}"),
    }
}

/// Starts writing `$RELMAP_CHILD_HANG`, says so through the file `$RELMAP_CHILD_READY`, and
/// waits to be killed in the middle of the write.
#[test]
#[ignore = "a child process of the fault tests, not a test of its own"]
fn child_hang() {
    let (Ok(path), Ok(ready)) = (
        std::env::var("RELMAP_CHILD_HANG"),
        std::env::var("RELMAP_CHILD_READY"),
    ) else {
        return;
    };
    let _ = io::atomic_write(Path::new(&path), |f| {
        f.write_all(b"{ \"format\": \"relmap\", half a map")?;
        f.sync_all()?;
        fs::write(&ready, "writing")?;
        std::thread::sleep(Duration::from_secs(120));
        Ok(())
    });
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Saves to `path` in a child process that the system does not let write everywhere: as
/// `nobody` when the tests run as root, as this user otherwise.
fn save_unprivileged(path: &Path) -> String {
    let mut cmd = if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(std::env::current_exe().unwrap())
            .args(child_args("child_save"));
        cmd
    } else {
        child("child_save")
    };
    let output = cmd.env("RELMAP_CHILD_SAVE", path).output().unwrap();
    child_says(&output)
}

/// A folder `nobody` can enter.
fn shared_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

#[cfg(unix)]
fn chown_nobody(path: &Path) {
    std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
}

// ---- The tests -------------------------------------------------------------------------

#[test]
fn save_then_load_gives_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    let doc = map();
    let written = io::save_file(&doc, &path).unwrap();
    assert_eq!(written.file, path);
    assert_eq!(io::load_file(&path).unwrap(), doc);
    assert_eq!(
        file_names(dir.path()),
        ["map.json"],
        "no temporary file is left behind"
    );
}

#[test]
fn a_failed_write_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    fs::write(&path, "the user's precious map").unwrap();
    let err = io::atomic_write(&path, |f| {
        f.write_all(b"{ half a fi")?;
        Err(std::io::Error::other("disk full"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("disk full"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "the user's precious map"
    );
    assert_eq!(
        file_names(dir.path()),
        ["map.json"],
        "the temporary file is removed"
    );
}

#[cfg(unix)]
#[test]
fn a_full_disk_leaves_the_old_file_intact() {
    // A file-size limit makes writes fail part-way, as a full disk does; with SIGXFSZ ignored
    // the write returns an error instead of killing the process.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    fs::write(&path, "the user's precious map").unwrap();
    let said = save_after("trap '' XFSZ; ulimit -f 16", &path);
    assert!(
        said.starts_with(&format!("cannot save {}: ", path.display())),
        "{said}"
    );
    assert!(said.contains("too large"), "the system's reason: {said}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "the user's precious map"
    );
    assert_eq!(file_names(dir.path()), ["map.json"]);
}

#[cfg(unix)]
#[test]
fn a_kill_in_the_middle_of_a_save_leaves_the_old_file_and_the_next_save_tidies_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    let ready = dir.path().join("ready");
    fs::write(&path, "the user's precious map").unwrap();
    let mut hanging = child("child_hang")
        .env("RELMAP_CHILD_HANG", &path)
        .env("RELMAP_CHILD_READY", &ready)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = SystemTime::now();
    while !ready.exists() {
        assert!(
            started.elapsed().unwrap() < Duration::from_secs(60),
            "the child never started writing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    hanging.kill().unwrap();
    hanging.wait().unwrap();
    fs::remove_file(&ready).unwrap();

    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "the user's precious map",
        "killed mid-write, the old file is whole"
    );
    let left = temporaries(dir.path());
    assert_eq!(left.len(), 1, "the killed save left its temporary file");

    // Just left: another save in that folder might still be starting; it is kept.
    io::save_file(&map(), &dir.path().join("other.json")).unwrap();
    assert_eq!(temporaries(dir.path()), left);

    // Idle for minutes and held by no process: the next save removes it.
    let old = SystemTime::now() - Duration::from_secs(600);
    fs::File::options()
        .write(true)
        .open(&left[0])
        .unwrap()
        .set_modified(old)
        .unwrap();
    io::save_file(&map(), &path).unwrap();
    assert!(temporaries(dir.path()).is_empty());
    assert_eq!(io::load_file(&path).unwrap(), map());
}

#[cfg(unix)]
#[test]
fn a_temporary_file_a_live_save_holds_is_never_removed() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join(".relmap-save-live01.tmp");
    let held = fs::File::create(&live).unwrap();
    held.set_modified(SystemTime::now() - Duration::from_secs(600))
        .unwrap();
    held.lock().unwrap();
    io::save_file(&map(), &dir.path().join("map.json")).unwrap();
    assert!(
        live.exists(),
        "a locked temporary file belongs to a save under way"
    );
    drop(held);
    io::save_file(&map(), &dir.path().join("map.json")).unwrap();
    assert!(!live.exists());
}

#[cfg(unix)]
#[test]
fn saving_over_a_read_only_file_fails_and_leaves_it_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = shared_tempdir();
    chown_nobody(dir.path()); // The folder is writable: only the file forbids the save.
    let path = dir.path().join("locked.json");
    fs::write(&path, "locked").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let said = save_unprivileged(&path);
    assert!(
        said.ends_with("locked.json: the file is read-only"),
        "{said}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "locked");
    assert_eq!(file_names(dir.path()), ["locked.json"]);
}

#[cfg(unix)]
#[test]
fn saving_into_a_read_only_folder_fails_and_leaves_the_file_alone() {
    let dir = shared_tempdir(); // rwxr-xr-x, owned by the test's user: nobody cannot add files.
    let path = dir.path().join("map.json");
    fs::write(&path, "the user's precious map").unwrap();
    chown_nobody(&path); // The file itself is writable.
    let said = save_unprivileged(&path);
    assert!(
        said.starts_with(&format!("cannot save {}: ", path.display())),
        "{said}"
    );
    assert!(said.contains("ermission denied"), "{said}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "the user's precious map"
    );
    assert_eq!(file_names(dir.path()), ["map.json"]);
}

#[test]
fn saving_into_a_missing_folder_fails_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/folder/map.json");
    let err = io::save_file(&map(), &path).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("cannot save {}: ", path.display())),
        "{err}"
    );
}

#[test]
fn saving_over_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = io::save_file(&map(), dir.path()).unwrap_err();
    assert!(matches!(err, SaveError::NotAFile { .. }), "{err:?}");
}

#[cfg(unix)]
#[test]
fn saving_through_a_symbolic_link_writes_the_real_file_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("maps");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("real.json");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("maps/real.json", &link).unwrap();
    let chain = dir.path().join("chain.json");
    std::os::unix::fs::symlink(&link, &chain).unwrap();

    let written = io::save_file(&map(), &chain).unwrap();
    assert_eq!(written.file, real_dir.join("real.json"));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(&chain)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(io::load_file(&real).unwrap(), map());
    assert_eq!(
        file_names(&real_dir),
        ["real.json"],
        "the temporary file went beside the real one"
    );

    // A dangling link names the file to create.
    let dangling = dir.path().join("new-link.json");
    std::os::unix::fs::symlink("maps/new.json", &dangling).unwrap();
    io::save_file(&map(), &dangling).unwrap();
    assert!(real_dir.join("new.json").is_file());
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn saving_a_hard_linked_file_says_the_other_names_keep_the_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    let other = dir.path().join("backup-name.json");
    fs::write(&path, "old").unwrap();
    fs::hard_link(&path, &other).unwrap();
    let written = io::save_file(&map(), &path).unwrap();
    assert_eq!(written.other_hard_links, 1);
    assert_eq!(io::load_file(&path).unwrap(), map());
    assert_eq!(
        fs::read_to_string(&other).unwrap(),
        "old",
        "nothing is lost: the other name keeps what it had"
    );
    assert_eq!(io::save_file(&map(), &path).unwrap().other_hard_links, 0);
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_files_permissions_and_gives_new_files_what_the_umask_gives() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let doc = map();
    let existing = dir.path().join("shared.json");
    fs::write(&existing, "old").unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o660)).unwrap();
    io::save_file(&doc, &existing).unwrap();
    assert_eq!(
        fs::metadata(&existing).unwrap().permissions().mode() & 0o777,
        0o660
    );

    // Whatever this process's umask is, a new map gets what any new file gets.
    let ordinary = dir.path().join("ordinary");
    fs::File::create(&ordinary).unwrap();
    let expected = fs::metadata(&ordinary).unwrap().permissions().mode() & 0o777;
    let fresh = dir.path().join("fresh.json");
    io::save_file(&doc, &fresh).unwrap();
    assert_eq!(
        fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        expected
    );
}

#[cfg(unix)]
#[test]
fn a_new_file_honours_a_private_umask() {
    // A child with umask 077: a sensitive map is not world-readable.
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.json");
    assert_eq!(save_after("umask 077", &path), "saved");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}
