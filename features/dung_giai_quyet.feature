# language: vi
Tính năng: Dừng giải quyết hồ sơ (Thông tư 03/2025/TT-VPCP, Mẫu số 05)
  Công dân rút hồ sơ, hoặc pháp luật buộc dừng: lãnh đạo đơn vị đang giải quyết quyết định dừng, thông báo
  dừng giải quyết được gửi công dân và lưu cùng hồ sơ; hồ sơ kết thúc với trạng thái riêng.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Công dân rút hồ sơ khai sinh, lãnh đạo phường dừng giải quyết
    Khi công dân nộp hồ sơ "đăng ký khai sinh" tại "Long An" với:
      | trường           | giá trị                   |
      | child_name       | Trần Minh An              |
      | child_birth_date | 20/11/2025                |
      | child_sex        | male                      |
      | birth_place      | Bệnh viện Đa khoa Long An |
      | mother_name      | Lê Thị Cúc                |
      | relationship     | parent                    |
    Và chuyên viên của "Long An" hoàn thành "Kiểm tra hồ sơ, ghi Sổ hộ tịch" với:
      | trường   | giá trị                                  |
      | opinion  | Công dân có đơn xin rút hồ sơ khai sinh    |
      | proposal | refuse                                   |
    Và lãnh đạo của "Long An" hoàn thành "Phê duyệt kết quả" với:
      | trường                | giá trị                                  |
      | Quyết định            | Dừng giải quyết hồ sơ (công dân rút hồ sơ hoặc theo quy định) |
      | Căn cứ dừng giải quyết | Theo đề nghị của người nộp hồ sơ          |
      | stop_request_date     | 24/11/2025                               |
      | Lý do dừng giải quyết  | Công dân có đơn xin rút hồ sơ             |
    Thì trạng thái hồ sơ là "stopped"
