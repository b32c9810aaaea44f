# language: vi
Tính năng: Thời hạn từng bước xử lý — nhắc lãnh đạo khi hồ sơ sắp đến hạn và khi đã quá hạn
  Kịch bản giả định của các tổ thử nghiệm: chuyên viên giữ hồ sơ quá lâu ở bước thẩm định.
  Bước thẩm định có 6 ngày làm việc; trước hạn 1 ngày hệ thống báo lãnh đạo phường, quá hạn báo lần nữa.
  Thời gian trôi qua thì bộ xử lý nền (motcua worker) chạy, như ở Trung tâm thật.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Chuyên viên thẩm định chậm, lãnh đạo được báo đúng một lần mỗi mức
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Long An" cho thửa đất ở "Kiến Tường"
    Và 4 ngày làm việc trôi qua
    Thì hồ sơ không bị đánh dấu rủi ro
    Khi 2 ngày làm việc trôi qua
    Thì lãnh đạo của "Kiến Tường" được báo bước "Thẩm định hồ sơ" sắp đến hạn
    Và hồ sơ bị đánh dấu sắp đến hạn
    Khi 1 ngày làm việc trôi qua
    Thì lãnh đạo của "Kiến Tường" được báo bước "Thẩm định hồ sơ" quá hạn
    Và hồ sơ bị đánh dấu quá hạn
    Khi chuyên viên của "Kiến Tường" thẩm định đạt
    Thì hồ sơ không bị đánh dấu rủi ro
    Và hồ sơ chờ lãnh đạo của "Kiến Tường"
