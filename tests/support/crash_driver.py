"""A clerk office that never stops: start dossiers and work their tasks until killed.

Run by the crash test as ``python -m tests.support.crash_driver DATABASE_URL INSTANCE_DIR``; it is
SIGKILLed at random moments, mid-step included, and started again.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from features.steps.land_change import RETURN_DATA, SIGN, VERIFY, receive_data
from motcua.domain.clock import FixedClock
from motcua.services import queries, steps
from motcua.services.errors import ServiceError
from tests.support.runtimes import MORNING, PROJECT_ROOT, make_runtime

WORK = {"Tiếp nhận, kiểm tra hồ sơ": receive_data(), "Thẩm định hồ sơ": VERIFY, "Phê duyệt kết quả": SIGN,
        "Trả kết quả cho công dân": RETURN_DATA}
STAFF = ("tiepnhan.longan", "chuyenvien.longan", "lanhdao.longan")


def main(database_url: str, instance_dir: str) -> None:
    runtime = make_runtime(database_url, PROJECT_ROOT, Path(instance_dir), FixedClock(MORNING))
    with runtime.uow() as uow:
        people = {name: uow.users.by_username(name).id for name in STAFF}
    chance = random.Random()
    while True:
        if chance.random() < 0.3:
            steps.start_dossier(runtime, people["tiepnhan.longan"], "80001", "land_change")
        name = chance.choice(STAFF)
        waiting = queries.inbox(runtime, people[name])
        if not waiting:
            continue
        task = chance.choice(waiting)
        try:
            steps.complete_task(runtime, people[name], task.task_id, WORK[task.title])
        except ServiceError:
            continue
        print("step", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
