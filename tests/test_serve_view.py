"""A form save reads each records file once: the request's view of the packet."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_serve import U, client, form_of

from docgen.records import edit, yamlread
from docgen.serve import packets

from conftest import Records


def _saves_parses(recs: Records, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times one save of the documents form parses a records file, by the
    parser: ruamel's round trip (the forms') and docgen's reading (the rules')."""
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    form["circular.number"] = "๕๓๒"
    counts = {"round trip": 0, "records": 0}
    real_load, real_read = edit.load_text, yamlread.read_yaml

    def load_text(text: str) -> object:
        counts["round trip"] += 1
        return real_load(text)

    def read_yaml(path: Path) -> object:
        counts["records"] += 1
        return real_read(path)

    monkeypatch.setattr(edit, "load_text", load_text)
    monkeypatch.setattr(yamlread, "read_yaml", read_yaml)
    monkeypatch.setattr("docgen.records.loading.read_yaml", read_yaml)
    r = c.post(f"{U}/edit/documents", data=form)
    assert r.status_code == 200 and "  number: 532 " in recs.packet.read_text(encoding="utf-8")
    return counts


def test_a_save_parses_each_file_once_per_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured: 6 round-trip parses and 11 records reads without the request's view,
    4 and 9 with it: each version of a file is parsed once for the form (the packet
    before and after the write, the profile, the framework); the rest are the rules'
    own reading of the packet as proposed, which the view does not share."""
    with monkeypatch.context() as m:
        m.setattr(packets, "has_request_context", lambda: False)
        without = _saves_parses(Records(tmp_path / "a" / "records", progress=True), m)
    with_view = _saves_parses(Records(tmp_path / "b" / "records", progress=True), monkeypatch)
    assert with_view["round trip"] < without["round trip"]
    assert with_view["round trip"] <= 4 and with_view["records"] <= 9, (with_view, without)
