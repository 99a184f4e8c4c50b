"""The indicator chart: drawn in a prestarted process or in this one, cached, and the
same bytes whichever way it was made."""

import pytest

from docgen.documents import chart
from docgen.facts.derive import facts
from docgen.records.loading import load

from conftest import PACKET, SAMPLE


def sample():
    return load(SAMPLE / PACKET)


def draw():
    recs = sample()
    f = facts(recs)
    return chart.indicator_chart(f["prev"]["ranked"], f["prev"]["pass_mark"], font=recs.organisation.font,
                                 numerals=recs.organisation.numerals)


@pytest.fixture
def no_cache(monkeypatch):
    monkeypatch.setenv("DOCGEN_NO_CACHE", "1")


def test_prestarted_process_draws_the_same_bytes_as_this_one(no_cache, monkeypatch):
    here = draw()
    assert here.startswith(b"\x89PNG")
    chart.prestart(sample())
    assert chart._worker is not None
    assert draw() == here
    assert chart._worker is None  # used once, then gone


def test_a_failing_worker_falls_back_to_drawing_here(no_cache, monkeypatch):
    here = draw()
    monkeypatch.setattr(chart.sys, "executable", "/bin/false")  # a "python" that fails at once
    chart.prestart(sample())
    assert draw() == here
    assert chart._worker is None


def test_a_cached_chart_starts_no_worker(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    chart.prestart(sample())
    assert chart._worker is not None  # not drawn yet: matplotlib loads on the other core
    first = draw()
    assert chart._worker is None and len(list((tmp_path / "charts").glob("*.png"))) == 1
    chart.prestart(sample())
    assert chart._worker is None  # drawn before: no process imports matplotlib for nothing
    assert draw() == first
