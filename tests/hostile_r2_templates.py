"""The hostile corpus, second round: restyled templates, zip members and images. Tags a
careless or hostile IT person may type into a template (reading other files, Python's
internals, text or loops without end), zip members that inflate past any template
(stated or hidden), and pictures that take minutes or gigabytes to decode; beside the
neighbours that must still render. Gathered by ``hostile_round2.py``."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

from hostile_corpus import ORG, PNG, ROOT, Case, both, sub, write

SHIPPED = ROOT / "templates"
FOLDER = "lopburi-pao/my-templates"
ANCHOR = "{{ head.unit_line }}"
EMBLEM = "emblem: placeholder"


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = change(info.filename, src.read(info.filename))
            if content is not None:
                dst.writestr(info, content)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return buf.getvalue()


def restyled(template: Callable[[bytes], bytes], name: str = "memo.docx") -> Callable[[Path], None]:
    """A copy of the shipped templates beside the profile, named in it; *name* changed by *template*."""
    def change(root: Path) -> None:
        folder = root / FOLDER
        shutil.copytree(SHIPPED, folder)
        (folder / name).write_bytes(template((folder / name).read_bytes()))
        # an emblem of the office's own: with the placeholder, validate prints its warning
        # before the template's problems, and the corpus's judge wants "docgen:" first
        (root / "lopburi-pao" / "garuda.png").write_bytes(OWN_EMBLEM)
        sub(ORG, EMBLEM, "emblem: garuda.png\ntemplates: my-templates")(root)
    return change


def tag(jinja: str) -> Callable[[Path], None]:
    """The shipped memo template with *jinja* typed after its first tag."""
    def inject(data: bytes) -> bytes:
        def edit(name: str, content: bytes) -> bytes:
            if name != "word/document.xml":
                return content
            xml = content.decode("utf-8")
            assert ANCHOR in xml
            return xml.replace(ANCHOR, ANCHOR + escape(jinja), 1).encode("utf-8")
        return _rezip(data, edit)
    return restyled(inject)


#: a zip's headers: signature, offset of the name's length, of the name, of the inflated size
HEADERS = ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24))


def _lying(data: bytes, member: str, stated: int) -> bytes:
    """*data* (a zip) with *member*'s size stated as *stated* in both its headers."""
    raw = bytearray(data)
    encoded = member.encode()
    for signature, length_at, name_at, size_at in HEADERS:
        at = raw.find(signature)
        while at != -1:
            name_len = struct.unpack_from("<H", raw, at + length_at)[0]
            if raw[at + name_at:at + name_at + name_len] == encoded:
                struct.pack_into("<I", raw, at + size_at, stated)
            at = raw.find(signature, at + 4)
    return bytes(raw)


def with_zeros(data: bytes, member: str, megabytes: int) -> bytes:
    """The zip *data* with *member* (replaced or added) *megabytes* MB of zeros,
    deflated as it is written (about 1 kB a MB), never whole in memory."""
    out = _rezip(data, lambda name, content: None if name == member else content)
    buf = io.BytesIO(out)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z, z.open(member, "w", force_zip64=True) as stream:
        chunk = b"\0" * (1 << 20)
        for _ in range(megabytes):
            stream.write(chunk)
    return buf.getvalue()


def png(width: int, height: int, mode: str = "1") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new(mode, (width, height), 1 if mode == "1" else (255, 255, 255)).save(buf, format="PNG")
    return buf.getvalue()


OWN_EMBLEM = png(400, 440, "RGB")


def png_claiming(width: int, height: int) -> bytes:
    """The placeholder PNG with its header claiming *width* x *height* (CRC made right)."""
    ihdr = bytearray(PNG[12:29])  # type + data of IHDR
    struct.pack_into(">II", ihdr, 4, width, height)
    return PNG[:8] + PNG[8:12] + bytes(ihdr) + struct.pack(">I", zlib.crc32(ihdr)) + PNG[33:]


def nested_svg(depth: int) -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100"'
             ' height="110"><defs><g id="a0"><circle cx="50" cy="55" r="40"/></g>']
    parts += [f'<g id="a{i}">' + f'<use xlink:href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, depth + 1)]
    return "".join(parts) + f'</defs><use xlink:href="#a{depth}"/></svg>'


def emblem(name: str, data: bytes | str) -> Callable[[Path], None]:
    return both(write(f"lopburi-pao/{name}", data), sub(ORG, EMBLEM, f"emblem: {name}"))


ESCAPES = [  # (what, the tags typed into the memo template)
    ("include /etc/passwd", "{% include '/etc/passwd' %}"),
    ("import a template", "{% import 'report.docx' as r %}"),
    ("from-import a macro", "{% from '/etc/passwd' import x %}"),
    ("extends another template", "{% extends 'report.docx' %}"),
    ("a macro that calls itself", "{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}"),
    ("a call block", "{% call range(3) %}x{% endcall %}"),
    ("self", "{{ self }}"),
    ("a block", "{% block b %}x{% endblock %}"),
    ("'ก' * 3000000000", "{{ 'ก' * 3000000000 }}"),
    ("a list times a billion", "{{ ([1] * 1000000000)|length }}"),
    ("range(100000)", "{% for i in range(100000) %}{% endfor %}"),
    ("nested range(10000) loops", "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"),
    ("a loop over a long text", "{% for c in 'ก' * 1000000 %}{% endfor %}"),
    ("lipsum(100000)", "{{ lipsum(100000) }}"),
    ("__class__.__mro__", "{{ ''.__class__.__mro__ }}"),
    ("__subclasses__", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    ("attr('__class__')", "{{ ''|attr('__class__') }}"),
    ("'__globals__' by key", "{{ cycler['__init__'] }}"),
    ("'%3000000000s' % 1", "{{ '%3000000000s' % 1 }}"),
    ("'%*d' % (n, 1)", "{{ '%*d' % (3000000000, 1) }}"),
    ("'%s' of 100,000 letters a thousand times", "{% for i in range(1000) %}{{ '%s' % ('ก' * 100000) }}{% endfor %}"),
    ("'{:>3000000000}'.format(1)", "{{ '{:>3000000000}'.format(1) }}"),
    ("|format with a huge width", "{{ '%3000000000d'|format(1) }}"),
    ("|join of a range with a long separator", "{{ range(10000)|join('ก' * 10000) }}"),
    ("|center(3000000000)", "{{ 'ก'|center(3000000000) }}"),
    ("str.ljust(3000000000)", "{{ 'ก'.ljust(3000000000) }}"),
    ("str.replace growing", "{{ ('ก' * 100000).replace('ก', 'ข' * 1000) }}"),
    ("|list of a long text", "{{ ('ก' * 10000000)|list|length }}"),
    ("a namespace doubling itself", "{% set ns = namespace(s='ก') %}{% for i in range(40) %}"
                                    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"),
    ("a list changed in place", "{% set l = [1] %}{{ l.append(l) }}"),
    ("10 ** 100000", "{{ 10 ** 100000 }}"),
    ("1 / 0", "{{ 1 / 0 }}"),
    ("a recursive loop without end", "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}"),
    ("3,000 nested brackets", "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"),
    ("a map of huge centres", "{{ range(10000)|map('center', 1000000)|join }}"),
]
NEIGHBOURS = [  # (what, tags, text the memo must show)
    ("cycler", "{{ cycler('วงจรหนึ่ง', 'สอง').next() }}", "วงจรหนึ่ง"),
    ("joiner", "{% set j = joiner('|') %}{{ j() }}ก{{ j() }}ข", "ก|ข"),
    ("namespace", "{% set ns = namespace(n='ในนามสเปซ') %}{{ ns.n }}", "ในนามสเปซ"),
    ("a short repetition", "{{ 'กข' * 3 }}", "กขกขกข"),
    ("a short range", "{% for i in range(3) %}รอบ{% endfor %}", "รอบรอบรอบ"),
    ("a join", "{{ ['ก', 'ข']|join('-') }}", "ก-ข"),
    ("a format", "{{ '%s/%s'|format('ก', 'ข') }} {{ '{}+{}'.format('ค', 'ง') }}", "ก/ข ค+ง"),
]


def _zip_cases() -> list[Case]:
    """Made here, in the parent, once: each case's child only writes the bytes."""
    memo = (SHIPPED / "memo.docx").read_bytes()
    media, document = with_zeros(memo, "word/media/bomb.bin", 200), with_zeros(memo, "word/document.xml", 200)
    many = _rezip(memo, lambda n, c: c, {f"customXml/many{i}.xml": b"<a/>" for i in range(3000)})
    emblem_docx = with_zeros(_zip_of({"word/document.xml": b"<a/>"}), "word/media/image1.png", 200)
    return [
        Case("a template member inflating to 200 MB", "r2 zip", restyled(lambda d: media), "refused"),
        Case("word/document.xml inflating to 200 MB", "r2 zip", restyled(lambda d: document), "refused"),
        Case("a member whose header says 1 kB and inflates to 200 MB", "r2 zip",
             restyled(lambda d: _lying(media, "word/media/bomb.bin", 1000)), "refused"),
        Case("document.xml whose header says 30 kB and inflates to 200 MB", "r2 zip",
             restyled(lambda d: _lying(document, "word/document.xml", 30_000)), "refused"),
        Case("a template of 3,000 members", "r2 zip", restyled(lambda d: many), "refused"),
        Case("a template with a corrupt member", "r2 zip", restyled(lambda d: _lying(d, "word/styles.xml", 10)),
             "refused"),
        Case("a DOCX zip bomb as the emblem", "r2 zip", emblem("garuda.docx", emblem_docx), "refused"),
    ]


def _zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def _image_cases() -> list[Case]:
    return [
        Case("an SVG emblem whose <use> nest ten deep", "r2 images", emblem("g.svg", nested_svg(10)), "refused"),
        Case("an SVG emblem 100,000,000 px wide", "r2 images",
             emblem("g.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="100000000" height="100"/>'), "refused"),
        Case("a PNG emblem claiming 100000x100000 px", "r2 images", emblem("g.png", png_claiming(100_000, 100_000)),
             "refused"),
        Case("a PNG emblem claiming 20000x20000 px", "r2 images", emblem("g.png", png_claiming(20_000, 20_000)),
             "refused"),
        Case("a decompression-bomb PNG emblem (100 megapixels)", "r2 images", emblem("g.png", png(10_000, 10_000)),
             "refused"),
        Case("a PNG emblem of 2000x2200 px", "r2 images", emblem("g.png", png(2000, 2200, "RGB")), "accepted"),
    ]


def cases() -> list[Case]:
    out = [Case(f"a template with {what}", "r2 templates", tag(jinja), "refused") for what, jinja in ESCAPES]
    out += [Case(f"a template with {what}", "r2 templates", tag(jinja), "accepted", marker=marker)
            for what, jinja, marker in NEIGHBOURS]
    return out + _zip_cases() + _image_cases()
