#!/usr/bin/env bash
# Everything a fresh Debian 12 machine needs for the main job: packages, the command-line program
# and the default model. The GUI, the tests and the benchmarks are built by scripts/test.sh (or
# by scripts/build.sh, which builds everything).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh rotoscope-cli
scripts/fetch-model.sh
