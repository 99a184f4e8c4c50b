"""Broken and hostile input never crashes, hangs, loses text or leaves files behind.

The corpus (``hostile_corpus.py``, over 150 generated cases, and the second round's
from ``hostile_round2.py``, each in a forked child bounded to 10 s and 500 MB) runs in a
child process with a memory limit and a time limit; its table of outcomes is printed
in every run."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, run

HERE = Path(__file__).resolve().parent
MEMORY_LIMIT = 4 * 1024 ** 3  # bytes of address space for the whole corpus run


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[dict]:
    results = tmp_path_factory.mktemp("corpus") / "results.json"
    proc = subprocess.run([sys.executable, str(HERE / "hostile_corpus.py"), str(results)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, preexec_fn=_limit_memory)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(results.read_text(encoding="utf-8"))


def test_the_corpus_has_no_crash_hang_loss_or_misclassification(corpus, capsys):
    counts = Counter(r["outcome"] for r in corpus)
    by_category = Counter(r["category"] for r in corpus)
    with capsys.disabled():
        print(f"\n\nhostile-input corpus: {len(corpus)} cases, {dict(counts)}")
        for category, n in by_category.items():
            outcomes = Counter(r["outcome"] for r in corpus if r["category"] == category)
            print(f"  {category:22} {n:4} cases  {dict(outcomes)}")
        for r in corpus:
            if r["outcome"] != "ok":
                print(f"  FAIL {r['outcome']:13} {r['name']}: {r['detail']}")
    assert len(corpus) >= 150
    assert {"types", "missing keys", "unknown keys", "encodings", "control characters", "invisible characters",
            "surrogates", "yaml", "sizes", "paths", "dates and numbers", "structure"} <= set(by_category)
    second = {r["category"] for r in corpus if r["category"].startswith("r2 ")}  # each judged alone: 10 s, 500 MB
    assert sum(r["category"] in second for r in corpus) >= 60
    assert {"r2 yaml", "r2 sizes", "r2 names", "r2 paths", "r2 scale", "r2 messages", "r2 renaming", "r2 templates",
            "r2 zip", "r2 images"} <= second
    assert [r for r in corpus if r["outcome"] != "ok"] == []


def test_long_runs_of_letters_and_digits_cost_linear_time():
    from docgen.thai import to_thai_digits

    for text in ("a" * 105_000, "1" * 105_000, "ab." * 35_000, "x@" * 50_000):
        started = time.perf_counter()
        to_thai_digits(text)
        assert time.perf_counter() - started < 0.5, text[:10]


def test_a_missing_pdftoppm_is_reported(tmp_path, monkeypatch):
    import shutil

    from docgen.pdf import convert as pdf

    real = shutil.which
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None if name == "pdftoppm" else real(name))
    result = run("build", "--pdf", "-o", str(tmp_path))
    assert result.exit_code == 0
    assert "ไม่พบ pdftoppm (poppler-utils) จึงไม่ได้ทำภาพตัวอย่างหน้าแรก" in result.stderr
    names = sorted(p.name for p in (tmp_path / "lopburi-pao" / "2566").iterdir())
    assert "memo.pdf" in names and not any(n.endswith(".png") for n in names)
