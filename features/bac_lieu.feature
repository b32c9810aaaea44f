# language: vi
Tính năng: Bạc Liêu — văn bản đến, văn bản đi, nộp hồ sơ trực tuyến và trực tiếp
  Chạy thử ngày 20/6/2025 tại 7 đơn vị: quy trình xử lý văn bản đến, văn bản đi, và "nộp hồ sơ trực
  tuyến trên Cổng Dịch vụ công quốc gia và nộp trực tiếp cơ bản thông suốt, bảo đảm khung kịch bản".

  Bối cảnh:
    Cho phường "Bạc Liêu" và phường "Giá Rai" của tỉnh "Cà Mau"
    Và hôm nay là 20/06/2025 lúc 08:00

  Kịch bản: Nộp trực tiếp tại quầy được giải quyết đúng quy trình
    Khi công dân nộp hồ sơ "đăng ký biến động đất đai" tại "Bạc Liêu"
    Và chuyên viên của "Bạc Liêu" thẩm định đạt
    Và lãnh đạo của "Bạc Liêu" ký duyệt kết quả
    Và cán bộ tiếp nhận của "Bạc Liêu" trả kết quả
    Thì hồ sơ được trả trước hạn
    Và công dân tra cứu được hồ sơ bằng 4 số cuối điện thoại

  Kịch bản: Hồ sơ nộp trực tuyến được tiếp nhận cùng một quy trình với hồ sơ nộp trực tiếp
    Khi công dân nộp trực tuyến hồ sơ "đăng ký biến động đất đai" gửi "Bạc Liêu"
    Thì hồ sơ chờ cán bộ tiếp nhận của "Bạc Liêu"
    Và báo cáo của "Bạc Liêu" ghi 1 hồ sơ trực tuyến

  Kịch bản: Văn bản đi được ký số, vào sổ và đến đơn vị nhận
    Khi chuyên viên của "Bạc Liêu" soạn văn bản đi "Báo cáo kết quả chạy thử" gửi "Giá Rai"
    Và lãnh đạo của "Bạc Liêu" ký duyệt văn bản đi
    Thì văn bản đi được cấp số trong sổ văn bản đi của "Bạc Liêu"
    Khi văn thư của "Bạc Liêu" phát hành văn bản đi
    Thì văn bản đến của "Giá Rai" có "Báo cáo kết quả chạy thử"
