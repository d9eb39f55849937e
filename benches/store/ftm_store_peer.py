#!/usr/bin/env python3
"""The store benchmark's peer: Aleph's followthemoney-store (the Python package
`followthemoney-store`, 3.1.0) writing the same FollowTheMoney file into the same PostgreSQL
server, and the queries a careful PostgreSQL user would write by hand over its table.

    ftm_store_peer.py import FILE URL      # ftmstore's bulk loader, as `ftm store write` does
    ftm_store_peer.py index URL            # the indexes such a user would add
    ftm_store_peer.py query URL QUERIES    # search, one hop, two hops; prints JSON

URL is a postgresql:// URL. Run by benches/store/run.sh, which installs the package.
"""
import json
import statistics
import sys
import time

TABLE = "ftm_bench"
# The properties of the benchmark's edge schemata that name an entity.
REFS = ["owner", "asset", "director", "organization", "person", "relative", "subject", "object"]
# Each reference property with the property at the edge's other end.
PAIRS = [("owner", "asset"), ("asset", "owner"), ("director", "organization"),
         ("organization", "director"), ("person", "relative"), ("relative", "person"),
         ("subject", "object"), ("object", "subject")]


def do_import(path, url):
    from ftmstore import get_dataset

    # SQLAlchemy 2.1 reads a plain postgresql:// URL as psycopg 3; the package's own extra
    # installs psycopg2.
    dataset = get_dataset("bench", database_uri=url.replace("postgresql://", "postgresql+psycopg2://", 1))
    bulk = dataset.bulk()
    start = time.perf_counter()
    n = 0
    with open(path) as f:
        for line in f:
            if line.strip():
                bulk.put(json.loads(line))
                n += 1
    bulk.flush()
    took = time.perf_counter() - start
    print(json.dumps({"entities": n, "seconds": round(took, 1), "per_second": round(n / took)}))


def connect(url):
    import psycopg2

    return psycopg2.connect(url)


def do_index(url):
    conn = connect(url)
    conn.autocommit = True
    cur = conn.cursor()
    start = time.perf_counter()
    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cur.execute(
        f"CREATE INDEX IF NOT EXISTS {TABLE}_name_trgm ON {TABLE} "
        "USING gin ((entity->'properties'->'name'->>0) gin_trgm_ops)"
    )
    cur.execute(
        f"CREATE INDEX IF NOT EXISTS {TABLE}_props ON {TABLE} "
        "USING gin ((entity->'properties') jsonb_path_ops)"
    )
    cur.execute(f"ANALYZE {TABLE}")
    print(json.dumps({"index_seconds": round(time.perf_counter() - start, 1)}))


def timed(cur, sql, args, repeat=1):
    times = []
    rows = None
    for _ in range(repeat):
        t = time.perf_counter()
        cur.execute(sql, args)
        rows = cur.fetchall()
        times.append((time.perf_counter() - t) * 1000)
    return min(times), rows


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def one_hop_sql():
    ors = " OR ".join(
        f"entity->'properties' @> jsonb_build_object('{p}', jsonb_build_array(%(id)s::text))"
        for p in REFS
    )
    return f"SELECT id, entity FROM {TABLE} WHERE {ors}"


def do_query(url, queries_path):
    queries = json.load(open(queries_path))
    conn = connect(url)
    cur = conn.cursor()
    out = {}
    # Fuzzy: pg_trgm's % on the name, best first, top ten.
    fuzzy, found = [], 0
    for q in queries:
        ms, rows = timed(
            cur,
            f"SELECT id FROM {TABLE} WHERE (entity->'properties'->'name'->>0) %% %(q)s "
            f"ORDER BY similarity(entity->'properties'->'name'->>0, %(q)s) DESC LIMIT 10",
            {"q": q["query"]},
        )
        fuzzy.append(ms)
        found += any(r[0] == q["id"] for r in rows)
    out["fuzzy_p50_ms"] = round(pct(fuzzy, 50), 2)
    out["fuzzy_p99_ms"] = round(pct(fuzzy, 99), 2)
    out["fuzzy_found_in_top_10"] = found
    # Substring: ILIKE on the correctly spelt name.
    sub = []
    for q in queries:
        ms, _ = timed(
            cur,
            f"SELECT id FROM {TABLE} WHERE (entity->'properties'->'name'->>0) ILIKE %(q)s LIMIT 10",
            {"q": "%" + q["name"] + "%"},
        )
        sub.append(ms)
    out["ilike_p50_ms"] = round(pct(sub, 50), 2)
    # One hop: the edges naming an entity, then the entities at their other ends.
    hop = []
    for q in queries:
        t = time.perf_counter()
        cur.execute(one_hop_sql(), {"id": q["id"]})
        edges = cur.fetchall()
        ends = {v for _, e in edges for p in REFS for v in e["properties"].get(p, [])}
        cur.execute(f"SELECT id, entity FROM {TABLE} WHERE id = ANY(%(ids)s)", {"ids": list(ends)})
        cur.fetchall()
        hop.append((time.perf_counter() - t) * 1000)
    out["one_hop_p50_ms"] = round(pct(hop, 50), 2)
    # Two hops around the hub (1 000 relations), by a recursive CTE over the same index: for
    # each entity reached, one containment lookup per reference property (each an index
    # scan), then the entity at the edge's other end.
    pairs = ", ".join(f"('{a}', '{b}')" for a, b in PAIRS)
    two = f"""
        WITH RECURSIVE walk(id, depth) AS (
            SELECT %(id)s::text, 0
          UNION
            SELECT n.id, w.depth + 1
            FROM walk w CROSS JOIN LATERAL (
                SELECT jsonb_array_elements_text(e.entity->'properties'->r.other) AS id
                FROM (VALUES {pairs}) AS r(p, other)
                JOIN {TABLE} e
                  ON e.entity->'properties' @> jsonb_build_object(r.p, jsonb_build_array(w.id))
            ) n
            WHERE w.depth < 2
        )
        SELECT e.id, e.entity FROM {TABLE} e WHERE e.id IN (SELECT id FROM walk)
    """
    times = []
    for _ in range(5):
        ms, rows = timed(cur, two, {"id": "hub"})
        times.append(ms)
    out["two_hops_hub_p50_ms"] = round(pct(times, 50), 1)
    out["two_hops_hub_entities"] = len(rows)
    cur.execute(f"SELECT pg_total_relation_size('{TABLE}')")
    out["table_bytes"] = cur.fetchone()[0]
    print(json.dumps(out))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "import":
        do_import(sys.argv[2], sys.argv[3])
    elif command == "index":
        do_index(sys.argv[2])
    elif command == "query":
        do_query(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
