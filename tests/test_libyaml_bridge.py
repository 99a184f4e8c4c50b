"""libyaml's bridge (``docgen.records.libyaml``) gives ruamel's own tree, node for
node: every records file of the sample and every YAML text of the hostile corpus read
both ways, the same types, values, anchors, line and column everywhere. Where the
bridge declines (None: ruamel's parser then reads the file) or ruamel refuses the text,
there is nothing to compare; those are counted, and the bridge must never give a tree
for a text ruamel refuses."""

from __future__ import annotations

import math
import shutil
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt

from docgen.records import libyaml, yamlread
from docgen.records.libyaml import libyaml_tree
from docgen.records.yamlread import MAX_RECORDS_BYTES, _Constructor, _too_deep, read_yaml
from docgen.thai import Literal

import hostile_corpus
from conftest import SAMPLE


def ruamel_tree(text: str) -> Any:
    """ruamel's own round-trip parse, as ``read_yaml`` falls back to it (its warnings
    recorded, not raised: the test run turns warnings into errors)."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return yaml.load(text)


def bridge_tree(text: str) -> Any:
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        return libyaml_tree(text, _Constructor)


def _anchor(node: Any) -> tuple[Any, Any]:
    anchor = node if type(node).__name__ == "Anchor" else getattr(node, "anchor", None)
    if anchor is None or not hasattr(anchor, "value"):
        return None, None
    return anchor.value, anchor.always_dump


def _tag(node: Any) -> Any:
    tag = getattr(node, "tag", None)
    return getattr(tag, "value", tag)


def same_tree(ours: Any, theirs: Any, where: str = "", seen: dict[int, Any] | None = None) -> None:
    """Assert the bridge's tree *ours* is ruamel's *theirs*: types, values, anchors,
    tags, flow style, the line and column of every collection, key and item, merge
    keys, and the same sharing (a collection met twice through an alias is one
    object in both)."""
    seen = {} if seen is None else seen
    where = where or "the document"
    assert type(ours) is type(theirs), f"{where}: {type(ours).__name__} for {type(theirs).__name__}"
    if isinstance(theirs, (CommentedMap, CommentedSeq)):
        if id(theirs) in seen:
            assert seen[id(theirs)] is ours, f"{where}: an alias that is not the anchored node"
            return
        seen[id(theirs)] = ours
        assert (ours.lc.line, ours.lc.col) == (theirs.lc.line, theirs.lc.col), f"{where}: line and column"
        assert ours.lc.data == theirs.lc.data, f"{where}: the line and column of its entries"
        assert _anchor(ours) == _anchor(theirs), f"{where}: anchor"
        assert _tag(ours) == _tag(theirs), f"{where}: tag"
        assert ours.fa.flow_style() == theirs.fa.flow_style(), f"{where}: flow style"
    else:
        _same_scalar(ours, theirs, where)
    if isinstance(theirs, CommentedMap):
        assert len(ours) == len(theirs), f"{where}: {len(ours)} keys for {len(theirs)}"
        for ours_key, their_key in zip(ours, theirs):
            same_tree(ours_key, their_key, f"{where}, key {their_key!r}", seen)
            if their_key in theirs.lc.data:
                assert ours.lc.key(ours_key) == theirs.lc.key(their_key), f"{where}: line and column of {their_key!r}"
                assert ours.lc.value(ours_key) == theirs.lc.value(their_key), f"{where}: ... of {their_key!r}'s value"
            same_tree(ours[ours_key], theirs[their_key], f"{where} > {their_key}", seen)
        own_keys = [[k for k, _ in m.non_merged_items()] for m in (ours, theirs)]
        assert own_keys[0] == own_keys[1], f"{where}: its own keys (not merged)"
        ours_merge: Any = getattr(ours, merge_attrib, None)
        their_merge: Any = getattr(theirs, merge_attrib, None)
        assert type(ours_merge) is type(their_merge), f"{where}: merge keys"
        if their_merge is not None:
            assert ours_merge.merge_pos == their_merge.merge_pos, f"{where}: the merge key's place"
            assert len(ours_merge) == len(their_merge), f"{where}: the maps merged"
            for i, (ours_merged, their_merged) in enumerate(zip(ours_merge, their_merge)):
                same_tree(ours_merged, their_merged, f"{where} <<[{i}]", seen)
            same_tree(ours_merge.sequence, their_merge.sequence, f"{where} << (the list)", seen)
    elif isinstance(theirs, CommentedSeq):
        assert len(ours) == len(theirs), f"{where}: {len(ours)} items for {len(theirs)}"
        for i, (ours_item, their_item) in enumerate(zip(ours, theirs)):
            assert ours.lc.item(i) == theirs.lc.item(i), f"{where}: line and column of item {i}"
            same_tree(ours_item, their_item, f"{where}[{i}]", seen)


def _same_scalar(ours: Any, theirs: Any, where: str) -> None:
    if isinstance(theirs, float) and math.isnan(theirs):
        assert math.isnan(ours), where
    else:
        assert ours == theirs, f"{where}: {ours!r} for {theirs!r}"
    assert repr(ours) == repr(theirs), where
    assert _anchor(ours) == _anchor(theirs), f"{where}: anchor"
    assert _attributes(ours) == _attributes(theirs), f"{where}: attributes"


def _attributes(value: Any) -> dict[str, Any]:
    """A scalar's attributes (a float's width and precision, an anchor...), anchors as
    their name and whether they are always written; a block scalar's trailing comment
    left out (ruamel's parser keeps comments, the bridge none)."""
    found = dict(vars(value)) if hasattr(value, "__dict__") else {}
    found.pop("comment", None)
    return {k: _anchor(v) if type(v).__name__ == "Anchor" else v for k, v in found.items()}


def types_in(tree: Any) -> set[type]:
    """The types of every key and value in *tree* (each shared collection once)."""
    found: set[type] = set()
    stack, seen = [tree], set()
    while stack:
        node = stack.pop()
        found.add(type(node))
        if isinstance(node, (dict, list)) and id(node) not in seen:
            seen.add(id(node))
            stack.extend([*node.keys(), *node.values()] if isinstance(node, dict) else node)
    return found


def compare(text: str, counts: Counter[str], met: set[type] | None = None) -> None:
    """Read *text* both ways and compare (as ``read_yaml`` would hand it over: within
    the size and depth bounds); count what happened."""
    if len(text.encode("utf-8")) > MAX_RECORDS_BYTES or _too_deep(text) is not None:
        counts["refused before parsing"] += 1
        return
    ours = bridge_tree(text)
    try:
        theirs = ruamel_tree(text)
    except Exception:  # noqa: BLE001 - ruamel refuses it: read_yaml reports that
        assert ours is None, "the bridge gave a tree for a text ruamel's parser refuses"
        counts["ruamel refused"] += 1
        return
    if ours is None:
        counts["bridge declined"] += 1
        return
    same_tree(ours, theirs)
    counts["compared"] += 1
    if met is not None:
        met |= types_in(theirs)


def sample_files() -> list[Path]:
    return sorted(SAMPLE.rglob("*.yaml"))


def corpus_texts(tmp: Path) -> dict[str, str]:
    """Every records file a hostile case changes, as text (one entry per distinct
    text): what ``read_yaml`` would parse, so the bytes decoded as UTF-8, less a
    leading byte-order mark; files that are not UTF-8 or not regular are left out."""
    sample = {p.relative_to(SAMPLE): p.read_bytes() for p in SAMPLE.rglob("*.yaml")}
    texts: dict[str, str] = {}
    for number, case in enumerate(hostile_corpus.cases()):
        root = tmp / str(number) / "records"
        shutil.copytree(SAMPLE, root)
        case.change(root)
        for path in sorted(root.rglob("*.yaml")):
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            if sample.get(path.relative_to(root)) == data:
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            texts.setdefault(text.removeprefix("\ufeff"), f"{case.name} ({path.relative_to(root)})")
        shutil.rmtree(root.parent)
    return texts


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: str(p.relative_to(SAMPLE)))
def test_the_bridge_reads_every_sample_file_as_ruamel_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ours = bridge_tree(text)
    assert ours is not None, "the bridge declined a sample file: ruamel's slower parser read it"
    same_tree(ours, ruamel_tree(text))


def test_the_bridge_reads_the_hostile_corpus_as_ruamel_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = corpus_texts(tmp_path)
    counts: Counter[str] = Counter()
    met: set[type] = set()
    for text, name in texts.items():
        try:
            compare(text, counts, met)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None
    with capsys.disabled():
        print(f"\nlibyaml bridge against ruamel: {len(texts)} corpus texts, {dict(counts)}")
    assert len(texts) >= 150
    assert counts["compared"] >= 100  # the bridge stands in for most of them
    assert counts["bridge declined"] + counts["ruamel refused"] > 0  # and the corpus tries its limits
    assert {CommentedMap, CommentedSeq, ScalarFloat, ScalarInt, Literal, str, int, bool, type(None)} <= met


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: str(p.relative_to(SAMPLE)))
def test_without_libyaml_the_read_gives_the_same_tree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_libyaml = read_yaml(path).tree
    monkeypatch.setattr(libyaml, "_CParser", None)
    assert libyaml_tree(path.read_text(encoding="utf-8"), _Constructor) is None
    without = read_yaml(path).tree
    same_tree(with_libyaml, without)
    same_tree(without, ruamel_tree(path.read_text(encoding="utf-8")))


def test_read_yaml_uses_the_bridge(monkeypatch: pytest.MonkeyPatch) -> None:
    """read_yaml asks the bridge first and reads with ruamel's parser only where it
    declines."""
    asked: list[str] = []

    def bridge(text: str, constructor: type) -> Any:
        asked.append(text)
        return None

    monkeypatch.setattr(yamlread, "libyaml_tree", bridge)
    path = SAMPLE / hostile_corpus.PACKET
    tree = read_yaml(path).tree
    assert asked == [path.read_text(encoding="utf-8")]
    same_tree(tree, ruamel_tree(asked[0]))


def empty_value_texts() -> list[str]:
    """Mappings with an empty value (``key:``, a null) in every place a records file
    may hold one: where ruamel's parser and libyaml place it differently (the colon
    or the next token), each followed by what may come next, each line end."""
    contexts = [  # (what comes before, the mapping's indentation, a line that ends the mapping)
        ("", "", ""),
        ("m:\n", "  ", "z: 1\n"),
        ("s:\n- a: 1\n", "  ", "- z: 1\n"),
        ("m:\n  n:\n", "    ", "  z: 1\n"),
    ]
    followers = ["{i}b: 2\n", "\n{i}b: 2\n", "# c\n{i}b: 2\n", "{i}# c\n\n{i}b: 2\n", "{i}&a b: 2\n", "{i}'b': 2\n",
                 "{i}!literal b: 2\n", "{i}? b\n{i}: 2\n", "{i}b:\n{i}c: 3\n", "{d}", "# c\n{d}", "\n  # c\n{d}", "",
                 "# c", "...\n"]
    texts = []
    for before, indent, dedent in contexts:
        for after_colon in ("", "   ", " # note", "  #note  "):
            texts.append(f"{before}{indent}k:{after_colon}")
            for follower in followers:
                text = f"{before}{indent}k:{after_colon}\n" + follower.format(i=indent, d=dedent)
                texts += [text, text.replace("\n", "\r\n"), text.replace("\n", "\r")]
    return texts


def test_an_empty_value_is_placed_where_ruamel_places_it() -> None:
    counts: Counter[str] = Counter()
    for text in empty_value_texts():
        try:
            compare(text, counts)
        except AssertionError as exc:
            raise AssertionError(f"{text!r}: {exc}") from None
    assert counts["compared"] >= 0.8 * sum(counts.values()), counts
