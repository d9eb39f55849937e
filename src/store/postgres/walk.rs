//! The reads of an expansion in PostgreSQL: links by either end, kinds, what lies past a
//! walk's edge, and the counts kept of hubs. Lists of ids are one array parameter each.

use super::super::Result;
use super::super::engine::{Beyond, Counting, KindCount, Link, Past};
use super::{Postgres, col};

fn link(r: &postgres::Row, first: usize) -> Result<Link> {
    Ok(Link {
        id: col(r, first)?,
        from: col(r, first + 1)?,
        to: col(r, first + 2)?,
        kind: col(r, first + 3)?,
    })
}

pub(super) fn links(
    db: &mut Postgres,
    case: i64,
    ids: &[String],
    kinds: &[String],
) -> Result<Vec<Link>> {
    // As in SQLite, two statements: "no kinds or these kinds" would make a generic plan that
    // cannot look the ends up.
    let rows = if kinds.is_empty() {
        db.query(
            "SELECT id, from_id, to_id, kind FROM relations WHERE case_id = $1 \
               AND from_id = ANY($2) \
             UNION ALL SELECT id, from_id, to_id, kind FROM relations WHERE case_id = $1 \
               AND to_id = ANY($2) ",
            &[&case, &ids],
            "cannot expand",
        )?
    } else {
        db.query(
            "SELECT id, from_id, to_id, kind FROM relations WHERE case_id = $1 \
               AND from_id = ANY($2) AND kind = ANY($3) \
             UNION ALL SELECT id, from_id, to_id, kind FROM relations WHERE case_id = $1 \
               AND to_id = ANY($2) AND kind = ANY($3) ",
            &[&case, &ids, &kinds],
            "cannot expand",
        )?
    };
    // UNION ALL, not UNION: SQLite would read every relation of the case to merge two
    // sorted halves. A relation from an entity to another of `ids` comes twice.
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let link = link(r, 0)?;
        if seen.insert(link.id.clone()) {
            out.push(link);
        }
    }
    Ok(out)
}

pub(super) fn links_among(db: &mut Postgres, case: i64, ids: &[String]) -> Result<Vec<Link>> {
    // Asked of a walk's hubs: only the links from each are read (a link between two comes
    // from one of them), and the second end is matched against a hashed set, not by
    // `= ANY`, which would compare each link read with every id.
    db.query(
        "SELECT id, from_id, to_id, kind FROM relations WHERE case_id = $1 \
           AND from_id = ANY($2) AND to_id IN (SELECT unnest($2::text[]))",
        &[&case, &ids],
        "cannot expand",
    )?
    .iter()
    .map(|r| link(r, 0))
    .collect()
}

pub(super) fn kinds(db: &mut Postgres, case: i64, ids: &[String]) -> Result<Vec<(String, String)>> {
    let rows = db.query(
        "SELECT id, kind FROM entities WHERE case_id = $1 AND id = ANY($2)",
        &[&case, &ids],
        "cannot expand",
    )?;
    rows.iter().map(|r| Ok((col(r, 0)?, col(r, 1)?))).collect()
}

pub(super) fn beyond(db: &mut Postgres, case: i64, past: &Past) -> Result<Beyond> {
    // The links of `of` are read once, into `l`; the rows sent back are the links kept
    // ('l': id, from, to, kind) and the counts ('r' and 'n': entity, kind, count). Sets are
    // matched hashed (`IN (SELECT unnest(..))`), not by `= ANY`, which compares each row
    // with every element.
    let rows = db.query(
        "WITH l AS MATERIALIZED ( \
           SELECT id, from_id, to_id, from_id AS entity, to_id AS other, kind FROM relations \
             WHERE case_id = $1 AND from_id = ANY($2) \
           UNION ALL SELECT id, from_id, to_id, to_id, from_id, kind FROM relations \
             WHERE case_id = $1 AND to_id = ANY($2)), \
         o AS MATERIALIZED ( \
           SELECT entity, other, kind FROM l WHERE other NOT IN (SELECT unnest($4::text[]))) \
         SELECT 'l', id, from_id, to_id, kind FROM l WHERE other IN (SELECT unnest($3::text[])) \
         UNION ALL SELECT 'r', entity, kind, count(*)::text, '' FROM o GROUP BY entity, kind \
         UNION ALL SELECT 'n', p.entity, e.kind, count(*)::text, '' \
           FROM (SELECT DISTINCT entity, other FROM o) p \
           JOIN entities e ON e.case_id = $1 AND e.id = p.other GROUP BY p.entity, e.kind",
        &[&case, &past.of, &past.keep, &past.inside],
        "cannot count neighbours",
    )?;
    let mut out = Beyond::default();
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        let what: String = col(r, 0)?;
        if what == "l" {
            // A link between two entities of `of` comes from either end.
            let l = link(r, 1)?;
            if seen.insert(l.id.clone()) {
                out.links.push(l);
            }
        } else {
            let n: String = col(r, 3)?;
            out.left_out.push(KindCount {
                what: Counting::from_code(&what),
                entity: col(r, 1)?,
                kind: col(r, 2)?,
                n: n.parse().unwrap_or(0),
            });
        }
    }
    Ok(out)
}

pub(super) fn hub_counts(db: &mut Postgres, case: i64, ids: &[String]) -> Result<Vec<KindCount>> {
    let rows = db.query(
        "SELECT what, entity_id, kind, n FROM hub_counts WHERE case_id = $1 \
         AND entity_id = ANY($2)",
        &[&case, &ids],
        "cannot read the counts of hubs",
    )?;
    rows.iter()
        .map(|r| {
            let what: String = col(r, 0)?;
            Ok(KindCount {
                what: Counting::from_code(&what),
                entity: col(r, 1)?,
                kind: col(r, 2)?,
                n: col::<i64>(r, 3)?.max(0) as u64,
            })
        })
        .collect()
}
