# Shared helpers for the command-line tests: `source "$(dirname "$0")/lib.sh"`.
set -uo pipefail
BIN=${1:?usage: test.sh path/to/clearance source-dir}
SRC=${2:?usage: test.sh path/to/clearance source-dir}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILED=0

fail() { echo "FAIL: $*" >&2; FAILED=1; }

# expect_exit CODE CMD...: runs CMD, stdout to $WORK/out, stderr to $WORK/err.
expect_exit() {
  local want=$1; shift
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got, expected $want: $* (stderr: $(head -c 300 "$WORK/err"))"
}

expect_contains() {  # FILE TEXT
  grep -qF -- "$2" "$1" || fail "$1 lacks '$2' (got: $(head -c 400 "$1"))"
}

expect_not_contains() {
  ! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"
}

finish() { exit $FAILED; }
