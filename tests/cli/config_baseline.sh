# Configuration file, inline suppressions, baselines and --profile, end to end.
source "$(dirname "$0")/lib.sh"

# --- configuration errors: exit 2 with file:line:column -------------------------------------
mkdir -p "$WORK/badcfg"
cat > "$WORK/badcfg/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:1.27
YAML
cat > "$WORK/badcfg/.clearance.yaml" <<'YAML'
fail_on: high
rulez:
  CLR101: false
YAML
expect_exit 2 "$BIN" check "$WORK/badcfg"
expect_contains "$WORK/err" ".clearance.yaml:2:1: unknown key 'rulez'"
expect_exit 2 "$BIN" config --dump "$WORK/badcfg"
expect_contains "$WORK/err" ".clearance.yaml:2:1:"
printf 'rules:\n  CLR999: false\n' > "$WORK/badcfg/.clearance.yaml"
expect_exit 2 "$BIN" check "$WORK/badcfg"
expect_contains "$WORK/err" ".clearance.yaml:2:3: unknown rule id or prefix 'CLR999'"
printf 'exclude:\n  - paths: [x]\n    reason: r\n    expires: 31/12/2026\n' > "$WORK/badcfg/.clearance.yaml"
expect_exit 2 "$BIN" check "$WORK/badcfg"
expect_contains "$WORK/err" ".clearance.yaml:4:14: \`expires\` must be a date"
expect_exit 2 "$BIN" check "$WORK/badcfg" --config "$WORK/no-such-config.yaml"
expect_contains "$WORK/err" "no-such-config.yaml"

# --- the configuration applies; the command line overrides it --------------------------------
mkdir -p "$WORK/cfg"
cat > "$WORK/cfg/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:1.27
    privileged: true
YAML
cat > "$WORK/cfg/.clearance.yaml" <<'YAML'
fail_on: critical
rules:
  CLR101: medium
YAML
expect_exit 0 "$BIN" check "$WORK/cfg" --select CLR101
expect_contains "$WORK/out" "medium CLR101"
expect_exit 1 "$BIN" check "$WORK/cfg" --select CLR101 --fail-on medium
# --config names another file; the scan root's is then not read.
printf 'fail_on: critical\nrules:\n  CLR101: false\n' > "$WORK/other.yaml"
expect_exit 0 "$BIN" check "$WORK/cfg" --config "$WORK/other.yaml"
expect_not_contains "$WORK/out" "CLR101"
expect_exit 1 "$BIN" check "$WORK/cfg" --config "$WORK/other.yaml" --select CLR101  # --select wins

# config --dump: the effective configuration, YAML (itself a valid configuration) or JSON.
expect_exit 0 "$BIN" config --dump "$WORK/cfg"
expect_contains "$WORK/out" "fail_on: critical"
expect_contains "$WORK/out" "CLR101: {enabled: true, severity: medium}"
cp "$WORK/out" "$WORK/dumped.yaml"
expect_exit 0 "$BIN" check "$WORK/cfg" --config "$WORK/dumped.yaml" --select CLR101
expect_exit 0 "$BIN" config --dump "$WORK/cfg" --format json --fail-on low --production
expect_contains "$WORK/out" '"fail_on": "low"'
expect_contains "$WORK/out" '"production": true'
expect_exit 2 "$BIN" config

# --- inline suppressions in the reports ------------------------------------------------------
mkdir -p "$WORK/inline"
cat > "$WORK/inline/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:1.27
    privileged: true  # clearance: ignore[CLR101] the CI runner builds images
YAML
expect_exit 0 "$BIN" check "$WORK/inline" --select CLR101
expect_contains "$WORK/out" "No findings (1 suppressed)."
expect_not_contains "$WORK/out" "CLR101"
expect_exit 0 "$BIN" check "$WORK/inline" --select CLR101 --show-suppressed
expect_contains "$WORK/out" "suppressed (inline): the CI runner builds images"
expect_exit 0 "$BIN" check "$WORK/inline" --select CLR101 --format json
expect_contains "$WORK/out" '"suppressed":{"kind":"inline","reason":"the CI runner builds images"}'
expect_contains "$WORK/out" '"schema_version":1'
expect_exit 0 "$BIN" check "$WORK/inline" --select CLR101 --format sarif
expect_contains "$WORK/out" '"suppressions":[{"kind":"inSource","justification":"the CI runner builds images"'
expect_exit 1 "$BIN" check "$WORK/inline" --select CLR101 --no-inline-ignores
expect_contains "$WORK/out" "1 finding: 1 critical"

# --- baselines -----------------------------------------------------------------------------
mkdir -p "$WORK/base"
cat > "$WORK/base/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:1.27
    privileged: true
    environment:
      POSTGRES_PASSWORD: hunter2hunter2
YAML
expect_exit 0 "$BIN" check "$WORK/base" --write-baseline "$WORK/baseline.json"
expect_contains "$WORK/baseline.json" '"clearance_baseline": 1'
expect_contains "$WORK/baseline.json" '"rule_id":"CLR101","file":"compose.yaml","service":"web","excerpt":"true","count":1'
expect_not_contains "$WORK/baseline.json" "hunter2hunter2"
ls "$WORK"/baseline.json.tmp* >/dev/null 2>&1 && fail "temporary baseline file left behind"
expect_exit 0 "$BIN" check "$WORK/base" --baseline "$WORK/baseline.json"
expect_contains "$WORK/out" "suppressed)."
# What cannot be a baseline is refused at once with its reason: a folder, a FIFO (without
# waiting for a writer), a file over the size limit (without reading it), a missing file.
mkdir -p "$WORK/baseline-dir"
mkfifo "$WORK/baseline-fifo"
truncate -s 300M "$WORK/baseline-huge.json"
for b in baseline-dir baseline-fifo baseline-huge.json baseline-missing.json; do
  expect_exit 2 timeout 10 "$BIN" check "$WORK/base" --baseline "$WORK/$b"
  expect_contains "$WORK/err" "$b: cannot read the baseline: "
done
expect_contains "$WORK/err" "No such file or directory"
rm -f "$WORK/baseline-huge.json"
# Lines inserted above the finding: still baselined.
cat > "$WORK/base/compose.yaml" <<'YAML'
# A new header comment.
x-logging: &logging
  driver: json-file

services:
  cache:
    image: redis:7.4
    read_only: true
  web:
    image: nginx:1.27
    privileged: true
    environment:
      POSTGRES_PASSWORD: hunter2hunter2
YAML
"$BIN" check "$WORK/base" --select CLR101 --format json --baseline "$WORK/baseline.json" > "$WORK/moved.json"
expect_contains "$WORK/moved.json" '"kind":"baseline"'
expect_contains "$WORK/moved.json" '"critical":0'
# A second finding of the same rule, on other content: reported.
cat >> "$WORK/base/compose.yaml" <<'YAML'
  api:
    image: nginx:1.27
    privileged: true
YAML
expect_exit 1 "$BIN" check "$WORK/base" --select CLR101 --baseline "$WORK/baseline.json"
expect_contains "$WORK/out" "compose.yaml:16:17: critical CLR101"
expect_contains "$WORK/out" "1 finding: 1 critical (1 suppressed)"
expect_exit 1 "$BIN" check "$WORK/base" --select CLR101 --baseline "$WORK/baseline.json" --format sarif
expect_contains "$WORK/out" '"suppressions":[{"kind":"external"'
# A broken baseline is an error, not an empty baseline.
echo '{"findings": []}' > "$WORK/broken.json"
expect_exit 2 "$BIN" check "$WORK/base" --baseline "$WORK/broken.json"
expect_contains "$WORK/err" "not a clearance baseline"
expect_exit 2 "$BIN" check "$WORK/base" --baseline "$WORK/missing.json"

# --- --profile: one value each, passed to the loader -----------------------------------------
mkdir -p "$WORK/prof"
cat > "$WORK/prof/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:1.27
  debug:
    image: nginx:1.27
    profiles: [debug]
    privileged: true
YAML
expect_exit 1 "$BIN" check "$WORK/prof" --select CLR101
expect_exit 0 "$BIN" check --profile other "$WORK/prof" --select CLR101
expect_exit 1 "$BIN" check --profile debug "$WORK/prof" --select CLR101


# --- credential findings carry their service: per-service excludes apply ------------------
mkdir -p "$WORK/svcex"
cat > "$WORK/svcex/compose.yaml" <<'YAML'
services:
  legacy:
    image: ghcr.io/example/app:1.2.3
    environment:
      DB_URL: postgres://app:Vt6yHq3nZp8wKm2rXs5c@db:5432/app
      DB_PASSWORD: ${DB_PASSWORD:-Rr9uJm4kWq7zNp2x}
      GH: ghp_R4nd0mT0k3nV4lu3Xq9Zk2Lm8Np5Wv7Yt3Bc6
      API_KEY: Gh5tYk8mLp3wQz9rVn2bXy
YAML
printf 'exclude:\n  - services: [legacy]\n    rules: [CLR5]\n    reason: rotated in SEC-1\n' > "$WORK/svcex/.clearance.yaml"
expect_exit 0 "$BIN" check "$WORK/svcex" --select CLR5 --format json --output "$WORK/svcex.json"
python3 - "$WORK/svcex.json" <<'PY' || fail "credential findings lack their service"
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
assert {f["rule_id"] for f in findings} >= {"CLR501", "CLR502", "CLR503", "CLR508"}, findings
for f in findings:
    assert f["service"] == "legacy" and f["suppressed"]["kind"] == "config", f
PY

# --- config --dump reads back as the run it describes ---------------------------------------
# The effective state of every rule is shown as comments: written as settings, it pinned the
# defaults of the dumping run (CLR402, off by default, stayed off under --production).
mkdir -p "$WORK/dump"
cat > "$WORK/dump/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:1.27
    privileged: true
  db:
    image: postgres:16.4
    ports: ["5432:5432"]
YAML
printf 'rules:\n  CLR3: low\n' > "$WORK/dump/.clearance.yaml"
same_findings() {  # A.json B.json: the same rules, severities, places and services
  python3 - "$1" "$2" <<'PY'
import json, sys
def key(p):
    return sorted((f["rule_id"], f["severity"], f["file"], f["start"]["line"], f["service"] or "")
                  for f in json.load(open(p))["findings"])
a, b = key(sys.argv[1]), key(sys.argv[2])
assert a == b, (a, b)
PY
}
for dump_args in "" "--production" "--select CLR1,CLR4 --ignore CLR402"; do
  # shellcheck disable=SC2086
  "$BIN" config --dump "$WORK/dump" $dump_args >"$WORK/dumped.yaml" || fail "config --dump $dump_args"
  for production in "" "--production"; do
    # shellcheck disable=SC2086
    "$BIN" check "$WORK/dump" $dump_args $production --format json --output "$WORK/direct.json" 2>/dev/null
    # shellcheck disable=SC2086
    "$BIN" check "$WORK/dump" --config "$WORK/dumped.yaml" $production --format json --output "$WORK/reloaded.json" \
      2>/dev/null
    same_findings "$WORK/direct.json" "$WORK/reloaded.json" ||
      fail "config --dump $dump_args, read back with $production, changes the findings"
  done
done
expect_exit 0 "$BIN" config --dump "$WORK/dump"
expect_contains "$WORK/out" "CLR3: {severity: low}"
expect_contains "$WORK/out" "#   CLR402: {enabled: false, severity: low}"
grep -q '^  CLR402:' "$WORK/out" && fail "config --dump writes CLR402's default state as a setting"

# --- an exclude that matched nothing is CLR904 at the exclude --------------------------------
mkdir -p "$WORK/unused"
printf 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' > "$WORK/unused/compose.yaml"
cat > "$WORK/unused/.clearance.yaml" <<'YAML'
exclude:
  - services: [web]
    rules: [CLR101]
    reason: needs the host
  - services: [gone]
    reason: a service removed long ago
  - rules: [CLR5]
    reason: no secrets here
YAML
expect_exit 0 "$BIN" check "$WORK/unused" --select CLR101,CLR904
expect_contains "$WORK/out" ".clearance.yaml:5:5: low CLR904"
expect_contains "$WORK/out" "exclude matched no finding"
expect_not_contains "$WORK/out" ".clearance.yaml:2:"
expect_not_contains "$WORK/out" ".clearance.yaml:7:"  # for rules that did not run: nothing to match
expect_exit 0 "$BIN" check "$WORK/unused" --select CLR101
expect_not_contains "$WORK/out" "CLR904"

# --- a broken baseline is pointed at by line and column ---------------------------------------
printf '{\n  "clearance_baseline": 1,\n  "findings": [\n    {"fingerprint":"0123456789abcdef","count":1},,\n  ]\n}\n' \
  > "$WORK/commas.json"
expect_exit 2 "$BIN" check "$WORK/base" --baseline "$WORK/commas.json"
expect_contains "$WORK/err" "commas.json:4:50: not a clearance baseline: invalid JSON"
printf '{"clearance_baseline": 1,\n "findings": [\n  {"fingerprint":"0123456789abcdef"},\n  {"fingerprint":"abc"}]}\n' \
  > "$WORK/entry.json"
expect_exit 2 "$BIN" check "$WORK/base" --baseline "$WORK/entry.json"
expect_contains "$WORK/err" "entry.json:4:3: not a clearance baseline: entry 2 has no valid \"fingerprint\""
finish
