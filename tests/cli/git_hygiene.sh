# CLR601/CLR602 against a real git repository built here: a committed .env (CLR602, even once
# ignored), an ignored .env.local, a service env file re-included by a nested .gitignore's `!`
# line, an env file nothing ignores and a secret's `file:` (CLR601); then the same folder
# without its repository, judged from the .gitignore files alone.
source "$(dirname "$0")/lib.sh"
command -v git >/dev/null || { echo "git not installed: skipped"; exit 0; }

# Keep the user's and the system's git configuration (core.excludesFile) out of the test.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
R="$WORK/repo"
mkdir -p "$R/svc" "$R/secrets"
cd "$R" || exit 1
git init -q . && git config user.email t@example.com && git config user.name test
printf 'POSTGRES_PASSWORD=Tq8vX2mLp9Rz4wKs\n' > .env
printf 'POSTGRES_PASSWORD=changeme\n' > .env.example
printf 'POSTGRES_PASSWORD=local-override-1\n' > .env.local
printf '# production\nPOSTGRES_PASSWORD=Prod-Value-7788x\n' > .env.prod
printf 'TOKEN=abc123def456\n' > svc/app.env
printf 'PORT=3000\nCOMPOSE_PROJECT_NAME=shop\n' > .env.dev  # plain settings: never reported
printf 's3cret-db-pass\n' > secrets/db_password.txt
cat > compose.yaml <<'YAML'
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
secrets:
  db_password:
    file: ./secrets/db_password.txt
YAML
cat > svc/compose.yaml <<'YAML'
services:
  app:
    image: ghcr.io/example/app:1.0
    env_file: app.env
YAML
printf '.env.local\n*.env\n' > .gitignore
printf '!app.env\n' > svc/.gitignore
# `*.env` ignores .env too: it was forced in, as happens.
git add -f .env && git add .env.example .gitignore svc/.gitignore compose.yaml svc/compose.yaml &&
  git commit -qm init
# Ignoring a committed file afterwards does not untrack it.
printf '.env\n' >> .gitignore
cd - >/dev/null || exit 1

check() {  # DIR OUT: the findings as "RULE file:line", sorted
  "$BIN" check "$1" --select CLR601,CLR602 --format json --output "$2.json" >/dev/null 2>"$2.err"
  python3 - "$2.json" > "$2" <<'PY'
import json, sys
for f in sorted(json.load(open(sys.argv[1]))["findings"], key=lambda f: (f["file"], f["rule_id"])):
    print(f'{f["rule_id"]} {f["severity"]} {f["file"]}:{f["start"]["line"]}')
PY
}

check "$R" "$WORK/in_repo"
cat > "$WORK/want_in_repo" <<'EOF'
CLR602 critical .env:1
CLR601 high .env.prod:2
CLR601 high compose.yaml:9
CLR601 high svc/app.env:1
EOF
diff -u "$WORK/want_in_repo" "$WORK/in_repo" || fail "findings in the repository differ"
expect_contains "$WORK/in_repo.json" '.gitignore:3 `.env` ignores it now, but ignoring does not untrack'
expect_contains "$WORK/in_repo.json" 're-included by svc/.gitignore:1 `!app.env`'
expect_contains "$WORK/in_repo.json" 'secret `db_password`'
expect_not_contains "$WORK/in_repo.json" 'from .gitignore files alone'
expect_not_contains "$WORK/in_repo.json" 'Tq8vX2mLp9Rz4wKs'
python3 - "$WORK/in_repo.json" <<'PY' || fail "svc/app.env lacks its env_file line as related location"
import json, sys
f = [f for f in json.load(open(sys.argv[1]))["findings"] if f["file"] == "svc/app.env"][0]
r = f["related"][0]
assert r["file"] == "svc/compose.yaml" and r["start"]["line"] == 4, r
PY

# The same folder without its repository: nothing is known to be tracked, and .gitignore
# (which now lists .env) is read alone.
N="$WORK/norepo"
cp -r "$R" "$N" && rm -rf "$N/.git"
check "$N" "$WORK/no_repo"
cat > "$WORK/want_no_repo" <<'EOF'
CLR601 high .env.prod:2
CLR601 high compose.yaml:9
CLR601 high svc/app.env:1
EOF
diff -u "$WORK/want_no_repo" "$WORK/no_repo" || fail "findings without a repository differ"
[ "$(grep -o 'from .gitignore files alone' "$WORK/no_repo.json" | wc -l)" -eq 3 ] ||
  fail "every finding without a repository should say it was judged from .gitignore files alone"
# Files named from inside the repository but lying outside it are judged by their own folder:
# the repository's status does not cover them (it would say "not ignored" for everything).
O="$WORK/outside"
mkdir -p "$O"
printf 'services:\n  app:\n    image: ghcr.io/example/app:1.0\n    env_file: app.env\n' > "$O/compose.yaml"
printf 'TOKEN=abc123def456\n' > "$O/app.env"
printf 'app.env\n' > "$O/.gitignore"
(cd "$R" && "$BIN" check compose.yaml "$O/compose.yaml" --select CLR601 --format json --output "$WORK/mixed.json" >/dev/null 2>&1)
expect_contains "$WORK/mixed.json" 'compose.yaml'
expect_not_contains "$WORK/mixed.json" 'app.env'
# A file the project reads from outside its repository (`env_file: ../shared.env`) is no file
# of that repository: git can neither commit nor ignore it, and CLR601 does not say it would.
printf 'DB_PASSWORD=Kq8vT2xLm9Wz4pRbN7\n' > "$WORK/shared.env"
mkdir -p "$R/uses-outside"
printf 'services:\n  app:\n    image: ghcr.io/example/app:1.0\n    env_file: ../../shared.env\n' > "$R/uses-outside/compose.yaml"
check "$R/uses-outside" "$WORK/uses_outside"
[ -s "$WORK/uses_outside" ] && fail "a file outside the repository was reported: $(cat "$WORK/uses_outside")"
finish
