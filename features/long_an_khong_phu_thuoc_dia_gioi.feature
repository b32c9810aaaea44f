# language: vi
Tính năng: Long An — đăng ký biến động đất đai không phụ thuộc địa giới hành chính
  Kịch bản chạy thử ngày 18–19/6/2025, viết bằng tiếng Việt: hồ sơ thuộc thẩm quyền phường
  Kiến Tường được tiếp nhận tại Trung tâm phường Long An và trả kết quả tại Long An.

  Bối cảnh:
    Cho phường "Long An" và phường "Kiến Tường" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 08:30

  Kịch bản: Tiếp nhận tại Long An, Kiến Tường giải quyết, trả kết quả tại Long An
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Long An" cho thửa đất ở "Kiến Tường"
    Thì ngày hẹn trả là 08/12/2025 lúc 17:00
    Và hồ sơ chờ chuyên viên của "Kiến Tường"
    Và chuyên viên của "Long An" không có việc nào
    Khi 3 ngày làm việc trôi qua
    Và chuyên viên của "Kiến Tường" thẩm định đạt
    Và lãnh đạo của "Kiến Tường" ký duyệt kết quả
    Thì hồ sơ chờ cán bộ tiếp nhận của "Long An"
    Khi cán bộ tiếp nhận của "Long An" trả kết quả
    Thì hồ sơ được trả trước hạn
    Và kết quả được lãnh đạo của "Kiến Tường" ký số và xác thực hợp lệ
    Và phiếu kiểm soát ghi các lần chuyển giao:
      | bước                      | bên nhận                              |
      | Tiếp nhận, kiểm tra hồ sơ | Chuyên viên xử lý · Phường Kiến Tường |
      | Phê duyệt kết quả         | Cán bộ tiếp nhận · Phường Long An     |

  Kịch bản: Hồ sơ thiếu giấy tờ được hướng dẫn bổ sung ngay tại quầy
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Long An" còn thiếu "Giấy chứng nhận đã cấp"
    Thì trạng thái hồ sơ là "supplement"
    Và hồ sơ chờ cán bộ tiếp nhận của "Long An"
    Khi công dân quay lại "Long An" với đủ giấy tờ
    Thì trạng thái hồ sơ là "processing"
    Và hồ sơ chờ chuyên viên của "Long An"
