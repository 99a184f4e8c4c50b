"""The house rules of docgen's code, checked: no import circle, no module over 400
lines, no function over 60, facts derived once per build and never changed by a
document, and one registry of document kinds that the build and the CLI follow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from docgen.documents.kinds import KINDS, kind_of_file
from docgen.facts import derive as derive_module
from docgen.records.loading import load

from conftest import PACKET, ROOT, SAMPLE, Records, run

PACKAGE = ROOT / "docgen"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
#: functions allowed to be longer, each with its reason in a comment above it
LONG_FUNCTIONS = {"docgen.records.libyaml._compose"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The docgen modules *module* imports at run time (in functions too; not those
    under ``if TYPE_CHECKING:``)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()

    def add(name: str) -> None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for inner in node.orelse:
                visit(inner)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:
                add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    # a package re-exporting its own modules is no circle of design
    return {m for m in found if not m.startswith(module + ".") and not (
        modules[m].name == "__init__.py" and module.startswith(m + "."))}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of *graph* with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return found


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_among_docgen_modules():
    modules = _modules()
    graph = {m: _imports(m, p, modules) for m, p in modules.items()}
    assert circles(graph) == []


def test_no_module_over_400_lines_and_no_function_over_60():
    too_long = []
    for module, path in sorted(_modules().items()):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{module}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and f"{module}.{node.name}" not in LONG_FUNCTIONS:
                    too_long.append(f"{module}.{node.name}: {length} lines")
    assert too_long == []


def test_facts_are_derived_once_per_build_and_never_changed(monkeypatch, tmp_path):
    """``build --pdf`` of a packet with its progress report makes five documents, the
    report twice (its contents' pages), and reads the headings again: the facts are
    derived once, and what every document saw is what a fresh derivation gives."""
    from docgen.build.packet import build

    records = Records(tmp_path / "records", progress=True)
    recs = load(records.packet)
    calls = []
    real = derive_module.derive
    monkeypatch.setattr(derive_module, "derive", lambda r: calls.append(r) or real(r))
    paths = build(recs, out=tmp_path / "out", force=False, pdf=True)
    assert {p.name for p in paths} >= {f"{k.key}.pdf" for k in KINDS}
    assert calls == [recs]
    assert derive_module.facts(recs) == real(recs)


def test_the_facts_refuse_a_change():
    f = derive_module.facts(load(SAMPLE / PACKET))
    with pytest.raises(TypeError, match="read-only"):
        f["prev"]["tools"][0]["codes"] = "ข้อ 1"
    with pytest.raises(TypeError, match="read-only"):
        f["measures"].append({})
    assert isinstance(f["measures"], list) and isinstance(f["prev"], dict)  # templates and json see plain types


def test_every_kind_in_the_registry_has_its_module_template_and_output(tmp_path):
    """Each kind's module has what the build calls, its template ships, and the
    build writes each kind's document under the name the registry gives."""
    for kind in KINDS:
        code = kind.code()
        for name in ("context", "properties", "images", "build_template"):
            assert callable(getattr(code, name)), f"{kind.module}.{name}"
        assert (ROOT / "templates" / kind.template).is_file()
        assert kind_of_file(kind.filename()) is kind
        if kind.addressed:
            assert kind.filename(to="permanent-secretary") == f"{kind.key}-to-permanent-secretary.docx"
            assert kind_of_file(kind.filename(to="permanent-secretary")) is kind
    records = Records(tmp_path / "records", progress=True)
    result = run("build", "-r", str(records.packet), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out" / "lopburi-pao" / "2566").iterdir())
    assert written == sorted([*(k.template for k in KINDS), "manifest.json"])
    checked = run("templates", "check", "-r", str(records.packet))
    assert checked.exit_code == 0 and ", ".join(k.template for k in KINDS) in checked.stdout
