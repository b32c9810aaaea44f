"""A generated month of dossiers whose report figures are known, written straight into the register.

June 2025 in two wards of the demo province (Long An 80001, Kiến Tường 80002) and two procedures,
with dossiers on both edges of the period (00:00 and 23:59 Vietnam time, which are 17:00 and
16:59 UTC the day before), before and after it, online and at the counter, rated or not, paused,
refused at intake and after review. "Now" is 10/07/2025 09:00. EXPECTED holds every figure.
"""
from __future__ import annotations

from datetime import datetime

from motcua.domain.clock import VN_TZ
from motcua.services.reports import Report
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, Event

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=VN_TZ)
PERIOD = {"from": "2025-06-01", "to": "2025-06-30"}


def lines(found: Report) -> dict:
    """A report's figures by line, as EXPECTED holds them: (unit code, None) for a unit, (unit code, procedure)
    for its procedures, (None, None) for the total."""
    by_line = {(s.code, None): s.figures.as_dict() for s in found.sections}
    by_line.update({(s.code, p.slug): p.figures.as_dict() for s in found.sections for p in s.procedures})
    by_line[(None, None)] = found.total.as_dict()
    return by_line


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    """A Vietnam-time moment from "dd/mm"."""
    d, m = (int(x) for x in day.split("/"))
    return datetime(2025, m, d, hour, minute, tzinfo=VN_TZ)


# name: (receiving unit, procedure, facts); events are (kind, day, detail)
DOSSIERS: dict[str, tuple[str, str, dict]] = {
    # Long An, land change
    "A1": ("80001", "land_change", dict(received=at("20/05"), due=at("03/06"), finished=at("02/06"), timeliness="early",
                                        rating="satisfied", status="returned")),
    "A2": ("80001", "land_change", dict(received=at("31/05", 23, 59), due=at("14/06"), status="processing",
                                        events=[("dossier.paused", at("31/05", 23, 59), {})])),
    "A3": ("80001", "land_change", dict(received=at("01/06", 0, 0), due=at("15/06"), finished=at("10/06"),
                                        timeliness="on_time", rating="unsatisfied", channel="online",
                                        status="returned")),
    "A4": ("80001", "land_change", dict(received=at("15/06"), due=at("29/06"), finished=at("30/06", 23, 59),
                                        timeliness="late", status="returned")),
    "A5": ("80001", "land_change", dict(received=at("20/06"), due=at("04/07"), finished=at("01/07", 0, 0),
                                        timeliness="on_time", status="returned", rating="satisfied")),
    "A6": ("80001", "land_change", dict(received=at("30/06", 23, 59), due=at("20/07"), channel="online",
                                        status="processing", events=[("dossier.paused", at("01/07", 0, 0), {})])),
    "A7": ("80001", "land_change", dict(received=at("01/07", 0, 0), due=at("15/07"), status="processing")),
    "A8": ("80001", "land_change", dict(received=at("05/06"), due=at("19/06"), paused=at("18/06"),
                                        status="supplement", events=[("dossier.paused", at("08/06"), {}),
                                                                     ("dossier.resumed", at("09/06"), {}),
                                                                     ("dossier.paused", at("18/06"), {})])),
    "A9": ("80001", "land_change", dict(received=at("01/04"), due=at("15/04"), finished=at("15/05"), timeliness="late",
                                        status="returned")),
    "A10": ("80001", "land_change", dict(created=at("12/06"), finished=at("12/06"), status="refused",
                                         events=[("dossier.refused", at("12/06"), {"reason": "Không thuộc thẩm quyền"})])),
    "A11": ("80001", "land_change", dict(created=at("25/06"), channel="online", status="draft")),
    "A12": ("80001", "land_change", dict(received=at("12/06"), due=at("15/07"), status="processing", handling="80002")),
    # Long An, birth registration
    "B1": ("80001", "birth_registration", dict(created=at("02/06"), received=at("03/06"), due=at("04/06", 17),
                                               finished=at("04/06"), timeliness="early", rating="satisfied",
                                               status="returned",
                                               events=[("dossier.supplement_requested", at("02/06"), {})])),
    "B2": ("80001", "birth_registration", dict(received=at("10/06"), due=at("13/06", 17), finished=at("13/06", 17),
                                               timeliness="on_time", rating="satisfied", status="returned",
                                               events=[("result.signed", at("12/06"), {"outcome": "refuse"})])),
    "B3": ("80001", "birth_registration", dict(received=at("10/06"), due=at("11/06", 17), status="awaiting_return",
                                               events=[("result.signed", at("12/06"), {"outcome": "approve"})])),
    "B4": ("80001", "birth_registration", dict(received=at("10/06"), due=at("13/06", 17), finished=at("12/06"),
                                               status="stopped",
                                               events=[("dossier.stopped", at("12/06"), {"ground": "withdrawn"})])),
    # Kiến Tường, land change
    "K1": ("80002", "land_change", dict(received=at("10/06"), due=at("24/06"), finished=at("11/06"), timeliness="early",
                                        rating="satisfied", channel="online", status="returned")),
    "K2": ("80002", "land_change", dict(received=at("11/06"), due=at("25/06"), status="processing")),
    # not an administrative procedure: never counted
    "X1": ("80001", "incoming_document", dict(received=at("10/06"), due=at("12/06"), status="processing")),
}

ZERO = dict(carried_over=0, received=0, received_in_person=0, received_online=0, received_postal=0,
            online_submitted=0, finished=0, early=0, on_time=0, late=0, returned_by_post=0, in_progress=0, stopped=0,
            overdue_now=0, supplement_requests=0, supplement_dossiers=0, refused_at_intake=0, refused_after_review=0,
            rated=0, satisfied=0, fees_paid=0, fees_collected=0, fees_exempt=0, fees_exempted=0, fees_owed=0)


def figures(rates: tuple, **counts: int) -> dict:
    """Counts (the rest zero) and the three rates in COLUMNS order; the month has no postal dossier, so what
    was received and not online was received in person."""
    on_time_rate, online_rate, satisfaction_rate = rates
    in_person = counts.get("received", 0) - counts.get("received_online", 0)
    return {**ZERO, "received_in_person": in_person, **counts, "on_time_rate": on_time_rate,
            "online_rate": online_rate, "satisfaction_rate": satisfaction_rate}


EXPECTED = {
    ("80001", "land_change"): figures(
        (66.7, 33.3, 50.0), carried_over=2, received=6, received_online=2, online_submitted=3, finished=3, early=1,
        on_time=1, late=1, in_progress=5, overdue_now=1, supplement_requests=2, supplement_dossiers=1,
        refused_at_intake=1, rated=2, satisfied=1),
    ("80001", "birth_registration"): figures(
        (100.0, 0.0, 100.0), received=4, finished=2, early=1, on_time=1, in_progress=1, stopped=1, overdue_now=1,
        supplement_requests=1, supplement_dossiers=1, refused_after_review=1, rated=2, satisfied=2),
    ("80001", None): figures(
        (80.0, 20.0, 75.0), carried_over=2, received=10, received_online=2, online_submitted=3, finished=5, early=2,
        on_time=2, late=1, in_progress=6, stopped=1, overdue_now=2, supplement_requests=3, supplement_dossiers=2,
        refused_at_intake=1, refused_after_review=1, rated=4, satisfied=3),
    ("80002", "land_change"): figures(
        (100.0, 50.0, 100.0), received=2, received_online=1, online_submitted=1, finished=1, early=1, in_progress=1,
        overdue_now=1, rated=1, satisfied=1),
    (None, None): figures(
        (83.3, 25.0, 80.0), carried_over=2, received=12, received_online=3, online_submitted=4, finished=6, early=3,
        on_time=2, late=1, in_progress=7, stopped=1, overdue_now=3, supplement_requests=3, supplement_dossiers=2,
        refused_at_intake=1, refused_after_review=1, rated=5, satisfied=4),
}
EXPECTED[("80002", None)] = EXPECTED[("80002", "land_change")]


def load(runtime: Runtime) -> dict[str, int]:
    """Write the month into the register (and set the clock to NOW); the ids of the dossiers by name."""
    runtime.clock.set(NOW)
    ids = {}
    with runtime.uow() as uow:
        clerk = uow.users.by_username("tiepnhan.longan")
        for name, (unit_code, slug, facts) in DOSSIERS.items():
            unit = uow.units.by_code(unit_code)
            handling = uow.units.by_code(facts.get("handling", unit_code))
            version = uow.versions.latest(slug) or uow.versions.latest("land_change")
            dossier = uow.dossiers.add(Dossier(
                code=f"{unit_code}-{name}", procedure_slug=slug, procedure_code="x", version_id=version.id,
                applicant_name=f"Công dân {name}", receiving_unit_id=unit.id, handling_unit_id=handling.id,
                status=facts["status"], timeliness=facts.get("timeliness"), received_at=facts.get("received"),
                due_at=facts.get("due"), finished_at=facts.get("finished"), paused_at=facts.get("paused"),
                rating=facts.get("rating"), channel=facts.get("channel", "counter"),
                created_at=facts.get("created") or facts["received"], created_by_id=clerk.id))
            for kind, moment, detail in facts.get("events", []):
                uow.session.add(Event(dossier_id=dossier.id, at=moment, kind=kind, unit_id=unit.id, detail=detail))
            ids[name] = dossier.id
        uow.commit()
    return ids
