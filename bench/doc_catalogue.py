"""Phrase pools for the document generator (``bench/documents.py``): sectors with their laws and
administrative procedures, the QMS documents every agency keeps (TCVN ISO 9001:2015, QĐ 19/2014/QĐ-TTg,
mô hình khung 101/QĐ-BKHCN), process steps, one-stop forms and the pieces process texts are built from.

Well-known legal texts (``CORE_LEGAL_TEXTS``) are real; their dates are given as published where
known. Everything drawn from the sector pools is generated (realistic shapes, not real texts).
"""

from __future__ import annotations

# (number, kind, issuer, title, signed_on, effective_on) — real texts the QMS of every agency cites.
# ``replaces``/``amends``: numbers of older texts in this list.
CORE_LEGAL_TEXTS: list[dict[str, object]] = [
    {
        "number": "TCVN ISO 9001:2015",
        "kind": "standard",
        "issuer": "Bộ Khoa học và Công nghệ",
        "title": "Hệ thống quản lý chất lượng - Các yêu cầu",
        "signed_on": "2015-12-31",
        "effective_on": "2015-12-31",
    },
    {
        "number": "TCVN ISO 9001:2008",
        "kind": "standard",
        "issuer": "Bộ Khoa học và Công nghệ",
        "title": "Hệ thống quản lý chất lượng - Các yêu cầu",
        "signed_on": "2008-12-31",
        "effective_on": "2008-12-31",
        "replaced_by": "TCVN ISO 9001:2015",
    },
    {
        "number": "19/2014/QĐ-TTg",
        "kind": "decision",
        "issuer": "Thủ tướng Chính phủ",
        "title": "về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào "
        "hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
        "signed_on": "2014-03-05",
        "effective_on": "2014-04-20",
    },
    {
        "number": "26/2014/TT-BKHCN",
        "kind": "circular",
        "issuer": "Bộ trưởng Bộ Khoa học và Công nghệ",
        "title": "quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng "
        "Chính phủ về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008",
        "signed_on": "2014-10-10",
        "effective_on": "2014-12-01",
    },
    {
        "number": "101/QĐ-BKHCN",
        "kind": "decision",
        "issuer": "Bộ trưởng Bộ Khoa học và Công nghệ",
        "title": "về việc công bố Mô hình khung hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
        "9001:2015 cho các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước tại địa phương",
        "signed_on": "2019-01-21",
        "effective_on": "2019-01-21",
    },
    {
        "number": "09/2015/QĐ-TTg",
        "kind": "decision",
        "issuer": "Thủ tướng Chính phủ",
        "title": "ban hành Quy chế thực hiện cơ chế một cửa, cơ chế một cửa liên thông tại cơ quan hành chính "
        "nhà nước ở địa phương",
        "signed_on": "2015-03-23",
        "effective_on": "2015-05-15",
        "replaced_by": "61/2018/NĐ-CP",
    },
    {
        "number": "61/2018/NĐ-CP",
        "kind": "decree",
        "issuer": "Chính phủ",
        "title": "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "signed_on": "2018-04-23",
        "effective_on": "2018-06-21",
        "replaced_by": "118/2025/NĐ-CP",
    },
    {
        "number": "107/2021/NĐ-CP",
        "kind": "decree",
        "issuer": "Chính phủ",
        "title": "sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính "
        "phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "signed_on": "2021-12-06",
        "effective_on": "2022-02-20",
        "amends": "61/2018/NĐ-CP",
        "replaced_by": "118/2025/NĐ-CP",
    },
    {
        "number": "118/2025/NĐ-CP",
        "kind": "decree",
        "issuer": "Chính phủ",
        "title": "về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa "
        "và Cổng Dịch vụ công quốc gia",
        "signed_on": "2025-06-09",
        "effective_on": "2025-07-01",
    },
    {
        "number": "01/2018/TT-VPCP",
        "kind": "circular",
        "issuer": "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ",
        "title": "hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của "
        "Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "signed_on": "2018-11-23",
        "effective_on": "2019-01-07",
    },
    {
        "number": "30/2020/NĐ-CP",
        "kind": "decree",
        "issuer": "Chính phủ",
        "title": "về công tác văn thư",
        "signed_on": "2020-03-05",
        "effective_on": "2020-03-05",
    },
    {
        "number": "45/2020/NĐ-CP",
        "kind": "decree",
        "issuer": "Chính phủ",
        "title": "về thực hiện thủ tục hành chính trên môi trường điện tử",
        "signed_on": "2020-04-08",
        "effective_on": "2020-05-22",
    },
    {
        "number": "02/2011/QH13",
        "kind": "law",
        "issuer": "Quốc hội",
        "title": "Luật Khiếu nại",
        "signed_on": "2011-11-11",
        "effective_on": "2012-07-01",
    },
    {
        "number": "25/2018/QH14",
        "kind": "law",
        "issuer": "Quốc hội",
        "title": "Luật Tố cáo",
        "signed_on": "2018-06-12",
        "effective_on": "2019-01-01",
    },
    {
        "number": "42/2013/QH13",
        "kind": "law",
        "issuer": "Quốc hội",
        "title": "Luật Tiếp công dân",
        "signed_on": "2013-11-25",
        "effective_on": "2014-07-01",
    },
    {
        "number": "80/2015/QH13",
        "kind": "law",
        "issuer": "Quốc hội",
        "title": "Luật Ban hành văn bản quy phạm pháp luật",
        "signed_on": "2015-06-22",
        "effective_on": "2016-07-01",
        "replaced_by": "64/2025/QH15",
    },
    {
        "number": "64/2025/QH15",
        "kind": "law",
        "issuer": "Quốc hội",
        "title": "Luật Ban hành văn bản quy phạm pháp luật",
        "signed_on": "2025-02-19",
        "effective_on": "2025-04-01",
    },
]

# Texts cited by the QMS procedures every agency keeps, and by all one-stop (TTHC) processes.
QMS_BASES = ("TCVN ISO 9001:2015", "19/2014/QĐ-TTg", "26/2014/TT-BKHCN", "101/QĐ-BKHCN")
ONE_STOP = "09/2015/QĐ-TTg"  # replaced by 61/2018/NĐ-CP, itself replaced by 118/2025/NĐ-CP
ONE_STOP_GUIDANCE = ("01/2018/TT-VPCP", "45/2020/NĐ-CP")
OFFICE_BASES = ("30/2020/NĐ-CP", "80/2015/QH13", "02/2011/QH13", "25/2018/QH14", "42/2013/QH13")

# Sectors: (key, sector name, ministry abbreviation, ministry, law name, objects of procedures).
SECTORS: list[tuple[str, str, str, str, str, list[str]]] = [
    (
        "tuphap",
        "tư pháp",
        "BTP",
        "Bộ Tư pháp",
        "Luật Hộ tịch",
        [
            "giấy khai sinh",
            "đăng ký kết hôn",
            "giấy xác nhận tình trạng hôn nhân",
            "chứng thực bản sao từ bản chính",
            "chứng thực chữ ký",
            "thẻ công chứng viên",
            "giấy đăng ký hoạt động của Văn phòng công chứng",
            "chứng chỉ hành nghề luật sư",
            "giấy đăng ký hoạt động của tổ chức hành nghề luật sư",
            "phiếu lý lịch tư pháp",
        ],
    ),
    (
        "taichinh",
        "tài chính",
        "BTC",
        "Bộ Tài chính",
        "Luật Quản lý, sử dụng tài sản công",
        [
            "quyết định giao tài sản công",
            "phương án xử lý tài sản công",
            "mã số đơn vị có quan hệ với ngân sách",
            "quyết toán vốn đầu tư dự án hoàn thành",
            "giấy chứng nhận đăng ký doanh nghiệp",
            "giấy chứng nhận đăng ký hộ kinh doanh",
            "giấy chứng nhận đăng ký hợp tác xã",
            "giấy chứng nhận đăng ký đầu tư",
        ],
    ),
    (
        "noivu",
        "nội vụ",
        "BNV",
        "Bộ Nội vụ",
        "Luật Cán bộ, công chức",
        [
            "quyết định công nhận ban vận động thành lập hội",
            "giấy phép thành lập và công nhận điều lệ quỹ",
            "quyết định tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "danh hiệu Tập thể lao động xuất sắc",
            "giấy phép lao động cho người lao động nước ngoài",
            "trợ cấp thất nghiệp",
            "chế độ ưu đãi người có công với cách mạng",
            "giấy chứng nhận thương binh",
        ],
    ),
    (
        "congthuong",
        "công thương",
        "BCT",
        "Bộ Công Thương",
        "Luật Điện lực",
        [
            "giấy phép hoạt động điện lực",
            "giấy chứng nhận đủ điều kiện kinh doanh xăng dầu",
            "giấy phép bán lẻ sản phẩm rượu",
            "giấy phép bán buôn sản phẩm thuốc lá",
            "giấy chứng nhận đủ điều kiện sản xuất hóa chất",
            "giấy xác nhận đăng ký thực hiện khuyến mại",
            "giấy phép kinh doanh khí",
        ],
    ),
    (
        "nongnghiep",
        "nông nghiệp và môi trường",
        "BNNMT",
        "Bộ Nông nghiệp và Môi trường",
        "Luật Đất đai",
        [
            "giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
            "giấy phép khai thác nước dưới đất",
            "giấy phép hành nghề khoan nước dưới đất",
            "giấy phép môi trường",
            "giấy phép thăm dò khoáng sản",
            "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản",
            "giấy chứng nhận kiểm dịch động vật",
            "quyết định giao đất, cho thuê đất",
            "đăng ký biến động đất đai",
        ],
    ),
    (
        "xaydung",
        "xây dựng",
        "BXD",
        "Bộ Xây dựng",
        "Luật Xây dựng",
        [
            "giấy phép xây dựng",
            "chứng chỉ hành nghề hoạt động xây dựng",
            "chứng chỉ năng lực hoạt động xây dựng",
            "giấy phép lái xe",
            "giấy chứng nhận đăng ký xe máy chuyên dùng",
            "giấy phép vận tải đường bộ",
            "phù hiệu xe kinh doanh vận tải",
            "văn bản thẩm định thiết kế xây dựng",
        ],
    ),
    (
        "khcn",
        "khoa học và công nghệ",
        "BKHCN",
        "Bộ Khoa học và Công nghệ",
        "Luật Khoa học và công nghệ",
        [
            "giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
            "giấy chứng nhận doanh nghiệp khoa học và công nghệ",
            "giấy phép tiến hành công việc bức xạ",
            "chứng chỉ nhân viên bức xạ",
            "giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
            "giấy phép hoạt động bưu chính",
            "giấy xác nhận thông báo hoạt động bưu chính",
            "giấy phép xuất bản bản tin",
        ],
    ),
    (
        "giaoduc",
        "giáo dục và đào tạo",
        "BGDĐT",
        "Bộ Giáo dục và Đào tạo",
        "Luật Giáo dục",
        [
            "quyết định cho phép thành lập trường trung học phổ thông tư thục",
            "giấy phép hoạt động giáo dục",
            "bản sao văn bằng, chứng chỉ từ sổ gốc",
            "văn bằng tốt nghiệp trung học phổ thông",
            "quyết định công nhận trường đạt chuẩn quốc gia",
            "giấy phép tổ chức hoạt động dạy thêm, học thêm",
        ],
    ),
    (
        "yte",
        "y tế",
        "BYT",
        "Bộ Y tế",
        "Luật Khám bệnh, chữa bệnh",
        [
            "giấy phép hành nghề khám bệnh, chữa bệnh",
            "giấy phép hoạt động khám bệnh, chữa bệnh",
            "chứng chỉ hành nghề dược",
            "giấy chứng nhận đủ điều kiện kinh doanh dược",
            "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            "giấy xác nhận nội dung quảng cáo thực phẩm",
            "số tiếp nhận phiếu công bố sản phẩm mỹ phẩm",
        ],
    ),
    (
        "vanhoa",
        "văn hóa, thể thao và du lịch",
        "BVHTTDL",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Luật Du lịch",
        [
            "giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "thẻ hướng dẫn viên du lịch",
            "quyết định công nhận hạng cơ sở lưu trú du lịch",
            "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
            "giấy phép tổ chức lễ hội",
            "văn bản chấp thuận tổ chức biểu diễn nghệ thuật",
            "giấy phép hoạt động thư viện",
        ],
    ),
    (
        "dantoc",
        "dân tộc và tôn giáo",
        "BDTTG",
        "Bộ Dân tộc và Tôn giáo",
        "Luật Tín ngưỡng, tôn giáo",
        [
            "đăng ký sinh hoạt tôn giáo tập trung",
            "thông báo tổ chức lễ hội tín ngưỡng",
            "đăng ký người được bổ nhiệm, bầu cử, suy cử",
            "chấp thuận tổ chức cuộc lễ ngoài cơ sở tôn giáo",
            "công nhận người có uy tín trong đồng bào dân tộc thiểu số",
        ],
    ),
    (
        "thanhtra",
        "thanh tra",
        "TTCP",
        "Thanh tra Chính phủ",
        "Luật Thanh tra",
        [
            "giải quyết khiếu nại lần đầu",
            "giải quyết khiếu nại lần hai",
            "giải quyết tố cáo",
            "tiếp công dân",
            "xử lý đơn thư",
            "kê khai tài sản, thu nhập",
        ],
    ),
    (
        "ngoaivu",
        "ngoại vụ",
        "BNG",
        "Bộ Ngoại giao",
        "Luật Điều ước quốc tế",
        [
            "văn bản cho phép tổ chức hội nghị, hội thảo quốc tế",
            "văn bản chấp thuận cử cán bộ đi công tác nước ngoài",
            "giấy phép hoạt động của tổ chức phi chính phủ nước ngoài",
            "thỏa thuận quốc tế nhân danh Ủy ban nhân dân tỉnh",
        ],
    ),
    (
        "dautu",
        "đầu tư",
        "BTC",
        "Bộ Tài chính",
        "Luật Đầu tư",
        [
            "quyết định chấp thuận chủ trương đầu tư",
            "giấy chứng nhận đăng ký đầu tư",
            "quyết định điều chỉnh dự án đầu tư",
            "văn bản xác nhận ưu đãi đầu tư",
            "quyết định phê duyệt kết quả lựa chọn nhà đầu tư",
        ],
    ),
]

# Department suffix (bench/catalogue.py DEPARTMENTS) → sectors whose procedures it handles.
DEPARTMENT_SECTORS: dict[str, tuple[str, ...]] = {
    "VP": ("dautu", "noivu"),
    "SNV": ("noivu",),
    "STP": ("tuphap",),
    "STC": ("taichinh", "dautu"),
    "SCT": ("congthuong",),
    "SNNMT": ("nongnghiep",),
    "SXD": ("xaydung",),
    "SKHCN": ("khcn",),
    "SGDDT": ("giaoduc",),
    "SYT": ("yte",),
    "SVHTTDL": ("vanhoa",),
    "SDTTG": ("dantoc",),
    "TTR": ("thanhtra",),
    "SNGV": ("ngoaivu",),
    "VPDDBQH": ("thanhtra", "noivu"),
    "BQLKKT": ("dautu", "xaydung"),
    "BQLDAGT": ("xaydung",),
    "BQLDADD": ("xaydung",),
    "BPTTH": ("khcn", "vanhoa"),
    "TCT": ("giaoduc", "noivu"),
    "QDTPT": ("taichinh", "dautu"),
}
# Communes handle a bit of everything at their level.
COMMUNE_SECTORS = ("tuphap", "noivu", "nongnghiep", "xaydung", "taichinh", "vanhoa", "thanhtra", "dantoc")

# Catalogue "field" keywords (folded) → sector, for the real procedure names.
FIELD_SECTORS: dict[str, str] = {
    "khoa hoc": "khcn",
    "chung thuc": "tuphap",
    "giam dinh": "tuphap",
    "nguoi co cong": "noivu",
    "hop tac xa": "taichinh",
    "ho kinh doanh": "taichinh",
    "tai nguyen nuoc": "nongnghiep",
    "dia chat": "nongnghiep",
    "de dieu": "nongnghiep",
    "bao chi": "khcn",
    "phat thanh": "khcn",
    "tin hoc": "khcn",
    "thanh nien": "noivu",
    "viec lam": "noivu",
    "lao dong": "noivu",
    "thi dua": "noivu",
    "luu tru": "noivu",
    "chinh sach": "noivu",
    "dau tu": "dautu",
    "doi tac cong tu": "dautu",
    "dau thau": "dautu",
    "dien luc": "congthuong",
    "xuat nhap khau": "congthuong",
    "cong san": "taichinh",
    "phi, le phi": "taichinh",
    "quan ly gia": "taichinh",
    "thiet bi y te": "yte",
    "di san": "vanhoa",
    "nghe thuat": "vanhoa",
}

PROCEDURE_VERBS = (
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Điều chỉnh",
    "Thu hồi",
    "Đăng ký",
    "Xác nhận",
    "Thẩm định hồ sơ đề nghị cấp",
    "Cấp bổ sung",
    "Đính chính",
    "Sửa đổi, bổ sung",
)

# Documents of the QMS itself (mô hình khung 101/QĐ-BKHCN). (code prefix, kind, title)
MANDATORY_PROCEDURES: list[str] = [
    "Quy trình kiểm soát tài liệu",
    "Quy trình kiểm soát hồ sơ",
    "Quy trình đánh giá nội bộ",
    "Quy trình kiểm soát đầu ra không phù hợp",
    "Quy trình hành động khắc phục",
    "Quy trình xem xét của lãnh đạo",
    "Quy trình quản lý rủi ro và cơ hội",
]

INTERNAL_PROCESSES: list[str] = [
    "Quy trình quản lý văn bản đến",
    "Quy trình quản lý văn bản đi",
    "Quy trình tiếp công dân",
    "Quy trình giải quyết khiếu nại",
    "Quy trình giải quyết tố cáo",
    "Quy trình xử lý đơn thư kiến nghị, phản ánh",
    "Quy trình xây dựng văn bản quy phạm pháp luật",
    "Quy trình kiểm tra, rà soát văn bản quy phạm pháp luật",
    "Quy trình lập kế hoạch công tác năm",
    "Quy trình xây dựng dự toán ngân sách",
    "Quy trình quyết toán ngân sách",
    "Quy trình mua sắm tài sản, hàng hóa",
    "Quy trình quản lý, sử dụng tài sản công",
    "Quy trình thanh toán chế độ công tác phí",
    "Quy trình tuyển dụng công chức, viên chức",
    "Quy trình đánh giá, xếp loại công chức, viên chức",
    "Quy trình nâng bậc lương thường xuyên, trước thời hạn",
    "Quy trình cử cán bộ đi đào tạo, bồi dưỡng",
    "Quy trình bổ nhiệm, bổ nhiệm lại công chức lãnh đạo",
    "Quy trình thi đua, khen thưởng",
    "Quy trình giải quyết chế độ nghỉ phép",
    "Quy trình tổ chức hội nghị, hội thảo",
    "Quy trình quản lý con dấu",
    "Quy trình lưu trữ hồ sơ, tài liệu",
    "Quy trình cung cấp thông tin cho công dân",
    "Quy trình quản lý cổng thông tin điện tử",
    "Quy trình bảo đảm an toàn thông tin",
    "Quy trình quản lý phương tiện đi lại",
    "Quy trình kiểm tra nội bộ",
    "Quy trình thanh tra hành chính",
    "Quy trình thanh tra chuyên ngành",
    "Quy trình theo dõi thi hành pháp luật",
    "Quy trình phổ biến, giáo dục pháp luật",
    "Quy trình tổng hợp báo cáo định kỳ",
    "Quy trình tiếp nhận và xử lý phản ánh, kiến nghị về quy định hành chính",
    "Quy trình khảo sát sự hài lòng của người dân, tổ chức",
    "Quy trình kiểm soát thủ tục hành chính",
    "Quy trình công bố, công khai thủ tục hành chính",
    "Quy trình quản lý hồ sơ cán bộ, công chức",
    "Quy trình phòng, chống tham nhũng",
    "Quy trình thực hành tiết kiệm, chống lãng phí",
    "Quy trình quản lý công tác văn thư",
    "Quy trình tổ chức trực cơ quan",
    "Quy trình phòng cháy, chữa cháy tại cơ quan",
    "Quy trình quản lý kho lưu trữ",
]

GUIDANCE: list[str] = [
    "Hướng dẫn sử dụng Hệ thống thông tin giải quyết thủ tục hành chính",
    "Hướng dẫn số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Hướng dẫn lập hồ sơ điện tử và nộp lưu vào lưu trữ cơ quan",
    "Hướng dẫn ký số văn bản điện tử",
    "Hướng dẫn thực hiện thanh toán trực tuyến phí, lệ phí",
    "Hướng dẫn đánh giá chất lượng giải quyết thủ tục hành chính",
    "Hướng dẫn nhận diện và đánh giá rủi ro",
    "Hướng dẫn xây dựng và theo dõi mục tiêu chất lượng",
    "Hướng dẫn đo lường sự hài lòng của người dân",
    "Hướng dẫn trình bày văn bản hành chính",
    "Hướng dẫn sao lưu, phục hồi dữ liệu",
    "Hướng dẫn tiếp nhận hồ sơ qua dịch vụ bưu chính công ích",
    "Hướng dẫn sử dụng hộp thư điện tử công vụ",
    "Hướng dẫn kiểm soát thiết bị đo lường",
    "Hướng dẫn bảo quản hồ sơ tại bộ phận",
    "Hướng dẫn xử lý hồ sơ quá hạn và văn bản xin lỗi",
]

# One-stop forms (the templates of Thông tư 01/2018/TT-VPCP), then process-specific ones.
ONE_STOP_FORMS: list[str] = [
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "Sổ theo dõi hồ sơ",
]
OTHER_FORMS: list[str] = [
    "Phiếu tiếp nhận hồ sơ",
    "Phiếu trình giải quyết hồ sơ",
    "Biên bản kiểm tra thực tế",
    "Tờ khai đề nghị",
    "Danh mục hồ sơ lưu",
    "Phiếu đánh giá mức độ hài lòng",
    "Biên bản thẩm định hồ sơ",
    "Phiếu chuyển hồ sơ",
    "Sổ theo dõi kết quả",
    "Kế hoạch thực hiện",
    "Báo cáo kết quả thực hiện",
    "Phiếu đề xuất",
]
# Forms of the system procedures (QT 01 … QT 07), in MANDATORY_PROCEDURES order.
MANDATORY_FORMS: list[list[str]] = [
    ["Danh mục tài liệu nội bộ", "Danh mục tài liệu bên ngoài", "Phiếu yêu cầu sửa đổi tài liệu"],
    ["Danh mục hồ sơ", "Sổ theo dõi mượn hồ sơ"],
    ["Kế hoạch đánh giá nội bộ", "Báo cáo đánh giá nội bộ", "Phiếu ghi nhận sự không phù hợp"],
    ["Phiếu ghi nhận sự không phù hợp", "Sổ theo dõi đầu ra không phù hợp"],
    ["Phiếu yêu cầu hành động khắc phục", "Sổ theo dõi hành động khắc phục"],
    ["Biên bản họp xem xét của lãnh đạo", "Báo cáo tình hình hoạt động của hệ thống quản lý chất lượng"],
    ["Bảng nhận diện rủi ro", "Kế hoạch xử lý rủi ro và cơ hội"],
]
INTERNAL_FORMS: list[str] = [
    "Danh mục tài liệu nội bộ",
    "Danh mục tài liệu bên ngoài",
    "Phiếu yêu cầu sửa đổi tài liệu",
    "Danh mục hồ sơ",
    "Kế hoạch đánh giá nội bộ",
    "Báo cáo đánh giá nội bộ",
    "Phiếu ghi nhận sự không phù hợp",
    "Phiếu yêu cầu hành động khắc phục",
    "Biên bản họp xem xét của lãnh đạo",
    "Sổ đăng ký văn bản đến",
    "Sổ đăng ký văn bản đi",
    "Phiếu giải quyết văn bản đến",
    "Sổ tiếp công dân",
    "Bảng nhận diện rủi ro",
    "Bảng theo dõi mục tiêu chất lượng",
]

ABBREVIATIONS: list[str] = [
    "TTHC: Thủ tục hành chính",
    "HTQLCL: Hệ thống quản lý chất lượng",
    "CBCC: Cán bộ, công chức",
    "Bộ phận Một cửa: Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính",
    "UBND: Ủy ban nhân dân",
    "HĐND: Hội đồng nhân dân",
    "QLCL: Quản lý chất lượng",
    "BM: Biểu mẫu",
    "QT: Quy trình",
    "TCVN: Tiêu chuẩn quốc gia",
    "DVCTT: Dịch vụ công trực tuyến",
    "VBQPPL: Văn bản quy phạm pháp luật",
    "Hệ thống thông tin: Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
]

PURPOSES: list[str] = [
    "Quy định trình tự, thủ tục và trách nhiệm của các tổ chức, cá nhân có liên quan trong việc {obj}.",
    "Bảo đảm việc {obj} được thực hiện thống nhất, công khai, minh bạch, đúng thời hạn theo quy định của pháp luật.",
    "Nâng cao chất lượng phục vụ người dân, doanh nghiệp; rút ngắn thời gian và giảm chi phí khi {obj}.",
    "Làm căn cứ để lãnh đạo {agency} kiểm tra, giám sát việc {obj} của các phòng, bộ phận chuyên môn.",
    "Góp phần thực hiện mục tiêu chất lượng và chính sách chất lượng của {agency}.",
]
SCOPES: list[str] = [
    "Quy trình này áp dụng đối với việc {obj} thuộc thẩm quyền của {agency}.",
    "{unit} chịu trách nhiệm chủ trì thực hiện; các phòng, bộ phận có liên quan phối hợp thực hiện quy trình này.",
    "Cán bộ, công chức, viên chức của {agency} có liên quan có trách nhiệm thực hiện đúng các bước của quy trình.",
    "Tổ chức, cá nhân có nhu cầu thực hiện thủ tục nộp hồ sơ trực tiếp, qua dịch vụ bưu chính công ích hoặc "
    "trực tuyến trên Cổng Dịch vụ công quốc gia.",
]
DOSSIER_ITEMS: list[str] = [
    "Đơn đề nghị theo mẫu quy định",
    "Tờ khai theo mẫu ban hành kèm theo thông tư hướng dẫn",
    "Bản sao giấy tờ tùy thân của người đề nghị hoặc người đại diện theo pháp luật",
    "Bản sao có chứng thực hoặc bản sao kèm bản chính để đối chiếu các giấy tờ chứng minh",
    "Văn bản ủy quyền (trường hợp nộp hồ sơ thông qua người được ủy quyền)",
    "Bản thuyết minh, báo cáo theo mẫu",
    "Giấy chứng nhận, giấy phép đã được cấp trước đây (đối với trường hợp cấp lại, gia hạn)",
    "Sơ đồ vị trí, bản vẽ hoặc tài liệu kỹ thuật kèm theo",
    "Chứng từ nộp phí, lệ phí (nếu có)",
    "Ảnh màu cỡ 4x6 cm chụp không quá 06 tháng",
]
CONDITIONS: list[str] = [
    "Tổ chức, cá nhân đáp ứng đầy đủ các điều kiện theo quy định của pháp luật chuyên ngành.",
    "Hồ sơ đầy đủ, hợp lệ và đúng thẩm quyền giải quyết.",
    "Không thuộc trường hợp đang bị xử lý vi phạm hoặc bị thu hồi giấy phép.",
    "Không quy định.",
]
PLACES: list[str] = [
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Bộ phận Một cửa của {agency}",
    "Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
]
FEES: list[str] = [
    "Không",
    "Theo quy định tại Nghị quyết của Hội đồng nhân dân tỉnh về phí, lệ phí",
    "{fee}.000 đồng/hồ sơ; giảm 50% đối với hồ sơ nộp trực tuyến",
    "Miễn phí đối với hồ sơ nộp trực tuyến",
]
# TTHC steps: (step, who, time in half working days or None for "the rest", what is done)
TTHC_STEPS: list[tuple[str, str, int | None, str]] = [
    (
        "Tiếp nhận hồ sơ",
        "Công chức Bộ phận Một cửa",
        1,
        "Kiểm tra tính đầy đủ, hợp lệ của hồ sơ; nếu hồ sơ đầy đủ, hợp lệ thì lập Giấy tiếp nhận hồ sơ và hẹn "
        "trả kết quả, cập nhật vào Hệ thống thông tin; nếu chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện hồ sơ "
        "một lần bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.",
    ),
    (
        "Chuyển hồ sơ",
        "Công chức Bộ phận Một cửa",
        1,
        "Chuyển hồ sơ giấy và hồ sơ điện tử đến phòng chuyên môn giải quyết kèm Phiếu kiểm soát quá trình giải "
        "quyết hồ sơ.",
    ),
    (
        "Phân công xử lý",
        "Lãnh đạo phòng chuyên môn",
        1,
        "Xem xét hồ sơ, phân công công chức thụ lý và ghi ý kiến chỉ đạo trên Hệ thống thông tin.",
    ),
    (
        "Thẩm định hồ sơ",
        "Công chức thụ lý",
        None,
        "Thẩm định hồ sơ, kiểm tra thực tế (nếu cần); trường hợp hồ sơ không đủ điều kiện thì dự thảo văn bản "
        "trả lời nêu rõ lý do; trường hợp đủ điều kiện thì dự thảo kết quả giải quyết trình lãnh đạo phòng.",
    ),
    (
        "Xem xét, trình ký",
        "Lãnh đạo phòng chuyên môn",
        1,
        "Kiểm tra nội dung dự thảo, ký nháy và trình lãnh đạo cơ quan phê duyệt.",
    ),
    (
        "Phê duyệt kết quả",
        "Lãnh đạo cơ quan",
        1,
        "Xem xét, ký duyệt kết quả giải quyết thủ tục hành chính.",
    ),
    (
        "Phát hành văn bản",
        "Văn thư cơ quan",
        1,
        "Vào số, đóng dấu, phát hành kết quả; chuyển kết quả về Bộ phận Một cửa và cập nhật trạng thái hồ sơ.",
    ),
    (
        "Trả kết quả",
        "Công chức Bộ phận Một cửa",
        0,
        "Trả kết quả cho tổ chức, cá nhân theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả; thu phí, lệ phí (nếu "
        "có); trường hợp quá hạn thì gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
    ),
]
INTERNAL_STEPS: list[tuple[str, str]] = [
    ("Lập kế hoạch", "Xây dựng kế hoạch thực hiện, xác định nội dung, thời gian, nguồn lực và người chịu trách nhiệm."),
    (
        "Phê duyệt kế hoạch",
        "Lãnh đạo cơ quan xem xét, phê duyệt kế hoạch; trường hợp không đồng ý thì trả lại để chỉnh sửa.",
    ),
    ("Tổ chức thực hiện", "Các phòng, bộ phận thực hiện theo kế hoạch được phê duyệt và ghi chép hồ sơ theo biểu mẫu."),
    (
        "Kiểm tra, giám sát",
        "Thư ký ISO phối hợp với các phòng kiểm tra việc thực hiện, ghi nhận sự không phù hợp (nếu có).",
    ),
    ("Tổng hợp, báo cáo", "Tổng hợp kết quả, báo cáo lãnh đạo cơ quan và đề xuất cải tiến."),
    ("Lưu hồ sơ", "Lưu hồ sơ theo Quy trình kiểm soát hồ sơ; thời gian lưu theo danh mục hồ sơ của cơ quan."),
    ("Tiếp nhận yêu cầu", "Tiếp nhận yêu cầu, văn bản hoặc đề nghị; vào sổ theo dõi và chuyển người có trách nhiệm."),
    ("Xem xét, đề xuất", "Nghiên cứu nội dung, đối chiếu quy định hiện hành và đề xuất phương án xử lý."),
]
RETENTION: list[str] = ["05 năm", "10 năm", "20 năm", "vĩnh viễn", "theo Danh mục hồ sơ của cơ quan"]
CHANGE_SUMMARIES: list[str] = [
    "Cập nhật căn cứ pháp lý theo văn bản mới",
    "Rút ngắn thời gian giải quyết so với quy định",
    "Bổ sung biểu mẫu và điều chỉnh trách nhiệm thực hiện",
    "Sửa đổi theo kết quả đánh giá nội bộ",
    "Điều chỉnh theo cơ cấu tổ chức mới sau sắp xếp đơn vị hành chính",
    "Cập nhật quy trình điện tử trên Hệ thống thông tin giải quyết thủ tục hành chính",
]
OBJECTIVE_LINES: list[str] = [
    "100% hồ sơ thủ tục hành chính được giải quyết đúng hoặc trước hạn",
    "Tỷ lệ hồ sơ nộp trực tuyến toàn trình đạt từ {n}% trở lên",
    "Không có khiếu nại về thái độ phục vụ của cán bộ, công chức",
    "Mức độ hài lòng của người dân, doanh nghiệp đạt từ {n}% trở lên",
    "100% văn bản đi được ký số và phát hành trên môi trường mạng",
    "Hoàn thành 100% nhiệm vụ được giao trong chương trình công tác năm",
    "100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
    "100% cán bộ, công chức được đào tạo về hệ thống quản lý chất lượng",
]
POLICY_LINES: list[str] = [
    "Lãnh đạo {agency} cam kết xây dựng, áp dụng, duy trì và cải tiến thường xuyên Hệ thống quản lý chất lượng "
    "theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015.",
    "Giải quyết công việc của tổ chức, công dân nhanh chóng, chính xác, công khai, minh bạch, đúng pháp luật.",
    "Xây dựng đội ngũ cán bộ, công chức chuyên nghiệp, tận tụy, trách nhiệm và văn minh.",
    "Chính sách chất lượng được phổ biến đến toàn thể cán bộ, công chức và được xem xét định kỳ hằng năm.",
]
MANUAL_CLAUSES: list[tuple[str, str]] = [
    (
        "Bối cảnh của tổ chức",
        "{agency} xác định các vấn đề bên trong và bên ngoài có liên quan đến mục đích, "
        "định hướng chiến lược và ảnh hưởng đến khả năng đạt được kết quả dự kiến của hệ thống quản lý chất lượng.",
    ),
    (
        "Sự lãnh đạo",
        "Người đứng đầu {agency} chứng tỏ sự lãnh đạo và cam kết đối với hệ thống quản lý chất "
        "lượng, thiết lập chính sách chất lượng và phân công trách nhiệm, quyền hạn.",
    ),
    (
        "Hoạch định",
        "Xác định rủi ro và cơ hội cần giải quyết; thiết lập mục tiêu chất lượng tại các cấp và "
        "hoạch định việc thay đổi.",
    ),
    ("Hỗ trợ", "Cung cấp nguồn lực, năng lực, nhận thức, trao đổi thông tin và kiểm soát thông tin dạng văn bản."),
    (
        "Thực hiện",
        "Hoạch định và kiểm soát việc thực hiện; xác định yêu cầu đối với dịch vụ hành chính công; "
        "kiểm soát đầu ra không phù hợp.",
    ),
    ("Đánh giá kết quả hoạt động", "Theo dõi, đo lường, phân tích và đánh giá; đánh giá nội bộ; xem xét của lãnh đạo."),
    ("Cải tiến", "Xác định và lựa chọn cơ hội cải tiến; xử lý sự không phù hợp và thực hiện hành động khắc phục."),
]
FORM_FIELDS: list[str] = [
    "Họ và tên: ........................................",
    "Địa chỉ: ..........................................",
    "Số điện thoại: ...................... Thư điện tử: ....................",
    "Số định danh cá nhân: ................................",
    "Nội dung yêu cầu giải quyết: ........................................",
    "Thành phần hồ sơ gồm: ........................................",
    "Số lượng hồ sơ: ...... bộ",
    "Thời gian giải quyết hồ sơ theo quy định là: ...... ngày",
    "Ngày hẹn trả kết quả: ..... giờ ..... phút, ngày ..... tháng ..... năm .....",
    "Lý do: ........................................",
    "Ý kiến của người thụ lý: ........................................",
    "Ý kiến của lãnh đạo: ........................................",
]
