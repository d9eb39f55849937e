//! The stable-toolchain stand-in for the fuzz targets in `tests/fuzz` (which need nightly):
//! the loader and each importer are run on every file of their fuzz corpus, and on many
//! mutations of each (bytes flipped, cut, repeated, spliced), with the fuzz targets' own check
//! (`io::formats::check_round_trip`): a file either gives a valid map or is refused with a
//! message, never a panic, and a map that was read saves to text that loads back as the same
//! map. Workbooks are also mutated by their structure: a zip's entries (an XML part's text
//! mutated, entries dropped, doubled, renamed, stored, or declared at another size) and a
//! compound file's sector numbers (the header's FAT and directory, the FAT's chains, the
//! directory's streams), so that mutations reach calamine's parsers past the checksums.

mod hostile;

use std::io::Read as _;
use std::path::PathBuf;

use proptest::prelude::*;
use relmap::io::formats::{self, Format};

/// Each fuzz target's corpus, and the format it reads (`None`: found from the content).
const TARGETS: [(&str, Option<Format>); 8] = [
    ("load", None),
    ("graphml", Some(Format::GraphMl)),
    ("gexf", Some(Format::Gexf)),
    ("nodelink", Some(Format::NodeLink)),
    ("table", Some(Format::Csv)),
    ("ftm", Some(Format::FollowTheMoney)),
    ("stix", Some(Format::Stix)),
    ("workbook", Some(Format::Workbook)),
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

/// A zip's entries as (name, content).
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (name, content)
        })
        .collect()
}

/// A change to a zip's entries.
#[derive(Debug, Clone)]
enum EntryMutation {
    /// The text of one entry, mutated as bytes.
    Content(usize, Vec<Mutation>),
    Drop(usize),
    Double(usize),
    /// One entry takes another's name.
    Rename(usize, usize),
    Store(usize),
    /// One entry declares this many bytes.
    Declare(usize, u32),
}

fn entry_mutation() -> impl Strategy<Value = EntryMutation> {
    prop_oneof![
        4 => (any::<usize>(), prop::collection::vec(mutation(), 1..4))
            .prop_map(|(i, m)| EntryMutation::Content(i, m)),
        1 => any::<usize>().prop_map(EntryMutation::Drop),
        1 => any::<usize>().prop_map(EntryMutation::Double),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| EntryMutation::Rename(a, b)),
        1 => any::<usize>().prop_map(EntryMutation::Store),
        1 => (any::<usize>(), prop::sample::select(vec![0u32, 1, 100, u32::MAX]))
            .prop_map(|(i, n)| EntryMutation::Declare(i, n)),
    ]
}

/// The zip `bytes` written again with `mutations` made to its entries.
fn mutate_zip(bytes: &[u8], mutations: &[EntryMutation]) -> Vec<u8> {
    let mut entries: Vec<hostile::Entry> = unzip(bytes)
        .into_iter()
        .map(|(name, content)| hostile::Entry::deflated(&name, &content))
        .collect();
    let mut contents: Vec<Vec<u8>> = unzip(bytes).into_iter().map(|(_, c)| c).collect();
    for m in mutations {
        let n = entries.len().max(1);
        match m {
            EntryMutation::Content(i, bytes) if !entries.is_empty() => {
                let i = i % n;
                contents[i] = mutate(contents[i].clone(), bytes);
                entries[i] = hostile::Entry::deflated(&entries[i].name, &contents[i]);
            }
            EntryMutation::Drop(i) if !entries.is_empty() => {
                entries.remove(i % n);
                contents.remove(i % n);
            }
            EntryMutation::Double(i) if !entries.is_empty() => {
                let e = hostile::Entry::deflated(&entries[i % n].name, &contents[i % n]);
                entries.push(e);
                contents.push(contents[i % n].clone());
            }
            EntryMutation::Rename(a, b) if !entries.is_empty() => {
                entries[a % n].name = entries[b % n].name.clone();
            }
            EntryMutation::Store(i) if !entries.is_empty() => {
                entries[i % n] = hostile::Entry::stored(&entries[i % n].name, &contents[i % n]);
            }
            EntryMutation::Declare(i, size) if !entries.is_empty() => entries[i % n].size = *size,
            _ => {}
        }
    }
    hostile::zip(&entries)
}

/// The values a sector number is set to: the first sectors, the end of the file and past it,
/// and the markers.
fn sector_numbers(sectors: u32) -> Vec<u32> {
    vec![
        0,
        1,
        2,
        sectors.saturating_sub(1),
        sectors,
        sectors + 1,
        0x7FFF_FFFF,
        hostile::FATSECT,
        hostile::ENDOFCHAIN,
        hostile::FREESECT,
    ]
}

/// The places in a compound file where a sector number or a size is kept: the header's FAT
/// count, first directory, mini FAT and DIFAT fields, the first FAT's first 32 entries, and
/// each directory entry's start and size (in the first directory sector).
fn sector_slots(cfb: &[u8]) -> Vec<usize> {
    let mut slots = vec![44, 48, 60, 64, 68, 76, 80];
    let read32 = |at: usize| u32::from_le_bytes(cfb[at..at + 4].try_into().unwrap());
    let sector = |id: u32| 512 + 512 * id as usize;
    let fat = sector(read32(76));
    if fat + 512 <= cfb.len() {
        slots.extend((0..32).map(|i| fat + 4 * i));
    }
    let dir = sector(read32(48));
    if dir + 512 <= cfb.len() {
        for entry in 0..4 {
            slots.extend([dir + 128 * entry + 116, dir + 128 * entry + 120]);
        }
    }
    slots
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn workbooks_mutated_by_their_structure_read_or_are_refused_never_panic(
        pick in any::<usize>(),
        entry_mutations in prop::collection::vec(entry_mutation(), 1..4),
        slot_changes in prop::collection::vec((any::<usize>(), any::<usize>()), 1..4),
    ) {
        let files = corpus("workbook");
        let (_, bytes) = &files[pick % files.len()];
        let mutated = if bytes.starts_with(b"PK") {
            mutate_zip(bytes, &entry_mutations)
        } else {
            let mut cfb = bytes.clone();
            let slots = sector_slots(&cfb);
            let values = sector_numbers((cfb.len() / 512) as u32);
            for (slot, value) in &slot_changes {
                let at = slots[slot % slots.len()];
                cfb[at..at + 4].copy_from_slice(&values[value % values.len()].to_le_bytes());
            }
            cfb
        };
        formats::check_round_trip(Some(Format::Workbook), &mutated).map_err(TestCaseError::fail)?;
    }
}
