"""Demonstration QMS documents for Quảng Ninh, created through the document services as the demo
people would: the ISO secretary drafts, cites the legal bases and submits, the head of the agency
reviews and issues (on past dates, registered with ``today=`` so the approval carries his name).

Runs after ``qms.people.demo.load_demo()`` and, ideally, ``qms.legal.demo.load_legal_register()``:
legal bases are linked only to texts present in the register (missing ones are skipped and
counted). Sở Tư pháp gets a full system in every lifecycle state (manual in its 2nd revision,
policy, objectives 2026, processes in the standard layout, forms, guidance, an external standard,
a revision in review, one approved for next week, a draft, a withdrawn process, change requests,
unread copies); UBND phường Hạ Long and Sở KH&CN get smaller ones. Deterministic and idempotent
(nothing happens once Sở Tư pháp has documents). People and internal decision numbers are
illustrative.

The texts are written as compact specs (``key: value`` lines, ``a | b | c`` columns) rendered
into the standard layout by the builders below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.core.display import format_date
from qms.legal.models import LegalCitation, LegalText, LegalTextKind
from qms.organisations.models import Organisation
from qms.people.models import User

from . import services, services_change_requests, services_distribution, services_records
from .demo_history import backdate_revision
from .models import ChangeRequest, Distribution, Document, DocumentKind, DocumentRevision, RevisionStatus

STP, HALONG, SKHCN = "22.STP", "06688", "22.SKHCN"
ISO = "TCVN ISO 9001:2015"
Spec = dict[str, list[str]]


# --- specs ---------------------------------------------------------------------------------------


def _spec(text: str, patch: str = "") -> Spec:
    """``key: value`` lines into lists per key; a key in ``patch`` replaces the base list (``key+`` appends)."""
    spec: Spec = {}
    for block, replacing in ((text, False), (patch, True)):
        fresh: set[str] = set()
        for line in block.strip().splitlines():
            key, _sep, value = line.strip().partition(":")
            if not key:
                continue
            if key.endswith("+"):
                key = key[:-1]
            elif replacing and key not in fresh:
                fresh.add(key)
                spec[key] = []
            spec.setdefault(key, []).append(value.strip())
    return spec


def _cols(value: str) -> list[str]:
    return [c.strip() for c in value.split("|")]


# --- text builders -------------------------------------------------------------------------------


def _process_text(header: str, spec: Spec, refs: list[str], defs: list[str], steps: list[list[str]]) -> str:
    """A process in the standard layout of the framework model (sections 1 to 7)."""
    code, name = spec["code"][0], spec["name"][0]
    out = [f"{header} — {name.upper()} — Mã hiệu: {code}", "", "1. MỤC ĐÍCH", *spec["purpose"], ""]
    out += ["2. PHẠM VI", *spec["scope"], "", "3. TÀI LIỆU VIỆN DẪN", *[f"- {r}." for r in refs], ""]
    out += ["4. ĐỊNH NGHĨA, VIẾT TẮT", *[f"- {d}." for d in defs], "", "5. NỘI DUNG QUY TRÌNH"]
    if "dossier" in spec:
        out += ["5.1. Cơ sở pháp lý", *[f"- {r}." for r in refs if not r.startswith("TCVN")]]
        out += ["5.2. Thành phần hồ sơ", *[f"- {d}." for d in spec["dossier"]]]
        out += ["5.3. Số lượng hồ sơ", *spec.get("copies", ["01 (một) bộ."]), "5.4. Thời gian xử lý", *spec["days"]]
        out += ["5.5. Nơi tiếp nhận và trả kết quả", *spec["place"], "5.6. Lệ phí", *spec["fee"]]
        out += ["5.7. Quy trình xử lý công việc", ""]
    else:
        out += ["5.1. Yêu cầu chung", *[f"- {g}." for g in spec.get("general", [])], "5.2. Trình tự thực hiện", ""]
    for n, (step, who, time, what, result) in enumerate(steps, start=1):
        out += [f"Bước {n}. {step}", f"- Trách nhiệm: {who}", f"- Thời gian: {time}", f"- Nội dung: {what}"]
        out += [f"- Biểu mẫu/Kết quả: {result}", ""]
    forms = [f for line in spec["form"] for f in _cols(line)]
    out += ["6. BIỂU MẪU", *[f"{n}. {f}" for n, f in enumerate(forms, start=1)], ""]
    out += ["7. HỒ SƠ CẦN LƯU", "TT | Hồ sơ | Trách nhiệm lưu | Thời gian lưu"]
    out += [f"{n} | {r}" for n, r in enumerate(spec["record"], start=1)]
    out.append("Hết thời hạn lưu, hồ sơ được chuyển Lưu trữ cơ quan hoặc tiêu huỷ theo quy định về lưu trữ.")
    return "\n".join(out)


def _form_text(header: str, code: str, form: Spec) -> str:
    out = [header, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc", f"Mã hiệu: {code}", ""]
    out += [
        form["title"][0].upper(),
        "",
        *[f"{f}: ............................................" for f in _cols(form["fields"][0])],
    ]
    if "table" in form:
        out += ["", f"Bảng: {form['table'][0]}", "1 | ... | ... | ...", "2 | ... | ... | ..."]
    sign = form.get("sign", ["NGƯỜI NỘP HỒ SƠ (Ký, ghi rõ họ tên) — NGƯỜI TIẾP NHẬN HỒ SƠ (Ký, ghi rõ họ tên)"])
    return "\n".join([*out, "", *sign])


def _policy_text(header: str, spec: Spec) -> str:
    out = [f"{header} — CHÍNH SÁCH CHẤT LƯỢNG", "", f"{spec['agency'][0]} cam kết thực hiện chính sách chất lượng:"]
    out += ["", f"“{spec['slogan'][0]}”", "", *spec["meaning"], "", "Để thực hiện chính sách này, Lãnh đạo cam kết:"]
    out += [f"{n}. {c}." for n, c in enumerate(spec["commit"], start=1)]
    out += ["", TEXTS["policy_footer"][0]]
    return "\n".join(out)


def _objectives_text(header: str, agency: str, rows: str, year: int = 2026) -> str:
    out = [f"{header} — MỤC TIÊU CHẤT LƯỢNG NĂM {year}", ""]
    intro = f"Căn cứ Chính sách chất lượng và kết quả thực hiện mục tiêu năm {year - 1}, {agency} xác định"
    out += [f"{intro} các mục tiêu chất lượng năm {year} và kế hoạch thực hiện như sau:", ""]
    out += ["TT | Mục tiêu (đo lường được) | Hành động thực hiện | Trách nhiệm | Thời hạn"]
    out += [f"{n} | {r.strip()}" for n, r in enumerate(rows.strip().splitlines(), start=1)]
    out += ["", TEXTS["objectives_footer"][0]]
    return "\n".join(out)


def _manual_text(header: str, revision: int) -> str:
    """The manual; lines marked ``[2]`` appear from revision 2 on."""
    out = [f"{header} — SỔ TAY CHẤT LƯỢNG — Mã hiệu: STCL", ""]
    for line in MANUAL.strip().splitlines():
        line = line.strip()
        if line.startswith("[2] "):
            if revision < 2:
                continue
            line = line[4:]
        out.append(line)
    return "\n".join(out)


MANUAL = """
1. GIỚI THIỆU CHUNG
Sở Tư pháp là cơ quan chuyên môn thuộc UBND tỉnh Quảng Ninh, tham mưu, giúp UBND tỉnh quản lý nhà nước về xây dựng và thi hành pháp luật, kiểm tra văn bản quy phạm pháp luật, lý lịch tư pháp, hộ tịch, chứng thực, bổ trợ tư pháp, trợ giúp pháp lý và các công tác tư pháp khác trên địa bàn tỉnh.

2. PHẠM VI ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG
Hệ thống quản lý chất lượng (HTQLCL) của Sở được xây dựng, áp dụng theo TCVN ISO 9001:2015, Quyết định số 19/2014/QĐ-TTg, Thông tư số 26/2014/TT-BKHCN và Mô hình khung tại Quyết định số 101/QĐ-BKHCN, cho toàn bộ thủ tục hành chính (TTHC) thuộc thẩm quyền giải quyết của Sở theo Danh mục do Chủ tịch UBND tỉnh công bố và các hoạt động nội bộ liên quan (kiểm soát tài liệu, hồ sơ, đánh giá nội bộ, khắc phục).
Ngoại lệ: điều khoản 8.3 (Thiết kế và phát triển sản phẩm, dịch vụ) không áp dụng vì trình tự, thành phần hồ sơ, thời hạn và kết quả giải quyết TTHC do văn bản quy phạm pháp luật quy định, Sở không tự thiết kế, phát triển sản phẩm, dịch vụ. Ngoại lệ này không ảnh hưởng đến khả năng và trách nhiệm bảo đảm kết quả giải quyết TTHC phù hợp yêu cầu.

3. BỐI CẢNH CỦA SỞ VÀ CÁC BÊN QUAN TÂM (điều khoản 4.1, 4.2)
- Bên ngoài: pháp luật về tư pháp, hộ tịch, công chứng, chứng thực thay đổi thường xuyên; yêu cầu chuyển đổi số, dịch vụ công trực tuyến toàn trình; kỳ vọng ngày càng cao của người dân, doanh nghiệp.
[2] - Từ ngày 01/7/2025 tỉnh thực hiện chính quyền địa phương hai cấp: không còn cấp huyện, nhiệm vụ hướng dẫn, kiểm tra hộ tịch, chứng thực thực hiện trực tiếp với 54 xã, phường, đặc khu.
- Bên trong: biên chế hạn chế, số hồ sơ lý lịch tư pháp lớn; hạ tầng công nghệ thông tin và phần mềm ISO điện tử đã được đầu tư; đội ngũ chuyên gia đánh giá nội bộ đã được đào tạo.
- Các bên quan tâm: người dân, tổ chức yêu cầu giải quyết TTHC (kết quả đúng pháp luật, đúng hẹn); UBND tỉnh, Bộ Tư pháp (tuân thủ, báo cáo); Sở Khoa học và Công nghệ (đơn vị chủ trì ISO của tỉnh); công chức, viên chức của Sở.

4. CƠ CẤU TỔ CHỨC
Giám đốc Sở — các Phó Giám đốc Sở — Văn phòng Sở; Phòng Hành chính tư pháp; Phòng Bổ trợ tư pháp; Phòng Xây dựng và kiểm tra văn bản.
Đơn vị sự nghiệp trực thuộc: Trung tâm Trợ giúp pháp lý nhà nước; Phòng Công chứng số 1; Trung tâm Dịch vụ đấu giá tài sản.
[2] Công chức của Sở làm việc tại Trung tâm Phục vụ hành chính công tỉnh tiếp nhận, trả kết quả toàn bộ TTHC; Phòng Hành chính tư pháp hướng dẫn nghiệp vụ hộ tịch, chứng thực cho UBND cấp xã.

5. TRÁCH NHIỆM VÀ QUYỀN HẠN (điều khoản 5.1, 5.3)
- Giám đốc Sở: chịu trách nhiệm cao nhất về hiệu lực của HTQLCL; ban hành chính sách, mục tiêu, tài liệu; chủ trì xem xét của lãnh đạo; xác nhận hiệu lực của hệ thống.
- Ban chỉ đạo ISO (Quyết định số 45/QĐ-STP ngày 15/3/2024): Trưởng ban là Giám đốc Sở, Phó Trưởng ban là Phó Giám đốc Sở, thành viên là trưởng các phòng; chỉ đạo xây dựng, áp dụng, duy trì, cải tiến HTQLCL; phê duyệt chương trình đánh giá nội bộ.
- Thư ký ISO (Chánh Văn phòng Sở): đầu mối kiểm soát tài liệu, hồ sơ; theo dõi mục tiêu chất lượng; tổng hợp sự không phù hợp; chuẩn bị họp xem xét của lãnh đạo; liên hệ với Sở Khoa học và Công nghệ.
- Trưởng các phòng: áp dụng quy trình trong đơn vị; đề xuất sửa đổi tài liệu khi văn bản pháp luật thay đổi (cập nhật trong 03 tháng); thực hiện hành động khắc phục.

6. HỆ THỐNG TÀI LIỆU
Sổ tay chất lượng; Chính sách chất lượng; Mục tiêu chất lượng hằng năm; quy trình nội bộ (QT-KSTL, QT-KSHS, QT-ĐGNB, QT-KPPH); quy trình giải quyết TTHC (QT xx/HCTP, QT xx/BTTP); biểu mẫu dùng chung theo Nghị định số 61/2018/NĐ-CP; hướng dẫn; tài liệu bên ngoài. Toàn bộ tài liệu được quản lý, phân phối và xác nhận đã đọc trên phần mềm ISO điện tử.

7. VIỆN DẪN ĐIỀU KHOẢN
Điều khoản 4 - 6: Sổ tay, Chính sách, Mục tiêu chất lượng; 7.5: QT-KSTL, QT-KSHS; 8: quy trình giải quyết TTHC; 9.1.2: HD 02/VP; 9.2: QT-ĐGNB; 9.3: báo cáo xem xét của lãnh đạo; 10.2: QT-KPPH.
"""

FORMS = """
title: Phiếu tiếp nhận và hẹn trả kết quả
fields: Mã hồ sơ | Tiếp nhận hồ sơ của (ông/bà, tổ chức) | Địa chỉ; số điện thoại, thư điện tử | Nội dung yêu cầu giải quyết (tên thủ tục hành chính) | Số lượng hồ sơ (bộ) | Thời gian giải quyết theo quy định (ngày làm việc) | Thời gian nhận hồ sơ (giờ, phút, ngày, tháng, năm) | Thời gian trả kết quả (giờ, phút, ngày, tháng, năm) | Đăng ký nhận kết quả tại | Vào Sổ theo dõi hồ sơ: quyển số, số thứ tự
table: TT | Tên giấy tờ | Hình thức (bản chính, bản sao, bản chụp) | Số lượng
===
title: Phiếu kiểm soát quá trình giải quyết hồ sơ
fields: Mã hồ sơ (kèm theo Phiếu tiếp nhận và hẹn trả kết quả) | Cơ quan (bộ phận) giải quyết hồ sơ | Cơ quan phối hợp giải quyết hồ sơ
table: Tên cơ quan giao, nhận | Thời gian giao, nhận hồ sơ | Kết quả (trước hạn, đúng hạn, quá hạn) | Ghi chú
sign: NGƯỜI GIAO (Ký, ghi rõ họ tên) — NGƯỜI NHẬN (Ký, ghi rõ họ tên)
===
title: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
fields: Hồ sơ của (ông/bà, tổ chức) | Nội dung yêu cầu giải quyết | Yêu cầu hoàn thiện hồ sơ gồm những nội dung | Lý do | Người hướng dẫn, số điện thoại liên hệ khi có vướng mắc
sign: NGƯỜI HƯỚNG DẪN (Ký, ghi rõ họ tên)
===
title: Phiếu từ chối tiếp nhận giải quyết hồ sơ
fields: Hồ sơ của (ông/bà, tổ chức) | Nội dung yêu cầu giải quyết | Lý do từ chối tiếp nhận (nêu rõ căn cứ)
sign: Xin trân trọng thông báo! — NGƯỜI TIẾP NHẬN HỒ SƠ (Ký, ghi rõ họ tên)
===
title: Phiếu xin lỗi và hẹn lại ngày trả kết quả
fields: Ngày tiếp nhận hồ sơ của (ông/bà, tổ chức) | Nội dung yêu cầu giải quyết | Ngày hẹn trả kết quả ban đầu | Lý do quá hạn | Ngày hẹn trả kết quả mới
sign: Sự chậm trễ này đã gây phiền hà cho ông/bà. Cơ quan chân thành xin lỗi và mong nhận được sự thông cảm. — THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên, đóng dấu)
===
title: Sổ theo dõi hồ sơ
fields: Quyển số | Từ ngày ... đến ngày ...
table: TT | Mã hồ sơ | Tên TTHC | Số lượng hồ sơ (bộ) | Tên cá nhân, tổ chức | Địa chỉ, số điện thoại | Cơ quan chủ trì giải quyết | Nhận hồ sơ | Hẹn trả kết quả | Chuyển hồ sơ | Có kết quả | Trả kết quả | Ký nhận | Ghi chú
sign: NGƯỜI LẬP SỔ (Ký, ghi rõ họ tên)
"""
FORM_SPECS = [_spec(block) for block in FORMS.split("===")]
FORM_LIST = [f"BM.{n:02d}-QT01 {f['title'][0]}" for n, f in enumerate(FORM_SPECS, start=1)]
ONE_STOP = """
base: 61/2018/NĐ-CP | Chương III
base: 107/2021/NĐ-CP |
"""
TTHC_RECORDS = """
record: Phiếu tiếp nhận và hẹn trả kết quả, Phiếu kiểm soát quá trình giải quyết hồ sơ | BPTN&TKQ | 12 tháng
record: Sổ theo dõi hồ sơ (điện tử trên HTTT) | BPTN&TKQ | 05 năm
"""


TEXTS = _spec("""
policy_footer: Chính sách chất lượng được phổ biến tới toàn thể công chức, viên chức, niêm yết tại trụ sở, đăng trên Cổng thông tin điện tử và được xem xét sự phù hợp trong các cuộc họp xem xét của lãnh đạo.
objectives_footer: Theo dõi, báo cáo: các phòng báo cáo kết quả hằng quý (trước ngày 20 của tháng cuối quý) qua Thư ký ISO; kết quả là đầu vào của cuộc họp xem xét của lãnh đạo. Số liệu hồ sơ lấy từ Hệ thống thông tin giải quyết TTHC tỉnh; tỷ lệ đúng hạn tính trên số hồ sơ đã giải quyết.
receive: Tiếp nhận, kiểm tra hồ sơ | {desk} | {time} | Kiểm tra tính đầy đủ, hợp lệ; hồ sơ đủ thì lập Phiếu tiếp nhận và hẹn trả kết quả, cập nhật vào HTTT; chưa đủ thì hướng dẫn bổ sung; không thuộc thẩm quyền thì từ chối tiếp nhận | BM.01-QT01, BM.03-QT01, BM.04-QT01, BM.06-QT01
return: Trả kết quả | {} | Theo ngày hẹn trên Phiếu tiếp nhận và hẹn trả kết quả | Thu phí, lệ phí (nếu có); trả kết quả trực tiếp, qua bưu chính công ích hoặc trực tuyến; cập nhật HTTT. Hồ sơ quá hạn: gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả | Kết quả giải quyết TTHC; BM.05-QT01; BM.06-QT01
manual_changes: Cập nhật bối cảnh của Sở sau khi thực hiện chính quyền địa phương hai cấp từ ngày 01/7/2025 (mục 3); bổ sung tổ chức tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh (mục 4).
qt02_changes: Cập nhật căn cứ theo Nghị định số 280/2025/NĐ-CP và Quyết định số 3152/QĐ-BTP (mục 3, 5.1); bổ sung trả bản sao điện tử có chữ ký số cho yêu cầu trực tuyến (mục 5.4).
qt01_changes: Bổ sung tiếp nhận, trả kết quả điện tử qua ứng dụng VNeID (mục 5.2, 5.5, Bước 7); rút thời gian tra cứu, xác minh từ 5 xuống 4 ngày làm việc (Bước 3) để dành thời gian kiểm tra, ký số Phiếu điện tử (Bước 5, Bước 6).
withdraw: Chính quyền cấp huyện chấm dứt hoạt động từ ngày 01/7/2025; thủ tục liên thông với cấp huyện bị bãi bỏ khỏi Danh mục TTHC do Chủ tịch UBND tỉnh công bố. Quy trình không còn áp dụng.
external: Tài liệu bên ngoài: TCVN ISO 9001:2015 (ISO 9001:2015) Hệ thống quản lý chất lượng — Các yêu cầu, do Bộ Khoa học và Công nghệ công bố.
external: Nguồn: Chi cục Tiêu chuẩn Đo lường Chất lượng Quảng Ninh cung cấp.
external: Nơi lưu: bản điện tử trên phần mềm ISO điện tử; bản giấy tại Văn phòng Sở (tủ tài liệu ISO).
external: Kiểm soát: Thư ký ISO kiểm tra hằng năm tình trạng hiệu lực của tiêu chuẩn và các văn bản hướng dẫn (Quyết định số 19/2014/QĐ-TTg, Thông tư số 26/2014/TT-BKHCN, Quyết định số 101/QĐ-BKHCN).
""")


# --- Sở Tư pháp's processes ----------------------------------------------------------------------

QT01 = f"""
code: QT 01/HCTP
name: Quy trình cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam
purpose: Quy định trình tự, trách nhiệm và thời gian cấp Phiếu lý lịch tư pháp số 1, số 2, bảo đảm đúng pháp luật, đúng hạn, công khai, minh bạch.
scope: Áp dụng đối với người yêu cầu cấp Phiếu lý lịch tư pháp; Phòng Hành chính tư pháp, Văn phòng Sở và công chức của Sở làm việc tại Trung tâm Phục vụ hành chính công tỉnh.
ref: Luật Lý lịch tư pháp số 28/2009/QH12 ngày 17/6/2009
ref: Nghị định số 111/2010/NĐ-CP ngày 23/11/2010 của Chính phủ quy định chi tiết một số điều của Luật Lý lịch tư pháp
ref: Thông tư số 244/2016/TT-BTC của Bộ trưởng Bộ Tài chính quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin lý lịch tư pháp
{ONE_STOP}
def: LLTP: Lý lịch tư pháp
dossier: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (theo mẫu do Bộ Tư pháp quy định)
dossier: Bản chụp giấy tờ tùy thân (Căn cước, Hộ chiếu) của người được cấp Phiếu
dossier: Văn bản ủy quyền (nếu ủy quyền làm thủ tục yêu cầu cấp Phiếu số 1)
days: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; trường hợp phải xác minh về điều kiện đương nhiên được xoá án tích: không quá 15 ngày làm việc.
fee: 200.000 đồng/lần/người; sinh viên, người có công với cách mạng: 100.000 đồng/lần/người; miễn phí đối với trẻ em, người cao tuổi, người khuyết tật, người thuộc hộ nghèo.
step: Chuyển hồ sơ | {{desk}} | 0,5 ngày làm việc | Chuyển hồ sơ giấy hoặc hồ sơ điện tử trên HTTT về Phòng Hành chính tư pháp | BM.02-QT01
step: Tra cứu, xác minh thông tin lý lịch tư pháp | CV Phòng Hành chính tư pháp | 5 ngày làm việc | Tra cứu Cơ sở dữ liệu lý lịch tư pháp; gửi văn bản xác minh tới cơ quan Công an, Tòa án khi cần | Kết quả tra cứu; văn bản xác minh (nếu có)
step: Lập Phiếu lý lịch tư pháp | CV Phòng Hành chính tư pháp | 2 ngày làm việc | Tổng hợp kết quả, dự thảo Phiếu lý lịch tư pháp số 1 hoặc số 2 | Dự thảo Phiếu lý lịch tư pháp
step: Kiểm tra, trình ký | Trưởng phòng Hành chính tư pháp | 1 ngày làm việc | Kiểm tra nội dung, ký nháy, trình Lãnh đạo Sở | Phiếu trình
step: Ký Phiếu lý lịch tư pháp | Lãnh đạo Sở | 0,5 ngày làm việc | Xem xét, ký Phiếu lý lịch tư pháp | Phiếu lý lịch tư pháp
step: Vào sổ, đóng dấu | Văn thư Sở | 0,5 ngày làm việc | Vào sổ cấp Phiếu, đóng dấu, chuyển kết quả về BPTN&TKQ | Sổ cấp Phiếu lý lịch tư pháp
form: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu của Bộ Tư pháp)
record: Hồ sơ yêu cầu và bản lưu Phiếu lý lịch tư pháp đã cấp | Phòng Hành chính tư pháp | Vĩnh viễn
"""
QT01_V2 = """
dossier+: Nộp qua ứng dụng VNeID: thông tin điện tử đã được xác thực thay cho bản chụp giấy tờ tùy thân
place: Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh; trực tuyến trên Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID (nhận Phiếu lý lịch tư pháp điện tử).
step: Chuyển hồ sơ | {desk} | 0,5 ngày làm việc | Chuyển hồ sơ giấy hoặc hồ sơ điện tử trên HTTT về Phòng Hành chính tư pháp | BM.02-QT01
step: Tra cứu, xác minh thông tin lý lịch tư pháp | CV Phòng Hành chính tư pháp | 4 ngày làm việc | Tra cứu Cơ sở dữ liệu lý lịch tư pháp; gửi văn bản xác minh điện tử tới cơ quan Công an, Tòa án khi cần | Kết quả tra cứu; văn bản xác minh (nếu có)
step: Lập Phiếu lý lịch tư pháp | CV Phòng Hành chính tư pháp | 2 ngày làm việc | Tổng hợp kết quả, dự thảo Phiếu lý lịch tư pháp số 1 hoặc số 2 | Dự thảo Phiếu lý lịch tư pháp
step: Kiểm tra, trình ký | Trưởng phòng Hành chính tư pháp | 1,5 ngày làm việc | Kiểm tra nội dung, ký nháy, trình Lãnh đạo Sở | Phiếu trình
step: Ký Phiếu lý lịch tư pháp | Lãnh đạo Sở | 1 ngày làm việc | Xem xét, ký Phiếu lý lịch tư pháp (ký số đối với Phiếu điện tử) | Phiếu lý lịch tư pháp
step: Vào sổ, đóng dấu | Văn thư Sở | 0,5 ngày làm việc | Vào sổ cấp Phiếu, đóng dấu; trả Phiếu điện tử qua VNeID hoặc chuyển bản giấy về BPTN&TKQ | Sổ cấp Phiếu lý lịch tư pháp
"""
QT02 = f"""
code: QT 02/HCTP
name: Quy trình cấp bản sao trích lục hộ tịch, bản sao từ sổ gốc
purpose: Quy định trình tự cấp bản sao trích lục hộ tịch, bản sao từ sổ gốc do Sở Tư pháp đang quản lý.
scope: Áp dụng đối với cá nhân, tổ chức có yêu cầu; Phòng Hành chính tư pháp, Văn phòng Sở.
base: 23/2015/NĐ-CP | Điều 16, Điều 17
base: 01/2020/TT-BTP |
{ONE_STOP}
dossier: Văn bản yêu cầu cấp bản sao (theo mẫu)
dossier: Giấy tờ tùy thân của người yêu cầu
dossier: Giấy tờ chứng minh quan hệ với người được cấp bản chính (khi người yêu cầu không phải là người được cấp bản chính)
days: Ngay trong ngày tiếp nhận; trường hợp nhận yêu cầu sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.
fee: Theo Nghị quyết của HĐND tỉnh về phí, lệ phí (niêm yết công khai tại quầy).
receive: 0,5 giờ làm việc
step: Tra cứu sổ gốc, lập bản sao | CV Phòng Hành chính tư pháp | 2 giờ làm việc | Đối chiếu sổ gốc, lập bản sao trích lục hộ tịch hoặc bản sao từ sổ gốc | Dự thảo bản sao
step: Ký, đóng dấu | Lãnh đạo Phòng Hành chính tư pháp | 1 giờ làm việc | Kiểm tra, ký bản sao, vào sổ | Bản sao; Sổ cấp bản sao từ sổ gốc
record: Sổ cấp bản sao từ sổ gốc | Phòng Hành chính tư pháp | Vĩnh viễn
"""
QT02_V2 = f"""
base: 23/2015/NĐ-CP | Điều 16, Điều 17
base: 280/2025/NĐ-CP |
base: 01/2020/TT-BTP |
base: 3152/QĐ-BTP |
{ONE_STOP}
days: Ngay trong ngày tiếp nhận; trường hợp nhận yêu cầu sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo. Yêu cầu nộp trực tuyến: trả bản sao điện tử có chữ ký số.
"""
QT03 = f"""
code: QT 03/BTTP
name: Quy trình đăng ký hoạt động văn phòng công chứng
purpose: Quy định trình tự đăng ký hoạt động văn phòng công chứng sau khi có quyết định cho phép thành lập của UBND tỉnh.
scope: Áp dụng đối với văn phòng công chứng trên địa bàn tỉnh; Phòng Bổ trợ tư pháp, Lãnh đạo Sở.
ref: Luật Công chứng số 46/2024/QH15 và các văn bản hướng dẫn thi hành
base: 257/2016/TT-BTC | Điều 4
base: 03/2024/TT-BTP |
{ONE_STOP}
def: VPCC: Văn phòng công chứng
dossier: Đơn đề nghị đăng ký hoạt động văn phòng công chứng (theo mẫu)
dossier: Giấy tờ chứng minh trụ sở đáp ứng điều kiện theo quy định
dossier: Hồ sơ đăng ký hành nghề của công chứng viên hợp danh, công chứng viên làm việc theo chế độ hợp đồng (nếu có)
days: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.
fee: Phí thẩm định điều kiện hoạt động văn phòng công chứng: 1.000.000 đồng/hồ sơ.
step: Thẩm định hồ sơ | CV Phòng Bổ trợ tư pháp | 6 ngày làm việc | Kiểm tra điều kiện về trụ sở, công chứng viên; kiểm tra thực tế trụ sở khi cần | Dự thảo Giấy đăng ký hoạt động hoặc văn bản từ chối
step: Kiểm tra, trình ký | Trưởng phòng Bổ trợ tư pháp | 1,5 ngày làm việc | Kiểm tra kết quả thẩm định, trình Giám đốc Sở | Phiếu trình
step: Ký Giấy đăng ký hoạt động | Giám đốc Sở | 1 ngày làm việc | Xem xét, ký | Giấy đăng ký hoạt động văn phòng công chứng
step: Vào sổ, đóng dấu | Văn thư Sở | 0,5 ngày làm việc | Vào sổ, đóng dấu, chuyển kết quả về BPTN&TKQ | Kết quả đã đóng dấu
record: Hồ sơ đăng ký hoạt động văn phòng công chứng | Phòng Bổ trợ tư pháp | Vĩnh viễn
"""
QT04 = f"""
code: QT 04/BTTP
name: Quy trình bổ nhiệm, cấp thẻ giám định viên tư pháp
purpose: Quy định trình tự thẩm định hồ sơ, trình Chủ tịch UBND tỉnh bổ nhiệm và cấp thẻ giám định viên tư pháp ở địa phương.
scope: Áp dụng đối với cơ quan chuyên môn đề nghị bổ nhiệm, người được đề nghị bổ nhiệm; Phòng Bổ trợ tư pháp.
ref: Luật Giám định tư pháp số 13/2012/QH13, được sửa đổi, bổ sung năm 2020
base: 85/2013/NĐ-CP |
base: 11/2020/TT-BTP |
{ONE_STOP}
dossier: Văn bản đề nghị bổ nhiệm của cơ quan chuyên môn
dossier: Sơ yếu lý lịch và Phiếu lý lịch tư pháp của người được đề nghị bổ nhiệm
dossier: Bản sao văn bằng đào tạo; giấy xác nhận thời gian hoạt động thực tế chuyên môn
dossier: 02 ảnh màu cỡ 2 x 3 cm
days: 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ (gồm thời gian Chủ tịch UBND tỉnh xem xét, quyết định).
fee: Không.
step: Thẩm định hồ sơ | CV Phòng Bổ trợ tư pháp | 8 ngày làm việc | Thẩm định tiêu chuẩn, điều kiện; lấy ý kiến cơ quan quản lý chuyên ngành khi cần | Báo cáo thẩm định
step: Trình UBND tỉnh | Giám đốc Sở | 2 ngày làm việc | Ký Tờ trình kèm dự thảo Quyết định bổ nhiệm | Tờ trình
step: Quyết định bổ nhiệm, cấp thẻ | Chủ tịch UBND tỉnh; Phòng Bổ trợ tư pháp | 9 ngày làm việc | Chủ tịch UBND tỉnh ký Quyết định bổ nhiệm; Sở cấp thẻ giám định viên tư pháp | Quyết định bổ nhiệm; thẻ giám định viên
record: Hồ sơ bổ nhiệm giám định viên tư pháp | Phòng Bổ trợ tư pháp | Vĩnh viễn
"""
QT05 = f"""
code: QT 05/BTTP
name: Quy trình đăng ký hoạt động của tổ chức hành nghề luật sư
purpose: Quy định trình tự đăng ký hoạt động của văn phòng luật sư, công ty luật đặt trụ sở trên địa bàn tỉnh.
scope: Áp dụng đối với tổ chức hành nghề luật sư; Phòng Bổ trợ tư pháp, Lãnh đạo Sở.
ref: Luật Luật sư và các văn bản hướng dẫn thi hành
base: 03/2024/TT-BTP |
{ONE_STOP}
dossier: Giấy đề nghị đăng ký hoạt động (theo mẫu)
dossier: Dự thảo Điều lệ (đối với công ty luật)
dossier: Bản sao Chứng chỉ hành nghề luật sư, Thẻ luật sư của luật sư thành lập
dossier: Giấy tờ chứng minh trụ sở
days: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.
fee: Theo quy định của Bộ Tài chính (niêm yết công khai tại quầy).
step: Thẩm định hồ sơ | CV Phòng Bổ trợ tư pháp | 6 ngày làm việc | Kiểm tra điều kiện thành lập, hành nghề | Phiếu thẩm định hồ sơ
step: Kiểm tra, trình ký | Trưởng phòng Bổ trợ tư pháp | 1,5 ngày làm việc | Kiểm tra kết quả thẩm định, trình Giám đốc Sở | Phiếu trình
step: Ký Giấy đăng ký hoạt động | Giám đốc Sở | 1 ngày làm việc | Xem xét, ký | Giấy đăng ký hoạt động
step: Vào sổ, đóng dấu | Văn thư Sở | 0,5 ngày làm việc | Vào sổ, đóng dấu, chuyển kết quả về BPTN&TKQ | Kết quả đã đóng dấu
form: Phiếu thẩm định hồ sơ đăng ký hoạt động
record: Hồ sơ đăng ký hoạt động của tổ chức hành nghề luật sư | Phòng Bổ trợ tư pháp | Vĩnh viễn
"""
QT06 = f"""
code: QT 06/HCTP
name: Quy trình phối hợp với UBND cấp huyện giải quyết thủ tục chứng thực liên thông
purpose: Quy định việc phối hợp giữa Sở Tư pháp và Phòng Tư pháp cấp huyện khi giải quyết hồ sơ chứng thực liên thông.
scope: Áp dụng đối với Phòng Hành chính tư pháp và Phòng Tư pháp các huyện, thị xã, thành phố.
base: 23/2015/NĐ-CP |
{ONE_STOP}
general: Hồ sơ liên thông được chuyển trên HTTT, không yêu cầu người dân nộp lại giấy tờ
step: Nhận hồ sơ liên thông | Phòng Tư pháp cấp huyện | 0,5 ngày làm việc | Chuyển hồ sơ điện tử kèm ý kiến về Sở | BM.02-QT01
step: Xử lý, trả kết quả về cấp huyện | CV Phòng Hành chính tư pháp | 2 ngày làm việc | Kiểm tra, xử lý phần việc của Sở, chuyển kết quả | Văn bản trả lời
form: BM.02-QT01 Phiếu kiểm soát quá trình giải quyết hồ sơ
record: Hồ sơ liên thông | Phòng Hành chính tư pháp | 05 năm
"""
QT07 = """
code: QT 07/XDKT
name: Quy trình thẩm định dự thảo văn bản quy phạm pháp luật của UBND tỉnh
purpose: Quy định trình tự thẩm định dự thảo quyết định quy phạm pháp luật của UBND tỉnh.
scope: Áp dụng đối với Phòng Xây dựng và kiểm tra văn bản và cơ quan chủ trì soạn thảo.
ref: Luật Ban hành văn bản quy phạm pháp luật và các văn bản hướng dẫn thi hành (đang rà soát)
general: Thời hạn thẩm định theo Luật Ban hành văn bản quy phạm pháp luật (đang rà soát)
step: Tiếp nhận hồ sơ đề nghị thẩm định | Văn thư Sở | 0,5 ngày làm việc | Kiểm tra thành phần hồ sơ | Sổ theo dõi
step: Nghiên cứu, dự thảo báo cáo thẩm định | CV Phòng Xây dựng và kiểm tra văn bản | (đang xác định) | Họp thẩm định khi cần | Dự thảo báo cáo thẩm định
form: (đang xây dựng)
record: Hồ sơ thẩm định | Phòng Xây dựng và kiểm tra văn bản | 10 năm
"""
INTERNAL = """
code: QT-KSTL
name: Quy trình kiểm soát tài liệu
purpose: Thống nhất cách soạn thảo, xem xét, phê duyệt, phân phối, sửa đổi và thu hồi tài liệu của HTQLCL.
scope: Áp dụng cho tài liệu nội bộ (sổ tay, chính sách, mục tiêu, quy trình, hướng dẫn, biểu mẫu) và tài liệu bên ngoài.
base: TCVN ISO 9001:2015 | Điều 7.5
base: 30/2020/NĐ-CP | Chương II, Chương III
base: 19/2014/QĐ-TTg | Điều 4
general: Tài liệu được quản lý trên phần mềm ISO điện tử; bản có hiệu lực là bản trên phần mềm
general: Mỗi tài liệu có mã hiệu, lần ban hành, ngày hiệu lực và khối trách nhiệm soạn thảo, xem xét, phê duyệt
general: Tài liệu được cập nhật trong 03 tháng kể từ ngày văn bản pháp luật mới có hiệu lực
step: Đề nghị soạn thảo, sửa đổi | Trưởng các phòng, công chức | Khi có nhu cầu | Lập phiếu yêu cầu sửa đổi tài liệu | BM.01-KSTL
step: Soạn thảo | Phòng chủ trì; Thư ký ISO kiểm tra mã hiệu, hình thức | 10 ngày làm việc | Soạn dự thảo theo bố cục chuẩn | Dự thảo tài liệu
step: Xem xét | Lãnh đạo Sở phụ trách | 05 ngày làm việc | Góp ý hoặc chuyển trình phê duyệt | Ý kiến xem xét
step: Phê duyệt ban hành | Giám đốc Sở | 03 ngày làm việc | Phê duyệt, ấn định ngày hiệu lực | Tài liệu được phê duyệt
step: Phân phối, xác nhận đã đọc | Thư ký ISO | 01 ngày làm việc sau ngày hiệu lực | Phân phối trên phần mềm, theo dõi xác nhận đã đọc | BM.04-KSTL
step: Thu hồi tài liệu lỗi thời; xem xét định kỳ | Thư ký ISO; phòng chủ trì | Ít nhất 12 tháng/lần | Đánh dấu tài liệu hết hiệu lực; xem xét sự phù hợp | BM.02-KSTL, BM.03-KSTL
form: BM.01-KSTL Phiếu yêu cầu sửa đổi tài liệu | BM.02-KSTL Danh mục tài liệu nội bộ | BM.03-KSTL Danh mục tài liệu bên ngoài | BM.04-KSTL Danh sách phân phối tài liệu
record: Phiếu yêu cầu sửa đổi tài liệu | Văn phòng Sở | 03 năm
record: Danh mục tài liệu | Thư ký ISO | Đến khi có bản thay thế
record: Quyết định ban hành tài liệu | Văn phòng Sở | Vĩnh viễn
===
code: QT-KSHS
name: Quy trình kiểm soát hồ sơ
purpose: Bảo đảm hồ sơ chứng minh sự phù hợp của HTQLCL được lập, lưu giữ, bảo vệ và huỷ đúng quy định.
scope: Áp dụng cho hồ sơ của HTQLCL và hồ sơ giải quyết TTHC tại các phòng.
base: TCVN ISO 9001:2015 | Điều 7.5.3
base: 30/2020/NĐ-CP | Chương IV
base: 19/2014/QĐ-TTg | Điều 4
general: Mỗi loại hồ sơ được quy định người lưu, nơi lưu, thời gian lưu và cách huỷ
general: Hồ sơ điện tử được sao lưu định kỳ; hồ sơ giấy lưu trong tủ có khoá
step: Lập danh mục hồ sơ | Trưởng các phòng | Tháng 01 hằng năm | Xác định hồ sơ cần lưu, thời gian lưu | BM.01-KSHS
step: Cập nhật, sắp xếp hồ sơ | Công chức được giao | Thường xuyên | Sắp xếp hồ sơ theo danh mục | Hồ sơ công việc
step: Nộp lưu | Trưởng các phòng | Trong 01 năm kể từ ngày công việc kết thúc | Nộp hồ sơ vào Lưu trữ cơ quan | Mục lục hồ sơ nộp lưu
step: Huỷ hồ sơ hết thời hạn lưu | Hội đồng xác định giá trị tài liệu | Khi hết thời hạn lưu | Thẩm định, lập biên bản huỷ | BM.02-KSHS
form: BM.01-KSHS Danh mục hồ sơ | BM.02-KSHS Biên bản huỷ hồ sơ
record: Danh mục hồ sơ | Thư ký ISO | 05 năm
record: Biên bản huỷ hồ sơ | Văn phòng Sở | Vĩnh viễn
===
code: QT-ĐGNB
name: Quy trình đánh giá nội bộ
purpose: Xác định HTQLCL phù hợp với yêu cầu của tiêu chuẩn, của Sở và được áp dụng có hiệu lực.
scope: Áp dụng cho mọi phòng và hoạt động thuộc phạm vi HTQLCL.
base: TCVN ISO 9001:2015 | Điều 9.2
base: 19/2014/QĐ-TTg | Điều 4
base: 26/2014/TT-BKHCN |
general: Đánh giá ít nhất 01 lần/năm; mỗi đợt đánh giá trên 50 % số phòng
general: Chuyên gia đánh giá đã được đào tạo, không đánh giá công việc của chính mình
step: Lập chương trình đánh giá năm | Thư ký ISO | Tháng 3 hằng năm | Xác định phạm vi, tần suất đánh giá | BM.01-ĐGNB
step: Quyết định thành lập đoàn đánh giá | Giám đốc Sở | Trước đánh giá 10 ngày | Ký quyết định | Quyết định thành lập đoàn
step: Lập kế hoạch, danh mục câu hỏi | Trưởng đoàn, chuyên gia đánh giá | Trước đánh giá 05 ngày | Thông báo kế hoạch; chuẩn bị danh mục câu hỏi | BM.02-ĐGNB, BM.03-ĐGNB
step: Thực hiện đánh giá | Đoàn đánh giá | Theo kế hoạch | Họp khai mạc, phỏng vấn, xem hồ sơ, họp kết thúc | Phiếu ghi nhận sự không phù hợp
step: Báo cáo, theo dõi khắc phục | Trưởng đoàn; Thư ký ISO | 03 ngày làm việc sau đánh giá | Báo cáo Giám đốc; chuyển sự không phù hợp sang QT-KPPH | BM.04-ĐGNB
form: BM.01-ĐGNB Chương trình đánh giá nội bộ | BM.02-ĐGNB Kế hoạch đánh giá | BM.03-ĐGNB Danh mục câu hỏi đánh giá | BM.04-ĐGNB Báo cáo đánh giá nội bộ
record: Chương trình, kế hoạch, báo cáo đánh giá nội bộ | Thư ký ISO | 03 năm
===
code: QT-KPPH
name: Quy trình kiểm soát sự không phù hợp và hành động khắc phục
purpose: Xử lý sự không phù hợp và loại bỏ nguyên nhân để không tái diễn.
scope: Áp dụng cho sự không phù hợp từ đánh giá nội bộ, kiểm tra của tỉnh, phản ánh của người dân, hồ sơ trễ hạn.
base: TCVN ISO 9001:2015 | Điều 10.2
base: 19/2014/QĐ-TTg | Điều 4
base: 26/2014/TT-BKHCN |
general: Hồ sơ trễ hạn phải có Phiếu xin lỗi và hẹn lại ngày trả kết quả (BM.05-QT01)
step: Phát hiện, ghi nhận | Mọi công chức | Ngay khi phát hiện | Ghi nhận sự không phù hợp | BM.01-KPPH
step: Xử lý tức thời | Trưởng phòng liên quan | 02 ngày làm việc | Khắc phục hậu quả, xin lỗi người dân | BM.01-KPPH
step: Phân tích nguyên nhân, đề xuất hành động | Phòng liên quan | 05 ngày làm việc | Phân tích nguyên nhân gốc, đề xuất hành động khắc phục | BM.01-KPPH
step: Phê duyệt, thực hiện | Lãnh đạo Sở; phòng liên quan | Theo thời hạn được phê duyệt | Thực hiện hành động khắc phục | Hồ sơ thực hiện
step: Kiểm tra hiệu lực, đóng phiếu | Thư ký ISO | Sau thời hạn khắc phục | Xác nhận hiệu lực; tổng hợp báo cáo xem xét của lãnh đạo | BM.02-KPPH
form: BM.01-KPPH Phiếu xử lý sự không phù hợp và hành động khắc phục | BM.02-KPPH Sổ theo dõi hành động khắc phục
record: Phiếu xử lý sự không phù hợp | Thư ký ISO | 03 năm
"""

# --- UBND phường Hạ Long and Sở KH&CN ------------------------------------------------------------

CIVIL_STATUS = """
ref: Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014
ref: Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch
"""
COMMUNE = """
scope: Áp dụng đối với cá nhân có yêu cầu; công chức Tư pháp - Hộ tịch, Lãnh đạo UBND phường Hạ Long.
receive: 0,5 giờ làm việc
record: Sổ hộ tịch, sổ chứng thực | Công chức Tư pháp - Hộ tịch | Vĩnh viễn
"""
SAME_DAY = "days: Ngay trong ngày tiếp nhận; hồ sơ nhận sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày làm việc tiếp theo."
HALONG_PROCESSES = f"""
code: QT 01/TP
name: Quy trình đăng ký khai sinh
purpose: Quy định trình tự, trách nhiệm giải quyết thủ tục đăng ký khai sinh tại UBND phường Hạ Long.
{CIVIL_STATUS}{ONE_STOP}{COMMUNE}{SAME_DAY}
dossier: Tờ khai đăng ký khai sinh (theo mẫu)
dossier: Giấy chứng sinh; trường hợp không có thì văn bản của người làm chứng hoặc giấy cam đoan về việc sinh
dossier: Văn bản ủy quyền (nếu có)
fee: Miễn lệ phí đăng ký khai sinh đúng hạn.
step: Kiểm tra thông tin, ghi Sổ đăng ký khai sinh | Công chức Tư pháp - Hộ tịch | 2 giờ làm việc | Cập nhật Cơ sở dữ liệu hộ tịch điện tử, cấp số định danh cá nhân | Dự thảo Giấy khai sinh
step: Ký Giấy khai sinh | Chủ tịch hoặc Phó Chủ tịch UBND phường | 1 giờ làm việc | Xem xét, ký | Giấy khai sinh (bản chính)
===
code: QT 02/TP
name: Quy trình chứng thực bản sao từ bản chính giấy tờ, văn bản
purpose: Quy định trình tự, trách nhiệm chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp tại UBND phường Hạ Long.
base: 23/2015/NĐ-CP | Điều 5, Điều 18 - Điều 21
base: 280/2025/NĐ-CP |
base: 01/2020/TT-BTP |
base: 226/2016/TT-BTC | Điều 4
{ONE_STOP}{COMMUNE}{SAME_DAY}
dossier: Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao
dossier: Bản sao cần chứng thực (nếu người yêu cầu tự chuẩn bị)
fee: 2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa không quá 200.000 đồng/bản.
step: Đối chiếu bản chính, ghi lời chứng | Công chức Tư pháp - Hộ tịch | 1 giờ làm việc | Đối chiếu bản sao với bản chính, ghi lời chứng, vào sổ chứng thực | Sổ chứng thực bản sao
step: Ký chứng thực, đóng dấu | Chủ tịch hoặc Phó Chủ tịch UBND phường | 1 giờ làm việc | Ký, đóng dấu | Bản sao được chứng thực
===
code: QT 03/TP
name: Quy trình đăng ký kết hôn
purpose: Quy định trình tự, trách nhiệm giải quyết thủ tục đăng ký kết hôn tại UBND phường Hạ Long.
{CIVIL_STATUS}{ONE_STOP}{COMMUNE}
dossier: Tờ khai đăng ký kết hôn (theo mẫu); hai bên nam, nữ có mặt khi đăng ký
dossier: Giấy xác nhận tình trạng hôn nhân (trường hợp không thường trú tại phường)
days: Ngay sau khi nhận đủ giấy tờ theo quy định; trường hợp cần xác minh điều kiện kết hôn: không quá 05 ngày làm việc.
fee: Miễn lệ phí.
step: Kiểm tra điều kiện kết hôn, ghi Sổ đăng ký kết hôn | Công chức Tư pháp - Hộ tịch | 2 giờ làm việc | Xác minh khi cần; cập nhật Cơ sở dữ liệu hộ tịch điện tử | Dự thảo Giấy chứng nhận kết hôn
step: Trao Giấy chứng nhận kết hôn | Chủ tịch UBND phường; công chức Tư pháp - Hộ tịch | 1 giờ làm việc | Hai bên ký Giấy chứng nhận kết hôn và Sổ đăng ký kết hôn | Giấy chứng nhận kết hôn
"""
DOST_PROCESSES = f"""
code: QT 01/SKHCN
name: Quy trình cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ
purpose: Quy định trình tự cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ cho tổ chức khoa học và công nghệ.
scope: Áp dụng đối với tổ chức khoa học và công nghệ có yêu cầu; Phòng Quản lý chuyên ngành.
base: 3578/QĐ-BKHCN |
base: 10/2025/TT-BKHCN |
{ONE_STOP}
dossier: Đơn đăng ký hoạt động khoa học và công nghệ (theo mẫu)
dossier: Quyết định thành lập, điều lệ tổ chức và hoạt động
dossier: Hồ sơ về nhân lực, cơ sở vật chất - kỹ thuật
days: 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.
fee: Không.
step: Thẩm định hồ sơ | CV Phòng Quản lý chuyên ngành | 12 ngày làm việc | Thẩm định hồ sơ, kiểm tra thực tế khi cần | Phiếu thẩm định
step: Ký Giấy chứng nhận | Giám đốc Sở | 02 ngày làm việc | Xem xét, ký | Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ
===
code: QT 02/SKHCN
name: Quy trình cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ
purpose: Quy định trình tự cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ.
scope: Áp dụng đối với doanh nghiệp có yêu cầu; Phòng Quản lý chuyên ngành.
base: 268/2025/NĐ-CP |
base: 3578/QĐ-BKHCN |
{ONE_STOP}
dossier: Đơn đề nghị cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ (theo mẫu)
dossier: Giấy tờ chứng minh quyền sở hữu, sử dụng hợp pháp kết quả khoa học và công nghệ
dossier: Phương án sản xuất, kinh doanh sản phẩm hình thành từ kết quả khoa học và công nghệ
days: 07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.
fee: Không.
step: Thẩm định hồ sơ | CV Phòng Quản lý chuyên ngành | 05 ngày làm việc | Thẩm định hồ sơ, lấy ý kiến chuyên gia khi cần | Phiếu thẩm định
step: Ký Giấy chứng nhận | Giám đốc Sở | 01 ngày làm việc | Xem xét, ký | Giấy chứng nhận doanh nghiệp khoa học và công nghệ
"""

STP_POLICY = """
agency: Sở Tư pháp tỉnh Quảng Ninh
slogan: CÔNG KHAI - MINH BẠCH - HIỆN ĐẠI - HIỆU QUẢ
meaning: CÔNG KHAI: mọi thủ tục, thành phần hồ sơ, phí, lệ phí và thời hạn giải quyết được niêm yết đầy đủ.
meaning: MINH BẠCH: tiến độ giải quyết từng hồ sơ được công khai, người dân tra cứu được trực tuyến.
meaning: HIỆN ĐẠI: ứng dụng công nghệ thông tin, dịch vụ công trực tuyến, số hoá hồ sơ và kết quả.
meaning: HIỆU QUẢ: giải quyết đúng pháp luật, đúng hạn, tiết kiệm thời gian và chi phí của người dân.
commit: Áp dụng, duy trì và cải tiến thường xuyên HTQLCL phù hợp TCVN ISO 9001:2015
commit: Giải quyết thủ tục hành chính đúng quy định, đúng hẹn; xin lỗi bằng văn bản khi trễ hạn
commit: Bố trí đủ nguồn lực; đào tạo, nâng cao năng lực và đạo đức công vụ của công chức
commit: Lắng nghe, tiếp thu và trả lời ý kiến phản ánh, kiến nghị của người dân, tổ chức
"""
STP_OBJECTIVES = """
≥ 98 % hồ sơ TTHC được giải quyết đúng hạn, trước hạn | Theo dõi hồ sơ sắp đến hạn trên HTTT hằng ngày | Trưởng các phòng chuyên môn | Hằng tháng
100 % TTHC thuộc thẩm quyền được xây dựng quy trình ISO, cập nhật trong 03 tháng khi pháp luật thay đổi | Rà soát danh mục TTHC sau mỗi quyết định công bố của Chủ tịch UBND tỉnh | Thư ký ISO | 05 ngày làm việc sau công bố
≥ 40 % tài liệu, hồ sơ của HTQLCL được số hoá | Số hoá hồ sơ, kết quả giải quyết TTHC theo HD 01/VP | Văn phòng Sở | 31/12/2026
≥ 90 % người dân, tổ chức hài lòng | Khảo sát theo HD 02/VP mỗi quý, tối thiểu 100 phiếu | Văn phòng Sở | Hằng quý
≥ 80 % hồ sơ lý lịch tư pháp được tiếp nhận trực tuyến | Hướng dẫn người dân nộp qua VNeID ngay tại quầy | Phòng Hành chính tư pháp | 30/9/2026
100 % sự không phù hợp phát hiện qua đánh giá nội bộ được khắc phục đúng hạn | Thực hiện theo QT-KPPH | Trưởng các phòng; Thư ký ISO | Theo phiếu khắc phục
"""
HALONG_POLICY = """
agency: UBND phường Hạ Long
slogan: CÔNG KHAI - MINH BẠCH - HIỆN ĐẠI - HIỆU QUẢ
meaning: Phục vụ người dân, doanh nghiệp tận tình, đúng pháp luật, đúng hẹn.
commit: Áp dụng HTQLCL theo TCVN ISO 9001:2015 cho toàn bộ TTHC thuộc thẩm quyền của phường
commit: Giải quyết hồ sơ đúng hẹn; tăng tỷ lệ hồ sơ trực tuyến
commit: Tiếp nhận, trả lời mọi phản ánh, kiến nghị của người dân
"""
HALONG_OBJECTIVES = """
≥ 98 % hồ sơ giải quyết đúng hạn | Theo dõi hồ sơ trên HTTT hằng ngày | Trung tâm Phục vụ hành chính công phường | Hằng tháng
100 % TTHC cấp xã được xây dựng quy trình ISO | Rà soát danh mục TTHC sau mỗi quyết định công bố | Thư ký ISO | 30/6/2026
≥ 90 % người dân hài lòng | Khảo sát tại quầy mỗi quý | Văn phòng HĐND và UBND | Hằng quý
"""
DOST_POLICY = """
agency: Sở Khoa học và Công nghệ tỉnh Quảng Ninh
slogan: CHUYÊN NGHIỆP - KỊP THỜI - MINH BẠCH - HIỆU QUẢ
meaning: Là đơn vị chủ trì ISO của tỉnh, Sở áp dụng mẫu mực HTQLCL tại chính cơ quan mình.
commit: Giải quyết TTHC đúng hạn, ưu tiên dịch vụ công trực tuyến toàn trình
commit: Hướng dẫn, hỗ trợ các cơ quan, UBND cấp xã xây dựng và áp dụng HTQLCL
commit: Cải tiến liên tục trên cơ sở đo lường, phân tích dữ liệu
"""
GUIDES = f"""
code: HD 01/VP
name: Hướng dẫn số hoá hồ sơ, kết quả giải quyết thủ tục hành chính
text: Phạm vi: hồ sơ, kết quả giải quyết TTHC tiếp nhận tại BPTN&TKQ và các phòng.
text: Quét màu, độ phân giải 200 dpi, định dạng PDF; mỗi giấy tờ một tệp, đặt tên theo mã hồ sơ và tên giấy tờ.
text: Số hoá ngay khi tiếp nhận hồ sơ và khi trả kết quả; công chức kiểm tra, đối chiếu bản số hoá với bản giấy trước khi ký số.
text: Kết quả số hoá được lưu vào kho dữ liệu của HTTT để tái sử dụng, không yêu cầu người dân nộp lại.
{ONE_STOP}
===
code: HD 02/VP
name: Hướng dẫn khảo sát, đo lường sự hài lòng của người dân, tổ chức
text: Căn cứ điều khoản 9.1.2 của TCVN ISO 9001:2015; khảo sát bằng phiếu giấy tại quầy và phiếu trực tuyến.
text: Tối thiểu 100 phiếu mỗi quý; 5 tiêu chí: tiếp cận dịch vụ, thủ tục hành chính, công chức, kết quả, tiếp nhận và xử lý phản ánh.
text: Văn phòng Sở tổng hợp, báo cáo Lãnh đạo Sở trước ngày 25 của tháng cuối quý; kết quả là đầu vào xem xét của lãnh đạo.
base: TCVN ISO 9001:2015 | Điều 9.1.2
base: 19/2014/QĐ-TTg |
"""


# --- the loader ----------------------------------------------------------------------------------


class _Agency:
    """One agency's demo run: its ISO secretary drafts and submits, its head reviews and issues."""

    def __init__(self, code: str, secretary: str, leader: str, today: dt.date, missing: set[str], **texts: str):
        self.agency = Organisation.objects.get(code=code)
        self.secretary = User.objects.get(username=secretary)
        self.leader = User.objects.get(username=leader)
        self.today, self.missing = today, missing
        self.header, self.desk, self.place = texts["header"], texts["desk"], texts["place"]

    def on(self, day: dt.date) -> dt.date:
        """The date on the demo timeline, never after ``today``."""
        return min(day, self.today)

    def unit(self, n: int) -> Organisation:
        return Organisation.objects.get(code=f"{self.agency.code}.P{n:02d}")

    def legal(self, number: str) -> LegalText | None:
        text = LegalText.objects.filter(number=number).first()
        if text is None:
            self.missing.add(number)
        return text

    def bases(self, spec: Spec) -> list[tuple[LegalText, str]]:
        rows = [[*_cols(b), ""][:2] for b in spec.get("base", [])]
        return [(t, p) for t, p in ((self.legal(n), p) for n, p in rows) if t is not None]

    def refs(self, spec: Spec) -> list[str]:
        """Section 3: the standard, the texts quoted literally, then the register's texts."""
        refs = [f"{t.number} {t.title}" for t, _p in self.bases(spec) if t.kind == LegalTextKind.STANDARD]
        refs = refs or [f"{ISO} Hệ thống quản lý chất lượng — Các yêu cầu"]
        refs += spec.get("ref", [])
        for text, _p in self.bases(spec):
            if text.kind != LegalTextKind.STANDARD:
                day = f" ngày {format_date(text.signed_on)}" if text.signed_on else ""
                issuer = f" của {text.issuer}" if text.issuer else ""
                refs.append(f"{text.get_kind_display()} số {text.number}{day}{issuer} {text.title}")
        return refs

    def process_text(self, spec: Spec) -> str:
        spec = {**spec, "form": spec.get("form", [])}
        defs = [
            "TTHC: Thủ tục hành chính; HTQLCL: Hệ thống quản lý chất lượng",
            f"BPTN&TKQ: Bộ phận tiếp nhận và trả kết quả ({self.place.split(';')[0]})",
            "HTTT: Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Quảng Ninh",
            "CV: Chuyên viên, công chức; LĐ: Lãnh đạo",
            *spec.get("def", []),
        ]
        steps = [_cols(s.replace("{desk}", self.desk)) for s in spec["step"]]
        if "dossier" in spec:  # an administrative procedure: the one-stop desk receives and returns
            receive = spec.get("receive", ["0,5 ngày làm việc"])[0]
            steps = [
                [*_cols(TEXTS["receive"][0].format(desk=self.desk, time=receive))],
                *steps,
                _cols(TEXTS["return"][0].format(self.desk)),
            ]
            spec = {**spec, "place": spec.get("place", [self.place]), "form": [*FORM_LIST, *spec["form"]]}
            spec["record"] = [*_spec(TTHC_RECORDS)["record"], *spec.get("record", [])]
        return _process_text(self.header, spec, self.refs(spec), defs, steps)

    def create(
        self, code: str, title: str, kind: str, content: str, owner: Organisation | None = None, **kw: Any
    ) -> Document:
        """A new document drafted by the secretary; ``units``, ``users``: its distribution list."""
        return services.document_create(
            actor=self.secretary,
            organisation=owner or self.agency,
            code=code,
            title=title,
            kind=kind,
            content=content,
            review_interval_months=kw.get("interval", 12),
            distribute_to_units=kw.get("units", ()),
            distribute_to_users=kw.get("users", ()),
        )

    def cite(self, document: Document, spec: Spec) -> None:
        items = self.bases(spec)
        if items:
            services.document_set_legal_bases(actor=self.secretary, document=document, items=items)

    def process(self, spec: Spec, day: dt.date | None, owner: Organisation, users: Sequence[User] = ()) -> Document:
        """Create a process owned and distributed by ``owner``, cite its legal bases, issue it on ``day``."""
        text = self.process_text(spec)
        units = [self.agency] if owner.pk == self.agency.pk else [owner]
        doc = self.create(
            spec["code"][0],
            spec["name"][0],
            DocumentKind.PROCESS,
            text,
            owner=owner,
            units=units,
            users=users,
        )
        self.cite(doc, spec)
        if day is not None:
            self.issue(doc, day)
        return doc

    def submit(self, document: Document, comment: str = "Kính trình Lãnh đạo xem xét, phê duyệt.") -> DocumentRevision:
        revision = document.revisions.order_by("-number").first()
        assert revision is not None
        return services.revision_submit(actor=self.secretary, revision=revision, reviewer=self.leader, comment=comment)

    def issue(self, document: Document, day: dt.date, *, future: bool = False) -> DocumentRevision:
        """Submit, review and approve the open revision, effective on ``day`` (registered on that day)."""
        revision = self.submit(document)
        services.revision_pass(actor=self.leader, revision=revision, comment="Nội dung phù hợp, đề nghị ban hành.")
        effective = day if future else self.on(day)
        # A process's steps, forms and TTHC are registered from the same specs by the processes
        # demo (``qms.procedures.demo_processes``), which runs after this one.
        approved = services.revision_approve(
            actor=self.leader,
            revision=revision,
            effective_from=effective,
            today=self.today if future else effective,
            comment="Đồng ý ban hành.",
            registering=document.kind == DocumentKind.PROCESS,
        )
        if not future:
            backdate_revision(approved, effective, today=self.today)
        return approved

    def revise(self, document: Document, content: str, summary: str, request: ChangeRequest | None = None) -> None:
        """Open the next revision (through the accepted change request when there is one) and write it."""
        if request is not None:
            note = "Chấp nhận; giao phòng chủ trì sửa đổi, Thư ký ISO trình ban hành."
            request = services_change_requests.change_request_decide(
                actor=self.secretary, change_request=request, accept=True, note=note
            )
            revision = request.revision
        else:
            revision = services.revision_start(actor=self.secretary, document=document, change_summary=summary)
        assert revision is not None
        services.revision_update(
            actor=self.secretary, revision=revision, expected_version=None, content=content, change_summary=summary
        )

    def reviewed(self, documents: Sequence[Document], day: dt.date, note: str) -> None:
        for document in documents:
            document.refresh_from_db()
            services.document_periodic_review(actor=self.secretary, document=document, note=note, today=self.on(day))

    def acknowledge(self, user: User, *documents: Document) -> None:
        for document in documents:
            document.refresh_from_db()
            copy = Distribution.objects.filter(revision_id=document.current_revision_id, user=user).first()
            if copy is not None:
                services_distribution.distribution_acknowledge(actor=user, distribution=copy)

    def read_all(self) -> None:
        """The head and the secretary have read every document in force sent to them."""
        for user in (self.leader, self.secretary):
            copies = Distribution.objects.filter(user=user, acknowledged_at__isnull=True)
            for copy in copies.filter(revision__status=RevisionStatus.EFFECTIVE).order_by("pk"):
                services_distribution.distribution_acknowledge(actor=user, distribution=copy)

    def forms(
        self, day: dt.date, owner: Organisation, units: Sequence[Organisation], users: Sequence[User]
    ) -> list[Document]:
        docs = []
        for n, form in enumerate(FORM_SPECS, start=1):
            code = f"BM.{n:02d}-QT01"
            text = _form_text(self.header, code, form)
            doc = self.create(
                code,
                form["title"][0],
                DocumentKind.FORM,
                text,
                owner=owner,
                units=units,
                users=users,
                interval=24,
            )
            self.cite(doc, _spec(ONE_STOP))
            self.issue(doc, day)
            docs.append(doc)
        return docs

    def policy(self, text: str, day: dt.date) -> Document:
        text = _policy_text(self.header, _spec(text))
        doc = self.create("CSCL", "Chính sách chất lượng", DocumentKind.POLICY, text, units=[self.agency])
        self.cite(doc, _spec(f"base: 19/2014/QĐ-TTg | Điều 4\nbase: {ISO} | Điều 5.2"))
        self.issue(doc, day)
        return doc

    def objectives(self, name: str, rows: str, day: dt.date) -> Document:
        text = _objectives_text(self.header, name, rows)
        doc = self.create(
            "MTCL-2026", "Mục tiêu chất lượng năm 2026", DocumentKind.OBJECTIVES, text, units=[self.agency]
        )
        self.cite(doc, _spec(f"base: {ISO} | Điều 6.2\nbase: 19/2014/QĐ-TTg | Điều 4"))
        self.issue(doc, day)
        return doc


PROVINCE_DESK = "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh; hoặc trực tuyến trên Cổng Dịch vụ công quốc gia."


def _stp(today: dt.date, missing: set[str]) -> None:
    header = "UBND TỈNH QUẢNG NINH — SỞ TƯ PHÁP"
    desk = "Công chức Sở Tư pháp tại Trung tâm Phục vụ hành chính công tỉnh"
    a = _Agency(STP, "stp.thuky", "stp.lanhdao", today, missing, header=header, desk=desk, place=PROVINCE_DESK)
    canbo, danhgia = User.objects.get(username="stp.canbo"), User.objects.get(username="stp.danhgia")
    office, hctp, bttp, xdkt = a.unit(1), a.unit(2), a.unit(3), a.unit(4)
    everyone = [a.agency]

    # 15/04/2024: the system is issued (decision issuing the QMS, one month after the steering committee).
    manual = a.create("STCL", "Sổ tay chất lượng", DocumentKind.MANUAL, _manual_text(a.header, 1), units=everyone)
    a.cite(manual, _spec(f"base: 19/2014/QĐ-TTg | Điều 4\nbase: 26/2014/TT-BKHCN\nbase: 101/QĐ-BKHCN\nbase: {ISO}"))
    a.issue(manual, dt.date(2024, 4, 15))
    policy = a.policy(STP_POLICY, dt.date(2024, 4, 15))
    forms = a.forms(dt.date(2024, 4, 15), owner=office, units=[hctp, bttp], users=[canbo])
    title = f"{ISO} Hệ thống quản lý chất lượng — Các yêu cầu"
    external = a.create(
        "TLBN 01",
        title,
        DocumentKind.EXTERNAL,
        "\n".join(TEXTS["external"]),
        owner=office,
        units=everyone,
    )
    a.cite(external, _spec(f"base: {ISO} |\nbase: 19/2014/QĐ-TTg | Điều 2"))
    a.issue(external, dt.date(2024, 4, 15))
    internal = [a.process(_spec(block), dt.date(2024, 4, 15), a.agency) for block in INTERNAL.split("===")]
    a.acknowledge(canbo, manual, policy, *forms, internal[0])
    a.acknowledge(danhgia, manual, policy, *internal)

    # 03/06/2024: the processes of the administrative procedures.
    qt01 = a.process(_spec(QT01), dt.date(2024, 6, 3), hctp, [canbo])
    qt02 = a.process(_spec(QT02), dt.date(2024, 6, 3), hctp, [canbo])
    qt03 = a.process(_spec(QT03), dt.date(2024, 6, 3), bttp, [canbo])
    qt06 = a.process(_spec(QT06), dt.date(2024, 6, 3), hctp)
    a.acknowledge(canbo, qt01, qt02)

    # 2025: the two-tier reform withdraws QT 06, a new process, the revised manual, QT 02 updated on request.
    services.document_withdraw(actor=a.leader, document=qt06, reason=TEXTS["withdraw"][0])
    a.process(_spec(QT04), dt.date(2025, 10, 20), bttp, [canbo])
    a.revise(manual, _manual_text(a.header, 2), TEXTS["manual_changes"][0])
    a.issue(manual, dt.date(2025, 12, 1))
    request = _request(canbo, qt02, 0)
    qt02_v2 = _spec(QT02, QT02_V2)
    a.revise(qt02, a.process_text(qt02_v2), TEXTS["qt02_changes"][0], request)
    a.cite(qt02, qt02_v2)
    a.issue(qt02, dt.date(2025, 12, 15))
    a.acknowledge(canbo, manual, qt02)

    # 2026: objectives, the yearly review of documents, guidance.
    objectives = a.objectives("Sở Tư pháp", STP_OBJECTIVES, dt.date(2026, 1, 5))
    a.acknowledge(canbo, objectives)
    note = "Xem xét định kỳ năm 2026 theo Kế hoạch số 05/KH-STP: nội dung còn phù hợp, không cần sửa đổi."
    a.reviewed([policy, external, *forms, *internal, qt01, qt03], dt.date(2026, 1, 12), note)
    for block in GUIDES.split("==="):
        spec = _spec(block)
        text = "\n".join([f"{a.header} — {spec['name'][0].upper()} — Mã hiệu: {spec['code'][0]}", "", *spec["text"]])
        guide = a.create(spec["code"][0], spec["name"][0], DocumentKind.GUIDANCE, text, owner=office, units=everyone)
        a.cite(guide, spec)
        a.issue(guide, dt.date(2026, 3, 2))

    # Today: QT 01 revision 2 on the leader's desk, QT 05 approved for next week, QT 07 a draft, an open request.
    request = _request(canbo, qt01, 1)
    a.revise(qt01, a.process_text(_spec(QT01, QT01_V2)), TEXTS["qt01_changes"][0], request)
    a.submit(qt01, "Kính trình Giám đốc xem xét lần ban hành 2 theo đề nghị của Phòng Hành chính tư pháp.")
    qt05 = a.process(_spec(QT05), None, bttp, [canbo])
    a.issue(qt05, a.today + dt.timedelta(days=7), future=True)
    a.process(_spec(QT07), None, xdkt)
    _request(canbo, qt03, 2)
    a.read_all()


# Phiếu yêu cầu sửa đổi tài liệu raised by stp.canbo: location | reason | proposal.
REQUESTS = """
Mục 3, mục 5.1 và mục 5.4 | Nghị định số 280/2025/NĐ-CP sửa đổi, bổ sung Nghị định số 23/2015/NĐ-CP; Bộ Tư pháp đã công bố thủ tục được sửa đổi tại Quyết định số 3152/QĐ-BTP. Quy trình chưa cập nhật. | Bổ sung căn cứ pháp lý mới; bổ sung việc trả bản sao điện tử có chữ ký số cho yêu cầu nộp trực tuyến.
Mục 5.2, 5.5 và Bước 3 | Người dân đã nộp hồ sơ yêu cầu cấp Phiếu lý lịch tư pháp qua ứng dụng VNeID; quy trình chưa có kênh tiếp nhận và trả kết quả điện tử này. | Bổ sung kênh tiếp nhận, trả kết quả qua VNeID; rút thời gian tra cứu, xác minh còn 4 ngày làm việc.
Bước 2 và mục 6. Biểu mẫu | Bước 2 (thẩm định hồ sơ) chưa có biểu mẫu ghi nhận kết quả thẩm định; Đoàn kiểm tra ISO của tỉnh khuyến nghị mỗi bước xử lý phải có biểu mẫu hoặc kết quả được lưu. | Bổ sung Phiếu thẩm định hồ sơ đăng ký hoạt động văn phòng công chứng vào Bước 2 và mục 6.
"""


def _request(user: User, document: Document, n: int) -> ChangeRequest:
    location, reason, proposal = _cols(REQUESTS.strip().splitlines()[n])
    return services_change_requests.change_request_raise(
        actor=user, document=document, location=location, reason=reason, proposal=proposal
    )


def _commune(today: dt.date, missing: set[str]) -> None:
    header = "UBND TỈNH QUẢNG NINH — UBND PHƯỜNG HẠ LONG"
    desk = "Công chức Tư pháp - Hộ tịch tại Trung tâm Phục vụ hành chính công phường"
    place = "Trung tâm Phục vụ hành chính công phường Hạ Long; hoặc trực tuyến trên Cổng Dịch vụ công quốc gia."
    a = _Agency(HALONG, "halong.thuky", "halong.lanhdao", today, missing, header=header, desk=desk, place=place)
    canbo, centre = User.objects.get(username="halong.canbo"), a.unit(4)
    policy = a.policy(HALONG_POLICY, dt.date(2025, 12, 1))
    forms = a.forms(dt.date(2025, 12, 1), owner=centre, units=[centre], users=[canbo])
    processes = [a.process(_spec(b), dt.date(2025, 12, 22), centre, [canbo]) for b in HALONG_PROCESSES.split("===")]
    a.objectives("UBND phường Hạ Long", HALONG_OBJECTIVES, dt.date(2026, 1, 10))
    a.acknowledge(canbo, policy, *forms, processes[0])
    a.read_all()


def _dost(today: dt.date, missing: set[str]) -> None:
    header = "UBND TỈNH QUẢNG NINH — SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    desk = "Công chức Sở Khoa học và Công nghệ tại Trung tâm Phục vụ hành chính công tỉnh"
    a = _Agency(SKHCN, "sokhcn.thuky", "sokhcn.lanhdao", today, missing, header=header, desk=desk, place=PROVINCE_DESK)
    policy = a.policy(DOST_POLICY, dt.date(2024, 5, 6))
    a.reviewed([policy], dt.date(2025, 5, 5), "Xem xét định kỳ năm 2025: chính sách còn phù hợp.")
    a.reviewed([policy], dt.date(2026, 5, 4), "Xem xét định kỳ năm 2026: chính sách còn phù hợp.")
    unit = a.unit(3)
    for block in DOST_PROCESSES.split("==="):
        a.process(_spec(block), dt.date(2025, 12, 22), unit)
    a.read_all()


# name, unit (None: the agency), document code, keeper, place, retention (months, None = permanent),
# disposal method, [(batch label, period end)]
RECORD_RULES: list[tuple[str, str | None, str | None, str, str, int | None, str, list[tuple[str, dt.date]]]] = [
    (
        "Hồ sơ cấp Phiếu lý lịch tư pháp",
        "Phòng Hành chính tư pháp",
        "QT 01/HCTP",
        "Chuyên viên Phòng Hành chính tư pháp",
        "Kho lưu trữ Phòng Hành chính tư pháp, tủ số 3",
        60,
        "shred",
        [
            ("Hồ sơ năm 2020", dt.date(2020, 12, 31)),
            ("Hồ sơ năm 2021", dt.date(2021, 12, 31)),
            ("Hồ sơ năm 2024", dt.date(2024, 12, 31)),
        ],
    ),
    (
        "Sổ theo dõi hồ sơ (BM.06-QT01)",
        "Văn phòng Sở",
        "BM.06-QT01",
        "Công chức Bộ phận một cửa",
        "Bộ phận tiếp nhận và trả kết quả",
        24,
        "shred",
        [("Sổ năm 2023", dt.date(2023, 12, 31)), ("Sổ năm 2025", dt.date(2025, 12, 31))],
    ),
    (
        "Hồ sơ đánh giá nội bộ (kế hoạch, báo cáo, phiếu ghi chép)",
        None,
        "QT-ĐGNB",
        "Thư ký ISO",
        "Văn phòng Sở, tủ hồ sơ ISO",
        36,
        "shred",
        [("Đợt đánh giá năm 2022", dt.date(2022, 11, 30)), ("Đợt đánh giá năm 2025", dt.date(2025, 11, 30))],
    ),
    (
        "Quyết định ban hành tài liệu hệ thống quản lý chất lượng",
        None,
        "QT-KSTL",
        "Thư ký ISO",
        "Kho lưu trữ cơ quan",
        None,
        "archive",
        [("Quyết định năm 2024", dt.date(2024, 12, 31))],
    ),
]


def _record_rules(today: dt.date) -> None:
    """Record rules of Sở Tư pháp, with batches kept: some already due for disposal."""
    secretary = User.objects.get(username="stp.thuky")
    agency = Organisation.objects.get(code=STP)
    units = {o.name: o for o in Organisation.objects.filter(agency=agency)}
    documents = {d.code: d for d in Document.objects.filter(agency=agency)}
    for name, unit, code, keeper, place, months, method, batches in RECORD_RULES:
        rule = services_records.record_rule_create(
            actor=secretary,
            organisation=units.get(unit, agency) if unit else agency,
            name=name,
            keeper=keeper,
            place=place,
            retention_months=months,
            disposal_method=method,
            document=documents.get(code) if code else None,
        )
        for label, period_end in batches:
            if period_end <= today:
                services_records.record_holding_add(actor=secretary, rule=rule, label=label, period_end=period_end)


@transaction.atomic
def load_demo_documents(*, today: dt.date | None = None) -> dict[str, int]:
    """Create the demo documents once (after the people demo and the legal register) and return
    what exists for the three demo agencies; ``legal_texts_missing`` counts the wanted legal bases
    the register lacks. Does nothing, and returns zeros, when Sở Tư pháp already has documents."""
    keys = ("documents", "revisions", "distributions", "change_requests", "legal_bases", "legal_texts_missing")
    if Document.objects.filter(agency__code=STP).exists():
        return dict.fromkeys(keys, 0)
    today = today or timezone.localdate()
    missing: set[str] = set()
    _stp(today, missing)
    _commune(today, missing)
    _dost(today, missing)
    _record_rules(today)
    docs = Document.objects.filter(agency__code__in=[STP, HALONG, SKHCN])
    citations = LegalCitation.objects.filter(
        target_type__app_label="documents", target_type__model="document", target_id__in=docs.values("pk")
    )
    counts = [
        docs.count(),
        DocumentRevision.objects.filter(document__in=docs).count(),
        Distribution.objects.filter(revision__document__in=docs).count(),
        ChangeRequest.objects.filter(document__in=docs).count(),
        citations.count(),
        len(missing),
    ]
    return dict(zip(keys, counts, strict=True))
