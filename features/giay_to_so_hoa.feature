# language: vi
Tính năng: Giấy tờ đã số hóa được dùng lại — cùng một công dân quay lại
  Quyết định 766/QĐ-TTg chấm điểm việc số hóa hồ sơ và tái sử dụng dữ liệu đã số hóa. Giấy tờ quét ở lần
  nộp trước, còn giá trị, không phải quét lại; kết quả điện tử cũng vào kho giấy tờ của công dân.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Cùng công dân mang hồ sơ thứ hai: dùng lại giấy tờ của hồ sơ thứ nhất
    Khi công dân có số định danh "080190004321" nộp hồ sơ "xác nhận tình trạng hôn nhân" tại "Long An", các giấy tờ được quét, với:
      | trường         | giá trị            |
      | purpose        | để đăng ký kết hôn |
      | marital_status | never_married      |
    Thì hồ sơ đã số hóa đủ giấy tờ tiếp nhận
    Khi chuyên viên của "Long An" hoàn thành "Kiểm tra hồ sơ hộ tịch" với:
      | trường   | giá trị        |
      | opinion  | Đủ điều kiện   |
      | proposal | approve        |
    Và lãnh đạo của "Long An" ký duyệt kết quả
    Thì kết quả được cấp điện tử và lưu vào kho giấy tờ của công dân là "Giấy xác nhận tình trạng hôn nhân"
    Khi công dân có số định danh "080190004321" quay lại nộp hồ sơ "đăng ký kết hôn" tại "Kiến Tường", dùng lại giấy tờ đã số hóa, với:
      | trường           | giá trị        |
      | groom_name       | Trần Văn Bình  |
      | groom_birth_date | 02/03/1995     |
      | groom_id_number  | 080190004321   |
      | bride_name       | Phạm Thị Dung  |
      | bride_birth_date | 15/07/1997     |
      | bride_id_number  | 080197001111   |
      | both_present     | có             |
    Thì hồ sơ dùng lại 2 giấy tờ của hồ sơ trước
    Và hồ sơ đã số hóa đủ giấy tờ tiếp nhận
    Và báo cáo của "Kiến Tường" ghi chỉ số "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa" đạt 1/1
    Và báo cáo của "Long An" ghi chỉ số "Hồ sơ khai thác, sử dụng lại dữ liệu số hóa" đạt 0/1

  Kịch bản: Giấy xác nhận tình trạng hôn nhân quá 6 tháng thì phải nộp lại
    Khi công dân có số định danh "080190004321" nộp hồ sơ "xác nhận tình trạng hôn nhân" tại "Long An", các giấy tờ được quét, với:
      | trường         | giá trị            |
      | purpose        | để đăng ký kết hôn |
      | marital_status | never_married      |
    Và chuyên viên của "Long An" hoàn thành "Kiểm tra hồ sơ hộ tịch" với:
      | trường   | giá trị        |
      | opinion  | Đủ điều kiện   |
      | proposal | approve        |
    Và lãnh đạo của "Long An" ký duyệt kết quả
    Cho hôm nay là 25/05/2026 lúc 08:30
    Khi công dân có số định danh "080190004321" quay lại nộp hồ sơ "đăng ký kết hôn" tại "Kiến Tường", dùng lại giấy tờ đã số hóa, với:
      | trường           | giá trị        |
      | groom_name       | Trần Văn Bình  |
      | groom_birth_date | 02/03/1995     |
      | groom_id_number  | 080190004321   |
      | bride_name       | Phạm Thị Dung  |
      | bride_birth_date | 15/07/1997     |
      | bride_id_number  | 080197001111   |
      | both_present     | có             |
    Thì hồ sơ dùng lại 0 giấy tờ của hồ sơ trước
