# Provenance: a value set in .env is reported at the .env line with the compose line as a related
# location; a value from an anchor is reported in the anchor with the merge site as related.
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/env" "$WORK/anchor"
printf 'MOUNT=/var/run/docker.sock\n' > "$WORK/env/.env"
cat > "$WORK/env/compose.yaml" <<'YAML'
services:
  agent:
    image: ghcr.io/example/agent:1.0
    volumes:
      - ${MOUNT}:/var/run/docker.sock
YAML
expect_exit 1 "$BIN" check "$WORK/env" --select CLR102 --format json --output "$WORK/env.json"
python3 - "$WORK/env.json" <<'PY' || fail "CLR102 from .env lacks its .env location or the related compose line"
import json, sys
f = json.load(open(sys.argv[1]))["findings"][0]
assert f["rule_id"] == "CLR102" and f["file"] == ".env" and f["start"]["line"] == 1, f
r = f["related"][0]
assert r["file"] == "compose.yaml" and r["start"]["line"] == 5, r
PY
expect_exit 1 "$BIN" check "$WORK/env" --select CLR102 --format sarif --output "$WORK/env.sarif"
expect_contains "$WORK/env.sarif" '"relatedLocations"'

cat > "$WORK/anchor/compose.yaml" <<'YAML'
x-base: &base
  privileged: true
services:
  web:
    <<: *base
    image: nginx:1.27
YAML
expect_exit 1 "$BIN" check "$WORK/anchor" --select CLR101 --format json --output "$WORK/anchor.json"
python3 - "$WORK/anchor.json" <<'PY' || fail "CLR101 from an anchor lacks the merge site"
import json, sys
f = json.load(open(sys.argv[1]))["findings"][0]
assert f["start"]["line"] == 2, f
assert f["related"][0]["start"]["line"] == 5, f["related"]
PY
# Ports and devices are list entries: an anchored one carries its merge site too, and a port an
# override file adds is reported in the override with the base service as the merge site.
mkdir -p "$WORK/ports"
cat > "$WORK/ports/compose.yaml" <<'YAML'
x-base: &base
  ports:
    - "5432:5432"
  devices:
    - /dev/mem:/dev/mem
services:
  db:
    image: postgres:16.4
    <<: *base
YAML
cat > "$WORK/ports/compose.override.yaml" <<'YAML'
services:
  db:
    ports:
      - "6379:6379"
YAML
expect_exit 1 "$BIN" check "$WORK/ports" --select CLR201,CLR113 --format json --output "$WORK/ports.json"
python3 - "$WORK/ports.json" <<'PY' || fail "ports and devices lack their merge sites"
import json, sys
found = {(f["rule_id"], f["file"], f["start"]["line"]): f for f in json.load(open(sys.argv[1]))["findings"]}
anchored = found[("CLR201", "compose.yaml", 3)]
assert anchored["related"][0]["start"]["line"] == 9, anchored
device = found[("CLR113", "compose.yaml", 5)]
assert device["related"][0]["start"]["line"] == 9, device
override = found[("CLR201", "compose.override.yaml", 4)]
assert override["related"][0]["file"] == "compose.yaml" and override["related"][0]["start"]["line"] == 7, override
PY

# A boolean from .env is reported where it is set, as text values are: `privileged: ${PRIV}`
# with PRIV=true at the .env line, the compose line related.
mkdir -p "$WORK/bool"
printf 'PRIV=true\nRO=false\n' > "$WORK/bool/.env"
cat > "$WORK/bool/compose.yaml" <<'YAML'
services:
  web:
    image: ghcr.io/example/web:1.0
    privileged: ${PRIV}
    read_only: ${RO}
YAML
expect_exit 1 "$BIN" check "$WORK/bool" --select CLR101,CLR301 --format json --output "$WORK/bool.json"
python3 - "$WORK/bool.json" <<'PY' || fail "a boolean from .env is not reported at its .env line"
import json, sys
found = {f["rule_id"]: f for f in json.load(open(sys.argv[1]))["findings"]}
for rule, line, used in (("CLR101", 1, 4), ("CLR301", 2, 5)):
    f = found[rule]
    assert f["file"] == ".env" and f["start"]["line"] == line, f
    assert f["related"][0]["file"] == "compose.yaml" and f["related"][0]["start"]["line"] == used, f
PY

# Credentials merged through an anchor or `extends` carry the merge site, as CLR101 does.
mkdir -p "$WORK/merged"
cat > "$WORK/merged/base.yaml" <<'YAML'
services:
  base:
    image: ghcr.io/example/app:1.2.3
    environment:
      DB_PASSWORD: Qw8eRt5yUi2oPa7sDf4g
YAML
cat > "$WORK/merged/compose.yaml" <<'YAML'
x-env: &env
  environment:
    API_TOKEN: Zx9cVb8nMq7wEr6tYu5i
    DB_URL: postgres://app:Vt6yHq3nZp8wKm2rXs5c@db:5432/app
services:
  web:
    <<: *env
    image: ghcr.io/example/app:1.2.3
  job:
    extends:
      file: base.yaml
      service: base
YAML
expect_exit 1 "$BIN" check "$WORK/merged" --select CLR501,CLR502 --format json --output "$WORK/merged.json"
python3 - "$WORK/merged.json" <<'PY' || fail "merged credentials lack the merge site"
import json, sys
found = {(f["rule_id"], f["service"]): f for f in json.load(open(sys.argv[1]))["findings"]}
for key, site in ((("CLR501", "web"), 7), (("CLR502", "web"), 7), (("CLR501", "job"), 10)):
    related = [(r["file"], r["start"]["line"], r["message"]) for r in found[key].get("related", [])]
    assert ("compose.yaml", site, "merged into the service here") in related, (key, related)
PY

# A value built from several .env variables and text (`$REGISTRY:$TAG`, `${BIND}:80`) stays at
# the compose line, which is where the whole value is written, with each variable's .env line
# as a related location.
mkdir -p "$WORK/parts"
printf 'REGISTRY=ghcr.io/acme/app\nTAG=latest\nBIND=0.0.0.0\n' > "$WORK/parts/.env"
cat > "$WORK/parts/compose.yaml" <<'YAML'
services:
  web:
    image: $REGISTRY:$TAG
    ports:
      - "${BIND}:8080:80"
YAML
expect_exit 1 "$BIN" check "$WORK/parts" --select CLR401,CLR201 --format json --output "$WORK/parts.json"
python3 - "$WORK/parts.json" <<'PY' || fail "a value built from .env variables lacks their lines"
import json, sys
found = {f["rule_id"]: f for f in json.load(open(sys.argv[1]))["findings"]}
for rule, line, variables in (("CLR401", 3, {"REGISTRY": 1, "TAG": 2}), ("CLR201", 5, {"BIND": 3})):
    f = found[rule]
    assert (f["file"], f["start"]["line"]) == ("compose.yaml", line), f
    related = {(r["file"], r["start"]["line"], r["message"]) for r in f["related"]}
    for name, env_line in variables.items():
        assert (".env", env_line, "`%s` is set here" % name) in related, (rule, related)
PY

# A Dockerfile finding that a service's build argument makes is that service's: the argument is
# its related location and the finding names the service (and its profiles).
mkdir -p "$WORK/buildarg"
printf 'ARG PY_TAG=3.12.7-slim\nFROM python:${PY_TAG}\nUSER 1000\n' > "$WORK/buildarg/Dockerfile"
cat > "$WORK/buildarg/compose.yaml" <<'YAML'
services:
  app:
    profiles: [batch]
    build:
      context: .
      args:
        PY_TAG: latest
YAML
expect_exit 1 "$BIN" check "$WORK/buildarg" --select CLR401 --format json --output "$WORK/buildarg.json"
python3 - "$WORK/buildarg.json" <<'PY' || fail "CLR401 made by a build argument lacks its service or the argument's location"
import json, sys
f = json.load(open(sys.argv[1]))["findings"][0]
assert f["file"] == "Dockerfile" and f["start"]["line"] == 2 and f["service"] == "app", f
assert f["profiles"] == ["batch"], f
r = f["related"][0]
assert r["file"] == "compose.yaml" and r["start"]["line"] == 7, r
PY
# The same for CLR403 (an end-of-life base image a build argument picks) and CLR412 (a USER a
# build argument makes root): two services that build one Dockerfile with different arguments
# each get the finding their argument makes.
mkdir -p "$WORK/buildargs"
printf 'ARG PY_TAG=3.12-slim\nFROM python:${PY_TAG}\nARG APP_USER=app\nUSER ${APP_USER}\n' > "$WORK/buildargs/Dockerfile"
cat > "$WORK/buildargs/compose.yaml" <<'YAML'
services:
  legacy: {build: {context: ., args: {PY_TAG: "3.8-slim"}}, user: "1000"}
  older: {build: {context: ., args: {PY_TAG: "3.7-slim", APP_USER: root}}}
YAML
expect_exit 1 "$BIN" check "$WORK/buildargs" --select CLR403,CLR412 --eol-date 2026-11-30 --format json \
  --output "$WORK/buildargs.json"
python3 - "$WORK/buildargs.json" <<'PY' || fail "CLR403/CLR412 made by a build argument lack their service"
import json, sys
found = {(f["rule_id"], f["start"]["line"], f["service"]): f for f in json.load(open(sys.argv[1]))["findings"]}
assert set(found) == {("CLR403", 2, "legacy"), ("CLR403", 2, "older"), ("CLR412", 4, "older")}, set(found)
for (rule, line, service), f in found.items():
    related = {(r["file"], r["start"]["line"]) for r in f["related"]}
    assert ("compose.yaml", 2 if service == "legacy" else 3) in related, (rule, service, related)
PY
# A base service's own value is shared with the service that extends it: only the extending
# service's finding has the `extends` site as its merge site.
mkdir -p "$WORK/extends-base"
printf 'services:\n  base:\n    image: nginx:1.29\n    privileged: true\n  web:\n    extends: base\n' \
  > "$WORK/extends-base/compose.yaml"
expect_exit 1 "$BIN" check "$WORK/extends-base" --select CLR101 --format json --output "$WORK/extends-base.json"
python3 - "$WORK/extends-base.json" <<'PY' || fail "the extends site was given to the base service's own finding"
import json, sys
found = {f["service"]: [(r["start"]["line"], r["message"]) for r in f["related"]] for f in json.load(open(sys.argv[1]))["findings"]}
assert found["base"] == [], found
assert found["web"] == [(6, "merged into the service here")], found
PY
# In a chain (a extends b extends c), the value reaches a through b's extends: a keeps that
# merge site; c, whose own value it is, has none.
printf 'services:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    image: nginx:1.29\n    privileged: true\n' \
  > "$WORK/extends-base/compose.yaml"
expect_exit 1 "$BIN" check "$WORK/extends-base" --select CLR101 --format json --output "$WORK/extends-chain.json"
python3 - "$WORK/extends-chain.json" <<'PY' || fail "a chain of extends lost or misplaced its merge site"
import json, sys
found = {f["service"]: [(r["start"]["line"], r["message"]) for r in f["related"]] for f in json.load(open(sys.argv[1]))["findings"]}
assert found["c"] == [], found
assert found["b"] == [(5, "merged into the service here")], found
assert found["a"] == [(5, "merged into the service here")], found
PY
# A long-syntax port whose `published:` is a .env variable: the .env line is related, as for
# the short syntax.
mkdir -p "$WORK/long-port"
printf 'services:\n  web:\n    image: ghcr.io/acme/web:1.0.0\n    ports:\n      - target: 80\n        published: ${WEB_PORT}\n' \
  > "$WORK/long-port/compose.yaml"
printf 'WEB_PORT=110\n' > "$WORK/long-port/.env"
expect_exit 1 "$BIN" check "$WORK/long-port" --select CLR201,CLR203 --format json --output "$WORK/long-port.json"
python3 - "$WORK/long-port.json" <<'PY' || fail "a long-syntax published port lacks its .env line"
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
assert {f["rule_id"] for f in findings} == {"CLR201", "CLR203"}, findings
for f in findings:
    assert (".env", 1, "`WEB_PORT` is set here") in {(r["file"], r["start"]["line"], r["message"]) for r in f["related"]}, f
PY
finish
