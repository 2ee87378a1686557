"""Every write to an inspection's results: findings, the minutes (Mẫu 21 BBKT) and their
signing, and the follow-ups the signing opens (corrective action within two months).

* Findings and minutes: a member of the entry's team holding ``INSPECTION_SCORE`` over the
  agency; frozen once the minutes are signed.
* Signing records the date the minutes were signed by both parties. It needs the team's
  inspection assessment submitted (the score printed in the minutes is final), keeps the score,
  and turns every finding that calls for correction into a ``FollowUp`` due
  ``add_months(signed_on, 2)`` with an ``INSPECTION_FOLLOWUP`` obligation for the agency.
* The agency answers (``FOLLOWUP_ANSWER``) with its corrective action and evidence; the team or
  the coordinator accepts it (the obligation closes) or refuses it with a reason (it stays open,
  possibly with a new due date, and the agency answers again).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.assessments.models import AssessmentStatus, Criterion
from qms.core import audit, files
from qms.core.concurrency import bump_version
from qms.core.display import format_date
from qms.obligations import services as obligation_services
from qms.obligations.models import ObligationKind

from . import access
from .models import (
    CORRECTIVE_SEVERITIES,
    Finding,
    FindingSeverity,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    Minutes,
    PlanEntry,
    PlanStatus,
)
from .rules import followup_due_on

audit.register_verbs(
    {
        "inspection_finding.create": gettext_lazy("Ghi tồn tại, khuyến nghị"),
        "inspection_finding.update": gettext_lazy("Sửa tồn tại, khuyến nghị"),
        "inspection_finding.delete": gettext_lazy("Xoá tồn tại, khuyến nghị"),
        "inspection_minutes.save": gettext_lazy("Lập, sửa biên bản kiểm tra"),
        "inspection_minutes.sign": gettext_lazy("Ghi nhận ký biên bản kiểm tra"),
        "inspection_followup.answer": gettext_lazy("Báo cáo kết quả khắc phục"),
        "inspection_followup.accept": gettext_lazy("Chấp nhận kết quả khắc phục"),
        "inspection_followup.reject": gettext_lazy("Không chấp nhận kết quả khắc phục"),
    }
)

TEXT_MAX = 5000
FINDING_AUDITED = ("criterion", "text", "severity")
MINUTES_FIELDS = (
    "number",
    "place",
    "held_on",
    "content",
    "conclusion",
    "requests",
    "agency_rep_name",
    "agency_rep_title",
)
MINUTES_AUDITED = (*MINUTES_FIELDS, "signed_on", "score_total", "score_rating")
EVIDENCE_TYPES = frozenset({"pdf", "docx", "doc", "xlsx", "xls", "png", "jpeg", "tiff"})


def _lock_entry(entry: PlanEntry) -> PlanEntry:
    return (
        PlanEntry.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__organisation", "plan__rubric", "agency", "leader", "inspection_assessment")
        .get(pk=entry.pk)
    )


def _minutes_of(entry: PlanEntry) -> Minutes | None:
    return Minutes.objects.filter(entry=entry).first()


def _require_open(entry: PlanEntry) -> None:
    if entry.plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Kế hoạch chưa được phê duyệt: chưa tiến hành kiểm tra được."), code="draft")
    minutes = _minutes_of(entry)
    if minutes is not None and minutes.is_signed:
        raise ValidationError(
            _("Biên bản kiểm tra đã ký ngày %(date)s: kết quả kiểm tra không sửa được nữa.")
            % {"date": format_date(minutes.signed_on) if minutes.signed_on else ""},
            code="signed",
        )


def _clean_text(value: Any, field: str, label: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: _("Hãy nhập %(label)s.") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError(
            {field: _("%(label)s dài tối đa %(n)s ký tự.") % {"label": label.capitalize(), "n": max_length}}
        )
    return text


# --- findings --------------------------------------------------------------------------------------


def _check_finding(entry: PlanEntry, criterion: Criterion | None, text: str, severity: str) -> str:
    if severity not in FindingSeverity.values:
        raise ValidationError({"severity": _("Mức độ không hợp lệ.")})
    if criterion is not None and criterion.rubric_id != entry.plan.rubric_id:
        raise ValidationError({"criterion": _("Tiêu chí không thuộc bộ tiêu chí của kế hoạch.")})
    return _clean_text(text, "text", str(_("nội dung tồn tại")), required=True)


@transaction.atomic
def finding_create(
    *,
    actor: Any,
    entry: PlanEntry,
    text: str,
    severity: str = FindingSeverity.MINOR,
    criterion: Criterion | None = None,
) -> Finding:
    entry = _lock_entry(entry)
    access.require_inspect(actor, entry)
    _require_open(entry)
    text = _check_finding(entry, criterion, text, severity)
    order = (Finding.objects.filter(entry=entry).aggregate(m=Max("order"))["m"] or 0) + 1
    finding = Finding.objects.create(
        entry=entry,
        scope_path=entry.scope_path,
        criterion=criterion,
        text=text,
        severity=severity,
        order=order,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        verb="inspection_finding.create",
        target=finding,
        scope_path=finding.scope_path,
        changes=audit.diff({}, audit.snapshot(finding, FINDING_AUDITED)),
    )
    return finding


@transaction.atomic
def finding_update(
    *,
    actor: Any,
    finding: Finding,
    expected_version: int | None,
    text: str,
    severity: str,
    criterion: Criterion | None = None,
) -> Finding:
    entry = _lock_entry(finding.entry)
    access.require_inspect(actor, entry)
    _require_open(entry)
    text = _check_finding(entry, criterion, text, severity)
    before = audit.snapshot(finding, FINDING_AUDITED)
    bump_version(finding, expected_version)
    finding.text, finding.severity, finding.criterion = text, severity, criterion
    finding.save()
    audit.record(
        actor=actor,
        verb="inspection_finding.update",
        target=finding,
        scope_path=finding.scope_path,
        changes=audit.diff(before, audit.snapshot(finding, FINDING_AUDITED)),
    )
    return finding


@transaction.atomic
def finding_delete(*, actor: Any, finding: Finding) -> None:
    entry = _lock_entry(finding.entry)
    access.require_inspect(actor, entry)
    _require_open(entry)
    audit.record(
        actor=actor,
        verb="inspection_finding.delete",
        target=finding,
        scope_path=finding.scope_path,
        changes=audit.diff(audit.snapshot(finding, FINDING_AUDITED), {}),
    )
    finding.delete()


# --- minutes ---------------------------------------------------------------------------------------


def _leader_snapshot(entry: PlanEntry) -> tuple[str, str]:
    leader = entry.leader
    if leader is None:
        return "", ""
    return (leader.get_full_name() or leader.get_username()), str(_("Trưởng đoàn kiểm tra"))


@transaction.atomic
def minutes_save(
    *,
    actor: Any,
    entry: PlanEntry,
    expected_version: int | None,
    place: str,
    held_on: dt.date,
    agency_rep_name: str,
    agency_rep_title: str,
    number: str = "",
    content: str = "",
    conclusion: str = "",
    requests: str = "",
    today: dt.date | None = None,
) -> Minutes:
    """Create or edit the entry's minutes (not yet signed). The team leader is taken from the
    entry at each save and frozen at signing."""
    entry = _lock_entry(entry)
    access.require_inspect(actor, entry)
    _require_open(entry)
    today = today or timezone.localdate()
    values: dict[str, Any] = {
        "number": _clean_text(number, "number", str(_("số biên bản")), max_length=20),
        "place": _clean_text(place, "place", str(_("địa điểm")), required=True, max_length=255),
        "content": _clean_text(content, "content", str(_("nội dung kiểm tra"))),
        "conclusion": _clean_text(conclusion, "conclusion", str(_("kết luận"))),
        "requests": _clean_text(requests, "requests", str(_("kiến nghị"))),
        "agency_rep_name": _clean_text(
            agency_rep_name, "agency_rep_name", str(_("họ tên người đại diện")), required=True, max_length=200
        ),
        "agency_rep_title": _clean_text(
            agency_rep_title, "agency_rep_title", str(_("chức vụ người đại diện")), required=True, max_length=200
        ),
    }
    if held_on is None:
        raise ValidationError({"held_on": _("Hãy nhập ngày kiểm tra.")})
    if held_on > today:
        raise ValidationError({"held_on": _("Ngày kiểm tra không thể sau hôm nay.")})
    if held_on.year != entry.plan.year:
        raise ValidationError(
            {"held_on": _("Ngày kiểm tra phải trong năm %(year)s của kế hoạch.") % {"year": entry.plan.year}}
        )
    values["held_on"] = held_on
    leader_name, leader_title = _leader_snapshot(entry)
    minutes = _minutes_of(entry)
    if minutes is None:
        before: dict[str, Any] = {}
        minutes = Minutes(entry=entry, created_by=actor if getattr(actor, "pk", None) else None)
    else:
        before = audit.snapshot(minutes, MINUTES_AUDITED)
        bump_version(minutes, expected_version)
    for name, value in values.items():
        setattr(minutes, name, value)
    minutes.leader_name, minutes.leader_title = leader_name, leader_title
    minutes.save()
    audit.record(
        actor=actor,
        verb="inspection_minutes.save",
        target=minutes,
        scope_path=entry.scope_path,
        changes=audit.diff(before, audit.snapshot(minutes, MINUTES_AUDITED)),
    )
    return minutes


@transaction.atomic
def minutes_sign(
    *, actor: Any, minutes: Minutes, signed_on: dt.date, expected_version: int | None, today: dt.date | None = None
) -> list[FollowUp]:
    """Record that both parties signed on ``signed_on``: freeze the minutes and the score, open a
    follow-up (and an obligation of the agency) for every finding that calls for correction."""
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    entry = _lock_entry(minutes.entry)
    access.require_inspect(actor, entry)
    today = today or timezone.localdate()
    if minutes.is_signed:
        raise ValidationError(_("Biên bản đã được ký."), code="signed")
    if signed_on is None:
        raise ValidationError({"signed_on": _("Hãy nhập ngày ký biên bản.")})
    if signed_on > today:
        raise ValidationError({"signed_on": _("Ngày ký không thể sau hôm nay.")})
    if signed_on < minutes.held_on:
        raise ValidationError({"signed_on": _("Ngày ký không thể trước ngày kiểm tra.")})
    assessment = entry.inspection_assessment
    if assessment is None or assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(
            _("Đoàn chưa nộp phiếu chấm điểm kiểm tra: hãy chấm đủ các tiêu chí và nộp trước khi ký biên bản."),
            code="unscored",
        )
    before = audit.snapshot(minutes, MINUTES_AUDITED)
    bump_version(minutes, expected_version)
    minutes.signed_on = signed_on
    minutes.signed_by = actor if getattr(actor, "pk", None) else None
    minutes.score_total, minutes.score_rating = assessment.total, assessment.rating
    minutes.leader_name, minutes.leader_title = _leader_snapshot(entry)
    minutes.save()
    due_on = followup_due_on(signed_on)
    findings = list(
        Finding.objects.filter(entry=entry, severity__in=CORRECTIVE_SEVERITIES)
        .select_related("criterion")
        .order_by("order", "pk")
    )
    follow_ups = FollowUp.objects.bulk_create(
        [
            FollowUp(finding=f, agency=entry.agency, scope_path=entry.scope_path, year=entry.year, due_on=due_on)
            for f in findings
        ]
    )
    content_type = ContentType.objects.get_for_model(FollowUp)
    finding_type = ContentType.objects.get_for_model(Finding)
    specs = [
        obligation_services.ObligationSpec(
            organisation_id=entry.agency_id,
            kind=ObligationKind.INSPECTION_FOLLOWUP,
            key=f"inspection-followup:{follow_up.pk}",
            title=str(_("Khắc phục tồn tại sau kiểm tra: %(text)s")) % {"text": follow_up.finding.text[:300]},
            due_on=due_on,
            subject_type_id=content_type.pk,
            subject_id=follow_up.pk,
            subject_repr=str(follow_up)[:300],
            source_type_id=finding_type.pk,
            source_id=follow_up.finding_id,
            source_repr=str(_("Biên bản kiểm tra ký ngày %(date)s")) % {"date": format_date(signed_on)},
            opened_on=signed_on,
            scope_path=entry.scope_path,
        )
        for follow_up in follow_ups
    ]
    if specs:
        obligation_services.obligations_open_many(actor=None, specs=specs, today=today)
    audit.record(
        actor=actor,
        verb="inspection_minutes.sign",
        target=minutes,
        scope_path=entry.scope_path,
        changes={
            **audit.diff(before, audit.snapshot(minutes, MINUTES_AUDITED)),
            "số nội dung phải khắc phục": {"before": None, "after": len(follow_ups)},
            "hạn khắc phục": {"before": None, "after": due_on.isoformat()},
        },
    )
    return follow_ups


# --- follow-ups ------------------------------------------------------------------------------------


def _lock_follow_up(follow_up: FollowUp) -> FollowUp:
    return (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("agency", "finding", "finding__entry", "finding__entry__agency", "finding__entry__plan")
        .get(pk=follow_up.pk)
    )


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > 500:
        raise ValidationError({"evidence_url": _("Đường dẫn dài tối đa 500 ký tự.")})
    if url.startswith("/"):
        return url  # a page of this installation
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"evidence_url": _("Đường dẫn không hợp lệ (http://, https:// hoặc /...).")}) from None
    return url


def _event(follow_up: FollowUp, actor: Any, text: str, **extra: Any) -> FollowUpEvent:
    return FollowUpEvent.objects.create(
        follow_up=follow_up,
        status=follow_up.status,
        text=text,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.get_username())
        if getattr(actor, "pk", None)
        else str(_("Hệ thống")),
        **extra,
    )


@transaction.atomic
def followup_answer(
    *,
    actor: Any,
    follow_up: FollowUp,
    expected_version: int | None,
    action_text: str,
    upload: UploadedFile | None = None,
    evidence_url: str = "",
) -> FollowUp:
    """The agency reports its corrective action (with a file and/or a link as evidence)."""
    follow_up = _lock_follow_up(follow_up)
    access.require_answer(actor, follow_up.agency)
    if not follow_up.is_pending:
        raise ValidationError(
            _("Nội dung này đang ở trạng thái “%(status)s”: không báo cáo lại được.")
            % {"status": follow_up.get_status_display()},
            code="state",
        )
    text = _clean_text(action_text, "action_text", str(_("biện pháp khắc phục")), required=True)
    url = _check_url(evidence_url)
    stored = None
    if upload is not None:
        try:
            stored = files.store_upload(upload, actor=actor, allowed=EVIDENCE_TYPES)
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from exc
    before = {"status": follow_up.status, "action_text": follow_up.action_text}
    bump_version(follow_up, expected_version)
    follow_up.status = FollowUpStatus.ANSWERED
    follow_up.action_text = text
    if stored is not None or url:
        follow_up.evidence_file, follow_up.evidence_url = stored, url
    follow_up.answered_at = timezone.now()
    follow_up.answered_by = actor if getattr(actor, "pk", None) else None
    follow_up.answer_count += 1
    follow_up.save()
    _event(follow_up, actor, text, evidence_file=stored, evidence_url=url)
    audit.record(
        actor=actor,
        verb="inspection_followup.answer",
        target=follow_up,
        scope_path=follow_up.scope_path,
        changes={
            **audit.diff(before, {"status": follow_up.status, "action_text": text}),
            **(
                {"minh chứng": {"before": None, "after": stored.original_name if stored else url}}
                if stored or url
                else {}
            ),
        },
    )
    return follow_up


@transaction.atomic
def followup_review(
    *,
    actor: Any,
    follow_up: FollowUp,
    expected_version: int | None,
    accepted: bool,
    reason: str = "",
    new_due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> FollowUp:
    """Accept the reported corrective action (the agency's obligation closes), or write "not
    accepted" with a reason; a new due date may be set for the next answer."""
    follow_up = _lock_follow_up(follow_up)
    entry = follow_up.finding.entry
    access.require_review(actor, entry)
    today = today or timezone.localdate()
    if follow_up.status != FollowUpStatus.ANSWERED:
        raise ValidationError(_("Cơ quan chưa báo cáo kết quả khắc phục nội dung này."), code="state")
    reason = _clean_text(reason, "reason", str(_("lý do không chấp nhận")), required=not accepted)
    if not accepted and new_due_on is not None and new_due_on < today:
        raise ValidationError({"new_due_on": _("Hạn mới phải từ hôm nay trở đi.")})
    before = audit.snapshot(follow_up, ("status", "due_on", "review_reason"))
    bump_version(follow_up, expected_version)
    follow_up.status = FollowUpStatus.ACCEPTED if accepted else FollowUpStatus.NOT_ACCEPTED
    follow_up.review_reason = reason
    follow_up.reviewed_at = timezone.now()
    follow_up.reviewed_by = actor if getattr(actor, "pk", None) else None
    if not accepted and new_due_on is not None:
        follow_up.due_on = new_due_on
    follow_up.save()
    _event(follow_up, actor, reason)
    if accepted:
        obligation_services.obligations_close_for_subject(
            actor=None,
            subject=follow_up,
            kind=ObligationKind.INSPECTION_FOLLOWUP,
            note=str(_("Kết quả khắc phục đã được chấp nhận.")),
        )
    elif new_due_on is not None:
        obligation_services.obligations_reschedule_for_source(
            actor=None,
            source=follow_up.finding,
            kind=ObligationKind.INSPECTION_FOLLOWUP,
            due_on=new_due_on,
            scope_path=follow_up.scope_path,
        )
    audit.record(
        actor=actor,
        verb="inspection_followup.accept" if accepted else "inspection_followup.reject",
        target=follow_up,
        scope_path=follow_up.scope_path,
        changes=audit.diff(before, audit.snapshot(follow_up, ("status", "due_on", "review_reason"))),
    )
    return follow_up
