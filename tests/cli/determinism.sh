# The report is the same whatever the number of threads: projects are checked in parallel but
# written in discovery order, and findings within a project in file/position/rule order.
source "$(dirname "$0")/lib.sh"

for fmt in text json sarif; do
  "$BIN" check "$SRC/tests/fixtures" "$SRC/examples" --format "$fmt" -j 1 --output "$WORK/one.$fmt"
  "$BIN" check "$SRC/tests/fixtures" "$SRC/examples" --format "$fmt" -j 4 --output "$WORK/four.$fmt"
  "$BIN" check "$SRC/tests/fixtures" "$SRC/examples" --format "$fmt" --output "$WORK/default.$fmt"
  cmp -s "$WORK/one.$fmt" "$WORK/four.$fmt" || fail "$fmt report differs between -j 1 and -j 4"
  cmp -s "$WORK/one.$fmt" "$WORK/default.$fmt" || fail "$fmt report differs between -j 1 and the default"
  [ -s "$WORK/one.$fmt" ] || fail "$fmt report is empty"
done
# Many findings, so that several projects are in flight at once.
grep -c '"rule_id"' "$WORK/one.json" | awk '$1 < 50 {exit 1}' || fail "expected a report with many findings"
finish
