//! Saving: atomic, permission-preserving, and clear when it cannot.

use std::fs;
use std::io::Write;

use relmap::io::{self, SaveError};

fn file_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn save_then_load_gives_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    let doc = io::bundled_map().unwrap();
    io::save_file(&doc, &path).unwrap();
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
fn saving_over_a_read_only_file_fails_and_leaves_it_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.json");
    fs::write(&path, "locked").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let err = io::save_file(&io::bundled_map().unwrap(), &path).unwrap_err();
    assert!(matches!(err, SaveError::ReadOnly { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("locked.json: the file is read-only"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "locked");
}

#[test]
fn saving_into_a_missing_folder_fails_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/folder/map.json");
    let err = io::save_file(&io::bundled_map().unwrap(), &path).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("cannot save {}: ", path.display())),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_files_permissions_and_gives_new_files_ordinary_ones() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let doc = io::bundled_map().unwrap();
    let existing = dir.path().join("shared.json");
    fs::write(&existing, "old").unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o664)).unwrap();
    io::save_file(&doc, &existing).unwrap();
    assert_eq!(
        fs::metadata(&existing).unwrap().permissions().mode() & 0o777,
        0o664
    );

    let fresh = dir.path().join("fresh.json");
    io::save_file(&doc, &fresh).unwrap();
    assert_eq!(
        fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        0o644
    );
}
