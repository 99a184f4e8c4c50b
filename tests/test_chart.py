"""The indicator chart: drawn in a prestarted process or in this one, cached, and the
same bytes whichever way it was made."""

import pytest

from docgen.documents import chart
from docgen.facts.derive import facts
from docgen.records.loading import load

from conftest import PACKET, SAMPLE


def draw():
    f = facts(load(SAMPLE / PACKET))
    return chart.indicator_chart(f["prev"]["ranked"], f["ita"]["pass_mark"], font="TH SarabunIT๙", numerals="thai")


@pytest.fixture
def no_cache(monkeypatch):
    monkeypatch.setenv("DOCGEN_NO_CACHE", "1")


def test_prestarted_process_draws_the_same_bytes_as_this_one(no_cache, monkeypatch):
    here = draw()
    assert here.startswith(b"\x89PNG")
    chart.prestart()
    assert chart._worker is not None
    assert draw() == here
    assert chart._worker is None  # used once, then gone


def test_a_failing_worker_falls_back_to_drawing_here(no_cache, monkeypatch):
    here = draw()
    monkeypatch.setattr(chart.sys, "executable", "/bin/false")  # a "python" that fails at once
    chart.prestart()
    assert draw() == here
    assert chart._worker is None


def test_a_cached_chart_dismisses_the_worker(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    first = draw()
    assert len(list((tmp_path / "charts").glob("*.png"))) == 1
    chart.prestart()
    assert draw() == first
    assert chart._worker is None
