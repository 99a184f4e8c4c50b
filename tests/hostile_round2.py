"""The hostile-input corpus, second round: cases gathered from the modules named in
:data:`MODULES` (each a ``cases()`` of :class:`hostile_corpus.Case`), each judged as
the first round's are (``validate``, then ``build``) but in a forked child of its own,
so its own time and memory are measured: a case over :data:`SECONDS` seconds is a
hang, one whose child grew past :data:`MEGABYTES` MB of resident memory (docgen's
one process: no LibreOffice, no worker) a blow-up."""

from __future__ import annotations

import importlib
import json
import os
import signal
import tempfile
import time
from pathlib import Path

SECONDS = 10
MEGABYTES = 500
#: the modules holding the second round's cases, by the class of input
MODULES = ("hostile_r2_records", "hostile_r2_templates", "hostile_r2_checks")


def round_two() -> list:
    """Every second-round case, its category prefixed ``r2 ``."""
    out = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        out += module.cases()
    return out


def judge_forked(case, judge) -> tuple[str, str]:  # noqa: ANN001 - hostile_corpus's Case and judge
    """*judge* (``hostile_corpus.judge``) of *case* in a forked child: its outcome, or
    ``hang`` past SECONDS, ``blow-up`` past MEGABYTES (the child's peak resident size)."""
    with tempfile.TemporaryDirectory(prefix="docgen-corpus-") as tmp:
        answer = Path(tmp) / "answer.json"
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: judge, write the outcome, end without running the parent's exit handlers
            code = 0
            try:
                work = Path(tmp) / "work"
                work.mkdir()
                answer.write_text(json.dumps(judge(case, work)), encoding="utf-8")
            except BaseException as exc:  # noqa: BLE001 - the corpus's own fault: told as such
                answer.write_text(json.dumps(["crash", f"corpus: {type(exc).__name__}: {exc}"]), encoding="utf-8")
                code = 1
            os._exit(code)
        while True:
            done, _, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - started > SECONDS:
                os.kill(pid, signal.SIGKILL)
                os.wait4(pid, 0)
                return "hang", f"over {SECONDS} s"
            time.sleep(0.02)
        seconds = time.monotonic() - started
        peak = usage.ru_maxrss / 1024  # kB on Linux
        if peak > MEGABYTES:
            return "blow-up", f"{peak:.0f} MB resident"
        if not answer.exists():
            return "crash", "the child ended without an outcome"
        outcome, detail = json.loads(answer.read_text(encoding="utf-8"))
        return outcome, f"{detail} ({seconds:.1f} s, {peak:.0f} MB)"
