//! The `relmap` binary: parse the command line, run, turn errors into an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = relmap::Cli::parse();
    match relmap::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("relmap: {err:#}");
            ExitCode::FAILURE
        }
    }
}
