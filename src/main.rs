//! The `relmap` binary: parse the command line, run, turn errors into an exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc keeps freed memory for reuse. The canvas of a large map builds meshes of tens of
/// megabytes every frame, and with the system allocator each one came back from the kernel as
/// fresh pages: zeroing them took longer than drawing (rerun makes the same choice). It is the
/// binary's choice, not the library's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = relmap::Cli::parse();
    match relmap::run(cli) {
        Ok(code) => code,
        Err(err) if relmap::cli::quiet_exit(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("relmap: {err:#}");
            ExitCode::FAILURE
        }
    }
}
