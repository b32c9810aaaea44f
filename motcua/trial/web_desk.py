"""The trial's HTTP driver: people working dossiers through a running MotCua's web pages, as a browser would.

``motcua trial --target URL`` replays the same step phrases as the in-process run (``motcua.trial.desk``), but
each person signs in with their account (password, then the TOTP code for the roles that need one), reads
the CSRF token of each page, opens tasks from their inbox and posts the task's form as the browser would.
The driver relies only on what a page promises to keep (stable markers, listed in the README's testers'
section): form field names (``csrf_token``, ``username``, ``password``, ``code``, ``totp_code``, ``unit``,
``procedure``, the forms' own keys, ``<key>.<i>.originals`` for papers), links by their URL patterns
(``/tasks/<id>``, ``/dossiers/<id>``), the ``#dossier-facts`` element's ``data-*`` attributes on a dossier's
page, field errors as ``#f_<key>_err``, and the JSON APIs (``/api/v1/verify``, ``/api/v1/reports``). Dossier
codes are read from the pages, never built. The clock moves only on a deployment that allows it
(``/thu-nghiem/dong-ho``, see ``motcua/web/rehearsal.py``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import httpx
import pyotp
from lxml import html as lxml_html

from motcua.engine.forms import FILE_WIDGET, Form
from motcua.trial.accounts import Account
from motcua.trial.failures import NotOverHttp, TrialFailure, failure, sentence
from motcua.trial.words import FormWords

TASK_LINK = re.compile(r"/tasks/([^/?#]+)$")
DOSSIER_LINK = re.compile(r"/dossiers/(\d+)$")
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # a stand-in for a scanned paper
TIMEOUT = 60.0  # a step that signs PDFs on a loaded staging server takes a while


@dataclass(frozen=True)
class InboxRow:
    """A task in someone's inbox: its id, title and the dossier it is on."""

    task_id: str
    title: str
    dossier_id: int | None


@dataclass(frozen=True)
class BookLine:
    """A line of a unit's book (incoming, outgoing, minutes), from its ``tr.book-line`` marker."""

    number: int
    symbol: str
    summary: str
    dossier_id: int
    document_id: int | None


@dataclass(frozen=True)
class DossierFacts:
    """What a dossier's page says about it (the ``#dossier-facts`` marker)."""

    dossier_id: int
    code: str
    status: str
    timeliness: str | None
    at_risk: str | None
    due_at: datetime | None
    procedure: str


def _page(text: str) -> Any:
    return lxml_html.fromstring(text or "<html></html>")


def _csrf(page: Any) -> str:
    found = page.xpath("//input[@name='csrf_token']/@value")
    return str(found[0]) if found else ""


def _task_form(page: Any) -> Any:
    """The task's own form (``#task-form``): the page may carry others (discard an intake, compute a fee)."""
    forms = page.xpath("//form[@id='task-form']")
    return forms[0] if forms else None


def _form_values(form: Any) -> dict[str, str]:
    """What the browser would post for a form as it stands (prefilled values, checked boxes, chosen options)."""
    values: dict[str, str] = {}
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name:
            continue
        kind = (element.get("type") or "").lower()
        if element.tag == "input" and kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                values[name] = element.get("value") or "on"
        elif element.tag == "input" and kind in ("file", "submit", "button"):
            continue
        elif element.tag == "select":
            chosen = element.xpath("./option[@selected]/@value")
            values[name] = str(chosen[0]) if chosen else ""
        elif element.tag == "textarea":
            values[name] = element.text or ""
        else:
            values[name] = element.get("value") or ""
    return values


def encoded(form: Form | None, data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    """Typed form data as the browser posts it: (fields to set, fields to clear, files). The inverse of the web
    layer's reading of a post: a box ticked is ``on``, a date dd/mm/yyyy, papers by row, a file uploaded."""
    schema = form.schema.get("properties", {}) if form else {}
    ui = form.uischema if form else {}
    fields: dict[str, str] = {}
    cleared: dict[str, str] = {}
    files: dict[str, Any] = {}
    for key, value in data.items():
        prop, widget = schema.get(key, {}), (ui.get(key) or {}).get("ui:widget")
        if widget == FILE_WIDGET:
            files[key] = (f"{key}.pdf", SCAN, "application/pdf")
        elif widget == "papers" and isinstance(value, list):
            for i, row in enumerate(value):
                fields[f"{key}.{i}.originals"] = str(row.get("originals", 0))
                fields[f"{key}.{i}.copies"] = str(row.get("copies", 0))
        elif isinstance(value, bool) or prop.get("type") == "boolean":
            if value:
                fields[key] = "on"
            else:
                cleared[key] = ""
        elif prop.get("format") == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            fields[key] = date.fromisoformat(value).strftime("%d/%m/%Y")
        else:
            fields[key] = "" if value is None else str(value)
    return fields, cleared, files


class WebDesk:
    """A running deployment's counter and back offices, worked over HTTP by the people of the accounts file."""

    def __init__(self, base_url: str, clock_token: str | None = None, language: str = "vi") -> None:
        self.base = base_url.rstrip("/")
        self.clock_token = clock_token
        self.language = language
        self._sessions: dict[str, httpx.Client] = {}
        self.public = httpx.Client(base_url=self.base, timeout=TIMEOUT, follow_redirects=True)

    def close(self) -> None:
        """End every person's session."""
        for client in [*self._sessions.values(), self.public]:
            client.close()
        self._sessions.clear()

    # --- signing in ----------------------------------------------------------------------------------------

    def session(self, account: Account) -> httpx.Client:
        """A client signed in as the account (signed in once per scenario)."""
        client = self._sessions.get(account.username)
        if client is None:
            client = httpx.Client(base_url=self.base, timeout=TIMEOUT, follow_redirects=False)
            self._sign_in(client, account)
            self._sessions[account.username] = client
        return client

    def _sign_in(self, client: httpx.Client, account: Account) -> None:
        page = _page(self._get(client, "/login").text)
        answer = client.post("/login", data={"csrf_token": _csrf(page), "username": account.username,
                                             "password": account.password})
        where = answer.headers.get("location", "")
        if answer.status_code in (401, 423) or not answer.is_redirect:
            raise failure(self.language, "sign_in_refused", user=account.username, status=answer.status_code)
        if "/login/dang-ky-xac-thuc" in where:
            raise failure(self.language, "needs_enrolment", user=account.username)
        if "/login/ma-xac-thuc" in where:
            if not account.totp_seed:
                raise failure(self.language, "needs_code", user=account.username)
            page = _page(self._get(client, where).text)
            answer = client.post(where, data={"csrf_token": _csrf(page), "code": pyotp.TOTP(account.totp_seed).now()})
            if not answer.is_redirect:
                raise failure(self.language, "code_refused", user=account.username)

    def _get(self, client: httpx.Client, url: str) -> httpx.Response:
        answer = client.get(url)
        for _ in range(5):
            if not answer.is_redirect:
                break
            answer = client.get(answer.headers["location"])
        if answer.status_code >= 400:
            raise failure(self.language, "http_error", url=url, status=answer.status_code)
        return answer

    # --- the desk ------------------------------------------------------------------------------------------

    def inbox(self, account: Account) -> list[InboxRow]:
        """The tasks waiting for a person: each table row with a link to a task and a link to a dossier."""
        page = _page(self._get(self.session(account), "/").text)
        rows = []
        for row in page.xpath("//tr[.//a[contains(@href, '/tasks/')]]"):
            task = next((a for a in row.xpath(".//a[@href]") if TASK_LINK.search(a.get("href"))), None)
            if task is None:
                continue
            dossier = next((DOSSIER_LINK.search(a.get("href")) for a in row.xpath(".//a[@href]")
                            if DOSSIER_LINK.search(a.get("href"))), None)
            task_match = TASK_LINK.search(task.get("href"))
            assert task_match is not None
            rows.append(InboxRow(task_match.group(1), task.text_content().strip(),
                                 int(dossier.group(1)) if dossier else None))
        for draft in page.xpath("//li[contains(concat(' ', @class, ' '), ' draft ')]"):  # intakes begun, apart
            link = next((a for a in draft.xpath(".//a[@href]") if TASK_LINK.search(a.get("href"))), None)
            found = TASK_LINK.search(link.get("href")) if link is not None else None
            if link is not None and found is not None:
                rows.append(InboxRow(found.group(1), link.get("data-title", "").strip(),
                                     int(draft.get("data-dossier-id"))))
        return rows

    def notices(self, account: Account) -> list[tuple[str, str, int | None]]:
        """(kind, step, dossier id) of the notices on a person's inbox page (``li.notice`` markers)."""
        page = _page(self._get(self.session(account), "/").text)
        return [(n.get("data-kind", ""), n.get("data-step", ""),
                 int(n.get("data-dossier-id")) if n.get("data-dossier-id") else None)
                for n in page.xpath("//li[contains(@class, 'notice')]")]

    def start(self, account: Account, unit_code: str, slug: str) -> str:
        """Start receiving a dossier at the counter; the id of the intake task it opens."""
        client = self.session(account)
        page = _page(self._get(client, "/dossiers/new").text)
        answer = client.post("/dossiers/new", data={"csrf_token": _csrf(page), "unit": unit_code, "procedure": slug})
        found = TASK_LINK.search(answer.headers.get("location", ""))
        if not answer.is_redirect or found is None:
            raise failure(self.language, "http_error", url="/dossiers/new", status=answer.status_code)
        return found.group(1)

    def task_values(self, account: Account, task_id: str) -> dict[str, str]:
        """What a task's form shows before anyone types (the prefilled values)."""
        page = _page(self._get(self.session(account), f"/tasks/{task_id}").text)
        form = _task_form(page)
        return _form_values(form) if form is not None else {}

    def dossier_in_inbox(self, account: Account, code: str) -> int:
        """The id of a dossier known by its code, from the person's inbox (its row links the dossier by code)."""
        page = _page(self._get(self.session(account), "/").text)
        for link in page.xpath("//a[@href]"):
            found = DOSSIER_LINK.search(link.get("href"))
            if found and link.text_content().strip() == code:
                return int(found.group(1))
        raise failure(self.language, "http_error", url="/", status=f"no dossier {code} in the inbox")

    def task_dossier(self, account: Account, task_id: str) -> tuple[int, str]:
        """(the dossier a task is on, the task's title): the task page links to its dossier, its heading is
        the title."""
        page = _page(self._get(self.session(account), f"/tasks/{task_id}").text)
        heading = " ".join(h.text_content().strip() for h in page.xpath("//h1")[:1])
        for href in page.xpath("//a/@href"):
            found = DOSSIER_LINK.search(str(href))
            if found:
                return int(found.group(1)), heading
        raise failure(self.language, "http_error", url=f"/tasks/{task_id}", status="no dossier link")

    def complete(self, account: Account, task_id: str, title: str, candidates: list[dict[str, Any]],
                 form: Form | None, words: FormWords | None) -> None:
        """Post the task's form with the first of ``candidates`` the server accepts (on top of what the page
        has prefilled); when none is, a TrialFailure naming the refused fields by their titles."""
        client = self.session(account)
        first: TrialFailure | None = None
        for data in candidates:
            page = _page(self._get(client, f"/tasks/{task_id}").text)
            task_form = _task_form(page)
            if task_form is None:
                raise failure(self.language, "http_error", url=f"/tasks/{task_id}", status="no form")
            values = _form_values(task_form)
            fields, cleared, files = encoded(form, data)
            values.update(fields)
            for key in cleared:
                values.pop(key, None)
            if task_form.xpath(".//input[@name='totp_code']"):
                if not account.totp_seed:
                    raise failure(self.language, "needs_code", user=account.username)
                values["totp_code"] = pyotp.TOTP(account.totp_seed).now()
            answer = client.post(f"/tasks/{task_id}", data=values, files=files or None)
            if answer.is_redirect:
                return
            first = first or self._refusal(answer, title, words)
        raise first or failure(self.language, "step_failed", task=title, detail="-")

    def _refusal(self, answer: httpx.Response, title: str, words: FormWords | None) -> TrialFailure:
        """Why the server refused a task's form: its field errors under their titles, or its message."""
        page = _page(answer.text)
        titles = {f.key: f.title for f in words.fields} if words else {}
        problems = []
        for element in page.xpath("//*[starts-with(@id, 'f_') and substring(@id, string-length(@id) - 3) = '_err']"):
            key = element.get("id")[2:-4]
            problems.append(f"«{titles.get(key, key)}»: {element.text_content().strip()}")
        code = page.xpath("//input[@name='totp_code']/ancestor::div[1]//p[contains(@class, 'error')]")
        problems += [c.text_content().strip() for c in code]
        if problems:
            return failure(self.language, "refused", form=words.title if words else "", task=title,
                           problems="; ".join(problems))
        message = " ".join(p.text_content().strip() for p in page.xpath("//p[contains(@class, 'flash')]"))
        return failure(self.language, "step_failed", task=title, detail=message or f"HTTP {answer.status_code}")

    def facts(self, account: Account, dossier_id: int) -> DossierFacts:
        """The dossier as its page shows it to ``account``."""
        page = _page(self._get(self.session(account), f"/dossiers/{dossier_id}").text)
        found = page.xpath("//*[@id='dossier-facts']")
        if not found:
            raise failure(self.language, "http_error", url=f"/dossiers/{dossier_id}", status="no #dossier-facts")
        data = found[0].attrib
        due = data.get("data-due-at") or ""
        return DossierFacts(int(data.get("data-dossier-id", dossier_id)), data.get("data-code", ""),
                            data.get("data-status", ""), data.get("data-timeliness") or None,
                            data.get("data-at-risk") or None, datetime.fromisoformat(due) if due else None,
                            data.get("data-procedure", ""))

    def start_document(self, account: Account, unit_code: str, slug: str) -> str:
        """Start a document (outgoing, minutes) from the books' "new document" page; its first task's id."""
        client = self.session(account)
        page = _page(self._get(client, "/van-ban/moi").text)
        answer = client.post("/van-ban/moi", data={"csrf_token": _csrf(page), "pick": f"{slug}|{unit_code}"})
        found = TASK_LINK.search(answer.headers.get("location", ""))
        if not answer.is_redirect or found is None:
            raise failure(self.language, "http_error", url="/van-ban/moi", status=answer.status_code)
        return found.group(1)

    def book(self, account: Account, book: str, unit_code: str) -> list[BookLine]:
        """A unit's book this year (``den`` incoming, ``di`` outgoing, ``bien-ban`` minutes)."""
        page = _page(self._get(self.session(account), f"/van-ban/so/{book}?don_vi={unit_code}").text)
        return [BookLine(int(row.get("data-number")), row.get("data-symbol", ""), row.get("data-summary", ""),
                         int(row.get("data-dossier-id")),
                         int(row.get("data-document-id")) if row.get("data-document-id") else None)
                for row in page.xpath("//tr[contains(@class, 'book-line')]")]

    def document(self, account: Account, document_id: int) -> bytes:
        """An issued document's file."""
        return self._get(self.session(account), f"/documents/{document_id}").content

    def verify_file(self, content: bytes) -> dict[str, Any]:
        """The verification of a signed PDF (the public API)."""
        return dict(self.public.post("/api/v1/verify", files={"file": ("document.pdf", content,
                                                                        "application/pdf")}).json())

    def open_tasks(self, account: Account, dossier_id: int) -> list[str]:
        """What the dossier waits for, as its page lists it (each open task linked, with who does it)."""
        page = _page(self._get(self.session(account), f"/dossiers/{dossier_id}").text)
        return [f"«{' '.join(li.text_content().split())}»" for li in page.xpath("//li[a[contains(@href, '/tasks/')]]")]

    def control_sheet(self, account: Account, dossier_id: int) -> bytes:
        """The dossier's control sheet PDF, as its page links it."""
        return self._get(self.session(account), f"/dossiers/{dossier_id}/phieu-kiem-soat.pdf").content

    def report(self, account: Account, unit_code: str, first: date, last: date) -> dict[str, Any]:
        """The unit's report figures over a period (the reports API, as its leader reads it)."""
        query = f"/api/v1/reports?unit={unit_code}&from={first.isoformat()}&to={last.isoformat()}"
        return dict(self._get(self.session(account), query).json()["total"])

    def submit_online(self, slug: str, unit_code: str, data: dict[str, Any], uploads: list[str],
                      form: Form) -> str:
        """Send a dossier from the procedure's online page; its code, as the page that confirms it shows it."""
        url = f"/thu-tuc/{slug}/nop-truc-tuyen"
        page = _page(self.public.get(url).text)
        fields, _, files = encoded(form, data)
        files.update({name: (f"{name}.pdf", SCAN, "application/pdf") for name in uploads})
        answer = self.public.post(url, data={"csrf_token": _csrf(page), "unit": unit_code, **fields},
                                  files=files or None)
        code = _page(answer.text).xpath("//*[@id='dossier-code']")
        if answer.status_code != 200 or not code:
            raise self._refusal(answer, url, FormWords(form, self.language))
        return str(code[0].text_content().strip())

    def send_feedback(self, data: dict[str, Any]) -> str:
        """Send feedback from the public page; its code, as the page that confirms it shows it."""
        page = _page(self.public.get("/phan-anh").text)
        answer = self.public.post("/phan-anh", data={"csrf_token": _csrf(page), **encoded(None, data)[0]})
        code = _page(answer.text).xpath("//*[@id='feedback-code']")
        if not code:
            raise self._refusal(answer, "/phan-anh", None)
        return str(code[0].text_content().strip())

    def take_call(self, account: Account, data: dict[str, Any]) -> str:
        """The 1022 operator types in a call; the id of the classification task it opens."""
        client = self.session(account)
        page = _page(self._get(client, "/1022/tiep-nhan").text)
        answer = client.post("/1022/tiep-nhan", data={"csrf_token": _csrf(page), **encoded(None, data)[0]})
        found = TASK_LINK.search(answer.headers.get("location", ""))
        if found is None:
            raise self._refusal(answer, "/1022/tiep-nhan", None)
        return found.group(1)

    def feedback_lookup(self, code: str) -> dict[str, Any]:
        """What anyone reads by a feedback's code (the ``#feedback-facts`` and ``#feedback-answer`` markers),
        and the page's whole text."""
        answer = self.public.get("/phan-anh/tra-cuu", params={"ma": code})
        page = _page(answer.text)
        facts = page.xpath("//*[@id='feedback-facts']")
        if not facts:
            raise failure(self.language, "http_error", url="/phan-anh/tra-cuu", status=answer.status_code)
        said = page.xpath("//*[@id='feedback-answer']")
        return {"status": facts[0].get("data-status"), "timeliness": facts[0].get("data-timeliness") or None,
                "agency": facts[0].get("data-agency", ""),
                "answer": said[0].text_content().strip() if said else "", "text": page.text_content()}

    # --- what the public sees ------------------------------------------------------------------------------

    def lookup(self, code: str, digits: str) -> bool:
        """Whether the public lookup finds a dossier by its code and the last 4 digits."""
        page = _page(self.public.get("/tra-cuu").text)
        answer = self.public.post("/tra-cuu", data={"csrf_token": _csrf(page), "ma": code, "so": digits})
        return answer.status_code == 200

    def verify(self, code: str) -> dict[str, Any]:
        """The verification of a dossier's signed result by its code (the public API)."""
        return dict(self.public.post("/api/v1/verify", data={"ma": code}).json())

    # --- the clock -----------------------------------------------------------------------------------------

    def _clock(self, call: Callable[..., httpx.Response], **kwargs: Any) -> datetime:
        if not self.clock_token:
            raise NotOverHttp(sentence(self.language, "no_clock_token"))
        answer = call("/thu-nghiem/dong-ho", headers={"X-Rehearsal-Token": self.clock_token}, **kwargs)
        if answer.status_code == 404:
            raise NotOverHttp(sentence(self.language, "clock_fixed"))
        if answer.status_code != 200:
            raise failure(self.language, "http_error", url="/thu-nghiem/dong-ho", status=answer.status_code)
        return datetime.fromisoformat(answer.json()["now"])

    def now(self) -> datetime:
        """The deployment's time (only a rehearsal server tells it)."""
        return self._clock(self.public.get)

    def set_clock(self, moment: datetime) -> datetime:
        """Move a rehearsal server's clock; it fires the step timers that came due, as its worker would."""
        return self._clock(self.public.post, json={"at": moment.isoformat()})
