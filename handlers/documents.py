"""Official documents and meeting minutes (công tác văn thư, Nghị định 30/2020/NĐ-CP): enter an incoming
document in its book, sign and number an outgoing one, send it to the units it is addressed to, close, sign minutes.

The number of an outgoing document is given by the system from the unit's outgoing book at the moment
the leader signs ("cấp số bằng chức năng của Hệ thống"), so the signed PDF carries its số, ký hiệu and no byte
is added after the signature; the records clerk then checks and sends it.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from motcua.documents import official
from motcua.domain.dossier import Status
from motcua.engine.handlers import HandlerContext, Refusal, handler

LETTER = official.LETTER


def _issuer(ctx: HandlerContext) -> official.Issuer:
    unit = ctx.office.unit_name(ctx.dossier.handling_unit)
    place = unit
    for prefix in ("Phường ", "Xã ", "Đặc khu ", "Tỉnh ", "Thành phố "):
        place = place.removeprefix(prefix)
    code = ctx.dossier.code or ""
    verify = ctx.office.lookup_url(code).replace("/tra-cuu?", "/xac-thuc?")
    return official.Issuer(authority=f"Ủy ban nhân dân {unit}", place=place, verify_url=verify, verify_code=code)


def _opened(ctx: HandlerContext, summary: str) -> None:
    """A document gets a dossier code (what its QR code and the verification page show) when its work starts."""
    facts = ctx.dossier
    if not facts.code:
        facts.code = ctx.office.issue_code()
        facts.received_at = ctx.clock.now()
    facts.applicant_name = summary[:200]
    facts.status = Status.PROCESSING


def _finished(ctx: HandlerContext) -> None:
    ctx.dossier.status = Status.RETURNED
    ctx.dossier.finished_at = ctx.clock.now()


def _filename(prefix: str, symbol: str) -> str:
    return f"{prefix}-{symbol.replace('/', '-')}.pdf"


@handler("documents.open")
def open_document(ctx: HandlerContext, *, summary: str = "", optional: list[str] | None = None) -> dict[str, Any]:
    """Start a document's file (with its summary, once drafted); the ``optional`` fields a form may leave empty
    or a start may not bring are set to "" so that later expressions of the diagram can name them."""
    if summary:
        _opened(ctx, summary)
    return {name: ctx.data.get(name) or "" for name in optional or []}


@handler("documents.register_incoming")
def register_incoming(ctx: HandlerContext, *, sender: str, summary: str, symbol: str = "",
                      doc_type: str = LETTER, document_date: str = "", attachment: str = "",
                      sender_unit: str = "", delivered_from: int = 0) -> dict[str, Any]:
    """Enter a document received in the unit's incoming book (số đến of the unit and year).

    A paper document is typed in by the records clerk with its scan (``attachment``); a document another
    unit sent through the system (``delivered_from``) is entered on arrival with the signed PDF. The
    result says whom an answer goes to: the sender's unit when it is on the system, else by name.
    """
    _opened(ctx, summary)
    entry = ctx.office.enter_in_book("incoming", {
        "summary": summary, "counterpart": sender, "symbol": symbol, "doc_type": doc_type,
        "document_date": document_date or None, "source_id": delivered_from or None,
        "detail": {"sender_unit": sender_unit} if sender_unit else {}})
    if attachment:
        ctx.office.link_upload(entry["entry_id"], attachment)
    return {"incoming_entry": entry["entry_id"], "incoming_number": entry["number"],
            "reply_units": [sender_unit] if sender_unit else [], "reply_other": "" if sender_unit else sender,
            "reply_to": f"{symbol} của {sender}" if symbol else sender}


@handler("documents.sign_outgoing")
def sign_outgoing(ctx: HandlerContext, *, summary: str, content: str, recipients: list[str], doc_type: str = LETTER,
                  recipients_other: str = "", office: str = "VP", reply_to: str = "") -> dict[str, Any]:
    """Number the document in the unit's outgoing book, lay it out and sign it as the acting leader."""
    _opened(ctx, summary)
    names = [ctx.office.unit_name(code) for code in recipients]
    others = [line.strip(" -;") for line in recipients_other.splitlines() if line.strip(" -;")]
    if not names and not others:
        raise Refusal("document.no_recipient")
    entry = ctx.office.enter_in_book("outgoing", {
        "summary": summary, "counterpart": "; ".join(names + others), "doc_type": doc_type, "office": office,
        "document_date": ctx.clock.now().date().isoformat(),
        "detail": {"recipients": list(recipients), "others": others, **({"reply_to": reply_to} if reply_to else {})}})
    body = content if not reply_to else f"Trả lời văn bản số {reply_to}.\n\n{content}"
    pdf = official.outgoing(_issuer(ctx), symbol=entry["symbol"], doc_type=doc_type, summary=summary, content=body,
                            addressees=names + others, signer_title="TM. Ủy ban nhân dân",
                            signer_name=ctx.office.actor_name(), issued_at=ctx.clock.now())
    signed = ctx.office.sign(pdf, f"Ký ban hành văn bản số {entry['symbol']}")
    ctx.office.file_document(entry["entry_id"], "ket-qua", _filename("van-ban-di", entry["symbol"]), signed,
                             signed=True)
    ctx.dossier.status = Status.AWAITING_RETURN  # signed, waiting for the records clerk to send it
    return {"outgoing_entry": entry["entry_id"], "outgoing_symbol": entry["symbol"],
            "outgoing_recipients": list(recipients)}


@handler("documents.send")
def send(ctx: HandlerContext, *, entry: int, recipients: list[str]) -> dict[str, Any]:
    """Send the signed document to the recipient units on the system (each receives it as incoming) and close
    the file; recipients off the system get it by post or e-mail, as the book's "nơi nhận" says."""
    sent = ctx.office.deliver(int(entry), list(recipients))
    _finished(ctx)
    return {"sent_to": sent}


@handler("documents.close")
def close(ctx: HandlerContext, *, note: str) -> dict[str, Any]:
    """Close an incoming document without a written answer (for information, or handled): the note says how."""
    ctx.office.record("document.closed", {"note": note})
    _finished(ctx)
    return {}


@handler("documents.sign_minutes")
def sign_minutes(ctx: HandlerContext, *, title: str, meeting_date: str, start_time: str, place: str, chair: str,
                 secretary: str, attendees: str, content: str, conclusions: str,
                 conference_link: str = "") -> dict[str, Any]:
    """Number the minutes in the unit's book of minutes and sign them as the chairing leader."""
    _opened(ctx, title)
    held = f"{start_time}, ngày {date.fromisoformat(meeting_date):%d/%m/%Y}"
    entry = ctx.office.enter_in_book("minutes", {
        "summary": title, "counterpart": chair, "doc_type": "Biên bản", "document_date": meeting_date,
        "detail": {"held_at": held, "place": place, "chair": chair, "secretary": secretary,
                   "conference_link": conference_link}})
    meeting = official.Meeting(title=title, held_at=held, place=place, chair=chair, secretary=secretary,
                               attendees=attendees, content=content, conclusions=conclusions,
                               conference_link=conference_link)
    pdf = official.minutes(_issuer(ctx), meeting, symbol=entry["symbol"], signer_name=ctx.office.actor_name(),
                           issued_at=ctx.clock.now())
    signed = ctx.office.sign(pdf, f"Ký biên bản họp số {entry['symbol']}")
    ctx.office.file_document(entry["entry_id"], "ket-qua", _filename("bien-ban", entry["symbol"]), signed, signed=True)
    _finished(ctx)
    return {"minutes_entry": entry["entry_id"], "minutes_symbol": entry["symbol"]}
