"""Fixtures and helpers shared by the process tests (imported with ``from .test_process_kit import *``).

Sở Tư pháp (the ``department`` fixture) with two units, its ISO secretary and head, three forms,
and TTHC of Quảng Ninh's catalogue assigned to it (the catalogue rows are written directly: the
catalogue services are tested in their own modules).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qms.core.tests.factories import UserFactory, grant, make_org
from qms.documents import services as document_services
from qms.procedures import services_processes as services
from qms.procedures.models import AdministrativeProcedure, ProcedureAssignment
from qms.procedures.services_processes import StepData

__all__ = [
    "StepData",
    "add_procedure",
    "add_steps",
    "forms",
    "hctp",
    "head",
    "issue",
    "make_form",
    "other_department",
    "other_secretary",
    "procedures",
    "process",
    "reader",
]


@pytest.fixture
def hctp(department):
    return make_org("unit", department, name="Phòng Hành chính tư pháp", code="22-STP-HCTP")


@pytest.fixture
def head(department):
    user = UserFactory(full_name="Đỗ Văn Giang")
    grant(user, department, "leader", position="Giám đốc Sở")
    return user


@pytest.fixture
def reader(unit):
    user = UserFactory(full_name="Ngô Thị Hoa")
    grant(user, unit, "staff")
    return user


@pytest.fixture
def other_department(province):
    return make_org("department", province, name="Sở Tài chính", code="22-STC")


@pytest.fixture
def other_secretary(other_department):
    user = UserFactory(full_name="Vũ Minh Khoa")
    grant(user, other_department, "iso_secretary")
    return user


def make_form(agency, secretary, code, title, *, head=None):
    form = document_services.document_create(
        actor=secretary, organisation=agency, code=code, title=title, kind="form", content=f"{title}\n..."
    )
    if head is not None:
        issue(form, secretary=secretary, head=head)
        form.refresh_from_db()
    return form


@pytest.fixture
def forms(department, secretary, head):
    return [
        make_form(department, secretary, "BM.01-QT01", "Phiếu tiếp nhận và hẹn trả kết quả", head=head),
        make_form(department, secretary, "BM.02-QT01", "Phiếu kiểm soát quá trình giải quyết hồ sơ", head=head),
        make_form(department, secretary, "BM.05-QT01", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", head=head),
    ]


def add_procedure(catalogue, agency, code, name, limit, *, field="Lý lịch tư pháp", assigned=True):
    procedure = AdministrativeProcedure.objects.create(
        catalogue=catalogue,
        code=code,
        name=name,
        field=field,
        level="province",
        time_limit_days=None if limit is None else Decimal(str(limit)),
        time_limit_text="" if limit is None else f"{limit} ngày làm việc",
    )
    if assigned:
        ProcedureAssignment.objects.create(
            procedure=procedure, agency=agency, scope_path=agency.path, assigned_on=dt.date(2025, 7, 1)
        )
    return procedure


@pytest.fixture
def procedures(province, department):
    return [
        add_procedure(province, department, "1.001", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", 10),
        add_procedure(province, department, "1.002", "Cấp Phiếu lý lịch tư pháp cho người nước ngoài", 10),
        add_procedure(province, department, "1.003", "Cấp Phiếu lý lịch tư pháp số 2 cho cơ quan tiến hành tố tụng", 5),
        add_procedure(province, department, "2.001", "Cấp bản sao trích lục hộ tịch", None, field="Hộ tịch"),
    ]


def issue(document, *, secretary, head, effective_from=None, today=None):
    """Submit the open draft, have the head pass and approve it (effective today by default)."""
    from django.utils import timezone

    day = effective_from or timezone.localdate()
    revision = document.revisions.order_by("-number").first()
    document_services.revision_submit(actor=secretary, revision=revision, reviewer=head)
    document_services.revision_pass(actor=head, revision=revision, comment="Đạt yêu cầu")
    return document_services.revision_approve(actor=head, revision=revision, effective_from=day, today=today or day)


def add_steps(content, secretary, hctp, forms):
    """Five steps: 0,5 day + 4 hours + 5 days + 2 days + 1 hour, and the return by appointment."""
    rows = [
        StepData("Tiếp nhận, kiểm tra hồ sơ", "Tiếp nhận", None, "Công chức một cửa", "0,5", "days", "", "", forms[:1]),
        StepData("Chuyển hồ sơ về phòng chuyên môn", "Chuyển hồ sơ", hctp, "", "4", "hours", "", "", forms[1:2]),
        StepData("Tra cứu, xác minh", "Tra cứu", hctp, "Chuyên viên", "5", "days", "", "Kết quả tra cứu", ()),
        StepData("Lập, trình ký Phiếu", "Trình ký", None, "Trưởng phòng", "2", "days", "", "Dự thảo Phiếu", ()),
        StepData("Ký Phiếu", "Ký", None, "Lãnh đạo Sở", "1", "hours", "", "Phiếu lý lịch tư pháp", ()),
        StepData("Trả kết quả", "Trả kết quả", None, "Công chức một cửa", "0", "days", "Theo ngày hẹn", "", forms[2:]),
    ]
    return [
        services.process_step_add(actor=secretary, content=content, expected_version=None, data=row) for row in rows
    ]


@pytest.fixture
def process(department, secretary):
    return services.process_create(
        actor=secretary,
        organisation=department,
        code="QT 01/HCTP",
        title="Quy trình cấp Phiếu lý lịch tư pháp",
        purpose="Quy định trình tự cấp Phiếu lý lịch tư pháp.",
        scope="Áp dụng tại Sở Tư pháp.",
        dossier_components="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp\nBản chụp giấy tờ tùy thân",
    )
