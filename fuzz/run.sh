#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each one.
#   fuzz/run.sh smoke          each target for a few seconds on the seed corpus (make test)
#   fuzz/run.sh long [SECS]    each target for SECS seconds (default 600), growing fuzz/corpus-run/
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-smoke}
secs=${2:-600}
build=${FUZZ_BUILD:-build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLEARANCE_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fi
# Every fuzz/<name>_fuzzer.cpp is a target with seeds in fuzz/seeds/<name>/.
targets=()
for source in fuzz/*_fuzzer.cpp; do
  name=$(basename "$source" .cpp)
  targets+=("$name")
done
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null
for target in "${targets[@]}"; do
  seeds=fuzz/seeds/${target%_fuzzer}
  mkdir -p "$seeds"
  work=fuzz/corpus-run/${target%_fuzzer}
  mkdir -p "$work"
  if [ "$mode" = smoke ]; then
    time_limit=${FUZZ_SMOKE_SECS:-8}
  else
    time_limit=$secs
  fi
  echo "fuzz: $target for ${time_limit}s"
  "$build/fuzz/$target" "$work" "$seeds" -max_total_time="$time_limit" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=0 2>"$work.log" || {
      tail -50 "$work.log" >&2
      echo "fuzz: $target found a failure (see $work.log and the crash-* file)" >&2
      exit 1
    }
done
