"""Realistic names the generator draws from: provincial departments (sở, ban, ngành) with their
subordinate bodies (chi cục, trung tâm), internal units (phòng, ban) and Vietnamese personal names.

Order matters: the generator takes departments and units from the front of each list, so core
bodies (Văn phòng, the main sở) are always present and the rest appear as the count grows.
"""

from __future__ import annotations

# (code suffix, name, subordinate bodies). The code suffix is ASCII and unique in the list.
DEPARTMENTS: list[tuple[str, str, list[str]]] = [
    (
        "VP",
        "Văn phòng Ủy ban nhân dân tỉnh",
        ["Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Thông tin - Công báo", "Nhà khách tỉnh"],
    ),
    (
        "SNV",
        "Sở Nội vụ",
        ["Ban Thi đua - Khen thưởng", "Chi cục Văn thư - Lưu trữ", "Trung tâm Dịch vụ việc làm"],
    ),
    (
        "STP",
        "Sở Tư pháp",
        ["Trung tâm Trợ giúp pháp lý nhà nước", "Phòng Công chứng số 1", "Trung tâm Dịch vụ đấu giá tài sản"],
    ),
    (
        "STC",
        "Sở Tài chính",
        [
            "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp",
            "Chi cục Thống kê tỉnh",
            "Trung tâm Dịch vụ tài chính công",
        ],
    ),
    (
        "SCT",
        "Sở Công Thương",
        [
            "Chi cục Quản lý thị trường",
            "Trung tâm Khuyến công và Xúc tiến thương mại",
            "Trung tâm Tư vấn và Kiểm định công nghiệp",
        ],
    ),
    (
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        [
            "Chi cục Kiểm lâm",
            "Chi cục Thủy sản",
            "Chi cục Trồng trọt và Bảo vệ thực vật",
            "Chi cục Chăn nuôi và Thú y",
            "Văn phòng Đăng ký đất đai",
        ],
    ),
    (
        "SXD",
        "Sở Xây dựng",
        ["Trung tâm Quy hoạch xây dựng", "Trung tâm Đăng kiểm xe cơ giới", "Ban Quản lý bảo trì đường bộ"],
    ),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        [
            "Chi cục Tiêu chuẩn Đo lường Chất lượng",
            "Trung tâm Chuyển đổi số",
            "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        ],
    ),
    (
        "SGDDT",
        "Sở Giáo dục và Đào tạo",
        [
            "Trung tâm Giáo dục thường xuyên tỉnh",
            "Trung tâm Hỗ trợ phát triển giáo dục hòa nhập",
            "Trung tâm Khảo thí và Kiểm định chất lượng giáo dục",
        ],
    ),
    (
        "SYT",
        "Sở Y tế",
        ["Chi cục Dân số", "Chi cục An toàn vệ sinh thực phẩm", "Trung tâm Kiểm soát bệnh tật"],
    ),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        ["Thư viện tỉnh", "Bảo tàng tỉnh", "Trung tâm Thông tin và Xúc tiến du lịch"],
    ),
    (
        "SDTTG",
        "Sở Dân tộc và Tôn giáo",
        ["Ban Tôn giáo", "Trung tâm Hỗ trợ đồng bào dân tộc thiểu số"],
    ),
    (
        "TTR",
        "Thanh tra tỉnh",
        ["Ban Tiếp công dân tỉnh", "Trung tâm Bồi dưỡng nghiệp vụ thanh tra"],
    ),
    (
        "SNGV",
        "Sở Ngoại vụ",
        ["Trung tâm Dịch thuật và Dịch vụ đối ngoại", "Trung tâm Hợp tác quốc tế"],
    ),
    (
        "VPDDBQH",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        ["Trung tâm Thông tin dân nguyện", "Phòng Công tác Hội đồng nhân dân"],
    ),
    (
        "BQLKKT",
        "Ban Quản lý Khu kinh tế tỉnh",
        ["Trung tâm Dịch vụ khu kinh tế", "Ban Quản lý các khu công nghiệp"],
    ),
    (
        "BQLDAGT",
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
        ["Ban Quản lý dự án khu vực phía Bắc", "Ban Quản lý dự án khu vực phía Nam"],
    ),
    (
        "BQLDADD",
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
        ["Ban Quản lý dự án công trình y tế", "Ban Quản lý dự án công trình giáo dục"],
    ),
    (
        "BPTTH",
        "Báo và Phát thanh, Truyền hình tỉnh",
        ["Trung tâm Sản xuất chương trình", "Trung tâm Truyền dẫn phát sóng"],
    ),
    (
        "TCT",
        "Trường Chính trị tỉnh",
        ["Trung tâm Bồi dưỡng lý luận chính trị", "Trung tâm Đào tạo cán bộ cơ sở"],
    ),
    (
        "QDTPT",
        "Quỹ Đầu tư phát triển tỉnh",
        ["Quỹ Bảo vệ và Phát triển rừng", "Quỹ Hỗ trợ nông dân"],
    ),
]

# Internal units (kind "unit") by the kind of the agency they sit in; at least 6 each.
UNITS: dict[str, list[str]] = {
    "province": [
        "Phòng Tổng hợp",
        "Phòng Kinh tế ngành",
        "Phòng Nội chính",
        "Phòng Khoa giáo - Văn xã",
        "Phòng Hành chính - Tổ chức",
        "Phòng Quản trị - Tài vụ",
    ],
    "department": [
        "Văn phòng",
        "Phòng Kế hoạch - Tài chính",
        "Thanh tra",
        "Phòng Tổ chức cán bộ",
        "Phòng Pháp chế",
        "Phòng Quản lý chuyên ngành",
    ],
    "sub_department": [
        "Phòng Hành chính - Tổng hợp",
        "Phòng Nghiệp vụ",
        "Phòng Kiểm tra, Kiểm soát",
        "Phòng Kế toán",
        "Đội Nghiệp vụ số 1",
        "Đội Nghiệp vụ số 2",
    ],
    "commune": [
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Phục vụ hành chính công",
        "Trung tâm Dịch vụ tổng hợp",
        "Bộ phận Tiếp công dân",
    ],
}

LEADER_POSITION = {
    "province": "Chủ tịch Ủy ban nhân dân tỉnh",
    "department": "Giám đốc",
    "sub_department": "Chi cục trưởng",
    "commune": "Chủ tịch Ủy ban nhân dân",
}

# Historical district names for the real province of the province-size run (Quảng Ninh, code 22);
# other provinces use names derived from their current communes.
HISTORICAL_DISTRICTS = {
    "22": [
        "Huyện Tiên Yên",
        "Huyện Bình Liêu",
        "Huyện Đầm Hà",
        "Huyện Hải Hà",
        "Huyện Ba Chẽ",
        "Huyện Vân Đồn",
        "Huyện Cô Tô",
        "Thị xã Quảng Yên",
    ]
}

PLACE_FIRST = ["Tân", "Đông", "Tây", "Nam", "Bắc", "Hòa", "Phú", "Vĩnh", "Quảng", "Thanh", "Hưng", "Yên", "An", "Đại"]
PLACE_SECOND = ["Lập", "Tiến", "Hải", "Lợi", "Thành", "Phong", "Bình", "Thịnh", "Lộc", "Sơn", "Lâm", "Xuân", "Mỹ"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Thu", "Hoài", "Anh", "Kim"]
GIVEN_NAMES = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Ngân",
    "Phong",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Việt",
    "Yến",
]

LINEAGE_DECISION = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã năm 2025"
