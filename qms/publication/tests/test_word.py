"""The Word output: the publication decision with its annex, and the notice to the DOST.

Set ``QMS_WORD_OUT=/some/dir`` to keep the generated files for a visual check (LibreOffice → PDF).
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import docx
import pytest

from qms.publication import services, word

from .conftest import TODAY, issue_now, make_process

pytestmark = pytest.mark.django_db


def _keep(name: str, data: bytes) -> None:
    folder = os.environ.get("QMS_WORD_OUT")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


def _open(stored) -> docx.document.Document:
    with stored.file.open("rb") as f:
        data = f.read()
    _keep(stored.original_name, data)
    return docx.Document(BytesIO(data))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1][1]:
                cells.append((cell.text, cell._tc))
        rows.append([text for text, _tc in cells])
    return rows


def test_decision_body_articles_recipients_and_annex(full_scope, department, secretary_vp, head, dost):
    internal = make_process(department, "QT-01", "Kiểm soát tài liệu", [])
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    issued = issue_now(draft, head)
    document = _open(issued.decision_file)
    header = document.tables[0]
    assert header.rows[1].cells[0].text == "Số: 125/QĐ-STP"
    assert header.rows[1].cells[1].text == "Quảng Ninh, ngày 20 tháng 11 năm 2026"
    body = _texts(document)
    assert body[:3] == [
        "QUYẾT ĐỊNH",
        "Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015",
        "GIÁM ĐỐC SỞ TƯ PHÁP",
    ]
    assert body[3].startswith("Căn cứ Quyết định số 19/2014/QĐ-TTg")
    assert "Theo đề nghị của Chánh Văn phòng Sở." in body
    assert "QUYẾT ĐỊNH:" in body
    article1 = next(t for t in body if t.startswith("Điều 1."))
    assert article1 == (
        "Điều 1. Công bố Hệ thống quản lý chất lượng của Sở Tư pháp phù hợp Tiêu chuẩn quốc gia TCVN ISO "
        "9001:2015 đối với các lĩnh vực hoạt động, thủ tục hành chính (3 thủ tục hành chính thuộc 3 lĩnh vực và "
        "1 hoạt động xử lý công việc khác) tại Phụ lục kèm theo Quyết định này."
    )
    assert "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." in body
    assert next(t for t in body if t.startswith("Điều 3.")).endswith("chịu trách nhiệm thi hành Quyết định này./.")
    recipients = [p.text for p in document.tables[1].rows[0].cells[0].paragraphs if p.text]
    assert recipients[:3] == [
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Sở Khoa học và Công nghệ tỉnh Quảng Ninh (để theo dõi);",
    ]
    assert recipients[-1] == "- Lưu: VT."
    signer = [p.text for p in document.tables[1].rows[0].cells[1].paragraphs if p.text]
    assert signer == ["GIÁM ĐỐC", "Nguyễn Văn Minh"]
    assert "(Kèm theo Quyết định số 125/QĐ-STP ngày 20 tháng 11 năm 2026 của Giám đốc Sở Tư pháp)" in body
    annex = _rows(document.tables[2])
    assert annex == [
        ["TT", "Tên thủ tục hành chính", "Mã TTHC", "Quy trình áp dụng"],
        ["I. Lĩnh vực Chứng thực"],
        ["1", "Chứng thực bản sao từ bản chính giấy tờ", "1.008926", "QT 02/CT"],
        ["II. Lĩnh vực Công chứng"],
        ["2", "Đăng ký hành nghề công chứng", "2.000815", "QT 03/CC"],
        ["III. Lĩnh vực Lý lịch tư pháp"],
        ["3", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", "1.001234", "QT 01/LLTP"],
    ]
    assert _rows(document.tables[3]) == [["TT", "Tên hoạt động", "Quy trình áp dụng"], ["1", internal.title, "QT-01"]]
    assert len(document.tables) == 4  # no gap section
    assert not any("CHƯA XÂY DỰNG QUY TRÌNH" in t for t in body)


def test_decision_with_gap_lists_it_apart(scope, department, secretary_vp, head, dost):
    issued = issue_now(
        services.publication_draft_create(actor=secretary_vp, agency=department), head, acknowledge_gap=True
    )
    document = _open(issued.decision_file)
    body = _texts(document)
    assert "A. THỦ TỤC HÀNH CHÍNH" in body
    assert "B. THỦ TỤC HÀNH CHÍNH CHƯA XÂY DỰNG QUY TRÌNH (CHƯA THUỘC PHẠM VI CÔNG BỐ)" in body
    assert any(
        "1/3 thủ tục hành chính thuộc thẩm quyền giải quyết chưa có quy trình (tỷ lệ bao phủ 66,7%" in t for t in body
    )
    article1 = next(t for t in body if t.startswith("Điều 1."))
    assert "(2 thủ tục hành chính thuộc 2 lĩnh vực)" in article1
    assert any(t.startswith("Đối với 1 thủ tục hành chính chưa xây dựng quy trình (Mục B của Phụ lục)") for t in body)
    assert _rows(document.tables[3]) == [
        ["TT", "Tên thủ tục hành chính", "Mã TTHC", "Lĩnh vực"],
        ["1", "Đăng ký hành nghề công chứng", "2.000815", "Công chứng"],
    ]


def test_notice_letter(full_scope, department, secretary_vp, head, dost):
    issued = issue_now(services.publication_draft_create(actor=secretary_vp, agency=department), head)
    document = _open(issued.notice_file)
    number_cell = [p.text for p in document.tables[0].rows[1].cells[0].paragraphs if p.text]
    assert number_cell == [
        "Số: 2150/STP-VP",
        "V/v thông báo công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015",
    ]
    body = _texts(document)
    assert body[0] == "Kính gửi: Sở Khoa học và Công nghệ tỉnh Quảng Ninh."
    assert (
        "Ngày 20 tháng 11 năm 2026, Giám đốc Sở Tư pháp đã ban hành Quyết định số 125/QĐ-STP về việc công bố "
        "Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015 đối với 3 thủ tục hành chính "
        "thuộc 3 lĩnh vực (Quyết định và Phụ lục kèm theo)."
    ) in body
    assert body[-1].endswith("biết, theo dõi và tổng hợp./.")
    assert "QUYẾT ĐỊNH" not in body


def test_draft_preview_has_blank_number_and_date(scope, department, secretary_vp, head):
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    data = word.render_decision(draft)
    _keep("draft.docx", data)
    document = docx.Document(BytesIO(data))
    assert document.tables[0].rows[1].cells[0].text == "Số:      /QĐ-STP"
    assert document.tables[0].rows[1].cells[1].text.startswith("Quảng Ninh, ngày     tháng     năm")
    assert word.decision_filename(draft) == "Dự thảo quyết định công bố HTQLCL - Sở Tư pháp.docx"


def test_commune_wording(province, commune, dost):
    from qms.core.tests.factories import UserFactory, grant

    from .conftest import assign, make_procedure

    leader = UserFactory(full_name="Bùi Quang Huy")
    grant(leader, commune, "leader", position="Chủ tịch UBND phường")
    secretary = UserFactory(full_name="Đặng Thu Trang")
    grant(secretary, commune, "iso_secretary")
    p = make_procedure(province, "1.000656", "Đăng ký khai sinh", "Hộ tịch")
    assign(p, commune)
    make_process(commune, "QT-HT-01", "Quy trình đăng ký khai sinh", [p])
    draft = services.publication_draft_create(actor=secretary, agency=commune)
    assert draft.issuer == "Ủy ban nhân dân phường Hạ Long"
    assert draft.issuer_parent == ""
    assert draft.place == "Hạ Long"
    assert (draft.symbol, draft.notice_symbol) == ("QĐ-UBND", "UBND")
    assert draft.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG HẠ LONG"
    assert (draft.signer_title, draft.signer_name) == ("Chủ tịch", "Bùi Quang Huy")
    issued = issue_now(draft, leader, signer_title="Chủ tịch")
    body = _texts(_open(issued.decision_file))
    assert (
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 20 tháng 11 năm 2026 của Chủ tịch Ủy ban nhân dân phường Hạ Long)"
        in body
    )
    assert TODAY.year == 2026


def test_republication_decision_replaces_the_previous_one(published, department, province, secretary_vp, head):
    from .conftest import assign, make_procedure

    added = make_procedure(province, "1.000001", "Thủ tục mới được giao", "Hộ tịch")
    assign(added, department)
    make_process(department, "QT 04", "Quy trình thủ tục mới", [added])
    second = issue_now(services.publication_draft_create(actor=secretary_vp, agency=department), head, number="300")
    body = _texts(_open(second.decision_file))
    assert (
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 125/QĐ-STP ngày 20 tháng 11 "
        "năm 2026 của Giám đốc Sở Tư pháp về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia "
        "TCVN ISO 9001:2015."
    ) in body
    notice = _texts(_open(second.notice_file))
    assert (
        "Quyết định này thay thế Quyết định số 125/QĐ-STP ngày 20 tháng 11 năm 2026 do phạm vi áp dụng Hệ thống "
        "quản lý chất lượng thay đổi: bổ sung 1 thủ tục hành chính."
    ) in notice
