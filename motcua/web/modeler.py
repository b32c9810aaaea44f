"""The analysts' modeler: bpmn-js in the browser, checked and versioned on the server.

bpmn-js comes from npm (``make setup`` installs it into node_modules) and is
served from there; it is never committed. Saving posts the whole diagram; the
same checks as ``motcua validate`` decide whether it becomes the next version.
A shared part of the frame (``bpmn/shared/<part>.bpmn``) opens in the same editor; its save is checked in
every procedure that calls it, and the answer says which version each of them got, or its problems.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, jsonify, render_template, request, send_from_directory
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from motcua.config import PROJECT_ROOT
from motcua.engine.library import SHARED_DIR
from motcua.engine.problems import PackError
from motcua.services import authoring, versions
from motcua.web.auth import login_required
from motcua.web.context import runtime


def _locale() -> str:
    return str(get_locale() or "vi")


bp = Blueprint("modeler", __name__, url_prefix="/modeler")
VENDOR = PROJECT_ROOT / "node_modules" / "bpmn-js" / "dist"
PART_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")  # a shared part by its file's stem: bpmn/shared/<part>.bpmn
VENDOR_FILES = {"bpmn-modeler.production.min.js", "bpmn-navigated-viewer.production.min.js",  # the heat map's viewer
                "assets/diagram-js.css", "assets/bpmn-js.css",
                "assets/bpmn-font/css/bpmn-embedded.css"}


def analyst_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only analysts edit diagrams."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not g.user.units_with("analyst"):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.get("/")
@analyst_required
def index() -> Any:
    procedures = sorted(runtime().pack.procedures.values(), key=lambda p: p.procedure.name_vi)
    return render_template("modeler/index.html", procedures=[
        (p.procedure, versions.history(runtime(), p.procedure.slug)) for p in procedures],
        parts=versions.shared_parts(runtime()), pack=runtime().pack.procedures)


@bp.get("/<slug>")
@analyst_required
def edit(slug: str) -> Any:
    if slug not in runtime().pack.procedures:
        abort(404)
    palette = authoring.palette(runtime(), str(get_locale() or "vi"))
    return render_template("modeler/edit.html", procedure=runtime().pack.get(slug).procedure,
                           history=versions.history(runtime(), slug), palette=asdict(palette),
                           parts=[(name, Path(name).stem) for name in versions.parts_called(runtime(), slug)],
                           vendor_ready=(VENDOR / "bpmn-modeler.production.min.js").is_file())


@bp.get("/<slug>/diagram.bpmn")
@analyst_required
def diagram(slug: str) -> Response:
    number, xml = versions.diagram(runtime(), slug, _asked_version())
    return _bpmn_file(xml, f"{slug}-v{number}.bpmn")


@bp.post("/<slug>")
@analyst_required
def save(slug: str) -> Any:
    if slug not in runtime().pack.procedures:
        abort(404)
    xml = _sent_diagram()
    if isinstance(xml, tuple):
        return xml
    saved = versions.save_diagram(runtime(), g.user.id, slug, xml)
    if saved.problems:
        return jsonify({"ok": False, "problems": [p.as_dict(_locale()) for p in saved.problems]}), 422
    return jsonify({"ok": True, "version": saved.number, "created": saved.created, "paths": saved.paths})


def _asked_version() -> int | None:
    """The ``?version=`` of a download (404 for a number no version could have)."""
    version = request.args.get("version", type=int)
    if version is not None and not 0 < version < 2**31:
        abort(404)
    return version


def _bpmn_file(xml: str, filename: str) -> Response:
    return Response(xml, mimetype="application/xml", headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _refused(message: str) -> tuple[Response, int]:
    """A save or import the modeler sent without what it needs, said in the analyst's language."""
    return jsonify({"ok": False, "problems": [{"message": message, "element": None}]}), 400


def _sent_diagram() -> str | tuple[Response, int]:
    """The diagram text a save posted as ``{"xml": ...}``, or the answer refusing it."""
    sent = request.get_json(silent=True)
    xml = sent.get("xml", "") if isinstance(sent, dict) else ""
    if not isinstance(xml, str):
        return _refused(_("Trường xml phải là nội dung sơ đồ."))
    if not xml.strip():
        return _refused(_("Chưa gửi sơ đồ nào."))
    return xml


def _part(part: str) -> str:
    """The file name of the shared part ``part`` names (404 when it names none)."""
    if not PART_NAME.fullmatch(part) or not (runtime().pack.root / SHARED_DIR / f"{part}.bpmn").is_file():
        abort(404)
    return f"{SHARED_DIR}{part}.bpmn"


@bp.get("/shared/<part>")
@analyst_required
def edit_part(part: str) -> Any:
    name = _part(part)
    [info] = [p for p in versions.shared_parts(runtime()) if p.name == name]
    palette = authoring.palette(runtime(), str(get_locale() or "vi"))
    return render_template("modeler/part.html", part=info, stem=part, pack=runtime().pack.procedures,
                           history=versions.shared_part_history(runtime(), name), palette=asdict(palette),
                           vendor_ready=(VENDOR / "bpmn-modeler.production.min.js").is_file())


@bp.get("/shared/<part>/diagram.bpmn")
@analyst_required
def part_diagram(part: str) -> Response:
    _name, number, xml = versions.shared_part(runtime(), _part(part), _asked_version())
    return _bpmn_file(xml, f"{part}-v{number or 0}.bpmn")


@bp.post("/shared/<part>")
@analyst_required
def save_part(part: str) -> Any:
    name = _part(part)
    xml = _sent_diagram()
    if isinstance(xml, tuple):
        return xml
    saved = versions.save_shared_part(runtime(), g.user.id, name, xml)
    locale = str(get_locale() or "vi")
    procedures = runtime().pack.procedures

    def named(slug: str) -> str:
        return procedures[slug].procedure.name(locale)

    if not saved.ok:
        problems = [{**p.as_dict(_locale()), "procedure": None, "procedure_name": None} for p in saved.problems]
        problems += [{**p.as_dict(_locale()), "procedure": slug, "procedure_name": named(slug)}
                     for slug, found in sorted(saved.by_procedure.items()) for p in found]
        return jsonify({"ok": False, "problems": problems}), 422
    return jsonify({"ok": True, "version": saved.number, "created": saved.created, "paths": saved.paths,
                    "procedures": [{"slug": slug, "name": named(slug), "version": o.number, "created": o.created}
                                   for slug, o in sorted(saved.procedures.items())]})


@bp.post("/<slug>/import")
@analyst_required
def import_diagram(slug: str) -> Any:
    """Convert an uploaded Camunda/Flowable/Activiti diagram for the page to open; nothing is saved here."""
    if slug not in runtime().pack.procedures:
        abort(404)
    upload = request.files.get("file")
    content = upload.read() if upload else b""
    if upload is None or not content.strip():
        return _refused(_("Chưa gửi tệp sơ đồ nào."))
    try:
        imported = authoring.import_into(runtime(), slug, upload.filename or "diagram.bpmn", content)
    except PackError as exc:
        return jsonify({"ok": False, "problems": [p.as_dict(_locale()) for p in exc.problems]}), 422
    return jsonify({"ok": True, "xml": imported.xml, "engines": imported.engines,
                    "converted": [p.as_dict(_locale()) for p in imported.converted],
                    "notes": [p.as_dict(_locale()) for p in imported.notes]})


@bp.get("/vendor/<path:name>")
@login_required
def vendor(name: str) -> Response:
    if name not in VENDOR_FILES and not name.startswith("assets/bpmn-font/font/"):
        abort(404)
    return send_from_directory(Path(VENDOR), name, max_age=3600)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> Any:
    """A diagram over the request limit is answered like any refused save: one problem naming the limit."""
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    message = (f"the diagram is larger than {limit} MB, the most one save or import may send: split it into smaller "
               "diagrams (call activities), or remove what it does not need (long documentation, embedded images)")
    return jsonify({"ok": False, "problems": [{"file": None, "element": None, "line": None, "message": message}]}), 413
