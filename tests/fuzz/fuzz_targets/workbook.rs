//! Fuzz target: any bytes given to the workbook importer (.xlsx, .xlsb, .xls, .ods) are read
//! into a valid map or refused with a message; never a panic, a hang or memory out of bounds
//! (run with `-rss_limit_mb` and `-timeout`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(broken) = relmap::io::formats::check_round_trip(Some(relmap::io::formats::Format::Workbook), bytes) {
        panic!("{broken}");
    }
});
