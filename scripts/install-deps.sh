#!/usr/bin/env bash
# Installs every Debian package clearance needs to build and test. Idempotent; run as root
# (or with sudo available). The list is the single source of truth for dependencies.
set -euo pipefail
packages=(
  build-essential cmake pkg-config git python3   # python3: a few CLI tests read JSON with it
  libyaml-dev nlohmann-json3-dev libcli11-dev
  libre2-dev libgit2-dev        # token patterns; .gitignore and index answered as git does
  libmimalloc-dev               # the allocator of the shipped binary (CMakeLists.txt says why)
  googletest libgtest-dev
  clang libclang-rt-14-dev     # libFuzzer targets
)
missing=()
# The SARIF validator used by the tests is an npm package; a machine may already carry a
# Node.js with its own npm (nodesource), which Debian's npm package would conflict with.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
