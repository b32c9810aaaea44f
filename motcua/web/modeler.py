"""The analysts' modeler: bpmn-js in the browser, checked and versioned on the server.

bpmn-js comes from npm (``make setup`` installs it into node_modules) and is
served from there; it is never committed. Saving posts the whole diagram; the
same checks as ``motcua validate`` decide whether it becomes the next version.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, g, jsonify, render_template, request, send_from_directory
from flask_babel import get_locale

from motcua.config import PROJECT_ROOT
from motcua.services import authoring, versions
from motcua.web.auth import login_required
from motcua.web.context import runtime

bp = Blueprint("modeler", __name__, url_prefix="/modeler")
VENDOR = PROJECT_ROOT / "node_modules" / "bpmn-js" / "dist"
VENDOR_FILES = {"bpmn-modeler.production.min.js", "assets/diagram-js.css", "assets/bpmn-js.css",
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
        (p.procedure, versions.history(runtime(), p.procedure.slug)) for p in procedures])


@bp.get("/<slug>")
@analyst_required
def edit(slug: str) -> Any:
    if slug not in runtime().pack.procedures:
        abort(404)
    palette = authoring.palette(runtime(), str(get_locale() or "vi"))
    return render_template("modeler/edit.html", procedure=runtime().pack.get(slug).procedure,
                           history=versions.history(runtime(), slug), palette=asdict(palette),
                           vendor_ready=(VENDOR / "bpmn-modeler.production.min.js").is_file())


@bp.get("/<slug>/diagram.bpmn")
@analyst_required
def diagram(slug: str) -> Response:
    number, xml = versions.diagram(runtime(), slug, request.args.get("version", type=int))
    return Response(xml, mimetype="application/xml",
                    headers={"Content-Disposition": f'inline; filename="{slug}-v{number}.bpmn"'})


@bp.post("/<slug>")
@analyst_required
def save(slug: str) -> Any:
    xml = (request.get_json(silent=True) or {}).get("xml", "")
    if not xml.strip():
        return jsonify({"ok": False, "problems": [{"message": "no diagram was sent", "element": None}]}), 400
    saved = versions.save_diagram(runtime(), g.user.id, slug, xml)
    if saved.problems:
        return jsonify({"ok": False, "problems": [p.as_dict() for p in saved.problems]}), 422
    return jsonify({"ok": True, "version": saved.number, "created": saved.created})


@bp.get("/vendor/<path:name>")
@login_required
def vendor(name: str) -> Response:
    if name not in VENDOR_FILES and not name.startswith("assets/bpmn-font/font/"):
        abort(404)
    return send_from_directory(Path(VENDOR), name, max_age=3600)
