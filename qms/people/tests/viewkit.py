"""Helpers shared by the people page tests: DB snapshots, audit expectations, form payloads."""

from __future__ import annotations

from typing import Any

from qms.core.tests.pagekit import fresh
from qms.organisations.models import Organisation
from qms.people.models import TrainingRecord, User

from .conftest import STRONG_PASSWORD

# --- helpers -------------------------------------------------------------------------------------


def user_create_data(organisation: Organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "full_name": "Nguyễn Thị Lan",
        "username": "nguyenthilan.stp",
        "email": "lan.stp@quangninh.gov.vn",
        "phone": "0912 345 678",
        "organisation": organisation.pk,
        "role": "staff",
        "position": "Chuyên viên",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


def user_edit_data(user: User, **overrides: Any) -> dict[str, Any]:
    data = {"full_name": user.full_name, "email": user.email, "phone": user.phone, "is_active": "on"}
    data.update(overrides)
    return data


def password_data(password: str = "Cay-Tre-Xanh-2027") -> dict[str, str]:
    return {"pw-password1": password, "pw-password2": password}


def grant_data(organisation: Organisation, role: str = "auditor") -> dict[str, Any]:
    return {"grant-organisation": organisation.pk, "grant-role": role, "grant-position": "Chuyên viên"}


def committee_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Ban chỉ đạo ISO",
        "decision_number": "45/QĐ-STP",
        "decision_date": "2025-08-15",
        "signed_by": "Giám đốc Sở",
        "notes": "",
    }
    data.update(overrides)
    return data


def member_data(**overrides: Any) -> dict[str, Any]:
    data = {"user": "", "full_name": "Phan Văn Long", "job_title": "Phó Giám đốc Sở", "position": "head"}
    data.update(overrides)
    return data


def training_data(record: TrainingRecord | None = None, **overrides: Any) -> dict[str, Any]:
    data = {
        "user": "",
        "trainee_name": "Lý Thị Nga",
        "kind": "internal_auditor",
        "course": "Chuyên gia đánh giá nội bộ TCVN ISO 9001:2015",
        "provider": "Trung tâm Năng suất Việt Nam",
        "start_date": "2025-09-08",
        "end_date": "2025-09-10",
        "certificate_number": "CG-2025-0142",
        "certificate_date": "2025-09-12",
        "notes": "",
        "version": "",
    }
    if record is not None:
        record = fresh(record)
        data.update(
            user=record.user_id or "",
            trainee_name=record.trainee_name,
            kind=record.kind,
            course=record.course,
            provider=record.provider,
            start_date=record.start_date.isoformat(),
            end_date=record.end_date.isoformat() if record.end_date else "",
            certificate_number=record.certificate_number,
            certificate_date=record.certificate_date.isoformat() if record.certificate_date else "",
            notes=record.notes,
            version=record.version,
        )
    data.update(overrides)
    return data
