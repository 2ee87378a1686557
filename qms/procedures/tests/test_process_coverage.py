"""Coverage end to end: processes written and issued through the services, document control's hooks
recompute the agency's coverage (``coverage_recompute``). Processes ↔ TTHC are many-to-many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qms.core.tests.factories import UserFactory, grant
from qms.documents import services as document_services
from qms.procedures import services_processes as services
from qms.procedures.models import CoverageSummary, ProcedureAssignment, ProcessContent

from .test_process_kit import *  # noqa: F403
from .test_process_kit import StepData, add_procedure, add_steps, issue

pytestmark = pytest.mark.django_db


def _covered(agency) -> dict[str, bool]:
    rows = ProcedureAssignment.objects.filter(agency=agency, is_active=True).values_list("procedure__code", "covered")
    return dict(rows)


def _summary(agency) -> tuple[int, int, int]:
    s = CoverageSummary.objects.get(agency=agency)
    return s.assigned, s.covered, s.over_limit


def _process(department, secretary, hctp, forms, code, procedures):
    content = services.process_create(actor=secretary, organisation=department, code=code, title=f"Quy trình {code}")
    add_steps(content, secretary, hctp, forms)
    services.process_set_procedures(actor=secretary, content=content, expected_version=None, procedures=procedures)
    return content


def test_a_draft_covers_nothing_and_issuing_covers_its_three_procedures(
    department, secretary, head, hctp, forms, procedures
):
    a = _process(department, secretary, hctp, forms, "QT 01", procedures[:3])
    assert not any(_covered(department).values())
    issue(a.document, secretary=secretary, head=head)
    assert _covered(department) == {"1.001": True, "1.002": True, "1.003": True, "2.001": False}
    # 8,13 days against 10, 10 and 5 days: one covered TTHC is served by a process that is too slow
    assert _summary(department) == (4, 3, 1)


def test_a_procedure_served_by_two_processes_stays_covered_when_one_is_withdrawn(
    department, secretary, head, hctp, forms, procedures
):
    a = _process(department, secretary, hctp, forms, "QT 01", procedures[:3])
    b = _process(department, secretary, hctp, forms, "QT 02", procedures[2:])
    issue(a.document, secretary=secretary, head=head)
    issue(b.document, secretary=secretary, head=head)
    assert _summary(department) == (4, 4, 1)
    document_services.document_withdraw(actor=head, document=b.document, reason="Gộp vào QT 01")
    assert _covered(department) == {"1.001": True, "1.002": True, "1.003": True, "2.001": False}
    assert _summary(department)[:2] == (4, 3)
    document_services.document_withdraw(actor=head, document=a.document, reason="Thay bằng quy trình mới")
    assert _summary(department)[:2] == (4, 0)


def test_a_new_revision_dropping_a_procedure_uncovers_it_once_in_force(
    department, secretary, head, hctp, forms, procedures
):
    a = _process(department, secretary, hctp, forms, "QT 01", procedures[:3])
    issue(a.document, secretary=secretary, head=head)
    revision = document_services.revision_start(actor=secretary, document=a.document, change_summary="Tách TTHC 1.003")
    draft = ProcessContent.objects.get(revision=revision)
    services.process_set_procedures(actor=secretary, content=draft, expected_version=None, procedures=procedures[:2])
    assert _covered(department)["1.003"] is True  # the draft changes nothing yet
    issue(a.document, secretary=secretary, head=head)
    assert _covered(department) == {"1.001": True, "1.002": True, "1.003": False, "2.001": False}
    assert _summary(department) == (4, 2, 0)  # the slow process no longer serves the 5-day TTHC


def test_a_revision_approved_for_later_covers_from_its_effective_date(
    department, secretary, head, hctp, forms, procedures
):
    a = _process(department, secretary, hctp, forms, "QT 01", procedures[:1])
    today = timezone.localdate()
    issue(a.document, secretary=secretary, head=head, effective_from=today + dt.timedelta(days=7), today=today)
    assert _covered(department)["1.001"] is False
    document_services.revisions_activate_due(today=today + dt.timedelta(days=7))
    assert _covered(department)["1.001"] is True


def test_shortening_the_steps_clears_the_over_limit_warning(department, secretary, head, hctp, forms, procedures):
    a = _process(department, secretary, hctp, forms, "QT 01", procedures[2:3])  # the 5-day TTHC
    issue(a.document, secretary=secretary, head=head)
    assert _summary(department)[1:] == (1, 1)
    revision = document_services.revision_start(actor=secretary, document=a.document, change_summary="Rút ngắn")
    draft = ProcessContent.objects.get(revision=revision)
    search = draft.steps.get(order=3)
    services.process_step_update(
        actor=secretary,
        step=search,
        expected_version=None,
        data=StepData("Tra cứu", title="Tra cứu", responsible_unit=hctp, duration="2", duration_unit="days"),
    )
    draft.refresh_from_db()
    assert str(draft.total_working_days) == "5.13"
    services.process_step_update(
        actor=secretary,
        step=draft.steps.get(order=4),
        expected_version=None,
        data=StepData(
            "Trình ký", title="Trình ký", responsible_role="Trưởng phòng", duration="1", duration_unit="days"
        ),
    )
    issue(a.document, secretary=secretary, head=head)
    assert _summary(department)[1:] == (1, 0)


def test_another_agencys_process_never_covers_this_one(
    department, secretary, head, hctp, forms, procedures, other_department, other_secretary, province
):
    shared = add_procedure(province, other_department, "3.001", "Thủ tục chung", 10)
    ProcedureAssignment.objects.create(
        procedure=shared, agency=department, scope_path=department.path, assigned_on=dt.date(2025, 7, 1)
    )
    theirs = services.process_create(actor=other_secretary, organisation=other_department, code="QT 01", title="QT")
    services.process_step_add(
        actor=other_secretary,
        content=theirs,
        expected_version=None,
        data=StepData("Giải quyết", responsible_role="Chuyên viên", duration="1", duration_unit="days"),
    )
    services.process_set_procedures(actor=other_secretary, content=theirs, expected_version=None, procedures=[shared])
    other_head = UserFactory(full_name="Lãnh đạo Sở Tài chính")
    grant(other_head, other_department, "leader")
    issue(theirs.document, secretary=other_secretary, head=other_head)
    assert ProcedureAssignment.objects.get(agency=other_department, procedure=shared).covered is True
    assert ProcedureAssignment.objects.get(agency=department, procedure=shared).covered is False
