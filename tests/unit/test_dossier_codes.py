"""The national dossier code, the agency identifier it begins with, the channels' national codes and the UPU S10
postal item number: pure rules, checked against the examples their sources give."""
from __future__ import annotations

from datetime import datetime

import pytest

from motcua.domain.channels import NATIONAL_CODES, BadPostalItem, Channel, is_postal_item, postal_item, s10_check_digit
from motcua.domain.clock import VN_TZ
from motcua.domain.dossier_codes import DOSSIER_CODE, BadAgencyCode, agency_code, dossier_code, normalise
from motcua.engine.forms import Form, check_submission

DAY = datetime(2023, 10, 27, 9, 0, tzinfo=VN_TZ)


def test_the_circulars_real_code_is_rebuilt_from_its_parts() -> None:
    code = dossier_code(agency_code("000.00.06.H56"), DAY, 361)
    assert code == "000.00.06.H56-231027-0361" and DOSSIER_CODE.match(code)


@pytest.mark.parametrize("typed", ["000.00.06.H56", " 000.00.31.h53 ", "123.45.67.G12", "000.00.00.K54"])
def test_identifiers_of_the_national_form_are_taken_trimmed_with_a_capital_letter(typed: str) -> None:
    assert agency_code(typed) == typed.strip().upper()


@pytest.mark.parametrize("typed", ["", "80001", "000.00.06", "000.00.06.H5", "000.00.06.H566", "00.00.06.H56",
                                   "000.00.06.56H", "000-00-06-H56", "000.0A.06.H56", "000.00.06.Đ56"])
def test_identifiers_of_another_form_are_refused_showing_the_form_expected(typed: str) -> None:
    with pytest.raises(BadAgencyCode, match=r"NNN\.NN\.NN\.XNN \(e\.g\. 000\.00\.06\.H56\)"):
        agency_code(typed)


def test_the_daily_sequence_has_four_digits() -> None:
    assert dossier_code("000.00.06.H56", DAY, 9999).endswith("-9999")
    for number in (0, 10000):
        with pytest.raises(ValueError, match="4-digit daily sequence"):
            dossier_code("000.00.06.H56", DAY, number)


def test_codes_are_read_as_issued_whatever_the_case_and_spaces_typed() -> None:
    assert normalise(" 000.00.06.h56-231027-0361\t") == "000.00.06.H56-231027-0361"
    assert normalise("80001-250701-0001 ") == "80001-250701-0001"  # codes from before the national format


def test_the_channels_carry_the_national_codes_1_2_3() -> None:
    assert {c.value: c.national_code for c in Channel} == {"counter": 1, "online": 2, "postal": 3}
    assert set(NATIONAL_CODES) == set(Channel)


@pytest.mark.parametrize(("serial", "check"), [("00071759", 5), ("47110815", 1), ("00071758", 1), ("96633102", 0),
                                               ("76129403", 8), ("12345678", 5)])
def test_the_s10_check_digit_of_known_items(serial: str, check: int) -> None:
    assert s10_check_digit(serial) == check  # EB000717595HK, EE471108151FR, and the s10 package's own cases


def test_a_postal_item_number_is_taken_without_spaces_in_capitals() -> None:
    assert postal_item(" eb 000 717 595 hk ") == "EB000717595HK"
    assert postal_item("EB123456785VN") == "EB123456785VN"


@pytest.mark.parametrize(("typed", "check_digit"), [("EB123456789VN", True), ("EB000717594HK", True),
                                                    ("EB12345678VN", False), ("1234567890123", False),
                                                    ("EB0007175951HK", False), ("", False)])
def test_a_wrong_postal_item_number_says_what_is_wrong(typed: str, check_digit: bool) -> None:
    with pytest.raises(BadPostalItem) as refused:
        postal_item(typed)
    assert refused.value.check_digit is check_digit
    assert ("check digit" in str(refused.value)) is check_digit
    assert not is_postal_item(typed)


def test_forms_check_the_upu_s10_format_by_field() -> None:
    form = Form("f", {"type": "object", "properties": {"postal_item": {"type": "string", "format": "upu-s10"}}})
    assert check_submission(form, {"postal_item": "EB000717595HK"}) == []
    [error] = check_submission(form, {"postal_item": "EB000717594HK"})
    assert (error.field, error.code) == ("postal_item", "format")
