#!/usr/bin/env sh
# Seeds the fuzz corpus from the test fixtures: every map file the tests use. Run from the
# repository's root; the corpus is committed, so run it again when fixtures are added.
set -eu
out=tests/fuzz/corpus/load
mkdir -p "$out"
cp assets/haqqani_network.json "$out/bundled_map.json"
for f in tests/fixtures/*.json; do
  [ -e "$f" ] && cp "$f" "$out/$(basename "$f")"
done
echo "corpus: $(ls "$out" | wc -l) files in $out"
