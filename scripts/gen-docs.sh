#!/usr/bin/env bash
# Generates the rule documentation from the rule metadata compiled into clearance:
#   docs/rules/README.md      the catalog: a table and every rule in full
#   docs/rules/CLRnnn.md      one page per rule (the SARIF helpUri of each rule points here)
#   README.md                 the rule table between the BEGIN/END RULES markers
# With --check, changes nothing and fails when any of them is stale (`make test` runs this).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: gen-docs.sh path/to/clearance [--check]}
mode=${2:-write}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rules"

"$bin" rules --format markdown > "$tmp/rules/README.md"
for id in $("$bin" rules --format json | grep -o '"id": *"CLR[0-9]*"' | grep -o 'CLR[0-9]*'); do
  "$bin" explain "$id" --format markdown > "$tmp/rules/$id.md"
done
# The README's table is the catalog's first table, with links to the per-rule pages.
awk '/^\| Rule \|/ {on=1} on && /^$/ {exit} on {print}' "$tmp/rules/README.md" \
  | sed -E 's/\]\(#(clr[0-9]+)\)/](docs\/rules\/\U\1\E.md)/g' > "$tmp/table.md"
awk -v table="$tmp/table.md" '
  /<!-- BEGIN RULES -->/ {print; while ((getline line < table) > 0) print line; skip=1; next}
  /<!-- END RULES -->/ {skip=0}
  !skip {print}' README.md > "$tmp/README.md"

if [ "$mode" = --check ]; then
  stale=0
  diff -r -q "$tmp/rules" docs/rules >/dev/null 2>&1 || { echo "docs/rules/ is stale: run 'make docs'" >&2; stale=1; }
  cmp -s "$tmp/README.md" README.md || { echo "README.md rule table is stale: run 'make docs'" >&2; stale=1; }
  exit $stale
fi
rm -rf docs/rules
cp -r "$tmp/rules" docs/rules
cp "$tmp/README.md" README.md
echo "wrote docs/rules/ and the README rule table"
