"""The one template environment every document renders through.

Sandboxed (a template cannot reach Python internals, read other files, or take more
than a bounded time and size: :mod:`docgen.docx.sandbox`), autoescaping (``&``, ``<`` in a
value stay as typed in the XML), ``StrictUndefined`` (a misspelt variable is an error,
not an empty string). Every ``{{ value }}`` passes through :func:`_finalize`, which drops
characters XML forbids and writes the organisation's numerals, so no template and no
filter can forget either.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import Decimal
from typing import Any
from typing import Literal as _Lit

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from docgen import thai
from docgen.cache import remembered
from docgen.docx import bounds
from docgen.docx.sandbox import BoundedSandbox
from docgen.docx.xmltext import clean_text

Numerals = _Lit["thai", "arabic"]

# XML 1.0 forbids these; \a and \f would also be turned by docxtpl into a paragraph or
# page break, \v is what Excel puts for a line break inside a cell.
_ENTITY_OR_TEXT = re.compile(r"(&#?\w+;)|([^&]+|&)")


def _markup_digits(value: Markup) -> Markup:
    """Thai digits in already-escaped text, leaving character entities (``&#34;``) alone."""
    return Markup("".join(m[1] or thai.to_thai_digits(m[2]) for m in _ENTITY_OR_TEXT.finditer(str(value))))


def _finalize(value: Any, *, numerals: Numerals) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):  # a constant in the template, escaped by Jinja first
        bounds.spend(len(value), "ค่าที่พิมพ์")
        return _markup_digits(value) if numerals == "thai" else Markup(thai.to_arabic_digits(str(value)))
    if hasattr(value, "__html__"):  # docxtpl RichText / InlineImage: XML of their own
        return value
    if isinstance(value, bool):
        raise TypeError("a yes/no value cannot be printed in a document")
    if isinstance(value, (_dt.date, _dt.datetime)):
        value = thai.thai_date(value)
    elif isinstance(value, int):
        value = str(value)
    elif isinstance(value, Decimal | float):
        value = thai.number(value)
    is_literal = isinstance(value, thai.Literal)
    text = str(value)
    bounds.spend(len(text), "ค่าที่พิมพ์")
    text = clean_text(text)
    if not is_literal:  # one numeral system per office, whichever digits were typed
        text = thai.to_thai_digits(text) if numerals == "thai" else thai.to_arabic_digits(text)
    return text


def _literal(value: Any) -> thai.Literal:
    """Mark a value so that its digits stay as typed."""
    return thai.Literal(str(value))


FILTERS = {
    "thai_date": thai.thai_date,
    "thai_date_short": thai.thai_date_short,
    "month_year": thai.thai_month_year,
    "period": lambda start, end: thai.thai_period(start, end),
    "score": thai.score,
    "number": thai.number,
    "baht_words": thai.baht_words,
    "fiscal_year": thai.fiscal_year,
    "literal": _literal,
}


class _Environment(BoundedSandbox):
    """The sandbox (bounded: :mod:`docgen.docx.sandbox`), compiling each template source once: docxtpl hands
    every part of every document to ``from_string`` on every render, and the same
    template renders packet after packet (a compiled template holds no data). The
    compiled code is kept in docgen's private cache folder too, as Python keeps its own
    in ``__pycache__``, keyed by the source, Jinja's, docgen's and Python's versions: a
    new process then skips parsing and the sandbox's compile-time checks, which the
    same source passed when it was compiled."""

    COMPILED_LIMIT = 64
    #: the digits its finalize writes: part of the compiled code (Jinja folds constant
    #: output through finalize when it compiles), so part of the cache's key
    numerals: str | None = None

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        def make() -> Any:
            return self.template_class.from_code(self, self._code(source), self.make_globals(None), None)

        return remembered(self._compiled, source, make, self.COMPILED_LIMIT)

    def _code(self, source: str) -> Any:
        import hashlib
        import marshal
        import sys

        import jinja2

        from docgen import __version__
        from docgen.cache import kept

        return kept("jinja", {"source": hashlib.sha256(source.encode("utf-8")).hexdigest(),
                              "jinja": jinja2.__version__, "docgen": __version__, "python": sys.version,
                              "environment": type(self).__qualname__, "numerals": self.numerals,
                              "autoescape": bool(self.autoescape)}, ".code",
                    lambda: self.compile(source), dump=marshal.dumps, load=marshal.loads)

    @functools.cached_property
    def _compiled(self) -> dict[str, Any]:
        return {}


@functools.cache
def environment(numerals: Numerals = "thai") -> SandboxedEnvironment:
    """The shared environment for an organisation writing *numerals* digits."""
    env = _Environment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=functools.partial(_finalize, numerals=numerals),
        keep_trailing_newline=True,
    )
    env.numerals = numerals
    env.filters.update(FILTERS)
    return env

