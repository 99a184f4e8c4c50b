"""A draft's comments a year on (``docgen new-year``): a comment's years move on only
beside a value that itself moved a year on; any other comment naming a recent year is
kept as written and marked for review, since which year it speaks of is not known."""

from __future__ import annotations

import bisect
import re
from typing import Any

from docgen import thai
from docgen.records.edit import round_trip

KEPT = "ทบทวน: ความเห็นนี้คัดจากข้อมูลปี {fy} ตามเดิม"
#: the values new-year moves on a year (beside them a comment's years move too)
_YEAR = re.compile(r"(?<![0-9๐-๙])[0-9๐-๙]{4}(?![0-9๐-๙])")
_MOVED = {("fiscal_year",), ("framework",), ("previous_result", "framework"), ("previous_result", "year_before_score")}
_HASH = re.compile(r"(?:^|(?<=[ \t]))#")


def _moved(path: tuple[Any, ...]) -> bool:
    """Whether ``docgen new-year`` moves the value at *path* a year on (a comment beside it
    speaks of it: its years move too)."""
    return path in _MOVED or (len(path) == 3 and path[0] == "measures" and path[2] in ("start", "end"))


def _scalars(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, tuple[Any, ...]]]]:
    """Where *text*'s scalars lie (start and end offsets; a block scalar's from its first
    line of text), and where each key and value ends, with its path."""
    spans, ends = [], []
    frames: list[list[Any]] = []  # each open map [path, key, a key next?, a key?], list [path, index, None, a key?]
    for ev in round_trip().parse(text):
        kind, top = type(ev).__name__, (frames[-1] if frames else None)
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            top = None if frames.pop()[3] or not frames else frames[-1]
        elif kind in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"):
            is_key = top is not None and top[2] is True
            if top is not None and is_key:
                top[1], top[2] = getattr(ev, "value", None), False
            path = () if top is None else (*top[0], top[1])
            if kind == "ScalarEvent":
                start = ev.start_mark.index
                start = text.find("\n", start) + 1 or start if ev.style in ("|", ">") else start
                spans.append((start, ev.end_mark.index))
                ends.append((ev.end_mark.index, path))
            if kind.endswith("StartEvent"):
                frames.append([path, *((None, True) if kind == "MappingStartEvent" else (0, None)), is_key])
                continue
            top = None if is_key else top
        else:
            continue
        if top is not None:  # an entry of the innermost open map or list is complete
            top[1:3] = [top[1] + 1, None] if top[2] is None else [top[1], True]
    return spans, ends


def _comments(text: str) -> list[tuple[int, int, tuple[Any, ...] | None]]:
    """Each comment in *text*: its start and end offsets, and the path of the key or
    value it stands beside (None for a comment on a line of its own)."""
    spans, ends = _scalars(text)
    starts, stops = [s for s, _ in spans], [e for e, _ in ends]
    found, pos = [], 0
    for line in text.split("\n"):
        for m in _HASH.finditer(line):
            at = pos + m.start()
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and spans[i][0] <= at < spans[i][1]:
                continue  # a # inside a value
            j = bisect.bisect_right(stops, at) - 1
            beside = ends[j][1] if j >= 0 and stops[j] >= pos else ()
            found.append((at, pos + len(line), beside if line[: m.start()].strip() else None))
            break
        pos += len(line) + 1
    return found


def _year(m: re.Match[str]) -> int:
    return int(thai.to_arabic_digits(m.group(0)))


def comments_a_year_on(text: str, fy: int) -> tuple[str, int]:
    """The clerk's comments, each naming a year from *fy* - 3 to *fy* + 1: moved on a
    year beside a value moved on a year (``year_before_score: 96.77  # คะแนนปีงบประมาณ
    2565``), else kept as written and marked for review (a heading, a framework's file,
    an order of 2566, a date given as an example: which year it speaks of is not known).
    Values are not touched. Return the text and how many comments were marked."""
    def year_on(m: re.Match[str]) -> str:
        if not fy - 3 <= _year(m) <= fy + 1:
            return m.group(0)
        year = str(_year(m) + 1)
        return year if m.group(0).isascii() else thai.to_thai_digits(year)

    out, pos, marked = [], 0, 0
    for start, end, beside in _comments(text):
        comment = text[start:end]
        if not any(fy - 3 <= _year(m) <= fy + 1 for m in _YEAR.finditer(comment)):
            continue
        if beside is not None and _moved(beside):
            comment = _YEAR.sub(year_on, comment)
        else:
            comment = f"# ({KEPT.format(fy=fy)})" + ("" if comment[1:2] in ("", " ") else " ") + comment[1:]
            marked += 1
        out += [text[pos:start], comment]
        pos = end
    out.append(text[pos:])
    return "".join(out), marked
