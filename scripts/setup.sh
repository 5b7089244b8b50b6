#!/usr/bin/env bash
# Everything a fresh Debian 12 machine needs: packages, the build, the default model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh "$@"
scripts/fetch-model.sh
