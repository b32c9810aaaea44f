# language: vi
Tính năng: Phản ánh, kiến nghị qua Tổng đài 1022 và biểu mẫu trực tuyến
  Người dân phản ánh qua điện thoại (tổng đài viên 1022 của tỉnh ghi nhận) hoặc gửi trên trang "Phản ánh,
  kiến nghị". Tổng đài viên phân loại và chuyển đơn vị có trách nhiệm; chuyên viên đơn vị dự thảo trả lời,
  lãnh đạo duyệt, tổng đài viên báo lại cho người dân và kết thúc. Thời hạn trả lời 10 ngày làm việc.
  Người dân tra cứu bằng mã, chỉ thấy tình trạng và nội dung trả lời.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Phản ánh gửi trực tuyến được chuyển phường xử lý và trả lời trước hạn
    Khi người dân gửi trực tuyến phản ánh "Môi trường" đến tổng đài 1022 của "Tây Ninh": "Rác ứ đọng ở đầu hẻm 12 đường Hùng Vương ba ngày nay."
    Và tổng đài viên của "Tây Ninh" chuyển phản ánh đến "Long An"
    Thì phản ánh đang do "Long An" xử lý
    Khi 2 ngày làm việc trôi qua
    Và chuyên viên của "Long An" trả lời phản ánh: "Phường đã thu gom rác tại hẻm 12 ngày 26/11/2025."
    Và lãnh đạo của "Long An" duyệt nội dung trả lời
    Và tổng đài viên của "Tây Ninh" thông báo kết quả cho người dân
    Thì phản ánh được kết thúc trước hạn
    Và người dân tra cứu phản ánh bằng mã và đọc được "Phường đã thu gom rác tại hẻm 12 ngày 26/11/2025."

  Kịch bản: Cuộc gọi chuyển nhầm đơn vị được trả lại và chuyển đúng nơi; trả lời chậm thì lãnh đạo được báo
    Khi tổng đài viên của "Tây Ninh" nhận cuộc gọi phản ánh "Giao thông": "Đèn đường trước chợ không sáng từ tuần trước."
    Và tổng đài viên của "Tây Ninh" chuyển phản ánh đến "Long An"
    Và chuyên viên của "Long An" trả lại phản ánh không thuộc thẩm quyền: "Chợ thuộc địa bàn Kiến Tường"
    Và tổng đài viên của "Tây Ninh" chuyển phản ánh đến "Kiến Tường"
    Và 7 ngày làm việc trôi qua
    Thì lãnh đạo của "Kiến Tường" được báo bước "Xử lý, dự thảo trả lời phản ánh, kiến nghị" sắp đến hạn
    Khi 4 ngày làm việc trôi qua
    Và chuyên viên của "Kiến Tường" trả lời phản ánh: "Đã thay bóng đèn trước chợ."
    Và lãnh đạo của "Kiến Tường" duyệt nội dung trả lời
    Và tổng đài viên của "Tây Ninh" thông báo kết quả cho người dân
    Thì phản ánh được kết thúc quá hạn

  Kịch bản: Phản ánh trùng lặp không được xử lý, người dân đọc được lý do
    Khi người dân gửi trực tuyến phản ánh "Thủ tục hành chính" đến tổng đài 1022 của "Tây Ninh": "Hồ sơ của tôi bị trễ hẹn mà không ai báo."
    Và tổng đài viên của "Tây Ninh" không xử lý phản ánh vì "Trùng phản ánh đã được trả lời ngày 20/11/2025"
    Thì người dân tra cứu phản ánh bằng mã và đọc được "Trùng phản ánh đã được trả lời ngày 20/11/2025"

  Kịch bản: Hồ sơ nộp trực tuyến chờ cán bộ tiếp nhận ở đúng bước tiếp nhận, đã điền sẵn
    Khi công dân nộp trực tuyến hồ sơ "xác nhận tình trạng hôn nhân" gửi "Kiến Tường" với:
      | field          | value               |
      | purpose        | Để đăng ký kết hôn  |
      | marital_status | never_married       |
    Thì hồ sơ chờ cán bộ tiếp nhận của "Kiến Tường"
    Và hồ sơ nộp trực tuyến được tiếp nhận như hồ sơ nộp trực tiếp
