#!/usr/bin/env bash
# Configures and builds the sanitizer build into build-sanitize/: clang with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage instrumentation; engine, CLI, engine
# tests and fuzzing harnesses (no GUI: Qt is not built with the sanitizers; no CUDA: nvcc does
# not take -fsanitize). docs/hardening.md says how it is used.
set -euo pipefail
cd "$(dirname "$0")/.."
CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" -DROTOSCOPE_SANITIZE=ON -DROTOSCOPE_FUZZ=ON -DROTOSCOPE_GUI=OFF \
  -DROTOSCOPE_CUDA=OFF -DROTOSCOPE_BENCH=OFF > build-sanitize-configure.log 2>&1 || { cat build-sanitize-configure.log; exit 1; }
cmake --build build-sanitize -j"$(nproc)"
