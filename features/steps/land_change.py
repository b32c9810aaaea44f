"""The land-change dossier's form inputs, as the browser posts them and as services take them.

The trial steps fill the land-change forms with these; the test suite and the crash driver use them too.
"""
from __future__ import annotations

Paper = tuple[str, int, int]  # (name, originals, copies)

PAPERS: list[Paper] = [  # processes/land_change.toml, in order: originals and copies handed in
    ("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)", 1, 0),
    ("Giấy chứng nhận đã cấp", 1, 0),
    ("Hợp đồng, văn bản về việc chuyển quyền đã công chứng, chứng thực", 1, 0),
    ("Văn bản của cơ quan thuế về nghĩa vụ tài chính (nếu có)", 0, 0),
]


def receive(parcel_unit: str = "80001", decision: str = "receive", note: str = "",
            papers: list[Paper] = PAPERS) -> dict:
    """The reception form as the browser posts it."""
    form = {
        "applicant_name": "Nguyễn Thị Hoa", "applicant_id_number": "080190001234", "applicant_phone": "0912345678",
        "applicant_address": "Khu phố 2, Phường Long An", "parcel_number": "215", "map_sheet": "12",
        "parcel_unit": parcel_unit, "change_type": "transfer", "intake_decision": decision, "intake_note": note,
    }
    for i, (_, originals, copies) in enumerate(papers):
        form[f"papers_received.{i}.originals"] = str(originals)
        form[f"papers_received.{i}.copies"] = str(copies)
    return form


def receive_data(parcel_unit: str = "80001", decision: str = "receive", note: str = "",
                 papers: list[Paper] = PAPERS) -> dict:
    """The reception form as typed data (what services take)."""
    data = {k: v for k, v in receive(parcel_unit, decision, note, papers).items()
            if not k.startswith("papers_received.") and v != ""}
    data["papers_received"] = [{"name": n, "originals": o, "copies": c} for n, o, c in papers]
    return data


RECEIVE = receive()
VERIFY = {"opinion": "Hồ sơ đủ điều kiện, đã đối chiếu bản đồ địa chính.", "proposal": "approve"}
ASK_SUPPLEMENT = {"opinion": "Thiếu trích lục thửa đất.", "proposal": "supplement",
                  "supplement_request": "Bổ sung trích lục bản đồ địa chính thửa đất số 215."}
SIGN = {"decision": "sign", "leader_comment": "Đồng ý"}
SEND_BACK = {"decision": "send_back", "leader_comment": "Bổ sung ý kiến về ranh giới"}
RETURN = {"recipient_name": "Nguyễn Thị Hoa", "recipient_id_number": "080190001234", "fee_collected": "on",
          "rating": "satisfied"}
RETURN_DATA = {**RETURN, "fee_collected": True}
SUPPLEMENT_DATA = {"papers_received": [{"name": n, "originals": o, "copies": c} for n, o, c in PAPERS],
                   "supplement_complete": True}
