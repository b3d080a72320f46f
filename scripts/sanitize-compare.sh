#!/usr/bin/env bash
# Our HTML cleaner against the platform's (bleach 5.0.1) on generated markup: see
# scripts/sanitize_compare.py. Fails when an output differs other than as documented.
#
#   scripts/sanitize-compare.sh [COUNT [SEED]]
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/bleach-venv.sh)
cargo build -q --example sanitize
exe=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/debug/examples/sanitize
"$python" scripts/sanitize_compare.py "${1:-20000}" "${2:-1}" "$exe"
