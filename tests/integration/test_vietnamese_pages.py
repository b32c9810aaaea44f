"""Every page and message a reader meets is in their language (issue 18, point 2): each demo role (and a
citizen) walks every page reachable by links from their home page, after the Long An ↔ Kiến Tường dossier,
a 1022 feedback and an incoming document have gone through, once in Vietnamese and once in English. No visible
text of a Vietnamese page may hold an English word, nor one of an English page a Vietnamese word of the
interface (what people typed, their names and the units' names are data, shown as typed); neither may hold a raw
identifier (``feedback.received``, ``intake.check_papers``). The words of every error code are checked the same
way in both languages.

The heuristics: lists of words of each language that the other's sentences never use, and dotted
``snake_case`` tokens that are not a file name, an address or an e-mail; and dates written yyyy-mm-dd."""
from __future__ import annotations

import functools
import html
import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from lxml import etree

from features.steps.land_change import RETURN_DATA, SIGN, VERIFY, receive_data
from motcua.messages import MESSAGES
from motcua.services import feedback
from motcua.services.demo import ANALYST, PROVINCE_STAFF, STAFF, WARDS
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.integration.test_feedback_1022 import ANSWER, ANSWERED, APPROVE, NOTIFY, OPERATOR, REQUEST, ROUTE, classify
from tests.support.web import Clerk

ENGLISH = {"the", "and", "of", "is", "are", "was", "not", "no", "such", "your", "you", "failed", "passed", "error",
           "handler", "task", "dossier", "dossiers", "unit", "units", "pack", "none", "true", "false", "null",
           "undefined", "registration", "birth", "received", "answered", "step", "cannot", "must", "with",
           "from", "to", "for", "this", "that", "document", "signature", "signed", "valueerror", "keyerror",
           "typeerror", "traceback", "exception", "nan"}
# Vietnamese words of an interface (and no English sentence), as an English page must not show them: accented
# function words, and the words of the desk.
VIETNAMESE = {"của", "và", "không", "được", "đã", "chưa", "các", "cho", "với", "này", "là", "có", "hoặc", "những",
              "khi", "để", "trong", "bạn", "vui", "lòng", "chọn", "xem", "tải", "hồ", "sơ", "bước", "đơn", "vị",
              "thủ", "tục", "tiếp", "nhận", "trả", "kết", "quả", "ngày", "tháng", "năm", "người", "lãnh", "đạo",
              "chuyên", "viên", "ký", "số", "giấy", "tờ", "mã", "trạng", "thái", "hẹn", "phiếu", "đăng", "nhập",
              "xuất", "thông", "tin", "lý", "việc", "cần", "làm", "sổ", "theo", "dõi", "báo", "cáo", "văn",
              "bản", "quản", "trị", "tra", "cứu", "xác", "thực", "phản", "ánh", "hoàn", "thành", "đang", "chờ"}
VIETNAMESE_DATA = re.compile(r'<(\w+)\b[^>]*\blang="vi"[^>]*>.*?</\1>', re.S)  # marked as written in Vietnamese
IDENTIFIER = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)+(?![\w/@-])")
ABBREVIATIONS = {"e.g", "i.e"}
FILE_OR_ADDRESS = re.compile(r"\.(pdf|png|jpe?g|toml|json|bpmn|xml|csv|xlsx|py|html|vn|com|org|gov|local)$")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")  # dates are written dd/mm/yyyy
DECORATOR = re.compile(r"@\w+")
URL = re.compile(r"\b(?:https?://|www\.)\S+")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
PER_ROUTE = 2  # pages of one route shape (/dossiers/<id>) walked per person: enough to meet each template
LIMIT = 200  # pages per person
SKIP = ("/logout", "/lang/", "/static/", "/api/", "/open311/", ".pdf", ".csv", ".json", ".bpmn", "/openapi")


def raw_words(text: str, allowed: frozenset[str] = frozenset(), locale: str = "vi") -> list[str]:
    """The words of the other language and the identifiers in a visible text of a ``locale`` page (``allowed``:
    identifiers and texts that are data, such as user names and what people typed), each with a few words
    around it."""
    text = _data(allowed).sub(" ", text)
    text = DECORATOR.sub(" ", URL.sub(" ", text))  # an address is what it is, and so is code (@handler)
    foreign = ENGLISH if locale == "vi" else VIETNAMESE
    found = [m for m in WORD.finditer(text) if m.group().lower() in foreign]
    found += [m for m in IDENTIFIER.finditer(text) if not FILE_OR_ADDRESS.search(m.group())
              and m.group() not in allowed and m.group() not in ABBREVIATIONS]
    found += list(ISO_DATE.finditer(text))
    return [f"{m.group()} («{' '.join(text[max(0, m.start() - 40):m.end() + 40].split())}»)" for m in found]


@functools.lru_cache(maxsize=8)
def _data(allowed: frozenset[str]) -> re.Pattern[str]:
    """The texts that are data, as whole words (a pack's "Ký" is not taken out of "Ký số"), longest first."""
    words = "|".join(re.escape(text) for text in sorted(allowed, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def visible_text(page: str, locale: str = "vi") -> str:
    """What a reader sees of a page: its text and the titles of what it shows (no scripts, styles or code); on
    an English page, not what the page marks as written in Vietnamese (``lang="vi"``: an official document's own
    words)."""
    if locale != "vi":
        page = VIETNAMESE_DATA.sub(" ", page)
    page = re.sub(r"<(script|style|code|pre|textarea)\b.*?</\1>", " ", page, flags=re.S | re.I)
    shown = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    page = re.sub(r"<option\b[^>]*>", " ", page)  # option values are codes; their labels are text
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *shown]))


def shape(path: str, every_sheet: bool = False) -> str:
    """The route a path is an instance of: numbers, dossier codes and task ids replaced, and (unless
    ``every_sheet``) the procedure of a catalogue sheet or a diagram (staff read them like the citizen does)."""
    path = re.sub(r"/[0-9a-f-]{36}|/\d[\d-]*", "/#", urlsplit(path).path)
    return path if every_sheet else re.sub(r"^/(thu-tuc|modeler)/[a-z0-9_]+", r"/\1/#", path)


def walk(clerk: Clerk, allowed: frozenset[str], every_sheet: bool = False,
         locale: str = "vi") -> tuple[int, dict[str, list[str]]]:
    """Every page reachable by links from the home page (and the public ones): how many were read, and what
    is raw on each."""
    queue, seen, shapes, raw = ["/", "/thu-tuc", "/tra-cuu", "/xac-thuc", "/register"], set(), Counter(), {}
    read = 0
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen or any(s in path for s in SKIP) or shapes[shape(path, every_sheet)] >= PER_ROUTE:
            continue
        seen.add(path)
        shapes[shape(path, every_sheet)] += 1
        response = clerk.get(path)
        if response.status_code != 200 or not response.content_type.startswith("text/html"):
            continue
        read += 1
        words = raw_words(visible_text(response.text, locale), allowed, locale)
        if words:
            raw[path] = words
        queue += [html.unescape(h) for h in re.findall(r'href="(/[^"#]*)"', response.text)]
    return read, raw


@pytest.fixture
def lived_in(runtime: Runtime) -> Runtime:
    """The demo data after a dossier crossed two wards and a 1022 feedback was answered by a ward."""
    desk = Desk(runtime)
    dossier = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(parcel_unit="80002"))
    desk.do("chuyenvien.kientuong", "Thẩm định hồ sơ", VERIFY)
    desk.do("lanhdao.kientuong", "Phê duyệt kết quả", SIGN)
    desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA)
    desk.start("tiepnhan.longan", "80001")  # one waiting at reception
    received = feedback.receive(runtime, REQUEST, source="online")
    classify(desk, received.dossier_id, ROUTE)
    desk.do("chuyenvien.longan", ANSWER, ANSWERED, received.dossier_id)
    desk.do("lanhdao.longan", APPROVE, {"approval": "approve"}, received.dossier_id)
    desk.do(OPERATOR, NOTIFY, {"notified_by": "sms"}, received.dossier_id)
    assert dossier
    return runtime


PEOPLE = ([f"{prefix}.{WARDS[0][2]}" for prefix, _role, _title in STAFF] + [f"{p}.kientuong" for p in
          ("chuyenvien", "lanhdao")] + [name for name, _role, _title in PROVINCE_STAFF] + [ANALYST, ""])


def pack_words(root: Path) -> set[str]:
    """The pack's own words: its catalogue (``processes/*.toml``), forms and diagrams' element names. A pack is
    written in Vietnamese and gives English only where it has a place for it (a procedure's ``name_en``), so an
    English page shows the rest as the pack wrote it (taken out as whole words: a form's "Ký" is, "Ký số" is not)."""
    found: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, str) and value.strip():
            found.add(" ".join(value.split()))  # as a page shows it: a diagram's name may break its lines
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for entry in (root / "processes").glob("*.toml"):
        collect(tomllib.loads(entry.read_text(encoding="utf-8")))
    for form in (root / "forms").rglob("*.json"):
        collect(json.loads(form.read_text(encoding="utf-8")))
    for diagram in (root / "bpmn").rglob("*.bpmn"):
        collect([e.get("name") for e in etree.parse(str(diagram)).iter() if isinstance(e.tag, str) and e.get("name")])
    return found


def typed(runtime: Runtime, locale: str) -> frozenset[str]:
    """What is data on the pages, shown as it was typed: user names and people's, units' names, the texts
    typed in the dossiers the fixture ran, and on an English page the pack's own (Vietnamese) words."""
    with runtime.uow() as uow:
        units = uow.units.all()
        people = uow.users.in_units([u.id for u in units])
        names = {u.full_name for u in people} | {u.name for u in units}
    texts = {str(v) for form in (VERIFY, SIGN, RETURN_DATA, REQUEST, ANSWERED, receive_data(parcel_unit="80002"))
             for v in form.values() if isinstance(v, str) and len(v) > 3}
    pack = pack_words(runtime.pack.root) if locale != "vi" else set()
    return frozenset(p for p in (*PEOPLE, *names, *texts, *pack) if p)


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize("username", PEOPLE, ids=[u or "citizen" for u in PEOPLE])
def test_every_page_a_person_reaches_is_in_their_language(app: Flask, lived_in: Runtime, username: str,
                                                          locale: str) -> None:
    clerk = Clerk(app, username or None)
    if locale != "vi":
        clerk.submit(f"/lang/{locale}", {"next": "/"}, token_from="/thu-tuc")
    assert f'<html lang="{locale}">' in clerk.get("/thu-tuc").text
    read, raw = walk(clerk, typed(lived_in, locale), every_sheet=not username,  # the citizen reads every sheet
                     locale=locale)
    assert read >= (10 if username else 5)
    assert raw == {}, f"words of another language or raw words on {locale} pages: " + "; ".join(
        f"{p}: {w}" for p, w in raw.items())


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_error_message_is_in_its_language(locale: str) -> None:
    raw = {code: raw_words(re.sub(r"\{\w+\}", " ", words[locale == "en"]), locale=locale)
           for code, words in MESSAGES.items()}
    assert {code: words for code, words in raw.items() if words} == {}


def test_the_heuristics_catch_what_the_issue_found() -> None:
    assert raw_words("Không tìm thấy — no such dossier in your units")
    assert raw_words("task 'Đối chiếu' (check_papers): handler 'intake.check_papers' failed: ValueError")
    assert any(w.startswith("feedback.received ") for w in raw_words("09:12 feedback.received"))
    assert raw_words("Đăng ký khai sinh Birth registration") and raw_words("Phiên bản 1 — pack")
    assert raw_words("Ngày hẹn mới 2026-12-02")
    assert raw_words("Tra cứu tại motcua.tayninh.gov.vn, tệp giay-tiep-nhan.pdf, hộp thư bich@example.vn") == []
