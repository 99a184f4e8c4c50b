"""Every template docgen ships and every document it writes is valid Word: no schema
error (checked by openxml-audit against Microsoft 365's rules), current Word's
compatibility mode, document properties that tell the truth, the Thai font in the
font table."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openxml_audit
import pytest

from conftest import ROOT, Records, run
from offices import second_office

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))


def schema_errors(path: Path) -> list[str]:
    validator = openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.MICROSOFT_365)
    return [str(e)[:300] for e in validator.validate(str(path)).errors]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> list[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("valid")
    assert run("build", "-o", str(out / "a")).exit_code == 0
    records = Records(tmp_path_factory.mktemp("second") / "records")
    assert run("build", "-r", str(second_office(records)), "-o", str(out / "b")).exit_code == 0
    found = [(p, "TH SarabunIT๙") for p in sorted((out / "a").rglob("*.docx"))]
    found += [(p, "TH Sarabun New") for p in sorted((out / "b").rglob("*.docx"))]
    assert len(found) == 8  # the sample's five (progress.yaml included), the second office's three
    return found


def package_facts(path: Path, font: str) -> None:
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        app = z.read("docProps/app.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        fonts = z.read("word/fontTable.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8") + z.read("_rels/.rels").decode("utf-8")
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    assert "stylesWithEffects" not in rels and "thumbnail" not in rels
    assert "<Application>docgen " in app and "Macintosh" not in app and "<Pages>" not in app
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert f'<w:font w:name="{font}"><w:charset w:val="DE"/>' in fonts


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_shipped_template_is_valid_word(template):
    assert schema_errors(template) == []
    package_facts(template, "TH SarabunPSK")


def test_every_document_docgen_writes_is_valid_word(outputs):
    for path, font in outputs:
        assert schema_errors(path) == [], path.name
        package_facts(path, font)
