# Exit codes, options and subcommands of the command line, end to end.
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/clean" "$WORK/bad"
cat > "$WORK/clean/compose.yaml" <<'YAML'
services: {}
YAML
cat > "$WORK/bad/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:1.27
    privileged: true
YAML

expect_exit 0 "$BIN" --version
expect_contains "$WORK/out" "clearance "
expect_exit 0 "$BIN" check "$WORK/clean"
expect_contains "$WORK/out" "No findings"
expect_exit 1 "$BIN" check "$WORK/bad"
expect_contains "$WORK/out" "compose.yaml:4:17"
expect_contains "$WORK/out" "CLR101"
expect_exit 0 "$BIN" check "$WORK/bad" --ignore CLR101,CLR1,CLR2,CLR3,CLR4
expect_exit 0 "$BIN" check "$WORK/bad" --select CLR101 --fail-on critical --ignore CLR101
expect_exit 1 "$BIN" check "$WORK/bad" --select CLR101 --fail-on critical
expect_exit 2 "$BIN" check "$WORK/bad" --select CLR999
expect_exit 2 "$BIN" check "$WORK/does-not-exist"
expect_exit 2 "$BIN" check --no-such-option
expect_exit 2 "$BIN" check "$WORK/bad" --fail-on severe
expect_exit 2 "$BIN"

# --eol-date pins the day CLR403 judges end of life on; a malformed date is a usage error.
mkdir -p "$WORK/eol"
printf 'services:\n  api:\n    image: python:3.10-slim-bookworm\n' > "$WORK/eol/compose.yaml"
expect_exit 0 "$BIN" check "$WORK/eol" --select CLR403 --eol-date 2026-10-31
expect_exit 1 "$BIN" check "$WORK/eol" --select CLR403 --eol-date 2026-11-01
expect_contains "$WORK/out" "python 3.10 reached its end of life on 2026-10-31"
for bad in 2026-13-01 2026-02-29 26-11-01 "" "2026-11-01 "; do
  expect_exit 2 "$BIN" check "$WORK/eol" --eol-date "$bad"
  expect_contains "$WORK/err" "--eol-date must be a calendar date written YYYY-MM-DD"
done

# --output writes the report to a file, atomically, and nothing to stdout.
expect_exit 1 "$BIN" check "$WORK/bad" --format json --output "$WORK/report.json"
expect_contains "$WORK/report.json" '"schema_version"'
[ -s "$WORK/out" ] && fail "--output also wrote to stdout"
ls "$WORK"/report.json.tmp* >/dev/null 2>&1 && fail "temporary report file left behind"

# Colour never goes to a pipe or a file.
expect_exit 1 "$BIN" check "$WORK/bad"
grep -q $'\033\[' "$WORK/out" && fail "ANSI colour in piped output"

# The catalog.
expect_exit 0 "$BIN" rules
expect_contains "$WORK/out" "CLR101"
expect_exit 0 "$BIN" rules --format json
expect_contains "$WORK/out" '"CLR101"'
expect_exit 0 "$BIN" rules --format markdown
expect_contains "$WORK/out" "| Rule |"
expect_exit 0 "$BIN" explain CLR101
expect_contains "$WORK/out" "privileged"
expect_exit 0 "$BIN" explain clr101
expect_exit 2 "$BIN" explain CLR999

# The current directory is the default path.
(cd "$WORK/bad" && "$BIN" check >/dev/null 2>&1); [ $? -eq 1 ] || fail "check without a path did not check the current directory"

# --production raises severities and enables production-only rules.
expect_exit 0 "$BIN" check "$WORK/bad" --select CLR402
expect_exit 0 "$BIN" check "$WORK/bad" --select CLR402 --production --fail-on medium
expect_contains "$WORK/out" "CLR402"
# A repeatable option takes one value: the path after it stays a path.
expect_exit 0 "$BIN" check --select CLR402 "$WORK/bad"
expect_exit 1 "$BIN" check --select CLR101 --select CLR402 "$WORK/bad"
expect_exit 1 "$BIN" check --ignore CLR4 "$WORK/bad"

# A -f or --env-file that is not there is a usage error, as for `docker compose`.
expect_exit 2 "$BIN" check "$WORK/bad" -f "$WORK/no-such-compose.yaml"
expect_contains "$WORK/err" "no-such-compose.yaml: no such file or directory"
expect_exit 2 "$BIN" check "$WORK/bad" --env-file "$WORK/no-such.env"
expect_contains "$WORK/err" "no-such.env: no such file or directory"

# Output that cannot be written is an I/O error, naming where it went.
if [ -w /dev/full ]; then
  for cmd in "rules" "explain CLR101" "config --dump $WORK/bad" "check $WORK/bad" "--version" "--help" "check --help"; do
    # shellcheck disable=SC2086
    "$BIN" $cmd >/dev/full 2>"$WORK/err"
    [ $? -eq 2 ] || fail "$cmd > /dev/full did not exit 2"
    expect_contains "$WORK/err" "clearance: cannot write standard output"
  done
  expect_exit 2 "$BIN" check "$WORK/bad" --output /dev/full
  expect_contains "$WORK/err" "clearance: cannot write /dev/full"
fi
# An empty value (an unset variable in a CI script) is refused, never taken for "all rules" or
# "standard output".
for opt in --select --ignore --output; do
  expect_exit 2 "$BIN" check "$WORK/bad" "$opt" ''
  expect_contains "$WORK/err" "clearance: $opt needs a"
done
# An unknown command is named; --version and --help succeed when their output is written.
expect_exit 2 "$BIN" chekc "$WORK/bad"
expect_contains "$WORK/err" "clearance: unknown command 'chekc'"
expect_exit 0 "$BIN" --version
expect_contains "$WORK/out" "clearance "
finish
