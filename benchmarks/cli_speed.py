"""The command line's cold cost, side by side with an earlier revision of docgen.

    .venv/bin/python benchmarks/cli_speed.py [--against REV] [--runs N]

Each run is a fresh process (start-up and imports included) on a fresh copy of the
sample records, with a fresh cache folder: ``docgen --help``, ``docgen validate`` and
``docgen build`` (DOCX only). The CPU each costs (user + system, of the process and
its children, from ``getrusage``) and its wall time are measured for this tree and for
*REV* (checked out with ``git worktree`` and run from there with the same Python), the
median of N runs each. Each side runs in a virtual environment of its own with the
libraries its pyproject.toml declares and no others (the earlier revision drew its
chart with matplotlib, which docgen no longer installs; the test tools are left out of
both, as a vendor's install has none), made once per list of libraries in the user's
cache folder (``~/.cache/docgen-benchmarks``, from PyPI as ``pip`` finds it); the
versions both sides use of the libraries they share are printed and must agree. Prints a table and, last, a line
``cpu ratio: validate X, build Y`` (this tree over REV). Asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the last revision before issue 27's deferred imports: what "before" means here
BEFORE = "50b7841"
COMMANDS = {"help": ["--help"], "validate": ["validate"], "validate, cache kept": ["validate"],
            "build": ["build", "--force"], "build, cache kept": ["build", "--force"]}


def _environment(code: Path) -> str:
    """A Python with the libraries *code*'s pyproject.toml declares and nothing else (as
    a vendor installs docgen: no test tools), in a virtual environment kept by that
    list of libraries in the user's cache folder."""
    needs = sorted(tomllib.loads((code / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])
    digest = hashlib.sha256(json.dumps([sys.version, needs]).encode()).hexdigest()[:16]
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgen-benchmarks" / digest
    python = home / "bin" / "python"
    if not (home / ".installed").is_file():
        shutil.rmtree(home, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
        print(f"installing the libraries of {code} into {home} ...", file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *needs], check=True)
        (home / ".installed").touch()
    return str(python)


def _versions(python: str) -> dict[str, str]:
    listed = subprocess.run([python, "-m", "pip", "list", "--format=json"], check=True, capture_output=True,
                            text=True).stdout
    return {p["name"].lower(): p["version"] for p in json.loads(listed)}


def _run(code: Path, args: list[str], work: Path, *, python: str = sys.executable,
         keep_cache: bool = False) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one cold ``python -m docgen ARGS`` from *code*; with
    *keep_cache*, docgen's cache and the records (with their history) as an earlier run
    left them (a clerk's second build: the chart, the font's metrics, the templates'
    check kept, the records' history there), else a fresh copy of the sample records
    (no history yet) and an empty cache (the very first run on a machine)."""
    records = work / f"records-{code.name}"
    cache = work / f"cache-{code.name}"
    if not keep_cache:
        shutil.rmtree(records, ignore_errors=True)
        shutil.copytree(code / "records", records, ignore=shutil.ignore_patterns(".history"))  # its own sample
        shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(code), "DOCGEN_CACHE_DIR": str(cache)}
    env.pop("DOCGEN_DB", None)
    full = [python, "-m", "docgen", *args]
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
            pythons = {code: _environment(code) for code in (ROOT, earlier)}
            now, before = _versions(pythons[ROOT]), _versions(pythons[earlier])
            differ = {n: (now[n], before[n]) for n in set(now) & set(before) if now[n] != before[n]}
            print("libraries both use, by version: " + ("the same" if not differ else f"DIFFERENT {differ}"))
            found: dict[tuple[str, str], tuple[float, float]] = {}
            for name, args in COMMANDS.items():
                for label, code in (("now", ROOT), ("before", earlier)):
                    kept = name.endswith("cache kept")
                    if kept:
                        _run(code, args, work, python=pythons[code])  # the first build fills the cache
                    runs = [_run(code, args, work, python=pythons[code], keep_cache=kept) for _ in range(opts.runs)]
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
