#!/usr/bin/env bash
# The whole test suite (README.md; .ci/run runs exactly this):
#   1. the Release build of everything and all its tests (engine, CLI, GUI offscreen, the
#      replay of the fuzzing regression corpus and seeds);
#   2. the sanitizer build (clang, AddressSanitizer + UndefinedBehaviorSanitizer, no GUI) and
#      the engine and CLI tests under it;
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
(cd build-sanitize && ctest --output-on-failure -j"$(nproc)")
scripts/fuzz.sh "${ROTOSCOPE_FUZZ_SECONDS:-60}"
