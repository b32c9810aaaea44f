"""Decision 766/QĐ-TTg: the five groups of indicators, each with its formula, its points and the dossiers behind it.

Decision 766/QĐ-TTg (23/6/2022) approves the indicator set by which provinces are scored on serving citizens
and businesses: transparency 18 points, progress 20, digitisation 22, online service 22, satisfaction 18 (groups
and maxima seen in the decision and official summaries). The formulas and each indicator's points are the
national portal's method of computation, known here from a secondary source: its document "Mô tả công thức tính
chỉ số 766" and the points per indicator as the portal's dashboard gives them, transcribed in a public repository
(ChippedTopaz/qd766: web/dist/formula-document.js, web/dist/formula-maximums.js). Each indicator below names
its formula's number in that document.

Scoring: points = maximum × rate, and where the method sets a rate that earns every point ("đạt từ 80% trở lên
sẽ đạt điểm tối đa"), points = maximum × rate ÷ that rate, capped at the maximum. An indicator with nothing to
count (denominator 0) scores nothing and is shown as such ("nếu mẫu số = 0: hiển thị N/A").

Some indicators need data this pack does not hold (the national database of procedures' publication dates, the
population database, the portal's personal data store, electronic certified copies): they are listed with the
reason and no points, and the group shows its points out of the points it could measure as well as out of its
maximum. Readers and scope are the report's (``services/reports.py``): leaders and administrators, a province
over its communes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from motcua.domain.clock import VN_TZ
from motcua.domain.procedure import Procedure
from motcua.services import access, reports
from motcua.services.errors import NotFound
from motcua.services.runtime import Runtime
from motcua.store.indicators import Count, Member, Scope
from motcua.store.ports import UnitOfWorkPort

DECISION = "Quyết định 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ (nhóm chỉ số, điểm tối đa của nhóm)"
METHOD = "Cổng DVCQG, «Mô tả công thức tính chỉ số 766», chỉ tiêu {number}"
POINTS = "điểm tối đa của chỉ số theo Cổng DVCQG"
SECONDARY = "nguồn thứ cấp: bản chép công khai ChippedTopaz/qd766"
SOURCES = f"{DECISION}; {METHOD.format(number='…')}; {POINTS} ({SECONDARY})"
MEMBERS_SHOWN = 500  # dossiers listed behind an indicator; the figures above the list count them all


@dataclass(frozen=True)
class Rule:
    """How a rate becomes points: proportional, reaching the maximum at ``full_at`` percent."""

    full_at: float = 100.0

    def points(self, rate: float | None, maximum: float) -> float | None:
        """The points a rate earns (None when there was nothing to count)."""
        if rate is None:
            return None
        return round(maximum * min(1.0, max(0.0, rate) / self.full_at), 2)

    def words(self, locale: str = "vi") -> str:
        if self.full_at >= 100:
            return "points proportional to the rate" if locale == "en" else "điểm theo tỷ lệ"
        if locale == "en":
            return f"full points from {self.full_at:g}%, proportional below"
        return f"đạt từ {self.full_at:g}% trở lên được điểm tối đa, dưới đó tính theo tỷ lệ"


PROPORTIONAL = Rule()


@dataclass(frozen=True)
class Group:
    key: str
    vi: str
    en: str
    maximum: float


GROUPS = (
    Group("transparency", "Công khai, minh bạch", "Transparency", 18),
    Group("progress", "Tiến độ, kết quả giải quyết", "Progress and results", 20),
    Group("digitisation", "Số hóa hồ sơ", "Digitisation", 22),
    Group("online", "Cung cấp dịch vụ trực tuyến", "Online service", 22),
    Group("satisfaction", "Mức độ hài lòng", "Satisfaction", 18),
)


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it counts, over what, how it scores, and where that is written.

    ``basis`` says what its figures count: "dossiers" (a measure of ``store/indicators.py``, the key being the
    measure's), "procedures" (the catalogue), or "none" (data the pack does not hold: ``missing`` says which)."""

    key: str
    group: str
    number: str  # the formula's number in the portal's method
    vi: str
    en: str
    formula_vi: str
    formula_en: str
    numerator_vi: str
    numerator_en: str
    denominator_vi: str
    denominator_en: str
    maximum: float
    basis: str
    rule: Rule = PROPORTIONAL
    measure: str = ""
    missing_vi: str = ""
    missing_en: str = ""
    note_vi: str = ""  # where the pack's figure differs from the method's, and why
    note_en: str = ""

    def words(self, part: str, locale: str = "vi") -> str:
        """A part's words (formula, numerator, denominator, missing, note) in the reader's language."""
        return str(getattr(self, f"{part}_{'en' if locale == 'en' else 'vi'}"))

    def name(self, locale: str = "vi") -> str:
        return self.en if locale == "en" else self.vi

    @property
    def source(self) -> str:
        """Where the formula and the points come from (the decision, then the portal's method, secondary)."""
        return f"{DECISION}; {self.short_source}"

    @property
    def short_source(self) -> str:
        """The indicator's own source, as each line of the page says it (``SOURCES`` says the rest once)."""
        method = f"{METHOD.format(number=self.number)}; " if self.number else ""
        return f"{method}{POINTS} ({SECONDARY})"


def _not_held(key: str, group: str, number: str, vi: str, en: str, maximum: float, missing_vi: str,
              missing_en: str, formula_vi: str, formula_en: str) -> Indicator:
    return Indicator(key, group, number, vi, en, formula_vi, formula_en, "", "", "", "", maximum, "none",
                     missing_vi=missing_vi, missing_en=missing_en)


INDICATORS: tuple[Indicator, ...] = (
    _not_held("published_on_time", "transparency", "1.1", "Thủ tục hành chính công bố đúng hạn",
              "Procedures announced on time", 6,
              "Ngày ban hành quyết định công bố thủ tục nằm ở Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
              "The dates of the decisions announcing procedures are kept in the national database of procedures.",
              "Số TTHC công bố đúng hạn ÷ số TTHC đã công bố trong kỳ",
              "Procedures announced on time ÷ procedures announced in the period"),
    _not_held("updated_on_time", "transparency", "1.2", "Thủ tục hành chính được cập nhật, công khai đúng hạn",
              "Procedures updated and published on time", 4,
              "Ngày công khai thủ tục trên Cơ sở dữ liệu quốc gia về thủ tục hành chính không ghi nhận ở đây.",
              "When a procedure was published on the national database of procedures is not recorded here.",
              "Số TTHC công khai đúng hạn ÷ số TTHC phải cập nhật, công khai trong kỳ",
              "Procedures published on time ÷ procedures to publish in the period"),
    Indicator("full_content", "transparency", "1.3", "Thủ tục công khai có đầy đủ nội dung",
              "Procedures published with their full information",
              "Số thủ tục trong danh mục công khai có đủ tên, thành phần hồ sơ, thời hạn, cơ quan thực hiện, kết "
              "quả, phí, lệ phí và căn cứ pháp lý ÷ số thủ tục công khai",
              "Procedures of the public catalogue with name, papers, time limit, deciding body, result, fees and "
              "legal basis ÷ procedures published",
              "Thủ tục có đủ nội dung", "Procedures with every part", "Thủ tục công khai", "Procedures published",
              2, "procedures",
              note_vi="Tính trên danh mục công khai của hệ thống (/thu-tuc), tại thời điểm xem; danh mục chưa ghi "
                      "đối tượng thực hiện nên phần này không kiểm tra.",
              note_en="Counted on this system's public catalogue (/thu-tuc) as it is now; the catalogue does not "
                      "record who may apply, so that part is not checked."),
    Indicator("synced", "transparency", "1.4", "Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia",
              "Dossiers synced to the National Public Service Portal",
              "Số hồ sơ tiếp nhận trong kỳ đã đồng bộ trạng thái lên Cổng DVCQG ÷ số hồ sơ tiếp nhận trong kỳ",
              "Dossiers received in the period whose status reached the portal ÷ dossiers received",
              "Hồ sơ đã đồng bộ", "Dossiers synced", "Hồ sơ tiếp nhận trong kỳ", "Dossiers received", 6,
              "dossiers", measure="synced",
              note_vi="Đã đồng bộ: Cổng đã nhận ít nhất một bản tin trạng thái của hồ sơ (hộp thư đi).",
              note_en="Synced: the portal accepted at least one status message of the dossier (the outbox)."),
    Indicator("on_time", "progress", "2.1", "Hồ sơ xử lý trước hạn, đúng hạn", "Dossiers handled early or on time",
              "Số hồ sơ đã và đang xử lý trong hạn ÷ số hồ sơ đã giải quyết trong kỳ và đang giải quyết cuối kỳ; "
              "đúng hạn khi xong trước hoặc đúng ngày hẹn sau khi trừ thời gian công dân bổ sung; hồ sơ yêu cầu "
              "bổ sung quá 01 lần tính quá hạn",
              "Dossiers finished or in progress within their time ÷ dossiers finished in the period and open at "
              "its end; on time when done by the appointment after the citizen's supplement time is subtracted; "
              "a dossier asked to supplement more than once is late",
              "Hồ sơ trước hạn, đúng hạn, trong hạn", "Early, on time or within time",
              "Hồ sơ đã giải quyết và đang giải quyết", "Dossiers finished or in progress", 20, "dossiers",
              measure="on_time",
              note_vi="Hồ sơ đang chờ công dân bổ sung được xét tại lúc yêu cầu bổ sung; chờ nộp nghĩa vụ tài chính "
                      "không phải yêu cầu bổ sung. Hồ sơ dừng giải quyết không tính.",
              note_en="A dossier waiting for the citizen's papers is judged when they were asked for; waiting for a "
                      "payment is not a request to supplement. Stopped dossiers are not counted."),
    Indicator("electronic_result", "digitisation", "4.1", "Hồ sơ có kết quả giải quyết điện tử",
              "Dossiers with an electronic result",
              "Số hồ sơ giải quyết trong kỳ có kết quả điện tử (ký số) ÷ số hồ sơ giải quyết trong kỳ",
              "Dossiers finished in the period with a signed electronic result ÷ dossiers finished",
              "Hồ sơ có kết quả điện tử", "With an electronic result", "Hồ sơ đã giải quyết", "Dossiers finished",
              6, "dossiers", measure="electronic_result"),
    Indicator("digitised", "digitisation", "4.2", "Hồ sơ thực hiện số hóa", "Dossiers digitised",
              "Số hồ sơ giải quyết trong kỳ có toàn bộ giấy tờ được số hóa và kết quả điện tử ÷ số hồ sơ giải "
              "quyết trong kỳ",
              "Dossiers finished in the period with every paper digitised and an electronic result ÷ dossiers "
              "finished",
              "Hồ sơ đã số hóa", "Digitised", "Hồ sơ đã giải quyết", "Dossiers finished", 4, "dossiers",
              rule=Rule(80), measure="digitised"),
    _not_held("certified_copy", "digitisation", "",
              "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính",
              "Electronic certified copies from originals", 2,
              "Hệ thống chưa cấp bản sao điện tử chứng thực từ bản chính.",
              "This system does not issue electronic certified copies.",
              "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính (tài liệu cách tính không nêu công thức)",
              "Offering electronic certified copies from originals (the method's document gives no formula)"),
    Indicator("reused", "digitisation", "4.3", "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
              "Dossiers reusing digitised papers",
              "Số hồ sơ tiếp nhận trong kỳ có ít nhất một giấy tờ lấy lại từ kho dữ liệu đã số hóa ÷ số hồ sơ "
              "tiếp nhận trong kỳ",
              "Dossiers received in the period with at least one paper reused from the digitised store ÷ "
              "dossiers received",
              "Hồ sơ có sử dụng lại", "Reusing a paper", "Hồ sơ tiếp nhận trong kỳ", "Dossiers received", 2,
              "dossiers", rule=Rule(80), measure="reused"),
    _not_held("store_linked", "digitisation", "4.4",
              "Hồ sơ số hóa có kết nối, chia sẻ với kho dữ liệu trên Cổng DVCQG",
              "Digitised dossiers linked to the portal's personal data store", 4,
              "Kho giấy tờ của công dân ở đây là kho riêng của hệ thống, chưa kết nối kho dữ liệu cá nhân trên "
              "Cổng DVCQG.",
              "The citizen's store here is this system's own, not linked to the portal's personal data store.",
              "Hồ sơ lấy giấy tờ từ kho Cổng DVCQG hoặc đồng bộ kết quả lên kho ÷ hồ sơ tiếp nhận",
              "Dossiers using or feeding the portal's store ÷ dossiers received"),
    _not_held("population_dossiers", "digitisation", "4.5",
              "Hồ sơ sử dụng thông tin từ Cơ sở dữ liệu quốc gia về dân cư",
              "Dossiers using the national population database", 2,
              "Hệ thống chưa kết nối Cơ sở dữ liệu quốc gia về dân cư, VNeID.",
              "This system is not linked to the national population database or VNeID.",
              "Hồ sơ dùng dữ liệu dân cư ÷ hồ sơ", "Dossiers using population data ÷ dossiers"),
    _not_held("population_procedures", "digitisation", "4.5", "Thủ tục kết nối, chia sẻ dữ liệu dân cư",
              "Procedures linked to the population database", 2,
              "Hệ thống chưa kết nối Cơ sở dữ liệu quốc gia về dân cư, VNeID.",
              "This system is not linked to the national population database or VNeID.",
              "Thủ tục có kết nối dữ liệu dân cư ÷ thủ tục cho công dân",
              "Procedures linked to population data ÷ procedures for citizens"),
    Indicator("online", "online", "3.3", "Hồ sơ trực tuyến", "Dossiers received online",
              "Số hồ sơ tiếp nhận trong kỳ qua kênh trực tuyến (mã kênh 2) ÷ số hồ sơ tiếp nhận trong kỳ",
              "Dossiers received in the period online (channel code 2) ÷ dossiers received",
              "Hồ sơ trực tuyến", "Online", "Hồ sơ tiếp nhận trong kỳ", "Dossiers received", 12, "dossiers",
              rule=Rule(50), measure="online",
              note_vi="Cổng chấm 12 điểm trên hồ sơ trực tuyến toàn trình so với hồ sơ của thủ tục đủ điều kiện; "
                      "mọi thủ tục của danh mục đều nộp trực tuyến được nên tính trên toàn bộ hồ sơ tiếp nhận, "
                      "theo mã kênh (1 trực tiếp, 2 trực tuyến, 3 bưu chính).",
              note_en="The portal scores 12 points on full-process online dossiers over those of eligible "
                      "procedures; every procedure of the catalogue can be filed online, so all received "
                      "dossiers are counted, by channel code (1 in person, 2 online, 3 post)."),
    _not_held("payable_on_portal", "online", "3.5",
              "Thủ tục có nghĩa vụ tài chính được tích hợp thanh toán trên Cổng DVCQG",
              "Fee procedures payable on the national portal", 2,
              "Hệ thống chưa tích hợp thanh toán trên Cổng DVCQG; phí nộp tiền mặt hoặc chuyển khoản.",
              "Payment on the national portal is not integrated; fees are paid in cash or by transfer.",
              "TTHC có phí tích hợp thanh toán trực tuyến ÷ TTHC có phí", "Payable online ÷ procedures with fees"),
    Indicator("fee_procedures_paid_online", "online", "3.5", "Thủ tục có giao dịch thanh toán trực tuyến",
              "Fee procedures with an online payment",
              "Số thủ tục có phí, lệ phí có hồ sơ tiếp nhận trong kỳ được thanh toán trực tuyến ÷ số thủ tục có "
              "phí, lệ phí",
              "Procedures with fees where a dossier received in the period was paid online ÷ procedures with fees",
              "Thủ tục có thanh toán trực tuyến", "Paid online", "Thủ tục có phí, lệ phí", "Procedures with fees",
              2, "procedures", rule=Rule(80)),
    Indicator("paid_online", "online", "3.6", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online",
              "Số hồ sơ tiếp nhận trong kỳ nộp phí, lệ phí trực tuyến ÷ số hồ sơ tiếp nhận trong kỳ phải nộp phí, "
              "lệ phí",
              "Dossiers received in the period that paid online ÷ dossiers received with a fee to pay",
              "Hồ sơ thanh toán trực tuyến", "Paid online", "Hồ sơ phải nộp phí", "Dossiers with a fee", 6,
              "dossiers", measure="paid_online",
              note_vi="Thu tiền mặt và chuyển khoản do cán bộ xác nhận không phải thanh toán trực tuyến.",
              note_en="Cash and transfers confirmed by a clerk are not online payments."),
    Indicator("feedback_on_time", "satisfaction", "5.2", "Phản ánh, kiến nghị xử lý đúng hạn",
              "Feedback handled on time",
              "Số phản ánh, kiến nghị (1022) xử lý đúng hạn hoặc đang trong hạn ÷ số phản ánh, kiến nghị đã xử lý "
              "trong kỳ và đang xử lý cuối kỳ",
              "1022 feedback handled on time or still within time ÷ feedback closed in the period and open at its "
              "end",
              "Đúng hạn, trong hạn", "On time or within time", "Phản ánh, kiến nghị", "Feedback", 6, "dossiers",
              measure="feedback_on_time"),
    Indicator("feedback_satisfied", "satisfaction", "5.3", "Hài lòng trong xử lý phản ánh, kiến nghị",
              "Satisfaction with feedback handling",
              "(Số phản ánh, kiến nghị tiếp nhận trong kỳ − số quá hạn) ÷ số phản ánh, kiến nghị tiếp nhận trong kỳ",
              "(Feedback received in the period − those late) ÷ feedback received",
              "Không quá hạn", "Not late", "Phản ánh, kiến nghị tiếp nhận trong kỳ", "Feedback received", 6,
              "dossiers", measure="feedback_satisfied",
              note_vi="Hệ thống chưa ghi nhận lượt «không hài lòng» của người gửi phản ánh; chỉ trừ số quá hạn.",
              note_en="Dislikes of an answer are not recorded; only late feedback is subtracted."),
    Indicator("dossier_satisfaction", "satisfaction", "5.4", "Hài lòng trong tiếp nhận, giải quyết thủ tục",
              "Satisfaction with dossiers",
              "100% − (tỷ lệ hồ sơ giải quyết quá hạn + tỷ lệ hồ sơ bị đánh giá không hài lòng), trên hồ sơ giải "
              "quyết trong kỳ",
              "100% − (share finished late + share rated unsatisfied), of dossiers finished in the period",
              "Hồ sơ không quá hạn, không bị đánh giá không hài lòng", "Neither late nor rated unsatisfied",
              "Hồ sơ đã giải quyết", "Dossiers finished", 6, "dossiers", rule=Rule(90),
              measure="dossier_satisfaction",
              note_vi="Hồ sơ vừa quá hạn vừa bị đánh giá không hài lòng chỉ trừ một lần.",
              note_en="A dossier both late and rated unsatisfied is subtracted once."),
)


@dataclass(frozen=True)
class Result:
    """An indicator's figures for a scope and period."""

    indicator: Indicator
    numerator: int | None = None
    denominator: int | None = None

    @property
    def measured(self) -> bool:
        return self.indicator.basis != "none"

    @property
    def exact_rate(self) -> float | None:
        if not self.denominator or self.numerator is None:
            return None
        return 100 * self.numerator / self.denominator

    @property
    def rate(self) -> float | None:
        """The rate as shown (%, two decimals, as the method rounds it)."""
        exact = self.exact_rate
        return None if exact is None else round(exact, 2)

    @property
    def points(self) -> float | None:
        """Points from the exact rate, so rounding happens once."""
        return self.indicator.rule.points(self.exact_rate, self.indicator.maximum)


@dataclass(frozen=True)
class GroupResult:
    group: Group
    results: list[Result] = field(default_factory=list)

    @property
    def points(self) -> float:
        return round(sum(r.points or 0 for r in self.results), 2)

    @property
    def measured_maximum(self) -> float:
        """The points the pack's data can earn: the maxima of the indicators it can count."""
        return sum(r.indicator.maximum for r in self.results if r.measured)


@dataclass(frozen=True)
class IndicatorReport:
    request: reports.ReportRequest
    groups: list[GroupResult]
    rolled_up: bool = False  # the dossiers' measures read from the daily roll-up (False: counted live)

    @property
    def points(self) -> float:
        return round(sum(g.points for g in self.groups), 2)

    @property
    def measured_maximum(self) -> float:
        return sum(g.measured_maximum for g in self.groups)

    def result(self, key: str) -> Result:
        return next(r for g in self.groups for r in g.results if r.indicator.key == key)

    def as_json(self, locale: str = "vi") -> dict[str, Any]:
        """The indicators as the API gives them: figures, rates (%), points and the words of each formula."""
        def one(r: Result) -> dict[str, Any]:
            i = r.indicator
            return {"key": i.key, "number": i.number, "name": i.name(locale), "formula": i.words("formula", locale),
                    "numerator": r.numerator, "denominator": r.denominator, "rate": r.rate, "points": r.points,
                    "maximum": i.maximum, "scoring": i.rule.words(locale), "measured": r.measured,
                    "missing": i.words("missing", locale) or None, "note": i.words("note", locale) or None,
                    "source": i.source}
        return {"path": "rollup" if self.rolled_up else "live",
                "points": self.points, "maximum": 100, "measured_maximum": self.measured_maximum,
                "groups": [{"key": g.group.key, "name": g.group.en if locale == "en" else g.group.vi,
                            "points": g.points, "maximum": g.group.maximum, "measured_maximum": g.measured_maximum,
                            "indicators": [one(r) for r in g.results]} for g in self.groups]}


def indicator(key: str) -> Indicator:
    """An indicator by its key, or NotFound."""
    found = next((i for i in INDICATORS if i.key == key), None)
    if found is None:
        raise NotFound("indicator.not_found", indicator=key)
    return found


def _public(runtime: Runtime, slugs: list[str]) -> list[Procedure]:
    return [runtime.pack.procedures[slug].procedure for slug in slugs]


def complete(procedure: Procedure) -> bool:
    """A catalogue entry with every part the public sheet must show (Nghị định 63/2010/NĐ-CP, Điều 8 khoản 2)."""
    return bool(procedure.name_vi and procedure.papers and (procedure.level or procedure.competent_authority)
                and procedure.result and procedure.fee and procedure.legal_basis)


def _has_fees(procedure: Procedure) -> bool:
    return procedure.fees is not None


Split = tuple[list[Procedure], list[Procedure]]  # (counted, all that are counted over)
ProcedureTest = Callable[[UnitOfWorkPort, Scope, list[Procedure]], Split]


def _full_content(_uow: UnitOfWorkPort, _scope: Scope, procedures: list[Procedure]) -> Split:
    return [p for p in procedures if complete(p)], procedures


def _paid_online(uow: UnitOfWorkPort, scope: Scope, procedures: list[Procedure],
                 paid: set[str] | None = None) -> Split:
    with_fees = [p for p in procedures if _has_fees(p)]
    paid = uow.indicators.slugs_paid_online(scope) if paid is None else paid
    return [p for p in with_fees if p.slug in paid], with_fees


PROCEDURE_TESTS: dict[str, ProcedureTest] = {"full_content": _full_content, "fee_procedures_paid_online": _paid_online}


def _scope(runtime: Runtime, uow: UnitOfWorkPort, user_id: int, request: reports.ReportRequest) -> Scope:
    _user, _readable, units = reports.reader_units(uow, user_id, request.unit)
    services = [slug for slug, loaded in runtime.pack.procedures.items() if loaded.procedure.is_public_service]
    feedback = [slug for slug, loaded in runtime.pack.procedures.items() if loaded.procedure.kind == "feedback"]
    return Scope(unit_ids=tuple(u.id for u in units),
                 slugs=(request.procedure,) if request.procedure else tuple(services),
                 feedback_slugs=tuple(feedback), window=reports.period(request, runtime.clock.now()))


def build(runtime: Runtime, user_id: int, request: reports.ReportRequest, live: bool = False) -> IndicatorReport:
    """Every indicator of the five groups for what the reader asked: the dossiers' measures from the daily
    roll-up (``store/indicator_rollup.py``) and 1022 feedback live, or everything counted live when ``live`` is
    asked for or the roll-up does not cover the period yet."""
    with runtime.uow() as uow:
        scope = _scope(runtime, uow, user_id, request)
        rolled = None if live else uow.indicator_rollups.counts(scope, runtime.clock.now().astimezone(VN_TZ).date())
        if rolled is None:
            counts: dict[str, Count] = uow.indicators.counts(scope)
        else:
            counts = {**rolled.counts, **uow.indicators.counts(scope, ("feedback",))}
        procedures = _public(runtime, list(scope.slugs))
        results: dict[str, Result] = {}
        for item in INDICATORS:
            if item.basis == "dossiers":
                count = counts[item.measure]
                results[item.key] = Result(item, count.hits, count.population)
            elif item.key == "fee_procedures_paid_online":
                paid = None if rolled is None else rolled.slugs_paid_online
                hits, population = _paid_online(uow, scope, procedures, paid)
                results[item.key] = Result(item, len(hits), len(population))
            elif item.basis == "procedures":
                hits, population = PROCEDURE_TESTS[item.key](uow, scope, procedures)
                results[item.key] = Result(item, len(hits), len(population))
            else:
                results[item.key] = Result(item)
    return IndicatorReport(request, [GroupResult(g, [r for r in results.values() if r.indicator.group == g.key])
                                     for g in GROUPS], rolled_up=rolled is not None)


@dataclass(frozen=True)
class Behind:
    """What lies behind an indicator: its figures and the dossiers (or procedures) counted and not counted."""

    result: Result
    dossiers: list[Member] = field(default_factory=list)
    procedures: list[tuple[Procedure, bool]] = field(default_factory=list)
    shown_all: bool = True
    openable: frozenset[int] = frozenset()  # dossiers whose page the reader may open (held by their own units)


def behind(runtime: Runtime, user_id: int, request: reports.ReportRequest, key: str) -> Behind:
    """The dossiers or procedures behind one indicator, under the report's access rules."""
    item = indicator(key)
    result = build(runtime, user_id, request).result(key)
    with runtime.uow() as uow:
        scope = _scope(runtime, uow, user_id, request)
        if item.basis == "dossiers":
            members = uow.indicators.members(scope, item.measure, MEMBERS_SHOWN)
            user = uow.users.get(user_id)
            own = access.unit_ids(user) if user else set()
            openable = frozenset(m.dossier_id for m in members if m.receiving_unit_id in own)
            return Behind(result, dossiers=members, shown_all=len(members) == (result.denominator or 0),
                          openable=openable)
        if item.basis == "procedures":
            hits, population = PROCEDURE_TESTS[key](uow, scope, _public(runtime, list(scope.slugs)))
            counted = {p.slug for p in hits}
            ordered = sorted(population, key=lambda p: (p.slug not in counted, p.name_vi))
            return Behind(result, procedures=[(p, p.slug in counted) for p in ordered])
    return Behind(result)
