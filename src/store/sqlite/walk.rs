//! The reads of an expansion in SQLite: links by either end, kinds, what lies past a walk's
//! edge, and the counts kept of hubs. Lists of ids are one JSON parameter each.

use super::super::Result;
use super::super::engine::{Beyond, Counting, KindCount, Link, Past};
use super::{Sqlite, ids_json};

pub(super) fn links(
    db: &mut Sqlite,
    case: i64,
    ids: &[String],
    kinds: &[String],
) -> Result<Vec<Link>> {
    // Two statements rather than one with "no kinds or these kinds": with the OR, SQLite
    // scans every relation of the case instead of looking the ends up.
    let rows: Vec<[String; 4]> = if kinds.is_empty() {
        db.query_strings(
            "SELECT id, from_id, to_id, kind FROM relations WHERE case_id = ?1 \
               AND from_id IN (SELECT value FROM json_each(?2)) \
             UNION ALL SELECT id, from_id, to_id, kind FROM relations WHERE case_id = ?1 \
               AND to_id IN (SELECT value FROM json_each(?2)) ",
            &[&case, &ids_json(ids)],
            "cannot expand",
        )?
    } else {
        db.query_strings(
            "SELECT id, from_id, to_id, kind FROM relations WHERE case_id = ?1 \
               AND from_id IN (SELECT value FROM json_each(?2)) \
               AND kind IN (SELECT value FROM json_each(?3)) \
             UNION ALL SELECT id, from_id, to_id, kind FROM relations WHERE case_id = ?1 \
               AND to_id IN (SELECT value FROM json_each(?2)) \
               AND kind IN (SELECT value FROM json_each(?3)) ",
            &[&case, &ids_json(ids), &ids_json(kinds)],
            "cannot expand",
        )?
    };
    // UNION ALL, not UNION: SQLite would read every relation of the case to merge two
    // sorted halves. A relation from an entity to another of `ids` comes twice.
    let mut seen = std::collections::HashSet::new();
    Ok(rows
        .into_iter()
        .filter(|r| seen.insert(r[0].clone()))
        .map(|[id, from, to, kind]| Link { id, from, to, kind })
        .collect())
}

pub(super) fn links_among(db: &mut Sqlite, case: i64, ids: &[String]) -> Result<Vec<Link>> {
    // Asked of a walk's hubs, a few: the index on both ends finds each pair.
    let rows: Vec<[String; 4]> = db.query_strings(
        "SELECT id, from_id, to_id, kind FROM relations WHERE case_id = ?1 \
         AND from_id IN (SELECT value FROM json_each(?2)) \
         AND to_id IN (SELECT value FROM json_each(?2))",
        &[&case, &ids_json(ids)],
        "cannot expand",
    )?;
    Ok(rows
        .into_iter()
        .map(|[id, from, to, kind]| Link { id, from, to, kind })
        .collect())
}

pub(super) fn kinds(db: &mut Sqlite, case: i64, ids: &[String]) -> Result<Vec<(String, String)>> {
    let sql = "SELECT id, kind FROM entities WHERE case_id = ?1 \
               AND id IN (SELECT value FROM json_each(?2))";
    let rows: Vec<[String; 2]> =
        db.query_strings(sql, &[&case, &ids_json(ids)], "cannot expand")?;
    Ok(rows.into_iter().map(|[a, b]| (a, b)).collect())
}

pub(super) fn beyond(db: &mut Sqlite, case: i64, past: &Past) -> Result<Beyond> {
    // The links of `of` are read once, into `l`; the rows sent back are the links kept
    // ('l': id, from, to, kind) and the counts ('r' and 'n': entity, kind, count).
    // CROSS JOIN fixes the order of the last join: SQLite would otherwise read the kind of
    // every entity of the case and look each up among the neighbours.
    let sql = "WITH sel(id) AS (SELECT value FROM json_each(?2)), \
        keep(id) AS (SELECT value FROM json_each(?3)), \
        ins(id) AS (SELECT value FROM json_each(?4)), \
        l(id, from_id, to_id, entity, other, kind) AS MATERIALIZED ( \
          SELECT id, from_id, to_id, from_id, to_id, kind FROM relations WHERE case_id = ?1 \
            AND from_id IN (SELECT id FROM sel) \
          UNION ALL SELECT id, from_id, to_id, to_id, from_id, kind FROM relations \
            WHERE case_id = ?1 AND to_id IN (SELECT id FROM sel)), \
        o(entity, other, kind) AS MATERIALIZED ( \
          SELECT entity, other, kind FROM l WHERE other NOT IN (SELECT id FROM ins)) \
        SELECT 'l', id, from_id, to_id, kind FROM l WHERE other IN (SELECT id FROM keep) \
        UNION ALL SELECT 'r', entity, kind, CAST(count(*) AS TEXT), '' FROM o \
          GROUP BY entity, kind \
        UNION ALL SELECT 'n', p.entity, e.kind, CAST(count(*) AS TEXT), '' \
          FROM (SELECT DISTINCT entity, other FROM o) p \
          CROSS JOIN entities e ON e.case_id = ?1 AND e.id = p.other \
          GROUP BY p.entity, e.kind";
    let rows: Vec<[String; 5]> = db.query_strings(
        sql,
        &[
            &case,
            &ids_json(past.of),
            &ids_json(past.keep),
            &ids_json(past.inside),
        ],
        "cannot count neighbours",
    )?;
    let mut out = Beyond::default();
    let mut seen = std::collections::HashSet::new();
    for [what, a, b, c, d] in rows {
        if what == "l" {
            // A link between two entities of `of` comes from either end.
            if seen.insert(a.clone()) {
                out.links.push(Link {
                    id: a,
                    from: b,
                    to: c,
                    kind: d,
                });
            }
        } else {
            out.left_out.push(KindCount {
                what: Counting::from_code(&what),
                entity: a,
                kind: b,
                n: c.parse().unwrap_or(0),
            });
        }
    }
    Ok(out)
}

pub(super) fn hub_counts(db: &mut Sqlite, case: i64, ids: &[String]) -> Result<Vec<KindCount>> {
    let rows: Vec<[String; 4]> = db.query_strings(
        "SELECT what, entity_id, kind, CAST(n AS TEXT) FROM hub_counts WHERE case_id = ?1 \
         AND entity_id IN (SELECT value FROM json_each(?2))",
        &[&case, &ids_json(ids)],
        "cannot read the counts of hubs",
    )?;
    Ok(rows
        .into_iter()
        .map(|[what, entity, kind, n]| KindCount {
            what: Counting::from_code(&what),
            entity,
            kind,
            n: n.parse().unwrap_or(0),
        })
        .collect())
}
