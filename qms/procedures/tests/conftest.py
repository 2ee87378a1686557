"""Fixtures for the TTHC catalogue, assignments and coverage (Quảng Ninh's slice of the shared tree).

Processes are built directly as rows here (an effective process document of an agency whose
current revision lists some procedures): these tests check the catalogue side, not the process
editor, and must not depend on how processes are written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qms.core.tests.clock import frozen_at
from qms.core.tests.factories import UserFactory, grant
from qms.core.text import fold
from qms.documents.models import Document, DocumentKind, DocumentRevision, DocumentStatus, RevisionStatus
from qms.organisations.models import Organisation
from qms.procedures import calendar
from qms.procedures.models import (
    AdministrativeProcedure,
    CalendarDay,
    ProcedureAssignment,
    ProcessContent,
    PublishingDecision,
)

TODAY = dt.date(2026, 3, 16)  # a Monday


@pytest.fixture(autouse=True)
def _clock_at_today():
    """The tests here write their dates around ``TODAY``: the clock stands there (early morning in
    Vietnam, still the day before in UTC) so they mean the same on any day the suite runs."""
    with frozen_at(TODAY):
        yield


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The working-day calendar is cached per process: each test starts from its own rows."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


def holiday(day: dt.date, name: str = "Nghỉ lễ", kind: str = "holiday") -> CalendarDay:
    row = CalendarDay.objects.create(day=day, kind=kind, name=name)
    calendar.clear_cache()
    return row


def make_procedure(
    catalogue: Organisation, code: str, name: str | None = None, **fields: Any
) -> AdministrativeProcedure:
    values: dict[str, Any] = {
        "name": name or f"Thủ tục {code}",
        "field": "Chứng thực",
        "level": "province",
        "time_limit_days": Decimal(10),
        "time_limit_text": "10 ngày làm việc",
    }
    values.update(fields)
    values["search_text"] = fold(f"{code} {values['name']} {values['field']}")
    return AdministrativeProcedure.objects.create(catalogue=catalogue, code=code, **values)


def assign(procedure: AdministrativeProcedure, agency: Organisation, on: dt.date = TODAY, **fields: Any):
    return ProcedureAssignment.objects.create(
        procedure=procedure, agency=agency, scope_path=agency.path, assigned_on=on, **fields
    )


def make_process(
    agency: Organisation,
    code: str,
    procedures: list[AdministrativeProcedure],
    *,
    total: Decimal | int = 5,
    status: str = DocumentStatus.EFFECTIVE,
    current: bool = True,
) -> Document:
    """A process document of ``agency`` whose revision 1 lists ``procedures``; effective by default."""
    document = Document.objects.create(
        organisation=agency,
        agency=agency,
        scope_path=agency.path,
        code=code,
        code_folded=fold(code),
        title=f"Quy trình {code}",
        kind=DocumentKind.PROCESS,
        status=status,
    )
    revision = DocumentRevision.objects.create(
        document=document,
        number=1,
        status=RevisionStatus.EFFECTIVE if status == DocumentStatus.EFFECTIVE else RevisionStatus.DRAFT,
    )
    if current:
        Document.objects.filter(pk=document.pk).update(current_revision=revision)
        document.current_revision = revision
    content, _created = ProcessContent.objects.get_or_create(
        revision=revision, defaults={"document": document, "agency": agency}
    )
    ProcessContent.objects.filter(pk=content.pk).update(total_working_days=Decimal(total))
    content.procedures.set(procedures)
    return document


def make_decision(catalogue: Organisation, number: str = "1949/QĐ-UBND", signed_on: dt.date = TODAY, **fields):
    values = {"recorded_on": signed_on, "due_on": signed_on + dt.timedelta(days=7)}
    values.update(fields)
    return PublishingDecision.objects.create(catalogue=catalogue, number=number, signed_on=signed_on, **values)


# --- people -----------------------------------------------------------------------------------------


@pytest.fixture
def leader(department):
    user = UserFactory(full_name="Đỗ Văn Giang")
    grant(user, department, "leader")
    return user


@pytest.fixture
def inspector(province):
    user = UserFactory(full_name="Lê Văn Hùng")
    grant(user, province, "inspector")
    return user


@pytest.fixture
def commune_secretary(commune):
    user = UserFactory(full_name="Đặng Thu Trang")
    grant(user, commune, "iso_secretary")
    return user


@pytest.fixture
def nobody(db):
    return UserFactory(full_name="Vũ Thị Hạnh")
