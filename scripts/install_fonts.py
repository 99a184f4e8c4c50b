"""Install the real SIPA Thai national fonts for PDF conversion and charts.

    .venv/bin/python scripts/install_fonts.py

The files come from one pinned wheel on PyPI, ``odoo-addon-l10n-th-base-utils``, which
carries the original font files in ``static/fonts/thai/``. Only the font files are taken
out of it (the add-on itself, AGPL Odoo code, is never installed). Each file is checked
by its own tables before it is installed: family, style, version string, 1000 units per
em, and the advance widths of 'H' and 'ก' that the real fonts have (a rescaled web-font
copy fails here). Each family's licence, read from the font's own name table, is kept
beside it. Nothing else named TH Sarabun is left in the folder.

fontconfig then maps the names Thai offices use: TH SarabunIT๙ (an office variant of
TH SarabunPSK that draws ASCII digits as Thai ones; docgen writes real Thai digits) to
TH SarabunPSK, whose design and widths it shares.

Idempotent: when every installed file already passes the checks, nothing is fetched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

WHEEL = "odoo-addon-l10n-th-base-utils==19.0.2.0.0"
WHEEL_FILE = "odoo_addon_l10n_th_base_utils-19.0.2.0.0-py3-none-any.whl"
WHEEL_SHA256 = "3fd5a9f84c339c1f9dc671002690d2d3cd4fa22fba88476cf818273205dd8746"
INSIDE = "odoo/addons/l10n_th_base_utils/static/fonts/thai/"


@dataclass(frozen=True)
class Face:
    source: str  # path inside the wheel, below INSIDE
    target: str  # installed file name
    family: str
    style: str
    version: str
    licence: str  # the licence file written beside it

    @property
    def bold(self) -> bool:
        return "Bold" in self.style


NEW, PSK = "TH Sarabun New", "TH SarabunPSK"
NEW_VERSION, PSK_VERSION = "Version 1.35 2011", "Version 1.1  2006"
STYLES = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "Bold Italic": "BoldItalic"}
#: (folder in the wheel, its file names' stem, how its Bold Italic file is spelt), family, version, licence
FAMILIES = (
    (("THSarabunNew", "THSarabunNew", "BoldItalic"), NEW, NEW_VERSION, "LICENSE-TH-Sarabun-New.txt"),
    (("THSarabun", "THSarabun", "Bold-Italic"), PSK, PSK_VERSION, "LICENSE-TH-SarabunPSK.txt"),
)
FACES = tuple(
    Face(f"{folder}/{stem}-{bold_italic if style == 'Bold Italic' else suffix}.ttf",
         f"{family.replace(' ', '')}-{suffix}.ttf", family, style, version, licence)
    for (folder, stem, bold_italic), family, version, licence in FAMILIES
    for style, suffix in STYLES.items()
)
#: the real fonts' advance widths in font units (per 1000): 'H' and 'ก', regular and bold
ADVANCES = {False: {"H": 441, "ก": 386}, True: {"H": 472, "ก": 391}}

FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<!-- docgen: TH SarabunIT๙, an office variant of TH SarabunPSK, resolves to it -->
<fontconfig>
  <alias binding="same"><family>TH SarabunIT๙</family><prefer><family>TH SarabunPSK</family></prefer></alias>
  <alias binding="same"><family>TH Sarabun IT๙</family><prefer><family>TH SarabunPSK</family></prefer></alias>
  <alias binding="same"><family>TH Sarabun PSK</family><prefer><family>TH SarabunPSK</family></prefer></alias>
</fontconfig>
"""


def check(face: Face, path: Path) -> str | None:
    """What is wrong with *path* as *face*, or None when it is the real file."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(path), lazy=True)
    except Exception as exc:  # not a font fontTools can read
        return f"not a font ({exc})"
    name = font["name"]
    found = {
        "family": name.getDebugName(16) or name.getDebugName(1),
        "style": name.getDebugName(17) or name.getDebugName(2),
        "version": (name.getDebugName(5) or "").strip(),
        "unitsPerEm": font["head"].unitsPerEm,
    }
    want = {"family": face.family, "style": face.style, "version": face.version, "unitsPerEm": 1000}
    for key, value in want.items():
        if found[key] != value:
            return f"{key} is {found[key]!r}, not {value!r}"
    cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
    for char, advance in ADVANCES[face.bold].items():
        glyph = cmap.get(ord(char))
        if glyph is None or hmtx[glyph][0] != advance:
            return f"advance of {char!r} is {hmtx[glyph][0] if glyph else None}, not {advance}"
    return None


def licence_text(path: Path) -> str:
    """The licence a font file carries in its name table (IDs 0, 13 and 14)."""
    from fontTools.ttLib import TTFont

    name = TTFont(str(path), lazy=True)["name"]
    parts = [name.getDebugName(i) for i in (0, 13, 14)]
    text = "\n\n".join(p for p in parts if p)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"


def destinations() -> tuple[Path, Path]:
    """The font folder and fontconfig's conf.d: system-wide as root, else the user's."""
    if os.geteuid() == 0:
        return Path("/usr/local/share/fonts/docgen"), Path("/etc/fonts/conf.d")
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return data / "fonts/docgen", config / "fontconfig/conf.d"


def installed_ok(dest: Path) -> bool:
    wanted = {f.target for f in FACES} | {f.licence for f in FACES}
    if not dest.is_dir() or {p.name for p in dest.iterdir()} != wanted:
        return False
    return all(check(f, dest / f.target) is None for f in FACES)


def fetch_wheel(work: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--dest", str(work), WHEEL], check=True)
    wheel = work / WHEEL_FILE
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"install_fonts: {WHEEL_FILE} has SHA-256 {digest}, expected {WHEEL_SHA256}")
    return wheel


def install(dest: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="docgen-fonts-") as tmp:
        work = Path(tmp)
        wheel = fetch_wheel(work)
        staged = work / "fonts"
        staged.mkdir()
        with zipfile.ZipFile(wheel) as zf:
            for face in FACES:
                target = staged / face.target
                target.write_bytes(zf.read(INSIDE + face.source))
                problem = check(face, target)
                if problem:
                    raise SystemExit(f"install_fonts: {face.source} in {WHEEL_FILE} is not the real "
                                     f"{face.family} {face.style}: {problem}")
                (staged / face.licence).write_text(licence_text(target), encoding="utf-8")
        if dest.exists():
            shutil.rmtree(dest)  # whatever was there before (e.g. a rescaled web-font copy)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, dest)
        for p in dest.iterdir():
            p.chmod(0o644)


def main() -> None:
    dest, conf_dir = destinations()
    if installed_ok(dest):
        print(f"install_fonts: the real TH Sarabun New and TH SarabunPSK are in {dest}")
    else:
        print(f"install_fonts: installing TH Sarabun New 1.35 and TH SarabunPSK 1.1 from PyPI ({WHEEL})")
        install(dest)
    conf_dir.mkdir(parents=True, exist_ok=True)
    conf = conf_dir / "60-docgen-thai.conf"
    if not conf.is_file() or conf.read_text(encoding="utf-8") != FONTCONFIG:
        conf.write_text(FONTCONFIG, encoding="utf-8")
    subprocess.run(["fc-cache", "-f"], check=False, capture_output=True)
    for family in ("TH SarabunIT๙", PSK, NEW):
        file = subprocess.run(["fc-match", "--format=%{file}", family],
                              capture_output=True, text=True, check=False).stdout
        if not file.startswith(str(dest)):
            raise SystemExit(f"install_fonts: fontconfig gives {file or 'nothing'} for {family!r}, "
                             f"not a file in {dest}")


if __name__ == "__main__":
    main()
