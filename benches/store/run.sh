#!/usr/bin/env bash
# The case store benchmark and its peer, in one run on one machine, for docs/PERFORMANCE.md:
#
#   benches/store/run.sh [ENTITIES]        (default 1 000 000)
#   benches/store/run.sh debian            (the second class: Debian 12's archive)
#
# 1. makes the case: make_case.py's ENTITIES things, twice as many edges, half with a claim;
#    or, with `debian`, debian_case.py's real one (packages, maintainers, files);
# 2. starts a PostgreSQL 15 server with default settings (as `nobody` when run as root);
# 3. imports the case with relmap into SQLite and into PostgreSQL, and with the peer,
#    Aleph's followthemoney-store, into the same server, each timed with its peak memory;
# 4. runs the peer's hand-written queries (ftm_store_peer.py) and relmap's criterion bench
#    (benches/store.rs) on the same data;
# 5. measures `relmap store expand`'s memory on a small case and on the large one.
# Everything it makes is under $RELMAP_BENCH_DIR (default /tmp/relmap-store-bench). With
# RELMAP_BENCH_REUSE=1 it keeps the server's data and the stores of an earlier run and
# measures only the queries, expand's memory and the criterion bench.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${RELMAP_BENCH_DIR:-/tmp/relmap-store-bench}
N=${1:-1000000}
CASE=case
if [ "$N" = debian ]; then CASE=debian; fi
PGBIN=${RELMAP_PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${RELMAP_BENCH_PORT:-55432}
mkdir -p "$WORK"
cd "$WORK"

echo "== the case ($N)"
if [ "$CASE" = debian ]; then
    [ -f debian.ijson ] || python3 "$ROOT/benches/store/debian_case.py" debian-archive debian.ijson debian_q.json
else
    [ -f case.ijson ] || python3 "$ROOT/benches/store/make_case.py" case.ijson case_q.json "$N"
fi
[ -f small.ijson ] || python3 "$ROOT/benches/store/make_case.py" small.ijson small_q.json 20000
wc -l "$CASE.ijson"

echo "== PostgreSQL 15, default settings, port $PORT"
RUN=()
if [ "$(id -u)" = 0 ]; then RUN=(setpriv --reuid=65534 --regid=65534 --clear-groups --); fi
REUSE=${RELMAP_BENCH_REUSE:-0}
if [ "$REUSE" != 1 ]; then
    rm -rf pg && mkdir pg && chmod 700 pg
    if [ "$(id -u)" = 0 ]; then chown 65534:65534 pg; fi
    "${RUN[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
fi
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $WORK/pg" start >/dev/null
trap '"${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null' EXIT
PSQL=(psql -h 127.0.0.1 -p "$PORT" -U bench -qtA)
if [ "$REUSE" != 1 ]; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE relmap" -c "CREATE DATABASE ftmstore"
fi
URL="postgres://bench@127.0.0.1:$PORT/relmap"
PEER_URL="postgresql://bench@127.0.0.1:$PORT/ftmstore"

echo "== the peer: followthemoney-store 3.1.0"
[ -x venv/bin/python ] || python3 -m venv venv
venv/bin/pip install -q "followthemoney-store[postgresql]==3.1.0" "followthemoney==3.8.5" \
    "sqlalchemy==2.1.9" normality banal

echo "== relmap (release)"
(cd "$ROOT" && cargo build --release --quiet)
REL="$ROOT/target/release/relmap"

measure() { # name command...: prints "name: S s, M MB"
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o time.txt "$@" >"$name.out" 2>&1 || { cat "$name.out"; exit 1; }
    read -r secs kb <time.txt
    echo "$name: $secs s, $((kb / 1024)) MB peak"
}

if [ "$REUSE" != 1 ]; then
rm -f "$CASE".relmap.db* small.relmap.db*
measure "relmap import SQLite" "$REL" store import "$CASE.ijson" --into "$CASE.relmap.db" --case bench
echo "  SQLite file: $(du -b "$CASE.relmap.db" | cut -f1) bytes"
measure "relmap import PostgreSQL" "$REL" store import "$CASE.ijson" --into "$URL" --case bench
echo "  database: $("${PSQL[@]}" -d relmap -c "SELECT pg_database_size('relmap')") bytes"
measure "peer import (followthemoney-store)" venv/bin/python "$ROOT/benches/store/ftm_store_peer.py" import "$CASE.ijson" "$PEER_URL"
cat "peer import (followthemoney-store).out"
measure "peer indexes" venv/bin/python "$ROOT/benches/store/ftm_store_peer.py" index "$PEER_URL"
cat "peer indexes.out"
echo "  database: $("${PSQL[@]}" -d ftmstore -c "SELECT pg_database_size('ftmstore')") bytes"
fi
echo "== the peer's queries"
venv/bin/python "$ROOT/benches/store/ftm_store_peer.py" query "$PEER_URL" "${CASE}_q.json"

echo "== relmap store expand's memory, small case and large"
[ -f small.relmap.db ] || "$REL" store import small.ijson --into small.relmap.db --case bench >/dev/null
SMALL_SEED=$(python3 -c "import json;print(json.load(open('small_q.json'))[0]['id'])")
LARGE_SEED=$(python3 -c "import json;print(json.load(open('${CASE}_q.json'))[0]['id'])")
measure "expand, 20 000-entity case" "$REL" store expand small.relmap.db --case bench "$SMALL_SEED" --hops 2 -o small_x.json
measure "expand, $N-entity case" "$REL" store expand "$CASE.relmap.db" --case bench "$LARGE_SEED" --hops 2 -o large_x.json
measure "expand, $N-entity case, PostgreSQL" "$REL" store expand "$URL" --case bench "$LARGE_SEED" --hops 2 -o large_pg.json

echo "== relmap's criterion bench (search, expand, apply) on both engines"
(cd "$ROOT" && RELMAP_BENCH_SQLITE="$WORK/$CASE.relmap.db" RELMAP_BENCH_PG="$URL" \
    RELMAP_BENCH_QUERIES="$WORK/${CASE}_q.json" cargo bench --bench store 2>&1 | grep --line-buffered -E "^store |time:|^store/")
