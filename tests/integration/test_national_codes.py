"""National dossier codes end to end: the administrator sets a unit's electronic identifier (bad ones refused
naming the field, the old one kept), codes are issued in the national format, a unit without an identifier
cannot receive, and codes issued before the national format are still found."""
from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from features.steps.land_change import RECEIVE
from motcua.domain.dossier_codes import DOSSIER_CODE
from motcua.services import citizen, feedback
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, SecurityEvent
from tests.support.web import Clerk


def identifier(runtime: Runtime, unit: str) -> str | None:
    with runtime.uow() as uow:
        return uow.units.require_code(unit).agency_code


def receive(clerk: Clerk) -> str:
    """Open and receive a land-change dossier at Long An; its code as the dossier page shows it."""
    opened = clerk.submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    assert opened.status_code == 302, opened.text
    page = clerk.get(clerk.submit(opened.location, RECEIVE).location).text
    return re.search(r"<h1>Hồ sơ (\S+)</h1>", page).group(1)


def test_the_administrator_sets_the_identifier_and_bad_ones_are_refused(app: Flask, runtime: Runtime) -> None:
    admin, reception = Clerk(app, "quantri.longan"), Clerk(app, "tiepnhan.longan")
    page = admin.get("/quan-tri/don-vi").text
    assert 'value="000.00.31.H53"' in page and "Phường Long An" in page

    bad = admin.submit("/quan-tri/don-vi/80001", {"agency_code": "000.00.31-H53"}, token_from="/quan-tri/don-vi")
    assert bad.status_code == 422 and "Mã định danh điện tử “000.00.31-H53” không đúng định dạng" in bad.text
    assert 'value="000.00.31-H53"' in bad.text and 'aria-invalid="true"' in bad.text  # typed value kept
    taken = admin.submit("/quan-tri/don-vi/80001", {"agency_code": "000.00.32.H53"}, token_from="/quan-tri/don-vi")
    assert taken.status_code == 422 and "đã là mã của Phường Kiến Tường" in taken.text
    assert identifier(runtime, "80001") == "000.00.31.H53"  # nothing changed
    elsewhere = admin.submit("/quan-tri/don-vi/80002", {"agency_code": "000.00.41.H53"},
                             token_from="/quan-tri/don-vi")
    assert elsewhere.status_code == 404 and identifier(runtime, "80002") == "000.00.32.H53"  # not their unit

    first = receive(reception)
    saved = admin.submit("/quan-tri/don-vi/80001", {"agency_code": " 000.00.41.h53 "}, token_from="/quan-tri/don-vi")
    assert saved.status_code == 302 and identifier(runtime, "80001") == "000.00.41.H53"
    second = receive(reception)
    assert (first, second) == ("000.00.31.H53-251124-0001", "000.00.41.H53-251124-0001")
    assert all(DOSSIER_CODE.match(code) for code in (first, second))
    assert citizen.lookup(runtime, first, "5678") is not None  # the code issued under the old identifier stays
    with runtime.uow() as uow:
        audit = uow.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "unit.agency_code_set")).one()
        assert audit.detail == {"unit": "80001", "before": "000.00.31.H53", "after": "000.00.41.H53"}


def test_a_unit_without_an_identifier_cannot_receive(app: Flask, runtime: Runtime) -> None:
    with runtime.uow() as uow:
        uow.units.require_code("80001").agency_code = None
        uow.commit()
    refused = Clerk(app, "tiepnhan.longan").submit("/dossiers/new", {"unit": "80001", "procedure": "land_change"})
    assert refused.status_code == 409
    assert "Phường Long An chưa có mã định danh điện tử" in refused.text and "Quản trị › Đơn vị" in refused.text
    with runtime.uow() as uow:
        assert uow.session.scalars(select(Dossier)).all() == []


def test_codes_issued_before_the_national_format_are_still_found(app: Flask, runtime: Runtime) -> None:
    reception = Clerk(app, "tiepnhan.longan")
    code = receive(reception)
    with runtime.uow() as uow:  # as migration 0013 leaves a dossier coded before it
        uow.session.scalars(select(Dossier)).one().code = "80001-250701-0001"
        uow.commit()
    found = reception.submit("/tra-cuu", {"ma": " 80001-250701-0001 ", "so": "5678"})
    assert found.status_code == 200 and "Hồ sơ 80001-250701-0001" in found.text
    assert citizen.lookup(runtime, code, "5678") is None
    assert feedback.lookup(runtime, "80001-250701-0001") is None  # a dossier is no feedback, whatever its code
