"""Trial steps: the counter queue, in English and Vietnamese.

A busy day is replayed as a discrete-event simulation on the trial's frozen clock: citizens take
numbers at the real kiosk service, clerks call them with the real counter services, and each call
ends with the real intake (a dossier started and received through the reception clerk's task).
The figures the steps check come from the real queue report.
"""
from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from features.steps.land_change import receive_data
from motcua.domain.clock import VN_TZ
from motcua.services import queue
from motcua.services.demo import DEMO_PASSWORD
from motcua.services.people import add_user, holders
from motcua.services.queue_report import QueueReport, queue_report
from motcua.trial.failures import expect

from .trial import Trial

RECEIVE_TASK = "Tiếp nhận, kiểm tra hồ sơ"
SERVICE_MINUTES = (4.0, 8.0)  # see arrive_and_are_served
SEED = 20250626  # the Lạng Sơn trial day: the same arrivals on every run
COUNTERS_NOT_OVER_HTTP = {
    "vi": "mở n quầy cần n cán bộ tiếp nhận của đơn vị (tệp tài khoản chỉ ghi một người mỗi vai trò), và một ngày "
          "mô phỏng dời đồng hồ theo từng lượt đến, lượt tiếp nhận của hàng trăm người: đó là mô hình ngày làm việc, "
          "chạy trong máy (`motcua trial`), chưa làm qua trang web.",
    "en": "opening n counters needs n reception clerks of the unit (the accounts file names one per role), and a "
          "simulated day moves the clock for each of hundreds of arrivals and services: a model of the day, run "
          "in-process (`motcua trial`), not yet through the web pages.",
}


@dataclass
class CounterFloor:
    """The scenario's counters: who sits at which number, and what the simulated day produced."""

    unit: str = ""
    clerks: list[str] = field(default_factory=list)  # usernames; clerk i sits at counter i + 1
    arrivals: dict[int, datetime] = field(default_factory=dict)  # dossier id -> when its citizen took a number


@pytest.fixture
def counter_floor() -> CounterFloor:
    """The counters of the scenario, empty until a step opens them."""
    return CounterFloor()


def _user_id(trial: Trial, username: str) -> int:
    return trial.desk.user_id(username)


# --- the world -------------------------------------------------------------------------------------------

@given(parsers.parse('the counters of "{unit}" open at {hour} with {n:d} reception clerks'))
@given(parsers.parse('các quầy của "{unit}" mở lúc {hour} với {n:d} cán bộ tiếp nhận'))
def counters_open(trial: Trial, counter_floor: CounterFloor, unit: str, hour: str, n: int) -> None:
    """The unit has n reception clerks (created if missing); each opens counter 1..n for every service group,
    at that hour of the scenario's day."""
    trial.in_process(COUNTERS_NOT_OVER_HTTP)
    code = trial.unit(unit)
    clerks = holders(trial.runtime, code, "reception")
    for i in range(len(clerks), n):
        username = f"reception.{code}.{i + 1}"
        add_user(trial.runtime, username, f"Cán bộ tiếp nhận {i + 1} {unit}", DEMO_PASSWORD, [(code, "reception")])
        clerks.append(username)
    day = trial.runtime.clock.now().date()
    trial.at(datetime.combine(day, datetime.strptime(hour, "%H:%M").time(), tzinfo=VN_TZ))
    letters = [g.letter for g in trial.runtime.pack.queue.for_unit(code)]
    counter_floor.unit, counter_floor.clerks = code, clerks[:n]
    for number, username in enumerate(counter_floor.clerks, start=1):
        queue.open_counter(trial.runtime, _user_id(trial, username), code, number, letters)


# --- a day at the counters -------------------------------------------------------------------------------

def _arrival_times(trial: Trial, visits: int, first: datetime, last: datetime, rng: random.Random) -> list[datetime]:
    """Arrivals at random (uniform order statistics: a Poisson process with that many arrivals) over the office
    hours between two moments; nobody comes while the office is closed for lunch."""
    calendar = trial.runtime.pack.calendar
    span = calendar.working_seconds_between(first, last)
    return [calendar.add_working_seconds(first, offset) for offset in sorted(rng.uniform(0, span)
                                                                             for _ in range(visits))]


@when(parsers.parse('{visits:d} citizens arrive between {first} and {last}, each with a "{procedure}"'))
@when(parsers.parse('{visits:d} công dân đến từ {first} đến {last}, mỗi người nộp hồ sơ "{procedure}"'))
def arrive_and_are_served(trial: Trial, counter_floor: CounterFloor, visits: int, first: str, last: str,
                          procedure: str) -> None:
    """Replay the day: each citizen takes a number of the procedure's group at the kiosk; a free clerk calls the
    oldest waiting number; the intake ends the service, and the clerk calls the next number.

    Assumptions, stated so a tester can argue with them:
    - arrivals fall at random over the office hours between the two times (none during the lunch break), the
      same arrivals on every run (a fixed seed);
    - receiving one complete dossier at the counter (papers checked against the list, applicant and parcel typed,
      receipt and appointment slip printed) takes between 4 and 8 minutes, uniformly (6 on average);
    - a citizen walks to the counter as soon as called (no one is absent);
    - clerks call while anyone with a number waits, also past 11:30 or 17:00: everyone given a number that
      session is received; a dossier received after closing counts from the next working day, as the rules say.
    """
    expect(counter_floor.clerks, trial.language, "counters_closed")
    runtime, code = trial.runtime, counter_floor.unit
    loaded = runtime.pack.find(procedure)
    letter = runtime.pack.queue.group_for_field(code, loaded.procedure.field).letter
    day = runtime.clock.now().date()
    start, end = (datetime.combine(day, datetime.strptime(t, "%H:%M").time(), tzinfo=VN_TZ) for t in (first, last))
    rng = random.Random(SEED)  # noqa: S311 - a reproducible simulated day, not a secret
    events: list[tuple[datetime, int, str, int]] = []  # (when, order, what, clerk index or -1)
    for order, moment in enumerate(_arrival_times(trial, visits, start, end, rng)):
        heapq.heappush(events, (moment, order, "arrive", -1))
    order = visits
    idle = list(range(len(counter_floor.clerks)))
    ids = [_user_id(trial, username) for username in counter_floor.clerks]
    serving: dict[int, queue.TicketView] = {}

    def call(clerk: int, now: datetime) -> bool:
        nonlocal order
        called = queue.call_next(runtime, ids[clerk], code)
        if called is None:
            return False
        serving[clerk] = called
        order += 1
        heapq.heappush(events, (now + timedelta(minutes=rng.uniform(*SERVICE_MINUTES)), order, "done", clerk))
        return True

    while events:
        moment, _, what, clerk = heapq.heappop(events)
        trial.at(moment)
        if what == "arrive":
            queue.issue_ticket(runtime, code, letter)
            if idle and call(idle[0], moment):
                idle.pop(0)
            continue
        ticket = serving.pop(clerk)
        dossier = _receive(trial, counter_floor.clerks[clerk], code, loaded.procedure.slug)
        counter_floor.arrivals[dossier] = ticket.issued_at
        queue.finish(runtime, ids[clerk], code, "served", ticket.id)
        if not call(clerk, moment):
            idle.append(clerk)
            idle.sort()


def _receive(trial: Trial, clerk: str, unit_code: str, slug: str) -> int:
    """The intake at the counter, through the same services the clerk's pages call."""
    dossier = trial.desk.start(clerk, unit_code, slug)
    trial.desk.do(clerk, RECEIVE_TASK, receive_data(parcel_unit=unit_code), dossier)
    trial.dossiers.append(dossier)
    trial.dossier_id = dossier
    return dossier


# --- one citizen, one clerk ------------------------------------------------------------------------------

@when(parsers.parse('a citizen takes a number for "{group}" at "{unit}"'))
@when(parsers.parse('công dân lấy số thứ tự nhóm "{group}" tại "{unit}"'))
def take_number(trial: Trial, group: str, unit: str) -> None:
    """The kiosk issues a number of a group, named by its letter or its name ("Đất đai")."""
    code = trial.unit(unit)
    letters = [g.letter for g in trial.runtime.pack.queue.for_unit(code) if group in (g.letter, g.name_vi, g.name_en)]
    groups = ", ".join(f"«{g.letter}» ({g.name_vi})" for g in trial.runtime.pack.queue.for_unit(code))
    expect(letters, trial.language, "no_group", unit=unit, group=group, groups=groups)
    queue.issue_ticket(trial.runtime, code, letters[0])


@when(parsers.parse('the reception clerk at counter {number:d} of "{unit}" calls the next number'))
@when(parsers.parse('cán bộ tại quầy {number:d} của "{unit}" gọi số tiếp theo'))
def call_next(trial: Trial, counter_floor: CounterFloor, number: int, unit: str) -> None:
    """The clerk sitting at that counter presses "next"."""
    username = counter_floor.clerks[number - 1]
    queue.call_next(trial.runtime, _user_id(trial, username), trial.unit(unit))


@then(parsers.parse('the display of "{unit}" shows "{ticket}" called to counter {number:d}'))
@then(parsers.parse('màn hình của "{unit}" hiện số "{ticket}" mời đến quầy {number:d}'))
def display_shows(trial: Trial, unit: str, ticket: str, number: int) -> None:
    """The newest call on the waiting room's screen."""
    calls = queue.display(trial.runtime, trial.unit(unit)).calls
    shown = f"«{calls[0].number}» → {calls[0].counter}" if calls else "-"
    expect(calls and (calls[0].number, calls[0].counter) == (ticket, number), trial.language, "display", unit=unit,
           found=shown, ticket=ticket, number=number)


# --- what the trial checks ---------------------------------------------------------------------------------

def _report(trial: Trial, unit: str) -> QueueReport:
    code = trial.unit(unit)
    clerk = holders(trial.runtime, code, "reception")[0]
    return queue_report(trial.runtime, _user_id(trial, clerk), code)


@then(parsers.parse('nobody waits longer than {minutes:d} minutes at "{unit}"'))
@then(parsers.parse('không ai phải chờ quá {minutes:d} phút tại "{unit}"'))
def nobody_waits_long(trial: Trial, unit: str, minutes: int) -> None:
    """Every number of the day was called, the longest wait (issue to first call) within the limit."""
    total = _report(trial, unit).total
    expect(total.not_called == 0, trial.language, "not_called", n=total.not_called)
    longest = total.waiting.maximum or 0
    expect(longest <= minutes * 60, trial.language, "long_wait", longest=f"{longest / 60:.1f}", limit=minutes,
           average=f"{(total.waiting.average or 0) / 60:.1f}", p90=f"{(total.waiting.p90 or 0) / 60:.1f}")


@then(parsers.parse('every dossier received at "{unit}" is due on time'))
@then(parsers.parse('mọi hồ sơ tiếp nhận tại "{unit}" đều có hẹn trả đúng thời hạn'))
def dossiers_due_on_time(trial: Trial, counter_floor: CounterFloor, unit: str) -> None:
    """Each citizen's dossier was received the day they took their number, with its appointment at the statutory
    time counted from the receipt (the working-day rules), and none is at risk."""
    expect(counter_floor.arrivals, trial.language, "none_received")
    calendar = trial.runtime.pack.calendar
    clerk = holders(trial.runtime, trial.unit(unit), "reception")[0]
    for dossier_id, arrived in counter_floor.arrivals.items():
        view = trial.desk.dossier(dossier_id, clerk).dossier
        procedure = trial.runtime.pack.get(view.procedure_slug).procedure
        expect(view.received_at is not None and view.received_at.date() == arrived.date(), trial.language,
               "received_later", code=view.code, arrived=f"{arrived:%d/%m %H:%M}",
               received=f"{view.received_at:%d/%m %H:%M}" if view.received_at else "-")
        assert view.received_at is not None
        expected = calendar.due_at(view.received_at, days=procedure.processing_days,
                                   hours=procedure.processing_hours, same_day_until=procedure.same_day_until)
        expect(view.due_at == expected, trial.language, "due_wrong", code=view.code,
               found=f"{view.due_at:%d/%m/%Y %H:%M}" if view.due_at else "-", wanted=f"{expected:%d/%m/%Y %H:%M}")
        expect(view.at_risk is None, trial.language, "marked", code=view.code, risk=view.at_risk)
