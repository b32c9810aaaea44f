"""Helpers the handlers share to issue slips (not a handler module: its name starts with an underscore)."""
from __future__ import annotations

from motcua.documents.layout import Letterhead
from motcua.documents.slips import Applicant, PaperCount
from motcua.engine.handlers import HandlerContext


def letterhead(ctx: HandlerContext) -> Letterhead:
    """The issuing unit (where the dossier sits now), the dossier code and its lookup address."""
    code = ctx.dossier.code or ""
    unit = ctx.office.unit_name(ctx.dossier.handling_unit)
    return Letterhead(unit_name=unit, dossier_code=code, lookup_url=ctx.office.lookup_url(code),
                      place=unit.removeprefix("Phường ").removeprefix("Xã "))


def applicant(ctx: HandlerContext) -> Applicant:
    """The applicant with the contacts the forms print (the reception form's address and e-mail, if given)."""
    return Applicant(name=ctx.dossier.applicant_name or str(ctx.data.get("applicant_name") or ""),
                     address=str(ctx.data.get("applicant_address") or ""),
                     phone=ctx.dossier.applicant_phone or str(ctx.data.get("applicant_phone") or ""),
                     email=str(ctx.data.get("applicant_email") or ""))


def return_place(ctx: HandlerContext) -> str:
    """Where the citizen collects the result: the one-stop counter of the unit that received the dossier."""
    return f"Bộ phận Một cửa, {ctx.office.unit_name(ctx.dossier.receiving_unit)}"


def papers_handed_in(ctx: HandlerContext) -> list[PaperCount]:
    """The papers the clerk ticked as received, with their counts."""
    return [PaperCount(p["name"], int(p.get("originals", 0)), int(p.get("copies", 0)))
            for p in ctx.data.get("papers_received", []) if p.get("originals") or p.get("copies")]


def issue(ctx: HandlerContext, kind: str, pdf: bytes, signed: bool = False) -> None:
    """Keep a slip with the dossier under a name a clerk recognises when printing it."""
    ctx.office.attach(kind, f"{kind}-{ctx.dossier.code}.pdf", pdf, signed=signed)
