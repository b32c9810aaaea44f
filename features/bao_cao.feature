# language: vi
Tính năng: Báo cáo tình hình giải quyết hồ sơ của phường
  Lãnh đạo phường đọc báo cáo tháng này: hồ sơ tiếp nhận, đã giải quyết trước hạn, đúng hạn, quá hạn,
  hồ sơ đang quá hạn và hồ sơ nộp trực tuyến, theo đơn vị tiếp nhận.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 03/12/2025 lúc 08:30

  Kịch bản: Hồ sơ trả trước hạn được tính cho phường tiếp nhận
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Long An"
    Và chuyên viên của "Long An" thẩm định đạt
    Và lãnh đạo của "Long An" ký duyệt kết quả
    Và cán bộ tiếp nhận của "Long An" trả kết quả
    Thì báo cáo của "Long An" ghi 1 hồ sơ tiếp nhận
    Và báo cáo của "Long An" ghi 1 hồ sơ trước hạn
    Và báo cáo của "Long An" ghi 0 hồ sơ trực tuyến
    Và báo cáo của "Kiến Tường" ghi 0 hồ sơ tiếp nhận

  Kịch bản: Hồ sơ chưa trả khi đã qua ngày hẹn là hồ sơ đang quá hạn
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Long An" cho thửa đất ở "Kiến Tường"
    Và 12 ngày làm việc trôi qua
    Thì báo cáo của "Long An" ghi 1 hồ sơ đang quá hạn
    Và báo cáo của "Long An" ghi 1 hồ sơ đang giải quyết
