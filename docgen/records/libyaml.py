"""libyaml (PyYAML's C parser) standing in for ruamel's parser, several times faster:
its events composed into ruamel's own nodes, constructed by ruamel, so the tree, its
types and its line numbers are ruamel's. Wherever it would read otherwise, it gives
None and ruamel's parser reads the file (the public path, the same messages)."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor

from docgen.records.yamlrules import Refusal

try:
    from yaml.cyaml import CParser as _CParser  # PyYAML's binding of libyaml
except ImportError:  # PyYAML built without libyaml
    _CParser = None

# what libyaml reads otherwise than ruamel: line ends it counts apart, directives, tabs
# (libyaml takes one after a colon) and a byte-order mark inside the text
_NOT_FOR_LIBYAML = re.compile("[\x85\u2028\u2029\t\ufeff]|^%", re.M)
_TAGS = (None, "!", "!literal")  # the tags libyaml's nodes keep as ruamel's do
# what follows a mapping's colon before its next token: spaces, line ends and comments
_UP_TO_NEXT_TOKEN = re.compile(r"(?:[ \r\n]+|#[^\r\n]*)*")
_LINE_END = re.compile(r"\r\n|\r|\n")


def libyaml_tree(text: str, constructor: type[RoundTripConstructor]) -> Any:
    """What ruamel's round-trip loader makes of *text* (the same types, the same line
    numbers), from libyaml's parse, several times faster; None where libyaml cannot
    stand in: not installed, a directive or a line end it counts otherwise, anything
    it refuses (ruamel's own parser then reads the file and says what is wrong, in the
    same words as ever), an error or a warning while building the tree. What docgen's
    rules refuse while building it (:class:`~docgen.records.yamlrules.Refusal`, at a
    node: the same line either way) is raised as it is, not read again by the slower
    parser."""
    if _CParser is None or _NOT_FOR_LIBYAML.search(text):
        return None
    import warnings

    yaml = YAML(typ="rt")
    yaml.Constructor = constructor
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            node = _compose(_CParser(text), yaml.resolver, text)
            tree = yaml.constructor.construct_document(node) if node is not None else None
    except Refusal:
        raise
    except Exception:  # noqa: BLE001 - whatever it is, ruamel's parser will say it
        return None
    return None if warned else tree


# over 60 lines, as the house allows by name (tests/test_house.py): one loop over libyaml's events with the
# state of ruamel's composer (open collections, anchors, documents); cut in parts, that state would pass
# back and forth at every event
def _compose(parser: Any, resolver: Any, text: str) -> Any:
    """ruamel's nodes (as its composer makes them) from libyaml's events; None for
    what ruamel's composer would refuse or warn of (an undefined or reused anchor,
    a second document), for tags other than ``!literal`` (ruamel keeps more of them),
    for an empty item or key (libyaml puts it on another line), and for an empty value
    in a flow mapping or before an explicit ``?`` key (ruamel places it otherwise).
    An empty value in a block mapping is placed where ruamel's parser places it
    (:func:`_empty_value_marks`)."""
    import yaml.events as ev
    from ruamel.yaml.error import StreamMark
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    def mark(m: Any) -> StreamMark:
        return StreamMark(m.name, m.index, m.line, m.column)

    root, documents = None, 0
    open_: list[list[Any]] = []  # [collection, key waiting for its value]
    anchors: dict[str, Any] = {}
    waiting: tuple[Any, StreamMark] | None = None  # an empty value placed once the next event is known
    while (event := parser.get_event()) is not None:
        kind = type(event)
        if waiting is not None:
            if kind is ev.MappingEndEvent:  # its mapping ends here: ruamel places it at the next token
                waiting[0].start_mark = waiting[0].end_mark = waiting[1]
            waiting = None
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
            classes: dict[type, type[Any]] = {ev.ScalarEvent: ScalarNode, ev.SequenceStartEvent: SequenceNode}
            node_class = classes.get(kind, MappingNode)
            tag = event.tag
            if tag not in _TAGS or (node_class is ScalarNode and event.value == "" and not event.style and open_
                                    and (open_[-1][1] is None or not isinstance(open_[-1][0], MappingNode))):
                return None
            if tag is None or tag == "!":
                tag = resolver.resolve(node_class, event.value if node_class is ScalarNode else None, event.implicit)
            if node_class is ScalarNode:
                node = ScalarNode(tag, event.value, mark(event.start_mark), mark(event.end_mark),
                                  style=event.style or None, anchor=event.anchor)
                if event.value == "" and not event.style and event.anchor is None and event.tag is None and open_:
                    # an empty value (an empty key or item was refused above)
                    if open_[-1][0].flow_style:
                        return None
                    placed = _empty_value_marks(text, node.start_mark)
                    if placed is None:
                        return None
                    at_next_token, after_comment = placed
                    if after_comment:
                        waiting = node, at_next_token
                    else:
                        node.start_mark = node.end_mark = at_next_token
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


def _empty_value_marks(text: str, colon: Any) -> tuple[Any, bool] | None:
    """Where ruamel's parser places an empty value in a block mapping, libyaml placing
    it just after the colon (*colon*): at the next token (the next key, or where the
    mapping ends), except that a comment after the colon keeps it by the colon while
    the mapping goes on. The mark of the next token, and whether a comment follows
    the colon (then the next key keeps libyaml's mark); None before an explicit key
    (``?``: ruamel places the value after the question mark)."""
    from ruamel.yaml.error import StreamMark

    skipped = _UP_TO_NEXT_TOKEN.match(text, colon.index)
    if skipped is None:  # the pattern matches the empty string: never None
        return None
    gap = skipped.group()
    if text.startswith("?", skipped.end()):
        return None
    ends = list(_LINE_END.finditer(gap))
    line = colon.line + len(ends)
    column = len(gap) - ends[-1].end() if ends else colon.column + len(gap)
    after_comment = "#" in gap[: ends[0].start() if ends else len(gap)]
    return StreamMark(colon.name, skipped.end(), line, column), after_comment
