"""Today's heat map figures kept by the process (``services/live_day.py``): after each kind of change they equal
a walk of every dossier that moved today, while only the dossiers that moved since the last read are walked."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from features.steps.land_change import receive_data
from motcua.domain.clock import VN_TZ
from motcua.services import heatmap, versions
from motcua.services.people import add_user
from motcua.services.runtime import Runtime
from motcua.services.step_rollup import ROLLUP, DayFigures, day_figures
from motcua.services.steps import move_to_version
from motcua.trial.desk import Desk
from tests.support import heatmap_data
from tests.support.heatmap_data import NOW, PERIOD, Task
from tests.support.runtimes import PROJECT_ROOT

ORIGINAL = (PROJECT_ROOT / "bpmn" / "land_change.bpmn").read_text(encoding="utf-8")


def _version(runtime: Runtime) -> int:
    with runtime.read_uow() as uow:
        version = uow.versions.latest("land_change")
        assert version is not None
        return version.id


def kept(runtime: Runtime, version: int | None = None) -> DayFigures:
    """Today's figures as the process keeps them (what the heat map reads)."""
    version = version or _version(runtime)
    with runtime.read_uow() as uow:
        return runtime.today.figures(uow.step_rollups, ROLLUP.routes, runtime.pack.calendar, version,
                                     runtime.clock.now())


def walked_whole(runtime: Runtime, version: int | None = None) -> DayFigures:
    """Today's figures from a walk of every dossier that moved today (what the heat map read before)."""
    now, version = runtime.clock.now(), version or _version(runtime)
    with runtime.read_uow() as uow:
        return day_figures(uow.step_rollups, ROLLUP.routes, runtime.pack.calendar, now.astimezone(VN_TZ).date(), now,
                           [version])


def same(a: DayFigures, b: DayFigures) -> bool:
    def order(figures: DayFigures) -> list:
        return sorted(figures.stays, key=lambda s: (s.dossier_id, s.entered_at, s.element))
    return (a.steps, a.flows, a.transit, order(a)) == (b.steps, b.flows, b.transit, order(b))


@pytest.fixture
def province(runtime: Runtime) -> dict[str, int]:
    add_user(runtime, "lanhdao.tinh", "Lãnh đạo tỉnh", "motcua-demo", [("80000", "leader")])
    return heatmap_data.load(runtime)


def test_kept_figures_follow_each_change_walking_only_what_moved(runtime: Runtime, province: dict) -> None:
    first = kept(runtime)
    assert same(first, walked_whole(runtime)) and first.steps  # T1 was received this morning
    assert runtime.today.walked == 1  # T1, the one dossier that moved today

    reader = Desk(runtime).user_id("lanhdao.longan")
    request = heatmap.parse_request(runtime, PERIOD)
    before = runtime.today.walked
    heatmap.build(runtime, reader, request)
    heatmap.build(runtime, reader, request)
    assert runtime.today.walked == before  # nothing moved: nothing walked again

    # a real dossier received at the desk: one more dossier walked, not the day again
    desk = Desk(runtime)
    desk.start("tiepnhan.longan", "80001")
    runtime.clock.set(NOW + timedelta(minutes=20))
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    before = runtime.today.walked
    assert same(kept(runtime), walked_whole(runtime))
    assert runtime.today.walked == before + 1
    reception = kept(runtime).steps
    assert sum(c.entered for (_u, _v, step), c in reception.items() if step == "reception") == 2

    # a dossier written now but dated early this morning (a correction, a test's data): seen by its ids
    early = datetime(2025, 11, 26, 8, 5, tzinfo=VN_TZ)
    heatmap_data.add_dossier(runtime, "80001", "T2", early, [Task("receive", 10)], ("verify", timedelta(days=3)))
    figures = kept(runtime)
    assert same(figures, walked_whole(runtime))
    assert sum(c.entered for (_u, _v, step), c in figures.steps.items() if step == "reception") == 3


def test_a_step_committed_after_the_marks_were_read_is_seen_by_its_time(runtime: Runtime, province: dict) -> None:
    kept(runtime)
    heatmap_data.add_dossier(runtime, "80001", "T3", NOW - timedelta(minutes=1), [Task("receive", 0.5)],
                             ("verify", timedelta(days=3)))
    # as if the reader had read its ids already (they were taken before the marks, committed after them)
    version = _version(runtime)
    with runtime.read_uow() as uow:
        runtime.today.kept[version].marks = uow.step_rollups.marks()
    assert same(kept(runtime), walked_whole(runtime))
    assert runtime.today.walked == 2


def test_a_new_day_is_walked_whole(runtime: Runtime, province: dict) -> None:
    kept(runtime)
    runtime.clock.set(NOW + timedelta(days=1))
    heatmap_data.add_dossier(runtime, "80001", "N1", NOW + timedelta(days=1, hours=-1), [Task("receive", 10)],
                             ("verify", timedelta(days=3)))
    figures = kept(runtime)
    assert same(figures, walked_whole(runtime))
    assert {step: c.entered for (_u, _v, step), c in figures.steps.items()} == {"reception": 1, "verify": 1}
    assert runtime.today.walked == 2  # T1 yesterday; today N1 alone, walked with the day whole


def test_a_dossier_moved_to_another_version_leaves_the_old_ones_figures(runtime: Runtime, province: dict) -> None:
    desk = Desk(runtime)
    moving = desk.start("tiepnhan.longan", "80001")
    runtime.clock.set(NOW + timedelta(minutes=20))
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), moving)
    old = _version(runtime)
    kept(runtime, old)
    assert moving in runtime.today.kept[old].shares

    new = versions.save_diagram(runtime, desk.user_id("quytrinh.tayninh"), "land_change",
                                ORIGINAL.replace('name="Thẩm định hồ sơ"', 'name="Thẩm định hồ sơ (quy trình mới)"'))
    assert move_to_version(runtime, moving, _version(runtime)) == []
    assert _version(runtime) != old and new.number == 2
    before = runtime.today.walked
    after = kept(runtime, old)  # within WALK_WHOLE_AFTER: brought up to date, not walked whole
    assert runtime.today.walked == before  # the moved dossier is dropped, not walked for the old version
    assert moving not in runtime.today.kept[old].shares
    assert same(after, walked_whole(runtime, old))
    assert same(kept(runtime), walked_whole(runtime)) and moving in runtime.today.kept[_version(runtime)].shares


def test_a_step_dated_later_today_is_walked_once_not_at_every_read(runtime: Runtime, province: dict) -> None:
    """A register written ahead of the clock (a generator, a correction keyed by hand) is seen by its ids when
    written; the time window, for transactions that committed late, ends at now."""
    kept(runtime)
    heatmap_data.add_dossier(runtime, "80001", "F1", NOW + timedelta(hours=1), [Task("receive", 0.5)],
                             ("verify", timedelta(days=3)))
    before = runtime.today.walked
    assert same(kept(runtime), walked_whole(runtime))
    assert runtime.today.walked == before + 1  # F1, by its ids
    assert same(kept(runtime), walked_whole(runtime))
    assert runtime.today.walked == before + 1  # not again: nothing moved
