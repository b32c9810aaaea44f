"""Diagram text from other tools: any encoding the XML declaration names, kept as unicode declared UTF-8.

Modelers write diagrams in ISO-8859-1, windows-1258 or UTF-16 with a byte-order mark; MotCua stores and
serves every diagram as unicode text whose declaration says UTF-8, so the bytes lxml parses, the text a
version keeps and the ``.bpmn`` a user downloads always agree ("Café" never turns into "CafÃ©"). A file
is decoded here, by its byte-order mark or the encoding its declaration names, before lxml sees it; text
that arrives already decoded (the modeler's save) only has its declaration rewritten.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from motcua.engine.problems import Problem, coded

# Byte-order marks, longest first (UTF-32's little-endian mark starts with UTF-16's).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# A declaration without a mark in a 16- or 32-bit encoding: how "<?" begins (XML 1.0, appendix F).
UNMARKED = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
            (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"))
DECLARATION = re.compile(r"""\A\ufeff?(<\?xml\s[^>]*?\bencoding\s*=\s*)(["'])([A-Za-z][A-Za-z0-9._:-]*)\2""")
DECLARED = re.compile(rb"""\A<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']""")


def _codec(data: bytes) -> tuple[str, str | None]:
    """The codec to decode with, and the encoding the declaration names (None when it names none)."""
    for mark, codec in BOMS:
        if data.startswith(mark):
            return codec, None
    for start, codec in UNMARKED:
        if data.startswith(start):
            return codec, None
    declared = DECLARED.match(data[:1024])
    name = declared.group(1).decode("ascii") if declared else None
    if name and name.lower().replace("-", "").replace("_", "").startswith(("utf16", "utf32", "ucs2", "ucs4")):
        return "utf-8", name  # a declaration read as ASCII cannot be in a 16- or 32-bit encoding: a mislabel
    return (name or "utf-8"), name


def read_diagram(data: bytes, filename: str) -> str | Problem:
    """A diagram file's bytes as unicode text declared UTF-8, or a Problem naming the encoding and what to do.

    Line ends become ``\\n``, as reading a text file does, so a diagram's text (and the version digest made
    from it) does not depend on the tool or system that wrote it; text from another encoding than UTF-8 is
    composed (NFC), so "Thẩm định" from windows-1258 reads as typed in any other tool.
    """
    codec, declared = _codec(data)
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return coded(filename, "xml.unknown_encoding", line=1, encoding=repr(declared))
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(name, errors="replace").count("\n") + 1
        named = ({"vi": f"bảng mã mà khai báo XML ghi ({declared})",
                  "en": f"the encoding its XML declaration names ({declared})"} if declared
                 else {"vi": "UTF-8, bảng mã XML mặc định khi khai báo không ghi bảng mã nào",
                       "en": "UTF-8, which XML assumes when the declaration names no encoding"} if name == "utf-8"
                 else {"vi": f"{name}, bảng mã mà các byte đầu tệp báo", "en": f"{name}, which the file's first "
                                                                              "bytes announce"})
        return coded(filename, "xml.bad_byte", line=line, byte=f"{exc.object[exc.start]:#04x}", encoding=named)
    except UnicodeError:  # a codec that is no character set (idna, punycode…) refuses instead of decoding
        return coded(filename, "xml.not_a_charset", line=1, encoding=repr(declared))
    if not name.startswith("utf-8"):  # windows-1258 writes tone marks as combining characters: compose them
        text = unicodedata.normalize("NFC", text)
    return normalise_declaration(text.replace("\r\n", "\n").replace("\r", "\n"))


def normalise_declaration(text: str) -> str:
    """Unicode diagram text with its declaration saying UTF-8 (and no byte-order mark), which is what it is
    once encoded for parsing and storing; a declaration already saying UTF-8 is left byte for byte."""
    text = text.removeprefix("\ufeff")
    declared = DECLARATION.match(text)
    if declared is None or declared.group(3).lower() in ("utf-8", "utf8"):
        return text
    return f"{declared.group(1)}{declared.group(2)}UTF-8{declared.group(2)}{text[declared.end():]}"
