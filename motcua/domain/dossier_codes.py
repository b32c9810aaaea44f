"""The national dossier code and the agency identifier it begins with.

A dossier code is the receiving agency's electronic identifier, a dash, the receipt date as YYMMDD, a dash and a
4-digit sequence of that agency and day (Circular 01/2018/TT-VPCP art. 19; a real one reads
``000.00.06.H56-231027-0361``). The identifier follows QCVN 102:2016/BTTTT, issued by Circular 10/2016/TT-BTTTT:
``V1V2V3.Z1Z2.Y1Y2.MX1X2``, three dot-separated digit groups (levels 4, 3 and 2) and a level-1 code of one capital
letter and two digits (H.. the province people's committees, G.. the ministries, K.. the provincial councils).
The structure as worded by the provinces that issued their lists under that circular (Quảng Ninh, Decision
3739/QĐ-UBND of 3 November 2016; Thái Bình, Decision 3982/QĐ-UBND of 27 December 2016), which are secondary
copies; Decision 20/2020/QĐ-TTg (amended by Decision 09/2025/QĐ-TTg) keeps the level-1 codes.

Codes made before the national format (``80001-250701-0001``: the unit's own code first) stay valid as they
were issued; lookups take either.
"""
from __future__ import annotations

import re
from datetime import datetime

AGENCY_CODE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")
AGENCY_CODE_EXAMPLE = "000.00.06.H56"
DOSSIER_CODE = re.compile(AGENCY_CODE.pattern.removesuffix("$") + r"-[0-9]{6}-[0-9]{4}$")
DAILY_LIMIT = 9999  # four digits a day


class BadAgencyCode(ValueError):
    """An electronic identifier that is not in the national format; the message shows the expected shape."""


def agency_code(text: str) -> str:
    """The identifier as stored (trimmed, capital level-1 letter), or BadAgencyCode saying what shape it needs."""
    value = text.strip().upper()
    if not AGENCY_CODE.match(value):
        raise BadAgencyCode(f"{text.strip()!r} is not an electronic identifier of the form "
                            f"NNN.NN.NN.XNN (e.g. {AGENCY_CODE_EXAMPLE})")
    return value


def dossier_code(agency: str, at: datetime, number: int) -> str:
    """``<identifier>-<yymmdd>-<nnnn>``: the national format; more than 9999 a day cannot be numbered."""
    if not 1 <= number <= DAILY_LIMIT:
        raise ValueError(f"dossier number {number} of {at:%d/%m/%Y} does not fit the 4-digit daily sequence")
    return f"{agency}-{at:%y%m%d}-{number:04d}"


def normalise(text: str) -> str:
    """A code as a citizen may type it (spaces around, a lower-case letter) in the form it was issued in."""
    return text.strip().upper()

