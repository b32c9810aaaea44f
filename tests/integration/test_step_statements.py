"""What a step reads and writes: nothing twice, and nothing it can know without asking.

Counted with an engine listener around one step (the intake that queues the dossier's first status message):
the instance is read once (the save expires the row, so reading from it afterwards re-read the whole state), and
the roll-up bookkeeping does not count a dossier's delivered messages for a message the step is only queuing."""
from __future__ import annotations

from features.steps.land_change import receive_data
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.support.statements import captured


def test_an_intake_step_reads_its_instance_once_and_counts_no_deliveries(runtime: Runtime) -> None:
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    with captured(runtime) as statements:
        desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), dossier)
    assert any(s.startswith("INSERT INTO outbox") for s in statements)  # the step queued a status message
    assert len([s for s in statements if s.startswith("SELECT instances.")]) == 1, statements
    assert not [s for s in statements if "count(*)" in s and "FROM outbox" in s], statements


def test_starting_a_dossier_writes_its_row_once_not_again_with_the_values_it_has(runtime: Runtime) -> None:
    # The step copies the dossier's facts onto its row only where they differ: setting a column to its own value
    # made the row "changed", so the start wrote an UPDATE of the NULLs it had just inserted, and the register's
    # roll-up bookkeeping read the dossier's moments for it.
    with captured(runtime) as statements:
        Desk(runtime).start("tiepnhan.longan", "80001")
    assert len([s for s in statements if s.startswith("INSERT INTO dossiers")]) == 1, statements
    assert not [s for s in statements if s.startswith("UPDATE dossiers")], statements
