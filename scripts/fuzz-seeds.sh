#!/usr/bin/env bash
# Writes the seed corpora of the fuzzing harnesses (tests/fuzz): small valid files of every kind
# a user's file reaches. fuzz_make_seeds writes models, tokenizers, configs and raw inputs; the
# shipped recipes and the tests' task files are copied; census, run and fit reports come from rotoscope-cli run on
# the tiny model it wrote.
#   scripts/fuzz-seeds.sh OUT_DIR FUZZ_MAKE_SEEDS ROTOSCOPE_CLI
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1 make_seeds=$2 cli=$3
rm -rf "$out"
"$make_seeds" "$out"
mkdir -p "$out/recipe" "$out/census_report" "$out/run_report" "$out/fit_report"
cp resources/recipes/*.json "$out/recipe/"
# The tests' task files: every layout the task readers take.
mkdir -p "$out/task_files"
find tests/data/tasks -type f ! -name README.md | while read -r f; do cp "$f" "$out/task_files/$(echo "${f#tests/data/tasks/}" | tr / _)"; done
text="$out/.text.txt"
for i in $(seq 1 40); do echo "the rotation of $i heads keeps the function; outliers move to channel $((i * 7))."; done > "$text"
tiny="$out/gguf_model/llama.gguf"
"$cli" analyze "$tiny" --text-file "$text" --windows 2 --ctx 16 --capture-tokens 4 --top-k 4 -o "$out/census_report/census.h5" > /dev/null
"$cli" quantize "$tiny" --text-file "$text" --ctx 16 --windows 2 --probe-tokens 8 --rotation hadamard \
  --w int4 --a int4:token -o "$out/run_report/run.h5" > /dev/null
"$cli" learn-rotation "$tiny" --calib-corpus "$text" --calib-windows 2 --calib-ctx 16 --steps 2 --a int4:token \
  -o "$out/fit_report/learned.h5" > /dev/null
"$cli" fit-rotation "$tiny" --calib-corpus "$text" --calib-windows 1 --calib-ctx 16 --rounds 2 --a mxfp4 \
  -o "$out/fit_report/refined.h5" > /dev/null
rm -f "$text"
echo "fuzz-seeds: $(find "$out" -type f | wc -l) seeds in $out"
