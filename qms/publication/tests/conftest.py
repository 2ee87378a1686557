"""Fixtures for publication: Sở Tư pháp's head and secretary, a small TTHC scope and processes.

The scope is built as rows (procedures of the province's catalogue, their assignments to the
department, effective process documents listing them), then ``coverage_recompute`` derives the
covered flags exactly as the procedures app does after its own writes: these tests check the
publication side, not the catalogue import or the process editor.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qms.core.tests.clock import frozen_at
from qms.core.tests.factories import UserFactory, grant, make_org
from qms.core.text import fold
from qms.documents.models import Document, DocumentKind, DocumentRevision, DocumentStatus, RevisionStatus
from qms.organisations.models import Organisation
from qms.procedures.coverage import coverage_recompute
from qms.procedures.models import AdministrativeProcedure, ProcedureAssignment, ProcessContent, ProcessStep
from qms.publication import services

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _clock_at_today():
    """The tests here write their dates around ``TODAY``: the clock stands there (early morning in
    Vietnam, still the day before in UTC) so they mean the same on any day the suite runs."""
    with frozen_at(TODAY):
        yield


def make_procedure(catalogue: Organisation, code: str, name: str, field: str = "Chứng thực") -> AdministrativeProcedure:
    return AdministrativeProcedure.objects.create(
        catalogue=catalogue,
        code=code,
        name=name,
        field=field,
        level="province",
        time_limit_days=Decimal(10),
        search_text=fold(f"{code} {name} {field}"),
    )


def assign(procedure: AdministrativeProcedure, agency: Organisation) -> ProcedureAssignment:
    assignment = ProcedureAssignment.objects.create(
        procedure=procedure, agency=agency, scope_path=agency.path, assigned_on=dt.date(2026, 1, 5)
    )
    coverage_recompute(agency_ids=[agency.pk], today=TODAY)
    return assignment


def unassign(assignment: ProcedureAssignment) -> None:
    ProcedureAssignment.objects.filter(pk=assignment.pk).update(is_active=False, ended_on=TODAY)
    coverage_recompute(agency_ids=[assignment.agency_id], today=TODAY)


def make_process(
    agency: Organisation, code: str, title: str, procedures: list[AdministrativeProcedure], *, steps: int = 1
) -> Document:
    """An effective process document of ``agency`` whose current revision lists ``procedures``
    and has ``steps`` steps."""
    document = Document.objects.create(
        organisation=agency,
        agency=agency,
        scope_path=agency.path,
        code=code,
        code_folded=fold(code),
        title=title,
        kind=DocumentKind.PROCESS,
        status=DocumentStatus.EFFECTIVE,
    )
    revision = DocumentRevision.objects.create(document=document, number=1, status=RevisionStatus.EFFECTIVE)
    Document.objects.filter(pk=document.pk).update(current_revision=revision)
    document.current_revision = revision
    content = ProcessContent.objects.create(revision=revision, document=document, agency=agency)
    ProcessContent.objects.filter(pk=content.pk).update(total_working_days=Decimal(5))
    content.procedures.set(procedures)
    for order in range(1, steps + 1):
        ProcessStep.objects.create(content=content, order=order, description=f"Bước {order}", duration=Decimal(5))
    coverage_recompute(agency_ids=[agency.pk], today=TODAY)
    return document


def withdraw(document: Document) -> None:
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.OBSOLETE)
    coverage_recompute(agency_ids=[document.agency_id], today=TODAY)


@pytest.fixture
def head(department):
    user = UserFactory(full_name="Nguyễn Văn Minh")
    grant(user, department, "leader", position="Giám đốc Sở Tư pháp")
    return user


@pytest.fixture
def secretary_vp(department):
    """The ISO secretary with a position (the "theo đề nghị" line comes from it)."""
    user = UserFactory(full_name="Phạm Thị Lan")
    grant(user, department, "iso_secretary", position="Chánh Văn phòng Sở")
    return user


@pytest.fixture
def other_department(province):
    return make_org("department", province, name="Sở Tài chính", code="22-STC")


@pytest.fixture
def other_head(other_department):
    user = UserFactory(full_name="Vũ Minh Khoa")
    grant(user, other_department, "leader", position="Giám đốc Sở Tài chính")
    return user


@pytest.fixture
def inspector(province):
    user = UserFactory(full_name="Lê Văn Hùng")
    grant(user, province, "inspector")
    return user


@pytest.fixture
def scope(province, department):
    """Three procedures of Sở Tư pháp in two fields: two covered by processes, one not."""
    p1 = make_procedure(province, "1.001234", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", "Lý lịch tư pháp")
    p2 = make_procedure(province, "1.008926", "Chứng thực bản sao từ bản chính giấy tờ", "Chứng thực")
    p3 = make_procedure(province, "2.000815", "Đăng ký hành nghề công chứng", "Công chứng")
    a1, a2, a3 = assign(p1, department), assign(p2, department), assign(p3, department)
    qt1 = make_process(department, "QT 01/LLTP", "Quy trình cấp Phiếu lý lịch tư pháp", [p1])
    qt2 = make_process(department, "QT 02/CT", "Quy trình chứng thực bản sao", [p2])
    return {"p": [p1, p2, p3], "a": [a1, a2, a3], "qt": [qt1, qt2]}


@pytest.fixture
def full_scope(scope, department):
    """Every procedure covered (100 %)."""
    scope["qt"].append(make_process(department, "QT 03/CC", "Quy trình đăng ký hành nghề công chứng", [scope["p"][2]]))
    return scope


def issue_now(publication: Any, head: Any, *, number: str = "125", today: dt.date = TODAY, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "number": number,
        "signed_on": today,
        "notice_number": "2150",
        "notice_signed_on": today,
        "signer_name": "Nguyễn Văn Minh",
        "signer_title": "Giám đốc",
        "today": today,
    }
    values.update(extra)
    return services.publication_issue(
        actor=head, publication=publication, expected_version=publication.version, **values
    )


@pytest.fixture
def published(full_scope, department, secretary_vp, head, dost):
    """Sở Tư pháp's publication issued on TODAY with 100 % coverage."""
    draft = services.publication_draft_create(actor=secretary_vp, agency=department)
    return issue_now(draft, head)
