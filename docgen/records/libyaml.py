"""libyaml (PyYAML's C parser) standing in for ruamel's parser, several times faster:
its events composed into ruamel's own nodes, constructed by ruamel, so the tree, its
types and its line numbers are ruamel's. Wherever it would read otherwise, it gives
None and ruamel's parser reads the file (the public path, the same messages)."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor

try:
    from yaml.cyaml import CParser as _CParser  # PyYAML's binding of libyaml
except ImportError:  # PyYAML built without libyaml
    _CParser = None

# what libyaml reads otherwise than ruamel: line ends it counts apart, directives, tabs
# (libyaml takes one after a colon) and a byte-order mark inside the text
_NOT_FOR_LIBYAML = re.compile("[\x85\u2028\u2029\t\ufeff]|^%", re.M)
_TAGS = (None, "!", "!literal")  # the tags libyaml's nodes keep as ruamel's do


def libyaml_tree(text: str, constructor: type[RoundTripConstructor]) -> Any:
    """What ruamel's round-trip loader makes of *text* (the same types, the same line
    numbers), from libyaml's parse, several times faster; None where libyaml cannot
    stand in: not installed, a directive or a line end it counts otherwise, anything
    it refuses (ruamel's own parser then reads the file and says what is wrong, in the
    same words as ever), an error or a warning while building the tree."""
    if _CParser is None or _NOT_FOR_LIBYAML.search(text):
        return None
    import warnings

    yaml = YAML(typ="rt")
    yaml.Constructor = constructor
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            node = _compose(_CParser(text), yaml.resolver)
            tree = yaml.constructor.construct_document(node) if node is not None else None
    except Exception:  # noqa: BLE001 - whatever it is, ruamel's parser will say it
        return None
    return None if warned else tree


def _compose(parser: Any, resolver: Any) -> Any:
    """ruamel's nodes (as its composer makes them) from libyaml's events; None for
    what ruamel's composer would refuse or warn of (an undefined or reused anchor,
    a second document), for tags other than ``!literal`` (ruamel keeps more of them),
    and for an empty item or key (libyaml puts it on another line)."""
    import yaml.events as ev
    from ruamel.yaml.error import StreamMark
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    def mark(m: Any) -> StreamMark:
        return StreamMark(m.name, m.index, m.line, m.column)

    root, open_, anchors, documents = None, [], {}, 0  # open_: [collection, key waiting for its value]
    while (event := parser.get_event()) is not None:
        kind = type(event)
        if kind is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                return None
            continue
        if kind in (ev.SequenceEndEvent, ev.MappingEndEvent):
            open_.pop()[0].end_mark = mark(event.end_mark)
            continue
        if kind is ev.AliasEvent:
            if event.anchor not in anchors:
                return None
            node = anchors[event.anchor]
        elif kind in (ev.ScalarEvent, ev.SequenceStartEvent, ev.MappingStartEvent):
            node_class = {ev.ScalarEvent: ScalarNode, ev.SequenceStartEvent: SequenceNode}.get(kind, MappingNode)
            tag = event.tag
            if tag not in _TAGS or (node_class is ScalarNode and event.value == "" and not event.style and open_
                                    and (open_[-1][1] is None or not isinstance(open_[-1][0], MappingNode))):
                return None
            if tag is None or tag == "!":
                tag = resolver.resolve(node_class, event.value if node_class is ScalarNode else None, event.implicit)
            if node_class is ScalarNode:
                node = ScalarNode(tag, event.value, mark(event.start_mark), mark(event.end_mark),
                                  style=event.style or None, anchor=event.anchor)
            else:
                node = node_class(tag, [], mark(event.start_mark), None, flow_style=event.flow_style,
                                  anchor=event.anchor)
            if event.anchor is not None:
                if event.anchor in anchors:
                    return None
                anchors[event.anchor] = node
        else:  # the stream's start and end, a document's end
            continue
        if not open_:
            root = node
        elif isinstance(open_[-1][0], MappingNode):
            if open_[-1][1] is None:
                open_[-1][1] = node
            else:
                open_[-1][0].value.append((open_[-1][1], node))
                open_[-1][1] = None
        else:
            open_[-1][0].value.append(node)
        if kind in (ev.SequenceStartEvent, ev.MappingStartEvent):
            open_.append([node, None])
    return root
