"""The operator's commands against a real database: demo data with its CA, and a bulk hand-over."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from motcua.cli import main
from motcua.messages import render
from tests.support.runtimes import SECRET


def environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "MOTCUA_INSTANCE_DIR": str(tmp_path / "instance"),
            "MOTCUA_SECRET_KEY": "cli-test"}


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """A deployment whose database has the demo data already."""
    return environment(database_url, tmp_path)


def test_seed_demo_prints_logins_and_creates_the_deployment_ca(empty_database_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["seed-demo"], env=environment(empty_database_url, tmp_path))
    assert result.exit_code == 0, result.output
    assert "tiepnhan.longan" in result.output and "motcua-demo" in result.output
    assert (tmp_path / "instance" / "pki" / "ca.pem").is_file()
    assert b"ENCRYPTED" in (tmp_path / "instance" / "pki" / "ca.key.pem").read_bytes()


def test_hand_over_moves_nothing_from_an_idle_unit_and_names_an_unknown_one(env: dict[str, str]) -> None:
    runner = CliRunner()
    idle = runner.invoke(main, ["hand-over", "80002", "80001"], env=env)
    assert idle.exit_code == 0 and "0 dossier(s) handed over from 80002 to 80001" in idle.output
    unknown = runner.invoke(main, ["hand-over", "99999", "80001"], env={**env, "LANG": "C.UTF-8"})
    assert unknown.exit_code == 1 and "No unit 99999." in unknown.output
    in_vietnamese = runner.invoke(main, ["hand-over", "99999", "80001"], env={**env, "LANG": "vi_VN.UTF-8"})
    assert in_vietnamese.exit_code == 1 and render("unit.not_found", {"unit": "99999"}) in in_vietnamese.output


def test_the_worker_fires_timers_and_says_the_outbox_waits_without_a_portal(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["worker", "--once"], env=env)
    assert result.exit_code == 0, result.output
    assert "MOTCUA_PORTAL_URL is not set" in result.output
    assert "MOTCUA_SMTP_URL is not set: the citizens' notices by email wait" in result.output
    assert "notices to citizens: 0 sent, 0 failed" in result.output
    misconfigured = CliRunner().invoke(main, ["worker", "--once"], env={**env, "MOTCUA_SMTP_URL": "smtp://relay.vn"})
    assert misconfigured.exit_code == 1 and "MOTCUA_MAIL_FROM must be an e-mail address" in misconfigured.output


def test_migrate_reports_what_it_moved_and_refuses_unknown_versions(env: dict[str, str]) -> None:
    runner = CliRunner()
    same = runner.invoke(main, ["migrate", "land_change", "1", "1"], env=env)
    assert same.exit_code == 0 and "0 dossier(s) moved from version 1 to 1" in same.output
    unknown = runner.invoke(main, ["migrate", "land_change", "1", "9"], env={**env, "LANG": "C.UTF-8"})
    assert unknown.exit_code == 1 and "land_change has no version 9." in unknown.output


def test_after_rotating_the_app_secret_the_seeds_are_resealed_with_the_previous_one(env: dict[str, str]) -> None:
    """The demo staff's seeds were sealed under the tests' secret; this deployment now runs on another one."""
    runner = CliRunner()
    locked = runner.invoke(main, ["secrets", "reseal"], env=env)
    assert locked.exit_code == 1 and "no known secret opens the seed of: " in locked.output
    assert "lanhdao.longan" in locked.output
    moved = runner.invoke(main, ["secrets", "reseal"], env={**env, "MOTCUA_PREVIOUS_SECRET_KEYS": SECRET})
    assert moved.exit_code == 0, moved.output
    count = int(moved.output.split()[0])
    assert count >= 4 and "sealed under the current secret" in moved.output
    again = runner.invoke(main, ["secrets", "reseal"], env=env)  # the previous secret is no longer needed
    assert again.exit_code == 0 and again.output.startswith(f"{count} second-factor seed(s)")
