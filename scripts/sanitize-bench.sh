#!/usr/bin/env bash
# Our HTML sanitizer against the platform's (bleach 5.0.1 in Python), on the same inputs: the
# families of clustaar-webhook/benches/sanitize.rs (prose, plain text, and inputs shaped to make
# a naive cleaner quadratic or worse) at 16, 64 and 256 KiB. Prints a markdown table of the
# median wall times, and fails (exit 1) when one of our families grows more than 4.5 times
# from 16 to 64 KiB (linear is 4) or is less than 10 times faster than the platform's at
# 64 KiB.
#
#   scripts/sanitize-bench.sh
#   CLUSTAAR_SANITIZE_FAMILIES=prose,open_tags scripts/sanitize-bench.sh
#
# Ours: the bench's `CLUSTAAR_SANITIZE_TIMES=1` mode (`html_sanitize`, release build). The
# platform's: scripts/sanitize_reference.py (bleach.clean, `&amp;` back to `&`, NFKC), in the
# virtualenv of scripts/bleach-venv.sh ($BLEACH_VENV, made with bleach 5.0.1 when missing);
# a case of its that would take more than $REFERENCE_CAP seconds (default 120) is skipped.
# CLUSTAAR_SANITIZE_KIB and CLUSTAAR_SANITIZE_FAMILIES (see the bench) choose the cases.
# Wall times on a shared machine: run it on a quiet one, or read the ratios loosely.
#
# Our growth is measured three ways, side by side:
# - "wall": the median times as the process runs them;
# - "settled heap": the same, with glibc's malloc keeping freed memory (MALLOC_TRIM_THRESHOLD_
#   and MALLOC_MMAP_THRESHOLD_ raised), as a long-running server's heap does. By default glibc
#   gives blocks over 128 KiB back to the kernel at each free, so every call at 64 KiB (whose
#   buffers pass that size) pays fresh pages that the 16 KiB calls, served from the heap, never
#   do: a step in the allocator's cost, not a growth of the work;
# - "instructions": callgrind's count per call (when valgrind is installed), which neither the
#   machine's load nor the allocator's choices move.
# The gate is on the settled heap and the instructions; the wall figure is printed beside them.
set -euo pipefail
cd "$(dirname "$0")/.."

python=$(scripts/bleach-venv.sh)
cap=${REFERENCE_CAP:-120}

exe=$(cargo bench -p clustaar-webhook --bench sanitize --no-run --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])' | tail -n 1)
[ -n "$exe" ] || { echo "the sanitize bench did not build" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

CLUSTAAR_SANITIZE_DUMP="$work/inputs" "$exe"
echo "ours..." >&2
CLUSTAAR_SANITIZE_TIMES=1 "$exe" | tee "$work/ours.tsv" >&2
echo "ours, settled heap..." >&2
MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_MMAP_THRESHOLD_=1073741824 CLUSTAAR_SANITIZE_TIMES=1 \
    "$exe" | tee "$work/settled.tsv" >&2
: > "$work/instructions.tsv"
if command -v valgrind >/dev/null; then
    echo "ours, instructions..." >&2
    count() {
        CLUSTAAR_SANITIZE_DRIVER="$1:$2:$3" valgrind --tool=callgrind \
            --callgrind-out-file=/dev/null "$exe" 2>&1 |
            awk '/Collected/ { gsub(",", "", $NF); print $NF }'
    }
    for family in $(cut -f1 "$work/ours.tsv" | uniq); do
        for kib in 16 64; do
            # Two call counts, so that building the input is left out of the difference.
            low=$(count "$family" "$kib" 1)
            high=$(count "$family" "$kib" 3)
            printf '%s\t%s\t%s\n' "$family" "$kib" "$(( (high - low) / 2 ))" |
                tee -a "$work/instructions.tsv" >&2
        done
    done
fi
echo "reference..." >&2
"$python" scripts/sanitize_reference.py --cap "$cap" "$work/inputs" |
    tee "$work/reference.tsv" >&2

python3 - "$work/ours.tsv" "$work/reference.tsv" "$work/settled.tsv" "$work/instructions.tsv" <<'EOF'
import sys

MAX_GROWTH = 4.5  # 64 KiB over 16 KiB; linear is 4
MIN_SPEEDUP = 10  # the reference's time over ours, at 64 KiB


def read(path):
    """{(family, KiB): seconds or None (skipped)}, the growth lines apart, families in order."""
    times, order = {}, []
    with open(path) as f:
        for line in f:
            family, kib, value = line.rstrip("\n").split("\t")
            if not kib.isdigit():
                continue  # a growth line: computed again below
            if family not in order:
                order.append(family)
            times[(family, int(kib))] = None if value == "skipped" else float(value)
    return times, order


ours, order = read(sys.argv[1])
reference, _ = read(sys.argv[2])
settled, _ = read(sys.argv[3])
instructions, _ = read(sys.argv[4])


def growth(times, family):
    """64 KiB over 16 KiB, or None."""
    small, large = times.get((family, 16)), times.get((family, 64))
    return large / small if small and large else None


def show(ratio):
    return f"{ratio:.2f}" if ratio is not None else ""


failures = []
print(
    "| family | KiB | ours (ms) | reference (ms) | reference/ours "
    "| growth 16→64: wall | settled heap | instructions |"
)
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for family in order:
    sizes = sorted(kib for (name, kib) in ours if name == family)
    growths = [growth(times, family) for times in (ours, settled, instructions)]
    for name, value in zip(("settled heap", "instructions"), growths[1:]):
        if value is not None and value > MAX_GROWTH:
            failures.append(f"{family}: grows {value:.2f}x from 16 to 64 KiB ({name})")
    for kib in sizes:
        mine = ours[(family, kib)]
        theirs = reference.get((family, kib))
        if (family, kib) not in reference:
            theirs_text, ratio_text = "", ""
        elif theirs is None:
            theirs_text, ratio_text = "skipped (too slow)", ""
        else:
            ratio = theirs / mine
            theirs_text, ratio_text = f"{theirs * 1e3:.3f}", f"{ratio:.0f}"
            if kib == 64 and ratio < MIN_SPEEDUP:
                failures.append(f"{family}: only {ratio:.1f}x faster than the reference at 64 KiB")
        growth_text = " | ".join(show(g) if kib == 64 else "" for g in growths)
        print(f"| {family} | {kib} | {mine * 1e3:.3f} | {theirs_text} | {ratio_text} | {growth_text} |")

if failures:
    print()
    for failure in failures:
        print(f"FAIL {failure}")
    sys.exit(1)
EOF
