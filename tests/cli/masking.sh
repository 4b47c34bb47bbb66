# Masking: no report carries a secret value. A project with distinctive secrets in a compose file,
# its .env, an env_file, a Dockerfile and a secret file; every format (and the baseline file)
# reports the credential findings while none of the values appears anywhere in the output.
source "$(dirname "$0")/lib.sh"

P="$WORK/project"
mkdir -p "$P/app"
cat > "$P/compose.yaml" <<'YAML'
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-Dflt9QzMaskMe4Wx}
      APP_SECRET: Lit7KqMaskMe2Zp
  app:
    build: ./app
    env_file: [app.env]
    environment:
      - API_TOKEN=ghp_M4skMeT0k3nQ7wLx2Mz7Pc4Nb6HyRk8sT3vQ
      - DATABASE_URL=postgres://app:UrlPw8MaskMe3Kd@db:5432/app
      - SHORT_PASSWORD=pw7
YAML
cat > "$P/.env" <<'ENV'
POSTGRES_PASSWORD=changeme
REDIS_PASSWORD="EnvPw5MaskMe"
export MAIL_PASSWORD='Mail6MaskMe'
ENV
printf 'WORKER_SECRET=Wrk3MaskMe # comment\n' > "$P/app.env"
cat > "$P/app/Dockerfile" <<'DOCKERFILE'
FROM alpine:3.20
ENV ADMIN_PASSWORD=DockEnv4MaskMe
ARG DEPLOY_TOKEN=DockArg5MaskMe
USER 1000
DOCKERFILE

# `changeme` (CLR504's finding) is not listed: the rule's own documentation, in SARIF, names it.
SECRETS=(Dflt9QzMaskMe4Wx Lit7KqMaskMe2Zp ghp_M4skMeT0k3nQ7wLx2Mz7Pc4Nb6HyRk8sT3vQ UrlPw8MaskMe3Kd pw7
         EnvPw5MaskMe Mail6MaskMe Wrk3MaskMe DockEnv4MaskMe DockArg5MaskMe MaskMe)
SELECT=CLR501,CLR502,CLR503,CLR504,CLR505,CLR506,CLR507,CLR508

for format in text json sarif; do
  "$BIN" check "$P" --format "$format" --output "$WORK/all.$format" >/dev/null 2>"$WORK/err"
  "$BIN" check "$P" --select "$SELECT" --format "$format" --output "$WORK/secrets.$format" >/dev/null 2>>"$WORK/err"
  for out in "$WORK/all.$format" "$WORK/secrets.$format"; do
    [ -s "$out" ] || fail "$format: no output"
    for rule in CLR501 CLR502 CLR503 CLR504 CLR505 CLR506 CLR508; do expect_contains "$out" "$rule"; done
    for s in "${SECRETS[@]}"; do expect_not_contains "$out" "$s"; done
  done
  for s in "${SECRETS[@]}"; do expect_not_contains "$WORK/err" "$s"; done
done

# The baseline file keeps an excerpt of what each finding points at: masked too.
"$BIN" check "$P" --select "$SELECT" --write-baseline "$WORK/baseline.json" >/dev/null 2>&1
[ -s "$WORK/baseline.json" ] || fail "no baseline written"
for s in "${SECRETS[@]}"; do expect_not_contains "$WORK/baseline.json" "$s"; done

# Secrets that share a line with a finding about something else: two passwords in one flow
# list, a one-line service (every service rule shows its line), a trailing suppression comment
# after a password (CLR904), and env-file lines broken by an unterminated quote or a space in
# the key (CLR901): the line shown and the message mask every one of them.
Q="$WORK/shared-lines"
mkdir -p "$Q"
cat > "$Q/compose.yaml" <<'YAML'
services:
  app:
    image: ghcr.io/x/app:1.2.3
    environment: [DB_PASSWORD=Qw8eShrdLn5yUi2o, API_TOKEN=Zx9cShrdLn2nMq5w]
  one: {image: "ghcr.io/x/app:1.2.3", environment: {MYSQL_PASSWORD: Pf4kShrdLn8wQz, URL: "https://u:Mn3bShrdLn7x@h.example"}}
  three:
    image: ghcr.io/x/app:1.2.3
    environment:
      REDIS_PASSWORD: Xk9qShrdLn2Vb7Rt # clearance: ignore[CLR505] rotated weekly
YAML
printf 'DB_PASSWORD="Qw8eUntermQt5yUi2o\nAPI_TOKEN Zx9cSpacedKy2nMq5w\n' > "$Q/.env"
SHARED=(Qw8eShrdLn5yUi2o Zx9cShrdLn2nMq5w Pf4kShrdLn8wQz Mn3bShrdLn7x Xk9qShrdLn2Vb7Rt Qw8eUntermQt5yUi2o
        Zx9cSpacedKy2nMq5w ShrdLn Unterm Spaced)
for format in text json sarif; do
  for select in CLR5 CLR1,CLR3,CLR9; do
    "$BIN" check "$Q" --select "$select" --format "$format" --output "$WORK/shared.$format" >/dev/null 2>"$WORK/err"
    [ -s "$WORK/shared.$format" ] || fail "$format: no output"
    for s in "${SHARED[@]}"; do expect_not_contains "$WORK/shared.$format" "$s"; expect_not_contains "$WORK/err" "$s"; done
  done
done
expect_contains "$WORK/shared.text" "CLR901"
"$BIN" check "$Q" --write-baseline "$WORK/shared-baseline.json" >/dev/null 2>&1
for s in "${SHARED[@]}"; do expect_not_contains "$WORK/shared-baseline.json" "$s"; done

# Messages quote what is wrong, never a value: an invalid interpolation in a password, an ENV
# line that lost its continuation backslash (an unknown instruction), env lines that Compose
# refuses (`KEY?=`, a quote inside a quoted value).
B="$WORK/broken-lines"
mkdir -p "$B"
cat > "$B/compose.yaml" <<'YAML'
services:
  app:
    image: ghcr.io/x/app:1.2.3
    environment:
      DB_PASSWORD: ${1}Brk1nterpSecret9
YAML
printf 'API_TOKEN=${A:-Brk2DefaultSecret9\nDB_PASSWORD?=Brk3QuestionSecret9\nOTHER_PASSWORD="pa"Brk4QuoteSecret9"\n' > "$B/.env"
printf 'FROM alpine:3.20\nENV A=1\n    DB_PASSWORD=Brk5LostBackslash9\nUSER 1000\n' > "$B/Dockerfile"
# The `ENV KEY value` form with an unterminated quote or a glued one (CLR901 shows the line).
printf 'FROM alpine:3.20\nENV DB_PASSWORD "Brk6OpenQuote9\nUSER 1000\n' > "$B/Dockerfile.open"
printf 'FROM alpine:3.20\nenv API_TOKEN Brk7Glued"Quote9\nUSER 1000\n' > "$B/Dockerfile.glued"
for format in text json sarif; do
  "$BIN" check "$B" --format "$format" --output "$WORK/broken.$format" >/dev/null 2>"$WORK/err"
  for s in Brk1nterpSecret9 Brk2DefaultSecret9 Brk3QuestionSecret9 Brk4QuoteSecret9 Brk5LostBackslash9 \
           Brk6OpenQuote9 Brk7Glued; do
    expect_not_contains "$WORK/broken.$format" "$s"
    expect_not_contains "$WORK/err" "$s"
  done
done
expect_contains "$WORK/broken.text" "invalid interpolation format"
expect_contains "$WORK/broken.text" "unknown instruction: DB_PASSWORD=..."

# A `$` inside a password reads as a variable to Compose (CLR605: it is unset), and its "name"
# is the rest of the password: the message masks it, in compose files and env files alike.
D="$WORK/dollar-in-password"
mkdir -p "$D"
cat > "$D/compose.yaml" <<'YAML'
services:
  app:
    image: ghcr.io/x/app:1.2.3
    environment:
      - DB_PASSWORD=Tr0ub4dor&3x$Dlr1HorseBattery9
      - API_URL=https://svc:K9v$Dlr2UrlPart7@api.example.com/
      - PLAIN=${Dlr3NotASecret}
      - "${Dlr5Prefix}_PASSWORD=Dlr6ListValue8"
      - ${Dlr7Name}=Dlr8Other9
  other:
    image: ghcr.io/x/app:1.2.3
    environment:
      "B_PASSWORD=Dlr9InTheKey4": tail
YAML
printf 'ADMIN_PASSWORD=Zq8$Dlr4EnvPart3Xy\n' > "$D/.env"
for format in text json sarif; do
  "$BIN" check "$D" --select CLR5,CLR605 --format "$format" --output "$WORK/dollar.$format" >/dev/null 2>"$WORK/err"
  for s in Dlr1HorseBattery9 Dlr2UrlPart7 Dlr4EnvPart3Xy Dlr6ListValue8 Dlr8Other9 Dlr9InTheKey4; do
    expect_not_contains "$WORK/dollar.$format" "$s"
    expect_not_contains "$WORK/err" "$s"
  done
done
expect_contains "$WORK/dollar.text" "inside a secret value, masked"
# A variable that is the whole value is named: it is a name, not a secret.
expect_contains "$WORK/dollar.text" "Dlr3NotASecret"

# Lines shown for findings about something else: several ENV pairs on one line (each value
# masked, the keys kept), and a password given to curl with -u.
M="$WORK/multi"
mkdir -p "$M"
printf 'FROM python:3.12-slim\nENV API_TOKEN=Mlt1FirstValue9 GH_TOKEN=Mlt2SecondValue9\nRUN curl -k -u admin:Mlt3CurlPass9 https://nexus.example.com/x -o /x\nUSER 1000\n' \
  > "$M/Dockerfile"
for format in text json sarif; do
  "$BIN" check "$M" --format "$format" --output "$WORK/multi.$format" >/dev/null 2>"$WORK/err"
  for s in Mlt1FirstValue9 Mlt2SecondValue9 Mlt3CurlPass9; do
    expect_not_contains "$WORK/multi.$format" "$s"
    expect_not_contains "$WORK/err" "$s"
  done
done
expect_contains "$WORK/multi.text" "ENV API_TOKEN=Ml****** GH_TOKEN=Ml******"

finish
