"""The command line: check the pack, prepare the database, load demo data, serve."""
from __future__ import annotations

import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click

from motcua.config import DEFAULT_HOST, DEFAULT_PORT, Settings, default_public_url
from motcua.engine.pack import load_pack
from motcua.engine.problems import PackError, Problem
from motcua.errors import ServiceError
from motcua.messages import LOCALES, render
from motcua.services.catalogue_import import PATTERNS


def cli_locale(asked: str | None = None, default: str = "en") -> str:
    """The operator's language: ``--lang`` when given, else ``MOTCUA_LANG``, else the shell's ``LANG`` when it
    names Vietnamese or English (``vi_VN.UTF-8``, ``en_US.UTF-8``), else ``default`` (``C.UTF-8`` names neither)."""
    for wanted in (asked, os.environ.get("MOTCUA_LANG"), os.environ.get("LANG")):
        language = (wanted or "").lower()[:2]
        if language in LOCALES:
            return language
    return default


def said(error: ServiceError) -> str:
    """A service error in the operator's language (English unless asked otherwise, like the rest of the command
    line)."""
    return render(error.code, error.params, cli_locale())


@click.group()
def main() -> None:
    """MotCua: one-stop workflow runtime for commune-level service centers."""


@main.command()
@click.argument("pack_root", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LOCALES), default=None,
              help="the language of the report: vi (the default, for analysts) or en; else MOTCUA_LANG or LANG")
def validate(pack_root: Path | None, lang: str | None) -> None:
    """Check every procedure, diagram, form and handler of the pack, then dry-run every process (each path
    walked in memory with sample data, timers fired on a simulated clock); exit 1 listing the problems."""
    from motcua.engine.dryrun import dry_run_pack

    locale = cli_locale(lang, default="vi")
    root = pack_root or Settings.from_env().pack_root
    try:
        pack = load_pack(root)
    except PackError as exc:
        _refuse(exc.problems, locale)
    for loaded in pack.procedures.values():
        for note in loaded.compiled.notes:
            click.echo(render("validate.note", {"note": f"{note.where}: {note.text(locale)}"}, locale))
    runs = dry_run_pack(pack)
    for run in runs:
        click.echo(render("validate.walked", {"summary": run.summary(locale)}, locale))
    problems = [problem for run in runs for problem in run.problems]
    if problems:
        _refuse(problems, locale)
    click.echo(render("validate.ok", {"procedures": len(pack.procedures), "handlers": len(pack.handlers.names()),
                                      "root": root, "paths": sum(r.paths for r in runs)}, locale))


def _refuse(problems: list[Problem], locale: str = "en") -> NoReturn:
    for problem in problems:
        click.echo(render("validate.problem", {"where": problem.where, "message": problem.text(locale)}, locale),
                   err=True)
    click.echo(render("validate.refused", {"count": len(problems)}, locale), err=True)
    sys.exit(1)


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
    from motcua.services.demo import DEMO_TOTP_SECRET
    from motcua.services.demo import seed_demo as seed
    from motcua.services.runtime import build_runtime

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    runtime.signer.keys.ca(settings.organization)
    click.echo(f"Deployment CA (signs leaders' certificates): {runtime.signer.keys.directory / 'ca.pem'}")
    click.echo("Demo logins (username / password — role):")
    for username, password, what in seed(runtime):
        click.echo(f"  {username:22} / {password} — {what}")
    click.echo(f"Leaders, administrators and the analyst also give a code (two-step sign-in): add the demo seed\n"
               f"  {DEMO_TOTP_SECRET} to an authenticator app, or run `motcua demo-code` for the current code.")


@main.command("demo-code")
def demo_code() -> None:
    """Print the current sign-in code of the demo staff's published authenticator seed (demo only)."""
    import pyotp

    from motcua.services.demo import DEMO_TOTP_SECRET

    click.echo(pyotp.TOTP(DEMO_TOTP_SECRET).now())


@main.command()
@click.argument("args", nargs=-1)
@click.option("--report-dir", default="reports", show_default=True, type=click.Path(path_type=Path))
@click.option("--list-steps", is_flag=True, help="print every step phrasing the library understands")
@click.option("--list-fields", "list_fields", metavar="PROCEDURE", default=None,
              help="print the procedure's steps and each form's fields (title, key, type, required, choices)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="with `new`: the feature file to write (default: print it); with `prepare`: the accounts file")
@click.option("--debug", is_flag=True, help="show Python tracebacks of failed steps, not only the tester's sentence")
@click.option("--target", metavar="URL", default=None,
              help="replay the features over HTTP against this running MotCua (a staging server)")
@click.option("--accounts", type=click.Path(dir_okay=False, path_type=Path), envvar="MOTCUA_TRIAL_ACCOUNTS",
              default=None, help="with --target: who signs in for each role of each unit (motcua trial prepare)")
@click.option("--password", envvar="MOTCUA_TRIAL_PASSWORD", default=None,
              help="with --target or prepare: the rehearsal accounts' password")
@click.option("--totp-seed", envvar="MOTCUA_TRIAL_TOTP_SEED", default=None,
              help="with --target or prepare: the rehearsal accounts' authenticator seed (leaders, administrators)")
@click.option("--clock-token", envvar="MOTCUA_TRIAL_CLOCK_TOKEN", default=None,
              help="with --target: the server's MOTCUA_REHEARSAL_TOKEN, so steps may move its clock")
def trial(args: tuple[str, ...], report_dir: Path, list_steps: bool, list_fields: str | None, out: Path | None,
          debug: bool, target: str | None, accounts: Path | None, password: str | None, totp_seed: str | None,
          clock_token: str | None) -> None:
    """Replay the Gherkin trial scripts in FEATURES (default: features/) and write an HTML report.

    `motcua trial new PROCEDURE [--out FILE]` writes a Vietnamese feature for the procedure's main path
    instead, which runs green as written. `motcua trial --target URL --accounts FILE [FEATURES]` replays them
    against a running MotCua over HTTP; `motcua trial prepare [FEATURES] --out FILE`, run where the server's
    database is configured, creates the units the features declare (with rehearsal staff) and writes FILE."""
    from motcua import trial as trials

    root = Settings.from_env().pack_root
    if list_steps:
        click.echo(trials.known_steps(root))
        return
    if list_fields or (args and args[0] == "new"):
        _trial_skeleton(root, list_fields, args[1:] if args and args[0] == "new" else (), out)
        return
    if args and args[0] == "prepare":
        _trial_prepare(Path(args[1]) if len(args) > 1 else root / "features", out, password, totp_seed)
        return
    if len(args) > 1:
        raise click.UsageError("give one folder of features, or: new PROCEDURE, or: prepare [FEATURES]")
    features = Path(args[0]) if args else root / "features"
    if not features.is_dir():
        raise click.BadParameter(f"{features} is not a folder of .feature files", param_hint="FEATURES")
    goal = None
    if target:
        if accounts is None or not accounts.is_file():
            raise click.UsageError("--target needs --accounts FILE (write one with `motcua trial prepare --out FILE`)")
        goal = trials.Target(target, accounts, password, totp_seed, clock_token)
    result = trials.run(root, features, report_dir, ["--full-trace"] if debug else None, goal)
    click.echo(f"report: {result.html}  (cucumber JSON: {result.cucumber_json})")
    sys.exit(result.exit_code)


def _trial_prepare(features: Path, out: Path | None, password: str | None, totp_seed: str | None) -> None:
    """``prepare``: the units the features declare, with staff, on this deployment's database; the accounts file."""
    from motcua.services.runtime import build_runtime
    from motcua.trial import accounts, rehearsal

    if not features.is_dir():
        raise click.BadParameter(f"{features} is not a folder of .feature files", param_hint="FEATURES")
    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    try:
        declared = rehearsal.declared_units(features)
        if any(rehearsal.unit_code(runtime, name) is None for _, name, _ in declared) and not password:
            raise click.UsageError("new rehearsal accounts need a password: --password or MOTCUA_TRIAL_PASSWORD")
        made = rehearsal.prepare(runtime, features, password or "", totp_seed)
        text = accounts.written(runtime)
    finally:
        runtime.db.dispose()
    click.echo(f"units made: {', '.join(made) or 'none (all there)'}", err=True)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out}: use it with `motcua trial --target URL --accounts {out}`", err=True)


def _trial_skeleton(root: Path, list_fields: str | None, new: tuple[str, ...], out: Path | None) -> None:
    """``--list-fields PROCEDURE`` and ``new PROCEDURE``: what a tester writes a scenario from."""
    from motcua.trial import skeleton
    from motcua.trial.failures import closest

    if not list_fields and len(new) != 1:
        raise click.UsageError("say which procedure: motcua trial new PROCEDURE [--out FILE]")
    name = list_fields or new[0]
    try:
        pack = load_pack(root)
        loaded = pack.find(name)
    except PackError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyError:
        entries = [p.procedure for p in pack.procedures.values()]
        names = [p.name_vi for p in entries] + [p.slug for p in entries]
        raise click.ClickException(f"no procedure {name!r} in the catalogue. "
                                   f"{closest('en', name, names)}(motcua trial --list-fields SLUG)") from None
    if list_fields:
        click.echo(skeleton.fields(loaded))
        return
    text = skeleton.new_feature(pack, loaded.procedure.slug)
    if out is None:
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out}: run it with `motcua trial {out.parent}`")


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
        raise click.ClickException(said(exc)) from exc
    click.echo(f"{len(moved)} dossier(s) handed over from {from_unit} to {to_unit}: {', '.join(moved) or '-'}")


@main.command()
@click.option("--once", is_flag=True, help="do one round of what is due, then exit")
@click.option("--interval", default=5.0, show_default=True, help="seconds between rounds")
def worker(once: bool, interval: float) -> None:
    """Fire the step timers that are due, deliver the status outbox (when MOTCUA_PORTAL_URL is set), send the
    citizens' notices (by e-mail when MOTCUA_SMTP_URL is set, SMS when MOTCUA_SMS_URL is) and collect the
    answers of the remote-signing service (when MOTCUA_REMOTE_SIGNING is set).

    Several workers may run at once on PostgreSQL: each takes different dossiers. A lost database or a
    misbehaving portal is logged and retried with a backoff; deploy/motcua-worker.service keeps it running.
    """
    import logging

    from motcua.services import worker as rounds
    from motcua.services.portal import HttpSender
    from motcua.services.runtime import build_runtime

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    send = HttpSender(settings.portal_url, settings.portal_token) if settings.portal_url else None
    if send is None:
        click.echo("MOTCUA_PORTAL_URL is not set: the outbox waits; only timers are fired")
    try:
        notices = rounds.notice_senders(settings)
    except ValueError as exc:  # a relay or gateway setting that cannot work: say which, before any round
        raise click.ClickException(str(exc)) from exc
    for channel, variable in (("email", "MOTCUA_SMTP_URL"), ("sms", "MOTCUA_SMS_URL")):
        if channel not in notices.by_channel():
            click.echo(f"{variable} is not set: the citizens' notices by {channel} wait")
    if once:
        done = rounds.one_round(runtime, send, notices=notices)
        click.echo(f"timers: {done.fired} dossier(s) advanced; outbox: {done.delivered} delivered, "
                   f"{done.failed} failed, {done.held} held; remote signatures: {done.signatures} answered; "
                   f"notices to citizens: {done.notices_sent} sent, {done.notices_failed} failed; "
                   f"roll-ups: {done.rolled_up} day(s) built")
        return
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        rounds.run(runtime, send, interval, lambda: bool(stopping), notices=notices)
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
        raise click.ClickException(said(exc) if isinstance(exc, ServiceError) else str(exc)) from exc
    click.echo(f"{len(report.moved)} dossier(s) moved from version {from_version} to {to_version}: "
               f"{', '.join(report.moved) or '-'}")
    for code, reason in report.refused:
        click.echo(f"not moved {code}: {reason}")
    if report.refused:
        sys.exit(1)


@main.command()
@click.argument("dossier_code")
@click.argument("message")
@click.option("--data", "data", default="{}", help="the message's payload, a JSON object")
def deliver(dossier_code: str, message: str, data: str) -> None:
    """Hand MESSAGE (declared in the pack's messages.toml) to the dossier DOSSIER_CODE, which waits for it."""
    import json

    from motcua.services.errors import ServiceError
    from motcua.services.runtime import build_runtime
    from motcua.services.steps import deliver_message

    try:
        payload = json.loads(data)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc.msg} at character {exc.pos}", param_hint="--data") from exc
    if not isinstance(payload, dict):
        raise click.BadParameter("must be a JSON object ({...})", param_hint="--data")
    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    try:
        outcome = deliver_message(runtime, dossier_code, message, payload)
    except ServiceError as exc:
        raise click.ClickException(said(exc)) from exc
    click.echo(f"{dossier_code}: {message} delivered; waiting now: "
               f"{', '.join(role for _task, role in outcome.waiting) or 'nobody (finished or waiting on time)'}")


@main.group()
def rollups() -> None:
    """The daily roll-ups the reports and the heat map read (the worker keeps them up to date)."""


@rollups.command("rebuild")
@click.option("--from", "first", required=True, type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
              help="first day (YYYY-MM-DD or dd/mm/yyyy, Vietnam time)")
@click.option("--to", "last", required=True, type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
              help="last day, included; before today")
@click.option("--name", "names", multiple=True, help="only this roll-up (repeat for several; default: all)")
def rollups_rebuild(first: datetime, last: datetime, names: tuple[str, ...]) -> None:
    """Rebuild the roll-ups of every day from --from to --to, each day in its own transaction (idempotent)."""
    from motcua.services.rollup_upkeep import rebuild
    from motcua.services.runtime import build_runtime

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    try:
        done = rebuild(runtime, first.date(), last.date(), names or None)
    except ServiceError as exc:
        raise click.ClickException(said(exc)) from exc
    click.echo(f"{len(done.days)} day(s) rebuilt, {first:%d/%m/%Y}–{last:%d/%m/%Y}: "
               + (", ".join(f"{name} {rows} row(s)" for name, rows in sorted(done.rows.items())) or "no rows"))


@main.group()
def secrets() -> None:
    """What the database keeps sealed under the app's secret (the second-factor seeds)."""


@secrets.command("reseal")
def reseal() -> None:
    """Seal every second-factor seed under the current MOTCUA_SECRET_KEY, opening each with it or one of
    MOTCUA_PREVIOUS_SECRET_KEYS; afterwards the previous secrets may be removed. Exit 1 naming the accounts
    whose seed no secret opens (an administrator resets their second factor)."""
    from motcua.services.runtime import build_runtime
    from motcua.services.security import reseal_second_factors

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    done = reseal_second_factors(runtime)
    click.echo(f"{done.moved} second-factor seed(s) sealed under the current secret")
    if done.unreadable:
        raise click.ClickException(f"no known secret opens the seed of: {', '.join(done.unreadable)}; reset their "
                                   "second factor (Quản trị › Tài khoản › Đặt lại xác thực hai bước)")


@main.group()
def keys() -> None:
    """The signing key files under instance/pki (see the README's signing section)."""


@keys.command("rotate-passphrase")
@click.option("--new-passphrase-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="read the new passphrase from this file's first line (else MOTCUA_NEW_KEY_PASSPHRASE, else ask)")
def rotate_passphrase(new_passphrase_file: Path | None) -> None:
    """Re-encrypt every key file under a new passphrase, opening them with the current one.

    The current passphrase is MOTCUA_KEY_PASSPHRASE (or its _FILE), else the app's secret, as the app reads it.
    Afterwards set MOTCUA_KEY_PASSPHRASE to the new one and restart; nothing is changed if any key fails to open.
    """
    from motcua.services.signing import rotate_key_passphrase

    settings = Settings.from_env()
    if new_passphrase_file:
        lines = new_passphrase_file.read_text(encoding="utf-8").splitlines()
        new = lines[0].strip() if lines else ""
    else:
        new = os.environ.get("MOTCUA_NEW_KEY_PASSPHRASE") or click.prompt(
            "New key passphrase", hide_input=True, confirmation_prompt=True)
    directory = settings.instance_dir / "pki"
    try:
        count = rotate_key_passphrase(directory, settings.signing.key_passphrase or settings.secret(), new)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{count} key file(s) in {directory} re-encrypted under the new passphrase. Now set "
               "MOTCUA_KEY_PASSPHRASE (or MOTCUA_KEY_PASSPHRASE_FILE) to it and restart the app and the workers.")


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, envvar="HOST")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, envvar="PORT")
def run(host: str, port: int) -> None:
    """Serve the web UI with Flask's development server (see the README for production).

    Slips and their QR codes print MOTCUA_PUBLIC_URL; unset, the address served here, which is printed."""
    from motcua.web import create_app

    public_url = os.environ.setdefault("MOTCUA_PUBLIC_URL", default_public_url(host, port))
    click.echo(f"Public address on slips and QR codes: {public_url} (set MOTCUA_PUBLIC_URL to change it)")
    create_app().run(host=host, port=port)


@main.group()
def catalogue() -> None:
    """The pack's catalogue of procedures (processes/)."""


@catalogue.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pattern", type=click.Choice(PATTERNS),
              default=None, help="this standard pattern for every procedure, instead of the one the facts point to")
@click.option("--sheet", default=None, help="only this sheet (default: every sheet with the national columns)")
@click.option("--dry-run", is_flag=True, help="print what would be written, and write nothing")
@click.option("--pack", "pack_root", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="the pack (default: MOTCUA_PACK_ROOT or the project folder)")
def catalogue_import(file: Path, pattern: str | None, sheet: str | None, dry_run: bool,
                     pack_root: Path | None) -> None:
    """Turn a province's procedure list (.xlsx, the national database's columns) into processes/<slug>.toml
    entries on a standard pattern; exit 1 when a row could not be read. Files an analyst edited are kept."""
    from motcua.services.catalogue_import import STATUS_WORDS, import_catalogue
    from motcua.services.catalogue_sheet import SheetError

    root = pack_root or Settings.from_env().pack_root
    locale = cli_locale()
    try:
        report = import_catalogue(file, root, pattern=pattern, sheet=sheet, dry_run=dry_run)
    except SheetError as exc:
        raise click.ClickException(exc.said.text(locale)) from exc
    for note in report.notes:
        click.echo(render("validate.note", {"note": note.text(locale)}, locale))
    for outcome in report.outcomes:
        click.echo(outcome.line(locale))
        if dry_run and outcome.content:
            click.echo(render("sheet_import.would_write", {"file": outcome.path.name if outcome.path else ""}, locale))
            click.echo(outcome.content, nl=False)
            click.echo("---")
    counts = report.counts()
    summary = ", ".join(f"{counts.get(status, 0)} {render(words, {}, locale)}" for status, words in
                        STATUS_WORDS.items())
    click.echo(render("sheet_import.summary", {"dry": render("sheet_import.dry_run", {}, locale) if dry_run else "",
                                               "count": len(report.outcomes), "file": file.name, "counts": summary},
                      locale))
    if report.failed:
        click.echo(render("sheet_import.rows_failed", {"count": len(report.failed)}, locale), err=True)
        sys.exit(1)


@catalogue.command("publish")
def catalogue_publish() -> None:
    """Queue for the national portal every administrative procedure whose catalogue entry is new or changed
    since it was last queued (the worker sends them; one the portal's schema refuses is held for an
    administrator at /quan-tri/dong-bo)."""
    from motcua.services.portal_catalogue import publish
    from motcua.services.runtime import build_runtime

    settings = Settings.from_env()
    runtime = build_runtime(settings.database_url, settings.pack_root, **settings.runtime_options())
    published = publish(runtime)
    for slug in published.queued:
        click.echo(f"queued: {slug}")
    click.echo(f"{len(published.queued)} procedure(s) queued for the national portal, {published.unchanged} unchanged")


CATALOGUE_TEMPLATE = """\
# processes/{slug}.toml: the catalogue entry of this procedure. Fill in and uncomment every TODO from the
# procedure's official record (dichvucong.gov.vn): `motcua validate` names each one still missing.
name_vi = "{name}"
diagram = "{diagram}"
process_id = "{process_id}"
# code = "TODO"  # the national procedure code, e.g. "1.004227"
# name_en = "TODO"
# field = "TODO"  # as in the national database, e.g. "Hộ tịch"
# level = "TODO"  # "commune" or "province"
# processing_days = TODO  # or processing_hours: the statutory time
# fee = "TODO"
# result = "TODO"  # what the citizen receives
# legal_basis = ["TODO"]
# [[papers]]  # one block per paper of the dossier
# name = "TODO"
# originals = 1
"""


def _diagram_stem(path: Path) -> str:
    name = path.name
    for suffix in (".bpmn20.xml", ".bpmn", ".xml"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", default=None, help="the procedure it becomes (processes/SLUG.toml); default: the file's name")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="where to write the converted diagram (default: the pack's bpmn/ folder, under the file's name)")
@click.option("--force", is_flag=True, help="overwrite the output file if it exists")
@click.option("--pack", "pack_root", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="the pack (default: MOTCUA_PACK_ROOT or the project folder)")
def import_command(file: Path, slug: str | None, out: Path | None, force: bool, pack_root: Path | None) -> None:
    """Convert a Camunda 7/8, Flowable or Activiti diagram into one MotCua runs, listing what needs a hand."""
    from motcua.engine.handlers import HandlerError, HandlerRegistry
    from motcua.engine.pack import read_procedure
    from motcua.services.authoring import check_imported, import_foreign

    root = pack_root or Settings.from_env().pack_root
    slug = slug or _diagram_stem(file).replace("-", "_").replace(" ", "_").lower()
    target = out or root / "bpmn" / f"{_diagram_stem(file)}.bpmn"
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists: choose another --out, or --force to overwrite it")
    try:
        handlers = HandlerRegistry.load(root / "handlers")
    except HandlerError as exc:
        raise click.ClickException(f"the pack's handlers do not load: {exc}") from exc
    entry = root / "processes" / f"{slug}.toml"
    existing = read_procedure(entry, root) if entry.is_file() else None
    process_id = existing.process_id if existing is not None and not isinstance(existing, Problem) else None
    try:
        imported = import_foreign(root, handlers, file.name, file.read_bytes(), process_id)
    except PackError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    click.echo(f"{file.name}: settings of {', '.join(imported.engines) or 'no other engine'}")
    click.echo(f"converted ({len(imported.converted)}):")
    for done in imported.converted:
        click.echo(f"  {done}")
    click.echo(f"to do by hand ({len(imported.notes)}):")
    for note in imported.notes:
        click.echo(f"  {note}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(imported.xml, encoding="utf-8")
    shown = str(target.relative_to(root)) if target.is_relative_to(root) else str(target)
    click.echo(f"written: {target}")
    problems = check_imported(root, handlers, imported, target, shown)
    if problems:
        click.echo(f"the pack's checks still refuse it ({len(problems)}):")
        for problem in problems:
            click.echo(f"  {problem}")
    else:
        click.echo("the pack's checks pass (`motcua validate` also walks every path once the catalogue names it)")
    if existing is not None and not isinstance(existing, Problem) and existing.diagram == target.name:
        click.echo(f"{entry.relative_to(root)} already names this diagram")
    elif existing is not None:
        click.echo(f"then: set diagram = \"{target.name}\" in {entry} if this diagram replaces its own")
    else:
        first = (imported.process_ids or [""])[0]
        name = imported.process_names.get(first, "")
        click.echo(f"then: write processes/{slug}.toml (a template follows), and run `motcua validate`\n")
        click.echo(CATALOGUE_TEMPLATE.format(slug=slug, name=name.replace('"', '\\"'), diagram=target.name,
                                             process_id=first), nl=False)
