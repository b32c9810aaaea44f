"""An analyst edits a diagram in the browser; the new version serves new dossiers, old ones keep theirs."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from features.steps.land_change import RETURN_DATA, SIGN, VERIFY, receive_data
from motcua.services import versions
from motcua.services.runtime import Runtime
from motcua.trial.desk import Desk
from tests.browser.conftest import off_the_browser_loop, sign_in

NEW_NAME = "Thẩm định hồ sơ (sửa trên trình duyệt)"


def open_modeler(page: Page, base: str, slug: str = "land_change") -> None:
    sign_in(page, base, "quytrinh.tayninh")
    page.goto(f"{base}/modeler/{slug}")
    expect(page.locator("#canvas[data-ready=true]")).to_be_visible()


def test_an_analyst_renames_a_step_and_changes_its_form_and_new_dossiers_follow(
        page: Page, live_url: str, runtime: Runtime) -> None:
    desk = Desk(runtime)
    old = desk.start("tiepnhan.longan", "80001")
    desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), old)

    open_modeler(page, live_url)
    page.click('g.djs-element[data-element-id="verify"]')
    page.fill("#prop-name", NEW_NAME)
    page.press("#prop-name", "Tab")
    page.select_option("#prop-form", "review")
    page.click("#save")
    expect(page.locator("#status")).to_have_text(  # the save dry-runs every path: seconds on a busy machine
        re.compile(r"^Đã lưu phiên bản 2 · đã chạy thử \d+ đường đi tới kết thúc$"), timeout=120_000)

    [latest, _] = versions.history(runtime, "land_change")
    assert (latest.number, latest.author) == (2, "quytrinh.tayninh")
    _, xml = versions.diagram(runtime, "land_change")
    assert f'name="{NEW_NAME}"' in xml and "review.schema.json" in xml and "review.uischema.json" in xml
    assert 'bpmnElement="verify"' in xml and "serviceTaskOperator" in xml  # layout and extensions kept

    def both_finish() -> None:
        new = desk.start("tiepnhan.longan", "80001")
        desk.do("tiepnhan.longan", "Tiếp nhận, kiểm tra hồ sơ", receive_data(), new)
        assert sorted(desk.tasks("chuyenvien.longan")) == [("Thẩm định hồ sơ", old), (NEW_NAME, new)]
        desk.do("chuyenvien.longan", NEW_NAME, {"opinion": "Đạt theo biểu mẫu mới.", "proposal": "approve"}, new)
        desk.do("chuyenvien.longan", "Thẩm định hồ sơ", VERIFY, old)
        for dossier in (old, new):
            desk.do("lanhdao.longan", "Phê duyệt kết quả", SIGN, dossier)
            desk.do("tiepnhan.longan", "Trả kết quả cho công dân", RETURN_DATA, dossier)
            assert desk.dossier(dossier).dossier.status == "returned"

    off_the_browser_loop(both_finish)


def test_an_invalid_diagram_is_not_saved_and_its_problem_is_marked_on_the_element(
        page: Page, live_url: str, runtime: Runtime) -> None:
    open_modeler(page, live_url)
    page.click('g.djs-element[data-element-id="back"]')
    page.select_option("#prop-operator", "sla.escalate")
    page.click("#save")
    expect(page.locator("#status")).to_have_text("Sơ đồ chưa hợp lệ, chưa lưu:")
    expect(page.locator("#problems")).to_contain_text("[back] Thao tác 'sla.escalate' cần tham số 'level'")
    expect(page.locator('g.djs-element.has-problem[data-element-id="back"]')).to_have_count(1)
    assert [v.number for v in versions.history(runtime, "land_change")] == [1]


def test_a_shared_part_broken_in_the_browser_is_refused_with_each_procedure_named_and_its_element_marked(
        page: Page, live_url: str, runtime: Runtime) -> None:
    sign_in(page, live_url, "quytrinh.tayninh")
    page.goto(f"{live_url}/modeler/shared/result_return")
    expect(page.locator("#canvas[data-ready=true]")).to_be_visible()
    expect(page.locator(".used-by")).to_contain_text("Đăng ký khai sinh")
    page.click('g.djs-element[data-element-id="finish"]')
    page.select_option("#prop-operator", "sla.escalate")
    page.click("#save")
    expect(page.locator("#status")).to_have_text("Sơ đồ chưa hợp lệ, chưa lưu:", timeout=120_000)
    expect(page.locator("#problems")).to_contain_text(
        "Đăng ký khai sinh · bpmn/shared/result_return.bpmn: [finish] Thao tác 'sla.escalate' cần tham số 'level'")
    expect(page.locator('g.djs-element.has-problem[data-element-id="finish"]')).to_have_count(1)
    assert [v.number for v in versions.shared_part_history(runtime, "bpmn/shared/result_return.bpmn")] == [1]
