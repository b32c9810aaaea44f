"""Where the time goes between units: for the dossiers of a procedure version that moved in a period, how long
each unit held them, and how long a dossier handed over waited before the receiving unit finished its first
step on it (the *transit*: the hand-over is instant in the system, so what a leader feels as "in transit" is
the time until the unit it went to acts on it).

A unit holds a dossier from its reception (the receiving unit) or the transfer that brought it, to the
transfer that took it away, its end, or now. Times are working minutes (``domain/calendar.py``); the median
and 90th percentile come from the same buckets as the heat map's, so the two pages agree on their precision.
Only units the reader may read are shown, as in the reports.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from motcua.domain.histogram import Quantile, counts_of, quantile
from motcua.services.heatmap import HeatRequest, scope
from motcua.services.runtime import Runtime
from motcua.store import rollups


@dataclass
class Durations:
    """Working minutes of some finished spans, and how many are still running."""

    minutes: list[float] = field(default_factory=list)
    running: int = 0

    @property
    def median(self) -> Quantile | None:
        """The median, read from the heat map's buckets."""
        return quantile(counts_of(self.minutes), 0.5)

    @property
    def p90(self) -> Quantile | None:
        """The 90th percentile, read from the heat map's buckets."""
        return quantile(counts_of(self.minutes), 0.9)


@dataclass(frozen=True)
class Hop:
    """Hand-overs from one unit to another and how long they waited for the receiving unit's first step."""

    source: str
    target: str
    count: int
    transit: Durations


@dataclass(frozen=True)
class Holding:
    """How long one unit held the dossiers."""

    unit: str
    held: Durations


@dataclass(frozen=True)
class Transit:
    """The figures of the page's "between units" section."""

    hops: list[Hop]
    holdings: list[Holding]


def between_units(runtime: Runtime, user_id: int, request: HeatRequest) -> Transit:
    """Hand-overs and holding times of the version's dossiers that moved in the period, in readable units."""
    calendar = runtime.pack.calendar
    now = runtime.clock.now()
    start, _ = rollups.day_bounds(request.date_from)
    _, end = rollups.day_bounds(request.date_to)

    def minutes(a: datetime, b: datetime) -> float:
        return calendar.working_seconds_between(a, b) / 60

    with runtime.uow() as uow:
        where = scope(runtime, uow, user_id, request)
        names = {u.id: u.name for u in where.units}
        store = uow.step_rollups
        ids = store.moving(start, end, [where.version.id])
        moves = store.hand_overs(ids)
        hops: dict[tuple[int, int], Durations] = defaultdict(Durations)
        held: dict[int, Durations] = defaultdict(Durations)
        for history in store.histories(ids, now):
            transfers = moves.get(history.dossier_id, [])
            first = transfers[0][1] if transfers else history.receiving_unit_id
            spans = [(first, history.started_at)] + [(to, at) for at, _, to in transfers]
            for index, (unit_id, since) in enumerate(spans):
                until = spans[index + 1][1] if index + 1 < len(spans) else history.finished_at
                if unit_id not in names:
                    continue
                if until is None:
                    held[unit_id].running += 1
                elif start <= until < end:
                    held[unit_id].minutes.append(minutes(since, until))
            for at, source, target in transfers:
                if not (start <= at < end) or (source not in names and target not in names):
                    continue
                acted = next((d.at for d in history.done if d.unit_id == target and d.at > at), None)
                if acted is None:
                    hops[(source, target)].running += 1
                else:
                    hops[(source, target)].minutes.append(minutes(at, acted))
        unit_name = {u.id: u.name for u in uow.units.all()}
        return Transit(
            hops=sorted((Hop(unit_name.get(s, "?"), unit_name.get(t, "?"), len(d.minutes) + d.running, d)
                         for (s, t), d in hops.items()), key=lambda hop: (-hop.count, hop.source, hop.target)),
            holdings=sorted((Holding(names[u], d) for u, d in held.items()), key=lambda h: h.unit),
        )
