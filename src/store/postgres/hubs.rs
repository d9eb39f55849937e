//! The counts a PostgreSQL transaction keeps of a case's hubs (see `store::hubs`).

use super::super::Result;
use super::super::hubs::HUB;
use super::col;
use super::tx::PgTx;

impl PgTx<'_, '_> {
    fn ids(
        &mut self,
        sql: &str,
        args: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<String>> {
        self.query(sql, args, "cannot read the hubs")?
            .iter()
            .map(|r| col(r, 0))
            .collect()
    }

    pub(super) fn hub_ids(&mut self, ids: Option<&[String]>) -> Result<Vec<String>> {
        let case = self.case;
        match ids {
            Some(ids) => self.ids(
                "SELECT DISTINCT entity_id FROM hub_counts WHERE case_id = $1 \
                 AND entity_id = ANY($2)",
                &[&case, &ids],
            ),
            None => self.ids(
                "SELECT DISTINCT entity_id FROM hub_counts WHERE case_id = $1",
                &[&case],
            ),
        }
    }

    pub(super) fn hubs_next_to(&mut self, ids: &[String]) -> Result<Vec<String>> {
        let case = self.case;
        self.ids(
            "SELECT DISTINCT entity_id FROM hub_counts WHERE case_id = $1 AND entity_id IN ( \
               SELECT to_id FROM relations WHERE case_id = $1 AND from_id = ANY($2) \
               UNION SELECT from_id FROM relations WHERE case_id = $1 AND to_id = ANY($2))",
            &[&case, &ids],
        )
    }

    pub(super) fn count_hubs(&mut self, ids: Option<&[String]>) -> Result<()> {
        let case = self.case;
        let hub = HUB as i64;
        let mut ids = match ids {
            Some(ids) => ids.to_vec(),
            None => {
                // Every entity with HUB relations has half of them at one end.
                let half = hub / 2;
                let mut ids = self.ids(
                    "SELECT from_id FROM relations WHERE case_id = $1 GROUP BY from_id \
                     HAVING count(*) >= $2",
                    &[&case, &half],
                )?;
                ids.extend(self.ids(
                    "SELECT to_id FROM relations WHERE case_id = $1 GROUP BY to_id \
                     HAVING count(*) >= $2",
                    &[&case, &half],
                )?);
                ids
            }
        };
        ids.sort_unstable();
        ids.dedup();
        // Each hub is locked, in one order, before it is counted: a transaction counting it
        // meanwhile waits, and the statements below (each with a new snapshot, at READ
        // COMMITTED) then see what that one wrote. Without the lock, two analysts adding a
        // relation each to one hub would each count without the other's.
        for id in &ids {
            self.exec(
                "SELECT pg_advisory_xact_lock(hashtextextended(($1::bigint)::text || '/' || $2, 0))",
                &[&case, id],
                "cannot lock a hub to count it",
            )?;
        }
        if ids.is_empty() {
            return Ok(());
        }
        self.exec(
            "DELETE FROM hub_counts WHERE case_id = $1 AND entity_id = ANY($2)",
            &[&case, &ids],
            "cannot count the hubs",
        )?;
        // A relation of an entity to itself leads nowhere else and is not counted.
        self.exec(
            "WITH l AS MATERIALIZED ( \
               SELECT from_id AS entity, to_id AS other, kind FROM relations \
                 WHERE case_id = $1 AND from_id = ANY($2) AND from_id <> to_id \
               UNION ALL SELECT to_id, from_id, kind FROM relations \
                 WHERE case_id = $1 AND to_id = ANY($2) AND from_id <> to_id), \
             big AS (SELECT entity FROM l GROUP BY entity HAVING count(*) >= $3) \
             INSERT INTO hub_counts (case_id, entity_id, what, kind, n) \
             SELECT $1, entity, 'r', kind, count(*) FROM l \
               WHERE entity IN (SELECT entity FROM big) GROUP BY entity, kind \
             UNION ALL SELECT $1, p.entity, 'n', e.kind, count(*) \
               FROM (SELECT DISTINCT entity, other FROM l \
                     WHERE entity IN (SELECT entity FROM big)) p \
               JOIN entities e ON e.case_id = $1 AND e.id = p.other \
               GROUP BY p.entity, e.kind",
            &[&case, &ids, &hub],
            "cannot count the hubs",
        )?;
        Ok(())
    }
}
