"""The counter queue (xếp hàng, lấy số thứ tự): service groups, tickets and their figures.

A unit's kiosk issues tickets numbered per unit, service group and day (A-001, A-002 … B-001);
a reception clerk opens a counter (quầy) for some groups and calls the oldest waiting ticket of
them. Waiting time runs from issue to the first call, service time from the first call to the
moment the clerk marks the ticket served. Plain rules, no framework.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

MAX_COUNTER = 99  # counters are numbered 1..99 on the display
NUMBER_DIGITS = 3  # a commune center issues well under a thousand tickets per group and day


class TicketStatus(StrEnum):
    """Where a ticket stands."""

    WAITING = "waiting"  # issued, not called yet
    CALLED = "called"  # called to a counter, being served
    SERVED = "served"  # the clerk finished with the citizen
    NO_SHOW = "no_show"  # called, the citizen did not come


FINISHED = (TicketStatus.SERVED, TicketStatus.NO_SHOW)


@dataclass(frozen=True)
class ServiceGroup:
    """A kiosk button: a letter for the ticket number, a name, and the catalogue fields it serves."""

    letter: str
    name_vi: str
    name_en: str = ""
    fields: tuple[str, ...] = ()

    def name(self, locale: str) -> str:
        """The group's name in the reader's language (Vietnamese is authoritative)."""
        return self.name_en if locale == "en" and self.name_en else self.name_vi


@dataclass(frozen=True)
class QueueConfig:
    """The pack's service groups, and which of them each unit offers (all of them unless the pack says)."""

    groups: tuple[ServiceGroup, ...] = ()
    unit_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def for_unit(self, unit_code: str) -> tuple[ServiceGroup, ...]:
        """The groups a unit's kiosk offers, in the pack's order."""
        letters = self.unit_groups.get(unit_code)
        return tuple(g for g in self.groups if letters is None or g.letter in letters)

    def group(self, unit_code: str, letter: str) -> ServiceGroup:
        """A group a unit offers; KeyError names the groups it does offer."""
        for group in self.for_unit(unit_code):
            if group.letter == letter:
                return group
        offered = ", ".join(f"{g.letter} ({g.name_vi})" for g in self.for_unit(unit_code)) or "none"
        raise KeyError(f"unit {unit_code} has no service group {letter!r} (it offers: {offered})")

    def group_for_field(self, unit_code: str, catalogue_field: str) -> ServiceGroup:
        """The group whose counters receive dossiers of a catalogue field (Đất đai, Hộ tịch …)."""
        for group in self.for_unit(unit_code):
            if catalogue_field in group.fields:
                return group
        raise KeyError(f"no service group of unit {unit_code} serves the field {catalogue_field!r}")


def ticket_number(letter: str, sequence: int) -> str:
    """What the ticket, the clerk and the display show: the group's letter and the day's sequence (A-007)."""
    return f"{letter}-{sequence:0{NUMBER_DIGITS}d}"


def check_counter(number: int, groups: Sequence[str], offered: Iterable[str]) -> list[tuple[str, str]]:
    """Why a counter cannot open as asked, as (field, code) pairs the web layer words; empty when it can.

    Codes: ``number_range`` (counters are 1..99), ``no_groups``, ``unknown_group``.
    """
    problems, offered = [], set(offered)
    if not 1 <= number <= MAX_COUNTER:
        problems.append(("counter", "number_range"))
    if not groups:
        problems.append(("groups", "no_groups"))
    elif any(g not in offered for g in groups):
        problems.append(("groups", "unknown_group"))
    return problems


@dataclass(frozen=True)
class Durations:
    """Count, average, 90th percentile and maximum of some durations, in seconds."""

    count: int
    average: float | None
    p90: float | None
    maximum: float | None

    @classmethod
    def of(cls, seconds: Iterable[float]) -> Durations:
        """Summarise durations; the 90th percentile by the nearest-rank method (a value that occurred)."""
        values = sorted(seconds)
        if not values:
            return cls(0, None, None, None)
        rank = math.ceil(0.9 * len(values))  # nearest rank: the smallest value with ≥ 90 % at or below it
        return cls(len(values), sum(values) / len(values), values[rank - 1], values[-1])

    def minutes(self) -> dict[str, float | int | None]:
        """The figures in minutes (rounded to a tenth), as the report shows them."""
        def m(value: float | None) -> float | None:
            return None if value is None else round(value / 60, 1)

        return {"count": self.count, "average": m(self.average), "p90": m(self.p90), "max": m(self.maximum)}
