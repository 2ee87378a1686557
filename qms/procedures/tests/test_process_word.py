"""The process as a Word file: identification table, responsibility block from the decision
snapshots, sections, steps table, forms and records; the download page."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from qms.documents import services as document_services
from qms.procedures import selectors_processes as selectors
from qms.procedures import services_processes as services
from qms.procedures import word

from .test_process_kit import *  # noqa: F403
from .test_process_kit import add_steps, issue

pytestmark = pytest.mark.django_db


def _texts(paragraphs) -> list[str]:
    return [p.text for p in paragraphs if p.text]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture
def effective(process, secretary, head, hctp, forms, procedures):
    add_steps(process, secretary, hctp, forms)
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures[:2])
    services.process_update(
        actor=secretary,
        content=process,
        expected_version=None,
        references="TCVN ISO 9001:2015",
        definitions="LLTP: Lý lịch tư pháp",
        time_limit_text="10 ngày làm việc",
        other_forms="Tờ khai (mẫu của Bộ Tư pháp)",
    )
    services.process_record_add(
        actor=secretary,
        content=process,
        expected_version=None,
        name="Phiếu lý lịch tư pháp đã cấp",
        keeper="Phòng Hành chính tư pháp",
        retention="Vĩnh viễn",
    )
    issue(process.document, secretary=secretary, head=head)
    return process


def _render(user, document_id, number=None) -> docx.document.Document:
    page = selectors.process_get_for_user(user, document_id, number=number)
    return docx.Document(BytesIO(word.render_process(page)))


def test_identification_and_responsibility(effective, secretary):
    result = _render(secretary, effective.document_id)
    header = _rows(result.tables[0])
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert header == [
        [
            "UBND TỈNH QUẢNG NINH\nSỞ TƯ PHÁP",
            "QUY TRÌNH\nCẤP PHIẾU LÝ LỊCH TƯ PHÁP",
            f"Mã hiệu: QT 01/HCTP\nLần ban hành: 01\nNgày hiệu lực: {today}",
        ]
    ]
    assert _rows(result.tables[1]) == [
        ["", "Người soạn thảo", "Người xem xét", "Người phê duyệt"],
        ["Họ và tên", "Lê Văn Cường", "Đỗ Văn Giang", "Đỗ Văn Giang"],
        ["Chức vụ", "Thư ký ISO", "Giám đốc Sở", "Giám đốc Sở"],
        ["Chữ ký", "\n\n", "", ""],
        ["Ngày", today, today, today],
    ]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in _texts(result.paragraphs)


def test_sections_steps_forms_and_records(effective, secretary):
    result = _render(secretary, effective.document_id)
    body = _texts(result.paragraphs)
    for heading in (
        "1. MỤC ĐÍCH",
        "2. PHẠM VI",
        "3. TÀI LIỆU VIỆN DẪN",
        "4. ĐỊNH NGHĨA, VIẾT TẮT",
        "5. NỘI DUNG QUY TRÌNH",
        "5.1. Thủ tục hành chính áp dụng",
        "5.2. Thành phần hồ sơ",
        "5.3. Thời hạn giải quyết",
        "5.4. Trình tự xử lý công việc",
        "6. BIỂU MẪU",
        "7. HỒ SƠ CẦN LƯU",
    ):
        assert heading in body, heading
    assert "- 1.001 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" in body
    assert "- TCVN ISO 9001:2015" in body
    steps = _rows(result.tables[2])
    assert steps[0] == ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả"]
    assert steps[1] == [
        "B1",
        "Tiếp nhận\nTiếp nhận, kiểm tra hồ sơ",
        "Công chức một cửa",
        "0,5 ngày làm việc",
        "BM.01-QT01",
    ]
    assert steps[2][2] == "Phòng Hành chính tư pháp"
    assert steps[3][2] == "Chuyên viên — Phòng Hành chính tư pháp"
    assert steps[2][3] == "4 giờ làm việc"
    assert steps[6][3] == "Theo ngày hẹn"
    assert len(steps) == 7
    assert (
        "Tổng thời gian giải quyết theo quy trình: 8,13 ngày làm việc. Thời hạn theo quy định: "
        "1.001: 10 ngày làm việc; 1.002: 10 ngày làm việc." in body
    )
    assert _rows(result.tables[3]) == [
        ["TT", "Mã hiệu", "Tên biểu mẫu"],
        ["1", "BM.01-QT01", "Phiếu tiếp nhận và hẹn trả kết quả"],
        ["2", "BM.02-QT01", "Phiếu kiểm soát quá trình giải quyết hồ sơ"],
        ["3", "BM.05-QT01", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"],
        ["4", "", "Tờ khai (mẫu của Bộ Tư pháp)"],
    ]
    assert _rows(result.tables[4]) == [
        ["TT", "Tên hồ sơ", "Bộ phận lưu", "Thời gian lưu"],
        ["1", "Phiếu lý lịch tư pháp đã cấp", "Phòng Hành chính tư pháp", "Vĩnh viễn"],
    ]


def test_a_draft_says_so_and_logs_the_amendment(effective, secretary):
    revision = document_services.revision_start(
        actor=secretary, document=effective.document, change_summary="Rút thời gian tra cứu (Bước 3)."
    )
    result = _render(secretary, effective.document_id, number=revision.number)
    body = _texts(result.paragraphs)
    assert body[0] == "DỰ THẢO — lần ban hành 2 (Dự thảo)"
    assert "Lần ban hành: 02\nNgày hiệu lực: …/…/……" in _rows(result.tables[0])[0][2]
    assert _rows(result.tables[1])[1] == ["Họ và tên", "", "", ""]  # nobody has decided on it yet
    assert "THEO DÕI SỬA ĐỔI TÀI LIỆU" in body
    assert _rows(result.tables[2])[1] == ["1", "", "Rút thời gian tra cứu (Bước 3).", "02"]


def test_a_revision_written_as_text_prints_its_text(department, secretary):
    document = document_services.document_create(
        actor=secretary,
        organisation=department,
        code="QT 09",
        title="Quy trình cũ",
        kind="process",
        content="1. MỤC ĐÍCH\nQuy định trình tự cũ.",
    )
    result = _render(secretary, document.pk)
    assert _texts(result.paragraphs)[-2:] == ["1. MỤC ĐÍCH", "Quy định trình tự cũ."]


def test_word_download(client, effective, reader):
    client.force_login(reader)
    response = client.get(reverse("procedures:process_word", args=[effective.document_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "QT%2001-HCTP%20-%20l%E1%BA%A7n%20ban%20h%C3%A0nh%201.docx" in response["Content-Disposition"]
    result = docx.Document(BytesIO(response.content))
    assert _rows(result.tables[2])[1][0] == "B1"


# 23:30 UTC on 07/12/2026 is 06:30 on 08/12/2026 in Vietnam: every printed date is Vietnam's.
LATE_UTC = dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)


def test_dates_are_vietnam_dates_when_utc_is_still_the_day_before(process, secretary, head, hctp, forms, procedures):
    with time_machine.travel(LATE_UTC, tick=False):
        add_steps(process, secretary, hctp, forms)
        services.process_set_procedures(
            actor=secretary, content=process, expected_version=None, procedures=procedures[:1]
        )
        issue(process.document, secretary=secretary, head=head)
        result = _render(secretary, process.document_id)
    header = _rows(result.tables[0])[0]
    assert "Ngày hiệu lực: 08/12/2026" in header[2]
    assert _rows(result.tables[1])[4] == ["Ngày", "08/12/2026", "08/12/2026", "08/12/2026"]
    assert "07/12/2026" not in "\n".join(c.text for t in result.tables for row in t.rows for c in row.cells)


def test_exports_print_vietnam_date(department, procedures):
    from openpyxl import load_workbook

    from qms.procedures import exports

    with time_machine.travel(LATE_UTC, tick=False):
        data = exports.scope_workbook(department, [])
    sheet = load_workbook(BytesIO(data)).active
    assert sheet["A2"].value.endswith("08/12/2026")
