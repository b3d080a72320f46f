#!/usr/bin/env bash
# Packages the published crates as `cargo publish` would, then builds and tests the packaged
# crates on their own, outside the workspace: what a user gets from crates.io must pass its own
# unit tests and doctests. The packaged crates depend on each other through a local patch, since
# crates.io does not have this version yet.
#
# The tests run twice. First with the default features, exactly as a user runs `cargo test` in
# the unpacked crate: packaging drops the crate's dev-dependency on itself that turns `testing`
# on in the workspace, so here the test kit is off, and the doc examples that need it must be
# skipped cleanly (they are gated on `feature = "testing"`). Then with `--all-features`, so that
# those examples, the playground's and the Redis store's, also run from the packaged sources.
set -euo pipefail
cd "$(dirname "$0")/.."

crates=(clustaar-webhook-macros clustaar-webhook)
version=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "clustaar-webhook"))')

package_args=()
for crate in "${crates[@]}"; do package_args+=(-p "$crate"); done
# `--allow-dirty` only off CI: CI packages exactly what was committed.
if [ -z "${CI:-}" ]; then package_args+=(--allow-dirty); fi
# No verification build here: the tests below build the packaged crates anyway.
cargo package --no-verify "${package_args[@]}"

unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
members=()
patches=()
for crate in "${crates[@]}"; do
    # `-m`: the files get the time of extraction, not the fixed old one that `cargo package`
    # writes. In the shared target folder below, the packaged crates' outputs from an earlier
    # run have the same names (a member's path counts from its workspace's root, the same in
    # every run), and against sources dated long before them cargo would take them as fresh and
    # test the crates as they were then.
    tar xzmf "target/package/$crate-$version.crate" -C "$unpacked"
    members+=("\"$crate-$version\"")
    patches+=("$crate = { path = \"$crate-$version\" }")
done
{
    echo '[workspace]'
    echo 'resolver = "3"'
    echo "members = [$(IFS=,; echo "${members[*]}")]"
    echo '[patch.crates-io]'
    printf '%s\n' "${patches[@]}"
} >"$unpacked/Cargo.toml"
# The macro crate's doc examples use it through the core crate, a dev-dependency that publishing
# leaves out (crates.io cannot hold a cycle): give it back, pointing at the packaged core.
cat >>"$unpacked/clustaar-webhook-macros-$version/Cargo.toml" <<TOML

[dev-dependencies.clustaar-webhook]
path = "../clustaar-webhook-$version"
TOML
# The versions the workspace was tested with.
cp Cargo.lock "$unpacked/"

# The workspace's target folder: the dependencies are already built there.
export CARGO_TARGET_DIR="$PWD/target"
manifest="$unpacked/Cargo.toml"
echo "== the packaged crates' tests, default features"
cargo test --manifest-path "$manifest" --workspace
echo "== the packaged crates' tests, all features"
cargo test --manifest-path "$manifest" --workspace --all-features
