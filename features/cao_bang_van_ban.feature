# language: vi
Tính năng: Cao Bằng — tiếp nhận, xử lý văn bản điện tử từ tỉnh về xã
  Chạy thử 20–25/6/2025: "tiếp nhận và xử lý văn bản điện tử từ tỉnh về xã" trên hệ thống quản lý
  văn bản (iOffice) đã cấu hình lại theo mô hình hai cấp.

  Kịch bản: Văn bản của Sở đến xã, được phân công xử lý và trả lời
    Cho tỉnh "Cao Bằng" và xã "Hòa An" của tỉnh "Cao Bằng"
    Khi văn thư của "Cao Bằng" gửi văn bản "Hướng dẫn vận hành Trung tâm Phục vụ hành chính công" đến "Hòa An"
    Thì văn bản đến của "Hòa An" có "Hướng dẫn vận hành Trung tâm Phục vụ hành chính công"
    Khi lãnh đạo của "Hòa An" giao văn bản cho chuyên viên của "Hòa An"
    Và chuyên viên của "Hòa An" trả lời văn bản
    Và lãnh đạo của "Hòa An" ký duyệt văn bản trả lời
    Và văn thư của "Hòa An" phát hành văn bản trả lời
    Thì văn bản trả lời được ký số và đến "Cao Bằng"
