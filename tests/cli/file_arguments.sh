# Files given by path, many at once (`xargs clearance check`): each is checked as the kind its
# name says, in the order given, whatever the number of threads that look at the paths; a
# missing one stops the run before any report. A Dockerfile given alone takes its folder as
# build context: listed when a COPY may take files from it, or when a .dockerignore applies.
source "$(dirname "$0")/lib.sh"

# 320 folders (more than one thread's share of paths), each with a Dockerfile, and every tenth
# with a compose file; listed in an order that is not the file system's.
D="$WORK/many"
for n in $(seq -w 1 320); do
  mkdir -p "$D/app$n"
  printf 'FROM node:22\nRUN curl -fsSL https://example.com/install.sh | sh\n' > "$D/app$n/Dockerfile"
  [ $((10#$n % 10)) -eq 0 ] && printf 'services:\n  app:\n    image: nginx\n    privileged: true\n' > "$D/app$n/compose.yaml"
done
find "$D" -type f | sort -r > "$WORK/list"
cd "$D" || exit 1  # report paths are relative to the current folder
for j in 1 2 8; do
  xargs -d '\n' -a "$WORK/list" "$BIN" check --format json -j "$j" --output "$WORK/many.$j.json" >/dev/null 2>&1
  [ -s "$WORK/many.$j.json" ] || fail "-j $j: no report"
done
cmp -s "$WORK/many.1.json" "$WORK/many.2.json" || fail "report differs between -j 1 and -j 2"
cmp -s "$WORK/many.1.json" "$WORK/many.8.json" || fail "report differs between -j 1 and -j 8"
grep -o '"rule_id":"CLR406"' "$WORK/many.1.json" | wc -l | awk '$1 != 320 {exit 1}' ||
  fail "expected CLR406 once per Dockerfile"
grep -o '"rule_id":"CLR101"' "$WORK/many.1.json" | wc -l | awk '$1 != 32 {exit 1}' ||
  fail "expected CLR101 once per compose file"
# The same paths relative to the current folder: the same report.
sed "s|^$D/||" "$WORK/list" > "$WORK/list.relative"
xargs -d '\n' -a "$WORK/list.relative" "$BIN" check --format json -j 2 --output "$WORK/many.relative.json" >/dev/null 2>&1
cmp -s "$WORK/many.1.json" "$WORK/many.relative.json" || fail "report differs for relative paths"
# Projects in the order given (the compose files come before the files checked on their own).
first=$(grep -o '"file":"[^"]*compose.yaml"' "$WORK/many.1.json" | head -1)
[ "$first" = '"file":"app320/compose.yaml"' ] || fail "first compose file reported: $first"

# A missing path among many: an error naming it, exit 2, no report.
{ head -200 "$WORK/list"; echo "$D/app999/Dockerfile"; tail -200 "$WORK/list"; } > "$WORK/list.missing"
xargs -d '\n' -a "$WORK/list.missing" "$BIN" check --format json -j 2 --output "$WORK/missing.json" \
  >"$WORK/out" 2>"$WORK/err"
[ $? -eq 123 ] || fail "expected xargs to see clearance exit 2"  # xargs reports 123 for 1-125
expect_contains "$WORK/err" "$D/app999/Dockerfile: no such file or directory"
[ -e "$WORK/missing.json" ] && fail "a report was written despite the missing path"

# Build contexts of Dockerfiles given alone, inside a repository (CLR604 judges patterns against
# the files of a checkout only).
C="$WORK/ctx"
mkdir -p "$C/copies" "$C/copies-nothing" "$C/copies-nothing/.git"
mkdir -p "$C/copies/.git"
printf 'FROM python:3.12\nCOPY . /app\n' > "$C/copies/Dockerfile"
printf 'API_TOKEN=Tq8vX2mLp9Rz4wKs\n' > "$C/copies/.env"
printf 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3\n' > "$C/copies-nothing/Dockerfile"
printf 'notes.md\nnothing-here.txt\n' > "$C/copies-nothing/.dockerignore"
printf '# notes\n' > "$C/copies-nothing/notes.md"
"$BIN" check "$C/copies/Dockerfile" "$C/copies-nothing/Dockerfile" --format json --output "$WORK/ctx.json" \
  >/dev/null 2>&1
# `COPY . /app` takes the unignored .env: the context was listed.
expect_contains "$WORK/ctx.json" '"rule_id":"CLR603"'
# No COPY, but a .dockerignore applies: its patterns are still matched against the context.
grep -q '"rule_id":"CLR604".*nothing-here.txt' "$WORK/ctx.json" ||
  fail "expected CLR604 for the .dockerignore pattern that matches nothing"
grep -q '"rule_id":"CLR604".*notes.md' "$WORK/ctx.json" &&
  fail "CLR604 for a pattern that matches a file of the context (was the context listed?)"
# Only a named file copied: the rules list nothing else of the context, but CLR604 still sees
# all of it (notes.md is not copied and is there).
mkdir -p "$C/copies-one/.git"
printf 'FROM python:3.12\nCOPY requirements.txt /app/\n' > "$C/copies-one/Dockerfile"
printf 'flask==3.0.3\n' > "$C/copies-one/requirements.txt"
printf 'notes.md\ngone.txt\n' > "$C/copies-one/.dockerignore"
printf '# notes\n' > "$C/copies-one/notes.md"
"$BIN" check "$C/copies-one/Dockerfile" --format json --output "$WORK/one.json" >/dev/null 2>&1
grep -q '"rule_id":"CLR604".*gone.txt' "$WORK/one.json" ||
  fail "expected CLR604 for the pattern that matches nothing when only a file is copied"
grep -q '"rule_id":"CLR604".*notes.md' "$WORK/one.json" &&
  fail "CLR604 for a pattern that matches a file the build does not copy"
# Folders named by several sources are listed once, whatever sorts between them ("config.yaml"
# sorts between "config" and "config/keys"): each file is named once.
mkdir -p "$C/nested/config/keys"
printf 'FROM python:3.12\nCOPY config /etc/app\nCOPY config.yaml /x/\nCOPY config/keys /keys\nUSER 1000\n' > "$C/nested/Dockerfile"
printf 'a: 1\n' > "$C/nested/config.yaml"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n' \
  > "$C/nested/config/keys/id_ed25519"
"$BIN" check "$C/nested/Dockerfile" --select CLR603 --format json --output "$WORK/nested.json" >/dev/null 2>&1
grep -q 'config/keys/id_ed25519' "$WORK/nested.json" || fail "expected CLR603 for the key under config/keys"
grep -q 'id_ed25519` (a private key) and `config/keys/id_ed25519' "$WORK/nested.json" &&
  fail "a file listed twice: folders named by several sources were both listed"

# `-f FILE` with no PATH, run from another folder: the project directory is the file's folder, as
# in `docker compose -f`: its .env feeds interpolation (the socket mount) and its build context
# holds the Dockerfile.
F="$WORK/dash-f"
mkdir -p "$F/app"
printf 'services:\n  web:\n    build: .\n    volumes:\n      - ${SOCK}:/s\n' > "$F/app/compose.yaml"
printf 'FROM nginx:1.25\nUSER 101\n' > "$F/app/Dockerfile"
printf 'SOCK=/var/run/docker.sock\n' > "$F/app/.env"
(cd "$F" && "$BIN" check -f app/compose.yaml --format json --output "$WORK/dash-f.json" >/dev/null 2>&1)
expect_contains "$WORK/dash-f.json" '"rule_id":"CLR102"'
expect_not_contains "$WORK/dash-f.json" '"rule_id":"CLR903"'

# COMPOSE_FILE set in an --env-file picks the project's files, as it does in .env.
E="$WORK/env-file-compose-file"
mkdir -p "$E"
printf 'services:\n  app:\n    image: nginx:1.25\n    privileged: true\n' > "$E/compose.yaml"
printf 'services:\n  app:\n    privileged: false\n' > "$E/compose.prod.yaml"
printf 'COMPOSE_FILE=compose.yaml:compose.prod.yaml\n' > "$E/prod.env"
"$BIN" check "$E" --env-file "$E/prod.env" --select CLR101 --format json --output "$WORK/env-cf.json" >/dev/null 2>&1
expect_not_contains "$WORK/env-cf.json" '"rule_id":"CLR101"'
"$BIN" check "$E" --select CLR101 --format json --output "$WORK/env-cf-none.json" >/dev/null 2>&1
expect_contains "$WORK/env-cf-none.json" '"rule_id":"CLR101"'

# A relative bind source that climbs to the host's root, or beside the project's top-level
# folder, is judged as the host path it reaches (CLR103); `..` (the checkout's own folders) is not.
R="$WORK/relative/project"
mkdir -p "$R"
ups=$(printf '%s' "$R" | tr -cd '/' | wc -c)
root=$(printf '../%.0s' $(seq "$ups")); root=${root%/}
printf 'services:\n  a:\n    image: nginx:1.25\n    volumes:\n      - %s:/host\n      - %s/etc:/e\n      - ..:/ws\n' \
  "$root" "$root" > "$R/compose.yaml"
"$BIN" check "$R" --select CLR103 --format text --output "$WORK/relative.txt" >/dev/null 2>&1
expect_contains "$WORK/relative.txt" "mounts the host's / read-write"
expect_contains "$WORK/relative.txt" "mounts the host's /etc read-write"
[ "$(grep -c 'CLR103' "$WORK/relative.txt")" -eq 2 ] || fail "expected exactly two CLR103 findings: $(cat "$WORK/relative.txt")"

# A file of no kind clearance checks is named on stderr, not passed over in silence; the exit
# code stays that of the files that were checked.
N="$WORK/notchecked"
mkdir -p "$N"
printf '# readme\n' > "$N/README.md"
printf 'apiVersion: v1\nkind: Pod\n' > "$N/pod.yml"
printf 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' > "$N/compose.yaml"
(cd "$N" && "$BIN" check README.md pod.yml --select CLR101 >"$WORK/out" 2>"$WORK/err"); rc=$?
[ $rc -eq 0 ] || fail "files not checked changed the exit code ($rc)"
expect_contains "$WORK/err" "clearance: README.md: not a compose file, Dockerfile, env file or .dockerignore; not checked"
expect_contains "$WORK/err" "clearance: pod.yml: not a compose file, Dockerfile, env file or .dockerignore; not checked"
(cd "$N" && "$BIN" check README.md compose.yaml --select CLR101 >"$WORK/out" 2>"$WORK/err"); rc=$?
[ $rc -eq 1 ] || fail "a file not checked hid the findings of the others ($rc)"
expect_not_contains "$WORK/err" "compose.yaml: not a compose file"

# A Dockerfile named with another separator than a dot is checked when it is named; a file
# whose suffix says it is something else is not.
printf 'FROM node:22\nRUN curl -fsSL https://example.com/i.sh | sh\n' > "$N/Dockerfile-windows"
printf 'FROM node:22\nRUN wget -qO- https://example.com/i.sh | bash\n' > "$N/api_dockerfile"
printf '# notes on the Dockerfile\n' > "$N/Dockerfile-notes.md"
(cd "$N" && "$BIN" check Dockerfile-windows api_dockerfile Dockerfile-notes.md --select CLR406 --format text \
  >"$WORK/out" 2>"$WORK/err")
expect_contains "$WORK/out" "Dockerfile-windows:2:"
expect_contains "$WORK/out" "api_dockerfile:2:"
expect_contains "$WORK/err" "clearance: Dockerfile-notes.md: not a compose file, Dockerfile, env file or .dockerignore; not checked"
# A scan does not take them (a folder of notes beside a Dockerfile is common).
"$BIN" check "$N" --select CLR406 --format text >"$WORK/out" 2>&1
expect_not_contains "$WORK/out" "Dockerfile-windows"
# A compose file named beside the file that `include:`s it is part of that project, as in a
# scan: its variables come from the including project (no CLR605 for a variable the includer's
# .env sets), in whichever order the two are named. Named alone, it is a project of its own.
I="$WORK/include"
mkdir -p "$I/sub"
printf 'include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n' > "$I/compose.yaml"
printf 'SUB_TAG=1.27\n' > "$I/.env"
printf 'services:\n  sub:\n    image: "nginx:${SUB_TAG}"\n    privileged: true\n' > "$I/sub/compose.yaml"
for order in "compose.yaml sub/compose.yaml" "sub/compose.yaml compose.yaml"; do
  # shellcheck disable=SC2086  # two paths, split on purpose
  (cd "$I" && "$BIN" check $order --select CLR101,CLR605 --format text >"$WORK/out" 2>&1)
  expect_contains "$WORK/out" "sub/compose.yaml:4:"
  expect_not_contains "$WORK/out" "SUB_TAG"
  [ "$(grep -c 'CLR101' "$WORK/out")" -eq 1 ] || fail "($order) expected CLR101 once: $(cat "$WORK/out")"
done
(cd "$I/sub" && "$BIN" check compose.yaml --select CLR605 --format text >"$WORK/out" 2>&1)
expect_contains "$WORK/out" "SUB_TAG"
# `-f` files from two folders: the project directory is the first file's folder, and the second
# file's `extends: {file: ...}` and `include:` start there too (compose-go resolves them against
# the working directory), as its build contexts and env files do.
F="$WORK/two-folders"
mkdir -p "$F/a" "$F/b"
printf 'services:\n  web:\n    image: nginx:1.27\n' > "$F/a/compose.yaml"
printf 'services:\n  web:\n    extends: {file: base.yaml, service: b}\ninclude: [inc.yaml]\n' > "$F/b/over.yaml"
printf 'services:\n  b:\n    image: nginx:1.27\n    privileged: true\n' > "$F/a/base.yaml"
printf 'services:\n  b:\n    image: nginx:1.27\n    network_mode: host\n' > "$F/b/base.yaml"
printf 'services:\n  inc_a:\n    image: nginx:1.27\n    pid: host\n' > "$F/a/inc.yaml"
printf 'services:\n  inc_b:\n    image: nginx:1.27\n    ipc: host\n' > "$F/b/inc.yaml"
"$BIN" check -f "$F/a/compose.yaml" -f "$F/b/over.yaml" --select CLR101,CLR111,CLR112 --format text >"$WORK/out" 2>&1
expect_contains "$WORK/out" "base.yaml:4:17: critical CLR101"
expect_contains "$WORK/out" "inc.yaml:4:10: high CLR112"
expect_not_contains "$WORK/out" "CLR111"
expect_not_contains "$WORK/out" "inc_b"
finish
