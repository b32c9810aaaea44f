"""The words of every error code, in Vietnamese (the source language) and English, and how to fill them in.

Errors carry a stable code and parameters (``motcua.errors``); the edges choose the reader's language here:
the web layer from the session's locale (Flask-Babel's), the JSON APIs beside a ``code`` field, the CLI from
``--lang``, ``MOTCUA_LANG`` or ``LANG`` (``motcua.cli.cli_locale``). A catalogue in one module rather than
gettext because the CLI and the worker translate too, without a Flask request. ``tests/unit/test_messages.py``
fails for a code raised in ``motcua/`` that has no words here, or whose two languages ask for different
parameters.

A parameter may itself be given per language (``{"vi": ..., "en": ...}``), for words the service chose such as
a role's title.
"""
from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

LOCALES = ("vi", "en")

MESSAGES: dict[str, tuple[str, str]] = {  # code: (Vietnamese, English)
    # people and units
    "user.not_found": ("Không tìm thấy tài khoản người dùng.", "Unknown user."),
    "user.not_found_by_name": ("Không có tài khoản {username}.", "No user {username}."),
    "user.no_unit": ("Bạn chưa thuộc đơn vị nào.", "You belong to no unit."),
    "unit.not_found": ("Không có đơn vị mã {unit}.", "No unit {unit}."),
    "unit.no_agency_code": ("Đơn vị {unit} chưa có mã định danh điện tử nên chưa tiếp nhận được hồ sơ (mã hồ sơ "
                            "phải bắt đầu bằng mã này): quản trị đơn vị nhập mã ở trang Quản trị › Đơn vị.",
                            "{unit} has no electronic identifier yet, so it cannot receive dossiers (their codes "
                            "begin with it): a unit administrator enters it under Administration › Units."),
    "input.agency_code": ("Mã định danh điện tử “{value}” không đúng định dạng NNN.NN.NN.XNN của QCVN "
                          "102:2016/BTTTT (ví dụ 000.00.06.H56).",
                          "Electronic identifier “{value}” is not in the NNN.NN.NN.XNN form of QCVN "
                          "102:2016/BTTTT (e.g. 000.00.06.H56)."),
    "input.agency_code_taken": ("Mã định danh điện tử {value} đã là mã của {unit}.",
                                "Electronic identifier {value} already belongs to {unit}."),
    "input.postal_item": ("Số hiệu bưu gửi “{value}” không đúng định dạng: 13 ký tự gồm 2 chữ cái, 9 chữ số, "
                          "2 chữ cái (chuẩn UPU S10, ví dụ EB000717595HK).",
                          "Postal item number “{value}” is not in the right form: 13 characters, two letters, "
                          "nine digits, two letters (UPU S10, e.g. EB000717595HK)."),
    "input.postal_item_check": ("Số hiệu bưu gửi “{value}” sai chữ số kiểm tra (ký tự thứ 11): có lẽ đã gõ nhầm.",
                                "Postal item number “{value}” has a wrong check digit (the 11th character): it "
                                "was probably mistyped."),
    "input.postal_item_missing": ("Hồ sơ nhận qua bưu chính cần số hiệu bưu gửi.",
                                  "A dossier received by post needs its postal item number."),
    "input.channel": ("Kênh tiếp nhận “{value}” không có; chọn trực tiếp, trực tuyến hoặc bưu chính.",
                      "There is no channel “{value}”; choose in person, online or postal."),
    "admin.admins_only": ("Chỉ quản trị đơn vị mới xem được mục này.", "Only a unit's administrator sees this."),
    "admin.account_not_yours": ("Không có tài khoản {username} trong đơn vị bạn quản trị.",
                                "No account {username} in the units you administer."),
    "password.wrong_current": ("Mật khẩu hiện tại không đúng.", "The current password is wrong."),
    "totp.already_enrolled": ("Xác thực hai bước đã được thiết lập; quản trị đơn vị đặt lại khi mất điện thoại.",
                              "Two-step sign-in is already set up; a unit administrator resets it if the phone "
                              "is lost."),
    # dossiers, tasks and steps
    "dossier.not_found": ("Không có hồ sơ {dossier}.", "No dossier {dossier}."),
    "dossier.no_instance": ("Hồ sơ {dossier} không có quy trình đang chạy.",
                            "Dossier {dossier} has no workflow instance."),
    "dossier.not_a_draft": ("Hồ sơ {dossier} đã được tiếp nhận nên không thể hủy.",
                            "Dossier {dossier} has been received: it can no longer be discarded."),
    "dossier.not_in_your_units": ("Không có hồ sơ này trong các đơn vị của bạn.", "No such dossier in your units."),
    "dossier.changed_meanwhile": ("Hồ sơ vừa được người khác thay đổi cùng lúc; hãy tải lại trang và thử lại.",
                                  "This dossier was changed by someone else at the same moment; reload and try "
                                  "again."),
    "dossier.clerk_required": ("Chỉ hồ sơ nộp trực tuyến mới được mở mà không có cán bộ tiếp nhận.",
                               "Only a dossier sent online may be opened without a clerk."),
    "document.not_found": ("Không có tài liệu này.", "No such document."),
    # digitised papers and the citizen's store (services/digitisation.py)
    "papers.not_found": ("Không có giấy tờ đã số hóa số {paper} mà bạn được xem.",
                         "No digitised paper {paper} that you may see."),
    "papers.not_an_intake": ("Chỉ bước tiếp nhận hồ sơ (có danh mục thành phần hồ sơ) mới xem được giấy tờ đã số "
                             "hóa của công dân.", "Only an intake step (with the papers checklist) may read a "
                             "citizen's digitised papers."),
    "papers.not_the_holders": ("Giấy tờ đã số hóa này không phải của người có số định danh ghi trên hồ sơ: không "
                               "được dùng lại. Việc này đã được ghi nhật ký.",
                               "This digitised paper does not belong to the person whose ID number the dossier "
                               "gives: it cannot be reused. This was logged."),
    "papers.unit_not_allowed": ("Giấy tờ này được số hóa ở đơn vị ngoài tỉnh của bạn: không được dùng lại. Việc "
                                "này đã được ghi nhật ký.",
                                "This paper was digitised by a unit outside your province: it cannot be reused. "
                                "This was logged."),
    "papers.wrong_kind": ("Giấy tờ đã số hóa này không phải loại giấy tờ mà dòng đó yêu cầu, hoặc chỉ dùng một "
                          "lần: hãy quét bản mới.", "This digitised paper is not of the kind that line asks for, "
                          "or serves only once: scan a new one."),
    "papers.citizen_not_identified": ("Số định danh cá nhân và mã hồ sơ trước đây không khớp với hồ sơ nào: hãy "
                                      "kiểm tra lại (mã in trên giấy tiếp nhận). Lần thử này đã được ghi nhật ký.",
                                      "The ID number and the earlier dossier's code match no dossier: check them "
                                      "(the code is on the receipt). This try was logged."),
    "papers.expired": ("Giấy tờ đã số hóa này đã hết giá trị sử dụng: hãy quét bản mới.",
                       "This digitised paper is no longer valid: scan a new one."),
    "task.not_found": ("Không có bước xử lý nào đang chờ như vậy.", "No such task is waiting."),
    "task.already_done": ("Bước “{task}” đã được {user} hoàn thành lúc {at}.",
                          "{task} was already completed by {user} at {at}."),
    "task.not_offered": ("Bước này không được giao cho bạn.", "This task is not offered to you."),
    "step.failed": ("Không thực hiện được bước này do lỗi trong quy trình đã cấu hình (phần tử {element}); dữ liệu "
                    "chưa được lưu. Hãy báo cán bộ phân tích nghiệp vụ.", "The step could not be run because of a "
                    "fault in the configured procedure (element {element}); nothing was saved. Tell the business "
                    "analyst."),
    "form.invalid": ("Dữ liệu nhập chưa hợp lệ ({fields}).", "The form has errors ({fields})."),
    "message.not_declared": ("Thông điệp {message} không được khai báo trong messages.toml của gói.",
                             "Message {message} is not declared in the pack's messages.toml."),
    "procedure.not_found": ("Không có thủ tục {procedure} trong danh mục.", "No procedure {procedure} in the "
                            "catalogue."),
    "procedure.not_public": ("Không có thủ tục hành chính công khai {procedure}.", "No public procedure "
                             "{procedure}."),
    "procedure.not_online": ("Thủ tục {procedure} chưa nộp trực tuyến được (gói thiếu biểu mẫu tiếp nhận {form}).",
                             "{procedure} cannot be sent online (its intake form {form} is not in the pack)."),
    "procedure.role_required": ("Chỉ {roles} của {unit} mới được mở hồ sơ của thủ tục này tại đó.",
                                "Only a {roles} of {unit} can open dossiers of this procedure there."),
    "version.analysts_only": ("Chỉ cán bộ phân tích nghiệp vụ mới được sửa sơ đồ quy trình.",
                              "Only a business analyst may change a procedure's diagram."),
    "shared_part.not_found": ("Không có phần dùng chung {part} (hiện có: {known}).",
                              "No shared part {part} (there are: {known})."),
    "shared_part.unreadable": ("Không đọc được phần dùng chung {part}: {detail}",
                               "Shared part {part} cannot be read: {detail}"),
    "shared_part.saved_meanwhile": ("{part} hoặc thủ tục gọi nó ({procedures}) vừa được người khác lưu: mở lại để xem "
                                    "thay đổi của họ rồi lưu lại.",
                                    "{part} or a procedure that calls it ({procedures}) was saved by someone else "
                                    "meanwhile: reopen the part to see their change, then save again."),
    "version.not_found": ("Thủ tục {procedure} không có phiên bản {number}.", "{procedure} has no version {number}."),
    "version.unknown_id": ("Không có phiên bản thủ tục mã số {version}.", "No procedure version {version}."),
    "version.none_registered": ("Thủ tục {procedure} chưa có phiên bản nào được đăng ký.",
                                "{procedure} has no registered version."),
    # fees and charges
    "fees.not_computable": ("Chưa tính được phí, lệ phí của thủ tục «{procedure}», khoản «{item}» (trường {field}): "
                            "{reason}.",
                            "The fee of «{procedure}», item «{item}» (field {field}), cannot be computed: {reason}."),
    # what is wrong with a fee rule (domain/fees.py): the `reason` of fees.not_computable, the `reason` of
    # catalogue.fee_rule and catalogue.bad_fees; Python's own words stay a parameter marked as such
    "fee_rule.not_expression": ("«{rule}» không phải là một biểu thức; chi tiết kỹ thuật, nguyên văn tiếng Anh của "
                                "Python: «{detail}»",
                                "«{rule}» is not an expression ({detail})"),
    "fee_rule.no_value": ("biểu mẫu chưa có giá trị cho «{field}»", "the form has no value for «{field}»"),
    "fee_rule.cannot_compute": ("không tính được «{rule}» ({why})", "«{rule}» cannot be computed ({why})"),
    "fee_rule.not_allowed": ("«{rule}» dùng {construct}, điều mà quy tắc phí, lệ phí không cho phép (chỉ được dùng "
                             "phép tính không có lũy thừa, phép so sánh, {operators} và {functions})",
                             "«{rule}» uses {construct}, which a fee rule may not (only arithmetic without powers, "
                             "comparisons, {operators} and {functions})"),
    "fee_rule.bad_call": ("«{rule}» gọi một hàm không thuộc {functions}", "«{rule}» calls something other than "
                          "{functions}"),
    "fee_rule.not_numbers": ("phép tính cần số, nhưng nhận được {left} và {right}",
                             "arithmetic needs numbers, got {left} and {right}"),
    "fee_rule.too_large": ("{value} vượt quá mọi mức phí", "{value} is beyond any fee"),
    "fee_rule.days_since_args": ("days_since nhận đúng một ngày", "days_since takes one date"),
    "fee_rule.days_since_date": ("days_since cần một ngày viết theo dạng YYYY-MM-DD, không phải {value}",
                                 "days_since needs a date written YYYY-MM-DD, not {value}"),
    "fee_rule.not_in_language": ("{construct} không thuộc ngôn ngữ của quy tắc phí, lệ phí",
                                 "{construct} is not part of the fee language"),
    "fee_rule.negative": ("{what} phải là một số lớn hơn hoặc bằng 0, không phải {value}",
                          "the {what} must be a number of at least 0, not {value}"),
    "fee_rule.bad_kind": ("kind phải là một trong {kinds}, không phải {kind}",
                          "kind must be one of {kinds}, not {kind}"),
    "fee_rule.no_amount": ("thiếu amount: ghi số tiền (đồng) cho mỗi đơn vị, là một số hoặc một biểu thức",
                           "no amount: give the VND per unit (a number or an expression)"),
    "fee_rule.bad_cap": ("cap phải là một số nguyên đồng, không phải {cap}", "cap must be a whole number of VND, not "
                         "{cap}"),
    "fee_rule.no_label": ("mỗi khoản phí cần label (tên khoản ghi trên biên lai)",
                          "a fee item needs a label (what the receipt calls it)"),
    "fee_rule.no_items": ("[fees] không có khoản nào: thêm {items} hoặc bỏ bảng này",
                          "[fees] lists no items: add {items} or remove the table"),
    "fee_rule.not_a_table": ("[fees] phải là một bảng có {items}", "[fees] must be a table with {items}"),
    "fee_rule.unknown_field": ("quy tắc phí, lệ phí đọc «{field}», trường mà biểu mẫu tiếp nhận không có: hãy ghi tên "
                               "một trường của biểu mẫu", "the fee rules read «{field}», which the reception form "
                               "does not have: name one of its fields"),
    "fee_rule.item_fails": ("khoản phí «{item}»: {why}", "fee item «{item}»: {why}"),
    "fee_rule.item_fails_on": ("khoản phí «{item}»: {why} (trường «{field}»)",
                               "fee item «{item}»: {why} (field «{field}»)"),
    "fees.missing_field": ("Phí, lệ phí của thủ tục «{procedure}» (khoản «{item}») được tính khi có trường {field}.",
                           "The fee of «{procedure}» (item «{item}») is computed once field {field} is given."),
    "fees.invalid_account": ("Tài khoản nhận chuyển khoản chưa đúng ở trường {field}: cần {rule}.",
                             "The bank account is malformed in field {field}: it needs {rule}."),
    "fees.unknown_method": ("Hình thức nộp «{method}» không có: chọn tiền mặt hoặc chuyển khoản.",
                            "No payment method «{method}»: choose cash or transfer."),
    "fees.collectors_only": ("Chỉ cán bộ tiếp nhận (hoặc quản trị) của {unit} mới xác nhận thu phí.",
                             "Only the reception clerks (or administrators) of {unit} confirm a fee as paid."),
    "fees.not_due": ("Hồ sơ {dossier} không có khoản phí đang chờ nộp (trạng thái: {status}).",
                     "Dossier {dossier} has no fee waiting to be paid (status: {status})."),
    "fees.admins_only": ("Chỉ quản trị của {unit} mới đặt tài khoản nhận phí của đơn vị.",
                         "Only an administrator of {unit} sets the unit's account for fees."),
    "handover.admins_only": ("Chỉ quản trị của {unit} (hoặc của tỉnh) mới được bàn giao hồ sơ của đơn vị.",
                             "Only an administrator of {unit} (or its province) can hand its dossiers over."),
    "handover.finished": ("Hồ sơ {dossier} đã kết thúc và ở lại nơi đã giải quyết.",
                          "Dossier {dossier} is finished and stays where it was decided."),
    "handover.same_unit": ("Hồ sơ {dossier} đang do {unit} xử lý.", "Dossier {dossier} is already handled by {unit}."),
    # refusals of a step by a rule of the procedure (handlers raise them; the person can put the step right)
    "intake.papers_missing": ("Hồ sơ chưa đủ thành phần nên chưa tiếp nhận được; hãy chọn “Hướng dẫn bổ sung”. Còn "
                              "thiếu: {missing}.", "The dossier is incomplete and cannot be received; choose "
                              "“guide to supplement”. Missing: {missing}."),
    "apology.date_not_after_today": ("Ngày hẹn mới ({date}) phải sau hôm nay.",
                                     "The new appointment ({date}) must be after today."),
    "apology.before_intake": ("Chỉ lập phiếu xin lỗi cho hồ sơ đã tiếp nhận (phiếu ghi ngày nhận và ngày hẹn trả).",
                              "An apology slip is issued only for a received dossier (it names the receipt and due "
                              "dates)."),
    "return.postal_address_missing": ("Trả kết quả qua bưu chính cần địa chỉ người nhận.",
                                      "A result returned by post needs the recipient's address."),
    "return.posted_on_missing": ("Hãy ghi ngày giao kết quả cho bưu chính.",
                                 "Record the date the result was handed to the postal service."),
    "return.posted_on_future": ("Ngày giao cho bưu chính ({date}) sau hôm nay; hãy ghi đúng ngày đã giao.",
                                "The date handed to the postal service ({date}) is after today; record the day it "
                                "was handed over."),
    "stop.reason_missing": ("Thông báo dừng giải quyết phải nêu lý do: hãy ghi lý do trong ý kiến của lãnh đạo.",
                            "A notice of stopping states its reason: write it in the leader's decision."),
    "return.apology_first": ("Hồ sơ đã quá hạn: phải lập phiếu xin lỗi và hẹn lại ngày trả trước khi trả kết quả.",
                             "The dossier is late: issue the apology slip with a new date before returning it."),
    "feedback.unit_required": ("Hãy chọn đơn vị chịu trách nhiệm xử lý trước khi chuyển phản ánh, kiến nghị.",
                               "Choose the responsible unit before routing the feedback."),
    "feedback.answer_empty": ("Nội dung trả lời đang để trống.", "The answer is empty."),
    "document.no_recipient": ("Văn bản chưa có nơi nhận: hãy chọn đơn vị nhận hoặc ghi nơi nhận khác.",
                              "The document is addressed to nobody: choose a recipient unit or write another "
                              "recipient."),
    "document.send_unsigned": ("Chỉ gửi được văn bản đi đã ký số.", "Only a signed outgoing document can be sent."),
    "document.unknown_recipient": ("Không có đơn vị nhận mã {unit}.", "No recipient unit {unit}."),
    "document.sent_to_itself": ("{unit} là đơn vị ban hành: hãy lưu văn bản thay vì gửi cho chính mình.",
                                "{unit} issues the document itself: file it instead of sending it."),
    "transfer.unknown_unit": ("Không có đơn vị mã {unit} để chuyển hồ sơ đến.",
                              "No unit {unit} to transfer the dossier to."),
    "remote_signature.already_waiting": ("Hồ sơ {dossier} đang chờ một yêu cầu ký số từ xa.",
                                         "Dossier {dossier} already waits for a remote signature."),
    # official documents' books (codes and English wording keep "register": what the UI and API say)
    "register.not_found": ("Không có sổ {book}.", "No register {book}."),
    "register.not_your_unit": ("Bạn chỉ xem được sổ của đơn vị mình.", "You may read only the registers of your "
                               "own units."),
    # signed documents brought to /xac-thuc
    "pdf.unreadable": ("Tệp này không phải là tệp PDF đọc được.", "The file is not a readable PDF."),
    "signature.none": ("Tệp không có chữ ký số.", "The document carries no digital signature."),
    "signature.unverifiable": ("Không kiểm tra được chữ ký số {field} của tệp.",
                               "The document's signature {field} cannot be checked."),
    "signature.changed": ("Tệp đã bị sửa đổi sau khi {signer} ký.", "The document was changed after {signer} signed "
                          "it."),
    "signature.untrusted": ("Chứng thư số của {signer} không do tổ chức cấp chứng thư của hệ thống hay một tổ chức "
                            "được tin cậy cấp.", "{signer}'s certificate was issued neither by this system's "
                            "authority nor by a trusted root."),
    "signature.content_added": ("Có nội dung được thêm vào tệp sau chữ ký của {signer}.",
                                "Content was added to the document after {signer}'s signature."),
    "signature.no_result": ("Hồ sơ này chưa có kết quả đã ký số.", "This dossier has no signed result."),
    # the national portal's outbox and remote signatures
    "portal.signature_missing": ("Yêu cầu không có chữ ký {header} của Cổng Dịch vụ công quốc gia.",
                                 "The request carries no {header} signature of the National Public Service Portal."),
    "portal.signature_invalid": ("Chữ ký {header} không khớp với nội dung yêu cầu: yêu cầu bị từ chối.",
                                 "The {header} signature does not match the request's body: refused."),
    "portal.throttled": ("Địa chỉ này đã gửi quá {count} yêu cầu không có chữ ký hợp lệ trong một phút; "
                         "hãy thử lại sau một phút.",
                         "This address sent more than {count} requests without a valid signature in a minute; "
                         "try again in a minute."),
    "portal.invalid": ("Hồ sơ từ Cổng Dịch vụ công quốc gia chưa đúng: {fields}.",
                       "The dossier from the National Public Service Portal is not valid: {fields}."),
    "outbox.admins_only": ("Chỉ quản trị mới xem được các thông điệp gửi Cổng Dịch vụ công quốc gia.",
                           "Only an administrator sees the messages to the national portal."),
    "outbox.message_not_found": ("Không có thông điệp chưa gửi này trong các đơn vị của bạn.",
                                 "No such undelivered message of your units."),
    "notice.admins_only": ("Chỉ quản trị mới xem được các thông báo gửi công dân bị lỗi.",
                           "Only an administrator sees the failing notices to citizens."),
    "notice.not_found": ("Không có thông báo {notice} chưa gửi trong các đơn vị của bạn.",
                         "No unsent notice {notice} of your units."),
    "remote_signature.not_found": ("Không có yêu cầu ký số từ xa {request}.", "No remote signature request "
                                   "{request}."),
    # the counter queue
    "queue.not_set_up": ("{unit} chưa có xếp hàng (queue.toml không khai báo nhóm dịch vụ nào cho đơn vị).",
                         "{unit} has no counter queue (queue.toml declares no service group for it)."),
    "queue.group_not_found": ("{unit} không có nhóm dịch vụ {group}.", "{unit} has no service group {group}."),
    "queue.closed": ("{unit} cấp số vào ngày làm việc, từ {opens} đến {closes}.",
                     "{unit} issues numbers on working days from {opens} to {closes}."),
    "queue.ticket_not_found": ("Không có số thứ tự này.", "No such ticket."),
    "queue.reception_only": ("Chỉ cán bộ tiếp nhận của {unit} mới làm việc tại quầy.",
                             "Only a reception clerk of {unit} works its counters."),
    "queue.desk_reception_only": ("Chỉ cán bộ tiếp nhận của đơn vị có xếp hàng mới làm việc tại quầy.",
                                  "Only the reception clerks of a unit with a queue work at a counter."),
    "queue.no_open_counter": ("Hãy mở một quầy của {unit} trước.", "Open a counter of {unit} first."),
    "queue.finish_before_moving": ("Hãy kết thúc số đang phục vụ ở quầy {counter} trước khi chuyển quầy.",
                                   "Finish the ticket at counter {counter} before moving."),
    "queue.counter_taken": ("Quầy {counter} đang do {clerk} mở từ {since}.",
                            "Counter {counter} is open by {clerk} since {since}."),
    "queue.ticket_still_at_counter": ("Số {ticket} vẫn đang ở quầy {counter}: hãy đánh dấu đã phục vụ hoặc vắng "
                                      "mặt trước.", "{ticket} is still at counter {counter}: mark it served or "
                                      "absent first."),
    "queue.already_called": ("Quầy {counter} đã gọi số {ticket}.", "Counter {counter} has already called {ticket}."),
    "queue.not_serving_ticket": ("Quầy {counter} không phục vụ số này.", "Counter {counter} is not serving that "
                                 "ticket."),
    "queue.counter_refused": ("Không mở được quầy ({problems}).", "The counter cannot open ({problems})."),
    "queue_report.roles_only": ("Chỉ cán bộ tiếp nhận, lãnh đạo và quản trị của {unit} xem được xếp hàng của đơn "
                                "vị.", "Only the reception clerks, leaders and administrators of {unit} see its "
                                "queue."),
    "queue_report.staff_only": ("Báo cáo xếp hàng dành cho cán bộ tiếp nhận, lãnh đạo và quản trị của đơn vị.",
                                "The queue report is for a unit's reception clerks, leaders and administrators."),
    "period.not_a_date": ("“{value}” không phải là ngày ({format}).", "“{value}” is not a date ({format})."),
    "period.ends_before_start": ("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.",
                                 "The end of the period is before its start."),
    "period.too_long": ("Mỗi lần chỉ báo cáo tối đa {days} ngày.", "Report at most {days} days at a time."),
    # reports
    "indicator.not_found": ("Không có chỉ số «{indicator}» trong Bộ chỉ số theo Quyết định 766/QĐ-TTg.",
                            "There is no indicator “{indicator}” in the Decision 766/QĐ-TTg set."),
    "report.roles_only": ("Báo cáo dành cho lãnh đạo và quản trị của đơn vị.",
                          "Reports are for the leaders and administrators of a unit."),
    "report.unit_forbidden": ("Bạn không được xem báo cáo của đơn vị {unit}.",
                              "You may not read the reports of unit {unit}."),
    "report.not_a_date": ("“{value}” không phải là ngày: hãy viết dd/mm/yyyy.",
                          "“{value}” is not a date: write dd/mm/yyyy (or yyyy-mm-dd)."),
    "report.out_of_range": ("Ngày “{value}” nằm ngoài khoảng năm {first}–{last}.",
                            "“{value}” is outside the years {first}–{last}."),
    "report.ends_before_start": ("Ngày kết thúc ({end}) phải bằng hoặc sau ngày bắt đầu ({start}).",
                                 "The period ends ({end}) before it begins ({start})."),
    "report.unknown_unit": ("Không có đơn vị mã {unit}.", "No unit {unit}."),
    "rollups.unknown_name": ("Không có bảng tổng hợp tên {name} (có: {known}).",
                             "No roll-up named {name} (known: {known})."),
    "rollups.admins_only": ("Chỉ quản trị viên được tổng hợp lại số liệu.",
                            "Only administrators may rebuild the roll-ups."),
    "rollups.ends_before_start": ("Ngày kết thúc ({end}) phải bằng hoặc sau ngày bắt đầu ({start}).",
                                  "The days end ({end}) before they begin ({start})."),
    "rollups.not_closed": ("Ngày {day} chưa kết thúc (hôm nay là {today}): số liệu từ hôm nay được đếm trực tiếp, "
                           "chỉ tổng hợp lại được những ngày đã qua.",
                           "{day} is not over yet (today is {today}): today's figures are counted live; only past "
                           "days can be rebuilt."),
    "heatmap.unknown_step": ("Sơ đồ của thủ tục không có bước {step}.", "The procedure's diagram has no step {step}."),
    "report.unknown_procedure": ("Không có thủ tục hành chính {procedure} trong danh mục.",
                                 "No administrative procedure {procedure} in the catalogue."),
    # 1022 feedback
    "feedback.category_not_found": ("Không có lĩnh vực phản ánh {category} (có: {known}).",
                                    "No feedback category {category} (have: {known})."),
    "feedback.operators_only": ("Chỉ tổng đài viên 1022 mới tiếp nhận phản ánh qua điện thoại.",
                                "Only a 1022 operator can take feedback by phone."),
    "feedback.no_center": ("Chưa thiết lập tổng đài 1022: chưa đơn vị nào có tổng đài viên.",
                           "No 1022 center is set up: no unit has a 1022 operator."),
    # a diagram's problems, as the modeler shows them to the analyst (``motcua validate`` prints the English)
    "diagram.unknown_operator": ("Tác vụ dịch vụ gọi thao tác {operator}, nhưng chưa có hàm xử lý nào đăng ký tên này "
                                 "(đã đăng ký: {known}): chọn một thao tác đã đăng ký, hoặc thêm một @handler có tên "
                                 "đó trong handlers/", "service task names operator {operator}, which no handler "
                                 "registers (registered: {known}): pick a registered operator, or add a @handler "
                                 "with that name under handlers/"),
    "diagram.missing_parameter": ("Thao tác {operator} cần tham số {parameter}: thêm một spiffworkflow:parameter có "
                                  "id {parameter} vào tác vụ dịch vụ", "operator {operator} needs parameter "
                                  "{parameter}: add a spiffworkflow:parameter with id {parameter} to the service task"),
    "diagram.unknown_parameter": ("Thao tác {operator} không nhận tham số {parameter}: bỏ tham số này, hoặc sửa lại "
                                  "tên (nhận: {accepted})", "operator {operator} takes no parameter {parameter}: "
                                  "remove it, or correct its name (accepted: {accepted})"),
    "diagram.no_lane": ("Bước do người thực hiện nhưng không nằm trong làn nào nên không giao được cho vai trò nào: "
                        "đặt bước vào làn mang tên vai trò thực hiện ({roles})", "human task is in no lane, so no "
                        "role can be offered it: put it in a lane named by the role that does it ({roles})"),
    "diagram.unknown_role": ("Làn {lane} không phải là vai trò đã biết (các vai trò: {roles}): đặt tên làn theo một "
                             "trong số đó", "lane {lane} is not a known role (known: {roles}): name the lane by one "
                             "of them"),
    "diagram.bad_form": ("Biểu mẫu {form} chưa dùng được: {detail}", "form {form}: {detail}"),
    "diagram.bad_timer": ("Thời hạn hẹn giờ không hợp lệ: {detail}", "timer duration {detail}"),
    "diagram.bad_expression": ("{what} {expression} không phải là biểu thức hợp lệ: hãy viết bằng Python trên dữ liệu "
                               "của bước{camunda}; chi tiết kỹ thuật, nguyên văn tiếng Anh của trình biên dịch "
                               "Python: «{detail}»",
                               "{what} {expression} is not a valid expression: {detail}: write it in Python over the "
                               "task data{camunda}"),
    # --- words (issue 18, what was left): what the checks of a diagram or form tell the analyst, in the modeler
    # and `motcua validate` (technical detail, a line, an element id or a parser's own words, stays a parameter)
    "xml.refused": ("XML bị từ chối: {meaning}", "XML refused: {meaning}"),
    "xml.malformed": ("XML không đúng cú pháp: sửa tệp ở dòng này (trình soạn XML chỉ ra thẻ chưa đóng hoặc viết "
                      "sai); chi tiết kỹ thuật, nguyên văn tiếng Anh của trình đọc XML lxml: «{detail}»",
                      "XML is not well-formed: {detail}: correct the file at this line (an XML editor shows the "
                      "unclosed or misspelt tag)"),
    "xml.entities": ("Sơ đồ khai báo thực thể ({names}) trong <!DOCTYPE>: MotCua không đọc thực thể; bỏ <!DOCTYPE> "
                     "và viết thẳng văn bản", "the diagram declares entities ({names}) in a <!DOCTYPE>: MotCua reads "
                     "no entities; remove the <!DOCTYPE> and write the text itself"),
    "diagram.parser": ("Trình đọc sơ đồ SpiffWorkflow không đọc được chỗ này: {fix}; chi tiết kỹ thuật, nguyên văn "
                       "tiếng Anh của SpiffWorkflow: «{detail}»", "{detail}: {fix}"),
    "diagram.chain_too_long": ("Luồng quá dài đối với trình đọc của SpiffWorkflow: hơn khoảng {steps} bước nối tiếp "
                               "nhau trong một quy trình (giới hạn của MotCua): tách quy trình thành các quy trình "
                               "con hoặc bước gọi quy trình, mỗi phần ít bước hơn",
                               "the flow is too long for SpiffWorkflow's parser: more than about {steps} steps follow "
                               "one another in one process (MotCua's limit): split the process into sub-processes "
                               "or call activities of fewer steps each"),
    "diagram.called_process_missing": ("Không có quy trình được gọi: thêm quy trình có id {process} hoặc gọi một quy "
                                       "trình đã có; chi tiết kỹ thuật, nguyên văn tiếng Anh của SpiffWorkflow: "
                                       "«{detail}»", "{detail}: add a process with id {process} or call one that "
                                       "exists"),
    "diagram.process_id_unknown": ("Không có quy trình {process} trong sơ đồ: đặt process_id trong processes/*.toml "
                                   "của thủ tục là một trong các quy trình có trong sơ đồ; chi tiết kỹ thuật, nguyên "
                                   "văn tiếng Anh của SpiffWorkflow: «{detail}»",
                                   "{detail}: set process_id in the procedure's processes/*.toml to one of the "
                                   "processes named ({process})"),
    "form.path_given": ("Biểu mẫu được ghi bằng đường dẫn ({reference}): hãy ghi tên một tệp trong {folder}/, ví dụ "
                        "review.schema.json", "the form is given as a path ({reference}): name a file of {folder}/ "
                        "instead, such as review.schema.json"),
    "form.missing": ("Không có tệp biểu mẫu {path}{also}: thêm biểu mẫu vào {folder}/, hoặc chọn một biểu mẫu đã có "
                     "cho bước này", "form file {path} does not exist{also}: add the form to {folder}/, or pick an "
                     "existing form for the user task"),
    "form.bad_json": ("Tệp không phải JSON hợp lệ: sửa tệp ở dòng được chỉ ra bằng một trình soạn JSON; chi tiết kỹ "
                      "thuật, nguyên văn tiếng Anh của trình đọc JSON của Python: «{detail}»",
                      "not valid JSON: {detail} (fix the file in a JSON editor)"),
    "form.not_utf8": ("Tệp không phải văn bản UTF-8: lưu lại tệp ở bảng mã UTF-8",
                      "not UTF-8 text: re-save the file as UTF-8"),
    "form.bad_schema": ("Không phải JSON Schema hợp lệ tại {where}: sửa từ khóa đó (xem "
                        "https://json-schema.org/understanding-json-schema); chi tiết kỹ thuật, nguyên văn tiếng Anh "
                        "của thư viện jsonschema: «{detail}»",
                        "not a valid JSON Schema at {where}: {detail} (correct that keyword; see "
                        "https://json-schema.org/understanding-json-schema)"),
    "form.bad_parts_list": ("{key} phải là danh sách tên các phần trong {folder}/, ví dụ [\"applicant\", \"papers\"]",
                            "{key} must be a list of part names of {folder}/, such as [\"applicant\", \"papers\"]"),
    "form.bad_part": ("Phần {part} của {key}: {detail}", "part {part} of {key}: {detail}"),
    "form.bad_merged": ("Khi ghép với các phần, biểu mẫu không còn là JSON Schema hợp lệ: sửa phần vừa thêm; chi tiết "
                        "kỹ thuật, nguyên văn tiếng Anh của thư viện jsonschema: «{detail}»",
                        "with its parts, not a valid JSON Schema: {detail}"),
    "xml.unknown_encoding": ("Khai báo XML ghi bảng mã {encoding}, MotCua không đọc được: lưu lại tệp ở bảng mã "
                             "UTF-8 (ở phần lớn trình soạn: Lưu thành, Bảng mã: UTF-8) và ghi encoding=\"UTF-8\" "
                             "ở dòng đầu", "the XML declaration names encoding {encoding}, which MotCua cannot "
                             "read: re-save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8) and write "
                             "encoding=\"UTF-8\" in its first line"),
    "xml.bad_byte": ("Byte {byte} không hợp lệ trong {encoding}: ghi đúng bảng mã của tệp ở dòng đầu (ví dụ "
                     "encoding=\"windows-1258\") hoặc lưu lại tệp ở bảng mã UTF-8 (ở phần lớn trình soạn: Lưu thành, "
                     "Bảng mã: UTF-8) và ghi encoding=\"UTF-8\" ở dòng đầu", "byte {byte} is not valid in {encoding}: "
                     "name the file's real encoding in its first line (for instance encoding=\"windows-1258\") or "
                     "re-save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8) and write "
                     "encoding=\"UTF-8\" in its first line"),
    "xml.not_a_charset": ("Khai báo XML ghi bảng mã {encoding}, không phải bảng mã ký tự cho văn bản: lưu lại tệp ở "
                          "bảng mã UTF-8 (ở phần lớn trình soạn: Lưu thành, Bảng mã: UTF-8) và ghi "
                          "encoding=\"UTF-8\" ở dòng đầu", "the XML declaration names encoding {encoding}, which is "
                          "not a character set for text: re-save the file as UTF-8 (in most editors: Save As, "
                          "Encoding: UTF-8) and write encoding=\"UTF-8\" in its first line"),
    "diagram.foreign_setting": ("Thiết lập {setting} ({kind}) của {engine} không được MotCua chạy: {instead}",
                                "{engine} setting {setting} ({kind}) is not run by MotCua: {instead}"),
    "step.no_way_out": ("Cổng {gateway}: không điều kiện nào trên các luồng ra của cổng đúng với dữ liệu của hồ sơ "
                        "này (đặt một luồng mặc định, hoặc thêm điều kiện cho trường hợp này)", "gateway {gateway}: "
                        "none of the conditions on its outgoing flows holds for this dossier's data (give it a "
                        "default flow, or a condition for this case)"),
    "step.branch_too_deep": ("Bộ máy quy trình chỉ theo một hồ sơ đến {steps} bước trên một nhánh, và nhánh này sẽ "
                             "dừng ở đó mà chưa tới sự kiện kết thúc: tách quy trình thành các quy trình con hoặc "
                             "bước gọi quy trình, mỗi phần ít bước hơn", "the engine stops following a dossier after "
                             "{steps} steps in one branch, and this one would end there without reaching an end "
                             "event: split the process into sub-processes or call activities of fewer steps"),
    "dryrun.cannot_start": ("Hồ sơ không bắt đầu được: {detail}", "the dossier cannot even start: {detail}"),
    "dryrun.nobody_starts": ("Khi hồ sơ bắt đầu, không ai có việc gì để làm nên không cán bộ nào mở được hồ sơ: bắt "
                             "đầu quy trình bằng một bước người dùng trong làn của vai trò tiếp nhận hồ sơ (reception)",
                             "no person has anything to do when a dossier starts, so no clerk can open one: begin the "
                             "process with a user task in the lane of the role that receives the dossier (reception)"),
    "dryrun.limits": ("Chạy thử không đi hết được mọi đường trong giới hạn ({branches} điểm rẽ nhánh, {steps} bước, "
                      "{seconds} giây) nên không khẳng định được sơ đồ chạy được: tách thành các bước gọi quy trình "
                      "ít bước và ít lựa chọn hơn", "the dry run could not walk every path within its limits "
                      "({branches} branch points, {steps} steps, {seconds} s), so it cannot say the diagram runs: "
                      "split it into call activities of fewer steps and choices"),
    "dryrun.no_end": ("Không đường nào tới sự kiện kết thúc: mọi nhánh đều vòng lại; cho vòng lặp một lối ra (một "
                      "điều kiện ở cổng có thể sai)", "no path reaches an end event: every branch loops back; give "
                      "the loop a way out (a gateway condition that can be false)"),
    "dryrun.fails_here": ("Hồ sơ bị lỗi ở đây{where}: {detail}; sửa bước này, hoặc điều kiện dẫn tới nó",
                          "a dossier fails here{where}: {detail}; fix the step, or the condition that leads to it"),
    "dryrun.engine_failed": ("Bộ máy quy trình lỗi trên sơ đồ này: đơn giản hóa cấu trúc quanh phần tử này hoặc báo "
                             "cho nhóm phát triển MotCua; chi tiết kỹ thuật, nguyên văn tiếng Anh của SpiffWorkflow: "
                             "«{detail}»",
                             "the engine failed on this diagram ({detail}); simplify the construct around this "
                             "element or report it to the MotCua maintainers"),
    "dryrun.no_sample": ("Biểu mẫu {form}: không tạo được dữ liệu mẫu hợp lệ cho {fields}; cho các trường đó giá trị "
                         "\"default\" hoặc \"examples\"", "form {form}: no valid sample data could be made for "
                         "{fields}; give those fields a \"default\" or \"examples\""),
    "dryrun.stops_without_end": ("Hồ sơ dừng lại khi không còn việc gì nhưng không tới sự kiện kết thúc: nối bước "
                                 "cuối với một sự kiện kết thúc", "a dossier stops with nothing left to do but never "
                                 "reaches an end event: connect the last step to an end event"),
    "dryrun.stalls": ("Hồ sơ mắc kẹt ở {step}: bước này {what} mà không gì trong gói sẽ gửi tới (không người, hẹn "
                      "giờ hay sự kiện phát nào của cùng quy trình tạo ra nó); phát nó từ quy trình này, khai báo "
                      "thông điệp trong messages.toml nếu một dịch vụ bên ngoài gửi, hoặc thay bằng hẹn giờ hay một "
                      "bước người dùng", "a dossier stalls at {step}: it {what} that nothing in this pack will send "
                      "(no person, timer or throw event of the same process raises it); throw it from this process, "
                      "declare the message in messages.toml if a service outside sends it, or wait with a timer or a "
                      "user task instead"),
    "diagram.no_start": ("Không có sự kiện bắt đầu: thêm một sự kiện bắt đầu ở chỗ hồ sơ đi vào",
                         "has no start event: add one where a dossier enters"),
    "diagram.no_end": ("Không có sự kiện kết thúc: kết thúc mỗi đường bằng một sự kiện kết thúc",
                       "has no end event: end each path with an end event"),
    "diagram.unreachable": ("Không đi tới được từ sự kiện bắt đầu: không luồng tuần tự nào dẫn tới phần tử này; nối "
                            "nó bằng một luồng tuần tự, hoặc xóa nó", "is not reachable from the start event: no "
                            "sequence flow leads to it; connect it with a sequence flow, or delete it"),
    "diagram.duplicate_id": ("Id {ident} đã được dùng ở dòng {other}: id trong một sơ đồ phải duy nhất, hãy đổi tên "
                             "một trong hai", "id {ident} is also used at line {other}: ids must be unique in a "
                             "diagram, so rename one of them"),
    "diagram.id_shadowed": ("{what} {ident} trùng id với phần tử ở dòng {other}; SpiffWorkflow sẽ nhầm cái này với "
                            "cái kia: hãy đổi tên {what}", "{what} {ident} has the id of the element at line {other}; "
                            "SpiffWorkflow would take one for the other: rename the {what}"),
    "catalogue.unknown_task": ("{where} ghi bước {task}, nhưng cả sơ đồ lẫn các phần dùng chung nó gọi đều không có "
                               "bước này (với forms: một bước người dùng; với parameters: một tác vụ dịch vụ): sửa "
                               "id bước hoặc bỏ mục này", "{where} names task {task}, which neither the diagram nor "
                               "the shared parts it calls has (for forms: a user task; for parameters: a service "
                               "task): correct the task id or remove the entry"),
    "diagram.not_bpmn": ("Không phải sơ đồ BPMN 2.0: phần tử gốc là {root}, không phải bpmn:definitions",
                         "not a BPMN 2.0 diagram: the root element is {root}, not bpmn:definitions"),
    "note.no_lanes": ("Quy trình {process} không có làn nên các bước do người làm được giao cho cán bộ tiếp nhận (vẽ "
                      "các làn mang tên vai trò để giao cho người khác)", "process {process} has no lanes, so its "
                      "human tasks are offered to the reception clerk (draw lanes named by role to give them to "
                      "others)"),
    "note.no_form": ("Bước người dùng không có biểu mẫu nên cán bộ chỉ xác nhận đã làm xong; chọn biểu mẫu ở bảng "
                     "thuộc tính của trình vẽ quy trình nếu cần nhập gì đó", "user task has no form, so the clerk "
                     "only confirms it is done; choose a form in the modeler's properties panel if something must "
                     "be typed"),
    # the pack's files (catalogue, calendar, handlers): what `motcua validate` and the modeler tell the analyst
    "toml.invalid": ("Tệp không phải TOML hợp lệ: sửa tệp ở dòng được chỉ ra; chi tiết kỹ thuật, nguyên văn tiếng Anh "
                     "của trình đọc TOML của Python: «{detail}»",
                     "not valid TOML: {detail}: correct the file there"),
    "toml.not_utf8": ("Tệp không phải văn bản UTF-8 (TOML bắt buộc UTF-8): lưu lại tệp ở bảng mã UTF-8",
                      "not UTF-8 text, which TOML requires: re-save the file as UTF-8"),
    "handlers.broken": ("Không nạp được các hàm xử lý trong handlers/: sửa tệp Python được nêu; chi tiết kỹ thuật, "
                        "nguyên văn tiếng Anh của Python: «{detail}»",
                        "{detail}"),
    "catalogue.missing_fields": ("Thiếu trường: {fields}: hãy thêm vào (README, phần hướng dẫn thêm một thủ tục "
                                 "vào gói, liệt kê từng trường)", "missing field(s): {fields}: add them (README, "
                                 "\"The pack: how a procedure is added\", lists each field)"),
    "catalogue.no_diagram": ("Không ghi mẫu quy trình cũng không ghi sơ đồ: ghi một mẫu chuẩn (pattern = \"...\", "
                             "một trong {patterns}) hoặc vẽ sơ đồ (diagram = \"x.bpmn\" và process_id)",
                             "neither a pattern nor a diagram: name a standard pattern (pattern = \"...\", one of "
                             "{patterns}) or draw a diagram (diagram = \"x.bpmn\" and process_id)"),
    "catalogue.unknown_pattern": ("Mẫu quy trình {pattern} không phải mẫu chuẩn của khung ({patterns}): sửa lại, "
                                  "hoặc vẽ sơ đồ", "pattern {pattern} is not one of the frame's patterns "
                                  "({patterns}): correct it, or draw a diagram"),
    "catalogue.no_time": ("Không có thời hạn giải quyết theo quy định: đặt processing_days hoặc processing_hours",
                          "no statutory time: set processing_days or processing_hours"),
    "catalogue.malformed": ("Mục khai báo có một trường sai kiểu dữ liệu: sửa trường đó; chi tiết kỹ thuật, nguyên "
                            "văn tiếng Anh của Python: «{detail}»",
                            "malformed entry: {detail}: correct that field"),
    "catalogue.no_code": ("Không có mã thủ tục quốc gia: ghi mã của Cơ sở dữ liệu quốc gia về thủ tục hành chính, "
                          "hoặc, khi chưa xác nhận được, ghi \"code\" vào unconfirmed", "no national code: give the "
                          "code of the national procedure database, or, while it cannot be confirmed, list \"code\" "
                          "in unconfirmed"),
    "catalogue.code_taken": ("Mã {number} đã được dùng cho {other}: mỗi thủ tục có mã quốc gia riêng",
                             "code {number} is already used by {other}: give each procedure its own national code"),
    "catalogue.diagram_missing": ("Không có sơ đồ {diagram}: thêm sơ đồ vào bpmn/ hoặc sửa trường diagram",
                                  "diagram {diagram} does not exist: add it under bpmn/ or correct the diagram "
                                  "field"),
    "catalogue.fee_fields": ("Quy tắc lệ phí của {procedure} đọc {fields}, nhưng không biểu mẫu nào của thủ tục có: "
                             "ghi tên các trường của biểu mẫu tiếp nhận", "the fee rules of {procedure} read "
                             "{fields}, which no form of the procedure has: name the reception form's fields"),
    "catalogue.bad_fee_item": ("Khoản phí «{item}» trong [fees] chưa đúng: {detail}: sửa quy tắc đó",
                               "fee item «{item}» of [fees]: {detail}: correct that rule"),
    "catalogue.bad_entry": ("Mục khai báo sai: {detail}", "malformed entry: {detail}"),
    "catalogue.unknown_unconfirmed": ("unconfirmed ghi {names}, không phải dữ kiện của bảng danh mục (các dữ kiện: "
                                      "{facts})", "unconfirmed names {names}, which are not facts of the sheet "
                                      "(facts: {facts})"),
    "catalogue.unknown_kind": ("kind {kind} không phải một trong {kinds}", "kind {kind} is not one of {kinds}"),
    "timer.not_iso": ("{duration} không phải là khoảng thời gian theo ISO 8601 (ví dụ P3D hoặc PT4H)",
                      "{duration} is not an ISO 8601 duration (write e.g. P3D or PT4H)"),
    "timer.years_months": ("{duration}: năm và tháng không quy được ra ngày làm việc; hãy ghi theo ngày (P20D)",
                           "{duration}: years and months are not counted in working days; use days (P20D)"),
    "timer.part_day": ("{duration}: hãy ghi số nguyên ngày làm việc, hoặc ghi theo giờ (PT4H) cho phần lẻ của ngày",
                       "{duration}: use whole working days, or hours (PT4H) for part of a day"),
    "catalogue.fee_rule": ("{procedure}: {detail}: sửa quy tắc lệ phí hoặc biểu mẫu", "{procedure}: {detail}: "
                           "correct the rule or the form"),
    "calendar.invalid": ("Lịch làm việc không hợp lệ: ghi ngày theo dạng YYYY-MM-DD và giờ làm việc theo dạng "
                         "\"07:30-11:30\"; chi tiết kỹ thuật, nguyên văn tiếng Anh của Python: «{detail}»",
                         "not a valid calendar: {detail}: write dates as YYYY-MM-DD and office hours as "
                         "\"07:30-11:30\""),
    # paper_kinds.toml: the kinds of papers and how long each stays valid
    "paper_kinds.incomplete": ("Loại giấy tờ {kind} cần title_vi và source (văn bản quy định thời hạn của nó)",
                               "kind {kind} needs title_vi and source (the text its rule is from)"),
    "paper_kinds.bad_validity": ("Loại giấy tờ {kind}: validity phải là một trong {validities}",
                                 "kind {kind}: validity must be one of {validities}"),
    "paper_kinds.bad_months": ("Loại giấy tờ {kind}: validity \"months\" cần months là một số nguyên lớn hơn 0",
                               "kind {kind}: validity \"months\" needs months = a whole number > 0"),
    "paper_kinds.undeclared": ("{where} ghi loại {kind}, nhưng {declaring} không khai báo loại này (đã khai báo: "
                               "{declared})", "{where} names the kind {kind}, which {declaring} does not declare "
                               "(declared: {declared})"),
    # notices/<event>.toml: what citizens are told
    "notice.unknown_event": ("Không có sự kiện nào tên {event}: đặt tên tệp theo sự kiện gửi thông báo ({files})",
                             "no event is called {event}: name the file after the event it is sent at ({files})"),
    "notice.unknown_part": ("{key} không phải một phần của thông báo: chỉ ghi {parts}",
                            "{key} is not part of a notice: write only {parts}"),
    "notice.part_missing": ("{part} bị thiếu hoặc để trống: mỗi thông báo có tiêu đề, nội dung thư điện tử và tin "
                            "nhắn SMS", "{part} is missing or empty: every notice has a subject, an e-mail body and "
                            "an SMS"),
    "notice.unclosed": ("{part}: chỗ điền bắt đầu ở {start} chưa được đóng theo dạng {{{{ name }}}}",
                        "{part}: a placeholder begun at {start} is not closed as {{{{ name }}}}"),
    "notice.unknown_placeholder": ("{part}: chỗ điền {placeholder} không có: thông báo {event} chỉ dùng được "
                                   "{allowed}", "{part}: unknown placeholder {placeholder}: a notice {event} may use "
                                   "{allowed}"),
    "notice.sms_too_long": ("Với các giá trị thường gặp và phần chữ tự do đã rút gọn, tin nhắn SMS dài {length} ký "
                            "tự, hơn một tin ({limit}): hãy viết ngắn lại", "the SMS comes to {length} characters "
                            "with typical values and its free text cut short, more than one message ({limit}): "
                            "shorten it"),
    # queue.toml: the counter queue's service groups
    "queue.bad_units": ("Đơn vị {unit}: groups phải liệt kê các chữ cái của [[groups]] ({letters}); đang ghi {chosen}",
                        "units.{unit}: groups must list letters of [[groups]] ({letters}); got {chosen}"),
    "queue.no_groups": ("Khai báo các nhóm dịch vụ bằng các bảng [[groups]]",
                        "declare the service groups as [[groups]] tables"),
    "queue.bad_letter": ("{where}: letter phải là một chữ cái in hoa A-Z, không phải {letter}",
                         "{where}: letter must be one capital letter A-Z, not {letter}"),
    "queue.letter_taken": ("{where}: chữ cái đã được một nhóm khác dùng", "{where}: the letter is used by another "
                           "group"),
    "queue.no_name": ("{where}: thiếu name_vi (chữ trên nút của máy lấy số)",
                      "{where}: name_vi (the kiosk button's text) is missing"),
    "queue.unknown_fields": ("{where}: không thủ tục nào trong danh mục thuộc lĩnh vực {fields}",
                             "{where}: no procedure of the catalogue has the field(s) {fields}"),
    # messages.toml: what the outside world may send
    "messages.incomplete": ("Thông điệp {name} cần title_vi và sender (ai gửi nó)",
                            "message {name} needs title_vi and sender (who sends it)"),
    # the diagrams a procedure calls (bpmn/)
    "library.unknown_process": ("Gọi quy trình {target}, nhưng không sơ đồ nào trong {folder}/ định nghĩa nó: thêm "
                                "sơ đồ đó vào gói, hoặc sửa calledElement", "calls process {target}, which no "
                                "diagram in {folder}/ defines: add that diagram to the pack, or correct "
                                "calledElement"),
    "library.cycle": ("Gọi {target}, mà {target} lại gọi ngược về {start}: hồ sơ sẽ không bao giờ kết thúc; hãy bỏ "
                      "vòng gọi này", "calls {target}, which calls {start} back: a dossier would never finish; "
                      "break the cycle"),
    "library.process_dropped": ("Không còn định nghĩa quy trình {process}, mà các bước gọi quy trình của các thủ "
                                "tục vẫn ghi tên nó: giữ nguyên id quy trình đó (đổi tên hiển thị, không đổi id)",
                                "no longer defines process {process}, which the procedures' call activities name: "
                                "keep that process id (change its name, the label, instead)"),
    "diagram.no_executable_process": ("Sơ đồ không có quy trình nào chạy được (isExecutable)",
                                      "the diagram has no executable process"),
    # a diagram from another tool, imported: what the analyst must still do by hand
    "import.start_form": ("Đã bỏ biểu mẫu bắt đầu {value} của {engine}: hồ sơ bắt đầu ở bước người dùng đầu tiên, "
                          "biểu mẫu của bước đó là biểu mẫu tiếp nhận", "{engine} start form {value} was removed: a "
                          "dossier starts at its first user task, whose form is the intake form"),
    "import.setting_removed": ("Đã bỏ thiết lập {setting} ({kind}) của {engine}: {advice}",
                               "{engine} setting {setting} ({kind}) was removed: {advice}"),
    "import.form_removed": ("Đã bỏ {name} {value} của {engine}: thiết lập này {why}; chọn biểu mẫu cho bước trong "
                            "trình vẽ quy trình", "{engine} {name} {value} was removed: it {why}; choose the task's "
                            "form in the modeler"),
    "import.role_removed": ("Đã bỏ {name} {value} của {engine}: thiết lập này {why}; bước được giao cho vai trò của "
                            "làn chứa nó: đặt bước vào một làn mang tên vai trò đó", "{engine} {name} {value} was "
                            "removed: it {why}; a task is offered to the role of its lane: put it in one lane named "
                            "by that role"),
    "import.role_conflict": ("{name} {value} của {engine} chỉ vai trò {role} nhưng một thiết lập khác chỉ {other}: "
                             "làn theo thiết lập đầu tiên", "{engine} {name} {value} names role {role} but another "
                             "setting named {other}: the lane follows the first"),
    "import.due_removed": ("Đã bỏ dueDate {duration} của {engine}: {detail}",
                           "{engine} dueDate {duration} was removed: timer duration {detail}"),
    "import.condition_language": ("Điều kiện viết bằng {language} được giữ nguyên: hãy viết lại thành biểu thức "
                                  "Python (ví dụ decision == 'approve')", "condition in {language} kept as it is: "
                                  "write it as a Python expression (e.g. decision == 'approve')"),
    "import.condition_complex": ("Điều kiện {condition} không phải phép so sánh đơn giản nên được giữ nguyên; hãy "
                                 "viết lại thành biểu thức Python (ví dụ decision == 'approve')", "condition "
                                 "{condition} is not a simple comparison: kept as it is; write it as a Python "
                                 "expression (e.g. decision == 'approve')"),
    "import.script_language": ("Kịch bản viết bằng {language} được giữ nguyên: MotCua chạy kịch bản Python trong "
                               "môi trường cách ly; hãy viết lại bằng Python", "script in {language} kept as it is: "
                               "MotCua runs Python scripts in a sandbox; rewrite it in Python"),
    "import.task_nested": ("Bước nằm trong một quy trình con: hãy tự đặt nó vào làn mang tên {role}",
                           "task inside a sub-process: put it in a lane named {role} by hand"),
    "import.task_no_lane": ("Bước không nằm trong làn nào: chuyển nó vào làn mang tên {role}",
                            "task is in no lane: move it into a lane named {role}"),
    "import.lane_mismatch": ("Làn {lane} của bước không phải vai trò {role} mà phân công của bước chỉ: làn được giữ "
                             "nguyên; chuyển bước hoặc đổi tên làn", "task's lane {lane} is not role {role} its "
                             "assignment names: the lane is kept; move the task or rename the lane"),
    "import.no_layout": ("Quy trình không có bố cục để vẽ các làn mới: mở nó trong trình vẽ quy trình và sắp xếp "
                         "lại", "the process has no layout to draw its new lanes in: open it in the modeler and lay "
                         "it out"),
    "import.task_outside_lane": ("Bước được vẽ ngoài làn mới {role} của nó (các bước của những vai trò khác nhau "
                                 "chung một hàng): kéo nó vào làn đó", "task is drawn outside its new lane {role} "
                                 "(tasks of different roles share a row): drag it into that lane"),
    "import.several_processes": ("Có {count} quy trình chạy được: đổi tên quy trình cần chạy thành {process}",
                                 "{count} executable processes: rename the one to run to {process}"),
    "import.cannot_rename": ("Không đổi được tên quy trình thành {process}: một phần tử khác đã có id này",
                             "cannot rename the process to {process}: another element has that id"),
    # a diagram from another tool, imported: what was mapped to MotCua's settings
    "import.to_form": ("{name} {value} của {engine} -> biểu mẫu {form}", "{engine} {name} {value} -> form {form}"),
    "import.to_lane": ("{name} {value} của {engine} -> làn {role}", "{engine} {name} {value} -> lane {role}"),
    "import.to_timer": ("dueDate '{duration}' của {engine} -> hẹn giờ không ngắt {event} ({duration} tính theo thời "
                        "gian làm việc)", "{engine} dueDate '{duration}' -> non-interrupting timer {event} "
                        "({duration} in working time)"),
    "import.to_handler": ("{name} {value} của {engine} -> hàm xử lý {handler} (cho nó các tham số nó cần)",
                          "{engine} {name} {value} -> handler {handler} (give it the parameters it needs)"),
    "import.to_condition": ("Điều kiện {condition} -> {python}", "condition {condition} -> {python}"),
    "import.lane_to_role": ("Làn {lane} -> vai trò {role}", "lane {lane} -> role {role}"),
    "import.lane_to_tasks_role": ("Làn {lane} -> vai trò {role} (theo các bước trong làn)",
                                  "lane {lane} -> role {role} (from its tasks)"),
    "import.new_lane": ("Làn mới {role}: {tasks}", "new lane {role}: {tasks}"),
    "import.made_executable": ("Đã bật isExecutable cho quy trình (quy trình duy nhất của sơ đồ là quy trình MotCua "
                               "chạy)", "isExecutable 'false' -> 'true' (the diagram's only process is the one "
                               "MotCua runs)"),
    "import.process_renamed": ("Quy trình {old} -> {process} (process_id của thủ tục)",
                               "process {old} -> {process} (the procedure's process_id)"),
    # `motcua catalogue import`: a province's procedure list (.xlsx) read row by row (services/catalogue_sheet.py,
    # domain/catalogue_cells.py, services/catalogue_import.py); a library's own words stay a parameter
    "sheet.not_a_workbook": ("Tệp {file} không phải là bảng tính Excel đọc được: hãy lưu lại thành .xlsx (Excel 2007 "
                             "trở lên) rồi nhập tệp đó; chi tiết kỹ thuật, nguyên văn tiếng Anh của thư viện "
                             "openpyxl: «{detail}»",
                             "{file} is not an Excel workbook openpyxl can read ({detail}): save it as .xlsx (Excel "
                             "2007 or later) and import that"),
    "sheet.no_such_sheet": ("Tệp {file} không có trang tính {sheet} (các trang tính có: {sheets})",
                            "{file} has no sheet {sheet} (it has: {sheets})"),
    "sheet.no_list": ("Tệp {file}: không trang tính nào có dòng tiêu đề với các cột của Cơ sở dữ liệu quốc gia về thủ "
                      "tục hành chính (ít nhất {columns}); README, mục nhập danh mục thủ tục của tỉnh, liệt kê các "
                      "tiêu đề đọc được", "{file}: no sheet has a header row with the national database's columns "
                      "(at least {columns}); the README's \"Importing a province's list\" lists the headers "
                      "understood"),
    "sheet.no_header": ("Trang tính {sheet}: trong {rows} dòng đầu không có dòng tiêu đề nêu tên thủ tục và hai cột "
                        "khác của Cơ sở dữ liệu quốc gia; đã bỏ qua trang tính này", "sheet {sheet}: no header row "
                        "naming the procedures' name and two other columns of the national database in its first "
                        "{rows} rows; skipped"),
    "sheet.missing_columns": ("Trang tính {sheet}: dòng tiêu đề (dòng {row}) thiếu cột {columns}, mà mục nào cũng "
                              "cần; đã bỏ qua trang tính này", "sheet {sheet}: its header (row {row}) has no column "
                              "for {columns}, which every entry needs; skipped"),
    "sheet.row": ("dòng {row} (trang tính {sheet})", "row {row} (sheet {sheet})"),
    "sheet.rows": ("dòng {first}-{last} (trang tính {sheet})", "rows {first}-{last} (sheet {sheet})"),
    "sheet.row_orphan": ("Dòng không có mã (cột {code_column}) cũng không có tên (cột {name_column}), và phía trên "
                         "không có thủ tục nào để dòng này nối tiếp (dòng ghi {value})",
                         "neither a code ({code_column}) nor a name ({name_column}), and no procedure above it to "
                         "continue (it holds {value})"),
    "cell.no_code": ("Không có mã thủ tục", "no procedure code"),
    "cell.no_time": ("Không có thời hạn giải quyết", "no processing time"),
    "cell.days_not_whole": ("Thời hạn {value} không phải là một số nguyên ngày",
                            "time {value} is not a whole number of days"),
    "cell.time_no_number": ("Thời hạn {value} không nêu số ngày hay số giờ",
                            "time {value} names no number of days or hours"),
    "cell.time_in_months": ("Thời hạn {value} tính theo tuần, tháng hoặc năm: hãy ghi theo ngày làm việc",
                            "time {value} is in weeks, months or years: give it in working days"),
    "cell.hours_not_whole": ("Thời hạn {value} không phải là một số nguyên giờ",
                             "time {value} is not a whole number of hours"),
    "cell.district_level": ("Cấp thực hiện {value}: cấp huyện đã bỏ từ ngày 01/7/2025 (chính quyền địa phương hai "
                            "cấp): sửa bảng tính thành Cấp xã hoặc Cấp tỉnh", "level {value}: the district level was "
                            "abolished on 1 July 2025 (two-level local government): correct the sheet to Cấp xã or "
                            "Cấp tỉnh"),
    "cell.no_level": ("Cấp thực hiện {value} không nêu cấp nào (Cấp xã, Cấp tỉnh, ...)",
                      "level {value} names no level (Cấp xã, Cấp tỉnh, ...)"),
    "sheet_import.no_name": ("Không có tên thủ tục", "no procedure name"),
    "sheet_import.no_name_for_code": ("Không có tên thủ tục cho mã {code}", "no procedure name for code {code}"),
    "sheet_import.no_field": ("Không có lĩnh vực: thêm cột lĩnh vực, hoặc một dòng tiêu đề “Lĩnh vực ...” phía trên "
                              "các dòng", "no field (lĩnh vực): give the column, or a \"Lĩnh vực ...\" heading row "
                              "above the rows"),
    "sheet_import.not_at_commune": ("Hồ sơ nộp tại {place}, không phải tại Bộ phận Một cửa cấp xã: không nhập",
                                    "received at {place}, not at the commune's desk: not imported"),
    "sheet_import.same_code": ("Mã {code} cũng có ở {other}: mỗi thủ tục chỉ một mục",
                               "code {code} is also on {other}: one entry per procedure"),
    "sheet_import.same_name": ("Tên {name}, không có mã, cũng có ở {other}: mỗi thủ tục chỉ một mục",
                               "name {name}, without a code, is also on {other}: one entry per procedure"),
    "sheet_import.by_hand": ("tệp không do công cụ nhập viết ra (dòng đầu không ghi nguồn nhập và mã băm): mục do cán "
                             "bộ phân tích viết", "not written by the importer (no \"# imported from\" first line): "
                             "an analyst's entry"),
    "sheet_import.edited": ("tệp đã được sửa sau khi nhập (nội dung không còn khớp mã băm sha256 ở dòng đầu)",
                            "edited since it was imported (its text no longer matches the sha256 on its first line)"),
    "sheet_import.kept": ("{entry} đã có, {why}; giữ nguyên tệp", "{entry} is there, {why}; left as it is"),
    "sheet_import.unparsable": ("Không đọc được processes/{file} vì tệp không phải TOML hợp lệ: chưa biết mã của nó, "
                                "nên một dòng cùng mã sẽ thêm mục thứ hai; chi tiết kỹ thuật, nguyên văn tiếng Anh "
                                "của trình đọc TOML của Python: «{detail}»",
                                "processes/{file} does not parse ({detail}): its code is unknown, so a row with the "
                                "same code would add a second entry for it"),
    "sheet_import.pattern": ("mẫu {pattern}", "{pattern}"),
    "sheet_import.pattern_unconfirmed": ("mẫu {pattern}; chưa xác nhận: {facts}", "{pattern}; unconfirmed: {facts}"),
    # the web layer and the database
    "page.not_found": ("Không có trang {path}.", "No page {path}."),
    "database.lost": ("Mất kết nối tới cơ sở dữ liệu: thao tác của bạn chưa được lưu. Vui lòng thử lại sau giây "
                      "lát.", "The database connection was lost: your action was not saved. Please try again in a "
                      "moment."),
    "database.lost_while_saving": ("Mất kết nối tới cơ sở dữ liệu khi đang lưu: thao tác có thể đã được lưu. Vui "
                                   "lòng tải lại trang để kiểm tra trước khi làm lại.", "The database connection "
                                   "was lost while saving: your action may have been saved. Reload the page to "
                                   "check before doing it again."),
}
# Words that are no error: the lines `motcua validate` prints around the problems (rendered like the codes above).
LINES: dict[str, tuple[str, str]] = {
    "dryrun.summary": ("{file} [{process}]: {paths} đường đã chạy thử tới kết thúc, {steps} bước{limit}{missed}",
                       "{file} [{process}]: {paths} path(s) walked to an end, {steps} step(s){limit}{missed}"),
    "dryrun.summary_limit": (" (dừng ở giới hạn {branches} điểm rẽ nhánh, {steps} bước hoặc {seconds} giây)",
                             " (stopped at the limit of {branches} branch points, {steps} steps or {seconds} s)"),
    "dryrun.summary_unreached": ("; không đường chạy thử nào đi qua: {elements} (nếu một trường biểu mẫu dẫn tới đó, "
                                 "hãy cho trường đó \"enum\" hoặc \"examples\" để chạy thử chọn được)",
                                 "; never reached on any walked path: {elements} (if a form field leads there, give "
                                 "it an \"enum\" or \"examples\" the walk can choose)"),
    "validate.note": ("ghi chú: {note}", "note: {note}"),
    "validate.walked": ("đã chạy thử: {summary}", "walked: {summary}"),
    "validate.ok": ("ổn: {procedures} thủ tục, {handlers} hàm xử lý trong {root}; {paths} đường đã chạy thử tới kết "
                    "thúc", "ok: {procedures} procedure(s), {handlers} handler(s) in {root}; {paths} path(s) walked to "
                    "an end"),
    "validate.problem": ("lỗi: {where}: {message}", "error: {where}: {message}"),
    "sheet_import.outcome": ("{where}: {status}{file}{message}", "{where}: {status}{file}{message}"),
    "sheet_import.written": ("đã ghi", "written"),
    "sheet_import.refreshed": ("đã cập nhật", "refreshed"),
    "sheet_import.unchanged": ("không đổi", "unchanged"),
    "sheet_import.kept_status": ("giữ nguyên", "kept"),
    "sheet_import.skipped": ("bỏ qua", "skipped"),
    "sheet_import.failed": ("lỗi", "failed"),
    "sheet_import.would_write": ("--- sẽ ghi processes/{file}", "--- would write processes/{file}"),
    "sheet_import.summary": ("{dry}{count} thủ tục trong {file}: {counts}", "{dry}{count} procedure(s) in {file}: "
                             "{counts}"),
    "sheet_import.dry_run": ("chạy thử, chưa ghi gì: ", "dry run, nothing written: "),
    "sheet_import.rows_failed": ("{count} dòng không đọc được: sửa các dòng đó trong bảng tính rồi nhập lại",
                                 "{count} row(s) could not be read: correct them in the sheet and import again"),
    "validate.refused": ("{count} lỗi; gói chưa thể đưa vào vận hành.", "{count} problem(s); the pack cannot go live."),
}
UNKNOWN = ("Không thực hiện được yêu cầu (mã lỗi {code}).", "The request could not be done (error {code}).")


class _Filled(dict[str, Any]):
    """Parameters for ``format_map``: a missing one stays visible as ``{name}`` instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, params: Mapping[str, Any], locale: str = "vi") -> str:
    """The words of an error in ``locale`` (Vietnamese unless English is asked for).

    A code with no words here still says something a clerk can report: the generic sentence with the code,
    and its parameters after it."""
    english = locale == "en"
    values = _Filled({name: value.get(locale, value.get("vi")) if isinstance(value, Mapping) else value
                      for name, value in params.items()})
    known = MESSAGES.get(code) or LINES.get(code)
    if known is None:
        text = UNKNOWN[english].format(code=code)
        shown = ", ".join(f"{name}={values[name]}" for name in sorted(values))
        return f"{text} {shown}".strip()
    return known[english].format_map(values)


class Said:
    """Words not yet said: a code and its parameters, rendered where the reader's language is known (a report
    the command line prints in the operator's language, a page in the session's). ``str()`` is the English."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params

    def text(self, locale: str = "en") -> str:
        """The words in ``locale``."""
        return render(self.code, self.params, locale)

    def words(self) -> dict[str, str]:
        """The words in each language, as a parameter of a message that quotes them."""
        return {locale: self.text(locale) for locale in LOCALES}

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Said({self.code!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Said) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)


def placeholders(template: str) -> set[str]:
    """The parameter names a message asks for."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}
