# --output and --write-baseline: complete files or nothing, and never a device or pipe replaced.
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/p"
printf 'services:\n  web:\n    image: nginx:1.27\n' > "$WORK/p/compose.yaml"

# A regular file is replaced whole and keeps its permissions; no temporary file is left.
echo old > "$WORK/report.json"
chmod 640 "$WORK/report.json"
expect_exit 1 "$BIN" check "$WORK/p" --format json --output "$WORK/report.json"
expect_contains "$WORK/report.json" '"schema_version"'
[ "$(stat -c %a "$WORK/report.json")" = 640 ] || fail "report.json lost its permissions"
ls "$WORK" | grep -q '\.tmp-' && fail "a temporary file was left behind"

# A symbolic link stays a link; the file it points to gets the report.
echo old > "$WORK/target.json"
ln -s target.json "$WORK/link.json"
expect_exit 1 "$BIN" check "$WORK/p" --format json --output "$WORK/link.json"
[ -L "$WORK/link.json" ] || fail "--output replaced a symbolic link with a file"
expect_contains "$WORK/target.json" '"schema_version"'

# A FIFO is written, not replaced (renaming onto /dev/null would replace the device the same way).
mkfifo "$WORK/fifo"
cat "$WORK/fifo" > "$WORK/from-fifo" &
reader=$!
expect_exit 1 "$BIN" check "$WORK/p" --format json --output "$WORK/fifo"
wait "$reader"
[ -p "$WORK/fifo" ] || fail "--output replaced a FIFO with a file"
expect_contains "$WORK/from-fifo" '"schema_version"'
mkfifo "$WORK/baseline-fifo"
cat "$WORK/baseline-fifo" > "$WORK/from-baseline-fifo" &
reader=$!
expect_exit 0 "$BIN" check "$WORK/p" --write-baseline "$WORK/baseline-fifo"
wait "$reader"
[ -p "$WORK/baseline-fifo" ] || fail "--write-baseline replaced a FIFO with a file"
expect_contains "$WORK/from-baseline-fifo" '"clearance_baseline"'

# /dev/null stays the device.
expect_exit 1 "$BIN" check "$WORK/p" --format json --output /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a character device"

# A folder that does not exist: a clear error, exit 2.
expect_exit 2 "$BIN" check "$WORK/p" --output "$WORK/no/such/dir/report.json"
expect_contains "$WORK/err" "cannot write"
finish
