"""What a tester needs to write a scenario without reading Python: a procedure's forms, and a first feature.

``fields`` lists, per user task of a procedure (its own diagram and the shared parts of ``bpmn/shared/`` it
calls), the task's form and each field as the steps accept it: title, key, kind, required, choices.

``new_feature`` writes a Vietnamese feature for the procedure's main path. The path is not guessed from the
diagram: a dossier is actually run on a throwaway SQLite database with the demo wards (Long An, Kiến Tường),
every step completed with sample data its form accepts (the form's examples and defaults, else generated;
first choices, so "receive", "approve", "sign"), each step written down as the table step that does the same
in the words of the form. What ran is what the feature says, so it runs green as written; a tester then edits
the values. The feature says so in its header, and lists as comments the branches it did not take: at each
step on the path, the other choices of its form's choice fields (each the start of another scenario), and the
procedure's steps the main path never reached (supplement, refusal, apology …), so a tester knows what is left
to script rather than taking one path for the procedure.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from motcua.domain.clock import VN_TZ, FixedClock
from motcua.domain.roles import role_title
from motcua.engine.diagram import HUMAN_TASKS
from motcua.engine.forms import FORM_KEY, form_name
from motcua.engine.pack import LoadedProcedure, Pack
from motcua.services import queries
from motcua.services.people import holders
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from motcua.trial.words import FormWords, sample_data

# The role words of the Vietnamese steps (features/steps/trial.py ROLE_WORDS), by role code.
ROLE_WORDS_VI = {"reception": "cán bộ tiếp nhận", "specialist": "chuyên viên", "leader": "lãnh đạo",
                 "admin": "quản trị", "operator": "tổng đài viên", "clerical": "văn thư"}
KIND_WORDS = {"text": "chữ", "integer": "số nguyên", "number": "số", "boolean": "có/không", "date": "ngày dd/mm/yyyy",
              "choice": "lựa chọn", "unit": "tên phường, xã", "papers": "thành phần hồ sơ (điền tự động)",
              "file": "tệp quét (điền tự động)", "list": "danh sách"}
TIMELINESS_VI = {"early": "trước hạn", "on_time": "đúng hạn", "late": "quá hạn"}
HOME, OTHER, PROVINCE = "Long An", "Kiến Tường", "Tây Ninh"  # the demo wards (services/demo.py)
START = datetime(2025, 11, 24, 8, 30, tzinfo=VN_TZ)  # a Monday morning, a working day
MAX_STEPS = 40  # a main path longer than this is a loop the first choices do not leave


@dataclass(frozen=True)
class TaskForm:
    """A user task as a tester meets it: where it is drawn, its title, who does it, its form."""

    part: str  # the process id: the procedure's own diagram, or a shared part it calls
    file: str
    title: str
    role: str
    form: FormWords | None


def task_forms(loaded: LoadedProcedure) -> list[TaskForm]:
    """Every user task of a procedure, its own diagram first, then each part it calls, with its form."""
    compiled = loaded.compiled
    found = []
    for part, spec in [(compiled.spec.name, compiled.spec), *compiled.subprocess_specs.items()]:
        for task in spec.task_specs.values():
            if not isinstance(task, HUMAN_TASKS):
                continue
            reference = getattr(task, "extensions", {}).get(FORM_KEY)
            form = compiled.forms.get(form_name(reference)) if reference else None
            found.append(TaskForm(part, str(getattr(spec, "file", "")), task.bpmn_name or task.bpmn_id,
                                  task.lane or "", FormWords(form, "vi") if form else None))
    return found


def fields(loaded: LoadedProcedure) -> str:
    """The text ``motcua trial --list-fields`` prints: each task's form, field by field."""
    p = loaded.procedure
    lines = [f"{p.name_vi} ({p.slug}) — viết trong bảng: | trường | giá trị |, trường theo tên trên biểu mẫu "
             "hoặc mã, lựa chọn theo tên hoặc mã, ngày dd/mm/yyyy"]
    part = None
    for task in task_forms(loaded):
        if task.part != part:
            part = task.part
            where = "quy trình của thủ tục" if part == loaded.compiled.spec.name else "phần dùng chung"
            lines += ["", f"[{where} {part}: {task.file}]"]
        form = f"biểu mẫu {task.form.form.name}" if task.form else "không có biểu mẫu"
        lines.append(f"  Bước «{task.title}» — {role_title(task.role)} ({task.role}) — {form}")
        for f in task.form.fields if task.form else []:
            need = "bắt buộc" if f.required else "không bắt buộc"
            english = f" / «{f.english}»" if f.english else ""
            chosen = f"; chọn: {' | '.join(f'«{t}» ({v})' for v, t in f.choices)}" if f.choices else ""
            lines.append(f"    - «{f.title}»{english} ({f.key}): {KIND_WORDS[f.kind]}, {need}{chosen}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _table(rows: list[tuple[str, str]], indent: str = "      ") -> list[str]:
    rows = [("trường", "giá trị"), *rows]
    left = max(len(a) for a, _ in rows)
    right = max(len(b) for _, b in rows)
    return [f"{indent}| {a.ljust(left)} | {b.ljust(right)} |" for a, b in rows]


class _Walk:
    """One dossier of the procedure run along its first choices, written down step by step."""

    def __init__(self, runtime: Runtime, loaded: LoadedProcedure) -> None:
        self.runtime, self.loaded, self.desk = runtime, loaded, Desk(runtime)
        self.units = {code: name for code, name in queries.unit_choices(runtime)}
        self.branches: list[str] = []  # the other choices on the path, as comment lines
        self.visited: list[str] = []  # the titles of the steps the path went through

    def bare(self, code: str) -> str:
        name = self.units.get(code, code)
        return name.split(" ", 1)[-1]

    def code_of(self, bare_name: str) -> str:
        return next(code for code, name in self.units.items() if name.split(" ", 1)[-1] == bare_name)

    @staticmethod
    def _code(uow: Any, unit_id: int) -> str:
        unit = uow.units.get(unit_id)
        return unit.code if unit else str(unit_id)

    def run(self) -> list[str]:
        home = self.code_of(HOME)
        clerk = holders(self.runtime, home, "reception")[0]
        dossier = self.desk.start(clerk, home, self.loaded.procedure.slug)
        lines: list[str] = []
        first = True
        for _ in range(MAX_STEPS):
            with self.runtime.uow() as uow:
                items = [(i.task_id, i.role, self._code(uow, i.unit_id))
                         for i in uow.work_items.for_dossier(dossier)]
            if not items:
                break
            task_id, role, unit = items[0]
            username = holders(self.runtime, unit, role)[0]
            view = queries.task_view(self.runtime, self.desk.user_id(username), task_id)
            words = FormWords(view.form, "vi") if view.form else None
            papers = [{"name": p.name, "originals": p.originals, "copies": p.copies} for p in view.papers]
            rows = self._do(username, task_id, view, unit, papers, words)
            self.visited.append(view.title)
            self._branches(view.title, rows, words)
            if first:
                lines.append(f'    Khi công dân nộp hồ sơ "{self.loaded.procedure.name_vi}" tại "{HOME}" với:')
                first = False
            elif rows:
                lines.append(f'    Và {ROLE_WORDS_VI[role]} của "{self.bare(unit)}" hoàn thành "{view.title}" với:')
            else:
                lines.append(f'    Và {ROLE_WORDS_VI[role]} của "{self.bare(unit)}" hoàn thành "{view.title}"')
            lines += _table(rows) if rows else []
        summary = self.desk.dossier(dossier, clerk).dossier
        if summary.status == "returned" and summary.timeliness in TIMELINESS_VI:
            lines.append(f"    Thì hồ sơ được trả {TIMELINESS_VI[summary.timeliness]}")
        else:
            lines.append(f"    # hồ sơ dừng ở trạng thái {summary.status}: viết tiếp các bước còn lại")
        return lines

    def _branches(self, title: str, rows: list[tuple[str, str]], words: FormWords | None) -> None:
        """The choices this step did not take (a choice field's other values), as comment lines."""
        chosen = dict(rows)
        for f in words.typeable() if words else []:
            if f.choices and f.title in chosen:
                others = [t for _, t in f.choices if t != chosen[f.title]]
                if others:
                    self.branches.append(f"#   Bước «{title}», «{f.title}»: {' | '.join(f'«{o}»' for o in others)}")

    def _do(self, username: str, task_id: str, view: Any, unit: str, papers: list[dict[str, Any]],
            words: FormWords | None) -> list[tuple[str, str]]:
        """Complete the task as the step written for it will: the table's rows typed back, plus the catalogue's
        papers (which the steps fill in). The rows are the sample's required fields and choices (a tester
        adds the optional ones from ``--list-fields``), or every field when the form needs more."""
        if view.form is None or words is None:
            self.desk.complete(username, task_id, view.title, [{}], None, "vi")
            return []
        given = {"papers_received": papers} if "papers_received" in view.form.schema.get("properties", {}) else {}
        first: AssertionError | None = None
        for sample in sample_data(view.form, self.loaded.procedure, (unit,), self.runtime.clock.now().date()):
            for short in (True, False):
                rows = [(f.title, _cell(words.written(f, sample[f.key], self.bare))) for f in words.typeable()
                        if f.key in sample and (f.required or f.choices or f.kind == "boolean" or not short)]
                data = {**given, **words.typed([list(r) for r in rows], self.code_of)}
                try:
                    self.desk.complete(username, task_id, view.title, [data], words, "vi")
                    return rows
                except AssertionError as exc:
                    first = first or exc
        raise first or AssertionError(view.title)


def new_feature(pack: Pack, procedure: str) -> str:
    """A Vietnamese feature for the procedure's main path, from receipt to return, that runs green as written."""
    from argon2 import PasswordHasher, profiles

    from motcua.services.demo import seed_demo
    from motcua.services.runtime import build_runtime
    from motcua.signing.settings import SigningSettings

    loaded = pack.find(procedure)
    with tempfile.TemporaryDirectory(prefix="motcua-trial-new-") as folder:
        runtime = build_runtime(f"sqlite:///{folder}/trial.db", pack.root, Path(folder) / "instance",
                                "trial-new", clock=FixedClock(START), pack=pack,
                                signing=SigningSettings(key_passphrase="trial-new"),  # noqa: S106 - a throwaway CA
                                passwords=PasswordHasher.from_parameters(profiles.CHEAPEST))  # throwaway accounts
        try:
            seed_demo(runtime)
            walk = _Walk(runtime, loaded)
            steps = walk.run()
        finally:
            runtime.db.dispose()
    p = loaded.procedure
    unreached = [t.title for t in task_forms(loaded) if t.title not in walk.visited]
    others = [*walk.branches,
              *[f"#   Bước chưa đi qua: «{title}»" for title in dict.fromkeys(unreached)]]
    return "\n".join([
        "# language: vi",
        f"# Viết bởi `motcua trial new {p.slug}`: CHỈ đường chính của thủ tục — ở mỗi bước, lựa chọn đầu tiên của",
        "# biểu mẫu (tiếp nhận, đạt, ký) và giá trị mẫu mà biểu mẫu chấp nhận; đã chạy thử, nên chạy đạt như viết.",
        "# Sửa giá trị theo hồ sơ thử nghiệm; trường và lựa chọn: `motcua trial --list-fields " + p.slug + "`.",
        *(["# Các nhánh chưa viết (mỗi nhánh là một kịch bản nữa: chép kịch bản dưới, đổi lựa chọn ở bước đó):",
           *others] if others else []),
        f"Tính năng: {p.name_vi}",
        "",
        f"  Kịch bản: {p.name_vi} — từ tiếp nhận đến trả kết quả",
        f'    Cho phường "{HOME}" và phường "{OTHER}" của tỉnh "{PROVINCE}"',
        f"    Và hôm nay là {START:%d/%m/%Y} lúc {START:%H:%M}",
        *steps,
        "",
    ])
