"""Jinja's sandbox, bounded: what a restyled template may do, and how much of it.

Built on :class:`jinja2.sandbox.SandboxedEnvironment` through its own hooks:

* the code generator refuses, before anything runs, what reads other files or
  templates (``include``, ``import``, ``from``, ``extends``), what defines code of its
  own (``macro``, ``call``, ``block``, ``self``), ``lipsum``, and names of Python's
  internals (``__class__``...), each with a Thai message saying what to remove; it
  counts every ``{% for %}`` round and checks every ``~`` before joining;
* ``call_binop`` (``*``, ``+``, ``%``, ``**`` intercepted), ``call`` (string methods
  that grow text), ``wrap_str_format`` and the filters that grow text check the
  result's size first; ``range`` is at most :data:`~docgen.docx.bounds.MAX_RANGE`;
  lists and dictionaries cannot be changed in place (``append``, ``update``...);
* every rendering runs on a :class:`~docgen.docx.bounds.Budget` with a deadline.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import Template
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable

from docgen.docx import bounds
from docgen.docx.bounds import Refused

#: statements a template may not hold: what to call them, and why
STATEMENTS: dict[type, tuple[str, str]] = {
    nodes.Include: ("include", "แม่แบบของ docgen อ่านไฟล์หรือแม่แบบอื่นไม่ได้"),
    nodes.Import: ("import", "แม่แบบของ docgen อ่านไฟล์หรือแม่แบบอื่นไม่ได้"),
    nodes.FromImport: ("from", "แม่แบบของ docgen อ่านไฟล์หรือแม่แบบอื่นไม่ได้"),
    nodes.Extends: ("extends", "แม่แบบของ docgen อ่านไฟล์หรือแม่แบบอื่นไม่ได้"),
    nodes.Macro: ("macro", "แม่แบบของ docgen ไม่มีคำสั่งที่เขียนขึ้นเอง"),
    nodes.CallBlock: ("call", "แม่แบบของ docgen ไม่มีคำสั่งที่เขียนขึ้นเอง"),
    nodes.Block: ("block", "แม่แบบของ docgen ไม่มีส่วนที่สืบทอดกัน"),
}
NAMES = {"lipsum": "ข้อความตัวอย่างสุ่ม", "self": "ส่วนของแม่แบบเอง"}
LOOP_FILTER = "_docgen_rounds"


def _refuse(node: nodes.Template) -> None:
    """Refuse what :data:`STATEMENTS` and :data:`NAMES` name, and internal names."""
    statement: nodes.Node
    for statement in node.find_all(tuple(STATEMENTS)):
        word, why = STATEMENTS[type(statement)]
        raise Refused(f"ใช้คำสั่ง “{word}” ไม่ได้ ({why}) ให้ลบคำสั่ง {{% {word} … %}} ออก")
    for name in node.find_all(nodes.Name):
        if name.name in NAMES and name.ctx == "load":
            raise Refused(f"ใช้ชื่อ “{name.name}” ({NAMES[name.name]}) ในแม่แบบของ docgen ไม่ได้"
                          " ให้ลบแท็กที่ใช้ชื่อนี้ออก")
    for access in node.find_all((nodes.Getattr, nodes.Getitem)):
        key = access.attr if isinstance(access, nodes.Getattr) else getattr(access, "arg", None)
        attr = key if isinstance(key, str) else getattr(key, "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            raise internal(attr)


def internal(attr: str) -> Refused:
    return Refused(f"แท็กเรียก “{attr}” ซึ่งเป็นส่วนภายในของโปรแกรม แม่แบบใช้ไม่ได้ ให้ลบแท็กนั้นออก")


def _literal(loop: nodes.For) -> int:
    """The characters a round of *loop* prints besides its tags (inner loops' too)."""
    return sum(len(d.data) for part in (*loop.body, *loop.else_) for d in part.find_all(nodes.TemplateData))


class Generator(CodeGenerator):
    """Jinja's code generator, refusing what a template may not do and counting loops."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        _refuse(node)
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [nodes.Const(_literal(loop))], [], None, None,
                                     lineno=loop.lineno)
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """``a ~ b``: Jinja's own, the parts checked by :func:`bounds.joined` first."""
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"{func_name}(environment.joined((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), \"เครื่องหมาย '~'\"))")


class BoundedTemplate(Template):
    """A template rendering on a budget (the document's, or one of its own); what a
    tag cannot compute is a :class:`Refused` in Thai, not an internal error."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with bounds.bounded():
            try:
                return super().render(*args, **kwargs)
            except RecursionError:
                raise Refused("แท็กเรียกตัวเองซ้ำลึกเกินไป ให้ลบคำสั่งวนซ้ำแบบ recursive ออก") from None
            except MemoryError:
                raise Refused("แท็กใช้หน่วยความจำเกินกว่าที่มี ให้ลบแท็กที่สร้างข้อความยาวออก") from None
            except (ArithmeticError, ValueError, TypeError, LookupError) as exc:
                raise Refused(f"แท็กคำนวณไม่ได้ ({type(exc).__name__}: {str(exc)[:200]})"
                              " ให้แก้หรือลบแท็กที่คำนวณนั้นออก") from None


# --------------------------------------------------------------------------- methods and filters


def _width(n: Any) -> int:
    return n if isinstance(n, int) else 0


#: a string method that grows text -> the size of its result (the string, the call's arguments)
METHODS: dict[str, Callable[..., int]] = {
    "center": lambda s, width=0, *_: max(len(s), _width(width)),
    "ljust": lambda s, width=0, *_: max(len(s), _width(width)),
    "rjust": lambda s, width=0, *_: max(len(s), _width(width)),
    "zfill": lambda s, width=0, *_: max(len(s), _width(width)),
    "expandtabs": lambda s, tabsize=8, *_: len(s) + s.count("\t" if isinstance(s, str) else b"\t") * _width(tabsize),
    "replace": lambda s, old="", new="", *_: len(s) + (s.count(old) if old else len(s) + 1) * bounds.size(new),
    "translate": lambda s, table=None, *_: len(s) * max([1, *(bounds.size(v) for v in getattr(table, "values",
                                                                                               list)())]),
    "to_bytes": lambda n, length=1, *_: _width(length),
    "split": lambda s, *_: len(s) * bounds.ITEM,
    "rsplit": lambda s, *_: len(s) * bounds.ITEM,
    "splitlines": lambda s, *_: len(s) * bounds.ITEM,
}


def _method_size(obj: Any, args: tuple[Any, ...]) -> int | None:
    owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
    if name == "join" and isinstance(owner, (str, bytes)):
        return None  # measured by :meth:`BoundedSandbox.call`, which lists the items first
    if name in METHODS and isinstance(owner, (str, bytes, int)) and not isinstance(owner, bool):
        return METHODS[name](owner, *args)
    return None


def _checked_filter(name: str, original: Callable[..., Any], size: Callable[..., int]) -> Callable[..., Any]:
    """*original* (a Jinja filter), *size* (its arguments -> its result's size) checked first."""
    passed = 1 if getattr(original, "jinja_pass_arg", None) else 0

    @functools.wraps(original)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > passed and not isinstance(args[passed], (str, list, tuple, dict)) and \
                hasattr(args[passed], "__iter__"):  # a generator (map, select...) or a range: measured as a list
            args = (*args[:passed], list(args[passed]), *args[passed + 1:])
        bounds.spend(size(*args[passed:], **kwargs), f"“{name}”")
        return original(*args, **kwargs)
    return checked


def _join_size(value: Any, d: Any = "", attribute: Any = None) -> int:
    items = value if isinstance(value, (list, tuple, str)) else ()
    return sum(bounds.size(v) for v in items) + bounds.size(d) * len(items)


def _lines(s: Any) -> int:
    return str(s).count("\n") + 1


FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, width=80: max(bounds.size(s), _width(width)),
    "indent": lambda s, width=4, *a, **k: bounds.size(s) + _lines(s) * (_width(width) or bounds.size(width)),
    "join": _join_size,
    "replace": lambda s, old, new, count=None: bounds.size(s) * (1 + bounds.size(new)),
    "batch": lambda value, linecount, fill_with=None: _width(linecount) if fill_with is not None else 0,
    "slice": lambda value, slices, fill_with=None: _width(slices) * (2 if fill_with is not None else 1),
    "wordwrap": lambda s, width=79, *a, wrapstring=None, **k: bounds.size(s) * (1 + bounds.size(wrapstring or " ")),
    "truncate": lambda s, length=255, killwords=False, end="...", leeway=None: bounds.size(s) + bounds.size(end),
    "sum": lambda iterable, attribute=None, start=0: bounds.size(start) if isinstance(start, (list, tuple)) else 0,
}
#: filters that make a list of their value's items (each item an object: :data:`bounds.ITEM`)
LISTING = ("list", "batch", "slice", "unique", "sort", "reverse", "map", "select", "reject", "selectattr",
           "rejectattr", "groupby", "dictsort", "items")
def _format_size(s: Any, *args: Any, **kwargs: Any) -> int:
    bounds.printf_fits(str(s), kwargs or args)  # spends what it makes
    return 0


REMOVED_FILTERS = ("urlize",)  # an HTML link has no place in a Word document


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with docgen's bounds (see the module's text)."""

    code_generator_class = Generator
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "+", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        self.globals["range"] = bounds.bounded_range
        for name in REMOVED_FILTERS:
            self.filters.pop(name, None)
        for name in LISTING:
            self.filters[name] = _checked_filter(name, self.filters[name],
                                                 lambda value, *a, **k: bounds.size(value) * bounds.ITEM)
        for name, size in FILTER_SIZES.items():
            self.filters[name] = _checked_filter(name, self.filters[name], size)
        self.filters["format"] = _checked_filter("format", self.filters["format"], _format_size)
        self.filters[LOOP_FILTER] = bounds.rounds
        self.joined = bounds.joined

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        bounds.budget().on_time()
        bounds.binop_fits(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return super().is_safe_attribute(obj, attr, value) and not modifies_known_mutable(obj, attr)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise internal(attribute)
        raise Refused(f"แท็กเรียก “{attribute}” ซึ่งแก้ข้อมูลหรือเป็นส่วนภายในของโปรแกรม แม่แบบใช้ไม่ได้"
                      " ให้ลบแท็กนั้นออก")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt, is_map = value.__self__, value.__name__ == "format_map"

        def checked(*args: Any, **kwargs: Any) -> str:
            bounds.format_fits(fmt, (), args[0]) if is_map and args and isinstance(args[0], dict) else \
                bounds.format_fits(fmt, args, kwargs)
            return wrapped(*args, **kwargs)
        return checked

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        bounds.budget().on_time()
        owner = getattr(__obj, "__self__", None)
        if getattr(__obj, "__name__", "") == "join" and isinstance(owner, (str, bytes)) and args:
            args = (bounds.joined(args[0], "“join”"), *args[1:])
            bounds.spend(len(owner) * len(args[0]), "“join”")
        else:
            made = _method_size(__obj, args)
            if made is not None:
                bounds.spend(made, f"“{getattr(__obj, '__name__', '')}”")
        return super().call(__context, __obj, *args, **kwargs)
