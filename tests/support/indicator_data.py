"""A June 2025 of dossiers and 1022 feedback whose Decision 766 indicators are worked out by hand below.

Written straight into the register, as the steps would leave it: appointments from the pack's working-day
calendar (a supplement moves the appointment by the time the citizen took, as ``processing.resume`` does),
the class from ``domain.calendar.classify``; the digitisation marks, papers, outbox rows and fees are written
as the other branches' steps would write them. "Now" is 10/07/2025 09:00 (Vietnam time).

Long An (80001), land change, received in June (7): D1..D7; D8 received in May and finished in June; D9 in July.
  D1 counter, finished exactly at its appointment (on time), synced, digitised with an electronic result, satisfied
  D2 online, one supplement (5 days waiting): finished after the first appointment, before the moved one (on time);
     its status message not yet delivered (not synced); electronic result, papers not digitised; a reused paper;
     rated unsatisfied
  D3 by post, asked to supplement twice: finished early but counted late for progress; not synced
  D4 counter, finished late; synced; its fee paid online
  D5 counter, open at the end and within its time; fee paid in cash
  D6 counter, open at the end and past its appointment
  D7 counter, open at the end, waiting for the citizen's papers since before its appointment (within time)
  D8 received in May, finished early in June after one supplement and one wait for payment (not a supplement)
Kiến Tường (80002): K1 online, finished early, synced.
1022 feedback, received by the province (80000) and routed: F1 to Long An, answered early; F2 to Long An,
closed late; F3 to Kiến Tường, open at the end within time, past its deadline now.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from motcua.domain.calendar import classify
from motcua.domain.clock import VN_TZ
from motcua.domain.dossier import PAYMENT_WAIT
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, DossierFee, DossierPaper, Event, OutboxMessage, Transfer

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=VN_TZ)
PERIOD = {"from": "2025-06-01", "to": "2025-06-30"}


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    d, m = (int(x) for x in day.split("/"))
    return datetime(2025, m, d, hour, minute, tzinfo=VN_TZ)


def load(runtime: Runtime) -> dict[str, int]:
    """Write the month; the ids of the rows by name."""
    runtime.clock.set(NOW)
    calendar = runtime.pack.calendar

    def due(received: datetime, days: int = 10) -> datetime:
        return calendar.due_at(received, days=days)

    def moved(received: datetime, *pauses: tuple[datetime, datetime]) -> datetime:
        appointment = due(received)
        for paused, resumed in pauses:
            appointment = calendar.resume_after_pause(appointment, paused, resumed)
        return appointment

    d2_due = moved(at("03/06"), (at("05/06"), at("10/06")))
    d3_due = moved(at("04/06"), (at("05/06"), at("06/06")), (at("09/06"), at("10/06")))
    d8_due = moved(at("20/05"), (at("22/05"), at("23/05")), (at("26/05"), at("27/05")))
    d2_finished = due(at("03/06")) + timedelta(days=2)
    assert due(at("03/06")) < d2_finished <= d2_due  # late without the supplement time, on time with it
    pause = ("dossier.paused", {"request": "Bổ sung giấy tờ"})
    dossiers: dict[str, tuple[str, str, dict]] = {
        "D1": ("80001", "land_change", dict(received=at("02/06"), due=due(at("02/06")), finished=due(at("02/06")),
                                            rating="satisfied", synced=True, digitised=True, electronic=True)),
        "D2": ("80001", "land_change", dict(received=at("03/06"), due=d2_due, finished=d2_finished, channel="online",
                                            rating="unsatisfied", synced=False, electronic=True, reused=True,
                                            events=[(pause, at("05/06"))])),
        "D3": ("80001", "land_change", dict(received=at("04/06"), due=d3_due, finished=at("12/06"), channel="postal",
                                            events=[(pause, at("05/06")), (pause, at("09/06"))])),
        "D4": ("80001", "land_change", dict(received=at("05/06"), due=due(at("05/06")), finished=at("25/06"),
                                            synced=True, fee=("online", 50000))),
        "D5": ("80001", "land_change", dict(received=at("20/06"), due=due(at("20/06")), fee=("cash", 50000),
                                            scanned=True)),
        "D6": ("80001", "land_change", dict(received=at("10/06"), due=at("20/06"))),
        "D7": ("80001", "land_change", dict(received=at("15/06"), due=due(at("15/06")), paused=at("25/06"),
                                            events=[(pause, at("25/06"))])),
        "D8": ("80001", "land_change", dict(received=at("20/05"), due=d8_due, finished=at("02/06"),
                                            events=[(pause, at("22/05")),
                                                    (("dossier.paused", {"request": f"{PAYMENT_WAIT}: thuế"}),
                                                     at("26/05"))])),
        "D9": ("80001", "land_change", dict(received=at("01/07"), due=due(at("01/07")), synced=True)),
        "K1": ("80002", "land_change", dict(received=at("10/06"), due=due(at("10/06")), finished=at("12/06"),
                                            channel="online", synced=True)),
        "F1": ("80000", "feedback_1022", dict(received=at("02/06"), due=due(at("02/06")), finished=at("10/06"),
                                              routed="80001")),
        "F2": ("80000", "feedback_1022", dict(received=at("03/06"), due=due(at("03/06")), finished=at("20/06"),
                                              routed="80001")),
        "F3": ("80000", "feedback_1022", dict(received=at("25/06"), due=due(at("25/06")), routed="80002")),
    }
    ids = {}
    with runtime.uow() as uow:
        clerk = uow.users.by_username("tiepnhan.longan")
        for name, (unit_code, slug, facts) in dossiers.items():
            unit = uow.units.by_code(unit_code)
            version = uow.versions.latest(slug) or uow.versions.latest("land_change")
            finished = facts.get("finished")
            dossier = uow.dossiers.add(Dossier(
                code=f"{unit_code}-{name}", procedure_slug=slug, procedure_code="x", version_id=version.id,
                applicant_name=f"Công dân {name}", applicant_id_number="079090000001",
                receiving_unit_id=unit.id, handling_unit_id=unit.id, status="returned" if finished else "processing",
                timeliness=classify(finished, facts["due"]).value if finished else None,
                received_at=facts["received"], due_at=facts["due"], finished_at=finished,
                paused_at=facts.get("paused"), rating=facts.get("rating"), channel=facts.get("channel", "counter"),
                created_at=facts["received"], created_by_id=clerk.id,
                papers_digitised_at=facts["received"] if facts.get("digitised") else None,
                result_electronic_at=finished if facts.get("electronic") else None))
            for (kind, detail), moment in facts.get("events", []):
                uow.session.add(Event(dossier_id=dossier.id, at=moment, kind=kind, unit_id=unit.id, detail=detail))
            if "synced" in facts:
                uow.session.add(OutboxMessage(dossier_id=dossier.id, topic="dossier.status", payload={},
                                              created_at=facts["received"], available_at=facts["received"],
                                              delivered_at=facts["received"] if facts["synced"] else None))
            for source in ("scan",) * bool(facts.get("scanned")) + ("reuse",) * bool(facts.get("reused")):
                uow.session.add(DossierPaper(dossier_id=dossier.id, paper_name="Căn cước", kind="id_card",
                                             source=source, holder_id_number="079090000001",
                                             digitised_at=facts["received"]))
            if "fee" in facts:
                method, amount = facts["fee"]
                uow.session.add(DossierFee(dossier_id=dossier.id, status="paid", due=amount, assessment={},
                                           assessed_at=facts["received"], method=method, paid_at=facts["received"]))
            if "routed" in facts:
                uow.session.add(Transfer(dossier_id=dossier.id, at=facts["received"], from_unit_id=unit.id,
                                         to_unit_id=uow.units.by_code(facts["routed"]).id, reason="route"))
            ids[name] = dossier.id
        uow.commit()
    return ids


# Hand-computed: (numerator, denominator, rate %, points) per indicator, for the Long An leader and the province.
LONG_AN = {
    "synced": (2, 7, 28.57, 1.71),  # D1, D4 of D1..D7 (D2's message not delivered); 6 × 28.57%
    "on_time": (5, 8, 62.5, 12.5),  # D1 D2 D8 D5 D7 of finished D1 D2 D3 D4 D8 and open D5 D6 D7; 20 × 62.5%
    "electronic_result": (2, 5, 40.0, 2.4),  # D1, D2 of the five finished; 6 × 40%
    "digitised": (1, 5, 20.0, 1.0),  # D1; 4 × 20% ÷ 80%
    "reused": (1, 7, 14.29, 0.36),  # D2; 2 × 14.29% ÷ 80%
    "online": (1, 7, 14.29, 3.43),  # D2 (D3 came by post); 12 × 14.29% ÷ 50%
    "paid_online": (1, 2, 50.0, 3.0),  # D4 of D4, D5 (cash); 6 × 50%
    "fee_procedures_paid_online": (1, 5, 20.0, 0.5),  # land change of the five procedures with fees; 2 × 20% ÷ 80%
    "full_content": (46, 46, 100.0, 2.0),  # every entry of the pack's catalogue is complete
    "dossier_satisfaction": (3, 5, 60.0, 4.0),  # D1 D3 D8 (D2 unsatisfied, D4 late); 6 × 60% ÷ 90%
    "feedback_on_time": (1, 2, 50.0, 3.0),  # F1 of F1, F2
    "feedback_satisfied": (1, 2, 50.0, 3.0),  # F2 late
}
PROVINCE = {
    **LONG_AN,
    "synced": (3, 8, 37.5, 2.25),  # + K1
    "on_time": (6, 9, 66.67, 13.33),  # + K1 early
    "electronic_result": (2, 6, 33.33, 2.0),
    "digitised": (1, 6, 16.67, 0.83),
    "reused": (1, 8, 12.5, 0.31),
    "online": (2, 8, 25.0, 6.0),  # D2, K1
    "dossier_satisfaction": (4, 6, 66.67, 4.44),
    "feedback_on_time": (2, 3, 66.67, 4.0),  # F1, F3 (within time on 30/06)
    "feedback_satisfied": (1, 3, 33.33, 2.0),  # F3 is past its deadline now
}
