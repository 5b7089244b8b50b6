#!/usr/bin/env bash
# Re-creates tests/engine/support/lm_eval_expected.inc: lm-eval-harness (transformers backend,
# float32, batch size 1, CPU) on tests/data/tasks and the default model exported as float32.
# Not part of the build or CI. Needs a Python with lm-eval 0.4.9.1, transformers and torch:
#   PY=/path/to/venv/bin/python scripts/crosscheck/lm_eval_tasks/run.sh [SCRATCH_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
export LMX=${1:-/tmp/rotoscope-lmeval}
PY=${PY:-python3}
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
rm -rf "$LMX" && mkdir -p "$LMX/hfdata" "$LMX/logs" "$LMX/out"
echo '{"name": "float"}' > "$LMX/float.json"
"$repo/build/app/rotoscope-cli" export default --recipe "$LMX/float.json" --to hf --dtype f32 -o "$LMX/model"
"$PY" "$here/convert.py" "$repo/tests/data/tasks" "$LMX/hfdata"
cp -r "$here/tasks" "$LMX/tasks"
grep -rl '@LMX@' "$LMX/tasks" | xargs sed -i "s|@LMX@|$LMX|g"
run() {  # name task shots
  local s=$(date +%s.%N)
  "$PY" "$here/lm_eval_shim.py" --model hf --model_args "pretrained=$LMX/model,dtype=float32" --device cpu \
    --batch_size 1 --include_path "$LMX/tasks" --tasks "$2" --num_fewshot "$3" --log_samples \
    --output_path "$LMX/out/$1" > "$LMX/logs/$1.log" 2>&1
  echo "$1 rc=0 wall=$(echo "$(date +%s.%N) - $s" | bc) s" >> "$LMX/logs/timings.txt"
}
run arc_challenge_0shot rsx_arc_challenge 0
run arc_easy_0shot rsx_arc_easy 0
run hellaswag_0shot rsx_hellaswag 0
run piqa_0shot rsx_piqa 0
run winogrande_0shot rsx_winogrande 0
run lambada_openai_0shot rsx_lambada_openai 0
run mmlu_5shot rsx_mmlu 5
run ceval_5shot rsx_ceval-valid 5
run mmlu_0shot rsx_mmlu 0
run ceval_0shot rsx_ceval-valid 0
"$PY" "$here/build_expected.py"
python3 "$here/make_expected_inc.py" "$LMX/expected.json" "$repo/tests/engine/support/lm_eval_expected.inc"
