#!/usr/bin/env bash
# Benchmark: clearance against the cost of merely reading the same files, and against the peer
# dclint when it is installed, all in the same run (ratios, not absolute times, are the result).
#
#   bench/run.sh            1x corpus + 10x corpus; compose files and Dockerfiles alone; the
#                           peers dclint (compose) and dockerfilelint (Dockerfiles) from npm
#   RUNS=5 bench/run.sh     more repetitions (median is reported)
#   PEERS=0 bench/run.sh    skip the peers
#
# Needs ../shared/corpus/real and ../shared/bench/make-corpus.sh (the team's shared corpus).
# dclint: `npm install --prefix bench/.cache/peers dclint` (the script does it when PEERS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${CORPUS:-$root/../shared/corpus/real}
scaler=$root/../shared/bench/make-corpus.sh
cache=$root/bench/.cache
runs=${RUNS:-7}
peers=${PEERS:-1}
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus" >&2; exit 2; }
mkdir -p "$cache"

echo "building Release ..."
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCLEARANCE_TESTS=OFF >/dev/null
cmake --build build-release -j "$(nproc)" --target clearance >/dev/null
bin=$root/build-release/clearance
# The floor under any libyaml-based checker of the compose files: libyaml's event parser alone.
cc -O2 -o "$cache/yaml_floor" bench/yaml_floor.c -lyaml

# File lists from the corpus manifest.
# (a few manifest rows name files the corpus does not hold: keep the ones that exist)
awk -F'\t' -v R="$corpus" 'NR>1 && $4=="compose" {r=$1; gsub("/","__",r); print R"/"r"/"$3}' \
  "$corpus/MANIFEST.tsv" | while IFS= read -r f; do [ -f "$f" ] && echo "$f"; done > "$cache/compose.list"
awk -F'\t' -v R="$corpus" 'NR>1 && $4=="dockerfile" {r=$1; gsub("/","__",r); print R"/"r"/"$3}' \
  "$corpus/MANIFEST.tsv" | while IFS= read -r f; do [ -f "$f" ] && echo "$f"; done > "$cache/dockerfile.list"
find "$corpus" -type f ! -name MANIFEST.tsv > "$cache/all-1x.list"
if [ ! -d "$cache/corpus-10x" ]; then
  echo "building the 10x corpus ..."
  MODE=${MODE:-link} bash "$scaler" "$cache/corpus-10x" 10x >/dev/null
fi
find "$cache/corpus-10x" -type f ! -name SOURCES.tsv > "$cache/all-10x.list"

bytes_of() { xargs -d '\n' -a "$1" stat -c %s | awk '{s+=$1} END {print s}'; }
count_of() { wc -l < "$1"; }

# measure NAME CMD NAME CMD ...: each command run $runs times, the commands taking turns (a,
# b, a, b, ...), so that the machine's drift over a minute touches each alike: the ratios
# between them, which are the result, are then fair. Median wall seconds and max peak RSS (KiB).
declare -A WALL RSS
measure() {
  local -a names=() cmds=()
  while [ $# -ge 2 ]; do names+=("$1"); cmds+=("$2"); shift 2; done
  local -A times=() rss=()
  for _ in $(seq "$runs"); do
    for k in "${!names[@]}"; do
      # Wall time from the shell's microsecond clock (time(1) rounds to 10 ms); RSS from time(1).
      local t0=$EPOCHREALTIME
      /usr/bin/time -f '%M' -o "$cache/time.out" bash -c "${cmds[$k]}" >/dev/null 2>&1 || true
      local t1=$EPOCHREALTIME
      times[$k]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') "
      local r; r=$(tail -1 "$cache/time.out")
      [ "$r" -gt "${rss[$k]:-0}" ] && rss[$k]=$r
    done
  done
  for k in "${!names[@]}"; do
    WALL[${names[$k]}]=$(printf '%s\n' ${times[$k]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    RSS[${names[$k]}]=${rss[$k]}
  done
}

read_files() { xargs -d '\n' -a "$1" cat; }
export -f read_files

row() {  # name files bytes
  local name=$1 files=$2 bytes=$3 wall=${WALL[$1]} rss=${RSS[$1]}
  awk -v n="$name" -v f="$files" -v b="$bytes" -v w="$wall" -v r="$rss" 'BEGIN {
    ws = (w > 0 ? w : 0.001);
    printf "| %-34s | %6d | %7.2f | %8.4f | %9.0f | %7.2f | %7.1f |\n", n, f, b/1e6, w, f/ws, b/1e6/ws, r/1024 }'
}

echo "measuring ($runs runs each, median wall, max RSS) ..."
n_compose=$(count_of "$cache/compose.list"); b_compose=$(bytes_of "$cache/compose.list")
n_docker=$(count_of "$cache/dockerfile.list"); b_docker=$(bytes_of "$cache/dockerfile.list")
n_1x=$(count_of "$cache/all-1x.list"); b_1x=$(bytes_of "$cache/all-1x.list")
n_10x=$(count_of "$cache/all-10x.list"); b_10x=$(bytes_of "$cache/all-10x.list")

check_list() { echo "xargs -s 2000000 -d '\n' -a $1 $bin check --format json --output /dev/null ${2:-}"; }
# A baseline holding every finding (what `--write-baseline` writes for a project adopting
# clearance) must not slow the compose files by more than 10% (issue 3).
xargs -s 2000000 -d '\n' -a "$cache/compose.list" "$bin" check --write-baseline "$cache/compose-baseline.json" \
  --format json --output /dev/null 2>/dev/null || true
measure "read: compose files (cat)" "read_files $cache/compose.list" \
  "libyaml events only: compose files" "xargs -P 2 -n 340 -d '\n' -a $cache/compose.list $cache/yaml_floor" \
  "clearance: compose files (list)" "$(check_list "$cache/compose.list")" \
  "clearance: compose files, baseline" "$(check_list "$cache/compose.list" "--baseline $cache/compose-baseline.json")"
measure "read: Dockerfiles (cat)" "read_files $cache/dockerfile.list" \
  "clearance: Dockerfiles (list)" "$(check_list "$cache/dockerfile.list")"
# What the credential and hygiene rules (CLR5xx, CLR6xx) cost: the same run without them; and
# files given as arguments must go as fast per file as the directory that holds them.
measure "read: 1x corpus (cat)" "read_files $cache/all-1x.list" \
  "clearance: 1x corpus (directory)" "$bin check $corpus --format json --output /dev/null" \
  "clearance: 1x, no CLR5/CLR6 rules" "$bin check $corpus --ignore CLR5 --ignore CLR6 --format json --output /dev/null" \
  "clearance: 1x corpus (file list)" "$(check_list "$cache/all-1x.list")"
measure "read: 10x corpus (cat)" "read_files $cache/all-10x.list" \
  "clearance: 10x corpus (directory)" "$bin check $cache/corpus-10x --format json --output /dev/null"

dclint=""
if [ "$peers" = 1 ]; then
  if [ ! -x "$cache/peers/node_modules/.bin/dclint" ] && command -v npm >/dev/null; then
    npm install --silent --prefix "$cache/peers" dclint@3.1.0 >/dev/null 2>&1 || true
  fi
  [ -x "$cache/peers/node_modules/.bin/dclint" ] && dclint=$cache/peers/node_modules/.bin/dclint
fi
if [ -n "$dclint" ]; then
  saved=$runs; runs=1
  measure "dclint 3.1.0: compose files (list)" "xargs -s 2000000 -d '\n' -a $cache/compose.list $dclint -f json --color false"
  runs=$saved
fi
dockerfilelint=""
if [ "$peers" = 1 ]; then
  if [ ! -x "$cache/peers/node_modules/.bin/dockerfilelint" ] && command -v npm >/dev/null; then
    npm install --silent --prefix "$cache/peers" dockerfilelint@1.8.0 >/dev/null 2>&1 || true
  fi
  [ -x "$cache/peers/node_modules/.bin/dockerfilelint" ] && dockerfilelint=$cache/peers/node_modules/.bin/dockerfilelint
fi
if [ -n "$dockerfilelint" ]; then
  # dockerfilelint crashes on 24 of the corpus's Dockerfiles (bench/dockerfilelint-crashes.txt,
  # found by running it on each file alone), and a crash ends a whole batch: both tools are
  # timed on the files it can read, given in batches as xargs gives them.
  sed "s|^|$corpus/|" bench/dockerfilelint-crashes.txt > "$cache/dockerfilelint-crashes.list"
  grep -vxF -f "$cache/dockerfilelint-crashes.list" "$cache/dockerfile.list" > "$cache/dockerfile-peer.list"
  n_peer=$(count_of "$cache/dockerfile-peer.list"); b_peer=$(bytes_of "$cache/dockerfile-peer.list")
  saved=$runs; runs=5
  measure "clearance: Dockerfiles dfl reads" "$(check_list "$cache/dockerfile-peer.list")" \
    "dockerfilelint 1.8.0: same files" "xargs -s 2000000 -d '\n' -a $cache/dockerfile-peer.list $dockerfilelint -o json"
  runs=$saved
fi

echo
echo "machine: $(nproc) cores, $(uname -r); $(date -u +%Y-%m-%d)"
echo
echo "| run                                | files  |  MB     | wall s   |  files/s  |  MB/s   | RSS MiB |"
echo "|------------------------------------|-------:|--------:|---------:|----------:|--------:|--------:|"
row "read: compose files (cat)" "$n_compose" "$b_compose"
row "libyaml events only: compose files" "$n_compose" "$b_compose"
row "clearance: compose files (list)" "$n_compose" "$b_compose"
row "read: Dockerfiles (cat)" "$n_docker" "$b_docker"
row "clearance: Dockerfiles (list)" "$n_docker" "$b_docker"
row "read: 1x corpus (cat)" "$n_1x" "$b_1x"
row "clearance: 1x corpus (directory)" "$n_1x" "$b_1x"
row "clearance: 1x, no CLR5/CLR6 rules" "$n_1x" "$b_1x"
row "clearance: compose files, baseline" "$n_compose" "$b_compose"
row "clearance: 1x corpus (file list)" "$n_1x" "$b_1x"
row "read: 10x corpus (cat)" "$n_10x" "$b_10x"
row "clearance: 10x corpus (directory)" "$n_10x" "$b_10x"
[ -n "$dclint" ] && row "dclint 3.1.0: compose files (list)" "$n_compose" "$b_compose"
if [ -n "$dockerfilelint" ]; then
  row "clearance: Dockerfiles dfl reads" "$n_peer" "$b_peer"
  row "dockerfilelint 1.8.0: same files" "$n_peer" "$b_peer"
fi
echo
ratio() { awk -v a="${WALL[$1]}" -v b="${WALL[$2]}" 'BEGIN { if (b <= 0) b = 0.001; printf "%.2f", a / b }'; }
echo "clearance / read, compose files : $(ratio 'clearance: compose files (list)' 'read: compose files (cat)')x  (target <= 2)"
echo "libyaml alone / read, compose    : $(ratio 'libyaml events only: compose files' 'read: compose files (cat)')x  (the parser's own floor)"
echo "clearance / read, Dockerfiles   : $(ratio 'clearance: Dockerfiles (list)' 'read: Dockerfiles (cat)')x  (target <= 2)"
echo "clearance / read, 1x corpus     : $(ratio 'clearance: 1x corpus (directory)' 'read: 1x corpus (cat)')x  (target <= 2)"
echo "secret and hygiene rules add    : $(awk -v a="${WALL['clearance: 1x corpus (directory)']}" -v b="${WALL['clearance: 1x, no CLR5/CLR6 rules']}" 'BEGIN { if (b <= 0) b = 0.001; printf "%.0f", (a / b - 1) * 100 }')%  (target <= 30)"
echo "baseline of every finding adds : $(awk -v a="${WALL['clearance: compose files, baseline']}" -v b="${WALL['clearance: compose files (list)']}" 'BEGIN { if (b <= 0) b = 0.001; printf "%.0f", (a / b - 1) * 100 }')%  (compose files; target <= 10)"
echo "file list / directory, 1x corpus: $(ratio 'clearance: 1x corpus (file list)' 'clearance: 1x corpus (directory)')x  (as fast per file)"
echo "clearance / read, 10x corpus    : $(ratio 'clearance: 10x corpus (directory)' 'read: 10x corpus (cat)')x"
echo "10x / 1x wall                   : $(ratio 'clearance: 10x corpus (directory)' 'clearance: 1x corpus (directory)')x  (linear: about 10)"
echo "peak RSS at 10x                 : $(awk -v r="${RSS['clearance: 10x corpus (directory)']}" 'BEGIN {printf "%.1f", r/1024}') MiB  (target < 100)"
if [ -n "$dclint" ]; then
  echo "dclint / clearance, compose     : $(ratio 'dclint 3.1.0: compose files (list)' 'clearance: compose files (list)')x faster"
fi
if [ -n "$dockerfilelint" ]; then
  echo "dockerfilelint / clearance      : $(ratio 'dockerfilelint 1.8.0: same files' 'clearance: Dockerfiles dfl reads')x faster  (target >= 10)"
fi
awk -v c="${WALL['clearance: compose files (list)']}" 'BEGIN { if (c <= 0) c = 0.001;
  printf "compose-lint 0.22.0 (not installable here; 2.230 s measured on this machine kind, research/corpus-and-peers.md): %.0fx faster\n", 2.230 / c }'
