"""What the records' YAML may hold, as ruamel's constructor builds it: the tags docgen
reads, aliases and merges bounded; anything else a :class:`Refusal` at its node, said
in Thai. Both parsers' trees are built by :class:`Constructor` (``libyaml`` composes
the nodes, ruamel's parser everywhere else), so a refusal reads the same either way."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from docgen.thai import Literal

MAX_NODES = 200_000  # values, aliases counted each time they are used


class Refusal(MarkedYAMLError):
    """What the records' YAML may not hold, said in Thai (``thai``) at its node."""

    def __init__(self, node: Any, thai: str) -> None:
        super().__init__(problem=thai, problem_mark=node.start_mark)
        self.thai = thai


_STR = "tag:yaml.org,2002:str"
_COLLECTIONS = {MappingNode: "tag:yaml.org,2002:map", SequenceNode: "tag:yaml.org,2002:seq"}  # their tag untagged


class _Referents(list[Any]):
    """The mappings that merge one mapping (ruamel's ``_ref``), told apart by identity:
    ruamel asks whether a new one is already there by comparing it, copied whole, with
    every one before, which costs the square of the merges."""

    def __init__(self, referents: list[Any]) -> None:
        super().__init__(referents)
        self.ids = {id(r) for r in referents}

    def __contains__(self, item: object) -> bool:
        return id(item) in self.ids

    def append(self, item: Any) -> None:
        self.ids.add(id(item))
        super().append(item)


class Constructor(RoundTripConstructor):
    """Round-trip loading (keeps line numbers) with these changes: timestamps stay text,
    because ``2567-02-29`` is a real BE date but no CE one; ``!literal`` marks text
    whose digits must stay as typed, ``!!str`` text; any other tag written in the file
    is refused unless it is the one the value has untagged (``!!int 5``); so is an
    alias inside what it names (``x: &a {<<: *a}``, ``&a [*a]``: ruamel would make it
    None), and merges (``<<``) copying more than MAX_NODES values in all."""

    merged = 0  # values the merges of this file have copied

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.recursive_objects:
            raise Refusal(node, "การอ้างอิงด้วย * (หรือการรวมค่าด้วย <<) ชี้กลับไปยังชุดข้อมูลที่ตัวเองอยู่ข้างใน"
                                " (วนกลับมาที่ตัวเอง) ให้เขียนค่าโดยตรงแทนการอ้างอิง")
        tag = node.tag  # as written (the parser's tags keep the handles they were read with), else resolved
        if node.ctag.handles is not None and tag not in ("!literal", _STR) and tag != _COLLECTIONS.get(type(node)):
            if type(node) is not ScalarNode or tag != self.resolver.resolve(ScalarNode, node.value, (True, False)):
                tag = ((node.ctag.handle or "") + (node.ctag.suffix or ""))[:60]  # as written
                raise Refusal(node, f"docgen ไม่ใช้ป้ายกำกับ {tag} (ใช้ได้เฉพาะ !literal สำหรับข้อความที่ต้องคงไว้ตามที่พิมพ์)"
                                    f" ให้ลบ {tag} ออกแล้วเขียนค่าโดยตรง")
        return super().construct_object(node, deep=deep)

    def flatten_mapping(self, node: Any) -> Any:
        merged = super().flatten_mapping(node)
        self.merged += sum(len(part) for part in merged)
        for part in merged:
            if not isinstance(part._ref, _Referents):
                part._ref = _Referents(part._ref)
        if self.merged > MAX_NODES:
            raise Refusal(node, f"การรวมค่าด้วย << ทำให้ข้อมูลมีค่ามากเกิน {MAX_NODES:,} ค่า ให้เขียนค่าโดยตรงแทนการรวม")
        return merged

    def construct_yaml_str(self, node: Any) -> Any:
        """Text; tagged ``!!str``, plain text (ruamel would keep the tag on it)."""
        return _as_text(self, node) if node.ctag.handle else super().construct_yaml_str(node)


def _as_text(loader: RoundTripConstructor, node: Any) -> str:
    return str(loader.construct_scalar(node))


Constructor.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
Constructor.add_constructor("!literal", lambda loader, node: Literal(_as_text(loader, node)))
Constructor.add_constructor(_STR, Constructor.construct_yaml_str)
