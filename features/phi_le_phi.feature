# language: vi
Tính năng: Phí, lệ phí — tính khi tiếp nhận, nộp bằng chuyển khoản VietQR, có biên lai và lên báo cáo
  Biểu phí của từng thủ tục là dữ liệu (processes/<thủ tục>.toml): chứng thực bản sao 2.000 đồng/trang cho
  trang 1–2, từ trang 3 là 1.000 đồng/trang, tối đa 200.000 đồng/bản; khai sinh đúng hạn được miễn lệ phí.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30
    Và quản trị của "Long An" đặt tài khoản nhận phí mã BIN 970436 số 0071000123456

  Kịch bản: Chứng thực 2 bản sao của giấy 3 trang, nộp phí bằng chuyển khoản
    Khi công dân nộp hồ sơ "chứng thực bản sao" tại "Long An" với:
      | trường         | giá trị                             |
      | document_title | Bằng tốt nghiệp trung học phổ thông |
      | pages          | 3                                   |
      | copies         | 2                                   |
    Thì hồ sơ phải nộp phí 10.000 đồng
    Và giấy tiếp nhận có mã VietQR với nội dung chuyển khoản là mã hồ sơ
    Khi cán bộ tiếp nhận của "Long An" xác nhận đã thu phí bằng chuyển khoản
    Thì báo cáo của "Long An" ghi phí, lệ phí đã thu 10.000 đồng

  Kịch bản: Khai sinh đúng hạn được miễn lệ phí
    Khi công dân nộp hồ sơ "đăng ký khai sinh" tại "Long An" với:
      | trường           | giá trị                   |
      | child_name       | Trần Minh An              |
      | child_birth_date | 20/11/2025                |
      | child_sex        | male                      |
      | birth_place      | Bệnh viện Đa khoa Long An |
      | mother_name      | Lê Thị Cúc                |
      | relationship     | parent                    |
    Thì hồ sơ được miễn phí, lệ phí
