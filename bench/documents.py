"""Documents near their physical cost: the receipt slip, the signed result, the PDFs a dossier keeps.

    python -m bench.documents [-n 200] [--dossiers 20] [--database-url URL]

Prints, side by side with issue 20's targets: the receipt slip's render time (median) and size; the result's
render + PAdES signature time (median, through the deployment's signer: the leader's P-256 key from the file
store, as a step signs) and size; the kilobytes of PDFs kept per finished land change dossier (run through the
services on SQLite in a temporary file unless a database URL is given). CPU time per document is printed
beside the wall-clock median, since other work on a shared machine inflates the latter.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.land_change import FORMS, ROOT
from motcua.documents import official, slips
from motcua.documents.layout import Letterhead
from motcua.domain.clock import VN_TZ
from motcua.services import steps
from motcua.services.demo import seed_demo
from motcua.services.runtime import Runtime, build_runtime
from motcua.store.models import Document, Instance

TARGETS = {"receipt_ms": 5.0, "receipt_kb": 30.0, "result_ms": 15.0, "dossier_kb": 60.0}
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)
CODE = "80001-261130-0001"
HEAD = Letterhead("Phường Long An", CODE, f"https://dichvucong.example.vn/tra-cuu?ma={CODE}", "Long An")
PAPERS = [slips.PaperCount(p["name"], p["originals"], p["copies"]) for p in FORMS[0]["papers_received"]]
ISSUER = official.Issuer(authority="UBND Phường Long An", parent="UBND Tỉnh Tây Ninh", place="Long An",
                         verify_url=f"https://dichvucong.example.vn/xac-thuc?ma={CODE}", verify_code=CODE)


def receipt() -> bytes:
    """The land change receipt as the intake step issues it (handlers/intake.py ``receive``), fee block aside."""
    return slips.receipt(HEAD, applicant=slips.Applicant("Nguyễn Thị Hoa", "Khu phố 1, Phường Long An",
                                                          "0912345678"),
                         procedure="Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất "
                                   "(mã 1.012345)",
                         papers=PAPERS, sets=1, processing_days=10, processing_hours=None, received_at=NOW,
                         due_at=NOW, return_place="Bộ phận Một cửa, Phường Long An", register_number=1,
                         clerk="Cán bộ tiếp nhận Phường Long An")


def signed_result(runtime: Runtime) -> Callable[[], bytes]:
    """Draw the result and sign it as the demo leader, through the runtime's signer (the step's path)."""
    with runtime.uow() as uow:
        leader = uow.users.by_username("lanhdao.longan")
        assert leader is not None
        uow.session.expunge(leader)

    def run() -> bytes:
        pdf, mark = official.result(
            ISSUER, symbol="12/GXN-UBND", title="XÁC NHẬN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI",
            paragraphs=["Thủ tục: Đăng ký biến động đất đai (mã 1.012345).",
                        f"Người đề nghị: Nguyễn Thị Hoa. Mã hồ sơ: {CODE}.", "Chấp thuận đề nghị của ông/bà.",
                        "Ý kiến thẩm định: Hồ sơ đủ điều kiện."],
            recipients=["Ông/Bà Nguyễn Thị Hoa", "Bộ phận Một cửa"], signer_position=leader.title or "",
            signer_name=leader.full_name, issued_at=NOW)
        return runtime.signer.sign(pdf, leader, "Phê duyệt kết quả giải quyết hồ sơ", "Phường Long An", mark)
    return run


def timed(make: Callable[[], bytes], n: int) -> tuple[float, float, int]:
    """Median wall-clock ms, mean CPU ms and size in bytes of ``n`` documents (after two warm-up runs)."""
    make(), make()
    walls, size = [], 0
    cpu = time.process_time()
    for _ in range(n):
        started = time.perf_counter()
        size = len(make())
        walls.append((time.perf_counter() - started) * 1000)
    return statistics.median(walls), (time.process_time() - cpu) * 1000 / n, size


def dossier_pdfs(runtime: Runtime, n: int) -> float:
    """KB of PDFs kept per finished land change dossier, run through the services."""
    with runtime.uow() as uow:
        users = {u: uow.users.by_username(f"{u}.longan").id for u in ("tiepnhan", "chuyenvien", "lanhdao")}
        before = uow.session.scalar(select(func.coalesce(func.sum(func.length(Document.content)), 0)))
        instances = uow.session.scalar(select(func.count()).select_from(Instance))
    actors = [users["tiepnhan"], users["chuyenvien"], users["lanhdao"], users["tiepnhan"]]
    for _ in range(n):
        outcome = steps.start_dossier(runtime, users["tiepnhan"], "80001", "land_change")
        for actor, data in zip(actors, FORMS, strict=True):
            outcome = steps.complete_task(runtime, actor, outcome.waiting[0][0], data)
    with runtime.uow() as uow:
        after = uow.session.scalar(select(func.sum(func.length(Document.content))))
        finished = uow.session.scalar(select(func.count()).select_from(Instance).where(Instance.completed))
    assert finished - instances >= 0
    return (float(after or 0) - float(before or 0)) / 1024 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="documents per timing")
    parser.add_argument("--dossiers", type=int, default=20, help="finished dossiers for the KB per dossier")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temporary file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        runtime = build_runtime(url, ROOT, Path(tmp) / "instance", "bench-secret")
        seed_demo(runtime)
        receipt_ms, receipt_cpu, receipt_size = timed(receipt, args.n)
        result_ms, result_cpu, result_size = timed(signed_result(runtime), args.n)
        per_dossier = dossier_pdfs(runtime, args.dossiers)
        runtime.db.dispose()
    rows = [("receipt slip render", f"{receipt_ms:6.2f} ms median ({receipt_cpu:.2f} ms CPU)",
             f"≤ {TARGETS['receipt_ms']:.0f} ms", receipt_ms <= TARGETS["receipt_ms"]),
            ("receipt slip size", f"{receipt_size / 1024:6.1f} KB", f"≤ {TARGETS['receipt_kb']:.0f} KB",
             receipt_size / 1024 <= TARGETS["receipt_kb"]),
            ("result render + PAdES sign", f"{result_ms:6.2f} ms median ({result_cpu:.2f} ms CPU)",
             f"≤ {TARGETS['result_ms']:.0f} ms", result_ms <= TARGETS["result_ms"]),
            ("signed result size", f"{result_size / 1024:6.1f} KB", "", True),
            (f"PDFs per finished dossier ({args.dossiers})", f"{per_dossier:6.1f} KB",
             f"≤ {TARGETS['dossier_kb']:.0f} KB", per_dossier <= TARGETS["dossier_kb"])]
    print(f"database: {url.split('@')[-1].split('?')[0]}; {args.n} documents per timing")
    print(f"{'measure':<34} {'measured':<36} {'target':<10} met")
    for name, measured, target, met in rows:
        print(f"{name:<34} {measured:<36} {target:<10} {'yes' if met else 'NO' if target else ''}")


if __name__ == "__main__":
    main()
