"""Trial steps: digitised papers and their reuse (issue 17).

The reception clerk scans each paper handed in, or, when the same citizen comes back, reuses the papers already
held for their ID number instead of scanning again; the signed result goes to the citizen's store. In a tester's
words: 'công dân có số định danh "080190004321" quay lại nộp hồ sơ "đăng ký kết hôn" tại "Kiến Tường", dùng lại
giấy tờ đã số hóa, với:'. The steps work in-process (scans are files a browser would have to pick).
"""
from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, then, when

from features.steps.land_change import receive_data
from motcua.domain.procedure import Paper
from motcua.services import digitisation, steps
from motcua.trial.words import FormWords

from .trial import Trial

SCANNED = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # a one-page scan, as a scanner would send
IN_PROCESS = {"vi": "quét giấy tờ cần chọn tệp trên máy: chỉ chạy trong tiến trình",
              "en": "scanning papers picks files on a machine: in-process only"}
NAME = "Nguyễn Văn Thử"


def _receive(trial: Trial, id_number: str, procedure: str, unit: str, rows: list[list[str]], reuse: bool) -> None:
    """Receive a complete dossier (every required paper handed in) whose papers are each scanned, or, with
    ``reuse``, taken from the citizen's store where a valid one of the same kind is held."""
    trial.in_process(IN_PROCESS)
    loaded = trial.procedure(procedure)
    task_id, title = trial.start("reception clerk", unit, loaded.procedure.slug)
    form = trial.task_form(loaded.procedure.slug, title)
    assert form is not None, f"{title} has no form"
    user = trial.desk.user_id(trial.user("reception clerk", unit))
    held = digitisation.held_for_intake(trial.runtime, user, task_id, id_number) if reuse else []
    offered = {i: h.id for h in reversed(held) for i in h.rows}  # the newest paper of each row's kind
    checklist: list[dict[str, Any]] = []
    files: dict[str, steps.Upload] = {}
    for index, paper in enumerate(loaded.procedure.papers):
        checklist.append(_row(paper, offered.get(index)))
        if not paper.optional and index not in offered:
            files[digitisation.scan_key(digitisation.PAPERS_FIELD, index)] = steps.Upload("scan.pdf", SCANNED)
    properties = form.schema.get("properties", {})
    known = {k: v for k, v in receive_data(parcel_unit=trial.unit(unit)).items() if k in properties}
    data = {**known, "applicant_name": NAME, "applicant_id_number": id_number, "applicant_phone": "0909123456",
            **FormWords(form, trial.language).typed(rows, trial.unit), "papers_received": checklist}
    steps.complete_task(trial.runtime, user, task_id, data, files)


def _row(paper: Paper, reused: int | None) -> dict[str, Any]:
    """A checklist row: a required paper handed in as the catalogue asks, an optional one not (unless reused)."""
    handed = not paper.optional or reused is not None
    row: dict[str, Any] = {"name": paper.name, "originals": paper.originals if handed else 0,
                           "copies": paper.copies if handed else 0}
    if reused is not None:
        row["reuse"] = reused
    return row


@when(parsers.parse('a citizen with ID number "{id_number}" submits "{procedure}" at "{unit}", the papers scanned, '
                    'with:'))
@when(parsers.parse('công dân có số định danh "{id_number}" nộp hồ sơ "{procedure}" tại "{unit}", các giấy tờ được '
                    'quét, với:'))
def submit_scanned(trial: Trial, id_number: str, procedure: str, unit: str, datatable: list[list[str]]) -> None:
    """Each paper handed in is scanned at the counter in the intake step."""
    _receive(trial, id_number, procedure, unit, datatable[1:], reuse=False)


@when(parsers.parse('the citizen with ID number "{id_number}" comes back with "{procedure}" at "{unit}", reusing '
                    'the digitised papers, with:'))
@when(parsers.parse('công dân có số định danh "{id_number}" quay lại nộp hồ sơ "{procedure}" tại "{unit}", dùng '
                    'lại giấy tờ đã số hóa, với:'))
def come_back(trial: Trial, id_number: str, procedure: str, unit: str, datatable: list[list[str]]) -> None:
    """The clerk ticks "reuse" for every paper the store still holds; the others are scanned."""
    _receive(trial, id_number, procedure, unit, datatable[1:], reuse=True)


def _papers(trial: Trial) -> list[digitisation.DigitisedPaper]:
    return digitisation.of_dossier(trial.runtime, trial.desk.user_id(trial.desk_user(trial.current)), trial.current)


@then("every paper received is digitised")
@then("hồ sơ đã số hóa đủ giấy tờ tiếp nhận")
def all_digitised(trial: Trial) -> None:
    """Decision 766's digitised dossier: every paper received is held digitally."""
    trial.in_process(IN_PROCESS)
    with trial.runtime.uow() as uow:
        assert uow.dossiers.require(trial.current).papers_digitised_at is not None, \
            f"not every paper received is digitised: held {[p.paper_name for p in _papers(trial)]}"


@then(parsers.parse('the result is electronic and kept in the citizen\'s store as "{kind}"'))
@then(parsers.parse('kết quả được cấp điện tử và lưu vào kho giấy tờ của công dân là "{kind}"'))
def result_in_store(trial: Trial, kind: str) -> None:
    """The signed result is marked electronic and held for the applicant, as the kind the catalogue names."""
    trial.in_process(IN_PROCESS)
    results = [p.kind_title for p in _papers(trial) if p.source == digitisation.RESULT]
    assert results == [kind], f"the citizen's store got {results or 'nothing'} from this dossier"


@then(parsers.parse("the dossier reuses {n:d} papers of an earlier dossier"))
@then(parsers.parse("hồ sơ dùng lại {n:d} giấy tờ của hồ sơ trước"))
def reused(trial: Trial, n: int) -> None:
    """How many papers the intake took from the store instead of scanning."""
    trial.in_process(IN_PROCESS)
    found = [(p.paper_name, p.reused_from) for p in _papers(trial) if p.source == digitisation.REUSE]
    assert len(found) == n and all(code for _, code in found), f"reused: {found or 'nothing'}"
