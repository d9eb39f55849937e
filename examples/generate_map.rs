//! Writes a large synthetic map for trying relmap at scale:
//! `cargo run --release --example generate_map -- 100000 big.json [SEED [CLAIMS]]`, where
//! CLAIMS is the number of claims on every relation (none by default).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (
        args.first().and_then(|s| s.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: generate_map ENTITIES OUT.json [SEED [CLAIMS_PER_RELATION]]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let claims = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let doc = if claims == 0 {
        relmap::io::generate::chain_map(n, seed)
    } else {
        relmap::io::generate::claimed_chain_map(n, seed, claims)
    };
    match relmap::io::save_file(&doc, &PathBuf::from(out)) {
        Ok(_) => {
            println!(
                "{out}: {} entities, {} relations",
                doc.entities.len(),
                doc.relations.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
