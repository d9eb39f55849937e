//! Fuzz target: any bytes given to the loader (which finds the format from the content) give a
//! valid map or a refusal with a message, never a panic; a map that was read saves to text that
//! loads back as the same map.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(broken) = relmap::io::formats::check_round_trip(None, bytes) {
        panic!("{broken}");
    }
});
