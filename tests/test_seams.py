"""The private interfaces docgen relies on, each behind one seam that checks it once
per process against the public path and falls back to that path where it is missing
or gives other bytes:

* python-docx's ``PackageWriter._write_content_types_stream``, ``_write_pkg_rels`` and
  ``_write_parts`` (``docgen.docx.render``: the members written straight into docgen's
  zip; the public path is ``PackageWriter.write`` and a deterministic re-zip);
* zipfile's internals for copying an already deflated member (``docgen.docx.zipout``:
  ``ZipFile._writecheck``, ``_didModify``, ``start_dir``, ``fp``, ``ZipInfo.FileHeader``;
  the public path is ``ZipFile.writestr``).

Each seam's private path must be what runs here: a library upgrade that takes it away
fails these tests instead of quietly making docgen slower. Without it the documents
are the same bytes."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter

from docgen.documents.make import render
from docgen.docx import render as render_module
from docgen.docx import zipout
from docgen.docx.package import APP_XML
from docgen.records.loading import load

from conftest import Records

FONT = "TH SarabunIT๙"


def memo(records: Records) -> bytes:
    """templates/memo.docx rendered through docgen's render, for the sample records."""
    return render(load(records.packet), "memo", to="chief-executive").data


@pytest.fixture
def fresh_writer_check(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """The package writer's check not yet made in this process (made again by the
    next package written); the process's verdict left as it was afterwards."""
    verdict: dict[str, bool] = {}
    monkeypatch.setattr(render_module, "_PRIVATE_WORKS", verdict)
    return verdict


@pytest.fixture
def fresh_zip_check() -> Iterator[None]:
    """zipout's check made again by the next zip, and again after the test."""
    zipout._copy_works.cache_clear()
    yield
    zipout._copy_works.cache_clear()


# --------------------------------------------------------------------------- python-docx's writer


def test_python_docx_private_writer_is_there() -> None:
    for name in render_module.PRIVATE_WRITER:
        assert callable(getattr(PackageWriter, name, None)), f"python-docx no longer has PackageWriter.{name}"
    assert render_module._private_writer_present()


def test_the_private_writer_is_what_runs(records: Records, fresh_writer_check: dict[str, bool],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first = memo(records)
    assert fresh_writer_check == {"verdict": True}, "python-docx's private writer gives other bytes than its public one"
    called: list[str] = []
    for name in render_module.PRIVATE_WRITER:
        def spy(*args: Any, _real: Any = getattr(PackageWriter, name), _name: str = name) -> Any:
            called.append(_name)
            return _real(*args)
        monkeypatch.setattr(PackageWriter, name, staticmethod(spy))
    monkeypatch.setattr(PackageWriter, "write", staticmethod(lambda *a: pytest.fail("the public path ran")))
    assert memo(records) == first
    assert called == list(render_module.PRIVATE_WRITER)


def self_contained_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx's public ``PackageWriter.write`` as a version of python-docx without
    the private steps would have it: the same work, the steps as they are now but not
    looked up on the class (which the test then changes). In python-docx 1.2 ``write``
    calls them through the class: removing one there would break the public path too."""
    from docx.opc.phys_pkg import PhysPkgWriter

    steps = {name: getattr(PackageWriter, name) for name in render_module.PRIVATE_WRITER}

    def write(pkg_file: Any, pkg_rels: Any, parts: Any) -> None:
        phys_writer: Any = PhysPkgWriter(pkg_file)  # a zip writer, by its __new__
        steps["_write_content_types_stream"](phys_writer, parts)
        steps["_write_pkg_rels"](phys_writer, pkg_rels)
        steps["_write_parts"](phys_writer, parts)
        phys_writer.close()

    monkeypatch.setattr(PackageWriter, "write", staticmethod(write))


@pytest.mark.parametrize("name", render_module.PRIVATE_WRITER)
def test_without_a_private_step_the_memo_is_the_same_bytes(name: str, records: Records,
                                                            fresh_writer_check: dict[str, bool],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    expected = memo(records)
    assert fresh_writer_check == {"verdict": True}
    fresh_writer_check.clear()
    self_contained_writer(monkeypatch)
    monkeypatch.delattr(PackageWriter, name)
    assert memo(records) == expected  # the first package: the check, then the public path's bytes
    assert fresh_writer_check == {"verdict": False}
    assert memo(records) == expected  # every one after it: the public path alone


def test_a_private_writer_giving_other_bytes_is_not_used(records: Records, fresh_writer_check: dict[str, bool],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    expected = memo(records)
    fresh_writer_check.clear()
    self_contained_writer(monkeypatch)
    real = PackageWriter._write_pkg_rels

    def other(phys_writer: Any, pkg_rels: Any) -> None:  # a private step that now writes more
        real(phys_writer, pkg_rels)
        phys_writer.write(PackURI("/extra.xml"), b"")

    monkeypatch.setattr(PackageWriter, "_write_pkg_rels", staticmethod(other))
    assert memo(records) == expected
    assert fresh_writer_check == {"verdict": False}
    assert memo(records) == expected


def test_both_paths_write_the_replaced_parts() -> None:
    """The public path replaces the same parts, found by the member's name."""
    from docx import Document

    doc = Document()
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    replaced = {"/word/styles.xml": b"<replaced/>"}
    private = render_module._write_private(package.rels, parts, replaced)
    assert render_module._write_public(package.rels, parts, replaced) == private
    with zipfile.ZipFile(io.BytesIO(private)) as z:
        assert z.read("word/styles.xml") == b"<replaced/>"


def test_python_docx_parts_take_the_bytes_docgen_gives_them(records: Records) -> None:
    """``docgen.docx.package`` sets ``part._blob`` on the app properties and the font
    table: python-docx must keep them plain parts whose bytes are ``_blob`` (an XML
    part would ignore it, silently)."""
    from docx import Document
    from docx.opc.part import Part, XmlPart

    part = Part.load(None, "application/xml", b"<a/>", None)  # type: ignore[arg-type]
    part._blob = b"<b/>"
    assert part.blob == b"<b/>"
    data = memo(records)
    doc = Document(io.BytesIO(data))
    kinds = {rel.reltype.rsplit("/", 1)[-1]: rel.target_part for rel in
             [*doc.part.package.rels.values(), *doc.part.rels.values()] if not rel.is_external}
    for kind in ("extended-properties", "fontTable"):
        assert not isinstance(kinds[kind], XmlPart), f"python-docx now reads {kind} as XML: _blob is ignored"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("docProps/app.xml") == APP_XML
        assert f'w:name="{FONT}"'.encode() in z.read("word/fontTable.xml")


# --------------------------------------------------------------------------- zipfile's internals


MEMBERS = [  # names and bytes as a DOCX holds them: repeated bytes, text, incompressible bytes, empty
    ("[Content_Types].xml", b"<Types>" + b"<Default/>" * 40 + b"</Types>"),
    ("word/document.xml", "<w:document>ส่วนราชการ บันทึกข้อความ</w:document>".encode() * 30),
    ("word/media/image1.png", random.Random(7).randbytes(5000)),
    ("word/styles.xml", b"<w:styles/>"),
    ("word/empty.xml", b""),
    ("word/copy.xml", "<w:document>ส่วนราชการ บันทึกข้อความ</w:document>".encode() * 30),
]


def plain_zip(members: list[tuple[str, bytes]]) -> bytes:
    """The members deflated by ``ZipFile.writestr`` alone (the public path)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(zipout._member(name), data)
    return out.getvalue()


def docgen_zip(members: list[tuple[str, bytes]]) -> bytes:
    out = zipout.DeterministicZip()
    for name, data in members:
        out.add(name, data)
    return out.close()


def test_zipfile_internals_are_there() -> None:
    with zipfile.ZipFile(io.BytesIO(), "w") as zf:
        zf.writestr("a", b"a")
        info = zf.infolist()[0]
        internals = [(zf, "_writecheck"), (zf, "_didModify"), (zf, "start_dir"), (zf, "fp"),
                     (info, "FileHeader"), (info, "header_offset")]
        for owner, name in internals:
            assert hasattr(owner, name), f"zipfile no longer has {type(owner).__name__}.{name}"
    assert {name for _, name in internals} == set(zipout.PRIVATE_ZIPFILE)


def test_the_deflated_copy_check_passes_here(fresh_zip_check: None) -> None:
    assert zipout._copy_works(), "zipfile's internals changed: every member is deflated again"


def test_a_zip_with_reused_members_is_writestr_bytes(fresh_zip_check: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipout, "_DEFLATED", {})
    assert zipout._copy_works()  # its own sample copied before counting
    copies: list[str] = []
    real = zipout._write_deflated

    def counted(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *rest: Any) -> None:
        copies.append(info.filename)
        real(zf, info, *rest)

    monkeypatch.setattr(zipout, "_write_deflated", counted)
    expected = plain_zip(MEMBERS)
    assert docgen_zip(MEMBERS) == expected
    assert copies == ["word/copy.xml"]  # the same bytes as document.xml, copied within the zip
    copies.clear()
    assert docgen_zip(MEMBERS) == expected  # every member now copied, none deflated again
    assert copies == [name for name, _ in MEMBERS]
    renamed = [(f"other/{name}", data) for name, data in MEMBERS]
    assert docgen_zip(renamed) == plain_zip(renamed)


def test_with_the_check_false_the_zip_is_the_same(fresh_zip_check: None, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = plain_zip(MEMBERS)
    docgen_zip(MEMBERS)  # deflated members remembered
    monkeypatch.setattr(zipout, "_copy_works", lambda: False)
    monkeypatch.setattr(zipout, "_write_deflated", lambda *a: pytest.fail("zipfile's internals were used"))
    monkeypatch.setattr(zipout, "_deflated_member", lambda *a: pytest.fail("zipfile's internals were used"))
    assert docgen_zip(MEMBERS) == expected
    assert docgen_zip(MEMBERS) == expected


def _renamed_internal(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *rest: Any) -> None:
    raise AttributeError("'ZipFile' object has no attribute '_writecheck'")


def _other_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int, crc: int, data: bytes) -> None:
    zf.writestr(info, b"not the member")


@pytest.mark.parametrize("copy", [_renamed_internal, _other_bytes], ids=["missing", "other bytes"])
def test_where_the_copy_fails_the_check_fails_and_writestr_deflates(copy: Any, fresh_zip_check: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipout, "_write_deflated", copy)
    assert not zipout._copy_works()
    assert docgen_zip(MEMBERS) == plain_zip(MEMBERS)
    assert docgen_zip(MEMBERS) == plain_zip(MEMBERS)


def test_with_the_check_false_the_memo_is_the_same_bytes(records: Records, fresh_zip_check: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    expected = memo(records)
    monkeypatch.setattr(zipout, "_copy_works", lambda: False)
    assert memo(records) == expected
