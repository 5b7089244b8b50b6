#!/usr/bin/env bash
# Installs the Debian 12 packages Rotoscope builds and tests with (clang and its runtimes for the
# sanitizer and fuzzing build). Runs apt-get only for what is
# missing, so it is cheap on a prepared machine. Needs root (or sudo).
set -euo pipefail
pkgs=(
  build-essential cmake pkg-config git python3 python3-pip ca-certificates
  libeigen3-dev libhdf5-dev libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libonig-dev zlib1g-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqcustomplot-dev libgl-dev
  xvfb xauth dict-devil hdf5-tools
  clang libclang-rt-14-dev libomp-14-dev
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
