#!/bin/bash
# llama.cpp's llama-perplexity on Rotoscope's GGUF exports, beside Rotoscope's own perplexity of
# the same recipe in llama.cpp's protocol (second half of each window scored, BOS first).
# Not part of the build or CI. Usage:
#   LLAMA_PERPLEXITY=/path/to/llama-perplexity CORPUS=wiki.test.joined.txt gguf_ppl.sh RECIPE.json...
# LLAMA_ARGS=-nr turns off weight repacking (the AMX kernels of a -DGGML_NATIVE build crashed on a
# VM whose CPU reports AMX).
set -u
CLI=${CLI:-rotoscope-cli}
CTX=${CTX:-512}
CHUNKS=${CHUNKS:-8}
CALIB=${CALIB:-8}
for r in "$@"; do
  out=$(mktemp -u /tmp/rotoscope-xcheck-XXXX).gguf
  $CLI export default --recipe "$r" --to gguf --dtype "${DTYPE:-f32}" -o "$out" --calib-windows "$CALIB" > /dev/null || { echo "$r: export failed"; continue; }
  lc=$("$LLAMA_PERPLEXITY" -m "$out" -f "$CORPUS" -c "$CTX" --chunks "$CHUNKS" -t "$(nproc)" ${LLAMA_ARGS:-} 2>&1 | grep -o "Final estimate: PPL = [0-9.]*" | grep -o "[0-9.]*$")
  rs=$($CLI quantize default --recipe "$r" --ctx "$CTX" --windows "$CHUNKS" --probe-tokens 0 --calib-windows "$CALIB" --engine layers 2>&1 \
       | grep "quantized PPL" | grep -o "[0-9.]* (llama.cpp)" | grep -o "^[0-9.]*")
  # Rotoscope on the exported file itself, imitating llama.cpp's arithmetic (Q8 activations).
  rf=$($CLI ppl "$out" --protocol llamacpp --numerics llamacpp --ctx "$CTX" --max-windows "$CHUNKS" --json 2>/dev/null \
       | python3 -c "import json,sys; print(round(json.load(sys.stdin)['ppl'], 4))")
  types=$($CLI info "$out" --json 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['dtypes'])" 2>/dev/null)
  echo "$(basename "$r" .json): llama-perplexity $lc; rotoscope (recipe, float activations) $rs; rotoscope on the file (llama.cpp numerics) $rf; tensor types $types"
  rm -f "$out"
done
