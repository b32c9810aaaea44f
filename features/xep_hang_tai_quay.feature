# language: vi
Tính năng: Xếp hàng lấy số tại Trung tâm Phục vụ hành chính công
  Công dân lấy số theo lĩnh vực ở máy lấy số; cán bộ tiếp nhận gọi số cũ nhất của các nhóm quầy mình
  phục vụ; màn hình phòng chờ hiện số được mời và quầy.

  Kịch bản: Hai quầy gọi số theo thứ tự lấy số
    Cho phường "Long An" của tỉnh "Tây Ninh"
    Và hôm nay là 24/11/2025 lúc 07:15
    Và các quầy của "Long An" mở lúc 07:30 với 2 cán bộ tiếp nhận
    Khi công dân lấy số thứ tự nhóm "Hộ tịch" tại "Long An"
    Và công dân lấy số thứ tự nhóm "A" tại "Long An"
    Và công dân lấy số thứ tự nhóm "Hộ tịch" tại "Long An"
    Và cán bộ tại quầy 2 của "Long An" gọi số tiếp theo
    Thì màn hình của "Long An" hiện số "B-001" mời đến quầy 2
    Khi cán bộ tại quầy 1 của "Long An" gọi số tiếp theo
    Thì màn hình của "Long An" hiện số "A-001" mời đến quầy 1
