"""A form save reads each records file once: the request's view of the packet
(docgen.serve.view), counted in YAML parses."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from test_serve import U, client, form_of

from docgen.records import edit, yamlread
from docgen.serve import workspace

from conftest import Records


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """From now on, every YAML parse: ruamel's loader (the round trip a form edits, and
    the records reader where libyaml declines) and the libyaml bridge where it reads a
    file; "round trip" counts the form's own parses among them."""
    counts: Counter[str] = Counter()
    real_load, real_bridge, real_text = YAML.load, yamlread.libyaml_tree, edit.load_text

    def load(self: YAML, stream: Any) -> Any:
        counts["parses"] += 1
        return real_load(self, stream)

    def bridge(text: str, constructor: Any) -> Any:
        tree = real_bridge(text, constructor)
        counts["parses"] += tree is not None
        return tree

    def load_text(text: str) -> Any:
        counts["round trip"] += 1
        return real_text(text)

    monkeypatch.setattr(YAML, "load", load)
    monkeypatch.setattr(yamlread, "libyaml_tree", bridge)
    monkeypatch.setattr(edit, "load_text", load_text)
    monkeypatch.setattr(workspace, "load_text", load_text)
    return counts


@pytest.mark.parametrize("cold", [False, True], ids=["after-opening-the-form", "nothing-kept"])
def test_a_save_parses_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold: bool) -> None:
    """One save of the documents form, measured. Before the request's view: 17 parses,
    6 of them round trips (the packet's three times, the profile's and both frameworks'
    once, and the records reader's check before each round trip: 6; then the rules'
    check of the packet as proposed: 5). With it: 4 parses, 1 round trip (the packet's
    round trip and the check before it; the rules' check reads the packet as proposed
    and progress.yaml, and finds the profile and the frameworks already read when the
    form was opened, unchanged); 7 when nothing was kept (a restart between opening the
    form and saving it): those three read once, for the form and the check alike.
    The bounds are those numbers."""
    recs = Records(tmp_path / "records", progress=True)
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    form["circular.number"] = "๕๓๒"
    if cold:
        monkeypatch.setattr(yamlread, "_SHARED", {})
    counts = _count_parses(monkeypatch)
    r = c.post(f"{U}/edit/documents", data=form)
    assert r.status_code == 200 and "  number: 532 " in recs.packet.read_text(encoding="utf-8")
    assert counts["round trip"] <= 1
    assert counts["parses"] <= (7 if cold else 4), counts


def test_a_merged_save_parses_the_older_version_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save over another tab's save (different fields: merged): the newer file is
    parsed once for the form and the merge, the version the clerk started from once.
    Before the request's view: 9 round trips (the newer packet four times, the older
    one twice, the profile and both frameworks once); with it: 2, the bound."""
    recs = Records(tmp_path / "records", progress=True)
    c = client(recs)
    first = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    second = dict(first)
    first["circular.number"] = "777"
    assert c.post(f"{U}/edit/documents", data=first).status_code == 200
    second["circular.url"] = "https://www.loppao.go.th/ita/2566/o42-new"
    counts = _count_parses(monkeypatch)
    r = c.post(f"{U}/edit/documents", data=second)
    assert r.status_code == 200 and "บันทึกแล้ว" in r.get_data(as_text=True)
    text = recs.packet.read_text(encoding="utf-8")
    assert "  number: 777 " in text and "url: https://www.loppao.go.th/ita/2566/o42-new " in text
    assert counts["round trip"] <= 2, counts
