"""`motcua catalogue import`: a province's list becomes catalogue entries; rows it cannot read are named by number,
and a file an analyst edited is never overwritten."""
from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from motcua.cli import main
from motcua.domain.procedure import CHECKABLE_FACTS
from motcua.services.catalogue_import import analyst_edited, import_catalogue

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue" / "danh_muc_cap_xa.xlsx"
PATTERNS = {"counter_same_day", "specialist_leader", "verified_by_other_unit", "other_authority"}


def workbook(path: Path) -> Path:
    """Two sheets worded differently, a title above the header, merged headings and cells, and broken rows."""
    wb = Workbook()
    first = wb.active
    first.title = "Tư pháp"
    first.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ"])
    first.merge_cells("A1:I1")
    first.append([])
    first.append(["STT", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết", "Phí, lệ phí",
                  "Thành phần hồ sơ", "Căn cứ pháp lý"])  # no result column: every result is unconfirmed
    first.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    first.append([1, "1.000001", "Thủ tục đăng ký việc thử", "Hộ tịch", "Cấp xã", "05 ngày làm việc", "Không",
                  "1. Tờ khai (01 bản chính); 2. Bản sao giấy tờ tùy thân", "Luật Thử số 1/2025/QH15"])
    first.append([2, "1.000002", "Thủ tục đăng ký việc thử", "Hộ tịch", "Cấp xã", "Trong ngày", "8.000 đồng/bản",
                  "Tờ khai (01 bản chính)", None])  # same name as row 5: another slug; no legal basis
    first.append([3, "1.000003", "Xác nhận việc thử", "Chứng thực", "Cấp xã", "Tùy trường hợp", "Không",
                  "Đơn (01 bản chính)", "Luật Thử"])  # broken: the time says no time
    first.append([4, None, "Thủ tục không có mã", "Hộ tịch", "Cấp xã", "03 ngày làm việc", "Không", None, None])
    # no code: written with the code flagged, matched by its name on the next import
    first.append([5, "1.000005", "Thẩm định việc thử", "Hộ tịch", "Cấp huyện", "10 ngày làm việc", "Không",
                  "Đơn (01 bản chính)", "Luật Thử"])  # the district level is gone
    first.append([6, "1.000006", "Cấp giấy thử nhiều trang", "Hộ tịch", "Cấp xã", "03 ngày làm việc", "Không",
                  "Đơn đề nghị (01 bản chính)", "Luật Thử số 1/2025/QH15"])
    first.append([None, None, None, None, None, None, None, "Bản sao quyết định (01 bản sao)", "Nghị định Thử"])
    for col in "ABCDEFG":  # row 10's procedure goes on in row 11: its cells merged down, one paper per row
        first.merge_cells(f"{col}10:{col}11")
    first.append([7, "1.000001", "Thủ tục đăng ký việc thử lần hai", "Hộ tịch", "Cấp xã", "05 ngày làm việc", "Không",
                  "Đơn (01 bản chính)", "Luật Thử"])  # code of row 5 again
    first.append([8, "1.000008", None, "Hộ tịch", "Cấp xã", "05 ngày làm việc", "Không", None, None])  # no name
    first.append([9, "1.000009", "Thủ tục thiếu lĩnh vực", None, "Cấp xã", "05 ngày làm việc", "Không", None, None])
    second = wb.create_sheet("Đất đai")
    second.append(["Ký hiệu thủ tục", "Tên thủ tục", "Cơ quan thực hiện", "Địa điểm thực hiện",
                   "Ngày thụ lý (ngày làm việc)", "Các khoản phí và lệ phí", "Thành phần, số lượng hồ sơ",
                   "Kết quả thủ tục", "Cơ sở pháp lý"])
    second.append(["I. LĨNH VỰC ĐẤT ĐAI (2 thủ tục)"] * 9)
    second.merge_cells("A2:I2")
    second.append(["1.000010.000.00.00.H12", "Đăng ký biến động thử", "Chi nhánh Văn phòng đăng ký đất đai",
                   "Bộ phận Một cửa cấp xã", 10, 15000, "Đơn đăng ký (Mẫu 11/ĐK): 01 bản chính",
                   "Giấy chứng nhận", "Luật Đất đai số 31/2024/QH15"])
    second.append(["1.000011", "Thủ tục của tỉnh", "Sở Thử", "Trung tâm Phục vụ hành chính công tỉnh", 15, "Không",
                   "Đơn (01 bản chính)", "Quyết định", "Luật Thử"])
    wb.create_sheet("Ghi chú").append(["Tệp này chỉ để kiểm thử"])
    wb.save(path)
    return path


def pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    (root / "processes").mkdir(parents=True)
    return root


def entry(root: Path, slug: str) -> dict:
    return tomllib.loads((root / "processes" / f"{slug}.toml").read_text(encoding="utf-8"))


def test_each_procedure_becomes_an_entry_and_each_unreadable_row_is_named_with_why(tmp_path: Path) -> None:
    root, sheet = pack(tmp_path), workbook(tmp_path / "ds.xlsx")
    result = CliRunner().invoke(main, ["catalogue", "import", str(sheet), "--pack", str(root)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "row 7 (sheet Tư pháp): failed: time 'Tùy trường hợp' names no number of days or hours" in out
    assert "row 9 (sheet Tư pháp): failed: level 'Cấp huyện': the district level was abolished on 1 July 2025" in out
    assert "row 12 (sheet Tư pháp): failed: code 1.000001 is also on row 5 (sheet Tư pháp): one entry per " \
           "procedure" in out
    assert "row 13 (sheet Tư pháp): failed: no procedure name for code 1.000008" in out
    assert "row 14 (sheet Tư pháp): failed: no field (lĩnh vực)" in out
    assert "row 4 (sheet Đất đai): skipped: received at 'Trung tâm Phục vụ hành chính công tỉnh'" in out
    assert "note: sheet Ghi chú: no header row" in out
    assert "5 row(s) could not be read" in out
    assert "5 written, 0 refreshed, 0 unchanged, 0 kept, 1 skipped, 5 failed" in out
    assert sorted(p.name for p in (root / "processes").glob("*.toml")) == [
        "cap_giay_thu_nhieu_trang.toml", "dang_ky_bien_dong_thu.toml", "dang_ky_viec_thu.toml",
        "dang_ky_viec_thu_1_000002.toml", "khong_co_ma.toml"]
    no_code = entry(root, "khong_co_ma")
    assert (no_code["code"], no_code["unconfirmed"]) == ("", ["code", "papers", "result", "legal_basis"])

    first = entry(root, "dang_ky_viec_thu")
    assert (first["code"], first["name_vi"], first["field"], first["level"], first["pattern"]) == \
        ("1.000001", "Thủ tục đăng ký việc thử", "Hộ tịch", "commune", "specialist_leader")
    assert first["processing_days"] == 5 and first["fee"] == "Không" and first["legal_basis"] == [
        "Luật Thử số 1/2025/QH15"]
    assert first["papers"] == [{"name": "Tờ khai (01 bản chính)", "originals": 1, "copies": 0, "optional": False},
                               {"name": "Bản sao giấy tờ tùy thân", "originals": 0, "copies": 1, "optional": False}]
    assert first["sources"][0].startswith("ds.xlsx row 5 (sheet Tư pháp) — mã, tên, lĩnh vực")
    assert first["unconfirmed"] == ["result"] and first["result"] == ""  # the sheet has no result column

    same_day = entry(root, "dang_ky_viec_thu_1_000002")
    assert (same_day["pattern"], same_day["processing_days"], same_day["fee"]) == ("counter_same_day", 0,
                                                                                  "8.000 đồng/bản")
    assert "same_day_until" not in same_day  # the sheet gives no hour: none is made up
    assert same_day["unconfirmed"] == ["result", "legal_basis"]  # in the order the pack lists its facts

    merged = entry(root, "cap_giay_thu_nhieu_trang")
    assert [p["name"] for p in merged["papers"]] == ["Đơn đề nghị (01 bản chính)", "Bản sao quyết định (01 bản sao)"]
    assert merged["legal_basis"] == ["Luật Thử số 1/2025/QH15", "Nghị định Thử"]
    assert merged["sources"][0].startswith("ds.xlsx rows 10-11 (sheet Tư pháp)")

    land = entry(root, "dang_ky_bien_dong_thu")
    assert (land["code"], land["field"], land["pattern"], land["competent_authority"], land["level"]) == \
        ("1.000010", "Đất đai", "other_authority", "Chi nhánh Văn phòng đăng ký đất đai", "province")
    assert (land["processing_days"], land["fee"], land["unconfirmed"]) == (10, "15.000 đồng", [])
    for slug in ("dang_ky_viec_thu", "dang_ky_viec_thu_1_000002", "cap_giay_thu_nhieu_trang", "dang_ky_bien_dong_thu"):
        data = entry(root, slug)
        assert set(data["unconfirmed"]) <= set(CHECKABLE_FACTS) and data["pattern"] in PATTERNS
        assert "diagram" not in data


def test_a_dry_run_prints_what_would_be_written_and_writes_nothing(tmp_path: Path) -> None:
    root, sheet = pack(tmp_path), workbook(tmp_path / "ds.xlsx")
    result = CliRunner().invoke(main, ["catalogue", "import", str(sheet), "--pack", str(root), "--dry-run"])
    assert result.exit_code == 1  # the broken rows still fail
    assert "--- would write processes/dang_ky_bien_dong_thu.toml" in result.output
    assert 'competent_authority = "Chi nhánh Văn phòng đăng ký đất đai"' in result.output
    assert "dry run, nothing written: 11 procedure(s)" in result.output
    assert list((root / "processes").iterdir()) == []


def test_pattern_option_overrides_the_rule_and_a_clean_sheet_exits_0(tmp_path: Path) -> None:
    root = pack(tmp_path)
    result = CliRunner().invoke(main, ["catalogue", "import", str(FIXTURE), "--pack", str(root),
                                       "--pattern", "verified_by_other_unit"])
    assert result.exit_code == 0, result.output
    for path in (root / "processes").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["pattern"] == "verified_by_other_unit"
        assert "competent_authority" not in data
    assert "set by --pattern (the rule would choose other_authority" in \
        (root / "processes" / "dang_ky_bien_dong_quyen_su_dung_dat_quyen_so_huu_tai_san.toml").read_text("utf-8")


def test_an_analysts_file_is_never_overwritten_and_an_unedited_import_is_refreshed(tmp_path: Path) -> None:
    root, sheet = pack(tmp_path), workbook(tmp_path / "ds.xlsx")
    import_catalogue(sheet, root)
    again = import_catalogue(sheet, root)
    assert {o.status for o in again.outcomes if o.status not in ("failed", "skipped")} == {"unchanged"}

    edited = root / "processes" / "dang_ky_viec_thu.toml"
    edited.write_text(edited.read_text("utf-8").replace('result = ""', 'result = "Giấy xác nhận"'), "utf-8")
    by_hand = root / "processes" / "cap_giay_thu_nhieu_trang.toml"
    by_hand.write_text(by_hand.read_text("utf-8").split("\n", 1)[1], "utf-8")  # the import header removed
    refreshed = root / "processes" / "dang_ky_bien_dong_thu.toml"
    refreshed.write_text(refreshed.read_text("utf-8").replace("15.000 đồng", "old"), "utf-8")
    header, body = refreshed.read_text("utf-8").split("\n", 1)
    digest = hashlib.sha256(body.encode()).hexdigest()  # as if an older sheet had said "old"
    refreshed.write_text(f"{header.rsplit('=', 1)[0]}={digest}\n{body}", "utf-8")
    before = edited.read_bytes(), by_hand.read_bytes()

    report = import_catalogue(sheet, root)
    status = {o.where: (o.status, o.text("en")) for o in report.outcomes}
    assert status["row 5 (sheet Tư pháp)"][0] == "kept" and "edited since it was imported" in \
        status["row 5 (sheet Tư pháp)"][1]
    assert status["rows 10-11 (sheet Tư pháp)"][0] == "kept" and "not written by the importer" in \
        status["rows 10-11 (sheet Tư pháp)"][1]
    assert status["row 3 (sheet Đất đai)"][0] == "refreshed"
    assert (edited.read_bytes(), by_hand.read_bytes()) == before
    assert 'fee = "15.000 đồng"' in refreshed.read_text("utf-8")
    assert analyst_edited(refreshed.read_text("utf-8")) is None


def test_a_hand_written_entry_with_the_same_code_keeps_its_file_and_its_slug(tmp_path: Path) -> None:
    root = pack(tmp_path)
    own = root / "processes" / "birth_registration.toml"
    own.write_text('code = "1.001193"\nname_vi = "Đăng ký khai sinh"\n', "utf-8")
    report = import_catalogue(FIXTURE, root)
    kept = [o for o in report.outcomes if o.status == "kept"]
    assert [(o.where, o.path) for o in kept] == [("row 7 (sheet Cấp xã)", own)]
    assert not (root / "processes" / "dang_ky_khai_sinh.toml").exists()
    assert own.read_text("utf-8") == 'code = "1.001193"\nname_vi = "Đăng ký khai sinh"\n'


def test_a_file_that_is_not_a_workbook_or_has_no_list_is_refused_with_what_to_do(tmp_path: Path) -> None:
    root = pack(tmp_path)
    not_xlsx = tmp_path / "list.xlsx"
    not_xlsx.write_text("STT;Mã;Tên\n", "utf-8")
    result = CliRunner().invoke(main, ["catalogue", "import", str(not_xlsx), "--pack", str(root)])
    assert result.exit_code == 1 and "is not an Excel workbook openpyxl can read" in result.output
    empty = Workbook()
    empty.active.append(["Họ tên", "Địa chỉ"])
    empty.save(tmp_path / "other.xlsx")
    result = CliRunner().invoke(main, ["catalogue", "import", str(tmp_path / "other.xlsx"), "--pack", str(root)])
    assert result.exit_code == 1 and "no sheet has a header row with the national database's columns" in result.output
    result = CliRunner().invoke(main, ["catalogue", "import", str(FIXTURE), "--pack", str(root), "--sheet", "Khác"])
    assert result.exit_code == 1 and "has no sheet 'Khác' (it has: Cấp xã)" in result.output


def test_the_fixture_a_communes_list_reads_as_its_sources_say(tmp_path: Path) -> None:
    root = pack(tmp_path)
    report = import_catalogue(FIXTURE, root)
    assert report.counts() == {"written": 6} and report.notes == []
    birth = entry(root, "dang_ky_khai_sinh")
    assert (birth["code"], birth["field"], birth["pattern"], birth["processing_days"], birth["same_day_until"]) == \
        ("1.001193", "Hộ tịch", "counter_same_day", 0, "15:00")
    assert [(p["originals"], p["copies"], p["optional"]) for p in birth["papers"]] == \
        [(1, 0, False), (1, 0, False), (1, 0, False), (1, 0, True)]
    marital = entry(root, "cap_giay_xac_nhan_tinh_trang_hon_nhan")
    assert (marital["code"], marital["pattern"], marital["processing_days"], marital["unconfirmed"]) == \
        ("1.004873", "specialist_leader", 3, ["fee"])
    assert "code on the sheet: '1.004873.000.00.00.H01'" in \
        (root / "processes" / "cap_giay_xac_nhan_tinh_trang_hon_nhan.toml").read_text("utf-8")
    copies = entry(root, "chung_thuc_ban_sao_tu_ban_chinh_giay_to_van_ban_do_co_quan")
    assert (copies["field"], copies["pattern"]) == ("Chứng thực", "counter_same_day")
    assert [(p["originals"], p["copies"], p["optional"]) for p in copies["papers"]] == [(1, 0, False), (0, 1, True)]
    land = entry(root, "dang_ky_bien_dong_quyen_su_dung_dat_quyen_so_huu_tai_san")
    assert (land["pattern"], land["competent_authority"], land["processing_days"]) == \
        ("other_authority", "Chi nhánh Văn phòng đăng ký đất đai", 10)
    assert land["unconfirmed"] == ["papers"]  # the form and the tax notice say no count
    business = entry(root, "dang_ky_thanh_lap_ho_kinh_doanh")
    assert (business["field"], business["pattern"]) == ("Thành lập và hoạt động của hộ kinh doanh",
                                                         "specialist_leader")


def test_the_entries_written_load_in_the_projects_pack_on_their_patterns(tmp_path: Path) -> None:
    import shutil

    from motcua.engine.pack import load_pack

    project = Path(__file__).resolve().parents[2]
    root = tmp_path / "pack"
    for folder in ("bpmn", "forms", "handlers"):
        shutil.copytree(project / folder, root / folder)
    (root / "processes").mkdir()
    import_catalogue(workbook(tmp_path / "ds.xlsx"), root)
    import_catalogue(FIXTURE, root)
    pack = load_pack(root)
    assert len(pack.procedures) == 11
    land = pack.get("dang_ky_bien_dong_quyen_su_dung_dat_quyen_so_huu_tai_san").procedure
    assert (land.pattern, land.competent_authority, land.unconfirmed) == \
        ("other_authority", "Chi nhánh Văn phòng đăng ký đất đai", ("papers",))
    assert pack.get("khong_co_ma").procedure.is_unconfirmed("code")
    assert pack.get("dang_ky_khai_sinh").procedure.time_limit() == ("same_day", None)


def test_the_report_of_bad_rows_is_in_the_operators_language(tmp_path: Path) -> None:
    root = pack(tmp_path)
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Hộ tịch"
    sheet.append(["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí"])
    sheet.append(["1.000001", "Thủ tục thử", "Hộ tịch", "Tùy trường hợp", "Không"])
    sheet.append([])
    sheet.append([None, None, None, None, "15.000 đồng"])  # a row belonging to nothing
    wb.save(tmp_path / "ds.xlsx")
    said = {}
    for locale in ("vi", "en"):
        result = CliRunner().invoke(main, ["catalogue", "import", str(tmp_path / "ds.xlsx"), "--pack", str(root)],
                                    env={"MOTCUA_LANG": locale})
        assert result.exit_code == 1
        said[locale] = result.output
    assert "dòng 2 (trang tính Hộ tịch): lỗi: Thời hạn “Tùy trường hợp” không nêu số ngày hay số giờ" in said["vi"]
    assert "dòng 4 (trang tính Hộ tịch): lỗi: Dòng không có mã (cột 'Mã TTHC') cũng không có tên" in said["vi"]
    assert "2 thủ tục trong ds.xlsx: 0 đã ghi" in said["vi"] and "2 dòng không đọc được" in said["vi"]
    assert "row 2 (sheet Hộ tịch): failed: time 'Tùy trường hợp' names no number of days or hours" in said["en"]
    assert "row 4 (sheet Hộ tịch): failed: neither a code ('Mã TTHC') nor a name ('Tên TTHC')" in said["en"]
    assert "2 row(s) could not be read" in said["en"]
    not_xlsx = tmp_path / "list.xlsx"
    not_xlsx.write_text("STT;Mã;Tên\n", "utf-8")
    result = CliRunner().invoke(main, ["catalogue", "import", str(not_xlsx), "--pack", str(root)],
                                env={"MOTCUA_LANG": "vi"})
    assert "list.xlsx không phải là bảng tính Excel đọc được" in result.output
    assert "; chi tiết kỹ thuật, nguyên văn tiếng Anh của thư viện openpyxl: «File is not a zip file»" in result.output
