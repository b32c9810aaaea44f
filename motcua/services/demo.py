"""Demo data: two wards of Tây Ninh province and their staff, for trying the app out.

The unit codes are demo codes, not the official administrative codes.
"""
from __future__ import annotations

from motcua.services.people import add_unit, add_user
from motcua.services.runtime import Runtime

DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - printed demo login, never a deployment's
PROVINCE = ("80000", "Tỉnh Tây Ninh (demo)")
ANALYST = "quytrinh.tayninh"
WARDS = [("80001", "Phường Long An", "longan"), ("80002", "Phường Kiến Tường", "kientuong")]
STAFF = [
    ("tiepnhan", "reception", "Cán bộ tiếp nhận"),
    ("chuyenvien", "specialist", "Chuyên viên"),
    ("lanhdao", "leader", "Lãnh đạo"),
    ("quantri", "admin", "Quản trị"),
    ("vanthu", "clerical", "Văn thư"),
]
PROVINCE_STAFF = [
    ("vanthu.tayninh", "clerical", "Văn thư Văn phòng UBND tỉnh"),
    ("tongdai.tayninh", "operator", "Tổng đài viên 1022 tỉnh"),
    ("lanhdao.tayninh", "leader", "Lãnh đạo UBND tỉnh"),  # reads the reports of every ward
]


def seed_demo(runtime: Runtime) -> list[tuple[str, str, str]]:
    """Create the demo units and users (idempotent); returns (username, password, what they do)."""
    add_unit(runtime, PROVINCE[0], PROVINCE[1], "province")
    add_user(runtime, ANALYST, "Chuyên viên quy trình tỉnh", DEMO_PASSWORD, [(PROVINCE[0], "analyst")])
    logins = [(ANALYST, DEMO_PASSWORD, f"Chuyên viên quy trình (sửa sơ đồ), {PROVINCE[1]}")]
    for username, role, title in PROVINCE_STAFF:
        add_user(runtime, username, title, DEMO_PASSWORD, [(PROVINCE[0], role)])
        logins.append((username, DEMO_PASSWORD, f"{title}, {PROVINCE[1]}"))
    for code, name, slug in WARDS:
        add_unit(runtime, code, name, "ward", PROVINCE[0])
        for prefix, role, title in STAFF:
            username = f"{prefix}.{slug}"
            add_user(runtime, username, f"{title} {name}", DEMO_PASSWORD, [(code, role)])
            logins.append((username, DEMO_PASSWORD, f"{title}, {name}"))
    return logins
