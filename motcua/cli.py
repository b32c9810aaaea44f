"""The command line: check the pack, prepare the database, load demo data, serve."""
from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import click

from motcua.config import Settings
from motcua.engine.pack import load_pack
from motcua.engine.problems import PackError


@click.group()
def main() -> None:
    """MotCua: one-stop workflow runtime for commune-level service centers."""


@main.command()
@click.argument("pack_root", required=False, type=click.Path(file_okay=False, path_type=Path))
def validate(pack_root: Path | None) -> None:
    """Check every procedure, diagram, form and handler of the pack; exit 1 listing the problems."""
    root = pack_root or Settings.from_env().pack_root
    try:
        pack = load_pack(root)
    except PackError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(exc.problems)} problem(s); the pack cannot go live.", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(pack.procedures)} procedure(s), {len(pack.handlers.names())} handler(s) in {root}")


@main.command("db-upgrade")
def db_upgrade() -> None:
    """Apply the database migrations (also done at every start)."""
    from motcua.store.db import upgrade

    settings = Settings.from_env()
    upgrade(settings.database_url)
    click.echo(f"schema is up to date on {settings.database_url.split('@')[-1]}")


@main.command("seed-demo")
def seed_demo() -> None:
    """Create two demo wards and their staff, and print the logins."""
    from motcua.services.demo import seed_demo as seed
    from motcua.services.runtime import build_runtime

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    runtime.signer.keys.ca(settings.organization)
    click.echo(f"Deployment CA (signs leaders' certificates): {runtime.signer.keys.directory / 'ca.pem'}")
    click.echo("Demo logins (username / password — role):")
    for username, password, what in seed(runtime):
        click.echo(f"  {username:22} / {password} — {what}")


@main.command()
@click.argument("features", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--report-dir", default="reports", show_default=True, type=click.Path(path_type=Path))
@click.option("--list-steps", is_flag=True, help="print every step phrasing the library understands")
def trial(features: Path | None, report_dir: Path, list_steps: bool) -> None:
    """Replay the Gherkin trial scripts in FEATURES (default: features/) and write an HTML report."""
    from motcua import trial as trials

    root = Settings.from_env().pack_root
    if list_steps:
        click.echo(trials.known_steps(root))
        return
    result = trials.run(root, features or root / "features", report_dir)
    click.echo(f"report: {result.html}  (cucumber JSON: {result.cucumber_json})")
    sys.exit(result.exit_code)


@main.command("hand-over")
@click.argument("from_unit")
@click.argument("to_unit")
@click.option("--procedure", default=None, help="only dossiers of this procedure (its slug)")
@click.option("--comment", default="", help="printed on the control sheet")
def hand_over(from_unit: str, to_unit: str, procedure: str | None, comment: str) -> None:
    """Move every running dossier handled by FROM_UNIT to TO_UNIT, with its open tasks."""
    from motcua.services.errors import ServiceError
    from motcua.services.runtime import build_runtime
    from motcua.services.transfers import hand_over_unit

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    try:
        moved = hand_over_unit(runtime, from_unit, to_unit, comment, procedure)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(moved)} dossier(s) handed over from {from_unit} to {to_unit}: {', '.join(moved) or '-'}")


@main.command()
@click.option("--once", is_flag=True, help="do one round of what is due, then exit")
@click.option("--interval", default=5.0, show_default=True, help="seconds between rounds")
def worker(once: bool, interval: float) -> None:
    """Fire the step timers that are due and deliver the status outbox (when MOTCUA_PORTAL_URL is set).

    Several workers may run at once on PostgreSQL: each takes different dossiers.
    """
    from motcua.services.outbox import deliver_pending
    from motcua.services.portal import HttpSender
    from motcua.services.runtime import build_runtime
    from motcua.services.steps import fire_due_timers

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    send = HttpSender(settings.portal_url, settings.portal_token) if settings.portal_url else None
    if send is None:
        click.echo("MOTCUA_PORTAL_URL is not set: the outbox waits; only timers are fired")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping:
            fired = fire_due_timers(runtime)
            if fired:
                click.echo(f"timers: {fired} dossier(s) advanced")
            if send is not None:
                report = deliver_pending(runtime, send)
                if report.delivered or report.failed:
                    click.echo(f"outbox: {report.delivered} delivered, {report.failed} failed")
            if once:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        pass


@main.command()
@click.argument("procedure")
@click.argument("from_version", type=int)
@click.argument("to_version", type=int)
def migrate(procedure: str, from_version: int, to_version: int) -> None:
    """Move PROCEDURE's running dossiers from one version to another; list those that cannot move."""
    from motcua.services.errors import ServiceError
    from motcua.services.runtime import build_runtime
    from motcua.services.versions import migrate as migrate_dossiers

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    try:
        report = migrate_dossiers(runtime, procedure, from_version, to_version)
    except (ServiceError, KeyError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(report.moved)} dossier(s) moved from version {from_version} to {to_version}: "
               f"{', '.join(report.moved) or '-'}")
    for code, reason in report.refused:
        click.echo(f"not moved {code}: {reason}")
    if report.refused:
        sys.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def run(host: str, port: int) -> None:
    """Serve the web UI with Flask's development server (see the README for production)."""
    from motcua.web import create_app

    create_app().run(host=host, port=port)
