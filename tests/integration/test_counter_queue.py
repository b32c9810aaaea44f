"""The counter queue through its services on a real database: kiosk, counters, display and report."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from motcua.domain.clock import FixedClock
from motcua.services import queue
from motcua.services.errors import Conflict, Forbidden, NotFound
from motcua.services.people import add_user
from motcua.services.queue_report import BadPeriod, queue_report
from motcua.services.runtime import Runtime

LONG_AN = "80001"


def user(runtime: Runtime, username: str) -> int:
    with runtime.uow() as uow:
        return uow.users.by_username(username).id


def second_clerk(runtime: Runtime) -> int:
    add_user(runtime, "tiepnhan2.longan", "Cán bộ tiếp nhận 2", "motcua-demo", [(LONG_AN, "reception")])
    return user(runtime, "tiepnhan2.longan")


def test_tickets_are_numbered_per_group_and_day_and_know_who_is_ahead(runtime: Runtime, clock: FixedClock) -> None:
    issued = [queue.issue_ticket(runtime, LONG_AN, letter).number for letter in "AABAC"]
    assert issued == ["A-001", "A-002", "B-001", "A-003", "C-001"]
    third = queue.issue_ticket(runtime, LONG_AN, "A")
    assert (third.number, third.ahead, third.group_name, third.issued_at) == ("A-004", 3, "Đất đai", clock.now())
    assert queue.issue_ticket(runtime, "80002", "A").number == "A-001"  # each unit counts its own

    clock.set(datetime(2025, 11, 25, 7, 30))
    assert queue.issue_ticket(runtime, LONG_AN, "A").number == "A-001"  # a new day starts again at 1
    assert queue.ticket(runtime, third.id).ahead == 3  # yesterday's ticket still shows its own queue


def test_the_kiosk_issues_numbers_only_in_office_hours_of_a_working_day(runtime: Runtime, clock: FixedClock) -> None:
    for moment in (datetime(2025, 11, 24, 7, 29), datetime(2025, 11, 24, 17, 0), datetime(2025, 11, 22, 9, 0),
                   datetime(2025, 9, 2, 9, 0)):  # before opening, at closing, a Saturday, National Day
        clock.set(moment)
        with pytest.raises(queue.QueueClosed, match="from 07:30 to 17:00"):
            queue.issue_ticket(runtime, LONG_AN, "A")
    clock.set(datetime(2025, 11, 24, 12, 0))  # the lunch break: citizens may take a number and wait
    assert queue.issue_ticket(runtime, LONG_AN, "A").number == "A-001"
    with pytest.raises(NotFound, match="has no service group Z") as unknown:
        queue.issue_ticket(runtime, LONG_AN, "Z")
    assert (unknown.value.code, unknown.value.params["group"]) == ("queue.group_not_found", "Z")
    with pytest.raises(NotFound):
        queue.issue_ticket(runtime, "99999", "A")


def test_only_a_reception_clerk_of_the_unit_works_its_counters(runtime: Runtime) -> None:
    with pytest.raises(Forbidden):
        queue.open_counter(runtime, user(runtime, "chuyenvien.longan"), LONG_AN, 1, ["A"])
    with pytest.raises(Forbidden):
        queue.open_counter(runtime, user(runtime, "tiepnhan.kientuong"), LONG_AN, 1, ["A"])
    with pytest.raises(Forbidden):
        queue.call_next(runtime, user(runtime, "tiepnhan.kientuong"), LONG_AN)
    with pytest.raises(Conflict, match="Open a counter of Phường Long An first"):
        queue.call_next(runtime, user(runtime, "tiepnhan.longan"), LONG_AN)


def test_a_counter_is_held_by_one_clerk_and_refuses_bad_numbers_by_field(runtime: Runtime) -> None:
    clerk, other = user(runtime, "tiepnhan.longan"), second_clerk(runtime)
    with pytest.raises(queue.CounterRefused) as refused:
        queue.open_counter(runtime, clerk, LONG_AN, 0, [])
    assert refused.value.problems == [("counter", "number_range"), ("groups", "no_groups")]
    desk = queue.open_counter(runtime, clerk, LONG_AN, 1, ["C", "A"])
    assert (desk.number, desk.groups, desk.current) == (1, ("A", "C"), None)
    with pytest.raises(Conflict, match="Counter 1 is open by Cán bộ tiếp nhận Phường Long An"):
        queue.open_counter(runtime, other, LONG_AN, 1, ["B"])
    assert queue.open_counter(runtime, clerk, LONG_AN, 3, ["A"]).number == 3  # moving frees counter 1
    assert queue.open_counter(runtime, other, LONG_AN, 1, ["B"]).number == 1


def test_clerks_call_the_oldest_ticket_of_their_groups_recall_serve_and_mark_absent(
        runtime: Runtime, clock: FixedClock) -> None:
    clerk, other = user(runtime, "tiepnhan.longan"), second_clerk(runtime)
    for letter in "ABA":
        queue.issue_ticket(runtime, LONG_AN, letter)
        clock.advance(timedelta(minutes=1))
    queue.open_counter(runtime, clerk, LONG_AN, 1, ["A"])
    queue.open_counter(runtime, other, LONG_AN, 2, ["B", "A"])

    first = queue.call_next(runtime, clerk, LONG_AN)
    assert (first.number, first.counter, first.status, first.called_at) == ("A-001", 1, "called", clock.now())
    b = queue.call_next(runtime, other, LONG_AN)
    assert b.number == "B-001"  # the oldest of counter 2's groups: B-001 was issued before A-002

    clock.advance(timedelta(minutes=2))
    again = queue.recall(runtime, clerk, LONG_AN, first.id)
    assert (again.calls, again.called_at) == (2, first.called_at)  # a recall does not restart the wait
    assert queue.display(runtime, LONG_AN).calls[0].number == "A-001"  # the recall is the newest call

    clock.advance(timedelta(minutes=3))
    with pytest.raises(Conflict, match="already called A-001"):
        queue.call_next(runtime, clerk, LONG_AN, seen=b.id)  # a stale page must not serve A-001
    second = queue.call_next(runtime, clerk, LONG_AN, seen=first.id)
    assert second.number == "A-002"
    assert queue.ticket(runtime, first.id).status == "served"  # "next" ended A-001
    assert queue.ticket(runtime, first.id).finished_at == clock.now()
    absent = queue.finish(runtime, clerk, LONG_AN, "no_show", second.id)
    assert absent.status == "no_show"
    assert queue.call_next(runtime, clerk, LONG_AN) is None  # counter 1 serves only A: nobody left

    with pytest.raises(Conflict, match="B-001 is still at counter 2"):
        queue.close_counter(runtime, other, LONG_AN)
    queue.finish(runtime, other, LONG_AN, "served")
    queue.close_counter(runtime, other, LONG_AN)

    shown = queue.display(runtime, LONG_AN)
    assert [(c.number, c.counter, c.status) for c in shown.calls] == [
        ("A-002", 1, "no_show"), ("A-001", 1, "served"), ("B-001", 2, "served")]
    assert shown.counters == ((1, None),)
    assert shown.as_json()["waiting"] == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 0}


def test_yesterdays_waiting_tickets_are_not_called_today(runtime: Runtime, clock: FixedClock) -> None:
    clerk = user(runtime, "tiepnhan.longan")
    queue.issue_ticket(runtime, LONG_AN, "A")
    clock.set(datetime(2025, 11, 25, 7, 45))
    queue.open_counter(runtime, clerk, LONG_AN, 1, ["A"])
    assert queue.call_next(runtime, clerk, LONG_AN) is None
    today = queue.issue_ticket(runtime, LONG_AN, "A")
    assert queue.call_next(runtime, clerk, LONG_AN).id == today.id


def test_the_report_gives_waiting_and_service_times_per_counter_and_group(runtime: Runtime, clock: FixedClock) -> None:
    """Ten tickets with known timings: waits of 1..10 minutes at counter 1, service of 2 or 4 minutes."""
    clerk, other = user(runtime, "tiepnhan.longan"), second_clerk(runtime)
    start = datetime(2025, 11, 24, 8, 0)
    clock.set(start)
    queue.open_counter(runtime, clerk, LONG_AN, 1, ["A"])
    queue.open_counter(runtime, other, LONG_AN, 2, ["B"])
    tickets = []
    for i in range(10):  # A tickets issued 08:00, 08:10 …; each called i+1 minutes after issue
        clock.set(start + timedelta(minutes=10 * i))
        tickets.append(queue.issue_ticket(runtime, LONG_AN, "A"))
        clock.advance(timedelta(minutes=i + 1))
        assert queue.call_next(runtime, clerk, LONG_AN).id == tickets[-1].id
        clock.advance(timedelta(minutes=2 if i % 2 == 0 else 4))
        queue.finish(runtime, clerk, LONG_AN, "served" if i != 9 else "no_show")
    clock.set(datetime(2025, 11, 24, 10, 0))
    queue.issue_ticket(runtime, LONG_AN, "B")  # B-001 waits 30 minutes, served in 6
    clock.advance(timedelta(minutes=30))
    queue.call_next(runtime, other, LONG_AN)
    clock.advance(timedelta(minutes=6))
    queue.finish(runtime, other, LONG_AN, "served")
    queue.issue_ticket(runtime, LONG_AN, "B")  # B-002 is still waiting: not called

    report = queue_report(runtime, clerk, LONG_AN)
    counter_1, counter_2 = report.by_counter
    assert (counter_1.label, counter_1.tickets, counter_1.served, counter_1.no_show) == ("Quầy 1", 10, 9, 1)
    assert counter_1.waiting.minutes() == {"count": 10, "average": 5.5, "p90": 9.0, "max": 10.0}
    # served: i = 0..8 → 2,4,2,4,2,4,2,4,2 minutes (the absent tenth has no service time)
    assert counter_1.service.minutes() == {"count": 9, "average": 2.9, "p90": 4.0, "max": 4.0}
    assert counter_2.waiting.minutes() == {"count": 1, "average": 30.0, "p90": 30.0, "max": 30.0}
    group_a, group_b = report.by_group
    assert (group_a.label, group_a.tickets, group_b.label, group_b.tickets, group_b.not_called) == (
        "A · Đất đai", 10, "B · Hộ tịch", 2, 1)
    assert (report.total.tickets, report.total.served, report.total.no_show, report.total.not_called) == (12, 10, 1, 1)
    assert report.total.waiting.maximum == 30 * 60
    api = report.as_json()
    assert api["period"] == {"from": "2025-11-24", "to": "2025-11-24"}
    assert api["by_counter"][0]["waiting_minutes"]["p90"] == 9.0

    assert queue_report(runtime, clerk, LONG_AN, datetime(2025, 11, 25).date()).total.tickets == 0
    assert queue_report(runtime, user(runtime, "lanhdao.longan"), LONG_AN).total.tickets == 12
    with pytest.raises(Forbidden):
        queue_report(runtime, user(runtime, "chuyenvien.longan"), LONG_AN)
    with pytest.raises(BadPeriod, match="The end of the period is before its start") as backwards:
        queue_report(runtime, clerk, LONG_AN, datetime(2025, 11, 24).date(), datetime(2025, 11, 1).date())
    assert (backwards.value.field, backwards.value.code) == ("to", "period.ends_before_start")
