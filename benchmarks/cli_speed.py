"""The command line's cold cost, side by side with an earlier revision of docgen.

    .venv/bin/python benchmarks/cli_speed.py [--against REV] [--runs N]

Each run is a fresh process (start-up and imports included) on a fresh copy of the
sample records, with a fresh cache folder: ``docgen --help``, ``docgen validate`` and
``docgen build`` (DOCX only). The CPU each costs (user + system, of the process and
its children, from ``getrusage``) and its wall time are measured for this tree and for
*REV* (checked out with ``git worktree`` and run from there with the same Python and
libraries), the median of N runs each. Prints a table and, last, a line
``cpu ratio: validate X, build Y`` (this tree over REV). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the last revision before issue 27's deferred imports: what "before" means here
BEFORE = "50b7841"
COMMANDS = {"help": ["--help"], "validate": ["validate"], "validate, cache kept": ["validate"],
            "build": ["build", "--force"], "build, cache kept": ["build", "--force"]}


def _run(code: Path, args: list[str], work: Path, *, keep_cache: bool = False) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one cold ``python -m docgen ARGS`` from *code*; with
    *keep_cache*, docgen's cache as an earlier run left it (a clerk's second build: the
    chart, the font's metrics and the templates' check kept), else empty."""
    records = work / "records"
    shutil.rmtree(records, ignore_errors=True)
    shutil.copytree(code / "records", records, ignore=shutil.ignore_patterns(".history"))  # its own sample
    cache = work / f"cache-{code.name}"
    if not keep_cache:
        shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(code), "DOCGEN_CACHE_DIR": str(cache)}
    env.pop("DOCGEN_DB", None)
    full = [sys.executable, "-m", "docgen", *args]
    if args[0] in ("validate", "build"):
        full += ["-r", str(records / "lopburi-pao" / "2566")]
        full += ["-o", str(work / "out")] if args[0] == "build" else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(full, cwd=work, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed from {code}:\n{done.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def _checkout(rev: str, into: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(into), rev], check=True,
                   capture_output=True)
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", default=BEFORE, help=f"the earlier revision (default {BEFORE})")
    ap.add_argument("--runs", type=int, default=5)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-cli-speed-") as tmp:
        work = Path(tmp)
        earlier = _checkout(opts.against, work / "earlier")
        try:
            found: dict[tuple[str, str], tuple[float, float]] = {}
            for name, args in COMMANDS.items():
                for label, code in (("now", ROOT), ("before", earlier)):
                    kept = name.endswith("cache kept")
                    if kept:
                        _run(code, args, work)  # the first build fills the cache
                    runs = [_run(code, args, work, keep_cache=kept) for _ in range(opts.runs)]
                    found[label, name] = (statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(earlier)], check=False,
                           capture_output=True)
    print(f"{'command':<18} {'before cpu':>11} {'now cpu':>9} {'before wall':>12} {'now wall':>9}")
    for name in COMMANDS:
        (bc, bw), (nc, nw) = found["before", name], found["now", name]
        print(f"{name:<18} {bc:>10.2f}s {nc:>8.2f}s {bw:>11.2f}s {nw:>8.2f}s")
    ratio = {n: found["now", n][0] / found["before", n][0] for n in COMMANDS if n != "help"}
    print("cpu ratio: " + ", ".join(f"{n} {r:.2f}" for n, r in ratio.items()))


if __name__ == "__main__":
    main()
