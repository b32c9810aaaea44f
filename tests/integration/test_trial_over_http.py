"""`motcua trial --target`: every feature of the pack replayed over HTTP against a real server (gunicorn, one
worker, a stopped clock the rehearsal token may move), on a fresh database with the demo data and the units the
features declare (``motcua trial prepare``). Each scenario passes or is reported not possible over HTTP, with why;
mistakes read as they do in-process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.serving import free_port
from motcua import trial
from motcua.services.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from motcua.services.runtime import Runtime
from motcua.trial import accounts, rehearsal
from tests.support.runtimes import PROJECT_ROOT, SECRET

TOKEN = "rehearsal-test-token"  # noqa: S105 - the test server's rehearsal token
# Scenarios that cannot be replayed over HTTP, and why (the report must say so, not fail or fake them).
NOT_OVER_HTTP = {
    "A busy first day without congestion": "reception clerks",
    "Hai quầy gọi số theo thứ tự lấy số": "cán bộ tiếp nhận",
    "Hồ sơ đang giải quyết ở huyện được bàn giao về xã và trả kết quả tại xã": "motcua hand-over",
    "Hồ sơ chưa trả khi đã qua ngày hẹn là hồ sơ đang quá hạn": "đang quá hạn",
    "Khai sinh đúng hạn được miễn lệ phí": "gọi thẳng dịch vụ",  # the fee steps are in-process only, so far
    "Chứng thực 2 bản sao của giấy 3 trang, nộp phí bằng chuyển khoản": "gọi thẳng dịch vụ",
    # the scanning steps are in-process only, so far (features/steps/papers.py)
    "Cùng công dân mang hồ sơ thứ hai: dùng lại giấy tờ của hồ sơ thứ nhất": "quét giấy tờ cần chọn tệp",
    "Giấy xác nhận tình trạng hôn nhân quá 6 tháng thì phải nộp lại": "quét giấy tờ cần chọn tệp",
}

MISTAKES = """# language: vi
Tính năng: Lỗi của người viết kịch bản, chạy trên máy chủ
  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Một lựa chọn biểu mẫu không có
    Khi công dân nộp hồ sơ "đăng ký khai sinh" tại "Long An" với:
      | trường          | giá trị      |
      | Giới tính       | Không rõ     |

  Kịch bản: Bước không có trên hồ sơ
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Long An"
    Và lãnh đạo của "Long An" ký duyệt kết quả

  Kịch bản: Đơn vị chưa chuẩn bị trên máy chủ
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Hà Tiên"
"""


@pytest.fixture
def rehearsal_server(runtime: Runtime, database_url: str, instance_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A server as a staging one is run for a rehearsal: the demo data, the features' units prepared, its clock
    stopped at MOTCUA_NOW and movable with the token; one gunicorn worker (the clock lives in the process)."""
    rehearsal.prepare(runtime, PROJECT_ROOT / "features", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    (tmp_path / "accounts.toml").write_text(accounts.written(runtime), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "MOTCUA_INSTANCE_DIR": str(instance_dir),
           "MOTCUA_SECRET_KEY": SECRET, "MOTCUA_NOW": "2025-11-24T08:30:00+07:00", "MOTCUA_REHEARSAL_TOKEN": TOKEN,
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "app:app", "-c", "gunicorn.conf.py",
                               "--access-logfile", "/dev/null", "--timeout", "300"], cwd=PROJECT_ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _outcomes(result: trial.TrialRun) -> dict[str, str]:
    """Scenario name -> passed / failed / not_over_http, as the report counts them."""
    cucumber = json.loads(result.cucumber_json.read_text(encoding="utf-8"))
    impossible = result.html.parent / "not-over-http.jsonl"
    lines = [json.loads(line) for line in impossible.read_text(encoding="utf-8").splitlines()] \
        if impossible.exists() else []
    found = {}
    for feature in cucumber:
        for element in feature["elements"]:
            statuses = {s["result"]["status"] for s in element["steps"]}
            found[element["name"]] = "failed" if "failed" in statuses else "passed"
    for line in lines:
        found[line["scenario"]] = "not_over_http"
    return found


def test_every_feature_runs_over_http_against_a_server(rehearsal_server: str, tmp_path: Path, capfd) -> None:
    target = trial.Target(rehearsal_server, tmp_path / "accounts.toml", DEMO_PASSWORD, DEMO_TOTP_SECRET, TOKEN)
    result = trial.run(PROJECT_ROOT, PROJECT_ROOT / "features", tmp_path / "reports", target=target)
    output = capfd.readouterr().out
    assert result.exit_code == 0, output[-4000:]
    outcomes = _outcomes(result)
    assert {name for name, outcome in outcomes.items() if outcome == "not_over_http"} == set(NOT_OVER_HTTP), outcomes
    assert "failed" not in outcomes.values(), outcomes
    assert sum(outcome == "passed" for outcome in outcomes.values()) >= 20, outcomes
    html = result.html.read_text(encoding="utf-8")
    for reason in NOT_OVER_HTTP.values():
        assert reason in html
    assert "Máy chủ chạy thử (qua HTTP)" in html and rehearsal_server in html
    assert "9 không thực hiện được qua HTTP" in html  # the busy day is an outline of two examples
    assert httpx.get(f"{rehearsal_server}/thu-nghiem/dong-ho", timeout=5).status_code == 403  # no token, no clock


def test_mistakes_over_http_read_as_a_tester_s_sentences(rehearsal_server: str, tmp_path: Path, capfd) -> None:
    folder = tmp_path / "features"
    folder.mkdir()
    (folder / "mistakes.feature").write_text(MISTAKES, encoding="utf-8")
    target = trial.Target(rehearsal_server, tmp_path / "accounts.toml", DEMO_PASSWORD, DEMO_TOTP_SECRET, TOKEN)
    result = trial.run(PROJECT_ROOT, folder, tmp_path / "reports", target=target)
    output = capfd.readouterr().out
    assert result.exit_code == 1
    assert "Trường «Giới tính» không nhận giá trị «Không rõ»: chỉ chọn một trong" in output
    assert "Lãnh đạo của «Long An» không có bước «Phê duyệt kết quả» trên hồ sơ này" in output
    assert "Máy chủ chạy thử không có đơn vị «Hà Tiên»" in output and "motcua trial prepare" in output
    assert "Traceback" not in output


def test_without_the_clock_token_the_steps_that_move_time_are_not_possible(rehearsal_server: str,
                                                                            tmp_path: Path, capfd) -> None:
    folder = tmp_path / "features"
    folder.mkdir()
    (folder / "one.feature").write_text((PROJECT_ROOT / "features" / "meeting_minutes.feature").read_text(),
                                        encoding="utf-8")
    target = trial.Target(rehearsal_server, tmp_path / "accounts.toml", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    result = trial.run(PROJECT_ROOT, folder, tmp_path / "reports", target=target)
    capfd.readouterr()
    assert result.exit_code == 0
    assert _outcomes(result) == {"The minutes of a ward's briefing are signed and kept in its register":
                                 "not_over_http"}
    assert "this step moves the clock, and no clock token was given" in result.html.read_text(encoding="utf-8")
