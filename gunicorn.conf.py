"""Gunicorn settings for serving MotCua in production: ``gunicorn app:app`` reads this file.

The app is built once in the master (``preload_app``): migrations run and the pack's versions are
registered once, not raced by every worker; each worker then drops the connections it inherited.
Environment: GUNICORN_BIND (default 0.0.0.0:8000), GUNICORN_WORKERS (default 2 per CPU + 1); with more than
one worker MOTCUA_RATELIMIT_STORAGE must be shared (redis://…), or gunicorn refuses to start.
"""
import multiprocessing
import os

from motcua.config import check_shared_limits

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
preload_app = True
check_shared_limits(os.environ.get("MOTCUA_RATELIMIT_STORAGE", "memory://"), workers)  # refuses per-process counts
timeout = 60
accesslog = "-"


def post_fork(server, worker) -> None:  # noqa: ANN001, ARG001 - gunicorn hook
    """A forked worker must not share the master's database connections."""
    from app import app

    app.extensions["motcua"].db.dispose(close=False)
