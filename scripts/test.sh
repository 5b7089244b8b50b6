#!/usr/bin/env bash
# The whole test suite (README.md; .ci/run runs exactly this):
#   1. the Release build of everything and all its tests (engine, CLI, GUI offscreen, the
#      replay of the fuzzing regression corpus and seeds);
#   2. the sanitizer build (clang, AddressSanitizer + UndefinedBehaviorSanitizer, no GUI) and
#      the engine and CLI tests under it (all but three perplexity tables, see below);
#   3. every fuzzing harness for $ROTOSCOPE_FUZZ_SECONDS (default 60) seconds, two at a time;
#      a new finding fails the run.
# ROTOSCOPE_TEST_SANITIZE=0 stops after step 1 (a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)")
if [ "${ROTOSCOPE_TEST_SANITIZE:-1}" = 0 ]; then
  echo "test: sanitizer build and fuzzing skipped (ROTOSCOPE_TEST_SANITIZE=0)"
  exit 0
fi
scripts/build-sanitize.sh
# The perplexity tables of the default model (rotation invariance, RTN and W4A4) repeat at full
# size what other tests check on small inputs, and take about 45 minutes of CPU time under the
# sanitizers (the RTN table alone 20 minutes); the Release run above keeps them. ROTOSCOPE_SANITIZE_ALL=1 runs them here too.
exclude="FuseRotationsDefaultModel|RtnDefaultModel|W4A4DefaultModel"
[ "${ROTOSCOPE_SANITIZE_ALL:-0}" = 1 ] && exclude="^$"
(cd build-sanitize && ctest --output-on-failure -j"$(nproc)" --timeout 3600 -E "$exclude")
scripts/fuzz.sh "${ROTOSCOPE_FUZZ_SECONDS:-60}"
