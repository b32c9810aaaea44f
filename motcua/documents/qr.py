"""QR codes, encoded by zxing-cpp: the documents' (their dark modules in runs along the rows, which ``layout`` draws
as vector rectangles) and the two-step sign-in's enrolment code (an SVG image).

Error correction level M: 15 % of a code may be lost (a stamp, a fold, a worn phone screen) and it still reads.
zxing-cpp encodes in C++ and chooses the best of the eight masks; segno, used before, is pure Python and took
about 1.9 ms for a receipt's two codes even with its mask fixed, zxing-cpp about 0.35 ms (ad-hoc timing,
1 December 2026).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import zxingcpp

DARK = re.compile(rb"\x00+")  # a run of dark modules in zxing-cpp's image (0 dark, 255 light)


@dataclass(frozen=True)
class Modules:
    """A code's dark modules as runs along its rows, without the quiet zone: what a drawing needs."""

    size: int  # modules a side
    runs: tuple[tuple[int, int, int], ...]  # (row, first column, length)


def _code(data: str) -> zxingcpp.Barcode:
    return zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")


def modules(data: str) -> Modules:
    """The code's dark runs, found in its image by a regular expression (in C, not a loop over the modules)."""
    image = _code(data).to_image(add_quiet_zones=False)  # a byte a module
    size = image.shape[1]
    pixels = bytes(memoryview(image))  # type: ignore[arg-type]  # it is a buffer; its stub does not say so
    return Modules(size, tuple((row, found.start() - row * size, found.end() - found.start())
                               for row in range(image.shape[0])
                               for found in DARK.finditer(pixels, row * size, (row + 1) * size)))


def svg_data_uri(data: str, scale: int = 5) -> str:
    """The code as an SVG image in a data URI, ``scale`` pixels a module, with its quiet zone."""
    return "data:image/svg+xml," + quote(_code(data).to_svg(scale=scale))
