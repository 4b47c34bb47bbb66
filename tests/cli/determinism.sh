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
# A folder whose compose file another project includes is part of that project, not a project
# of its own, however the workers' timing falls (as a project of its own it would lack the
# variable that the include's env_file sets). With one include, the folder is mostly claimed
# while the including project is still being checked, and dropped when its turn to be written
# comes; with forty, mostly after, and skipped without being loaded.
make_including_project() {  # COUNT
  rm -rf "$WORK/inc"; mkdir -p "$WORK/inc"
  echo "IMAGE_TAG=1.2.3" > "$WORK/inc/shared.env"
  echo "include:" > "$WORK/inc/compose.yaml"
  for n in $(seq -w 1 "$1"); do
    printf '  - path: svc%s/compose.yaml\n    env_file: ./shared.env\n' "$n" >> "$WORK/inc/compose.yaml"
    mkdir -p "$WORK/inc/svc$n"
    printf 'services:\n  api%s:\n    image: "nginx:${IMAGE_TAG}"\n' "$n" > "$WORK/inc/svc$n/compose.yaml"
  done
}
for count in 1 40; do
  make_including_project "$count"
  for j in 1 2 8; do
    "$BIN" check "$WORK/inc" --format json -j "$j" --output "$WORK/inc.$j.json"
    expect_not_contains "$WORK/inc.$j.json" '"CLR605"'
    grep -c '"rule_id":"CLR109"' "$WORK/inc.$j.json" | awk -v n="$count" '$1 != n {exit 1}' ||
      fail "$count includes, -j $j: expected one CLR109 per included service"
  done
  cmp -s "$WORK/inc.1.json" "$WORK/inc.8.json" || fail "$count includes: report differs between -j 1 and -j 8"
done
# Many findings, so that several projects are in flight at once.
grep -c '"rule_id"' "$WORK/one.json" | awk '$1 < 50 {exit 1}' || fail "expected a report with many findings"
finish
