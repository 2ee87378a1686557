"""Every write to inspection plans: the plan (Mẫu 19 KHKT), its entries (agencies, form, dates,
team), approval with the one-third on-site rule, requests for self-reports and decisions
(Mẫu 20 QĐKT). Findings, minutes and follow-ups: ``services_results``.

Each call is atomic, checks the policy (``access``) and writes one audit event. Once the plan is
approved every entry with a team gets its inspection assessment (``assessments.assessment_open``
of kind "inspection" with the team as its inspectors); later team changes are passed on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.assessments import services as assessment_services
from qms.assessments.models import AssessmentKind, Rubric, RubricStatus
from qms.core import audit
from qms.core.concurrency import bump_version
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm

from . import access
from .models import InspectionDecision, InspectionMode, InspectionPlan, PlanEntry, PlanStatus
from .rules import INSPECTED_KINDS, OnSiteCheck

audit.register_verbs(
    {
        "inspection_plan.create": gettext_lazy("Lập kế hoạch kiểm tra"),
        "inspection_plan.update": gettext_lazy("Sửa kế hoạch kiểm tra"),
        "inspection_plan.approve": gettext_lazy("Ghi nhận phê duyệt kế hoạch kiểm tra"),
        "inspection_plan.delete": gettext_lazy("Xoá kế hoạch kiểm tra (dự thảo)"),
        "inspection_entry.add": gettext_lazy("Thêm cơ quan vào kế hoạch kiểm tra"),
        "inspection_entry.update": gettext_lazy("Sửa hình thức, thời gian, đoàn kiểm tra"),
        "inspection_entry.remove": gettext_lazy("Bỏ cơ quan khỏi kế hoạch kiểm tra"),
        "inspection_entry.self_report_request": gettext_lazy("Đề nghị gửi báo cáo tự đánh giá"),
        "inspection_decision.create": gettext_lazy("Lập quyết định kiểm tra"),
        "inspection_decision.update": gettext_lazy("Sửa quyết định kiểm tra"),
        "inspection_decision.delete": gettext_lazy("Xoá quyết định kiểm tra"),
    }
)

MIN_YEAR = 2014
MAX_YEAR = 2100
PLAN_FIELDS = ("number", "symbol", "title", "inspecting_unit", "purpose", "budget", "notes")
PLAN_AUDITED = ("year", "rubric", *PLAN_FIELDS, "status", "approved_on", "signer_name", "onsite_shortfall_reason")
ENTRY_AUDITED = ("mode", "starts_on", "ends_on", "leader", "notes")
DECISION_FIELDS = (
    "number",
    "symbol",
    "signed_on",
    "issuer",
    "issuer_parent",
    "place",
    "proposer",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def _label(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _text(value: Any, field: str, label: str, max_length: int | None, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: _("Hãy nhập %(label)s.") % {"label": label}})
    if max_length and len(text) > max_length:
        raise ValidationError(
            {field: _("%(label)s dài tối đa %(n)s ký tự.") % {"label": label.capitalize(), "n": max_length}}
        )
    return text


def _max(model: type, field: str) -> int | None:
    return model._meta.get_field(field).max_length  # type: ignore[attr-defined, no-any-return]


def _lock_plan(plan: InspectionPlan) -> InspectionPlan:
    return (
        InspectionPlan.objects.select_for_update(of=("self",)).select_related("organisation", "rubric").get(pk=plan.pk)
    )


def _lock_entry(entry: PlanEntry) -> PlanEntry:
    return (
        PlanEntry.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__organisation", "plan__rubric", "agency", "leader")
        .get(pk=entry.pk)
    )


# --- plans -----------------------------------------------------------------------------------------


def _check_year(year: Any) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm không hợp lệ.")}) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Năm phải từ %(a)s đến %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}})
    return year


def _check_rubric(rubric: Rubric) -> None:
    if rubric.status != RubricStatus.PUBLISHED:
        raise ValidationError(
            {
                "rubric": _("Bộ tiêu chí “%(rubric)s” chưa được áp dụng (phải ở trạng thái “Đang áp dụng”).")
                % {"rubric": rubric}
            }
        )


def _clean_plan_fields(values: dict[str, Any]) -> dict[str, Any]:
    labels = {
        "number": _("số kế hoạch"),
        "symbol": _("ký hiệu"),
        "title": _("tên kế hoạch"),
        "inspecting_unit": _("đơn vị chủ trì kiểm tra"),
        "purpose": _("mục đích, yêu cầu"),
        "budget": _("kinh phí"),
        "notes": _("tổ chức thực hiện"),
    }
    required = {"title", "symbol", "inspecting_unit"}
    return {
        name: _text(values.get(name), name, str(labels[name]), _max(InspectionPlan, name), required=name in required)
        for name in PLAN_FIELDS
    }


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    organisation: Organisation,
    year: int,
    rubric: Rubric,
    title: str,
    number: str = "",
    symbol: str = "KH-SKHCN",
    inspecting_unit: str = "Sở Khoa học và Công nghệ",
    purpose: str = "",
    budget: str = "",
    notes: str = "",
) -> InspectionPlan:
    """A draft plan of ``organisation`` (the province) for ``year`` scored against ``rubric``."""
    access.require_plan(actor, organisation)
    if organisation.kind == OrganisationKind.UNIT:
        raise ValidationError(
            {"organisation": _("Kế hoạch kiểm tra phải thuộc một tỉnh, bộ hoặc cơ quan, không phải phòng ban.")}
        )
    year = _check_year(year)
    _check_rubric(rubric)
    values = _clean_plan_fields(
        {
            "number": number,
            "symbol": symbol,
            "title": title,
            "inspecting_unit": inspecting_unit,
            "purpose": purpose,
            "budget": budget,
            "notes": notes,
        }
    )
    plan = InspectionPlan.objects.create(
        organisation=organisation,
        scope_path=organisation.path,
        year=year,
        rubric=rubric,
        created_by=actor if getattr(actor, "pk", None) else None,
        **values,
    )
    audit.record(
        actor=actor,
        verb="inspection_plan.create",
        target=plan,
        scope_path=plan.scope_path,
        changes=audit.diff({}, audit.snapshot(plan, PLAN_AUDITED)),
    )
    return plan


@transaction.atomic
def plan_update(
    *, actor: Any, plan: InspectionPlan, expected_version: int | None, rubric: Rubric | None = None, **fields: Any
) -> InspectionPlan:
    """Edit the plan's texts; the rubric only while no inspection assessment is opened."""
    plan = _lock_plan(plan)
    access.require_plan(actor, plan.organisation)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    before = audit.snapshot(plan, PLAN_AUDITED)
    values = _clean_plan_fields({name: fields.get(name, getattr(plan, name)) for name in PLAN_FIELDS})
    if rubric is not None and rubric.pk != plan.rubric_id:
        if PlanEntry.objects.filter(plan=plan, inspection_assessment__isnull=False).exists():
            raise ValidationError(
                {"rubric": _("Đã mở phiếu chấm kiểm tra theo bộ tiêu chí hiện tại: không đổi được bộ tiêu chí.")}
            )
        _check_rubric(rubric)
        plan.rubric = rubric
    bump_version(plan, expected_version)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save()
    audit.record(
        actor=actor,
        verb="inspection_plan.update",
        target=plan,
        scope_path=plan.scope_path,
        changes=audit.diff(before, audit.snapshot(plan, PLAN_AUDITED)),
    )
    return plan


@transaction.atomic
def plan_approve(
    *,
    actor: Any,
    plan: InspectionPlan,
    expected_version: int | None,
    approved_on: dt.date,
    number: str,
    signer_title: str,
    signer_name: str,
    signer_authority: str = "",
    onsite_shortfall_reason: str = "",
    today: dt.date | None = None,
) -> InspectionPlan:
    """Record the People's Committee's approval of the plan.

    Every entry needs dates; every on-site entry a team leader. With fewer than a third of the
    agencies on site, approval needs ``onsite_shortfall_reason`` (the explicit acknowledgement,
    kept on the plan and shown wherever the plan is). Opens the inspection assessment of every
    entry that has a team.
    """
    plan = _lock_plan(plan)
    access.require_plan(actor, plan.organisation)
    today = today or timezone.localdate()
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kế hoạch đã được phê duyệt."), code="approved")
    entries = list(plan.entries.select_related("agency", "leader").prefetch_related("members").order_by("agency__path"))
    errors: dict[str, Any] = {}
    if not entries:
        raise ValidationError(_("Kế hoạch chưa có cơ quan nào được kiểm tra."), code="empty")
    problems = []
    for entry in entries:
        if entry.starts_on is None or entry.ends_on is None:
            problems.append(_("%(org)s: chưa có thời gian kiểm tra.") % {"org": entry.agency})
        if entry.is_on_site and entry.leader_id is None:
            problems.append(_("%(org)s: kiểm tra trực tiếp nhưng chưa có trưởng đoàn.") % {"org": entry.agency})
    if problems:
        raise ValidationError(problems, code="incomplete")
    number = _text(number, "number", str(_("số kế hoạch")), _max(InspectionPlan, "number"))
    signer_title = _text(
        signer_title, "signer_title", str(_("chức vụ người ký")), _max(InspectionPlan, "signer_title"), required=True
    )
    signer_name = _text(
        signer_name, "signer_name", str(_("họ tên người ký")), _max(InspectionPlan, "signer_name"), required=True
    )
    signer_authority = _text(
        signer_authority, "signer_authority", str(_("thẩm quyền ký")), _max(InspectionPlan, "signer_authority")
    )
    if approved_on is None:
        errors["approved_on"] = _("Hãy nhập ngày phê duyệt.")
    elif approved_on > today:
        errors["approved_on"] = _("Ngày phê duyệt không thể sau hôm nay.")
    check = OnSiteCheck(total=len(entries), on_site=sum(1 for e in entries if e.is_on_site))
    reason = (onsite_shortfall_reason or "").strip()
    if check.is_short and not reason:
        errors["onsite_shortfall_reason"] = _(
            "Mới có %(on)s/%(n)s cơ quan được kiểm tra trực tiếp, chưa đủ 1/3 (cần ít nhất %(req)s). "
            "Hãy chuyển thêm cơ quan sang kiểm tra trực tiếp, hoặc ghi rõ lý do để phê duyệt."
        ) % {"on": check.on_site, "n": check.total, "req": check.required}
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(plan, PLAN_AUDITED)
    bump_version(plan, expected_version)
    plan.status = PlanStatus.APPROVED
    plan.approved_on = approved_on
    plan.approved_by = actor if getattr(actor, "pk", None) else None
    plan.number = number or plan.number
    plan.signer_authority, plan.signer_title, plan.signer_name = signer_authority, signer_title, signer_name
    plan.onsite_shortfall_reason = reason if check.is_short else ""
    plan.save()
    for entry in entries:
        _sync_assessment(actor, plan, entry)
    audit.record(
        actor=actor,
        verb="inspection_plan.approve",
        target=plan,
        scope_path=plan.scope_path,
        changes={
            **audit.diff(before, audit.snapshot(plan, PLAN_AUDITED)),
            "kiểm tra trực tiếp": {"before": None, "after": f"{check.on_site}/{check.total}"},
        },
    )
    return plan


@transaction.atomic
def plan_delete(*, actor: Any, plan: InspectionPlan) -> None:
    """Delete a draft plan and its entries (an approved plan is a record and stays)."""
    plan = _lock_plan(plan)
    access.require_plan(actor, plan.organisation)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kế hoạch đã phê duyệt là hồ sơ: không xoá được."), code="approved")
    snapshot = audit.snapshot(plan, PLAN_AUDITED)
    count = plan.entries.count()
    audit.record(
        actor=actor,
        verb="inspection_plan.delete",
        target=plan,
        scope_path=plan.scope_path,
        changes={**audit.diff(snapshot, {}), "số cơ quan trong kế hoạch": {"before": count, "after": None}},
    )
    plan.delete()


# --- entries ---------------------------------------------------------------------------------------


def _check_dates(starts_on: dt.date | None, ends_on: dt.date | None, year: int) -> None:
    errors = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc không thể trước ngày bắt đầu.")
    for name, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        if value is not None and value.year != year:
            errors[name] = _("Thời gian kiểm tra phải trong năm %(year)s của kế hoạch.") % {"year": year}
    if errors:
        raise ValidationError(errors)


def _check_mode(mode: str) -> None:
    if mode not in InspectionMode.values:
        raise ValidationError({"mode": _("Hình thức kiểm tra không hợp lệ.")})


@transaction.atomic
def entries_add(
    *,
    actor: Any,
    plan: InspectionPlan,
    agencies: Sequence[Organisation],
    mode: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> list[PlanEntry]:
    """Add agencies of the plan's subtree; an agency is in at most one plan per year."""
    plan = _lock_plan(plan)
    access.require_plan(actor, plan.organisation)
    _check_mode(mode)
    _check_dates(starts_on, ends_on, plan.year)
    agencies = list({a.pk: a for a in agencies}.values())
    if not agencies:
        raise ValidationError({"agencies": _("Hãy chọn ít nhất một cơ quan.")})
    problems = []
    taken = dict(
        PlanEntry.objects.filter(year=plan.year, agency__in=agencies)
        .select_related("plan")
        .values_list("agency_id", "plan__title")
    )
    for agency in agencies:
        if agency.kind not in INSPECTED_KINDS:
            problems.append(_("%(org)s không phải là cơ quan thuộc diện kiểm tra.") % {"org": agency})
        elif agency.pk == plan.organisation_id or not agency.path.startswith(plan.organisation.path):
            problems.append(_("%(org)s không thuộc phạm vi của kế hoạch.") % {"org": agency})
        elif not agency.is_current():
            problems.append(_("%(org)s không còn hoạt động.") % {"org": agency})
        elif agency.pk in taken:
            problems.append(
                _("%(org)s đã có trong kế hoạch “%(plan)s” năm %(year)s.")
                % {"org": agency, "plan": taken[agency.pk], "year": plan.year}
            )
    if problems:
        raise ValidationError({"agencies": problems})
    entries = PlanEntry.objects.bulk_create(
        [
            PlanEntry(
                plan=plan,
                agency=agency,
                scope_path=agency.path,
                year=plan.year,
                mode=mode,
                starts_on=starts_on,
                ends_on=ends_on,
            )
            for agency in sorted(agencies, key=lambda a: a.path)
        ]
    )
    bump_version(plan, plan.version)  # the on-site share changed: a pending approval form is stale
    audit.record(
        actor=actor,
        verb="inspection_entry.add",
        target=plan,
        scope_path=plan.scope_path,
        changes={
            "cơ quan được kiểm tra": {
                "before": None,
                "after": [str(a) for a in sorted(agencies, key=lambda a: a.path)],
            },
            "hình thức kiểm tra": {"before": None, "after": str(InspectionMode(mode).label)},
        },
    )
    return entries


def _check_team(agency: Organisation, leader: Any, members: Iterable[Any]) -> list[Any]:
    people = list({u.pk: u for u in [*([leader] if leader is not None else []), *members]}.values())
    problems = []
    for user in people:
        if not user.is_active or not policy.has_perm(user, Perm.INSPECTION_SCORE, agency):
            problems.append(
                _("%(user)s không phải là người kiểm tra có thẩm quyền tại %(org)s.")
                % {"user": _label(user), "org": agency}
            )
    if problems:
        raise ValidationError({"members": problems})
    return people


def _sync_assessment(actor: Any, plan: InspectionPlan, entry: PlanEntry) -> None:
    """After approval: the entry's inspection assessment exists with the team as its inspectors."""
    if plan.status != PlanStatus.APPROVED:
        return
    team = list(entry.members.all())
    if entry.inspection_assessment_id is None:
        if not team:
            return
        assessment = assessment_services.assessment_open(
            actor=actor,
            rubric=plan.rubric,
            agency=entry.agency,
            year=plan.year,
            kind=AssessmentKind.INSPECTION,
            inspectors=team,
        )
        PlanEntry.objects.filter(pk=entry.pk).update(inspection_assessment=assessment)
        entry.inspection_assessment = assessment
    elif entry.inspection_assessment is not None:
        assessment_services.assessment_set_inspectors(
            actor=actor, assessment=entry.inspection_assessment, inspectors=team
        )


@transaction.atomic
def entry_update(
    *,
    actor: Any,
    entry: PlanEntry,
    expected_version: int | None,
    mode: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    leader: Any,
    members: Sequence[Any],
    notes: str = "",
) -> PlanEntry:
    """Form, dates and team. Team members must be inspectors covering the agency; the leader
    is always a member. Frozen once the minutes are signed."""
    entry = _lock_entry(entry)
    plan = entry.plan
    access.require_plan(actor, plan.organisation)
    if _minutes_signed(entry):
        raise ValidationError(_("Biên bản kiểm tra đã ký: không sửa được đoàn và thời gian kiểm tra."), code="signed")
    _check_mode(mode)
    _check_dates(starts_on, ends_on, plan.year)
    if plan.status == PlanStatus.APPROVED and (starts_on is None or ends_on is None):
        raise ValidationError({"starts_on": _("Kế hoạch đã phê duyệt: cơ quan phải có thời gian kiểm tra.")})
    if plan.status == PlanStatus.APPROVED and mode == InspectionMode.ON_SITE and leader is None:
        raise ValidationError({"leader": _("Kiểm tra trực tiếp cần có trưởng đoàn.")})
    if leader is None and members:
        raise ValidationError({"leader": _("Hãy chọn trưởng đoàn trong các thành viên.")})
    team = _check_team(entry.agency, leader, members)
    notes = _text(notes, "notes", str(_("ghi chú")), _max(PlanEntry, "notes"))
    before = {**audit.snapshot(entry, ENTRY_AUDITED), "members": sorted(_label(u) for u in entry.members.all())}
    bump_version(entry, expected_version)
    entry.mode, entry.starts_on, entry.ends_on, entry.leader, entry.notes = mode, starts_on, ends_on, leader, notes
    entry.save()
    entry.members.set(team)
    access.forget_team(entry)
    if entry.mode != before["mode"]:
        bump_version(plan, plan.version)
    _sync_assessment(actor, plan, entry)
    after = {**audit.snapshot(entry, ENTRY_AUDITED), "members": sorted(_label(u) for u in team)}
    audit.record(
        actor=actor,
        verb="inspection_entry.update",
        target=entry,
        scope_path=entry.scope_path,
        changes=audit.diff(before, after),
    )
    return entry


def _minutes_signed(entry: PlanEntry) -> bool:
    minutes = getattr(entry, "minutes", None)  # the reverse one-to-one: None when missing
    return bool(minutes is not None and minutes.signed_on)


@transaction.atomic
def entry_remove(*, actor: Any, entry: PlanEntry) -> None:
    """Take an agency out of the plan, while nothing of its inspection is recorded yet."""
    entry = _lock_entry(entry)
    plan = entry.plan
    access.require_plan(actor, plan.organisation)
    if entry.findings.exists() or hasattr(entry, "minutes"):
        raise ValidationError(_("Đoàn đã ghi tồn tại hoặc biên bản cho cơ quan này: không bỏ khỏi kế hoạch được."))
    assessment = entry.inspection_assessment
    if assessment is not None:
        if assessment.scored_count:
            raise ValidationError(_("Đoàn đã chấm điểm cơ quan này: không bỏ khỏi kế hoạch được."))
        assessment_services.assessment_set_inspectors(actor=actor, assessment=assessment, inspectors=[])
    audit.record(
        actor=actor,
        verb="inspection_entry.remove",
        target=plan,
        scope_path=plan.scope_path,
        changes={
            "cơ quan được kiểm tra": {"before": str(entry.agency), "after": None},
            "hình thức kiểm tra": {"before": entry.get_mode_display(), "after": None},
        },
    )
    entry.delete()
    bump_version(plan, plan.version)


@transaction.atomic
def self_reports_request(
    *,
    actor: Any,
    plan: InspectionPlan,
    due_on: dt.date,
    entries: Sequence[PlanEntry] | None = None,
    today: dt.date | None = None,
) -> int:
    """Ask the agencies (all of the plan, or ``entries``) for their self-report and
    self-assessment by ``due_on``. Asking again moves the due date. Returns the count."""
    plan = _lock_plan(plan)
    access.require_plan(actor, plan.organisation)
    today = today or timezone.localdate()
    if due_on is None or due_on < today:
        raise ValidationError({"due_on": _("Hạn gửi báo cáo phải từ hôm nay trở đi.")})
    rows = PlanEntry.objects.filter(plan=plan)
    if entries is not None:
        ids = [e.pk for e in entries]
        if not ids:
            raise ValidationError({"entries": _("Hãy chọn ít nhất một cơ quan.")})
        rows = rows.filter(pk__in=ids)
    names = list(rows.order_by("agency__path").values_list("agency__name", flat=True))
    if not names:
        raise ValidationError(_("Kế hoạch chưa có cơ quan nào."))
    count = rows.update(self_report_requested_on=today, self_report_due_on=due_on, updated_at=timezone.now())
    audit.record(
        actor=actor,
        verb="inspection_entry.self_report_request",
        target=plan,
        scope_path=plan.scope_path,
        changes={
            "hạn gửi báo cáo tự đánh giá": {"before": None, "after": due_on.isoformat()},
            "cơ quan được đề nghị": {"before": None, "after": names},
        },
    )
    return count


# --- decisions (Mẫu 20 QĐKT) ----------------------------------------------------------------------


def _clean_decision(values: dict[str, Any]) -> dict[str, Any]:
    labels = {
        "number": _("số quyết định"),
        "symbol": _("ký hiệu"),
        "issuer": _("cơ quan ban hành"),
        "issuer_parent": _("cơ quan chủ quản"),
        "place": _("địa danh"),
        "proposer": _("người đề nghị"),
        "signer_authority": _("thẩm quyền ký"),
        "signer_title": _("chức vụ người ký"),
        "signer_name": _("họ tên người ký"),
    }
    required = {"symbol", "issuer", "place", "signer_title", "signer_name"}
    cleaned: dict[str, Any] = {
        name: _text(values.get(name), name, str(label), _max(InspectionDecision, name), required=name in required)
        for name, label in labels.items()
    }
    cleaned["signed_on"] = values.get("signed_on")
    return cleaned


def _check_decision(plan: InspectionPlan, entry: PlanEntry | None, values: dict[str, Any]) -> None:
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Kế hoạch chưa được phê duyệt: chưa lập được quyết định kiểm tra."), code="draft")
    if entry is not None and entry.plan_id != plan.pk:
        raise ValidationError({"entry": _("Cơ quan không thuộc kế hoạch này.")})
    signed_on = values.get("signed_on")
    if signed_on is not None and plan.approved_on and signed_on < plan.approved_on:
        raise ValidationError({"signed_on": _("Quyết định không thể ký trước ngày phê duyệt kế hoạch.")})
    if signed_on is not None and signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Ngày ký không thể sau hôm nay.")})


@transaction.atomic
def decision_create(
    *, actor: Any, plan: InspectionPlan, entry: PlanEntry | None = None, **fields: Any
) -> InspectionDecision:
    """A decision forming the team for ``entry`` (or for every on-site entry of the plan)."""
    plan = _lock_plan(plan)
    access.require_plan(actor, plan.organisation)
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"Not accepted: {sorted(unknown)}")
    values = _clean_decision(fields)
    _check_decision(plan, entry, values)
    decision = InspectionDecision.objects.create(
        plan=plan, entry=entry, created_by=actor if getattr(actor, "pk", None) else None, **values
    )
    audit.record(
        actor=actor,
        verb="inspection_decision.create",
        target=decision,
        scope_path=entry.scope_path if entry is not None else plan.scope_path,
        changes=audit.diff({}, audit.snapshot(decision, ("entry", *DECISION_FIELDS))),
    )
    return decision


@transaction.atomic
def decision_update(
    *, actor: Any, decision: InspectionDecision, expected_version: int | None, **fields: Any
) -> InspectionDecision:
    decision = (
        InspectionDecision.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__organisation", "entry")
        .get(pk=decision.pk)
    )
    plan = decision.plan
    access.require_plan(actor, plan.organisation)
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    values = _clean_decision({name: fields.get(name, getattr(decision, name)) for name in DECISION_FIELDS})
    _check_decision(plan, decision.entry, values)
    before = audit.snapshot(decision, DECISION_FIELDS)
    bump_version(decision, expected_version)
    for name, value in values.items():
        setattr(decision, name, value)
    decision.save()
    audit.record(
        actor=actor,
        verb="inspection_decision.update",
        target=decision,
        scope_path=decision.entry.scope_path if decision.entry is not None else plan.scope_path,
        changes=audit.diff(before, audit.snapshot(decision, DECISION_FIELDS)),
    )
    return decision


@transaction.atomic
def decision_delete(*, actor: Any, decision: InspectionDecision) -> None:
    decision = (
        InspectionDecision.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__organisation")
        .get(pk=decision.pk)
    )
    access.require_plan(actor, decision.plan.organisation)
    if decision.signed_on is not None:
        raise ValidationError(_("Quyết định đã ký là hồ sơ: không xoá được."), code="signed")
    audit.record(
        actor=actor,
        verb="inspection_decision.delete",
        target=decision,
        scope_path=decision.plan.scope_path,
        changes=audit.diff(audit.snapshot(decision, DECISION_FIELDS), {}),
    )
    decision.delete()
