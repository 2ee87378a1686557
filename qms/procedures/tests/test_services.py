"""Corrections and manual assignments: permissions, validation, history, obligations, coverage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qms.core.tests.factories import make_org
from qms.core.tests.pagekit import audited, unchanged
from qms.obligations.models import Obligation, ObligationStatus
from qms.procedures import services
from qms.procedures.coverage import coverage_recompute
from qms.procedures.models import CoverageSummary, ProcedureChange

from .conftest import TODAY, assign, make_procedure, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(province):
    return make_procedure(province, "1.001234", "Cấp Phiếu lý lịch tư pháp", time_limit_days=Decimal(10))


def test_update_records_an_amendment_without_decision(procedure, coordinator):
    with audited("procedures.update"):
        services.procedure_update(
            actor=coordinator, procedure=procedure, expected_version=procedure.version, time_limit_days=Decimal(7)
        )
    change = ProcedureChange.objects.get()
    assert (change.kind, change.decision, change.changes) == (
        "amended",
        None,
        {"time_limit_days": {"before": "10", "after": "7"}},
    )
    assert procedure.search_text == "1.001234 cap phieu ly lich tu phap chung thuc"


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": " "}, "name"), ({"level": "galaxy"}, "level"), ({"time_limit_days": Decimal(-1)}, "time_limit_days")],
)
def test_update_validates(procedure, coordinator, fields, field):
    with pytest.raises(ValidationError) as caught:
        services.procedure_update(actor=coordinator, procedure=procedure, expected_version=None, **fields)
    assert field in caught.value.message_dict


def test_only_the_coordinator_corrects_and_assigns(procedure, secretary, outsider, department):
    for user in (secretary, outsider):
        with unchanged(), pytest.raises(PermissionDenied):
            services.procedure_update(actor=user, procedure=procedure, expected_version=None, name="X")
        with unchanged(), pytest.raises(PermissionDenied):
            services.procedure_assign(actor=user, procedure=procedure, agency=department)


def test_assign_opens_an_obligation_unless_covered(procedure, coordinator, department, commune, province):
    make_process(commune, "QT 02/TP", [procedure])
    services.procedure_assign(actor=coordinator, procedure=procedure, agency=commune, today=TODAY)
    assert not Obligation.objects.exists()
    assert CoverageSummary.objects.get(agency=commune).covered == 1
    assignment = services.procedure_assign(
        actor=coordinator, procedure=procedure, agency=department, assigned_on=dt.date(2026, 3, 2), today=TODAY
    )
    obligation = Obligation.objects.get()
    assert (obligation.organisation, obligation.due_on) == (department, dt.date(2026, 6, 2))
    assert assignment.process_cycle == 1


@pytest.mark.parametrize("case", ["twice", "unit", "other_province", "abolished", "future"])
def test_assign_refuses(procedure, coordinator, department, unit, other_province, case):
    agency, assigned_on = department, None
    if case == "twice":
        assign(procedure, department)
    elif case == "unit":
        agency = unit
    elif case == "other_province":
        agency = make_org("department", other_province, name="Sở Tư pháp Bắc Ninh", code="24-STP")
    elif case == "abolished":
        procedure.status = "abolished"
        procedure.save()
    else:
        assigned_on = TODAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.procedure_assign(
            actor=coordinator, procedure=procedure, agency=agency, assigned_on=assigned_on, today=TODAY
        )


def test_unassign_closes_the_obligation_and_refuses_twice(procedure, coordinator, department):
    assignment = assign(procedure, department)
    coverage_recompute(agency_ids=[department.pk], today=TODAY)
    with audited("obligation.close_auto", "procedures.unassign"):
        services.procedure_unassign(actor=coordinator, assignment=assignment, reason="QĐ 12/QĐ-UBND", today=TODAY)
    assert Obligation.objects.get().status == ObligationStatus.DONE
    assert not CoverageSummary.objects.filter(agency=department).exists()
    with pytest.raises(ValidationError):
        services.procedure_unassign(actor=coordinator, assignment=assignment, reason="lại", today=TODAY)
