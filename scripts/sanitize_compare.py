#!/usr/bin/env python3
"""Compares our HTML cleaner with the platform's on generated markup.

Each input is a random string of markup pieces (allowed and other tags, attributes, quotes,
references, comments, line ends, controls, tags cut short); ours is the `sanitize` example
(`html_sanitize`), the platform's is bleach 5.0.1 as `sanitize_reference.py` runs it. An
output that differs is counted as one of the documented differences (the cleaner's module docs,
`clustaar-webhook/src/schemas/processors/sanitize/mod.rs`) when it is one, and printed otherwise:

    scripts/sanitize-compare.sh                 # 20,000 inputs, seed 1
    scripts/sanitize-compare.sh 100000 7        # how many, and the seed

Exits with 1 when an output differs in another way.
"""

import json
import random
import re
import subprocess
import sys

import sanitize_reference

PIECES = [
    "<", ">", "</", "/>", "<a ", "<a>", "</a>", "<b>", "</b>", "<i>", "</i>", "<li>", "</li>",
    "<ul>", "</ul>", "<ol>", "</ol>", "<br>", "<br/>", "</br>", "<code>", "<em>", "</em>",
    "<strong>", "<abbr ", "<abbr title=t>", "<blockquote>", "</blockquote>", "<y ", "<img ",
    "<script>", "<B ", "<A href=x>", "<x y=1 z=2>", '<a title="x" title="y">',
    '<a href="http://e.com">', "href=", "title=", 'title="a"', " href='", "target=_blank",
    '"', "'", "=", '="', "`", "&", "&amp;", "&lt;", "&#106;", "x", "y", " ", "\t", "\n", "\r",
    "\0", "/", "é", "<!--", "-->", "<!", "<!DOCTYPE ", "<?", "</ ",
]

# A link the platform keeps and we drop: a scheme it misses (see the module's docs).
HREF = re.compile(r""" href=("[^"]*"|'[^']*')""")


def difference(text, ours, theirs):
    """The documented difference that explains `ours` != `theirs` for `text`, or None."""
    if "<!--\0" in text:
        return "a NUL after <!-- does not end the comment"
    if HREF.sub("", ours) == HREF.sub("", theirs) and len(HREF.findall(ours)) < len(
        HREF.findall(theirs)
    ):
        return "link dropped"
    at = ours.rfind("&lt;/")
    if at >= 0 and ours[:at] + "&lt;" + ours[at + 5 :] == theirs:
        return "end tag cut short keeps its /"
    return None


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    ours_exe = sys.argv[3]
    rng = random.Random(seed)
    inputs = [
        "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))) for _ in range(count)
    ]
    run = subprocess.run(
        [ours_exe],
        input="".join(json.dumps(text) + "\n" for text in inputs),
        capture_output=True,
        text=True,
        check=True,
    )
    ours = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(ours) == len(inputs), "the example answered every line"
    kinds = {}
    unexplained = 0
    for text, mine in zip(inputs, ours):
        theirs = sanitize_reference.html_sanitize(text)
        if mine == theirs:
            continue
        kind = difference(text, mine, theirs)
        if kind is None:
            unexplained += 1
            print(json.dumps({"input": text, "platform": theirs, "ours": mine}))
        else:
            kinds[kind] = kinds.get(kind, 0) + 1
    same = count - unexplained - sum(kinds.values())
    print(f"{count} inputs (seed {seed}): {same} the same", file=sys.stderr)
    for kind, n in sorted(kinds.items()):
        print(f"  {n} differ as documented: {kind}", file=sys.stderr)
    print(f"  {unexplained} differ otherwise", file=sys.stderr)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
