"""The roles a unit's staff hold, and their Vietnamese titles.

A BPMN lane names one of these codes; a human task in that lane is offered to
the users holding that role in the unit where the dossier currently sits.
"""
from __future__ import annotations

ROLES: dict[str, tuple[str, str]] = {
    "reception": ("Cán bộ tiếp nhận", "Reception clerk"),
    "specialist": ("Chuyên viên xử lý", "Specialist"),
    "leader": ("Lãnh đạo", "Leader"),
    "admin": ("Quản trị đơn vị", "Unit administrator"),
    "clerical": ("Văn thư", "Records clerk"),  # registers incoming and outgoing official documents
    "operator": ("Tổng đài viên 1022", "1022 operator"),  # takes citizens' feedback by phone
    "analyst": ("Chuyên viên quy trình", "Business analyst"),  # edits diagrams in the modeler
}


def role_title(code: str, locale: str = "vi") -> str:
    """A role's title in the reader's language; unknown codes are shown as they are."""
    vi, en = ROLES.get(code, (code, code))
    return en if locale == "en" else vi


def role_for_lane(name: str) -> str | None:
    """The role a lane names: its code, or its Vietnamese or English title, in any case, with or without
    accents ("Lãnh đạo", "lanh dao", "Leader" and "leader" are all the leader); None when it names none."""
    from motcua.domain.text import fold

    wanted = fold(name)
    for code, titles in ROLES.items():
        if wanted in {fold(code), *(fold(t) for t in titles)}:
            return code
    return None
