"""A trial step that fails says why in the tester's words and language, not as a Python traceback.

A tester writes a scenario from ``motcua trial --list-steps`` and ``--list-fields`` without reading the step
code, so a mistake (a field the form does not have, a choice it does not offer, a task that is not waiting,
a procedure or unit nobody knows) must come back as a sentence naming what was written and what would have
been right. Such a failure is a ``TrialFailure``: its message is that sentence and nothing else, in the
feature's language (``# language: vi`` → Vietnamese, otherwise English); the trial plug-in reports it
without the traceback.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from motcua.domain.text import fold

SENTENCES: dict[str, dict[str, str]] = {
    "no_field": {
        "vi": "Biểu mẫu «{form}» không có trường «{name}». {closest}Các trường của biểu mẫu: {fields}.",
        "en": "The form «{form}» has no field «{name}». {closest}The form's fields: {fields}.",
    },
    "bad_choice": {
        "vi": "Trường «{field}» không nhận giá trị «{value}»: chỉ chọn một trong {allowed}.",
        "en": "The field «{field}» does not take «{value}»: choose one of {allowed}.",
    },
    "bad_value": {
        "vi": "Trường «{field}» không nhận giá trị «{value}»: cần {expected}.",
        "en": "The field «{field}» does not take «{value}»: it needs {expected}.",
    },
    "refused": {
        "vi": "Biểu mẫu «{form}» của bước «{task}» không được chấp nhận: {problems}.",
        "en": "The form «{form}» of the step «{task}» was refused: {problems}.",
    },
    "step_failed": {
        "vi": "Bước «{task}» không thực hiện được: {detail}",
        "en": "The step «{task}» could not be done: {detail}",
    },
    "no_task": {
        "vi": "{who} không có bước «{task}» trên hồ sơ này. Hồ sơ đang chờ: {waiting}.",
        "en": "{who} has no step «{task}» on this dossier. The dossier is waiting for: {waiting}.",
    },
    "waits_for_nobody": {
        "vi": "không ai (hồ sơ đã kết thúc hoặc đang chờ thời hạn)",
        "en": "nobody (the dossier has ended or waits for time to pass)",
    },
    "no_procedure": {
        "vi": "Không có thủ tục «{name}» trong danh mục. {closest}",
        "en": "There is no procedure «{name}» in the catalogue. {closest}",
    },
    "no_unit": {
        "vi": "Không có đơn vị «{name}». {closest}Hãy khai báo trước, ví dụ: Cho phường \"{name}\" của tỉnh \"…\".",
        "en": "There is no unit «{name}». {closest}Declare it first, e.g. Given ward \"{name}\" of province \"…\".",
    },
    "who": {"vi": "{role} của «{unit}»", "en": "The {role} of «{unit}»"},
    "waiting_task": {"vi": "«{task}» ({role} của {unit})", "en": "«{task}» ({role} of {unit})"},
    "nobody": {"vi": "Không ai giữ vai trò {role} ở «{unit}».", "en": "Nobody is {role} of «{unit}»."},
    "closest": {"vi": "Gần nhất: {names}. ", "en": "Closest: {names}. "},
    "required": {"vi": "«{field}» chưa điền (bắt buộc)", "en": "«{field}» is empty (required)"},
    "choice": {"vi": "«{field}» chỉ nhận một trong {allowed}", "en": "«{field}» takes only one of {allowed}"},
    "pattern": {"vi": "«{field}» không đúng mẫu{hint}", "en": "«{field}» does not match its pattern{hint}"},
    "minLength": {"vi": "«{field}» cần ít nhất {limit} ký tự", "en": "«{field}» needs at least {limit} characters"},
    "maxLength": {"vi": "«{field}» dài quá {limit} ký tự", "en": "«{field}» is longer than {limit} characters"},
    "minimum": {"vi": "«{field}» phải từ {limit} trở lên", "en": "«{field}» must be {limit} or more"},
    "maximum": {"vi": "«{field}» phải từ {limit} trở xuống", "en": "«{field}» must be {limit} or less"},
    "format": {"vi": "«{field}» không đúng định dạng {limit}", "en": "«{field}» is not a valid {limit}"},
    "limit": {"vi": "«{field}» vượt giới hạn {code} = {limit}", "en": "«{field}» breaks its limit {code} = {limit}"},
    "integer": {"vi": "một số nguyên, ví dụ 2", "en": "a whole number, e.g. 2"},
    "number": {"vi": "một số, ví dụ 1,5", "en": "a number, e.g. 1.5"},
    "boolean": {"vi": "«có» hoặc «không»", "en": "«yes» or «no»"},
    "date": {"vi": "một ngày dạng dd/mm/yyyy, ví dụ 24/11/2025", "en": "a date as dd/mm/yyyy, e.g. 24/11/2025"},
    "list": {"vi": "danh sách, bảng không điền được trường này", "en": "a list, which a table cannot fill"},
    # over HTTP (motcua trial --target)
    "sign_in_refused": {
        "vi": "Không đăng nhập được bằng tài khoản «{user}» (HTTP {status}): kiểm tra mật khẩu trong tệp tài khoản "
              "hoặc MOTCUA_TRIAL_PASSWORD.",
        "en": "Could not sign in as «{user}» (HTTP {status}): check the password in the accounts file or "
              "MOTCUA_TRIAL_PASSWORD.",
    },
    "needs_enrolment": {
        "vi": "Tài khoản «{user}» chưa cài xác thực hai bước: cài với hạt giống TOTP của đợt chạy thử "
              "(motcua trial prepare) trước khi chạy.",
        "en": "The account «{user}» has no second factor yet: enrol it with the rehearsal TOTP seed "
              "(motcua trial prepare) before the run.",
    },
    "needs_code": {
        "vi": "Tài khoản «{user}» cần mã xác thực: cho hạt giống TOTP bằng --totp-seed hoặc MOTCUA_TRIAL_TOTP_SEED.",
        "en": "The account «{user}» needs a code: give its TOTP seed with --totp-seed or MOTCUA_TRIAL_TOTP_SEED.",
    },
    "code_refused": {
        "vi": "Mã xác thực của «{user}» bị từ chối: hạt giống TOTP không đúng, hoặc giờ máy lệch.",
        "en": "The code of «{user}» was refused: wrong TOTP seed, or the clocks differ.",
    },
    "http_error": {"vi": "Trang {url} trả lời {status}.", "en": "The page {url} answered {status}."},
    "no_account": {
        "vi": "Tệp tài khoản không có {role} của «{unit}».", "en": "The accounts file has no {role} of «{unit}».",
    },
    "not_prepared": {
        "vi": "Máy chủ chạy thử không có đơn vị «{name}». {closest}Chuẩn bị bằng: motcua trial prepare THƯ_MỤC "
              "(trên máy chủ), rồi dùng tệp tài khoản nó ghi.",
        "en": "The rehearsal server has no unit «{name}». {closest}Prepare it with: motcua trial prepare FOLDER "
              "(on the server), then use the accounts file it writes.",
    },
    "not_over_http": {"vi": "Không thực hiện được qua HTTP: {reason}", "en": "Not possible over HTTP: {reason}"},
    "no_clock_token": {
        "vi": "bước này dời đồng hồ, mà không có mã dời đồng hồ (--clock-token, MOTCUA_TRIAL_CLOCK_TOKEN).",
        "en": "this step moves the clock, and no clock token was given (--clock-token, MOTCUA_TRIAL_CLOCK_TOKEN).",
    },
    "clock_fixed": {
        "vi": "máy chủ không cho dời đồng hồ (cần MOTCUA_NOW và MOTCUA_REHEARSAL_TOKEN khi khởi động).",
        "en": "the server does not let its clock be moved (it needs MOTCUA_NOW and MOTCUA_REHEARSAL_TOKEN).",
    },
    "report_baseline": {
        "vi": "máy chủ có cả hồ sơ khác; số liệu báo cáo của «{unit}» chỉ so được với lúc trước hồ sơ đầu tiên của "
              "kịch bản, trong cùng tháng (khai báo đơn vị ở đầu kịch bản).",
        "en": "the server holds other dossiers too; the report of «{unit}» is compared with its figures before the "
              "scenario's first dossier, in the same month (declare the unit at the start of the scenario).",
    },
    "report_moment": {
        "vi": "số hồ sơ đang giải quyết, đang quá hạn tính mọi hồ sơ còn mở của đơn vị, kể cả hồ sơ khác trên máy chủ, "
              "nên không tách được phần của kịch bản.",
        "en": "the figures of the moment (in progress, overdue now) count every open dossier of the unit, the "
              "server's others included, so the scenario's share cannot be told apart.",
    },
    "in_process_only": {
        "vi": "bước này gọi thẳng dịch vụ của máy chủ, chưa có cách làm qua trang web.",
        "en": "this step calls the server's services directly and has no way through the web pages yet.",
    },
    # what the step library checks
    "not_returned": {"vi": "Hồ sơ đang ở trạng thái «{status}», chưa được trả.",
                     "en": "The dossier is «{status}», not returned."},
    "timeliness": {"vi": "Hồ sơ được trả «{found}», không phải «{wanted}».",
                   "en": "The dossier was returned «{found}», not «{wanted}»."},
    "not_waiting": {"vi": "{who} không có việc nào trên hồ sơ này.", "en": "{who} has nothing on this dossier."},
    "has_work": {"vi": "{who} vẫn còn {n} việc.", "en": "{who} still has {n} task(s)."},
    "notices": {"vi": "Lãnh đạo của «{unit}» có các thông báo {found}, không phải đúng một thông báo «{step}» {level}.",
                "en": "The leader of «{unit}» has the notices {found}, not exactly one of «{step}» {level}."},
    "risk": {"vi": "Hồ sơ bị đánh dấu «{found}», không phải «{wanted}».",
             "en": "The dossier is marked «{found}», not «{wanted}»."},
    "appointment": {"vi": "Ngày hẹn trả là {found}, không phải {wanted}.",
                    "en": "The appointment is {found}, not {wanted}."},
    "status": {"vi": "Trạng thái hồ sơ là «{found}», không phải «{wanted}».",
               "en": "The dossier's status is «{found}», not «{wanted}»."},
    "not_on_sheet": {"vi": "Phiếu kiểm soát không ghi «{step}» → «{receiver}».",
                     "en": "The control sheet does not show «{step}» → «{receiver}»."},
    "not_verified": {"vi": "Chữ ký số không xác thực được: {reason}.",
                     "en": "The signature does not verify: {reason}."},
    "signed_elsewhere": {"vi": "Kết quả do «{found}» ký, không phải lãnh đạo của «{unit}».",
                         "en": "The result was signed by «{found}», not the leader of «{unit}»."},
    "lookup_missing": {"vi": "Tra cứu công khai không tìm thấy hồ sơ {code} bằng 4 số {digits}.",
                       "en": "The public lookup does not find {code} with the digits {digits}."},
    "no_figure": {"vi": "Báo cáo không có số liệu «{what}». Hãy ghi một trong: {names}.",
                  "en": "The report has no figure «{what}». Say one of: {names}."},
    "figure": {"vi": "Báo cáo của «{unit}» ghi {found} hồ sơ {what}, không phải {n}.",
               "en": "The report of «{unit}» shows {found} {what} dossier(s), not {n}."},
    "no_indicator": {"vi": "Bộ chỉ số 766 không có chỉ số «{name}». Hãy ghi một trong: {names}.",
                     "en": "The Decision 766 set has no indicator «{name}». Say one of: {names}."},
    "indicator": {"vi": "Báo cáo của «{unit}» ghi chỉ số «{name}» đạt {found}, không phải {n}.",
                  "en": "The report of «{unit}» shows the indicator «{name}» at {found}, not {n}."},
    # official documents
    "incoming": {"vi": "sổ văn bản đến", "en": "the incoming register"},
    "outgoing": {"vi": "sổ văn bản đi", "en": "the outgoing register"},
    "minutes": {"vi": "sổ biên bản họp", "en": "the register of minutes"},
    "not_in_book": {"vi": "Văn bản không có trong {book} của «{unit}». Sổ đang có: {lines}.",
                    "en": "The document is not in {book} of «{unit}». The register has: {lines}."},
    "bad_number": {"vi": "Số, ký hiệu «{symbol}» không bắt đầu bằng số thứ tự {number}/.",
                   "en": "The number and symbol «{symbol}» do not start with its number {number}/."},
    "assign_elsewhere": {"vi": "Lãnh đạo chỉ giao văn bản trong đơn vị mình («{unit}», không phải «{handler}»).",
                         "en": "A leader assigns documents within their own unit («{unit}», not «{handler}»)."},
    "not_arrived": {"vi": "Văn bản «{symbol}» chưa đến «{unit}». Sổ văn bản đến có: {lines}.",
                    "en": "The document «{symbol}» has not reached «{unit}». Its incoming register has: {lines}."},
    "empty": {"vi": "(trống)", "en": "(nothing)"},
    # 1022 feedback and online submission
    "no_category": {"vi": "Không có nhóm phản ánh «{name}». {closest}Các nhóm: {names}.",
                    "en": "There is no feedback category «{name}». {closest}The categories: {names}."},
    "no_center": {"vi": "Không có đúng một tổng đài 1022 tên «{name}». {closest}",
                  "en": "There is no single 1022 center called «{name}». {closest}"},
    "feedback_answer": {"vi": "Người dân đọc được «{found}», không phải «{wanted}».",
                        "en": "The citizen reads «{found}», not «{wanted}»."},
    "feedback_private": {"vi": "Trang tra cứu để lộ tên hoặc số điện thoại của người phản ánh.",
                         "en": "The lookup shows the person's name or phone number."},
    "feedback_state": {"vi": "Phản ánh đang «{status}» («{timeliness}»), không phải kết thúc «{wanted}».",
                       "en": "The feedback is «{status}» («{timeliness}»), not closed «{wanted}»."},
    "feedback_agency": {"vi": "Phản ánh do «{found}» xử lý, không phải «{unit}».",
                        "en": "The feedback is handled by «{found}», not «{unit}»."},
    "no_sample": {"vi": "Hãy ghi trường «{name}» trong bảng: không giá trị mẫu nào hợp mẫu {pattern}.",
                  "en": "Give the field «{name}» in the table: no sample value fits its pattern {pattern}."},
    "not_online": {"vi": "Thủ tục «{name}» không nộp trực tuyến được.", "en": "«{name}» is not offered online."},
    "not_like_counter": {
        "vi": "Hồ sơ nộp trực tuyến chờ ở bước «{task}», không phải bước tiếp nhận của quầy với thông tin người nộp "
              "điền sẵn.",
        "en": "The online dossier waits at «{task}», not at the counter's intake step with the applicant prefilled.",
    },
    # the counter queue
    "counters_closed": {
        "vi": "Hãy mở quầy trước: Cho các quầy của \"…\" mở lúc … với … cán bộ tiếp nhận.",
        "en": "Open the counters first: Given the counters of \"…\" open at … with … reception clerks.",
    },
    "no_group": {"vi": "«{unit}» không có nhóm «{group}». Các nhóm: {groups}.",
                 "en": "«{unit}» has no service group «{group}». The groups: {groups}."},
    "display": {"vi": "Màn hình của «{unit}» hiện {found}, không phải số «{ticket}» mời đến quầy {number}.",
                "en": "The display of «{unit}» shows {found}, not «{ticket}» called to counter {number}."},
    "not_called": {"vi": "{n} số thứ tự không được gọi.", "en": "{n} number(s) were never called."},
    "long_wait": {
        "vi": "Người chờ lâu nhất chờ {longest} phút (trung bình {average}, 90% không quá {p90}), quá {limit} phút.",
        "en": "The longest wait was {longest} minutes (average {average}, p90 {p90}), over {limit}.",
    },
    "none_received": {"vi": "Không hồ sơ nào được tiếp nhận tại quầy.",
                      "en": "No dossier was received at the counters."},
    "received_later": {"vi": "Hồ sơ {code}: công dân đến lúc {arrived}, được tiếp nhận lúc {received}.",
                       "en": "Dossier {code}: the citizen came at {arrived}, received at {received}."},
    "due_wrong": {"vi": "Hồ sơ {code} hẹn trả {found}, không phải {wanted}.",
                  "en": "Dossier {code} is due {found}, not {wanted}."},
    "marked": {"vi": "Hồ sơ {code} bị đánh dấu «{risk}».", "en": "Dossier {code} is marked «{risk}»."},
}


class TrialFailure(AssertionError):
    """A failed trial step; the message is the sentence the tester reads (no traceback goes with it)."""


class NotOverHttp(Exception):  # noqa: N818 - a verdict on a step, not an error of the code
    """A step that cannot be done against a running deployment (``motcua trial --target``): the scenario is
    reported "not possible over HTTP" with this reason, neither passed nor failed."""


def language_of(feature_language: str | None) -> str:
    """The language failures are told in: Vietnamese for a ``# language: vi`` feature, else English."""
    return "vi" if (feature_language or "").lower().startswith("vi") else "en"


def sentence(language: str, key: str, **params: object) -> str:
    """One of the sentences above, in that language, with its blanks filled."""
    texts = SENTENCES[key]
    return texts.get(language, texts["en"]).format(**params)


def failure(language: str, key: str, **params: object) -> TrialFailure:
    """A TrialFailure saying ``key``'s sentence."""
    return TrialFailure(sentence(language, key, **params))


def expect(condition: object, language: str, key: str, **params: object) -> None:
    """A check of a step: when ``condition`` is false, the step fails saying ``key``'s sentence."""
    if not condition:
        raise failure(language, key, **params)


def quoted(names: Iterable[str]) -> str:
    """Names as a tester reads them in a sentence: «a», «b»."""
    return ", ".join(f"«{n}»" for n in names)


def closest(language: str, wanted: str, names: Iterable[str], n: int = 3) -> str:
    """"Closest: «…»." for the names nearest to what was written (accents and case ignored), or nothing."""
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(fold(name), name)
    found = difflib.get_close_matches(fold(wanted), list(by_fold), n=n, cutoff=0.5)
    found += [f for f in by_fold if fold(wanted) in f and f not in found][: max(0, n - len(found))]
    return sentence(language, "closest", names=quoted(by_fold[f] for f in found)) if found else ""
