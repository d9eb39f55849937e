//! The stable-toolchain stand-in for the fuzz targets in `tests/fuzz` (which need nightly):
//! the loader is run on every file of the fuzz corpus, and on many mutations of each (bytes
//! flipped, cut, repeated, spliced), with the fuzz target's own check: a file either loads or
//! is refused with a message, never a panic, and a map that loads saves to text that loads back
//! as the same map.

use std::path::PathBuf;

use proptest::prelude::*;
use relmap::io;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus/load");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// What `tests/fuzz/fuzz_targets/load.rs` checks.
fn check(bytes: &[u8]) -> Result<(), String> {
    match io::parse_bytes(bytes, "fuzz") {
        Err(e) => {
            let message = e.to_string();
            if message.starts_with("fuzz") {
                Ok(())
            } else {
                Err(format!("a refusal that does not name the file: {message}"))
            }
        }
        Ok(doc) => {
            let text = io::to_json_string(&doc);
            let again = io::parse_bytes(text.as_bytes(), "saved")
                .map_err(|e| format!("a loaded map saved to text that does not load: {e}"))?;
            if again == doc {
                Ok(())
            } else {
                Err("a loaded map came back different from its saved text".into())
            }
        }
    }
}

#[test]
fn every_corpus_file_loads_and_round_trips() {
    let files = corpus();
    assert!(files.len() >= 3, "the corpus is seeded");
    for (name, bytes) in files {
        assert!(
            io::parse_bytes(&bytes, &name).is_ok(),
            "{name} is a valid map"
        );
        check(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Remove(usize, usize),
    Insert(usize, Vec<u8>),
    Repeat(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop::sample::select(vec![
        b"\"".to_vec(),
        b"{".to_vec(),
        b"}]".to_vec(),
        b",".to_vec(),
        b"null".to_vec(),
        b"1e999".to_vec(),
        b"-0".to_vec(),
        b"18446744073709551616".to_vec(),
        b"\"\\uFFFF\"".to_vec(),
        b"\"\\ud800\"".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        b"\xFF\xFE".to_vec(),
        b"\"2019-02-30\"".to_vec(),
        b"\"-0000\"".to_vec(),
        b"{\"x\": 1e30, \"y\": 0}".to_vec(),
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Remove(i, n)),
        (any::<usize>(), interesting).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Mutation::Repeat(i, n)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if let Some(slot) = bytes.get_mut(i % len) {
                    *slot ^= b | 1;
                }
            }
            Mutation::Cut(i) => bytes.truncate(i % len),
            Mutation::Remove(i, n) => {
                let at = (i % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Insert(i, b) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Repeat(i, n) => {
                let at = (i % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn mutated_corpus_files_load_or_are_refused_never_panic(
        pick in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let files = corpus();
        let (_, bytes) = &files[pick % files.len()];
        let mutated = mutate(bytes.clone(), &mutations);
        check(&mutated).map_err(TestCaseError::fail)?;
    }
}
