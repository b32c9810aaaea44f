"""Access to the current app's runtime from views."""
from __future__ import annotations

from flask import current_app

from motcua.services.runtime import Runtime


def runtime() -> Runtime:
    """The runtime the app was built with."""
    return current_app.extensions["motcua"]
