"""QR codes, encoded by zxing-cpp: the documents' (a module matrix, drawn as vector squares by ``layout``) and the
two-step sign-in's enrolment code (an SVG image).

Error correction level M: 15 % of a code may be lost (a stamp, a fold, a worn phone screen) and it still reads.
zxing-cpp encodes in C++ and chooses the best of the eight masks; segno, used before, is pure Python and took
about 1.9 ms for a receipt's two codes even with its mask fixed, zxing-cpp about 0.35 ms (ad-hoc timing,
1 December 2026).
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

import zxingcpp

Matrix = tuple[tuple[int, ...], ...]


def _code(data: str) -> zxingcpp.Barcode:
    return zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M")


@lru_cache(maxsize=256)
def matrix(data: str) -> Matrix:
    """The code's modules by row, 1 for dark, without the quiet zone; made once for the slips of one dossier
    (they print the same lookup code)."""
    image = _code(data).to_image(add_quiet_zones=False)  # a byte a module: 0 dark, 255 light
    height, width = image.shape
    pixels = bytes(memoryview(image))  # type: ignore[arg-type]  # it is a buffer; its stub does not say so
    return tuple(tuple(int(pixels[row * width + column] == 0) for column in range(width)) for row in range(height))


def svg_data_uri(data: str, scale: int = 5) -> str:
    """The code as an SVG image in a data URI, ``scale`` pixels a module, with its quiet zone."""
    return "data:image/svg+xml," + quote(_code(data).to_svg(scale=scale))
