"""The demo processes: every revision of the demo process documents gets its structured content
from the document demo's specs, linked to the TTHC published for it; the grouped processes of every
demo agency give a realistic coverage spread (a few TTHC newly published and not yet covered);
loading twice changes nothing."""

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
    assert second == {
        "contents": 0,
        "steps": 0,
        "procedure_links": 0,
        "grouped_processes": 0,
        "grouped_agencies": 0,
    }
    processes = Document.objects.filter(kind="process")
    assert ProcessContent.objects.filter(document__in=processes).count() == 18 + first["grouped_processes"]
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


# Coverage after the demo: (assigned, covered, over the time limit) per agency.
COVERAGE = {
    "22.STP": (15, 13, 1),
    "22.SKHCN": (23, 23, 0),
    "06688": (56, 52, 0),
    "06994": (56, 0, 0),
    "22.SNV": (52, 48, 0),
    "22.STC": (32, 32, 0),
    "22.SNNMT": (26, 21, 0),
    "22.SCT": (10, 10, 0),
    "22.SVHTTDL": (8, 8, 0),
    "22.SYT": (6, 6, 0),
    "22.VPUB": (1, 1, 0),
}
UNCOVERED = {
    "22.STP": ["1.002055", "1.002079"],  # the lawyers' TTHC of the late-December decision
    "06688": ["1.001662", "1.014034", "1.014035", "1.014999"],
    "22.SNV": ["1.013932", "1.013934", "1.013937", "2.001955"],
    "22.SNNMT": ["1.012498", "1.012503", "1.012504", "1.013644", "1.014466.H12"],
}


@pytest.mark.skipif(not HAS_PROCEDURES_DEMO, reason="the procedures demo is not there yet")
def test_realistic_coverage_spread(demo):
    from qms.obligations.models import Obligation
    from qms.procedures.models import CoverageSummary, ProcedureAssignment

    first, _second = demo
    assert (first["grouped_processes"], first["grouped_agencies"]) == (50, 10)
    summaries = {
        s.agency.code: (s.assigned, s.covered, s.over_limit) for s in CoverageSummary.objects.select_related("agency")
    }
    assert summaries == COVERAGE
    uncovered = ProcedureAssignment.objects.filter(is_active=True, covered=False).exclude(agency__code="06994")
    found: dict[str, list[str]] = {}
    for agency, code in uncovered.order_by("procedure__code").values_list("agency__code", "procedure__code"):
        found.setdefault(agency, []).append(code)
    assert found == UNCOVERED
    # Each uncovered TTHC has its open "write a process" obligation; the covered ones are closed.
    open_obligations = Obligation.objects.filter(kind="process_for_procedure", status="open")
    assert open_obligations.count() == sum(a - c for a, c, _o in COVERAGE.values()) == 71
    stp = open_obligations.filter(organisation__code="22.STP")
    assert sorted(o.subject_repr.split()[1] for o in stp) == UNCOVERED["22.STP"]
    assert {o.due_on for o in stp} == {dt.date(2026, 3, 26)}  # 3 months after the decision of 26/12/2025


@pytest.mark.skipif(not HAS_PROCEDURES_DEMO, reason="the procedures demo is not there yet")
def test_showcase_processes_of_so_tu_phap_are_kept(demo):
    from qms.procedures.models import ProcedureAssignment

    stp = ProcedureAssignment.objects.filter(agency__code="22.STP", is_active=True)
    qt05 = _content("QT 05/BTTP", 1)
    assert qt05.revision.status == "approved" and qt05.revision.effective_from == TODAY + dt.timedelta(days=7)
    assert sorted(qt05.procedures.values_list("code", flat=True)) == ["1.002055", "1.002079"]
    assert not stp.filter(procedure__code__in=["1.002055", "1.002079"], covered=True).exists()
    assert _content("QT 04/BTTP", 1).total_working_days == Decimal("19.50")  # 15-day TTHC: over the limit
    assert _content("QT 01/HCTP", 2).revision.status == "in_review"
    assert Document.objects.get(code="QT 06/HCTP").status == "obsolete"


@pytest.mark.skipif(not HAS_PROCEDURES_DEMO, reason="the procedures demo is not there yet")
def test_grouped_processes_stay_within_every_time_limit(demo):
    from qms.procedures.demo_grouped import grouped_codes

    grouped = ProcessContent.objects.filter(document__code__in=_grouped_document_codes()).prefetch_related("procedures")
    assert grouped.count() == 50
    for content in grouped:
        procedures = list(content.procedures.all())
        assert procedures, content
        assert content.revision.status == "effective", content
        for procedure in procedures:
            limit = procedure.time_limit_days
            assert limit is None or content.total_working_days <= limit, (content, procedure.code)
    served = {code for codes in grouped_codes().values() for code in codes}
    linked = set(
        ProcessContent.procedures.through.objects.filter(processcontent__in=grouped).values_list(
            "administrativeprocedure__code", flat=True
        )
    )
    assert linked == served


def _grouped_document_codes() -> list[str]:
    from qms.documents.demo import _spec
    from qms.procedures.demo_grouped_specs import PLANS

    return [_spec(b)["code"][0] for plan in PLANS for b in plan.specs.split("===") if b.strip()]


@pytest.mark.skipif(not HAS_PROCEDURES_DEMO, reason="the procedures demo is not there yet")
def test_a_grouped_process_of_so_tu_phap_written_by_its_secretary(demo):
    qt08 = _content("QT 08/BTTP", 1)
    assert sorted(qt08.procedures.values_list("code", flat=True)) == ["2.000568.000", "2.000823.000", "2.000890.000"]
    steps = list(qt08.steps.order_by("order"))
    assert [s.title for s in steps] == [
        "Tiếp nhận, kiểm tra hồ sơ",
        "Thẩm định hồ sơ",
        "Kiểm tra, trình ký",
        "Trình UBND tỉnh",
        "Xem xét, quyết định",
        "Vào sổ, đóng dấu, chuyển kết quả",
        "Trả kết quả",
    ]
    assert [s.duration for s in steps] == [Decimal("0.5"), 16, 1, 1, 8, Decimal("0.5"), 0]
    assert qt08.total_working_days == Decimal("27.00")  # the 3 TTHC allow 30 working days
    assert [s.responsible_unit.name if s.responsible_unit else None for s in steps] == [
        None,
        "Phòng Bổ trợ tư pháp",
        "Phòng Bổ trợ tư pháp",
        None,
        None,
        "Văn phòng Sở",
        None,
    ]
    assert sorted(f.code for f in steps[0].forms.all()) == ["BM.01-QT01", "BM.03-QT01", "BM.04-QT01", "BM.06-QT01"]
    assert [f.code for f in steps[1].forms.all()] == ["BM.02-QT01"]
    assert qt08.records.count() == 3
    revision = qt08.revision
    assert (revision.drafted_by.username, revision.effective_from) == ("stp.thuky", dt.date(2025, 10, 20))
    assert qt08.document.organisation.name == "Phòng Bổ trợ tư pháp"
    assert "Nghị định số 85/2013/NĐ-CP" in revision.content


@pytest.mark.skipif(not HAS_PROCEDURES_DEMO, reason="the procedures demo is not there yet")
def test_processes_of_agencies_without_demo_accounts_are_taken_over_by_the_system(demo):
    from qms.documents.models import RevisionDecision

    content = _content("QT 01/SNV", 1)
    assert content.procedures.count() == 15
    assert content.revision.effective_from == dt.date(2025, 9, 22)
    assert content.revision.reviewer.is_superuser
    approval = RevisionDecision.objects.get(revision=content.revision, kind="approve")
    assert approval.actor is None and "412/QĐ-SNV" in approval.comment
    assert content.other_forms.startswith("Phiếu tiếp nhận và hẹn trả kết quả (Mẫu số 01")
    # The yearly review was done: nothing of the grouped processes is overdue for review.
    overdue = Document.objects.filter(code__in=_grouped_document_codes(), status="effective", next_review_on__lt=TODAY)
    assert not overdue.exists()
    chung_thuc = _content("QT 05/TP", 1)
    assert chung_thuc.procedures.count() == 7
    assert chung_thuc.total_working_days == Decimal("0.88")  # 7 working hours; the TTHC allow 1 or 2 days
