"""Where the time goes between units: for the dossiers of a procedure version, how long each unit held them,
and how long a dossier handed over waited before the receiving unit finished its first step on it (the
*transit*: the hand-over is instant in the system, so what a leader feels as "in transit" is the time until the
unit it went to acts on it).

A unit holds a dossier from its reception (the receiving unit) or the transfer that brought it, to the
transfer that took it away or its end (``domain/stays.spans``). Past days come from the daily roll-up
(``transit_rollups``: a holding counted on the day it ended, a hand-over on the day the receiving unit acted),
today from the event log; the dossiers a unit holds now are counted in the register. Times are working
minutes, their median and 90th percentile read from the heat map's buckets. Only units the reader may read are
shown, as in the reports.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from motcua.domain.clock import VN_TZ
from motcua.domain.histogram import BUCKETS, Quantile, add, quantile
from motcua.services.heatmap import HeatRequest, live_today, scope
from motcua.services.runtime import Runtime
from motcua.store.step_rollups import StepCounts
from motcua.store.uow import ReadUnitOfWork


@dataclass
class Durations:
    """Working minutes of some finished spans as bucket counts, and how many are still running."""

    counts: list[int] = field(default_factory=lambda: [0] * BUCKETS)
    running: int = 0

    @property
    def finished(self) -> int:
        """How many spans ended."""
        return sum(self.counts)

    @property
    def median(self) -> Quantile | None:
        """The median, read from the heat map's buckets."""
        return quantile(self.counts, 0.5)

    @property
    def p90(self) -> Quantile | None:
        """The 90th percentile, read from the heat map's buckets."""
        return quantile(self.counts, 0.9)


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
    """Holdings and hand-overs of the version's dossiers that ended in the period, in the units chosen."""
    today = runtime.clock.now().astimezone(VN_TZ).date()
    def work(uow: ReadUnitOfWork) -> Transit:
        where = scope(runtime, uow, user_id, request)
        chosen = {u.id for u in where.units}
        store = uow.step_rollups
        lines: list[tuple[str, int | None, int, StepCounts]] = []
        if request.date_from < today:
            last = min(request.date_to, today - timedelta(days=1))
            lines += [(*key, counts) for key, counts in
                      store.transit_sums([where.version.id], request.date_from, last).items()]
        if request.date_from <= today <= request.date_to:
            lines += [(kind, source, unit, counts) for (_version, kind, source, unit), counts
                      in live_today(runtime, uow, where).transit.items()]
        hops: dict[tuple[int, int], Durations] = defaultdict(Durations)
        held: dict[int, Durations] = defaultdict(Durations)
        for kind, source, unit, counts in lines:
            if kind == "held" and unit in chosen:
                held[unit].counts = add(held[unit].counts, counts.histogram())
            elif kind == "hop" and source is not None and (source in chosen or unit in chosen):
                hops[(source, unit)].counts = add(hops[(source, unit)].counts, counts.histogram())
        for unit, n in store.held_now([where.version.id], chosen).items():
            held[unit].running = n
        names = {u.id: u.name for u in uow.units.all()}
        return Transit(
            hops=sorted((Hop(names.get(s, "?"), names.get(t, "?"), d.finished, d) for (s, t), d in hops.items()),
                        key=lambda hop: (-hop.count, hop.source, hop.target)),
            holdings=sorted((Holding(names[u], d) for u, d in held.items()), key=lambda h: h.unit),
        )
    return runtime.read(work)
