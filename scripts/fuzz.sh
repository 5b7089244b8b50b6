#!/usr/bin/env bash
# Fuzzes every harness of the sanitizer build (scripts/build-sanitize.sh) for a while, two at a
# time (one per core), and fails on a finding.
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     default: 60 s each, every harness
# Each harness starts from the generated seeds, the regression corpus (tests/fuzz/regressions)
# and what earlier runs here kept (build-sanitize/fuzz-corpus/). A crashing, leaking, hanging
# or memory-hungry input is saved in build-sanitize/fuzz-findings/<harness>/; once the defect
# is fixed, it belongs in tests/fuzz/regressions/<harness>/. Logs with executions and coverage:
# build-sanitize/fuzz-logs/<harness>.log; the summary table is printed at the end.
# The random seed is ROTOSCOPE_FUZZ_SEED (default 1, so that the test command's short run
# explores the same inputs on every machine of the same speed); 0 draws a fresh one.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
bin=build-sanitize
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in "$bin"/tests/fuzz/fuzz_*; do
    h=$(basename "$f"); h=${h#fuzz_}
    [ "$h" = make_seeds ] || harnesses+=("$h")
  done
fi
scripts/fuzz-seeds.sh "$bin/fuzz-seeds" "$bin/tests/fuzz/fuzz_make_seeds" "$bin/app/rotoscope-cli" > /dev/null
mkdir -p "$bin/fuzz-logs"

run_one() {
  local h=$1 corpus="$bin/fuzz-corpus/$1" findings="$bin/fuzz-findings/$1"
  mkdir -p "$corpus" "$findings"
  local dirs=("$corpus" "$bin/fuzz-seeds/$h")
  [ -d "tests/fuzz/regressions/$h" ] && dirs+=("tests/fuzz/regressions/$h")
  # -malloc_limit_mb: one allocation above 1 GiB from an input of a few kilobytes is a finding
  # (a count that was not checked before allocating); -timeout: 30 s for one input is a hang.
  "$bin/tests/fuzz/fuzz_$h" "${dirs[@]}" -max_total_time="$secs" -seed="$seed" -timeout=30 -rss_limit_mb=3072 \
    -malloc_limit_mb=1024 -artifact_prefix="$findings/" -print_final_stats=1 > "$bin/fuzz-logs/$h.log" 2>&1 || true
}
export -f run_one
seed=${ROTOSCOPE_FUZZ_SEED:-1}
export bin secs seed
printf '%s\n' "${harnesses[@]}" | xargs -P "$(nproc)" -I{} bash -c 'run_one {}'

set +o pipefail  # a log without a field (a harness that died at once) must not stop the summary
status=0
printf '%-16s %12s %9s %8s %8s %8s\n' harness executions exec/s cov features findings
for h in "${harnesses[@]}"; do
  log="$bin/fuzz-logs/$h.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  ft=$(grep -o 'ft: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  found=$(find "$bin/fuzz-findings/$h" -type f | wc -l)
  printf '%-16s %12s %9s %8s %8s %8s\n' "$h" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$found"
  if [ "$found" -gt 0 ] || [ -z "$runs" ]; then
    status=1
    echo "fuzz: $h: see $log" >&2
    grep -m3 -E 'ERROR|finding:|SUMMARY' "$log" >&2 || true
  fi
done
exit $status
