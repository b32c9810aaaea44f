# language: vi
Tính năng: Hộ tịch ở cấp xã — khai sinh trong ngày, xác nhận tình trạng hôn nhân có xác minh nơi cư trú cũ
  Sau 1/7/2025, mọi thủ tục hộ tịch do xã, phường giải quyết. Tổ thử nghiệm viết kịch bản cho bất kỳ
  thủ tục nào trong danh mục: trường riêng của thủ tục ghi trong bảng, các giấy tờ bắt buộc coi như đã đủ.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Khai sinh nộp buổi sáng được trả trong ngày
    Khi công dân nộp hồ sơ "đăng ký khai sinh" tại "Long An" với:
      | trường           | giá trị                   |
      | child_name       | Trần Minh An              |
      | child_birth_date | 20/11/2025                |
      | child_sex        | male                      |
      | birth_place      | Bệnh viện Đa khoa Long An |
      | mother_name      | Lê Thị Cúc                |
      | relationship     | parent                    |
    Thì ngày hẹn trả là 24/11/2025 lúc 17:00
    Khi chuyên viên của "Long An" hoàn thành "Kiểm tra hồ sơ, ghi Sổ hộ tịch" với:
      | trường   | giá trị                        |
      | opinion  | Giấy chứng sinh hợp lệ, đã ghi sổ |
      | proposal | approve                        |
    Và lãnh đạo của "Long An" ký duyệt kết quả
    Và cán bộ tiếp nhận của "Long An" trả kết quả
    Thì hồ sơ được trả đúng hạn
    Và kết quả được lãnh đạo của "Long An" ký số và xác thực hợp lệ

  Kịch bản: Xác nhận tình trạng hôn nhân — phường nơi cư trú cũ trả lời xác minh
    Khi công dân nộp hồ sơ "xác nhận tình trạng hôn nhân" tại "Long An" với:
      | trường                  | giá trị             |
      | purpose                 | để đăng ký kết hôn  |
      | marital_status          | never_married       |
      | lived_elsewhere         | có                  |
      | previous_residence_unit | Kiến Tường          |
    Thì ngày hẹn trả là 27/11/2025 lúc 17:00
    Khi chuyên viên của "Long An" hoàn thành "Kiểm tra hồ sơ hộ tịch" với:
      | trường            | giá trị                                  |
      | opinion           | Người yêu cầu từng thường trú tại Kiến Tường |
      | proposal          | verify                                   |
      | verification_note | Đề nghị xác minh tình trạng hôn nhân     |
    Thì hồ sơ chờ chuyên viên của "Kiến Tường"
    Và chuyên viên của "Long An" không có việc nào
    Khi chuyên viên của "Kiến Tường" hoàn thành "Trả lời xác minh tình trạng hôn nhân" với:
      | trường            | giá trị                                          |
      | residence_record  | none                                             |
      | residence_answer  | Không có đăng ký kết hôn tại Phường Kiến Tường   |
    Thì hồ sơ chờ chuyên viên của "Long An"
    Khi chuyên viên của "Long An" hoàn thành "Xem xét kết quả xác minh" với:
      | trường              | giá trị                                 |
      | verification_result | Phường Kiến Tường trả lời không có đăng ký |
      | proposal            | approve                                 |
    Và 1 ngày làm việc trôi qua
    Và lãnh đạo của "Long An" ký duyệt kết quả
    Và cán bộ tiếp nhận của "Long An" trả kết quả
    Thì hồ sơ được trả trước hạn
