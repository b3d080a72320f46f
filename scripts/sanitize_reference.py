#!/usr/bin/env python3
"""Times the platform's HTML sanitizing on the sanitizer bench's inputs.

The platform (Python) cleans a text field with bleach 5.0.1 (html5lib underneath), then turns
every `&amp;` back into `&`, then (for most text fields) applies Unicode NFKC. This script
times that chain on each file `<family>-<KiB>.txt` of a directory written by the bench
(`CLUSTAAR_SANITIZE_DUMP=<dir>`, see clustaar-webhook/benches/sanitize.rs) and prints, like the
bench's `CLUSTAAR_SANITIZE_TIMES=1` mode, one tab-separated line per file:

    <family>\t<KiB>\t<seconds>      (median wall time of a few runs)
    <family>\t<KiB>\tskipped        (would take longer than --cap seconds)

Needs bleach 5.0.1 (`scripts/sanitize-bench.sh` makes a virtualenv with it):

    /opt/bleach-venv/bin/python scripts/sanitize_reference.py /tmp/inputs
    /opt/bleach-venv/bin/python scripts/sanitize_reference.py --clean '<a href="javascript:x">y</a>'

Slow cases get fewer runs: at most 5, and no new run once the runs so far took 3 s. A run that
reaches --cap seconds is stopped (an alarm interrupts html5lib, which is pure Python), and the
larger sizes of a family are skipped when the growth between its two previous sizes predicts
more than --cap seconds.
"""

import argparse
import math
import os
import re
import signal
import statistics
import sys
import time
import unicodedata

import bleach

EXPECTED_BLEACH = "5.0.1"

ALLOWED_TAGS = ["a", "abbr", "acronym", "b", "blockquote", "code", "em", "i", "li", "ol", "strong", "ul"]


def anchor_attribute(tag, name, value):
    """`a` keeps `href` and `title`, and `target` only when it is `_blank` or `_top`."""
    if name in ("href", "title"):
        return True
    return name == "target" and value in ("_blank", "_top")


ALLOWED_ATTRIBUTES = {"a": anchor_attribute, "abbr": ["title"], "acronym": ["title"]}
PROTOCOLS = ["http", "https", "mailto"]


def html_sanitize(value):
    """The platform's `html_sanitize` processor."""
    cleaned = bleach.clean(
        value, tags=ALLOWED_TAGS + ["br"], attributes=ALLOWED_ATTRIBUTES, protocols=PROTOCOLS
    )
    return cleaned.replace("&amp;", "&")


def unicode_normalize(value):
    """The platform's `unicode_normalize` processor."""
    return unicodedata.normalize("NFKC", value)


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def run_once(chain, text, cap):
    """Seconds one run of `chain` takes on `text`; raises Timeout after `cap` seconds."""
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        start = time.perf_counter()
        for step in chain:
            text = step(text)
        return time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def median_time(chain, text, cap, runs, budget):
    """Median of at most `runs` runs, no new run once `budget` seconds are spent; None when a
    run reached `cap` seconds."""
    times = []
    try:
        while len(times) < runs and (not times or sum(times) < budget):
            times.append(run_once(chain, text, cap))
    except Timeout:
        return None
    return statistics.median(times)


def predict(measured, kib):
    """The time at `kib` KiB that the growth between the last two measured sizes predicts
    (linear from one size when there is only one)."""
    if not measured:
        return 0.0
    if len(measured) == 1:
        (k1, t1), = measured
        return t1 * kib / k1
    (k1, t1), (k2, t2) = measured[-2:]
    if t1 <= 0 or k2 == k1:
        return t2 * kib / k2
    exponent = math.log(t2 / t1) / math.log(k2 / k1)
    return t2 * (kib / k2) ** max(exponent, 1.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", help="directory of <family>-<KiB>.txt inputs")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds a case may take (120)")
    parser.add_argument("--runs", type=int, default=5, help="runs per case at most (5)")
    parser.add_argument("--budget", type=float, default=3.0, help="no new run after (3 s)")
    parser.add_argument(
        "--no-normalize", action="store_true", help="time html_sanitize alone, without NFKC"
    )
    parser.add_argument("--clean", metavar="TEXT", help="print the chain's output for TEXT")
    args = parser.parse_args()

    if bleach.__version__ != EXPECTED_BLEACH:
        print(f"warning: bleach {bleach.__version__}, not {EXPECTED_BLEACH}", file=sys.stderr)
    chain = [html_sanitize] if args.no_normalize else [html_sanitize, unicode_normalize]
    if args.clean is not None:
        text = args.clean
        for step in chain:
            text = step(text)
        print(text)
        return
    if args.dir is None:
        parser.error("a directory of inputs, or --clean TEXT")

    signal.signal(signal.SIGALRM, _alarm)
    # Loads html5lib's tables before the first measured run.
    run_once(chain, '<a href="https://e.com" title=t>x</a> &amp; <y>', args.cap)

    cases = {}
    for name in os.listdir(args.dir):
        match = re.fullmatch(r"(.+)-(\d+)\.txt", name)
        if match:
            cases.setdefault(match[1], []).append(int(match[2]))
    for family in sorted(cases):
        measured = []
        skipping = False
        for kib in sorted(cases[family]):
            if skipping or predict(measured, kib) > args.cap:
                skipping = True
                print(f"{family}\t{kib}\tskipped", flush=True)
                continue
            # newline="": carriage returns are part of the input, as the bench wrote it.
            with open(os.path.join(args.dir, f"{family}-{kib}.txt"), encoding="utf-8", newline="") as f:
                text = f.read()
            seconds = median_time(chain, text, args.cap, args.runs, args.budget)
            if seconds is None:
                skipping = True
                print(f"{family}\t{kib}\tskipped", flush=True)
                continue
            measured.append((kib, seconds))
            print(f"{family}\t{kib}\t{seconds:.6f}", flush=True)


if __name__ == "__main__":
    main()
