"""A random register with every kind of fact the report counts, for comparing the roll-up path with the live one.

Dossiers over two months around "now" (10/07/2025 09:00, as in ``report_data``) in the demo wards and every
public procedure: received or only submitted online, finished early, on time or late (some after "now" is
impossible, so none), stopped, paused, rated, returned by post; fees assessed, exempted, paid later or never;
events asked to supplement several times on several days (some waits for payment), refused at intake, refused
after review; for the Decision 766 indicators, electronic results, digitised papers, fees paid online, statuses
delivered to the portal and papers reused. Moments fall
on day edges often (00:00 and 23:59 Vietnam time), where a wrong time zone would show.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from motcua.domain.clock import VN_TZ
from motcua.domain.dossier import PAYMENT_WAIT
from motcua.services.runtime import Runtime
from motcua.store.models import Dossier, DossierFee, DossierPaper, Event, OutboxMessage

NOW = datetime(2025, 7, 10, 9, 0, tzinfo=VN_TZ)
START = datetime(2025, 5, 1, tzinfo=VN_TZ)


def _moment(rng: random.Random, after: datetime, days: int) -> datetime:
    day = (after + timedelta(days=rng.randrange(days))).replace(hour=0, minute=0)
    edge = rng.random()
    if edge < 0.15:
        return max(day, after)
    if edge < 0.3:
        return max(day.replace(hour=23, minute=59), after)
    return max(day + timedelta(minutes=rng.randrange(24 * 60)), after)


def _indicator_facts(uow: Any, rng: random.Random, dossier: Dossier, received: datetime | None) -> None:
    """What the Decision 766 indicators read besides the register: statuses delivered to the national portal
    (or still waiting), papers scanned or reused."""
    if received is None:
        return
    if rng.random() < 0.5:
        sent = _moment(rng, received, 5)
        uow.session.add(OutboxMessage(dossier_id=dossier.id, topic="dossier.status", payload={}, created_at=received,
                                      available_at=received, delivered_at=sent if sent <= NOW else None))
    if rng.random() < 0.3:
        uow.session.add(DossierPaper(dossier_id=dossier.id, paper_name="CCCD", kind="id_card",
                                     source=rng.choice(("scan", "reuse")), digitised_at=received))


def generate(runtime: Runtime, n: int, seed: int = 22) -> None:
    """Write ``n`` random dossiers with their events and fees (the clock is set to ``NOW``)."""
    runtime.clock.set(NOW)
    rng = random.Random(seed)
    with runtime.uow() as uow:
        wards = [uow.units.by_code(code) for code in ("80001", "80002")]
        clerk = uow.users.by_username("tiepnhan.longan")
        slugs = [slug for slug, loaded in runtime.pack.procedures.items() if loaded.procedure.is_public_service]
        versions = {slug: uow.versions.latest(slug) for slug in slugs}
        for i in range(n):
            slug, unit = rng.choice(slugs), rng.choice(wards)
            created = _moment(rng, START, 68)
            channel = rng.choice(("counter", "counter", "online", "postal"))
            received = None if rng.random() < 0.1 else _moment(rng, created, 2)
            finished = timeliness = rating = result_channel = None
            status = "processing" if received else "draft"
            if received and rng.random() < 0.7:
                finished = _moment(rng, received, 15)
                status = rng.choice(("returned", "returned", "returned", "stopped"))
                if status == "returned":
                    timeliness = rng.choice(("early", "on_time", "late"))
                    rating = rng.choice((None, "satisfied", "unsatisfied"))
                    result_channel = rng.choice((None, "counter", "postal"))
            if finished and finished > NOW:
                finished = timeliness = rating = result_channel = None
                status = "processing"
            if received and received > NOW or created > NOW:
                continue
            due = received + timedelta(days=rng.choice((1, 3, 10))) if received else None
            dossier = uow.dossiers.add(Dossier(
                code=f"G-{seed}-{i}", procedure_slug=slug, procedure_code="x", version_id=versions[slug].id,
                applicant_name=f"Công dân {i}", receiving_unit_id=unit.id, handling_unit_id=unit.id, status=status,
                timeliness=timeliness, received_at=received, due_at=due, finished_at=finished, rating=rating,
                result_channel=result_channel, channel=channel, created_at=created, created_by_id=clerk.id,
                paused_at=received + timedelta(days=1) if received and not finished and rng.random() < 0.2 else None,
                result_electronic_at=finished if finished and rng.random() < 0.6 else None,
                papers_digitised_at=received if received and rng.random() < 0.5 else None))
            for _ in range(rng.choice((0, 0, 0, 1, 2, 3))):
                kind = rng.choice(("dossier.supplement_requested", "dossier.paused", "dossier.refused",
                                   "result.signed", "dossier.resumed"))
                at = _moment(rng, created, 20)
                if at <= NOW:
                    detail = {"outcome": rng.choice(("refuse", "approve"))} if kind == "result.signed" else {}
                    if kind == "dossier.paused" and rng.random() < 0.3:
                        detail = {"request": f"{PAYMENT_WAIT}: lệ phí"}  # a wait for payment, not a request
                    uow.session.add(Event(dossier_id=dossier.id, at=at, kind=kind, unit_id=unit.id, detail=detail))
            if received and rng.random() < 0.4:
                due_fee = rng.choice((0, 10_000, 50_000))
                paid = _moment(rng, received, 10) if due_fee and rng.random() < 0.6 else None
                uow.session.add(DossierFee(
                    dossier_id=dossier.id, status="paid" if paid and paid <= NOW else "due", due=due_fee,
                    exempted=rng.choice((0, 0, 20_000)), assessment={}, assessed_at=received,
                    paid_at=paid if paid and paid <= NOW else None,
                    method=rng.choice(("online", "cash")) if paid and paid <= NOW else None))
            _indicator_facts(uow, rng, dossier, received)
        uow.commit()
