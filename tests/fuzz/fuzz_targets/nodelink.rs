//! Fuzz target: any bytes given to the nodelink importer are read into a valid map or refused with
//! a message; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(broken) = relmap::io::formats::check_round_trip(Some(relmap::io::formats::Format::NodeLink), bytes) {
        panic!("{broken}");
    }
});
