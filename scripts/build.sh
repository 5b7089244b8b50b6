#!/usr/bin/env bash
# Configures and builds Rotoscope into build/ (CUDA backend when nvcc is found).
#   scripts/build.sh                 everything: CLI, GUI, tests, fuzzing harnesses, benchmarks
#   scripts/build.sh TARGET...       only these targets and what they need (rotoscope-cli, rotoscope)
# Extra CMake options go in $ROTOSCOPE_CMAKE_ARGS (e.g. "-DROTOSCOPE_GUI=OFF").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/cuda/bin"
# shellcheck disable=SC2086
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${ROTOSCOPE_CMAKE_ARGS:-} > build-configure.log 2>&1 || { cat build-configure.log; exit 1; }
if [ $# -eq 0 ]; then
  cmake --build build -j"$(nproc)"
else
  cmake --build build -j"$(nproc)" --target "$@"
fi
