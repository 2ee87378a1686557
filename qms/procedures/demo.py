"""Demonstration data: the holiday calendar and Quảng Ninh's TTHC catalogue (province code 22),
imported through the services as the publishing decisions of the province would bring them.

The procedures are the real rows of ``/work/shared/data/tthc-catalogue-sample.csv`` (codes,
names, fields, time limits, fees and legal bases as published by several provinces in late
2025), plus a few procedures matching the demo processes of Sở Tư pháp, UBND phường Hạ Long and
Sở KH&CN (``DEMO_PROCESS_PROCEDURES``, which the process demo links). Decision numbers of Quảng
Ninh are illustrative. Four decisions: the whole list after the July 2025 reorganisation, the
science and technology list (November), amendments and abolitions entered late on purpose (the
5-working-day rule), and a late-December decision giving Sở Tư pháp the lawyers' procedures, which
it has not yet covered by a process in force (its QT 05/BTTP takes effect next week).
Procedures are assigned to the demo agencies by field; commune-level ones to the demo communes.
Idempotent: does nothing once the province has a catalogue.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from qms.core.display import format_date
from qms.organisations.models import Organisation

from .importing import code_error, normalise_code
from .models import AdministrativeProcedure
from .services import catalogue_import
from .services_calendar import calendar_import

PROVINCE = "22"
SAMPLE_PATHS = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tthc-catalogue-sample.csv",
    Path("/work/shared/data/tthc-catalogue-sample.csv"),
)
COMMUNES = ("06688", "06994")  # UBND phường Hạ Long, and the commune-level seat of former Vân Đồn

# Field (as published, folded to upper case) → the Quảng Ninh department with authority after the
# 2025 reorganisation (labour and youth to Home Affairs, planning and investment into Finance,
# press to Culture, natural resources into Agriculture and Environment).
FIELD_AGENCIES: dict[str, str] = {
    "CHỨNG THỰC": "22.STP",
    "GIÁM ĐỊNH TƯ PHÁP": "22.STP",
    "GIÁM ĐỊNH": "22.SYT",
    "HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ": "22.SKHCN",
    "TÀI NGUYÊN NƯỚC": "22.SNNMT",
    "ĐỊA CHẤT VÀ KHOÁNG SẢN": "22.SNNMT",
    "ĐỊACHẤT VÀ KHOÁNG SẢN": "22.SNNMT",
    "QUẢN LÝ ĐÊ ĐIỀU VÀ PHÒNG, CHỐNG THIÊN TAI": "22.SNNMT",
    "NGƯỜI CÓ CÔNG": "22.SNV",
    "VIỆC LÀM": "22.SNV",
    "LAO ĐỘNG - TIỀN LƯƠNG-BHXH": "22.SNV",
    "CÔNG TÁC THANH NIÊN": "22.SNV",
    "THI ĐUA KHEN THƯỞNG": "22.SNV",
    "LƯU TRỮ": "22.SNV",
    "CHÍNH SÁCH": "22.SNV",
    "THÀNH LẬP VÀ HOẠT ĐỘNG, HỖ TRỢ CỦA TỔ HỢP TÁC, HỢP TÁC XÃ, LIÊN HIỆP HỢP TÁC XÃ": "22.STC",
    "THÀNH LẬP VÀ HOẠT ĐỘNG CỦA HỘ KINH DOANH": "22.STC",
    "ĐẦU TƯ TẠI VIỆT NAM": "22.STC",
    "ĐẦU TƯ THEO PHƯƠNG THỨC ĐỐI TÁC CÔNG TƯ": "22.STC",
    "ĐẤU THẦU": "22.STC",
    "ĐẤU THẦU LỰA CHỌN NHÀ ĐẦU TƯ": "22.STC",
    "QUẢN LÝ CÔNG SẢN": "22.STC",
    "QUẢN LÝ CÔNG SẢN, TÀI CHÍNH ĐẤT ĐAI": "22.STC",
    "QUẢN LÝ GIÁ": "22.STC",
    "PHÍ, LỆ PHÍ": "22.STC",
    "BÁO CHÍ, XUẤT BẢN": "22.SVHTTDL",
    "PHÁT THANH, TRUYỀN HÌNH VÀ THÔNG TIN ĐIỆN TỬ": "22.SVHTTDL",
    "DI SẢN VĂN HÓA": "22.SVHTTDL",
    "NGHỆ THUẬT BIỂU DIỄN": "22.SVHTTDL",
    "ĐIỆN LỰC": "22.SCT",
    "XUẤT NHẬP KHẨU": "22.SCT",
    "THIẾT BỊ Y TẾ": "22.SYT",
    "TIN HỌC - VĂN PHÒNG": "22.VPUB",
}

# Procedures of the demo processes (codes of the national database where the sample has them;
# the others are illustrative). The process demo links each process to these codes.
EXTRA_PROCEDURES: list[dict[str, str]] = [
    {
        "Mã TTHC": "2.001417",
        "Tên thủ tục hành chính": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "Lĩnh vực": "Lý lịch tư pháp",
        "Cấp thực hiện": "Cấp tỉnh",
        "Thời hạn giải quyết": "Không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường hợp phải xác minh về điều kiện đương nhiên được xóa án tích thì không quá 15 ngày làm việc",
        "Phí, lệ phí": "200.000 đồng/lần/người; sinh viên, người có công với cách mạng: 100.000 đồng/lần/người",
        "Căn cứ pháp lý": "Luật Lý lịch tư pháp số 28/2009/QH12; Nghị định số 111/2010/NĐ-CP; Thông tư số 244/2016/TT-BTC",
        "Cơ quan thực hiện": "22.STP",
    },
    {
        "Mã TTHC": "2.001418",
        "Tên thủ tục hành chính": "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng, cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội",
        "Lĩnh vực": "Lý lịch tư pháp",
        "Cấp thực hiện": "Cấp tỉnh",
        "Thời hạn giải quyết": "Không quá 10 ngày làm việc kể từ ngày nhận được văn bản yêu cầu",
        "Phí, lệ phí": "Không",
        "Căn cứ pháp lý": "Luật Lý lịch tư pháp số 28/2009/QH12; Nghị định số 111/2010/NĐ-CP",
        "Cơ quan thực hiện": "22.STP",
    },
    {
        "Mã TTHC": "1.004884",
        "Tên thủ tục hành chính": "Cấp bản sao Trích lục hộ tịch",
        "Lĩnh vực": "Hộ tịch",
        "Cấp thực hiện": "Cấp tỉnh",
        "Thời hạn giải quyết": "Ngay trong ngày tiếp nhận yêu cầu; trường hợp nhận yêu cầu sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo",
        "Phí, lệ phí": "8.000 đồng/bản sao Trích lục/sự kiện hộ tịch đã đăng ký",
        "Căn cứ pháp lý": "Luật Hộ tịch số 60/2014/QH13; Nghị định số 123/2015/NĐ-CP; Thông tư số 281/2016/TT-BTC",
        "Cơ quan thực hiện": "22.STP",
    },
    {
        "Mã TTHC": "1.001756",
        "Tên thủ tục hành chính": "Đăng ký hoạt động Văn phòng công chứng",
        "Lĩnh vực": "Công chứng",
        "Cấp thực hiện": "Cấp tỉnh",
        "Thời hạn giải quyết": "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "Phí, lệ phí": "1.000.000 đồng/hồ sơ",
        "Căn cứ pháp lý": "Luật Công chứng số 46/2024/QH15; Thông tư số 257/2016/TT-BTC",
        "Cơ quan thực hiện": "22.STP",
    },
    {
        "Mã TTHC": "1.002079",
        "Tên thủ tục hành chính": "Đăng ký hoạt động của tổ chức hành nghề luật sư",
        "Lĩnh vực": "Luật sư",
        "Cấp thực hiện": "Cấp tỉnh",
        "Thời hạn giải quyết": "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "Phí, lệ phí": "Theo quy định của Bộ Tài chính",
        "Căn cứ pháp lý": "Luật Luật sư số 65/2006/QH11, sửa đổi, bổ sung năm 2012; Nghị định số 123/2013/NĐ-CP",
        "Cơ quan thực hiện": "22.STP",
    },
    {
        "Mã TTHC": "1.002055",
        "Tên thủ tục hành chính": "Thay đổi nội dung đăng ký hoạt động của tổ chức hành nghề luật sư",
        "Lĩnh vực": "Luật sư",
        "Cấp thực hiện": "Cấp tỉnh",
        "Thời hạn giải quyết": "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "Phí, lệ phí": "Theo quy định của Bộ Tài chính",
        "Căn cứ pháp lý": "Luật Luật sư số 65/2006/QH11, sửa đổi, bổ sung năm 2012",
        "Cơ quan thực hiện": "22.STP",
    },
    {
        "Mã TTHC": "1.001193",
        "Tên thủ tục hành chính": "Đăng ký khai sinh",
        "Lĩnh vực": "Hộ tịch",
        "Cấp thực hiện": "Cấp xã",
        "Thời hạn giải quyết": "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo",
        "Phí, lệ phí": "Miễn lệ phí đăng ký khai sinh đúng hạn",
        "Căn cứ pháp lý": "Luật Hộ tịch số 60/2014/QH13; Nghị định số 123/2015/NĐ-CP",
        "Cơ quan thực hiện": "06688; 06994",
    },
    {
        "Mã TTHC": "1.000894",
        "Tên thủ tục hành chính": "Đăng ký kết hôn",
        "Lĩnh vực": "Hộ tịch",
        "Cấp thực hiện": "Cấp xã",
        "Thời hạn giải quyết": "Ngay sau khi nhận đủ giấy tờ theo quy định; trường hợp cần xác minh điều kiện kết hôn thì không quá 05 ngày làm việc",
        "Phí, lệ phí": "Miễn lệ phí",
        "Căn cứ pháp lý": "Luật Hộ tịch số 60/2014/QH13; Luật Hôn nhân và gia đình số 52/2014/QH13",
        "Cơ quan thực hiện": "06688; 06994",
    },
    {
        "Mã TTHC": "1.004564",
        "Tên thủ tục hành chính": "Cấp Giấy chứng nhận đăng ký hoạt động lần đầu cho tổ chức khoa học và công nghệ",
        "Lĩnh vực": "Hoạt động khoa học và công nghệ",
        "Cấp thực hiện": "Cấp tỉnh",
        "Thời hạn giải quyết": "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "Phí, lệ phí": "Không",
        "Căn cứ pháp lý": "Nghị định số 08/2014/NĐ-CP; Thông tư số 03/2014/TT-BKHCN",
        "Cơ quan thực hiện": "22.SKHCN",
    },
]

# The lawyers' procedures: published for Sở Tư pháp by the late-December decision only.
LAWYERS = ["1.002079", "1.002055"]

# Which procedures each demo process covers (agency → process code → procedure codes). Grouped
# processes of every demo agency (``demo_grouped``) cover the rest of their catalogue.
DEMO_PROCESS_PROCEDURES: dict[str, dict[str, list[str]]] = {
    "22.STP": {
        "QT 01/HCTP": ["2.001417", "2.001418"],
        "QT 02/HCTP": ["1.004884", "2.000908"],
        "QT 03/BTTP": ["1.001756"],
        "QT 04/BTTP": ["1.001122.000"],
        "QT 05/BTTP": LAWYERS,
    },
    "06688": {"QT 01/TP": ["1.001193"], "QT 02/TP": ["2.000815"], "QT 03/TP": ["1.000894"]},
    "22.SKHCN": {"QT 01/SKHCN": ["1.004564"], "QT 02/SKHCN": ["1.014445", "1.014446"]},
}

DECISIONS = [
    # number, signed on, entered on, title
    (
        "2150/QĐ-UBND",
        dt.date(2025, 7, 15),
        dt.date(2025, 7, 18),
        "Về việc công bố Danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của các cơ quan chuyên môn "
        "thuộc UBND tỉnh và UBND cấp xã sau sắp xếp đơn vị hành chính",
    ),
    (
        "3312/QĐ-UBND",
        dt.date(2025, 11, 20),
        dt.date(2025, 11, 25),
        "Về việc công bố Danh mục thủ tục hành chính mới ban hành, được sửa đổi, bổ sung lĩnh vực khoa học và công nghệ",
    ),
    (
        "3520/QĐ-UBND",
        dt.date(2025, 12, 2),
        dt.date(2025, 12, 12),  # due 09/12/2025: entered late on purpose
        "Về việc công bố Danh mục thủ tục hành chính được sửa đổi, bổ sung, bãi bỏ thuộc thẩm quyền giải quyết "
        "của Sở Tư pháp và UBND cấp xã",
    ),
    (
        "3796/QĐ-UBND",
        dt.date(2025, 12, 26),
        dt.date(2025, 12, 30),
        "Về việc công bố Danh mục thủ tục hành chính được chuẩn hóa trong lĩnh vực luật sư thuộc phạm vi "
        "chức năng quản lý của Sở Tư pháp",
    ),
]


def _sample_rows() -> list[dict[str, str]]:
    path = next((p for p in SAMPLE_PATHS if p.exists()), None)
    if path is None:
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _agencies_for(row: dict[str, str]) -> str:
    level = row.get("level", "")
    field = " ".join(row.get("field", "").split()).upper()
    if level.strip().lower() in ("xã", "cấp xã"):
        return "; ".join(COMMUNES)
    return FIELD_AGENCIES.get(field, "")


def catalogue_rows() -> list[dict[str, str]]:
    """The demo catalogue: unique valid codes of the sample (one row per national code, the first
    published version), then the demo processes' procedures, with Vietnamese headers."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for raw in _sample_rows():
        code = normalise_code(raw.get("code", ""))
        if code_error(code) or code[:8] in seen or not raw.get("level", "").strip():
            continue
        seen.add(code[:8])
        rows.append(
            {
                "Mã TTHC": code,
                "Tên thủ tục hành chính": raw["name"],
                "Lĩnh vực": raw["field"].strip() or "Khác",
                "Cấp thực hiện": raw["level"],
                "Thời hạn giải quyết": raw["time_limit"],
                "Phí, lệ phí": raw["fee"],
                "Căn cứ pháp lý": raw["legal_bases"],
                "Cơ quan thực hiện": _agencies_for(raw),
            }
        )
    for extra in EXTRA_PROCEDURES:
        if extra["Mã TTHC"][:8] not in seen:
            seen.add(extra["Mã TTHC"][:8])
            rows.append(dict(extra))
    return rows


def _with_decision(rows: list[dict[str, Any]], decision: tuple[str, dt.date, dt.date, str]) -> list[dict[str, Any]]:
    number, signed_on, _entered, _title = decision
    cell = f"Quyết định {number} ngày {format_date(signed_on)}"
    return [{**row, "Quyết định công bố": cell} for row in rows]


@transaction.atomic
def load_demo_procedures() -> dict[str, int]:
    """Load the shipped holiday calendar and, once, Quảng Ninh's catalogue in four decisions."""
    calendar_import(actor=None)
    province = Organisation.objects.filter(code=PROVINCE).first()
    if province is None or AdministrativeProcedure.objects.filter(catalogue=province).exists():
        return {"procedures": 0, "obligations": 0}
    rows = catalogue_rows()
    # Decision 2 brings the science and technology list; decision 3 amends and abolishes.
    later = {r["Mã TTHC"] for r in rows if r["Lĩnh vực"].upper() == "HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ"}
    later -= {"1.004564", "1.014445"}  # the processes of Sở KH&CN cover these from the start
    lawyers = [{**r, "Loại thay đổi": "Công bố mới"} for r in rows if r["Mã TTHC"] in LAWYERS]
    first = [r for r in rows if r["Mã TTHC"] not in later and r["Mã TTHC"] not in LAWYERS]
    second = [r for r in rows if r["Mã TTHC"] in later]
    opened = 0
    for batch, decision in ((first, DECISIONS[0]), (second, DECISIONS[1])):
        result = catalogue_import(
            actor=None,
            catalogue=province,
            rows=_with_decision(batch, decision),
            decision_title=decision[3],
            today=decision[2],
        )
        opened += result.obligations_opened
    amendments = [
        {
            "Mã TTHC": "1.001122.000",
            "Cấp thực hiện": "Cấp tỉnh",
            "Thời hạn giải quyết": "Trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
            "Loại thay đổi": "Sửa đổi, bổ sung",
        },
        {"Mã TTHC": "2.001418", "Loại thay đổi": "Bãi bỏ"},
        {
            "Mã TTHC": "1.014999",
            "Tên thủ tục hành chính": "Chứng thực bản sao điện tử từ bản chính",
            "Lĩnh vực": "Chứng thực",
            "Cấp thực hiện": "Cấp xã",
            "Thời hạn giải quyết": "Trong ngày làm việc",
            "Phí, lệ phí": "Theo Nghị quyết của HĐND tỉnh",
            "Căn cứ pháp lý": "Nghị định số 23/2015/NĐ-CP; Nghị định số 280/2025/NĐ-CP",
            "Cơ quan thực hiện": "; ".join(COMMUNES),
            "Loại thay đổi": "Công bố mới",
        },
    ]
    result = catalogue_import(
        actor=None,
        catalogue=province,
        rows=_with_decision(amendments, DECISIONS[2]),
        decision_title=DECISIONS[2][3],
        today=DECISIONS[2][2],
    )
    opened += result.obligations_opened
    result = catalogue_import(
        actor=None,
        catalogue=province,
        rows=_with_decision(lawyers, DECISIONS[3]),
        decision_title=DECISIONS[3][3],
        today=DECISIONS[3][2],
    )
    opened += result.obligations_opened
    return {"procedures": AdministrativeProcedure.objects.filter(catalogue=province).count(), "obligations": opened}
