"""Read-only dicts and lists: the facts of a packet are derived once and shared by
every document, so none may change them for the next. They are real ``dict`` and
``list`` objects (Jinja, json and docgen's context walks see no difference); every
method that would change one raises ``TypeError``."""

from __future__ import annotations

from typing import Any, NoReturn


def _refuse(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError(f"{type(self).__name__}: the facts are read-only; build a new value instead")


class FrozenDict(dict[Any, Any]):
    """A dict that cannot be changed after it is made."""

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)


class FrozenList(list[Any]):
    """A list that cannot be changed after it is made."""

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = clear = extend = insert = pop = remove = reverse = sort = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)


def frozen(value: Any) -> Any:
    """*value* with every dict and list in it, at any depth, made read-only."""
    if isinstance(value, dict):
        return FrozenDict({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return FrozenList(frozen(v) for v in value)
    return value
