# language: vi
Tính năng: Nghệ An — Trung tâm Phục vụ hành chính công xã Đô Lương tiếp nhận và giải quyết thủ tục
  Chạy thử ngày 27/6/2025: xã Đô Lương (mới) tiếp nhận, giải quyết thủ tục cho người dân, kể cả
  những hồ sơ đang giải quyết dở ở cấp huyện được bàn giao về xã khi cấp huyện kết thúc hoạt động.

  Bối cảnh:
    Cho xã "Đô Lương" của tỉnh "Nghệ An"
    Và huyện cũ "Đô Lương (cũ)" của tỉnh "Nghệ An"
    Và hôm nay là 26/06/2025 lúc 09:00

  Kịch bản: Xã tiếp nhận và giải quyết trọn vẹn một hồ sơ
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Đô Lương"
    Thì ngày hẹn trả là 10/07/2025 lúc 17:00
    Khi chuyên viên của "Đô Lương" thẩm định đạt
    Và lãnh đạo của "Đô Lương" ký duyệt kết quả
    Và cán bộ tiếp nhận của "Đô Lương" trả kết quả
    Thì hồ sơ được trả trước hạn

  Kịch bản: Hồ sơ đang giải quyết ở huyện được bàn giao về xã và trả kết quả tại xã
    Cho công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Đô Lương (cũ)"
    Khi hồ sơ đang giải quyết của "Đô Lương (cũ)" được bàn giao cho "Đô Lương"
    Thì chuyên viên của "Đô Lương (cũ)" không có việc nào
    Và hồ sơ chờ chuyên viên của "Đô Lương"
    Khi chuyên viên của "Đô Lương" thẩm định đạt
    Và lãnh đạo của "Đô Lương" ký duyệt kết quả
    Thì hồ sơ chờ cán bộ tiếp nhận của "Đô Lương"
    Khi cán bộ tiếp nhận của "Đô Lương" trả kết quả
    Thì hồ sơ được trả trước hạn
