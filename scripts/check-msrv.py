#!/usr/bin/env python3
"""Checks that the declared minimum Rust versions are honest.

Each workspace package declares a `rust-version`. A package cannot build on an older compiler
than its dependencies need, so every crate it builds with must declare a `rust-version` no newer
than its own: for the published crates, what their library builds with; for the workspace's
root package, what the tests and examples build with. (clippy's `incompatible_msrv` lint checks our own use of the
standard library against the same number.) When a toolchain of that version is installed, the
library is also built with it.
"""

import json
import subprocess
import sys


def version(text):
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def closure(root, nodes, with_dev):
    """The packages `root` builds with: normal and build dependencies, and its own
    dev-dependencies when `with_dev` (a dependency's dev-dependencies are never built)."""
    kinds = {None, "build"} | ({"dev"} if with_dev else set())
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for dep in nodes[node]["deps"]:
            dep_kinds = {kind["kind"] for kind in dep["dep_kinds"]}
            allowed = kinds if node == root else {None, "build"}
            if dep_kinds & allowed:
                stack.append(dep["pkg"])
    return seen - {root}


def main():
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {package["id"]: package for package in metadata["packages"]}
    nodes = {node["id"]: node for node in metadata["resolve"]["nodes"]}
    failures = []
    for member in metadata["workspace_members"]:
        package = packages[member]
        declared = package.get("rust_version")
        if not declared:
            failures.append(f"{package['name']} declares no rust-version")
            continue
        published = package.get("publish") != []
        # A published crate promises its library; the workspace's root package, which owns the
        # examples and the integration tests, states what the whole test suite needs.
        scopes = [("library", False)] if published else [("tests and examples", True)]
        for scope, with_dev in scopes:
            needs = [
                (version(packages[dep]["rust_version"]), packages[dep]["name"])
                for dep in closure(member, nodes, with_dev)
                if packages[dep].get("rust_version")
            ]
            newest, by = max(needs, default=((0, 0, 0), "nothing"))
            print(f"{package['name']} {scope}: declares {declared}, needs {'.'.join(map(str, newest))} ({by})")
            if newest > version(declared):
                failures.append(f"{package['name']} ({scope}) declares {declared} but {by} needs {'.'.join(map(str, newest))}")
    msrv = packages[next(m for m in metadata["workspace_members"] if packages[m]["name"] == "clustaar-webhook")]["rust_version"]
    toolchains = subprocess.run(["rustup", "toolchain", "list"], capture_output=True, text=True).stdout
    if any(line.startswith(msrv) for line in toolchains.splitlines()):
        print(f"building the library with Rust {msrv}")
        subprocess.run(["cargo", f"+{msrv}", "check", "--locked", "-p", "clustaar-webhook"], check=True)
    else:
        print(f"no Rust {msrv} toolchain here: the library was not built with it")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
