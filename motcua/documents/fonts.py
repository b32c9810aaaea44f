"""The documents' fonts, prepared once per process: DejaVu Sans cut to what Vietnamese text needs.

DejaVu's files carry a 15 KB name table (its licence text), hinting programs and per-glyph hinting
instructions; reportlab copies all of them into every PDF's font subset, so each of the three faces cost about
20 KB of every slip. fontTools cuts each face once, at first use, to the Vietnamese repertoire (Latin with its
extended blocks, the combining marks, punctuation, the đồng sign, ballot boxes and check marks a form may
print), unhinted and with the naming records a PDF reader needs; reportlab then subsets that small face per
document, and a slip's fonts weigh a few kilobytes. Text is printed for paper and screens at 100 %+, where
hinting makes no visible difference.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(os.environ.get("MOTCUA_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONTS = {"Body": "DejaVuSans.ttf", "Body-Bold": "DejaVuSans-Bold.ttf", "Body-Italic": "DejaVuSans-Oblique.ttf"}
# Code points kept: Basic Latin to Latin Extended-B (Ă Đ Ĩ Ũ Ơ Ư), combining diacritics, Latin Extended
# Additional (the precomposed Vietnamese letters), general punctuation, currency (₫), letterlike symbols (№),
# arrows, geometric shapes, ballot boxes and check marks.
REPERTOIRE = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00),
              *range(0x2000, 0x2070), *range(0x20A0, 0x20D0), *range(0x2100, 0x2150), *range(0x2190, 0x2200),
              *range(0x25A0, 0x2600), *range(0x2610, 0x2613), *range(0x2713, 0x2719)]


class FontMissing(RuntimeError):
    """The Vietnamese-capable font is not installed where we look for it."""


def _cut(path: Path) -> io.BytesIO:
    """One face reduced to the repertoire, without hinting and with only the naming records readers show.

    Cutting costs about 0.2 s of CPU a face, so the result is kept in the system's temporary directory under a
    name derived from the source file (path, size, modification time) and the repertoire: the next process (a
    worker, a restarted server) reads it back in a millisecond. It is written to a temporary name and renamed,
    so a reader never sees half a file.
    """
    stat = path.stat()
    key = hashlib.sha256(f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{REPERTOIRE}".encode()).hexdigest()[:16]
    cached = Path(tempfile.gettempdir()) / f"motcua-font-{path.stem}-{key}.ttf"
    if cached.is_file():
        return io.BytesIO(cached.read_bytes())
    out = _subset(path)
    fd, staging = tempfile.mkstemp(dir=cached.parent, prefix=cached.name, suffix=".part")
    with os.fdopen(fd, "wb") as handle:
        handle.write(out.getvalue())
    os.replace(staging, cached)
    return out


def _subset(path: Path) -> io.BytesIO:
    from fontTools import subset  # loaded only by the process that cuts: the others read the cut files
    from fontTools.ttLib import TTFont as FontFile

    options = subset.Options()
    options.hinting = False
    options.name_IDs = [1, 2, 3, 4, 6]
    options.name_languages = [0x409]
    options.layout_features = []  # reportlab lays text out itself: no OpenType layout tables
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps, which fontTools cannot subset
    font = FontFile(str(path))
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=REPERTOIRE)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    out.seek(0)
    return out


def register() -> None:
    """Register the faces Body, Body-Bold and Body-Italic with reportlab (once per process), and have reportlab
    write its PDF streams in binary."""
    if "Body" in pdfmetrics.getRegisteredFontNames():
        return
    rl_config.useA85 = 0  # binary streams: ASCII85 would make every compressed stream a quarter bigger
    for name, filename in FONTS.items():
        path = FONT_DIR / filename
        if not path.is_file():
            raise FontMissing(f"font {path} is missing: install Debian's fonts-dejavu-core or set MOTCUA_FONT_DIR")
        # asciiReadable off: reportlab would otherwise put all 96 ASCII glyphs in every subset, used or not
        pdfmetrics.registerFont(TTFont(name, _cut(path), asciiReadable=False))
    pdfmetrics.registerFontFamily("Body", normal="Body", bold="Body-Bold", italic="Body-Italic",
                                  boldItalic="Body-Bold")
