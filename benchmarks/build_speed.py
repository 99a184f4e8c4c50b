"""How long ``docgen build`` takes on the sample records, start-up included.

    .venv/bin/python benchmarks/build_speed.py [--runs N] [--pdf]

Each run is a fresh ``docgen`` process writing into a fresh folder, timed by the wall
clock. Cold runs start with an empty docgen cache (the templates checked, their code
compiled, the font's metrics read); warm runs reuse it. With --pdf it also times
``build --pdf`` and counts
how many LibreOffice processes one build starts (the target is one). Prints figures;
asserts nothing: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCGEN = Path(sys.executable).with_name("docgen")
SAMPLE = "records/lopburi-pao/2566"  # named: packets a user adds under records/ change nothing here


def run(args: list[str], env: dict[str, str]) -> float:
    out = tempfile.mkdtemp(prefix="docgen-bench-")
    try:
        start = time.perf_counter()
        subprocess.run([str(DOCGEN), *args, "-r", SAMPLE, "-o", out], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(out, ignore_errors=True)


def soffice_starts(env: dict[str, str]) -> int:
    """Count soffice processes started during one ``build --pdf`` by watching /proc."""
    out = tempfile.mkdtemp(prefix="docgen-bench-")
    proc = subprocess.Popen([str(DOCGEN), "build", "--pdf", "-r", SAMPLE, "-o", out], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    while proc.poll() is None:
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if cmd.split(b"\0")[0].endswith(b"soffice.bin") and b"--accept=pipe" in cmd:
                    seen.add(int(pid))
        time.sleep(0.05)
    shutil.rmtree(out, ignore_errors=True)
    return len(seen)


def report(name: str, times: list[float]) -> None:
    print(f"{name:<28} median {statistics.median(times):.3f} s  min {min(times):.3f} s"
          f"  max {max(times):.3f} s  ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="docgen-bench-cache-")
    env = {**os.environ, "DOCGEN_CACHE_DIR": cache}
    cold = []
    for _ in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(["build"], env))
    report("build, empty cache", cold)
    report("build, cache kept", [run(["build"], env) for _ in range(args.runs)])
    if args.pdf:
        report("build --pdf", [run(["build", "--pdf"], env) for _ in range(max(1, args.runs // 2))])
        print(f"LibreOffice processes started by one build --pdf: {soffice_starts(env)}")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
