#!/usr/bin/env bash
# The SARIF report must pass the Microsoft SARIF Multitool's SARIF and GitHub rule sets with no
# error and no warning, both for a run with findings and for a clean run (`"results": []`).
#   bash tests/cli/sarif_valid.sh <clearance-binary> <source-dir>
set -euo pipefail

clearance=$(realpath "$1")
src=$(realpath "$2")
sarif_dir="$src/tests/sarif"
multitool="$sarif_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

# The validator is a self-contained .NET program: no ICU needed, no telemetry.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [[ ! -e "$multitool" ]]; then
  if ! npm ci --prefix "$sarif_dir" --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "sarif_valid: cannot install the SARIF Multitool (npm ci in tests/sarif failed)" >&2
    exit 77
  fi
fi
# npm may skip the package's postinstall script, which only sets this bit.
[[ -x "$multitool" ]] || chmod u+x "$multitool"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A project with findings: insecure settings, a path that needs percent-encoding, non-ASCII
# text, and a file that does not parse (so that at least CLR901 fires whatever rules exist).
mkdir -p "$work/findings/my app" "$work/findings/broken" "$work/clean"
cat >"$work/findings/my app/compose.yaml" <<'YAML'
services:
  web:
    image: nginx:latest
    privileged: true
    user: root
    network_mode: host
    cap_add: [SYS_ADMIN]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
    environment:
      POSTGRES_PASSWORD: postgres
      GREETING: "héllo wörld"
  db:
    image: postgres
    ports:
      - "5432:5432"
YAML
printf 'services:\n  web:\n    image: [unclosed\n' >"$work/findings/broken/compose.yaml"
printf 'services: {}\n' >"$work/clean/compose.yaml"

status=0

# Runs clearance on a project; exit 0 (clean) and 1 (findings) are both normal here.
check() {
  local project=$1 out=$2 rc=0
  "$clearance" check "$project" --format sarif --output "$out" || rc=$?
  if ((rc > 1)); then
    echo "sarif_valid: clearance check $project exited $rc" >&2
    return 1
  fi
}

# The Multitool exits 0 even when it reports errors, and silently skips a log it cannot
# deserialise (an unknown enum value), so the shape is checked here and its output is read.
check_shape() {
  local file=$1 expect=$2
  node -e '
    const doc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const expect = process.argv[2];
    const fail = (m) => { console.error("sarif_valid: " + process.argv[1] + ": " + m); process.exit(1); };
    if (doc.version !== "2.1.0" || !doc.$schema) fail("not a SARIF 2.1.0 log");
    if (!Array.isArray(doc.runs) || doc.runs.length !== 1) fail("expected exactly one run");
    const run = doc.runs[0];
    const rules = run.tool.driver.rules || [];
    if (!Array.isArray(run.results)) fail("no results array");
    if (expect === "clean" && run.results.length !== 0) fail("expected \"results\": []");
    if (expect === "findings" && run.results.length === 0) fail("expected results");
    for (const r of run.results) {
      if (!["error", "warning", "note"].includes(r.level)) fail("bad level " + r.level);
      if (!rules[r.ruleIndex] || rules[r.ruleIndex].id !== r.ruleId) fail("bad ruleIndex for " + r.ruleId);
      if (!r.partialFingerprints || !r.partialFingerprints["clearance/v1"]) fail("no fingerprint");
    }
  ' "$file" "$expect"
}

validate() {
  local file=$1 output
  output=$("$multitool" validate --rule-kind "Gh;Sarif" --level "Error;Warning" "$file" 2>&1) || {
    echo "$output" >&2
    return 1
  }
  if grep -Eq ': (error|warning) [A-Z]+[0-9]+' <<<"$output" || ! grep -q 'Analysis completed successfully' <<<"$output"; then
    echo "$output" >&2
    return 1
  fi
}

run_case() {
  local name=$1 project=$2 expect=$3
  local out="$work/$name.sarif"
  if check "$project" "$out" && check_shape "$out" "$expect" && validate "$out"; then
    echo "ok: $name"
  else
    echo "FAIL: $name (SARIF kept at $out)" >&2
    trap - EXIT
    status=1
  fi
}

run_case findings "$work/findings" findings
run_case clean "$work/clean" clean
# Two paths, one outside the root (the current folder): its results carry an absolute file
# URI and no uriBaseId, which code scanning cannot resolve against %SRCROOT%.
outside="$work/outside.sarif"
rc=0
(cd "$work/clean" && "$clearance" check "$work/findings/my app" . --format sarif --output "$outside") || rc=$?
if ((rc > 1)) || ! check_shape "$outside" findings || ! validate "$outside" ||
   ! grep -q '"uri":"file://[^"]*/findings/my%20app/compose.yaml"' "$outside" ||
   grep -q '"uri":"/' "$outside"; then
  echo "FAIL: outside (SARIF kept at $outside)" >&2
  trap - EXIT
  status=1
else
  echo "ok: outside"
fi
# Every fixture at once: the widest spread of rules and result shapes.
if compgen -G "$src/tests/fixtures/*/*" >/dev/null; then
  run_case fixtures "$src/tests/fixtures" any
fi

exit "$status"
