"""Demo data: two wards of Tây Ninh province and their staff, for trying the app out.

The unit codes are demo codes, not the official administrative codes, and so are the electronic identifiers
(QCVN 102:2016/BTTTT): they have the national form and Tây Ninh's level-1 code H53 (Decision 20/2020/QĐ-TTg),
but the lower levels are made up, so demo dossier codes look real without being anyone's.
"""
from __future__ import annotations

from motcua.services.people import add_unit, add_user
from motcua.services.runtime import Runtime
from motcua.services.security import SECOND_FACTOR_ROLES, set_known_secret

DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - printed demo login, never a deployment's
# The demo leaders, administrators and analyst sign in with a second factor too (as a deployment requires):
# their authenticator seed is this published one; `motcua demo-code` prints its current code.
DEMO_TOTP_SECRET = "MOTCUADEMOTOTPSEEDPUBLISHED2FAXX"  # noqa: S105 - published on purpose, demo only
PROVINCE = ("80000", "Tỉnh Tây Ninh (demo)", "000.00.00.H53")
ANALYST = "quytrinh.tayninh"
WARDS = [("80001", "Phường Long An", "longan", "000.00.31.H53"),  # demo identifiers, not the wards' real ones
         ("80002", "Phường Kiến Tường", "kientuong", "000.00.32.H53")]
STAFF = [
    ("tiepnhan", "reception", "Cán bộ tiếp nhận"),
    ("chuyenvien", "specialist", "Chuyên viên"),
    ("lanhdao", "leader", "Lãnh đạo"),
    ("quantri", "admin", "Quản trị"),
    ("vanthu", "clerical", "Văn thư"),
]
LEADER_TITLE = "Chủ tịch"  # the demo leaders sign as the committee's chairman: "CHỦ TỊCH" over their name
PROVINCE_STAFF = [
    ("vanthu.tayninh", "clerical", "Văn thư Văn phòng UBND tỉnh"),
    ("tongdai.tayninh", "operator", "Tổng đài viên 1022 tỉnh"),
    ("lanhdao.tayninh", "leader", "Lãnh đạo UBND tỉnh"),  # reads the reports of every ward
]


def seed_demo(runtime: Runtime) -> list[tuple[str, str, str]]:
    """Create the demo units and users (idempotent); returns (username, password, what they do).

    Staff whose role needs a second factor are enrolled with DEMO_TOTP_SECRET."""
    add_unit(runtime, PROVINCE[0], PROVINCE[1], "province", identifier=PROVINCE[2])
    staff = [(ANALYST, "analyst", "Chuyên viên quy trình tỉnh", PROVINCE[0],
              f"Chuyên viên quy trình (sửa sơ đồ), {PROVINCE[1]}")]
    staff += [(username, role, title, PROVINCE[0], f"{title}, {PROVINCE[1]}")
              for username, role, title in PROVINCE_STAFF]
    for code, name, slug, identifier in WARDS:
        add_unit(runtime, code, name, "ward", PROVINCE[0], identifier)
        staff += [(f"{prefix}.{slug}", role, f"{title} {name}", code, f"{title}, {name}")
                  for prefix, role, title in STAFF]
    for username, role, full_name, unit_code, _what in staff:
        add_user(runtime, username, full_name, DEMO_PASSWORD, [(unit_code, role)],
                 title=LEADER_TITLE if role == "leader" else None)
        if role in SECOND_FACTOR_ROLES:
            set_known_secret(runtime, username, DEMO_TOTP_SECRET)
    return [(username, DEMO_PASSWORD, what) for username, _role, _name, _unit, what in staff]
