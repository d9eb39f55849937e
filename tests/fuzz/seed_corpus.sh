#!/usr/bin/env sh
# Seeds the fuzz corpora from the test fixtures: every map and foreign file the tests use, each
# in the corpus of the target that reads it (and all of them in `load`, which finds the format
# itself). Run from the repository's root; the corpora are committed, so run it again when
# fixtures are added.
set -eu
c=tests/fuzz/corpus
f=tests/fixtures
rm -rf "$c"
mkdir -p "$c/load" "$c/graphml" "$c/gexf" "$c/nodelink" "$c/table" "$c/ftm" "$c/stix" "$c/workbook"
cp assets/haqqani_network.json "$c/load/bundled_map.json"
cp "$f"/*.json "$c/load/"
for file in "$f"/formats/*; do
  name=$(basename "$file")
  case "$name" in
    *.py|counts*.json) continue ;;
    *.graphml) cp "$file" "$c/graphml/" ;;
    *.gexf) cp "$file" "$c/gexf/" ;;
    *node_link.json) cp "$file" "$c/nodelink/" ;;
    *.csv) cp "$file" "$c/table/" ;;
    *.xlsx|*.xls|*.ods) cp "$file" "$c/workbook/" ;;
    *.ijson) cp "$file" "$c/ftm/" ;;
    *stix.json) cp "$file" "$c/stix/" ;;
  esac
  cp "$file" "$c/load/"
done
for d in "$c"/*; do echo "$d: $(ls "$d" | wc -l) files"; done
