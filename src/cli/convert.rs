//! `relmap convert`: a map from any format relmap reads to any it writes, tables read with
//! the columns named, and an organisation's members grouped on the way when asked.

use std::path::PathBuf;

use anyhow::Context as _;

use super::{ConvertArgs, print_report, totals};
use crate::io;

/// `relmap convert`: read any format, write the one the output's extension names.
pub(super) fn convert(args: &ConvertArgs) -> anyhow::Result<()> {
    use io::formats::{self, OutFormat, table};
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let format = OutFormat::from_extension(ext, args.node_link).ok_or_else(|| {
        anyhow::anyhow!(
            "cannot tell the format of {} from its extension: use .json (relmap, or node-link \
             with --node-link), .graphml, .gexf or .csv",
            args.output.display()
        )
    })?;
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a == b || std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok() && b.exists()
    };
    if same(&args.input, &args.output) {
        anyhow::bail!(
            "{} is the file being read: write the converted map to another file",
            args.output.display()
        );
    }
    let columns = table::Columns {
        id: args.id_column.clone(),
        name: args.name_column.clone(),
        kind: args.kind_column.clone(),
        source: args.source_column.clone(),
        target: args.target_column.clone(),
    };
    let read = |path: &PathBuf| {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let input = args.input.display().to_string();
    let opened = if let Some(edges) = &args.edges {
        let map = args
            .map
            .as_ref()
            .map(|p| Ok::<_, anyhow::Error>((read(p)?, p.display().to_string())))
            .transpose()?;
        formats::read_tables(
            (&read(&args.input)?, &input),
            (&read(edges)?, &edges.display().to_string()),
            map.as_ref()
                .map(|(bytes, name)| (bytes.as_slice(), name.as_str())),
            &columns,
        )?
    } else if columns != table::Columns::default() {
        formats::read_table(&read(&args.input)?, &input, &columns)?
    } else {
        formats::open_file(&args.input)?
    };
    print_report(&args.input, &opened);
    let mut opened = opened;
    if args.group_members {
        match crate::edit::grouping::group_by_membership(&opened.doc) {
            Some(made) => {
                made.edit
                    .apply(&mut opened.doc)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", args.input.display()))?;
                outln!(
                    "{}: {} group(s) of members{}",
                    args.input.display(),
                    made.groups,
                    if made.skipped > 0 {
                        format!(
                            ", {} member(s) left in the group they were in",
                            made.skipped
                        )
                    } else {
                        String::new()
                    }
                )?;
            }
            None => outln!(
                "{}: no organisation has two members to group",
                args.input.display()
            )?,
        }
    }
    let written = formats::write_file(&opened.doc, &args.output, format)?;
    let t = totals(&opened.doc);
    for path in written {
        outln!(
            "{}: written ({}, {})",
            path.display(),
            format.name(),
            t.describe()
        )?;
    }
    Ok(())
}
