//! The command line: `relmap [FILE]` opens the window, `relmap check FILE...` validates maps
//! without one.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::io;
use crate::query::totals;
use crate::ui::Startup;

#[derive(Debug, Parser)]
#[command(
    name = "relmap",
    version,
    about = "Map networks of people and groups, and who says what about them.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A map file (.json) to open. Without one, relmap opens the bundled Haqqani network map.
    pub file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check map files without opening a window: print every problem, exit non-zero on any.
    Check {
        /// The map files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Check { files }) => Ok(check(&files)),
        None => {
            let startup = match cli.file {
                Some(path) => {
                    let doc = io::load_file(&path)?;
                    Startup::File {
                        path,
                        doc: Box::new(doc),
                    }
                }
                None => Startup::Bundled,
            };
            crate::ui::run_native(startup).context("the window could not be opened")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `relmap check`: one line per good file on stdout, every problem on stderr.
fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in files {
        match io::load_file(path) {
            Ok(doc) => {
                let t = totals(&doc);
                println!(
                    "{}: ok ({} entities, {} relations, {} claims, {} sources)",
                    path.display(),
                    t.entities,
                    t.relations,
                    t.claims,
                    t.sources
                );
            }
            Err(err) => {
                failed = true;
                eprintln!("{err}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
