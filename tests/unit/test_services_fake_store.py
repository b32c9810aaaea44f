"""The services' rules on the in-memory unit of work (tests/unit/fake_store.py): hand-over, the portal's outbox,
dossier numbering, the books of official documents and who may act on a task. No database is opened."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from motcua.errors import Conflict, Forbidden, NotFound, Refusal
from motcua.services import books, outbox, steps, transfers
from motcua.services.numbering import next_dossier_code
from motcua.store.models import Event, OutboxMessage, WorkItem
from tests.unit.fake_store import FakeRuntime, FakeUnitOfWork, dossier, person, unit

NOW = datetime(2025, 7, 1, 2, 30, tzinfo=UTC)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def world(uow: FakeUnitOfWork) -> dict:
    province = unit(uow, "80", "Tỉnh Tây Ninh")
    long_an = unit(uow, "80001", "Phường Long An", province)
    kien_tuong = unit(uow, "80002", "Phường Kiến Tường", province)
    return {"province": province, "long_an": long_an, "kien_tuong": kien_tuong,
            "admin": person(uow, "quantri.longan", (long_an, "admin")),
            "province_admin": person(uow, "quantri.tayninh", (province, "admin")),
            "clerk": person(uow, "tiepnhan.longan", (long_an, "reception"))}


# --- hand-over ------------------------------------------------------------------------------------------------

def test_hand_over_moves_the_dossier_its_tasks_and_announces_it(uow: FakeUnitOfWork, world: dict) -> None:
    case = dossier(uow, "80001-250701-0001", world["long_an"])
    uow.work_items.rows.append(WorkItem(id=99, task_id="t1", dossier_id=case.id, unit_id=world["long_an"].id,
                                        role="specialist", element_id="verify", title="Thẩm định", created_at=NOW))
    uow.documents.keep(case.id, "upload:map", "map.pdf", b"%PDF-1", NOW)
    transfers.hand_over(FakeRuntime(uow, NOW), world["admin"].id, case.id, "80002", comment="sáp nhập")

    assert case.handling_unit_id == world["kien_tuong"].id and case.receiving_unit_id == world["long_an"].id
    assert [w.unit_id for w in uow.work_items.for_dossier(case.id)] == [world["kien_tuong"].id]
    (moved,) = uow.transfers.rows
    assert (moved.reason, moved.attachments, moved.from_unit_id) == ("handover", ["map.pdf"], world["long_an"].id)
    assert [e.kind for e in uow.events.rows] == ["dossier.transferred"]
    assert [e.kind for e in uow.audit.rows] == ["dossier.handed_over"]
    (message,) = uow.outbox.rows
    assert message.payload["handling_unit"] == "80002" and uow.instances.for_dossier(case.id).revision == 1
    assert uow.committed


def test_a_province_administrator_hands_over_and_may_move_reception(uow: FakeUnitOfWork, world: dict) -> None:
    case = dossier(uow, "80001-250701-0002", world["long_an"])
    transfers.hand_over(FakeRuntime(uow, NOW), world["province_admin"].id, case.id, "80002", move_reception=True)
    assert case.receiving_unit_id == case.handling_unit_id == world["kien_tuong"].id


def test_a_center_process_is_not_announced_to_the_portal(uow: FakeUnitOfWork, world: dict) -> None:
    case = dossier(uow, "80001-250701-0003", world["long_an"], slug="incoming_document")
    transfers.hand_over(FakeRuntime(uow, NOW), None, case.id, "80002")
    assert uow.outbox.rows == [] and case.handling_unit_id == world["kien_tuong"].id


@pytest.mark.parametrize(("who", "to", "finished", "error", "code"), [
    ("clerk", "80002", False, Forbidden, "handover.admins_only"),
    ("admin", "80001", False, Conflict, "handover.same_unit"),
    ("admin", "80002", True, Conflict, "handover.finished"),
    ("admin", "99999", False, NotFound, "unit.not_found"),
])
def test_hand_over_refusals_carry_their_code_and_change_nothing(uow: FakeUnitOfWork, world: dict, who: str, to: str,
                                                               finished: bool, error: type, code: str) -> None:
    case = dossier(uow, "80001-250701-0004", world["long_an"], finished_at=NOW if finished else None)
    with pytest.raises(error) as refused:
        transfers.hand_over(FakeRuntime(uow, NOW), world[who].id, case.id, to)
    assert refused.value.code == code and not uow.committed
    assert case.handling_unit_id == world["long_an"].id and uow.transfers.rows == []


def test_hand_over_unit_moves_only_running_dossiers_of_the_procedure(uow: FakeUnitOfWork, world: dict) -> None:
    running = dossier(uow, "A", world["long_an"])
    dossier(uow, "B", world["long_an"], finished_at=NOW)
    dossier(uow, "C", world["long_an"], slug="birth_registration")
    moved = transfers.hand_over_unit(FakeRuntime(uow, NOW), "80001", "80002", procedure="land_change")
    assert moved == ["A"] and running.receiving_unit_id == world["kien_tuong"].id


# --- the portal's outbox --------------------------------------------------------------------------------------

def _message(uow: FakeUnitOfWork, dossier_id: int, at: datetime = NOW, attempts: int = 0) -> OutboxMessage:
    facts = {"dossier_code": f"000.00.31.H53-250701-{dossier_id:04d}", "procedure_slug": "land_change",
             "status": "received", "channel": "counter", "receiving_agency_code": "000.00.31.H53", "first": True}
    message = OutboxMessage(dossier_id=dossier_id, topic="dossier.status", payload=facts,
                            created_at=at, available_at=at, attempts=attempts)
    uow.outbox.add(message)
    return message


def test_delivery_keeps_a_dossiers_order_and_backs_off_after_a_refusal(uow: FakeUnitOfWork, world: dict) -> None:
    case, other = dossier(uow, "A", world["long_an"]), dossier(uow, "B", world["long_an"])
    first, second, third = _message(uow, case.id), _message(uow, case.id), _message(uow, other.id)
    sent: list[str] = []

    def send(body: dict) -> None:
        sent.append(body["message_id"])
        if body["message_id"] == f"motcua-outbox-{first.id}":
            raise outbox.DeliveryError("portal down")

    report = outbox.deliver_pending(FakeRuntime(uow, NOW), send, clock=FakeRuntime(uow, NOW).clock)
    assert report == outbox.DeliveryReport(delivered=1, failed=1)
    assert sent == [f"motcua-outbox-{first.id}", f"motcua-outbox-{third.id}"]  # the second waits behind the first
    assert (first.attempts, first.last_error, second.delivered_at, third.delivered_at) == (1, "portal down", None, NOW)
    assert NOW + timedelta(seconds=2.5) <= first.available_at <= NOW + timedelta(seconds=5)


def test_a_message_the_portal_s_schema_refuses_is_held_and_holds_back_its_dossier_only(
        uow: FakeUnitOfWork, world: dict) -> None:
    case, other = dossier(uow, "A", world["long_an"]), dossier(uow, "B", world["long_an"])
    bad = _message(uow, case.id)
    bad.payload = {**bad.payload, "status": "discarded"}  # no portal code for it
    later, elsewhere = _message(uow, case.id), _message(uow, other.id)
    sent: list[str] = []
    runtime = FakeRuntime(uow, NOW)
    report = outbox.deliver_pending(runtime, lambda body: sent.append(body["message_id"]), clock=runtime.clock)
    assert report == outbox.DeliveryReport(delivered=1, failed=0, held=1)
    assert sent == [f"motcua-outbox-{elsewhere.id}"] and later.delivered_at is None
    assert bad.held_at == NOW and "data.0.TrangThaiHoSo" in (bad.last_error or "")
    [listed] = outbox.failing(runtime, world["admin"].id)
    assert (listed.id, listed.held_at, listed.attempts) == (bad.id, NOW, 0)


def test_only_administrators_see_failing_messages_of_their_units(uow: FakeUnitOfWork, world: dict) -> None:
    mine, theirs = dossier(uow, "A", world["long_an"]), dossier(uow, "B", world["kien_tuong"])
    stuck, elsewhere = _message(uow, mine.id, attempts=3), _message(uow, theirs.id, attempts=5)
    runtime = FakeRuntime(uow, NOW)
    assert [m.id for m in outbox.failing(runtime, world["admin"].id)] == [stuck.id]
    assert [m.id for m in outbox.failing(runtime, world["province_admin"].id)] == [stuck.id, elsewhere.id]
    with pytest.raises(Forbidden) as refused:
        outbox.failing(runtime, world["clerk"].id)
    assert refused.value.code == "outbox.admins_only"


def test_retry_now_makes_a_message_due_at_once_and_refuses_another_units(uow: FakeUnitOfWork, world: dict) -> None:
    mine, theirs = dossier(uow, "A", world["long_an"]), dossier(uow, "B", world["kien_tuong"])
    stuck, elsewhere = _message(uow, mine.id, attempts=3), _message(uow, theirs.id, attempts=3)
    stuck.available_at = elsewhere.available_at = NOW + timedelta(minutes=5)
    runtime = FakeRuntime(uow, NOW)
    outbox.retry_now(runtime, world["admin"].id, stuck.id)
    assert stuck.available_at == stuck.created_at and uow.committed
    with pytest.raises(NotFound) as refused:
        outbox.retry_now(runtime, world["admin"].id, elsewhere.id)
    assert (refused.value.code, refused.value.params) == ("outbox.message_not_found", {"message": elsewhere.id})


# --- numbering ------------------------------------------------------------------------------------------------

def test_dossier_codes_count_per_unit_and_day(uow: FakeUnitOfWork, world: dict) -> None:
    long_an, kien_tuong = world["long_an"], world["kien_tuong"]
    long_an.agency_code, kien_tuong.agency_code = "000.00.31.H53", "000.00.32.H53"
    next_day = NOW + timedelta(days=1)
    codes = [next_dossier_code(uow, long_an, NOW), next_dossier_code(uow, long_an, NOW),
             next_dossier_code(uow, kien_tuong, NOW), next_dossier_code(uow, long_an, next_day)]
    assert codes == ["000.00.31.H53-250701-0001", "000.00.31.H53-250701-0002", "000.00.32.H53-250701-0001",
                     "000.00.31.H53-250702-0001"]


def test_a_unit_without_its_electronic_identifier_issues_no_code(uow: FakeUnitOfWork, world: dict) -> None:
    with pytest.raises(Conflict) as refused:
        next_dossier_code(uow, world["long_an"], NOW)
    assert (refused.value.code, refused.value.params) == ("unit.no_agency_code", {"unit": "Phường Long An"})
    assert "Administration › Units" in str(refused.value)


# --- books of official documents ------------------------------------------------------------------------------

class _Scope:
    """The live office as the books see it (services.books.OfficeScope)."""

    def __init__(self, uow: FakeUnitOfWork, case: object, user_id: int | None) -> None:
        self.runtime, self.uow, self.dossier, self._user_id = FakeRuntime(uow, NOW), uow, case, user_id
        self.recorded: list[tuple[str, dict]] = []
        self.started: list[tuple[str, str, dict]] = []

    @property
    def user_id(self) -> int | None:
        return self._user_id

    def record(self, kind: str, detail: dict) -> None:
        self.recorded.append((kind, detail))

    def start_process(self, slug: str, unit_code: str, data: dict) -> int:
        self.started.append((slug, unit_code, data))
        return len(self.started)


def test_outgoing_documents_are_numbered_per_book_and_year_with_their_symbol(uow: FakeUnitOfWork,
                                                                           world: dict) -> None:
    scope = _Scope(uow, dossier(uow, "VB1", world["long_an"], slug="outgoing_document"), world["admin"].id)
    first = books.enter(scope, "outgoing", {"summary": "Về việc A", "doc_type": "Công văn", "office": "VP"})
    second = books.enter(scope, "outgoing", {"summary": "Báo cáo B", "doc_type": "Báo cáo"})
    minutes = books.enter(scope, "minutes", {"summary": "Họp giao ban"})
    assert [(e["number"], e["symbol"]) for e in (first, second, minutes)] == [
        (1, "1/UBND-VP"), (2, "2/BC-UBND"), (1, "1/BB-UBND")]
    assert scope.recorded[0] == ("document.registered", {"book": "outgoing", "number": 1, "symbol": "1/UBND-VP",
                                                         "year": 2025})


def test_a_delivered_document_is_entered_with_a_copy_of_the_signed_pdf(uow: FakeUnitOfWork, world: dict) -> None:
    sender = _Scope(uow, dossier(uow, "VB1", world["long_an"], slug="outgoing_document"), world["admin"].id)
    entry = books.enter(sender, "outgoing", {"summary": "Về việc A"})
    books.file(sender, entry["entry_id"], "van-ban-di", "cv.pdf", b"%PDF-signed", signed=True)
    receiver = _Scope(uow, dossier(uow, "VB2", world["kien_tuong"], slug="incoming_document"), None)
    incoming = books.enter(receiver, "incoming", {"source_id": entry["entry_id"], "symbol": "1/UBND-VP"})
    original, copy = uow.documents.rows
    assert (copy.dossier_id, copy.kind, copy.sha256, copy.signed_by_id) == (
        receiver.dossier.id, "van-ban-den", original.sha256, world["admin"].id)
    assert uow.books.get(incoming["entry_id"]).registered_by_id is None  # a delivered document enters itself


def test_delivery_refuses_the_issuing_unit_and_never_sends_twice(uow: FakeUnitOfWork, world: dict) -> None:
    scope = _Scope(uow, dossier(uow, "VB1", world["long_an"], slug="outgoing_document"), world["admin"].id)
    entry = books.enter(scope, "outgoing", {"summary": "Về việc A"})
    with pytest.raises(Refusal, match="Only a signed outgoing document"):
        books.deliver(scope, entry["entry_id"], ["80002"])
    books.file(scope, entry["entry_id"], "van-ban-di", "cv.pdf", b"%PDF", signed=True)
    with pytest.raises(Refusal, match="issues the document itself"):
        books.deliver(scope, entry["entry_id"], ["80001"])
    assert books.deliver(scope, entry["entry_id"], ["80002", "80002", ""]) == ["Phường Kiến Tường"]
    assert [(slug, unit_code) for slug, unit_code, _ in scope.started] == [("incoming_document", "80002")]


# --- who may act on a task ------------------------------------------------------------------------------------

def test_a_task_done_by_someone_else_says_who_and_when(uow: FakeUnitOfWork, world: dict) -> None:
    case = dossier(uow, "A", world["long_an"])
    uow.events.add(Event(dossier_id=case.id, at=NOW, kind="task.completed", user_id=world["clerk"].id,
                         user=world["clerk"], task="Tiếp nhận", task_id="t-done", detail={}))
    with pytest.raises(Conflict) as done:
        steps.offered_task(uow, world["admin"].id, "t-done")
    assert done.value.code == "task.already_done"
    assert done.value.params == {"task": "Tiếp nhận", "user": "Tiepnhan.Longan", "at": "01/07/2025 02:30"}
    with pytest.raises(NotFound) as never:
        steps.offered_task(uow, world["admin"].id, "t-never")
    assert never.value.code == "task.not_found"


def test_a_task_is_offered_by_role_in_the_unit_where_the_dossier_sits(uow: FakeUnitOfWork, world: dict) -> None:
    case = dossier(uow, "A", world["long_an"])
    uow.work_items.rows.append(WorkItem(id=7, task_id="t1", dossier_id=case.id, unit_id=world["long_an"].id,
                                        role="reception", element_id="receive", title="Tiếp nhận", created_at=NOW))
    user, item = steps.offered_task(uow, world["clerk"].id, "t1")
    assert (user.username, item.task_id) == ("tiepnhan.longan", "t1")
    with pytest.raises(Forbidden) as refused:
        steps.offered_task(uow, world["admin"].id, "t1")
    assert refused.value.code == "task.not_offered"
    with pytest.raises(NotFound) as unknown:
        steps.offered_task(uow, 10**6, "t1")
    assert unknown.value.code == "user.not_found"
