//! Fuzz target: any bytes given to the loader either load as a map or are refused with a
//! message; a map that loads saves to text that loads back as the same map.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(doc) = relmap::io::parse_bytes(bytes, "fuzz") {
        let text = relmap::io::to_json_string(&doc);
        let again = relmap::io::parse_bytes(text.as_bytes(), "saved")
            .expect("a map that loaded saves to text that loads");
        assert_eq!(again, doc);
    }
});
