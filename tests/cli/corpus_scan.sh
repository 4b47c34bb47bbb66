# The team's real-world corpus (../shared/corpus/real) scans with no crash and no internal error.
# Skipped (exit 77) where the shared corpus is not present: the product stands alone.
source "$(dirname "$0")/lib.sh"
corpus=${CLEARANCE_CORPUS:-$SRC/../shared/corpus/real}
[ -d "$corpus" ] || { echo "no corpus at $corpus: skipped"; exit 77; }
timeout 600 "$BIN" check "$corpus" --format json --output "$WORK/corpus.json" 2>"$WORK/err"
code=$?
[ "$code" -le 1 ] || fail "corpus scan exit code $code: $(head -c 500 "$WORK/err")"
expect_not_contains "$WORK/corpus.json" '"CLR900"'
grep -q '"schema_version"' "$WORK/corpus.json" || fail "no JSON report written"
finish
