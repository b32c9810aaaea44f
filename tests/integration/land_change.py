"""The land-change dossier's form inputs, shared by the tests that walk it."""
RECEIVE = {
    "applicant_name": "Nguyễn Thị Hoa", "applicant_id_number": "080190001234", "applicant_phone": "0912345678",
    "applicant_address": "Khu phố 2, Phường Long An", "parcel_number": "215", "map_sheet": "12",
    "parcel_unit": "Phường Kiến Tường", "change_type": "transfer", "papers_checked": "on",
}
VERIFY = {"opinion": "Hồ sơ đủ điều kiện, đã đối chiếu bản đồ địa chính.", "proposal": "approve"}
SIGN = {"decision": "sign", "leader_comment": "Đồng ý"}
SEND_BACK = {"decision": "send_back", "leader_comment": "Bổ sung ý kiến về ranh giới"}
RETURN = {"recipient_name": "Nguyễn Thị Hoa", "recipient_id_number": "080190001234", "fee_collected": "on"}
