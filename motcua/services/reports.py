"""Reports on administrative procedures: by unit, procedure and period, as the provinces report them.

The figures follow the report on handling administrative procedures (dossiers
carried over, received, finished early / on time / late, in progress) and the
indicators of Decision 766/QĐ-TTg that the register supports: progress (share
finished early or on time), online service (share received online) and
satisfaction (share of ratings that are "satisfied"). Received dossiers are
counted by channel under the national channel codes (1 in person, 2 online,
3 by the public postal service), and so are results returned by post. Dossiers count for the
unit where they were received. Only administrative procedures are counted:
the pack's other processes (documents, meetings, feedback) share the tables.

Who reads what: leaders and administrators of a unit read its report; at a
province they read every commune and ward under it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from motcua.domain.clock import VN_TZ
from motcua.services.errors import Forbidden, NotFound, ServiceError
from motcua.services.runtime import Runtime
from motcua.store.models import Unit, User
from motcua.store.ports import UnitOfWorkPort
from motcua.store.report_rollup import Span
from motcua.store.reporting import Window
from motcua.store.uow import ReadUnitOfWork

READER_ROLES = ("leader", "admin")


FIRST_YEAR, LAST_YEAR = 1900, 2100


class InvalidReportRequest(ServiceError):
    """A filter of the report is wrong: ``field`` names it (``from``, ``to``, ``unit``, ``procedure``), ``reason``
    says how (``not_a_date``, ``out_of_range``, ``ends_before_start``, ``unknown_unit``, ``unknown_procedure``);
    the error's code is ``report.<reason>``."""

    def __init__(self, field_name: str, reason: str, **params: Any) -> None:
        self.field, self.reason = field_name, reason
        super().__init__(f"report.{reason}", field=field_name, **params)


@dataclass(frozen=True)
class Figures:
    """The counts of one line of the report; rates are derived, so every export shows the same numbers."""

    carried_over: int = 0  # received before the period, still open when it began
    received: int = 0  # received (given a code and appointment) in the period
    received_in_person: int = 0  # of which by national channel code: 1 in person (domain/channels.py)
    received_online: int = 0  # 2 online
    received_postal: int = 0  # 3 by the public postal service
    online_submitted: int = 0  # submitted online in the period, whatever became of them
    finished: int = 0  # returned in the period, classified early / on time / late
    early: int = 0
    on_time: int = 0
    late: int = 0
    returned_by_post: int = 0  # finished in the period with the result sent by the public postal service
    in_progress: int = 0  # received, not finished at the end of the period
    stopped: int = 0  # stopped in the period (dừng giải quyết, notice Mẫu số 05): neither finished nor in progress
    overdue_now: int = 0  # still open today and past the appointment (a paused clock is not overdue)
    supplement_requests: int = 0  # requests to supplement made in the period (at intake or during processing)
    supplement_dossiers: int = 0  # dossiers asked to supplement in the period
    refused_at_intake: int = 0
    refused_after_review: int = 0  # a reasoned reply signed instead of the result
    rated: int = 0  # finished dossiers whose citizen rated the service
    satisfied: int = 0
    fees_paid: int = 0  # dossiers whose fee was confirmed paid in the period
    fees_collected: int = 0  # VND confirmed paid in the period (cash and transfers)
    fees_exempt: int = 0  # dossiers assessed in the period with an exemption
    fees_exempted: int = 0  # VND not collected because of those exemptions
    fees_owed: int = 0  # dossiers whose fee was still unpaid at the end of the period

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{name: getattr(self, name) + getattr(other, name) for name in FIGURE_NAMES})

    @property
    def on_time_rate(self) -> float | None:
        """Decision 766, progress: the share of finished dossiers returned early or on time (%)."""
        return _percent(self.early + self.on_time, self.finished)

    @property
    def online_rate(self) -> float | None:
        """Decision 766, online service: the share of received dossiers that came online (%)."""
        return _percent(self.received_online, self.received)

    @property
    def satisfaction_rate(self) -> float | None:
        """Decision 766, satisfaction: the share of ratings that say "satisfied" (%)."""
        return _percent(self.satisfied, self.rated)

    def value(self, key: str) -> int | float | None:
        """A count or a rate by its column key."""
        return getattr(self, key)

    def as_dict(self) -> dict[str, int | float | None]:
        """Every column, counts and rates, keyed as in ``COLUMNS``."""
        return {key: self.value(key) for key, _, _ in COLUMNS}


FIGURE_NAMES = tuple(f.name for f in fields(Figures))


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


COLUMNS: tuple[tuple[str, str, str], ...] = (  # key, Vietnamese heading, English heading: table, CSV, XLSX, JSON
    ("carried_over", "Kỳ trước chuyển qua", "Carried over"),
    ("received", "Tiếp nhận trong kỳ", "Received in the period"),
    ("received_in_person", "Trong đó trực tiếp (kênh 1)", "of which in person (channel 1)"),
    ("received_online", "Trong đó trực tuyến (kênh 2)", "of which online (channel 2)"),
    ("received_postal", "Trong đó qua bưu chính (kênh 3)", "of which by post (channel 3)"),
    ("online_submitted", "Nộp trực tuyến", "Submitted online"),
    ("finished", "Đã giải quyết", "Finished"),
    ("early", "Trước hạn", "Early"),
    ("on_time", "Đúng hạn", "On time"),
    ("late", "Quá hạn", "Late"),
    ("returned_by_post", "Trả kết quả qua bưu chính", "Result returned by post"),
    ("in_progress", "Đang giải quyết cuối kỳ", "In progress at the end"),
    ("stopped", "Dừng giải quyết", "Stopped"),
    ("overdue_now", "Đang quá hạn hiện nay", "Overdue now"),
    ("supplement_requests", "Lượt yêu cầu bổ sung", "Supplement requests"),
    ("supplement_dossiers", "Hồ sơ phải bổ sung", "Dossiers asked to supplement"),
    ("refused_at_intake", "Từ chối tiếp nhận", "Refused at intake"),
    ("refused_after_review", "Trả lời không giải quyết", "Refused after review"),
    ("rated", "Lượt đánh giá", "Ratings"),
    ("satisfied", "Hài lòng", "Satisfied"),
    ("fees_paid", "Hồ sơ đã nộp phí, lệ phí", "Dossiers that paid fees"),
    ("fees_collected", "Phí, lệ phí đã thu (đồng)", "Fees collected (VND)"),
    ("fees_exempt", "Hồ sơ được miễn phí, lệ phí", "Dossiers exempt from fees"),
    ("fees_exempted", "Phí, lệ phí được miễn (đồng)", "Fees exempted (VND)"),
    ("fees_owed", "Hồ sơ chưa nộp phí cuối kỳ", "Fees still owed at the end (dossiers)"),
    ("on_time_rate", "Tỷ lệ trước hạn, đúng hạn (%)", "Early or on time (%)"),
    ("online_rate", "Tỷ lệ tiếp nhận trực tuyến (%)", "Received online (%)"),
    ("satisfaction_rate", "Tỷ lệ hài lòng (%)", "Satisfied (%)"),
)
RATES = ("on_time_rate", "online_rate", "satisfaction_rate")


def heading(key: str, locale: str = "vi") -> str:
    """A column's heading in the reader's language."""
    for column, vi, en in COLUMNS:
        if column == key:
            return en if locale == "en" else vi
    raise KeyError(key)


@dataclass(frozen=True)
class ProcedureLine:
    """One procedure's figures in one unit."""

    slug: str
    code: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class UnitSection:
    """A unit's total and its procedures' lines (only procedures with something to count)."""

    code: str
    name: str
    figures: Figures
    procedures: list[ProcedureLine] = field(default_factory=list)


@dataclass(frozen=True)
class ReportRequest:
    """What a reader asks for: a period (local dates, both included), optionally one unit and one procedure."""

    date_from: date
    date_to: date
    unit: str | None = None
    procedure: str | None = None


@dataclass(frozen=True)
class Report:
    """What the page, the exports and the API show, with the choices the reader's filters may take."""

    request: ReportRequest
    generated_at: datetime
    sections: list[UnitSection]
    total: Figures
    unit_choices: list[tuple[str, str]]  # what this reader may pick (code, name)
    procedure_choices: list[tuple[str, str]]  # (slug, name)
    rolled_up: bool = False  # closed days read from the daily roll-up (False: everything counted live)
    read_from: str = "primary"  # replica, primary (no replica configured) or fallback (the replica was down)
    lag_seconds: float | None = None  # how far the replica was behind the primary when read
    live_days: tuple[date, ...] = ()  # closed days counted live although the roll-up answered (not built, dirty)

    def source(self) -> dict[str, Any]:
        """Which path answered and for which days, and which database with what lag: an API client can tell a
        figure that may still move (counted live, or read off a lagging replica) from one that is settled."""
        today = self.generated_at.astimezone(VN_TZ).date()
        period = [self.request.date_from + timedelta(days=i)
                  for i in range((self.request.date_to - self.request.date_from).days + 1)]
        live = set(self.live_days) | {d for d in period if d >= today} if self.rolled_up else set(period)
        return {
            "path": "rollup" if self.rolled_up else "live",
            "rolled_up_days": _runs([d for d in period if d not in live]),
            "live_days": _runs(sorted(d for d in live if self.request.date_from <= d <= self.request.date_to)),
            # days before the period counted live: they feed only the dossiers carried over into it
            "live_days_before": _runs(sorted(d for d in live if d < self.request.date_from)),
            "database": self.read_from,
            "replica_lag_seconds": self.lag_seconds if self.read_from == "replica" else None,
        }

    def as_json(self) -> dict[str, Any]:
        """The report as the API gives it: the same figures as the page and the exports."""
        return {
            "period": {"from": self.request.date_from.isoformat(), "to": self.request.date_to.isoformat(),
                       "time_zone": "Asia/Ho_Chi_Minh"},
            "unit": self.request.unit, "procedure": self.request.procedure,
            "generated_at": self.generated_at.isoformat(),
            "columns": [{"key": key, "vi": vi, "en": en} for key, vi, en in COLUMNS],
            "units": [{"code": s.code, "name": s.name, "figures": s.figures.as_dict(),
                       "procedures": [{"slug": p.slug, "code": p.code, "name": p.name, "figures": p.figures.as_dict()}
                                      for p in s.procedures]} for s in self.sections],
            "total": self.total.as_dict(),
            "source": self.source(),
        }


def _runs(days: list[date]) -> list[dict[str, str]]:
    """Sorted days as runs of consecutive days, each {"from", "to"} (both included)."""
    runs: list[list[date]] = []
    for day in days:
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [{"from": first.isoformat(), "to": last.isoformat()} for first, last in runs]


def parse_date(value: str, field_name: str) -> date:
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # a period the register can hold, with room for time zones
            raise InvalidReportRequest(field_name, "out_of_range", value=value, first=FIRST_YEAR, last=LAST_YEAR)
        return day
    raise InvalidReportRequest(field_name, "not_a_date", value=value)


def parse_request(runtime: Runtime, args: dict[str, str]) -> ReportRequest:
    """The reader's filters, from a query string; the period defaults to this month up to today."""
    today = runtime.clock.now().astimezone(VN_TZ).date()
    date_from = parse_date(args["from"], "from") if args.get("from", "").strip() else today.replace(day=1)
    date_to = parse_date(args["to"], "to") if args.get("to", "").strip() else today
    if date_to < date_from:
        raise InvalidReportRequest("to", "ends_before_start", start=f"{date_from:%d/%m/%Y}", end=f"{date_to:%d/%m/%Y}")
    procedure = args.get("procedure", "").strip() or None
    if procedure is not None and procedure not in _service_procedures(runtime):
        raise InvalidReportRequest("procedure", "unknown_procedure", procedure=procedure)
    return ReportRequest(date_from, date_to, args.get("unit", "").strip() or None, procedure)


def _service_procedures(runtime: Runtime) -> dict[str, Any]:
    return {slug: loaded.procedure for slug, loaded in runtime.pack.procedures.items()
            if loaded.procedure.is_public_service}


def _subtree(units: list[Unit], root_id: int) -> list[Unit]:
    """A unit and every unit under it, at any depth."""
    found, frontier = [], [root_id]
    by_id = {u.id: u for u in units}
    while frontier:
        current = frontier.pop()
        if current in by_id and by_id[current] not in found:
            found.append(by_id[current])
            frontier.extend(u.id for u in units if u.parent_id == current)
    return found


def readable_units(uow: UnitOfWorkPort, user: User) -> list[Unit]:
    """Units whose report the user may read: where they lead or administer, and every unit under those."""
    units = list(uow.units.all())
    readable: dict[int, Unit] = {}
    for membership in user.memberships:
        if membership.role in READER_ROLES:
            readable.update({u.id: u for u in _subtree(units, membership.unit_id)})
    return sorted(readable.values(), key=lambda u: (u.kind == "province", u.name))


def _live_counts(uow: UnitOfWorkPort, unit_ids: list[int], slugs: list[str],
                 window: Window) -> dict[tuple[int, str], dict[str, int]]:
    """Every figure counted from the register, the event log and the fees over the whole period."""
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for partial in (uow.reporting.dossier_counts(unit_ids, slugs, window),
                    uow.reporting.event_counts(unit_ids, slugs, window),
                    uow.reporting.fee_counts(unit_ids, slugs, window)):
        for key, values in partial.items():
            counts.setdefault(key, {}).update(values)
    return counts


def _sum(figures: Iterable[Figures]) -> Figures:
    """Figures added up name by name (one Figures made, not one per term)."""
    totals = dict.fromkeys(FIGURE_NAMES, 0)
    for one in figures:
        for name in FIGURE_NAMES:
            totals[name] += getattr(one, name)
    return Figures(**totals)


def _figures(values: dict[str, int]) -> Figures:
    return Figures(**{name: values.get(name, 0) for name in FIGURE_NAMES})


def reader_units(uow: UnitOfWorkPort, user_id: int, unit: str | None) -> tuple[User, list[Unit], list[Unit]]:
    """The reader, the units they may read, and those of them asked for (a unit and every unit under it, or all
    when ``unit`` is None); Forbidden for a reader of nothing or of another unit (the heat map shares this)."""
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound("user.not_found")
    readable = readable_units(uow, user)
    if not readable:
        raise Forbidden("report.roles_only")
    if unit is None:
        return user, readable, readable
    chosen = next((u for u in readable if u.code == unit), None)
    if chosen is None:
        if uow.units.by_code(unit) is None:
            raise InvalidReportRequest("unit", "unknown_unit", unit=unit)
        raise Forbidden("report.unit_forbidden", unit=unit)
    subtree = _subtree(readable, chosen.id)
    return user, readable, [u for u in readable if u in subtree]


def period(request: ReportRequest, now: datetime) -> Window:
    """The request's local dates as the half-open window the store counts in."""
    return Window(start=datetime.combine(request.date_from, time(0), VN_TZ),
                  end=datetime.combine(request.date_to + timedelta(days=1), time(0), VN_TZ), now=now)


def build(runtime: Runtime, user_id: int, request: ReportRequest, locale: str = "vi", live: bool = False) -> Report:
    """The report a reader asked for, if they may read those units: closed days from the daily roll-up and today
    counted live (``store/report_rollup.py``), or everything counted live when ``live`` is asked for or the
    roll-up does not yet cover the period (being backfilled or redefined). Read off the replica when there is one
    (``Runtime.read``), saying which database answered and how far behind the primary it was."""
    def work(uow: ReadUnitOfWork) -> Report:
        _user, readable, units = reader_units(uow, user_id, request.unit)
        procedures = _service_procedures(runtime)
        slugs = [request.procedure] if request.procedure else list(procedures)
        now = runtime.clock.now()
        window = period(request, now)
        unit_ids = [u.id for u in units]
        rolled = None if live else uow.report_rollups.counts(
            Span(request.date_from, request.date_to, unit_ids, slugs, now.astimezone(VN_TZ).date()), now)
        counts = _live_counts(uow, unit_ids, slugs, window) if rolled is None else rolled.figures
        has_children = {u.parent_id for u in units}
        names = {slug: (p.code, p.name(locale), p.name_vi) for slug, p in procedures.items()}
        by_unit: dict[int, list[ProcedureLine]] = {}
        for (unit_id, slug), values in counts.items():  # one pass: a province's year has a thousand lines
            if any(values.values()):
                by_unit.setdefault(unit_id, []).append(
                    ProcedureLine(slug, names[slug][0], names[slug][1], _figures(values)))
        sections = []
        for unit in units:
            lines = by_unit.get(unit.id, [])
            if not lines and unit.id in has_children:
                continue  # a province or district with no dossiers of its own: its communes have the lines
            lines.sort(key=lambda line: names[line.slug][2])  # the catalogue's order in every language
            sections.append(UnitSection(unit.code, unit.name, _sum(line.figures for line in lines), lines))
        return Report(
            request=request, generated_at=now, sections=sections,
            total=_sum(s.figures for s in sections),
            unit_choices=[(u.code, u.name) for u in readable],
            procedure_choices=sorted(((slug, p.name(locale)) for slug, p in procedures.items()),
                                     key=lambda choice: choice[1]),
            rolled_up=rolled is not None, read_from=uow.source, lag_seconds=uow.lag_seconds(),
            live_days=tuple(rolled.live_days) if rolled is not None else (),
        )
    return runtime.read(work)
