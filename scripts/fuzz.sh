#!/usr/bin/env bash
# Builds the cargo-fuzz targets of `fuzz/` and runs each for FUZZ_SECONDS (default 30) seconds
# from its seed corpus, failing on any crash. Installs nothing: needs `cargo-fuzz`
# (`cargo install cargo-fuzz --locked`). Runs on the stable toolchain (`-s none`); set
# FUZZ_TOOLCHAIN=+nightly and FUZZ_SANITIZER=address for AddressSanitizer.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${FUZZ_SECONDS:-30}"
toolchain="${FUZZ_TOOLCHAIN:-}"
sanitizer="${FUZZ_SANITIZER:-none}"
targets=(pipeline key_path models sanitize)

# shellcheck disable=SC2086 # an empty toolchain is no argument
cargo $toolchain fuzz build -s "$sanitizer"
for target in "${targets[@]}"; do
    printf '\n== fuzz %s for %ss\n' "$target" "$seconds"
    mkdir -p "corpus/$target"
    # A target's dictionary (`<target>.dict`), when it has one.
    dict=()
    [ -f "$target.dict" ] && dict=(-dict="$target.dict")
    # shellcheck disable=SC2086
    cargo $toolchain fuzz run -s "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 "${dict[@]}"
done
