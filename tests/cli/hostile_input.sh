# Hostile input: every case ends quickly with a finding, never a crash, hang or unbounded memory.
source "$(dirname "$0")/lib.sh"

run_case() {  # NAME EXPECTED_RULE
  local dir=$WORK/$1 rule=$2
  timeout 60 /usr/bin/time -f '%M' -o "$WORK/rss" "$BIN" check "$dir" --format json --output "$WORK/$1.json" 2>"$WORK/err"
  local code=$?
  [ "$code" -le 1 ] || fail "$1: exit code $code ($(head -c 300 "$WORK/err"))"
  expect_contains "$WORK/$1.json" "\"$rule\""
  local rss; rss=$(tail -1 "$WORK/rss")
  # ASan builds carry a large shadow; only the plain build is held to 200 MB.
  if [ -z "${ASAN_OPTIONS:-}" ] && [ "$rss" -gt 204800 ]; then fail "$1: peak RSS ${rss} KiB"; fi
}

mkdir -p "$WORK/big" "$WORK/binary" "$WORK/bomb" "$WORK/deep" "$WORK/link/root" "$WORK/outside"
# 100 MB compose file: refused by size before it is read.
truncate -s 100M "$WORK/big/compose.yaml"
run_case big CLR906
# Binary data.
head -c 65536 /dev/urandom > "$WORK/binary/compose.yaml"
run_case binary CLR901
# Billion laughs.
{
  echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  prev=a
  for c in b c d e f g h i; do
    printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $c $c $prev $prev $prev $prev $prev $prev $prev $prev $prev
    prev=$c
  done
  echo 'services: {web: {image: "nginx:1.27", environment: *i}}'
} > "$WORK/bomb/compose.yaml"
run_case bomb CLR906
# 100,000 nested brackets.
{ printf 'services: '; head -c 100000 /dev/zero | tr '\0' '['; } > "$WORK/deep/compose.yaml"
run_case deep CLR906
# 40,000 Dockerfile stages, each built FROM the one before and reading a variable: the stage
# model stays near linear (names and variables are indexed, ancestors looked up to a bound).
mkdir -p "$WORK/stages"
{
  echo 'FROM alpine:3.20 AS s0'
  for i in $(seq 1 40000); do printf 'FROM s%d AS s%d\nENV V%d=$V\n' $((i - 1)) "$i" "$i"; done
} > "$WORK/stages/Dockerfile"
run_case stages CLR412

# 100,000 services (3 MB): the first 5,000 are checked and the rest reported as over the limit,
# so that ten findings per service do not take gigabytes; no step grows with the square of the
# number of services (finding a service's earlier definitions, the jobs others wait for).
mkdir -p "$WORK/services"
awk 'BEGIN { print "services:"; for (i = 0; i < 100000; i++) printf "  s%d:\n    image: nginx:1.27\n", i }' \
  > "$WORK/services/compose.yaml"
run_case services CLR906
expect_contains "$WORK/services.json" 'only the first 5000 are checked'

# Every service in one flow mapping on one 1 MB line of non-ASCII text: libyaml's character
# marks are mapped to bytes without walking the line each time (it took two minutes), and the
# text report shows a window of the line per finding, not the line (it would be 60 GB).
mkdir -p "$WORK/oneline"
awk 'BEGIN { printf "{services: {"; for (i = 0; i < 20000; i++) printf "%ss%d: {image: \"\303\251%d:latest\", privileged: true}", (i ? ", " : ""), i, i; print "}}" }' \
  > "$WORK/oneline/compose.yaml"
run_case oneline CLR101
timeout 60 "$BIN" check "$WORK/oneline" --output "$WORK/oneline.txt"
longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' "$WORK/oneline.txt")
[ "$longest" -lt 2000 ] || fail "oneline: a text report line of $longest bytes"
expect_contains "$WORK/oneline.txt" 'CLR101'

# FIFOs named like the files clearance reads: refused as not regular files (CLR901), never
# waited on, whether named on the command line or found in a folder.
mkdir -p "$WORK/fifo"
mkfifo "$WORK/fifo/Dockerfile" "$WORK/fifo/compose.yaml" "$WORK/fifo/.env"
for target in "$WORK/fifo" "$WORK/fifo/Dockerfile" "$WORK/fifo/compose.yaml"; do
  timeout 20 "$BIN" check "$target" --format json --output "$WORK/fifo.json"
  code=$?
  [ "$code" -le 1 ] || fail "fifo $target: exit code $code"
  expect_contains "$WORK/fifo.json" 'not a regular file'
done

# A symbolic link that leads out of the scan root is not followed.
printf 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' > "$WORK/outside/compose.yaml"
ln -s "$WORK/outside/compose.yaml" "$WORK/link/root/compose.yaml"
timeout 60 "$BIN" check "$WORK/link/root" --format json --output "$WORK/link.json"
expect_contains "$WORK/link.json" '"CLR906"'
expect_not_contains "$WORK/link.json" '"CLR101"'
# So with any file a scan checks (a Dockerfile, an env file): each is told, none is dropped
# silently.
printf 'FROM alpine:3.20\nRUN curl -fsSL https://example.com/i.sh | sh\n' > "$WORK/outside/Dockerfile"
printf 'API_TOKEN=Tq8vX2mLp9Rz4wKs\n' > "$WORK/outside/prod.env"
mkdir -p "$WORK/link/root/b" "$WORK/link/root/c"
ln -s "$WORK/outside/Dockerfile" "$WORK/link/root/b/Dockerfile"
ln -s "$WORK/outside/prod.env" "$WORK/link/root/c/.env.prod"
timeout 60 "$BIN" check "$WORK/link/root" --format json --output "$WORK/link.json"
grep -q '"CLR906".*"file":"b/Dockerfile"' "$WORK/link.json" || fail "a Dockerfile linked from outside was dropped silently"
grep -q '"CLR906".*"file":"c/.env.prod"' "$WORK/link.json" || fail "an env file linked from outside was dropped silently"
expect_not_contains "$WORK/link.json" '"CLR406"'

# A build context is listed without following symbolic links (a link to a parent folder must
# not loop) and without entering node_modules; a secret in a nested folder is found.
mkdir -p "$WORK/ctx/app/sub/deeper" "$WORK/ctx/app/node_modules/pkg" "$WORK/ctx/elsewhere"
printf 'FROM alpine:3.20\nCOPY . /app\nUSER 1000\n' > "$WORK/ctx/app/Dockerfile"
echo "A=1" > "$WORK/ctx/app/sub/deeper/.env"
echo "A=1" > "$WORK/ctx/app/node_modules/pkg/.env"
echo "B=2" > "$WORK/ctx/elsewhere/.env"
ln -s ../elsewhere "$WORK/ctx/app/linked"
ln -s .. "$WORK/ctx/app/sub/loop"
# vendor/ is entered (BuildKit copies it), though discovery does not look for projects there.
mkdir -p "$WORK/ctx/app/vendor/lib"
echo "C=3" > "$WORK/ctx/app/vendor/lib/.env"
# The same whether the Dockerfile is named (the context is read from the disk) or found in a
# scanned folder (read from what discovery read of the tree, vendor/ from the disk).
for target in "$WORK/ctx/app/Dockerfile" "$WORK/ctx/app"; do
  timeout 60 "$BIN" check "$target" --select CLR603 --format json --output "$WORK/ctx.json"
  expect_contains "$WORK/ctx.json" 'sub/deeper/.env'
  expect_contains "$WORK/ctx.json" 'vendor/lib/.env'
  expect_not_contains "$WORK/ctx.json" 'node_modules'
  expect_not_contains "$WORK/ctx.json" 'linked/'
  expect_not_contains "$WORK/ctx.json" 'loop/'
done
# A folder that cannot be listed is told (CLR906), never taken for an empty one; a path given
# that cannot be read stops the run with its reason. (Root reads everything: the check runs as
# nobody, when this runs as root and setpriv is there.)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  L="$WORK/locked-scan"
  mkdir -p "$L/locked" "$L/open"
  printf 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' > "$L/locked/compose.yaml"
  printf 'services:\n  web:\n    image: nginx:1.27\n' > "$L/open/compose.yaml"
  cp "$BIN" "$L/clearance"
  chmod 755 "$WORK" "$L" "$L/open" "$L/clearance"
  chmod 644 "$L/open/compose.yaml"
  chmod 000 "$L/locked"
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  (cd "$L" && as_nobody ./clearance check . --select CLR906 --format text >"$WORK/out" 2>"$WORK/err")
  [ $? -eq 1 ] || fail "an unlistable folder did not make the run fail"
  expect_contains "$WORK/out" "cannot list the folder (permission denied): nothing in it is checked"
  (cd "$L" && as_nobody ./clearance check locked/compose.yaml >"$WORK/out" 2>"$WORK/err")
  [ $? -eq 2 ] || fail "an unreadable path given did not exit 2"
  expect_contains "$WORK/err" "locked/compose.yaml: cannot be read: permission denied"
  chmod 755 "$L/locked"
fi
finish
