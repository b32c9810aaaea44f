"""Migration 0008 deflates every stored workflow state and its downgrade restores the text, and a dossier
waiting across both keeps working: the upgrade a province runs on a live database loses nothing."""
from __future__ import annotations

import json
import zlib

from alembic import command
from sqlalchemy import create_engine, text

from features.steps.land_change import RETURN_DATA, SIGN, VERIFY, receive_data
from motcua.services.runtime import Runtime
from motcua.store.db import alembic_config
from motcua.trial.desk import Desk

LONG_AN = "80001"


def stored_states(url: str) -> dict[int, object]:
    db = create_engine(url)
    with db.connect() as conn:
        rows = dict(conn.execute(text("SELECT dossier_id, state FROM instances")).all())
    db.dispose()
    return rows


def test_state_survives_downgrade_and_upgrade(runtime: Runtime, database_url: str) -> None:
    desk = Desk(runtime)
    waiting = desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    finished = desk.start("tiepnhan.longan", LONG_AN)
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data())
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, finished)
    desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, finished)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, finished)
    deflated = {k: bytes(v) for k, v in stored_states(database_url).items()}
    runtime.db.dispose()

    command.downgrade(alembic_config(database_url), "0007")
    as_text = stored_states(database_url)
    assert set(as_text) == {waiting, finished}
    for dossier_id, state in as_text.items():
        assert isinstance(state, str) and json.loads(state)["tasks"]
        assert state == zlib.decompress(deflated[dossier_id]).decode("utf-8")

    command.upgrade(alembic_config(database_url), "head")
    again = {k: bytes(v) for k, v in stored_states(database_url).items()}
    assert {k: zlib.decompress(v) for k, v in again.items()} == {k: zlib.decompress(v) for k, v in deflated.items()}
    assert all(len(again[k]) < len(as_text[k]) / 3 for k in again)

    db = create_engine(database_url)  # migration 0028 gave the waiting task its dossier's version again
    with db.connect() as conn:
        rows = conn.execute(text("SELECT w.version_id, d.version_id FROM work_items w JOIN dossiers d "
                                 "ON d.id = w.dossier_id WHERE d.id = :id"), {"id": waiting}).all()
    db.dispose()
    assert len(rows) == 1 and rows[0][0] == rows[0][1] and rows[0][0] is not None
    assert desk.dossier(finished).dossier.status == "returned"
    assert desk.tasks("chuyenvien.longan") == [("Thẩm định hồ sơ", waiting)]
    desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY)
    assert desk.tasks("lanhdao.longan") == [("Phê duyệt kết quả", waiting)]
