"""The words of the notices to citizens as pack data: read, checked (file, line, the placeholder named), filled,
and shaped for each channel (an SMS that fits one message, an e-mail with proper headers)."""
from __future__ import annotations

from pathlib import Path

import pytest

from motcua.domain.text import fold, strip_accents
from motcua.engine.notices import (
    EVENTS,
    SMS_LIMIT,
    NoticeText,
    channels,
    check_values,
    fill,
    placeholders,
    read_notices,
)
from motcua.engine.problems import Problem
from motcua.services.citizen_notices import Outgoing
from motcua.services.mailer import SmtpMailer
from motcua.services.sms import SmsGateway
from tests.support.runtimes import PROJECT_ROOT

GOOD = '''subject = "Hồ sơ {{ code }} cần bổ sung"
email = """
Kính gửi ông/bà {{ applicant_name }},
Cần bổ sung: {{ request }}
"""
sms = "Ho so {{ code }} can bo sung: {{ request }}. Lien he {{ unit }}."
'''


def notices(tmp_path: Path, **files: str) -> tuple[dict[str, NoticeText], list[Problem]]:
    folder = tmp_path / "notices"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return read_notices(folder, problems), problems


def test_the_pack_has_words_for_every_event_and_each_sms_fits_one_message() -> None:
    problems: list[Problem] = []
    found = read_notices(PROJECT_ROOT / "notices", problems)
    assert problems == [] and set(found) == set(EVENTS)
    for event, template in found.items():
        filled = fill(template, placeholders(event))
        assert "{{" not in filled.subject + filled.email + filled.sms
        assert len(strip_accents(filled.sms)) <= SMS_LIMIT


def test_placeholders_are_filled_and_a_long_request_is_cut_to_keep_the_sms_in_one_message(tmp_path: Path) -> None:
    found, problems = notices(tmp_path, supplement=GOOD)
    assert problems == []
    values = {**placeholders("supplement"), "request": "Bản sao trích lục bản đồ địa chính " * 20}
    filled = fill(found["supplement"], values)
    assert filled.subject == "Hồ sơ 000.00.06.H56-251203-0001 cần bổ sung"
    assert "Kính gửi ông/bà Nguyễn Thị Hoa," in filled.email and values["request"].strip() in filled.email
    assert len(filled.sms) == SMS_LIMIT and filled.sms.endswith("trích lục.... Lien he Phường Long An.")
    short = fill(found["supplement"], {**values, "request": "Giấy chứng nhận"})
    assert short.sms == "Ho so 000.00.06.H56-251203-0001 can bo sung: Giấy chứng nhận. Lien he Phường Long An."


def test_an_unknown_placeholder_is_named_with_its_file_line_and_what_the_event_offers(tmp_path: Path) -> None:
    _, problems = notices(tmp_path, received=GOOD.replace("{{ request }}", "{{ ma_ho_so }}"))
    assert [(p.file, p.line) for p in problems] == [("notices/received.toml", 2), ("notices/received.toml", 6)]
    assert "unknown placeholder {{ ma_ho_so }}" in problems[0].message
    assert "may use applicant_name, code, due_date" in problems[0].message
    _, problems = notices(tmp_path / "b", received=GOOD)  # {{ request }} belongs to the supplement
    assert {"unknown placeholder {{ request }}" in p.message for p in problems} == {True}


def test_a_file_no_event_has_a_broken_placeholder_a_missing_part_or_a_long_sms_is_refused(tmp_path: Path) -> None:
    _, problems = notices(tmp_path, recieved=GOOD)
    assert problems[0].file == "notices/recieved.toml" and "received.toml" in problems[0].message
    _, problems = notices(tmp_path / "b", supplement=GOOD.replace("{{ code }} cần", "{{ code cần"))
    assert "placeholder begun at '{{ code cần bổ sung'" in problems[0].message and problems[0].line == 1
    _, problems = notices(tmp_path / "c", stopped='subject = "x"\nemail = "y"\nbody = "z"\n')
    assert [p.message.split(":")[0] for p in problems] == ["'body' is not part of a notice", "'sms' is missing or empty"]
    _, problems = notices(tmp_path / "d", received=f'subject = "a"\nemail = "b"\nsms = "{"x" * 150} {{{{ code }}}}"\n')
    assert "more than one message (160)" in problems[0].message and problems[0].line == 3
    _, problems = notices(tmp_path / "e", apology="subject = ")
    assert "not valid TOML" in problems[0].message


def test_a_handler_must_give_exactly_its_event_s_values() -> None:
    check_values("apology", {"reason": "x", "new_date": "11/12/2025"})
    with pytest.raises(ValueError, match="takes the values reason, new_date, not reason"):
        check_values("apology", {"reason": "x"})
    with pytest.raises(ValueError, match="no notice is sent at 'refused'"):
        check_values("refused", {})
    assert channels("both") == ("email", "sms") and channels("none") == channels(None) == ()


def test_sms_text_without_diacritics_keeps_case_while_search_folding_lowers_it() -> None:
    assert strip_accents("Hồ sơ Đã tiếp nhận") == "Ho so Da tiep nhan"
    assert fold("Hồ sơ  Đã tiếp nhận") == "ho so da tiep nhan"


NOTICE = Outgoing("motcua-notice-7", "hoa@example.vn", "Hồ sơ 000.00.06.H56-251203-0001 đã có kết quả",
                  "Kính gửi ông/bà Nguyễn Thị Hoa,\nHồ sơ đã có kết quả.\n")


def test_the_email_is_utf8_text_with_encoded_headers_and_the_notice_s_id() -> None:
    mailer = SmtpMailer("smtp+starttls://can%40bo:m%E1%BA%ADt@relay.example.vn",
                        "Trung tâm Phục vụ hành chính công <no-reply@longan.example.vn>")
    assert (mailer.host, mailer.port) == ("relay.example.vn", 587) and "mật" not in repr(mailer)
    wire = mailer.message(NOTICE).as_bytes()
    head = wire.split(b"\n\n")[0]
    assert b"Subject: =?utf-8?" in head and b"From: Trung =?utf-8?" in head  # RFC 2047 words
    assert b"Content-Transfer-Encoding: quoted-printable" in head  # 7-bit clean through any relay
    assert b"Message-ID: <motcua-notice-7@longan.example.vn>" in head
    assert b'Content-Type: text/plain; charset="utf-8"' in head
    assert SmtpMailer("smtps://relay.example.vn", "a@b.vn").port == 465
    with pytest.raises(ValueError, match="MOTCUA_SMTP_URL"):
        SmtpMailer("http://relay.example.vn", "a@b.vn")
    with pytest.raises(ValueError, match="MOTCUA_MAIL_FROM"):
        SmtpMailer("smtp://relay.example.vn", "")


def test_the_sms_gateway_gets_the_text_without_diacritics_unless_told_otherwise() -> None:
    sms = Outgoing("motcua-notice-8", "0912345678", None, "Hồ sơ đã có kết quả")
    assert SmsGateway("http://gw.example.vn/sms").payload(sms) == {
        "message_id": "motcua-notice-8", "to": "0912345678", "text": "Ho so da co ket qua"}
    assert SmsGateway("http://gw.example.vn/sms", ascii_only=False, sender="UBND").payload(sms)["text"] == sms.body
    with pytest.raises(ValueError, match="SMS gateway URL must be http"):
        SmsGateway("ftp://gw.example.vn")
