"""Coverage arithmetic: shared procedures, processes covering several procedures, other agencies'
processes, drafts and superseded revisions, over-limit processes, and the obligations that follow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.documents.models import Document, DocumentRevision, DocumentStatus, RevisionStatus
from qms.obligations.models import Obligation, ObligationKind, ObligationStatus
from qms.procedures import selectors
from qms.procedures.coverage import coverage_recompute, obligation_key
from qms.procedures.models import CoverageSummary, ProcedureAssignment

from .conftest import TODAY, assign, make_decision, make_procedure, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(province, department, commune):
    procedures = [make_procedure(province, f"1.00{n}", time_limit_days=Decimal(n)) for n in range(1, 6)]
    return procedures


def summary(agency):
    row = CoverageSummary.objects.get(agency=agency)
    return (row.assigned, row.covered, row.over_limit, row.percent)


def test_processes_covering_several_procedures_and_procedures_shared_by_processes(department, catalogue):
    p1, p2, p3, p4, _p5 = catalogue
    for p in (p1, p2, p3, p4):
        assign(p, department)
    make_process(department, "QT 01", [p1, p2], total=1)  # one process, two TTHC
    make_process(department, "QT 02", [p2], total=1)  # p2 shared by two processes

    coverage_recompute(agency_ids=[department.pk], today=TODAY)

    assert summary(department) == (4, 2, 0, 50.0)
    assert set(ProcedureAssignment.objects.filter(covered=True).values_list("procedure__code", flat=True)) == {
        "1.001",
        "1.002",
    }
    rows = selectors.agency_scope(department)
    assert [(r.code, r.covered, [p.code for p in r.processes]) for r in rows] == [
        ("1.001", True, ["QT 01"]),
        ("1.002", True, ["QT 01", "QT 02"]),
        ("1.003", False, []),
        ("1.004", False, []),
    ]
    coverage = selectors.coverage_for_agency(department)
    assert (coverage.assigned, coverage.covered, coverage.uncovered, coverage.percent) == (4, 2, 2, 50.0)


def test_only_the_agencys_own_current_effective_revision_counts(department, commune, catalogue):
    p1, p2, p3, p4, p5 = catalogue
    for p in catalogue:
        assign(p, department)
    assign(p1, commune)
    make_process(commune, "QT 01/TP", [p1, p2], total=1)  # another agency's process
    make_process(department, "QT draft", [p3], status=DocumentStatus.DRAFT)
    obsolete = make_process(department, "QT cũ", [p4])
    Document.objects.filter(pk=obsolete.pk).update(status=DocumentStatus.OBSOLETE)
    superseded = make_process(department, "QT 05", [])
    # Revision 1 listed p5 and was superseded by revision 2, which no longer does.
    old = DocumentRevision.objects.get(document=superseded)
    old.process.procedures.set([p5])
    DocumentRevision.objects.filter(pk=old.pk).update(status=RevisionStatus.SUPERSEDED)
    new = DocumentRevision.objects.create(document=superseded, number=2, status=RevisionStatus.EFFECTIVE)
    Document.objects.filter(pk=superseded.pk).update(current_revision=new)

    coverage_recompute(agency_ids=[department.pk, commune.pk], today=TODAY)

    assert summary(department) == (5, 0, 0, 0.0)
    assert summary(commune) == (1, 1, 0, 100.0)


def test_over_limit_counts_covered_assignments_with_any_slow_process(department, catalogue):
    p1, p2, p3, _p4, _p5 = catalogue  # limits 1, 2, 3 days
    for p in (p1, p2, p3):
        assign(p, department)
    make_process(department, "QT nhanh", [p1, p2], total=Decimal("1.5"))  # too slow for p1 only
    make_process(department, "QT chậm", [p2], total=Decimal("2.5"))  # too slow for p2 as well
    make_process(department, "QT 3", [p3], total=3)  # exactly the limit: fine

    coverage_recompute(agency_ids=[department.pk], today=TODAY)

    assert summary(department) == (3, 3, 2, 100.0)
    rows = {r.code: r.over_limit for r in selectors.agency_scope(department)}
    assert rows == {"1.001": True, "1.002": True, "1.003": False}


def test_procedure_without_a_time_limit_is_never_over(department, province):
    p = make_procedure(province, "2.000908.00", time_limit_days=None, time_limit_text="Trong ngày")
    assign(p, department)
    make_process(department, "QT", [p], total=40)
    coverage_recompute(agency_ids=[department.pk], today=TODAY)
    assert summary(department) == (1, 1, 0, 100.0)


def test_ended_assignments_do_not_count_and_empty_agencies_lose_their_summary(department, catalogue):
    a = assign(catalogue[0], department)
    coverage_recompute(agency_ids=[department.pk], today=TODAY)
    assert summary(department) == (1, 0, 0, 0.0)
    ProcedureAssignment.objects.filter(pk=a.pk).update(is_active=False, ended_on=TODAY)
    coverage_recompute(agency_ids=[department.pk], today=TODAY)
    assert not CoverageSummary.objects.filter(agency=department).exists()
    assert selectors.coverage_for_agency(department).percent is None


def test_uncovered_assignment_opens_one_obligation_due_in_three_months(province, department, catalogue):
    decision = make_decision(province)
    a = assign(catalogue[0], department, on=dt.date(2026, 1, 31), decision=decision)

    result = coverage_recompute(agency_ids=[department.pk], today=TODAY)
    coverage_recompute(agency_ids=[department.pk], today=TODAY)  # idempotent

    assert result.obligations_opened == 1
    obligation = Obligation.objects.get()
    assert obligation.key == obligation_key(a.pk, 1)
    assert obligation.kind == ObligationKind.PROCESS_FOR_PROCEDURE
    assert obligation.organisation == department
    assert obligation.due_on == dt.date(2026, 4, 30)
    assert obligation.title == "Xây dựng hoặc mở rộng quy trình cho TTHC 1.001 Thủ tục 1.001"
    assert obligation.source_repr == "Quyết định công bố 1949/QĐ-UBND"
    assert obligation.status == ObligationStatus.OPEN


def test_covering_closes_the_obligation_and_withdrawing_opens_a_new_one(department, catalogue):
    a = assign(catalogue[0], department)
    coverage_recompute(agency_ids=[department.pk], today=TODAY)
    document = make_process(department, "QT 01", [catalogue[0]])

    result = coverage_recompute(agency_ids=[department.pk], today=TODAY)

    assert (result.covered, result.obligations_closed) == (1, 1)
    assert Obligation.objects.get().status == ObligationStatus.DONE

    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.OBSOLETE)
    later = TODAY + dt.timedelta(days=10)
    result = coverage_recompute(agency_ids=[department.pk], today=later)

    assert (result.uncovered, result.obligations_opened) == (1, 1)
    reopened = Obligation.objects.get(status=ObligationStatus.OPEN)
    assert reopened.key == obligation_key(a.pk, 2)
    assert reopened.due_on == dt.date(2026, 6, 26)
    assert "đã bị thu hồi" in reopened.title
    assert summary(department) == (1, 0, 0, 0.0)


def test_assignment_covered_from_the_start_opens_nothing(department, catalogue):
    assign(catalogue[0], department)
    make_process(department, "QT 01", [catalogue[0]])
    coverage_recompute(agency_ids=[department.pk], today=TODAY)
    assert not Obligation.objects.exists()


def test_recompute_is_set_based(province, department, commune, catalogue):
    for p in catalogue:
        assign(p, department)
        assign(p, commune)
    make_process(department, "QT 01", catalogue[:3])
    coverage_recompute(agency_ids=[department.pk, commune.pk], today=TODAY)
    # More data does not mean more queries.
    more = [make_procedure(province, f"2.00{n}") for n in range(10)]
    for p in more:
        assign(p, department)
        assign(p, commune)
    with CaptureQueriesContext(connection) as queries:
        coverage_recompute(agency_ids=[department.pk, commune.pk], today=TODAY)
    assert len(queries) <= 14


def test_assignable_procedures_are_the_active_assigned_ones(department, commune, catalogue):
    assign(catalogue[0], department)
    assign(catalogue[1], department, is_active=False)
    assign(catalogue[2], commune)
    catalogue[3].status = "abolished"
    catalogue[3].save()
    assign(catalogue[3], department)
    assert [p.code for p in selectors.procedures_assignable_to_process(department)] == ["1.001"]
