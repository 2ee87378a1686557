"""The demo processes: every revision of the demo process documents gets its structured content
from the document demo's specs, linked to matching TTHC of its agency; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal

import pytest

from qms.documents.demo import load_demo_documents
from qms.documents.models import Document
from qms.legal.demo import load_legal_register
from qms.people.demo import load_demo
from qms.procedures.demo_processes import load_demo_processes, parse_time
from qms.procedures.models import ProcessContent, ProcessStep

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 11, 21)
HAS_PROCEDURES_DEMO = importlib.util.find_spec("qms.procedures.demo") is not None


def test_parse_time():
    assert parse_time("0,5 ngày làm việc") == (Decimal("0.5"), "days", "")
    assert parse_time("2 giờ làm việc") == (Decimal(2), "hours", "")
    assert parse_time("02 ngày làm việc") == (Decimal(2), "days", "")
    assert parse_time("Theo ngày hẹn trên Phiếu tiếp nhận") == (
        Decimal(0),
        "days",
        "Theo ngày hẹn trên Phiếu tiếp nhận",
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
        load_legal_register()
        load_demo_documents(today=TODAY)
        if HAS_PROCEDURES_DEMO:
            from qms.procedures.demo import load_demo_procedures

            load_demo_procedures()
        first = load_demo_processes(today=TODAY)
        second = load_demo_processes(today=TODAY)
    yield first, second
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def _content(code: str, number: int) -> ProcessContent:
    return ProcessContent.objects.get(document__code=code, revision__number=number)


def test_every_revision_of_the_demo_processes_has_content_once(demo):
    first, second = demo
    # QT 01-07 (QT 01 and QT 02 twice), the 4 internal ones, 3 of Hạ Long, 2 of Sở KH&CN
    assert first["contents"] == 18
    assert second == {"contents": 0, "steps": 0, "procedure_links": 0}
    processes = Document.objects.filter(kind="process")
    assert ProcessContent.objects.filter(document__in=processes).count() == 18
    assert not Document.objects.filter(kind="process", revisions__process__isnull=True).exists()


def test_qt01_steps_forms_and_total(demo):
    v1, v2 = _content("QT 01/HCTP", 1), _content("QT 01/HCTP", 2)
    steps = list(v1.steps.order_by("order"))
    assert [s.title for s in steps] == [
        "Tiếp nhận, kiểm tra hồ sơ",
        "Chuyển hồ sơ",
        "Tra cứu, xác minh thông tin lý lịch tư pháp",
        "Lập Phiếu lý lịch tư pháp",
        "Kiểm tra, trình ký",
        "Ký Phiếu lý lịch tư pháp",
        "Vào sổ, đóng dấu",
        "Trả kết quả",
    ]
    assert sorted(f.code for f in steps[0].forms.all()) == ["BM.01-QT01", "BM.03-QT01", "BM.04-QT01", "BM.06-QT01"]
    assert steps[2].responsible_unit.name == "Phòng Hành chính tư pháp"
    assert steps[-1].duration == 0 and steps[-1].time_note.startswith("Theo ngày hẹn")
    assert v1.total_working_days == Decimal("10.00")  # 0,5 + 0,5 + 5 + 2 + 1 + 0,5 + 0,5
    assert v2.total_working_days == Decimal("10.00")  # revision 2: one day less to search, one more to sign
    assert list(v1.records.values_list("keeper", flat=True)) == ["BPTN&TKQ", "BPTN&TKQ", "Phòng Hành chính tư pháp"]
    assert v1.other_forms == "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu của Bộ Tư pháp)"


def test_the_text_of_issued_revisions_is_kept(demo):
    v1 = _content("QT 01/HCTP", 1)
    assert v1.revision.content.startswith("UBND TỈNH QUẢNG NINH — SỞ TƯ PHÁP")


def test_draft_qt07_gets_its_text_from_the_content(demo):
    draft = _content("QT 07/XDKT", 1)
    assert draft.revision.status == "draft"
    assert draft.revision.content.startswith("QUY TRÌNH: QUY TRÌNH THẨM ĐỊNH DỰ THẢO")
    assert ProcessStep.objects.filter(content=draft, forms__isnull=True).count() == 2


@pytest.mark.skipif(not HAS_PROCEDURES_DEMO, reason="the procedures demo is not there yet")
def test_processes_cover_some_procedures_and_leave_others_uncovered(demo):
    from qms.procedures.models import CoverageSummary, ProcedureAssignment

    summaries = {s.agency.code: (s.covered, s.over_limit) for s in CoverageSummary.objects.select_related("agency")}
    # Sở Tư pháp: QT 01, QT 02 (2 TTHC), QT 03, QT 04 (19,5 days for a 15-day TTHC: over the limit);
    # QT 05 is approved but not yet in force, so its 2 TTHC are not covered yet.
    assert summaries["22.STP"] == (5, 1)
    assert summaries["06688"] == (3, 0)
    assert summaries["22.SKHCN"] == (2, 0)
    stp = ProcedureAssignment.objects.filter(agency__code="22.STP", is_active=True)
    assert stp.filter(covered=False).count() == stp.count() - 5
    qt05 = list(_content("QT 05/BTTP", 1).procedures.values_list("code", flat=True))
    assert sorted(qt05) == ["1.002055", "1.002079"]
    assert not stp.filter(procedure__code__in=qt05, covered=True).exists()
    assert _content("QT 04/BTTP", 1).total_working_days == Decimal("19.50")
