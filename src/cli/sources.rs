//! The command line's work on sources, quotes and positions: `check --quotes`, `anchor`,
//! `layout`.

use std::process::ExitCode;

use crate::io;

/// `relmap check --quotes`: each quote against its source's text; returns whether all are
/// verified where their anchors say.
pub(super) fn check_quotes(
    path: &std::path::Path,
    doc: &crate::model::Document,
) -> std::io::Result<bool> {
    use crate::query::quotes::{self, QuoteCheck};
    let checks = quotes::check_all(doc);
    let mut ok = 0;
    let mut unchecked = 0;
    let mut bad = 0;
    for c in &checks {
        match &c.check {
            check if check.is_verified() => ok += 1,
            QuoteCheck::NoText => unchecked += 1,
            check => {
                bad += 1;
                let r = &doc.relations[c.relation];
                eprintln!(
                    "{}: relation \"{}\" claim {}: {}",
                    path.display(),
                    r.id,
                    c.claim + 1,
                    check.describe()
                );
            }
        }
    }
    let verdict = if bad == 0 { "ok" } else { "failed" };
    outln!(
        "{}: quotes {verdict}: {ok} verified, {bad} not, {unchecked} without a source text",
        path.display()
    )?;
    Ok(bad == 0)
}

/// `relmap anchor`: anchors the quotes found in their sources and writes the map.
pub(super) fn anchor(
    file: &std::path::Path,
    output: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    use crate::query::quotes::{self, QuoteCheck};
    let mut doc = io::load_file(file)?;
    let set = quotes::anchor_all(&mut doc);
    let missing: Vec<_> = quotes::check_all(&doc)
        .into_iter()
        .filter(|c| matches!(c.check, QuoteCheck::Mismatch { .. }))
        .collect();
    for c in &missing {
        eprintln!(
            "{}: relation \"{}\" claim {}: {}",
            file.display(),
            doc.relations[c.relation].id,
            c.claim + 1,
            c.check.describe()
        );
    }
    let out = output.unwrap_or(file);
    io::save_file(&doc, out)?;
    outln!(
        "{}: {set} quotes anchored, {} not found in their source",
        out.display(),
        missing.len()
    )?;
    Ok(if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Up to this many entities `relmap layout` measures the stress of every pair.
const EXACT_STRESS_UP_TO: usize = 5000;
/// Above it, the stress is estimated from the pairs of this many entities.
const STRESS_SAMPLE: usize = 300;

/// `relmap layout`: positions for every unpinned entity, by `algorithm`, written with the map.
pub(super) fn lay_out(
    file: &std::path::Path,
    output: &std::path::Path,
    algorithm: &str,
    choice: &crate::arrange::Choice,
    seed: u64,
) -> anyhow::Result<()> {
    use crate::layout::arrange::Algorithm;
    use crate::layout::{LayoutParams, stress};
    use crate::model::Position;
    let algorithm = Algorithm::from_name(algorithm)
        .ok_or_else(|| anyhow::anyhow!("there is no layout called \"{algorithm}\""))?;
    let mut doc = io::formats::open_file(file)?.doc;
    if let Some(id) = &choice.centre
        && doc.entity_index(id.as_str()).is_none()
    {
        anyhow::bail!(
            "{}: there is no entity \"{id}\" to centre on",
            file.display()
        );
    }
    // Only pinned entities' positions count: every other entity is placed again.
    let current: Vec<Option<[f32; 2]>> = doc
        .entities
        .iter()
        .map(|e| e.position.as_ref().map(Position::to_f32))
        .collect();
    if algorithm != Algorithm::Tidy {
        for e in &mut doc.entities {
            if !e.pinned {
                e.position = None;
            }
        }
    }
    let positions = crate::arrange::positions(
        &doc,
        &if algorithm == Algorithm::Tidy {
            current
        } else {
            Vec::new()
        },
        algorithm,
        choice,
        LayoutParams::default(),
        seed,
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    for (e, p) in doc.entities.iter_mut().zip(&positions) {
        if !e.pinned {
            e.position = Some(Position::from_f32(*p).rounded());
        }
    }
    io::save_file(&doc, output)?;
    let links: Vec<(usize, usize)> = doc.relation_ends().into_iter().flatten().collect();
    // Every pair costs too much on a large map: estimate from pairs of a spread sample.
    let measure = if positions.len() > EXACT_STRESS_UP_TO {
        let s = stress::normalised_stress_sampled(&positions, &links, STRESS_SAMPLE);
        format!("≈ {s:.3}, from {STRESS_SAMPLE} entities' pairs")
    } else {
        format!("{:.3}", stress::normalised_stress(&positions, &links))
    };
    outln!(
        "{}: {} entities laid out ({}), normalised stress {measure}",
        output.display(),
        doc.entities.len(),
        algorithm.name(),
    )?;
    Ok(())
}
