"""Every write to user accounts, steering committees and training records; atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit
from qms.core.concurrency import bump_version
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm
from qms.organisations.services import membership_grant

from .models import (
    CommitteeMember,
    CommitteePosition,
    InterfaceLanguage,
    SteeringCommittee,
    TrainingKind,
    TrainingRecord,
    User,
)

audit.register_verbs(
    {
        "user.create": gettext_lazy("Tạo tài khoản"),
        "user.update": gettext_lazy("Sửa tài khoản"),
        "user.set_password": gettext_lazy("Đặt lại mật khẩu"),
        "user.set_language": gettext_lazy("Chọn ngôn ngữ giao diện"),
        "committee.create": gettext_lazy("Ghi nhận quyết định thành lập Ban chỉ đạo ISO"),
        "committee.update": gettext_lazy("Sửa thông tin Ban chỉ đạo ISO"),
        "committee.member_add": gettext_lazy("Thêm thành viên Ban chỉ đạo ISO"),
        "committee.member_remove": gettext_lazy("Bớt thành viên Ban chỉ đạo ISO"),
        "training.create": gettext_lazy("Thêm hồ sơ đào tạo"),
        "training.update": gettext_lazy("Sửa hồ sơ đào tạo"),
        "training.delete": gettext_lazy("Xóa hồ sơ đào tạo"),
    }
)

USER_FIELDS = ("username", "full_name", "email", "phone", "is_active", "home_organisation")
COMMITTEE_FIELDS = ("name", "decision_number", "decision_date", "signed_by", "is_current", "notes")
TRAINING_FIELDS = (
    "trainee_name",
    "user",
    "kind",
    "course",
    "provider",
    "start_date",
    "end_date",
    "certificate_number",
    "certificate_date",
    "notes",
)


def _require_agency(organisation: Organisation) -> Organisation:
    """Committees and training belong to an agency; a unit's records go to its agency."""
    if organisation.kind == OrganisationKind.UNIT and organisation.agency is not None:
        return organisation.agency
    return organisation


# --- Accounts -------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    email: str,
    password: str,
    organisation: Organisation,
    role: str,
    position: str = "",
    phone: str = "",
) -> User:
    """Create an account with its first role at ``organisation`` (both or nothing)."""
    policy.require(actor, Perm.MANAGE_PEOPLE, organisation)
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Tên đăng nhập không được để trống.")})
    if User.objects.filter(username__fexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập “%(u)s” đã có người dùng.") % {"u": username}})
    if email and User.objects.filter(email__fexact=email).exists():
        raise ValidationError({"email": _("Địa chỉ thư điện tử này đã được dùng cho tài khoản khác.")})
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        home_organisation=organisation,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    audit.record(
        actor=actor,
        verb="user.create",
        target=user,
        scope_path=organisation.path,
        changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)),
    )
    membership_grant(actor=actor, user=user, organisation=organisation, role=role, position=position)
    return user


def _require_manages_user(actor: Any, user: User) -> None:
    if actor is None or policy.is_superadmin(actor):
        return
    if user.is_superuser:
        raise policy.PermissionDenied(_("Chỉ quản trị hệ thống được sửa tài khoản quản trị."))
    organisation = user.home_organisation
    if organisation is None or not policy.has_perm(actor, Perm.MANAGE_PEOPLE, organisation):
        raise policy.PermissionDenied(_("Bạn không quản lý tài khoản này."))
    # Taking over an account (new password, or locking it) hands over its roles: only someone who
    # could grant every one of them may do it (a secretary may not reset the leader's password).
    if user.pk != getattr(actor, "pk", None):
        for membership in user.memberships.filter(is_active=True).select_related("organisation"):
            if not policy.can_grant(actor, membership.role, membership.organisation):
                raise policy.PermissionDenied(_("Tài khoản này có vai trò vượt quá quyền quản lý của bạn."))


@transaction.atomic
def user_update(*, actor: Any, user: User, full_name: str, email: str, phone: str = "", is_active: bool = True) -> User:
    _require_manages_user(actor, user)
    if actor is not None and user.pk == actor.pk and not is_active:
        raise ValidationError({"is_active": _("Bạn không thể tự khóa tài khoản của mình.")})
    if email and User.objects.filter(email__fexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Địa chỉ thư điện tử này đã được dùng cho tài khoản khác.")})
    before = audit.snapshot(user, USER_FIELDS)
    user.full_name, user.email, user.phone, user.is_active = full_name.strip(), email.strip(), phone.strip(), is_active
    user.save(update_fields=["full_name", "email", "phone", "is_active"])
    audit.record(
        actor=actor,
        verb="user.update",
        target=user,
        scope_path=user.home_organisation.path if user.home_organisation else "",
        changes=audit.diff(before, audit.snapshot(user, USER_FIELDS)),
    )
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    _require_manages_user(actor, user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        verb="user.set_password",
        target=user,
        scope_path=user.home_organisation.path if user.home_organisation else "",
        changes={"password": {"before": "••••", "after": "••••"}},
    )
    return user


@transaction.atomic
def user_set_language(*, actor: Any, user: User, language: str) -> User:
    """The user's own choice of interface language, kept on their profile (only they choose it)."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied
    if language not in InterfaceLanguage.values:
        raise ValidationError({"language": _("Ngôn ngữ không được hỗ trợ.")})
    before = user.language
    if before == language:
        return user
    user.language = language
    user.save(update_fields=["language"])
    audit.record(
        actor=actor,
        verb="user.set_language",
        target=user,
        # Not part of any organisation's history: only the installation's administrators see it.
        scope_path="",
        changes={"language": {"before": before, "after": language}},
    )
    return user


# --- Steering committee ---------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *,
    actor: Any,
    organisation: Organisation,
    decision_number: str,
    decision_date: dt.date,
    name: str = "",
    signed_by: str = "",
    notes: str = "",
) -> SteeringCommittee:
    """Record the decision forming a steering committee; it replaces the agency's current one."""
    organisation = _require_agency(organisation)
    policy.require(actor, Perm.MANAGE_QMS_TEAM, organisation)
    decision_number = decision_number.strip()
    if not decision_number:
        raise ValidationError({"decision_number": _("Số quyết định không được để trống.")})
    if SteeringCommittee.objects.filter(organisation=organisation, decision_number__fexact=decision_number).exists():
        raise ValidationError({"decision_number": _("Quyết định số %(n)s đã được ghi nhận.") % {"n": decision_number}})
    SteeringCommittee.objects.filter(organisation=organisation, is_current=True).update(is_current=False)
    committee = SteeringCommittee.objects.create(
        organisation=organisation,
        name=name.strip() or str(_("Ban chỉ đạo ISO")),
        decision_number=decision_number,
        decision_date=decision_date,
        signed_by=signed_by.strip(),
        notes=notes,
        is_current=True,
    )
    audit.record(
        actor=actor,
        verb="committee.create",
        target=committee,
        scope_path=organisation.path,
        changes=audit.diff({}, audit.snapshot(committee, COMMITTEE_FIELDS)),
    )
    return committee


@transaction.atomic
def committee_member_add(
    *,
    actor: Any,
    committee: SteeringCommittee,
    full_name: str,
    position: str,
    job_title: str = "",
    user: User | None = None,
) -> CommitteeMember:
    policy.require(actor, Perm.MANAGE_QMS_TEAM, committee.organisation)
    if position not in CommitteePosition.values:
        raise ValidationError({"position": _("Vị trí trong ban không hợp lệ.")})
    full_name = (full_name or (user.full_name if user else "")).strip()
    if not full_name:
        raise ValidationError({"full_name": _("Họ và tên không được để trống.")})
    if position == CommitteePosition.HEAD and committee.members.filter(position=CommitteePosition.HEAD).exists():
        raise ValidationError({"position": _("Ban chỉ đạo đã có Trưởng ban.")})
    order = committee.members.count() + 1
    member = CommitteeMember.objects.create(
        committee=committee, user=user, full_name=full_name, job_title=job_title.strip(), position=position, order=order
    )
    audit.record(
        actor=actor,
        verb="committee.member_add",
        target=committee,
        scope_path=committee.organisation.path,
        changes={"member": {"before": None, "after": f"{full_name} — {member.get_position_display()}"}},
    )
    return member


@transaction.atomic
def committee_member_remove(*, actor: Any, member: CommitteeMember) -> None:
    committee = member.committee
    policy.require(actor, Perm.MANAGE_QMS_TEAM, committee.organisation)
    label = f"{member.full_name} — {member.get_position_display()}"
    member.delete()
    audit.record(
        actor=actor,
        verb="committee.member_remove",
        target=committee,
        scope_path=committee.organisation.path,
        changes={"member": {"before": label, "after": None}},
    )


# --- Training records -----------------------------------------------------------------------


def _clean_training(data: dict[str, Any]) -> None:
    if data.get("kind") not in TrainingKind.values:
        raise ValidationError({"kind": _("Loại khóa học không hợp lệ.")})
    if not (data.get("trainee_name") or "").strip():
        raise ValidationError({"trainee_name": _("Họ và tên học viên không được để trống.")})
    if not (data.get("course") or "").strip():
        raise ValidationError({"course": _("Tên khóa học không được để trống.")})
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    cert_date = data.get("certificate_date")
    if cert_date and start and cert_date < start:
        raise ValidationError({"certificate_date": _("Ngày cấp chứng chỉ không thể trước ngày bắt đầu khóa học.")})
    if data.get("kind") == TrainingKind.INTERNAL_AUDITOR and not (data.get("certificate_number") or "").strip():
        raise ValidationError({"certificate_number": _("Chứng chỉ chuyên gia đánh giá nội bộ phải có số chứng chỉ.")})


@transaction.atomic
def training_create(*, actor: Any, organisation: Organisation, **data: Any) -> TrainingRecord:
    organisation = _require_agency(organisation)
    policy.require(actor, Perm.MANAGE_QMS_TEAM, organisation)
    unknown = set(data) - set(TRAINING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _clean_training(data)
    record = TrainingRecord.objects.create(organisation=organisation, **data)
    audit.record(
        actor=actor,
        verb="training.create",
        target=record,
        scope_path=organisation.path,
        changes=audit.diff({}, audit.snapshot(record, TRAINING_FIELDS)),
    )
    return record


@transaction.atomic
def training_update(*, actor: Any, record: TrainingRecord, expected_version: int | None, **data: Any) -> TrainingRecord:
    policy.require(actor, Perm.MANAGE_QMS_TEAM, record.organisation)
    unknown = set(data) - set(TRAINING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    merged = {**audit.snapshot(record, TRAINING_FIELDS), **data}
    merged.update({k: getattr(record, k) for k in ("start_date", "end_date", "certificate_date") if k not in data})
    _clean_training(merged)
    before = audit.snapshot(record, TRAINING_FIELDS)
    bump_version(record, expected_version)
    for name, value in data.items():
        setattr(record, name, value)
    record.save()
    audit.record(
        actor=actor,
        verb="training.update",
        target=record,
        scope_path=record.organisation.path,
        changes=audit.diff(before, audit.snapshot(record, TRAINING_FIELDS)),
    )
    return record


@transaction.atomic
def training_delete(*, actor: Any, record: TrainingRecord) -> None:
    policy.require(actor, Perm.MANAGE_QMS_TEAM, record.organisation)
    before = audit.snapshot(record, TRAINING_FIELDS)
    audit.record(
        actor=actor,
        verb="training.delete",
        target=record,
        scope_path=record.organisation.path,
        changes=audit.diff(before, {}),
    )
    record.delete()
