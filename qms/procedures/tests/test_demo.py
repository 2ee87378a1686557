"""The demo catalogue: Quảng Ninh's procedures from the real sample, four publishing decisions
(one entered late, the last one giving Sở Tư pháp the lawyers' TTHC in late December), the demo
processes' procedures assigned to their agencies, the holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.obligations.models import Obligation
from qms.people.demo import load_demo
from qms.procedures import calendar
from qms.procedures.demo import DEMO_PROCESS_PROCEDURES, LAWYERS, load_demo_procedures
from qms.procedures.models import (
    AdministrativeProcedure,
    CalendarDay,
    CoverageSummary,
    ProcedureAssignment,
    PublishingDecision,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_catalogue_loads_once():
    load_demo()
    counts = load_demo_procedures()

    assert counts["procedures"] == AdministrativeProcedure.objects.filter(catalogue__code="22").count() > 200
    assert CalendarDay.objects.filter(day__year=2026).exists()
    assert not calendar.is_working_day(dt.date(2026, 2, 17))  # mùng 1 Tết Bính Ngọ
    decisions = list(PublishingDecision.objects.order_by("signed_on"))
    assert [(d.number, d.is_late) for d in decisions] == [
        ("2150/QĐ-UBND", False),
        ("3312/QĐ-UBND", False),
        ("3520/QĐ-UBND", True),
        ("3796/QĐ-UBND", False),
    ]
    for agency_code, processes in DEMO_PROCESS_PROCEDURES.items():
        for codes in processes.values():
            for code in codes:
                procedure = AdministrativeProcedure.objects.get(catalogue__code="22", code=code)
                if procedure.status == "active":
                    assert ProcedureAssignment.objects.filter(
                        procedure=procedure, agency__code=agency_code, is_active=True
                    ).exists(), code
    assert AdministrativeProcedure.objects.get(code="2.001418").status == "abolished"
    assert AdministrativeProcedure.objects.get(code="1.001122.000").time_limit_days == 15
    stp = CoverageSummary.objects.get(agency__code="22.STP")
    assert (stp.assigned, stp.covered) == (15, 0)  # no process yet: the process demo comes next
    assert Obligation.objects.filter(kind="process_for_procedure", organisation__code="22.STP").count() == 16
    lawyers = ProcedureAssignment.objects.filter(agency__code="22.STP", procedure__code__in=LAWYERS, is_active=True)
    assert sorted((a.procedure.code, a.assigned_on, a.decision.number) for a in lawyers) == [
        ("1.002055", dt.date(2025, 12, 26), "3796/QĐ-UBND"),
        ("1.002079", dt.date(2025, 12, 26), "3796/QĐ-UBND"),
    ]
    earlier = ProcedureAssignment.objects.filter(agency__code="22.STP", is_active=True).exclude(
        procedure__code__in=LAWYERS
    )
    assert set(earlier.values_list("assigned_on", flat=True)) == {dt.date(2025, 7, 15)}
    assert ProcedureAssignment.objects.filter(is_active=True).count() == 285  # 2.001418 abolished
    assert AdministrativeProcedure.objects.filter(assignments__isnull=True).exists()  # some left unassigned

    assert load_demo_procedures() == {"procedures": 0, "obligations": 0}
