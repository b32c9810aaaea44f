"""Documents near their physical cost: the receipt slip, the signed result, the PDFs a dossier keeps.

    python -m bench.documents [-n 200] [--dossiers 20] [--database-url URL]

Prints, side by side with issue 20's targets: the receipt slip's render time and size (as a land change intake
issues it at a unit that takes transfers: two copies, the papers, the fee block with its VietQR, the lookup
QR code); the result's render time, its PAdES signature time (through the deployment's signer: the leader's
P-256 key from the file store, as a step signs) and the two together, and its size; the kilobytes of PDFs kept
per finished land change dossier (run through the services on SQLite in a temporary file unless a database URL
is given). The result is signed by twelve leaders in turn (their certificates, so their containers, differ in
length). Each time is the median over the documents, wall clock and CPU side by side, with the 95th percentile
of the CPU time: other work on a shared machine inflates the wall clock, less so the CPU time; the load average
is printed with them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.land_change import FORMS, ROOT
from motcua.documents import fees, official, slips
from motcua.documents.layout import Letterhead
from motcua.domain import vietqr
from motcua.domain.clock import VN_TZ
from motcua.domain.fees import FeeAssessment, FeeLine
from motcua.services import steps
from motcua.services.demo import seed_demo
from motcua.services.people import add_user
from motcua.services.runtime import Runtime, build_runtime
from motcua.store.models import Document, Instance

TARGETS = {"receipt_ms": 5.0, "receipt_kb": 30.0, "result_ms": 15.0, "dossier_kb": 60.0}
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)
CODE = "80001-261130-{:04d}"  # each document is drawn for its own dossier, as in a day's work: its QR codes differ


def head(number: int) -> Letterhead:
    """The letterhead of dossier ``number``, with its lookup link."""
    code = CODE.format(number)
    return Letterhead("Phường Long An", code, f"https://dichvucong.example.vn/tra-cuu?ma={code}", "Long An")


PAPERS = [slips.PaperCount(p["name"], p["originals"], p["copies"]) for p in FORMS[0]["papers_received"]]


ACCOUNT = vietqr.BankAccount("970436", "0071000123456", "UBND PHUONG LONG AN", "Vietcombank")
FEE = FeeAssessment(lines=(FeeLine("Lệ phí cấp giấy chứng nhận (chỉnh lý biến động trên giấy đã cấp)", "lệ phí",
                                   25000, 1, "giấy", 25000),), due=25000,
                    source="Nghị quyết của HĐND cấp tỉnh về lệ phí cấp giấy chứng nhận", unconfirmed=True)


def receipt(number: int = 1) -> bytes:
    """The land change receipt as the intake step issues it (handlers/intake.py ``receive``) at a unit that takes
    transfers: the fee block with the VietQR of the amount owed."""
    letterhead = head(number)
    code = letterhead.dossier_code
    block = fees.fee_block(FEE, dossier_code=code, account=ACCOUNT, qr_payload=vietqr.payload(ACCOUNT, FEE.due, code))
    return slips.receipt(letterhead, applicant=slips.Applicant("Nguyễn Thị Hoa", "Khu phố 1, Phường Long An",
                                                          "0912345678"),
                         procedure="Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất "
                                   "(mã 1.012345)",
                         papers=PAPERS, sets=1, processing_days=10, processing_hours=None, received_at=NOW,
                         due_at=NOW, return_place="Bộ phận Một cửa, Phường Long An", register_number=1,
                         clerk="Cán bộ tiếp nhận Phường Long An", fee=f"{fees.vnd(FEE.due)} (chi tiết dưới đây)",
                         payment=block)


def result(number: int = 1) -> tuple[bytes, official.SignaturePlace]:
    """The result as the signing step draws it (handlers/signing.py), before it is signed."""
    code = CODE.format(number)
    issuer = official.Issuer(authority="UBND Phường Long An", parent="UBND Tỉnh Tây Ninh", place="Long An",
                             verify_url=f"https://dichvucong.example.vn/xac-thuc?ma={code}", verify_code=code)
    return official.result(
        issuer, symbol="12/GXN-UBND", title="XÁC NHẬN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI",
        paragraphs=["Thủ tục: Đăng ký biến động đất đai (mã 1.012345).",
                    f"Người đề nghị: Nguyễn Thị Hoa. Mã hồ sơ: {code}.", "Chấp thuận đề nghị của ông/bà.",
                    "Ý kiến thẩm định: Hồ sơ đủ điều kiện."],
        recipients=["Ông/Bà Nguyễn Thị Hoa", "Bộ phận Một cửa"], signer_position="Chủ tịch",
        signer_name="Lãnh đạo Phường Long An", issued_at=NOW)


LEADERS = 12  # signers taken in turn: names of different lengths make certificates, so containers, of many lengths


def signers(runtime: Runtime) -> list[Callable[[bytes, official.SignaturePlace], bytes]]:
    """Sign a drawn result as each of ``LEADERS`` leaders of the demo ward, through the runtime's signer (the
    step's path); one leader alone would measure one certificate's container lengths only."""
    found = []
    for i in range(LEADERS):
        username = f"bench.leader{i}"
        add_user(runtime, username, f"Lãnh đạo {'Nguyễn ' * (i % 4)}Văn {chr(65 + i)}", "bench-password",
                 [("80001", "leader")], title="Chủ tịch")
        with runtime.uow() as uow:
            leader = uow.users.by_username(username)
            assert leader is not None
            uow.session.expunge(leader)
        found.append(lambda pdf, mark, who=leader: runtime.signer.sign(
            pdf, who, "Phê duyệt kết quả giải quyết hồ sơ", "Phường Long An", mark))
    return found


class Timing:
    """Wall-clock and CPU milliseconds of each run of one step, and the median of each."""

    def __init__(self) -> None:
        self.walls: list[float] = []
        self.cpus: list[float] = []

    def add(self, wall: float, cpu: float) -> None:
        self.walls.append(wall * 1000)
        self.cpus.append(cpu * 1000)

    def cell(self) -> str:
        p95 = statistics.quantiles(self.cpus, n=20)[-1] if len(self.cpus) > 1 else self.cpus[0]
        return (f"{statistics.median(self.walls):6.2f} ms wall, {statistics.median(self.cpus):5.2f} ms CPU "
                f"(p95 {p95:5.2f})")

    def met(self, target: float) -> bool:
        """Met when the median CPU time is within the target (the wall clock is another process's too)."""
        return statistics.median(self.cpus) <= target


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def time_receipt(n: int) -> tuple[Timing, int]:
    """The receipt ``n`` times (after two warm-up runs): its timing and its size in bytes."""
    receipt(), receipt()
    timing, size = Timing(), 0
    for number in range(2, n + 2):
        wall, cpu = clocks()
        size = len(receipt(number))
        timing.add(time.perf_counter() - wall, time.process_time() - cpu)
    return timing, size


def time_result(runtime: Runtime, n: int) -> tuple[Timing, Timing, Timing, int]:
    """The result drawn and signed ``n`` times (after two warm-up runs): render, sign, both, signed size."""
    signing = signers(runtime)
    for sign in signing:  # each leader's key and signer made before the timing, as a running server holds them:
        sign(*result()), sign(*result())  # the first issues the certificate, the second reads the stored key
    render_t, sign_t, both, size = Timing(), Timing(), Timing(), 0
    for number in range(2, n + 2):
        wall, cpu = clocks()
        pdf, mark = result(number)
        drawn_wall, drawn_cpu = clocks()
        size = len(signing[number % len(signing)](pdf, mark))
        end_wall, end_cpu = clocks()
        render_t.add(drawn_wall - wall, drawn_cpu - cpu)
        sign_t.add(end_wall - drawn_wall, end_cpu - drawn_cpu)
        both.add(end_wall - wall, end_cpu - cpu)
    return render_t, sign_t, both, size


def dossier_pdfs(runtime: Runtime, n: int) -> float:
    """KB of PDFs kept per finished land change dossier, run through the services."""
    with runtime.uow() as uow:
        users = {u: uow.users.by_username(f"{u}.longan").id for u in ("tiepnhan", "chuyenvien", "lanhdao")}
        before = uow.session.scalar(select(func.coalesce(func.sum(func.length(Document.content)), 0)))
        finished_before = uow.session.scalar(select(func.count()).select_from(Instance).where(Instance.completed))
    actors = [users["tiepnhan"], users["chuyenvien"], users["lanhdao"], users["tiepnhan"]]
    for _ in range(n):
        outcome = steps.start_dossier(runtime, users["tiepnhan"], "80001", "land_change")
        for actor, data in zip(actors, FORMS, strict=True):
            outcome = steps.complete_task(runtime, actor, outcome.waiting[0][0], data)
    with runtime.uow() as uow:
        after = uow.session.scalar(select(func.sum(func.length(Document.content))))
        finished = uow.session.scalar(select(func.count()).select_from(Instance).where(Instance.completed))
    if finished - finished_before < n:  # counted on a database that may hold others' dossiers, finished or not
        raise SystemExit(f"only {finished - finished_before} of the {n} land change dossiers finished")
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
        load = os.getloadavg()[0]
        receipt_t, receipt_size = time_receipt(args.n)
        render_t, sign_t, result_t, result_size = time_result(runtime, args.n)
        per_dossier = dossier_pdfs(runtime, args.dossiers)
        load = max(load, os.getloadavg()[0])
        runtime.db.dispose()
    rows = [("receipt slip render (median)", receipt_t.cell(), f"≤ {TARGETS['receipt_ms']:.0f} ms",
             "yes" if receipt_t.met(TARGETS["receipt_ms"]) else "NO"),
            ("receipt slip size", f"{receipt_size / 1024:6.1f} KB", f"≤ {TARGETS['receipt_kb']:.0f} KB",
             "yes" if receipt_size / 1024 <= TARGETS["receipt_kb"] else "NO"),
            ("result render (median)", render_t.cell(), "", ""),
            ("result PAdES sign (median)", sign_t.cell(), "", ""),
            ("result render + PAdES sign (median)", result_t.cell(), f"≤ {TARGETS['result_ms']:.0f} ms",
             "yes" if result_t.met(TARGETS["result_ms"]) else "NO"),
            ("signed result size", f"{result_size / 1024:6.1f} KB", "", ""),
            (f"PDFs per finished dossier ({args.dossiers})", f"{per_dossier:6.1f} KB",
             f"≤ {TARGETS['dossier_kb']:.0f} KB", "yes" if per_dossier <= TARGETS["dossier_kb"] else "NO")]
    print(f"database: {url.split('@')[-1].split('?')[0]}; {args.n} documents per timing; load average (1 min) "
          f"up to {load:.2f} on {os.cpu_count()} CPUs; a time target is met by the CPU median")
    print(f"{'measure':<38} {'measured':<46} {'target':<9} met")
    for name, measured, target, met in rows:
        print(f"{name:<38} {measured:<46} {target:<9} {met}")


if __name__ == "__main__":
    main()
