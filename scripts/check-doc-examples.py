#!/usr/bin/env python3
"""Lists the public items of clustaar-webhook whose docs hold no example, and fails if any.

Every public item (types, functions, constants, inherent methods, trait items) is documented
with an example that compiles. rustdoc's own lint for this is gone from the toolchains, so this
reads rustdoc's JSON output, which only a nightly toolchain writes:

    python3 scripts/check-doc-examples.py            # builds the JSON with `cargo +nightly`
    python3 scripts/check-doc-examples.py src/serve  # only the items defined under these paths
    python3 scripts/check-doc-examples.py --ci       # as CI runs it (below)

The JSON format is unstable; a nightly that changes it makes this script fail with a KeyError,
not pass silently. With `--ci`, a machine without a nightly, or whose nightly writes a format
this script does not read (an error, or fewer items than the crate surely has), is reported and
skipped rather than failed: CI fails on items without an example, never on the nightly's drift.
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The crate has some 700 public items: a walk that finds far fewer read a format it misunderstood.
FEWEST_ITEMS = 300
KINDS = {"struct", "enum", "trait", "function", "macro", "type_alias", "constant", "static"}


def build():
    subprocess.run(
        ["cargo", "+nightly", "rustdoc", "-q", "-p", "clustaar-webhook", "--all-features", "--",
         "-Z", "unstable-options", "--output-format", "json"],
        cwd=ROOT, check=True)
    return json.loads((ROOT / "target/doc/clustaar_webhook.json").read_text())


def items(doc):
    """(place, kind, path, has an example) of every public item reachable from the crate root."""
    index, seen = doc["index"], set()

    def place(item):
        span = item.get("span")
        return f"{span['filename']}:{span['begin'][0]}" if span else "?"

    def entry(item, kind, path):
        return place(item), kind, path, "```" in (item.get("docs") or "")

    def walk(item_id, prefix):
        if item_id in seen:
            return
        seen.add(item_id)
        item = index.get(str(item_id))
        if item is None or item["crate_id"] != 0:
            return
        kind, inner = next(iter(item["inner"].items()))
        name = item.get("name")
        path = (f"{prefix}::{name}" if prefix else name) if name else prefix
        if kind in KINDS:
            yield entry(item, kind, path)
        if kind == "module":
            for child in inner["items"]:
                yield from walk(child, path)
        elif kind in ("struct", "enum"):
            for impl_id in inner["impls"]:
                impl = index[str(impl_id)]["inner"]["impl"]
                if impl["trait"] is not None:
                    continue  # documented by the trait
                for method_id in impl["items"]:
                    method = index[str(method_id)]
                    if method["visibility"] == "public":
                        yield entry(method, "method", f"{path}::{method['name']}")
        elif kind == "trait":
            for member_id in inner["items"]:
                member = index[str(member_id)]
                yield entry(member, "trait item", f"{path}::{member['name']}")
        elif kind == "use" and inner.get("id") is not None:
            yield from walk(inner["id"], prefix)

    yield from walk(doc["root"], "")


def main():
    args = sys.argv[1:]
    ci = "--ci" in args
    keep = [arg for arg in args if arg != "--ci"]
    try:
        found = list(items(build()))
        if len(found) < FEWEST_ITEMS:
            raise ValueError(f"only {len(found)} public items found")
    except (subprocess.CalledProcessError, OSError, KeyError, TypeError, ValueError) as error:
        if not ci:
            raise
        print(f"skipped: rustdoc's JSON could not be built or read here ({error!r})")
        sys.exit(0)
    checked = [item for item in found if not keep or any(k in item[0] for k in keep)]
    missing = [(place, kind, path) for place, kind, path, example in checked if not example]
    for place, kind, path in missing:
        print(f"{place}: {kind} {path} has no example")
    print(f"{len(missing)} of {len(checked)} public items without an example", file=sys.stderr)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
