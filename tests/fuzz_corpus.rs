//! The stable-toolchain stand-in for the fuzz targets in `tests/fuzz` (which need nightly):
//! the loader and each importer are run on every file of their fuzz corpus, and on many
//! mutations of each (bytes flipped, cut, repeated, spliced), with the fuzz targets' own check
//! (`io::formats::check_round_trip`): a file either gives a valid map or is refused with a
//! message, never a panic, and a map that was read saves to text that loads back as the same
//! map.

use std::path::PathBuf;

use proptest::prelude::*;
use relmap::io::formats::{self, Format};

/// Each fuzz target's corpus, and the format it reads (`None`: found from the content).
const TARGETS: [(&str, Option<Format>); 7] = [
    ("load", None),
    ("graphml", Some(Format::GraphMl)),
    ("gexf", Some(Format::Gexf)),
    ("nodelink", Some(Format::NodeLink)),
    ("table", Some(Format::Csv)),
    ("ftm", Some(Format::FollowTheMoney)),
    ("stix", Some(Format::Stix)),
];

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
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

#[test]
fn every_corpus_file_reads_and_round_trips() {
    for (target, format) in TARGETS {
        let files = corpus(target);
        assert!(!files.is_empty(), "the {target} corpus is seeded");
        for (name, bytes) in files {
            let read = match format {
                Some(f) => formats::read_as(f, &bytes, &name),
                None => formats::open_bytes(&bytes, &name, None),
            };
            assert!(read.is_ok(), "{target}/{name} reads: {:?}", read.err());
            formats::check_round_trip(format, &bytes)
                .unwrap_or_else(|e| panic!("{target}/{name}: {e}"));
        }
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
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mutated_corpus_files_read_or_are_refused_never_panic(
        target in 0..TARGETS.len(),
        pick in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let (name, format) = TARGETS[target];
        let files = corpus(name);
        let (_, bytes) = &files[pick % files.len()];
        let mutated = mutate(bytes.clone(), &mutations);
        formats::check_round_trip(format, &mutated).map_err(TestCaseError::fail)?;
    }
}
