"""Every write to assessments: opening one, naming the inspection team, scoring, evidence,
submitting (locking) and reopening. Rubrics: ``services_rubrics``; score-sheet import:
``services_import``.

Each call is atomic, checks the policy (see ``access``) and writes one audit event. Totals are
never typed in: after every change of a leaf score :func:`scoring.recompute` derives them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit, files
from qms.core.concurrency import bump_version
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm

from . import access, scoring
from .models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Criterion,
    Evidence,
    Rubric,
    RubricStatus,
    Score,
    ScoringMode,
    Verdict,
)

audit.register_verbs(
    {
        "assessment.open": gettext_lazy("Lập bản đánh giá"),
        "assessment.inspectors": gettext_lazy("Phân công người chấm"),
        "assessment.score": gettext_lazy("Chấm điểm"),
        "assessment.submit": gettext_lazy("Nộp bản đánh giá"),
        "assessment.reopen": gettext_lazy("Mở lại bản đánh giá"),
        "assessment.evidence_add": gettext_lazy("Thêm minh chứng"),
        "assessment.evidence_remove": gettext_lazy("Xoá minh chứng"),
        "assessment.import": gettext_lazy("Nhập bảng điểm"),
    }
)

MIN_YEAR = 2014
MAX_YEAR = 2100
MAX_NOTE_CHARS = 5000


@dataclass(frozen=True)
class ScoreInput:
    """What a scorer enters for one leaf: a value (points rubrics) or a verdict (checklists)."""

    value: Decimal | None = None
    verdict: str = ""
    note: str = ""


# --- helpers -------------------------------------------------------------------------------------


def _lock(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("rubric", "agency").get(pk=assessment.pk)
    access.forget_inspectors(assessment)
    return locked


def _touch(assessment: Assessment, expected_version: int | None) -> None:
    if expected_version is not None:
        bump_version(assessment, expected_version)
    else:
        Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1)
        assessment.version += 1


def _check_year(year: int) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm đánh giá không hợp lệ.")}) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Năm đánh giá phải từ %(a)s đến %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}})
    return year


def _check_agency(agency: Organisation) -> None:
    if agency.kind == OrganisationKind.UNIT:
        raise ValidationError(
            {"agency": _("“%(org)s” là phòng, ban nội bộ: chỉ cơ quan mới được đánh giá.") % {"org": agency}}
        )


def _user_label(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def check_entry(criterion: Criterion, rubric: Rubric, entry: ScoreInput) -> dict[str, str]:
    """Errors of one entry keyed ``value`` / ``verdict`` / ``note`` (empty when valid)."""
    errors: dict[str, str] = {}
    if rubric.scoring_mode == ScoringMode.CHECKLIST:
        if entry.verdict and entry.verdict not in Verdict.values:
            errors["verdict"] = _("Kết luận không hợp lệ.")
        if entry.value is not None:
            errors["value"] = _("Bộ tiêu chí dạng danh mục không chấm điểm số: chọn kết luận.")
    else:
        if entry.value is not None:
            reason = scoring.check_value(entry.value, max_points=criterion.max_points, step=rubric.score_step)
            if reason:
                errors["value"] = reason
        if entry.verdict:
            errors["verdict"] = _("Bộ tiêu chí chấm điểm không dùng kết luận đạt / không đạt.")
    if len(entry.note or "") > MAX_NOTE_CHARS:
        errors["note"] = _("Ghi chú dài quá %(n)s ký tự.") % {"n": MAX_NOTE_CHARS}
    return errors


# --- opening and the inspection team --------------------------------------------------------------


def _check_inspectors(assessment: Assessment, inspectors: Iterable[Any]) -> list[Any]:
    people = list(dict.fromkeys(inspectors))
    for user in people:
        if not policy.has_perm(user, Perm.INSPECTION_SCORE, assessment.agency):
            raise ValidationError(
                {
                    "inspectors": _("%(user)s không có quyền chấm kiểm tra tại %(org)s.")
                    % {"user": _user_label(user), "org": assessment.agency}
                }
            )
    return people


@transaction.atomic
def assessment_open(
    *,
    actor: Any,
    rubric: Rubric,
    agency: Organisation,
    year: int,
    kind: str,
    inspectors: Iterable[Any] = (),
) -> Assessment:
    """The agency's assessment of ``kind`` for ``year`` against ``rubric``, created if missing.

    A self-assessment is opened by the agency (``ASSESS_EDIT``); an inspection assessment by
    whoever plans inspections (``INSPECTION_PLAN``) or the system. For an inspection, the given
    ``inspectors`` (if any) become the team allowed to score it.
    """
    year = _check_year(year)
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": _("Loại đánh giá không hợp lệ.")})
    _check_agency(agency)
    if kind == AssessmentKind.SELF:
        policy.require(actor, Perm.ASSESS_EDIT, agency)
    else:
        policy.require(actor, Perm.INSPECTION_PLAN, agency)
    existing = (
        Assessment.objects.select_related("rubric", "agency")
        .filter(agency=agency, year=year, kind=kind, rubric=rubric)
        .first()
    )
    if existing is not None:
        if kind == AssessmentKind.INSPECTION and inspectors:
            _set_inspectors(actor, existing, inspectors)
        return existing
    if rubric.status != RubricStatus.PUBLISHED:
        raise ValidationError(
            {
                "rubric": _("Bộ tiêu chí “%(rubric)s” chưa được áp dụng (đang ở trạng thái “%(status)s”).")
                % {"rubric": rubric, "status": rubric.get_status_display()}
            }
        )
    assessment = Assessment.objects.create(
        rubric=rubric,
        agency=agency,
        scope_path=agency.path,
        year=year,
        kind=kind,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    people: list[Any] = []
    if kind == AssessmentKind.INSPECTION and inspectors:
        people = _check_inspectors(assessment, inspectors)
        assessment.inspectors.set(people)
    scoring.recompute(assessment)
    audit.record(
        actor=actor,
        verb="assessment.open",
        target=assessment,
        scope_path=assessment.scope_path,
        changes={
            "rubric": {"before": None, "after": str(rubric)},
            "year": {"before": None, "after": year},
            "kind": {"before": None, "after": kind},
            **({"inspectors": {"before": None, "after": [_user_label(u) for u in people]}} if people else {}),
        },
    )
    return assessment


def _set_inspectors(actor: Any, assessment: Assessment, inspectors: Iterable[Any]) -> None:
    if assessment.kind != AssessmentKind.INSPECTION:
        raise ValidationError({"inspectors": _("Chỉ bản kiểm tra mới có đoàn chấm điểm.")})
    policy.require(actor, Perm.INSPECTION_PLAN, assessment.agency)
    people = _check_inspectors(assessment, inspectors)
    before = sorted(_user_label(u) for u in assessment.inspectors.all())
    assessment.inspectors.set(people)
    access.forget_inspectors(assessment)
    after = sorted(_user_label(u) for u in people)
    if before != after:
        audit.record(
            actor=actor,
            verb="assessment.inspectors",
            target=assessment,
            scope_path=assessment.scope_path,
            changes={"inspectors": {"before": before, "after": after}},
        )


@transaction.atomic
def assessment_set_inspectors(*, actor: Any, assessment: Assessment, inspectors: Iterable[Any]) -> Assessment:
    """Replace the team allowed to score an inspection assessment (``INSPECTION_PLAN``)."""
    assessment = _lock(assessment)
    _set_inspectors(actor, assessment, inspectors)
    return assessment


# --- scoring -------------------------------------------------------------------------------------


def _leaves(rubric: Rubric) -> dict[int, Criterion]:
    return {c.pk: c for c in Criterion.objects.filter(rubric=rubric, is_leaf=True)}


def apply_scores(
    *,
    actor: Any,
    assessment: Assessment,
    entries: Mapping[int, ScoreInput],
    leaves: Mapping[int, Criterion],
    clear_missing: bool = False,
) -> dict[str, dict[str, Any]]:
    """Write the entries that changed (validated already); returns the audit changes.

    ``clear_missing`` empties every leaf not in ``entries`` (a full sheet replaces the scores).
    """
    existing = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
    changes: dict[str, dict[str, Any]] = {}
    to_create: list[Score] = []
    to_update: list[Score] = []
    scorer = actor if getattr(actor, "pk", None) else None
    targets: dict[int, ScoreInput] = dict(entries)
    if clear_missing:
        for criterion_id in leaves:
            targets.setdefault(criterion_id, ScoreInput())
    for criterion_id, entry in targets.items():
        criterion = leaves[criterion_id]
        note = (entry.note or "").strip()
        value = scoring.q2(entry.value) if entry.value is not None else None
        current = existing.get(criterion_id)
        if current is None:
            if value is None and not entry.verdict and not note:
                continue
            to_create.append(
                Score(
                    assessment=assessment,
                    criterion_id=criterion_id,
                    value=value,
                    verdict=entry.verdict,
                    note=note,
                    updated_by=scorer,
                )
            )
            before: dict[str, Any] = {"value": None, "verdict": "", "note": ""}
        else:
            if current.value == value and current.verdict == entry.verdict and current.note == note:
                continue
            before = {"value": current.value, "verdict": current.verdict, "note": current.note}
            current.value, current.verdict, current.note, current.updated_by = value, entry.verdict, note, scorer
            current.updated_at = timezone.now()
            to_update.append(current)
        after = {"value": value, "verdict": entry.verdict, "note": note}
        changes[criterion.key] = {
            "before": _describe(before),
            "after": _describe(after),
        }
    if to_create:
        Score.objects.bulk_create(to_create)
    if to_update:
        _update_scores(to_update)
    return changes


def _update_scores(scores: list[Score]) -> None:
    """One parameterised UPDATE per row through ``executemany``: a whole sheet (87 rows) costs a
    few milliseconds, where ``bulk_update``'s CASE expression costs tens."""
    table = Score._meta.db_table
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(table)} SET {quote('value')} = %s, {quote('verdict')} = %s, {quote('note')} = %s, "
        f"{quote('updated_by_id')} = %s, {quote('updated_at')} = %s WHERE {quote('id')} = %s"
    )
    field = Score._meta.get_field("updated_at")
    value_field = Score._meta.get_field("value")
    params = [
        (
            value_field.get_db_prep_save(s.value, connection),
            s.verdict,
            s.note,
            s.updated_by_id,
            field.get_db_prep_save(s.updated_at, connection),
            s.pk,
        )
        for s in scores
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _describe(entry: Mapping[str, Any]) -> str:
    parts = []
    if entry["value"] is not None:
        parts.append(scoring.fmt(entry["value"]))
    if entry["verdict"]:
        parts.append(str(Verdict(entry["verdict"]).label))
    if entry["note"]:
        parts.append(f"({entry['note'][:120]})")
    return " ".join(parts)


@transaction.atomic
def scores_save(
    *,
    actor: Any,
    assessment: Assessment,
    entries: Mapping[int, ScoreInput],
    summary: str | None = None,
    expected_version: int | None = None,
) -> scoring.Totals:
    """Save scores (``{leaf criterion id: ScoreInput}``) and recompute every total.

    Every entry is validated first; one bad entry refuses the whole save with errors keyed
    ``score-<criterion id>`` naming the criterion.
    """
    assessment = _lock(assessment)
    access.require_score(actor, assessment)
    access.require_editable(assessment)
    leaves = _leaves(assessment.rubric)
    errors: dict[str, list[str]] = {}
    for criterion_id, entry in entries.items():
        criterion = leaves.get(criterion_id)
        if criterion is None:
            errors.setdefault("__all__", []).append(
                _("Tiêu chí #%(id)s không thuộc bộ tiêu chí này hoặc không phải tiêu chí chấm.") % {"id": criterion_id}
            )
            continue
        for reason in check_entry(criterion, assessment.rubric, entry).values():
            errors.setdefault(f"score-{criterion_id}", []).append(
                _("Tiêu chí %(code)s: %(reason)s") % {"code": criterion.key, "reason": reason}
            )
    if summary is not None and len(summary) > MAX_NOTE_CHARS:
        errors.setdefault("summary", []).append(_("Nhận xét chung dài quá %(n)s ký tự.") % {"n": MAX_NOTE_CHARS})
    if errors:
        raise ValidationError(errors)
    _touch(assessment, expected_version)
    changes = apply_scores(actor=actor, assessment=assessment, entries=entries, leaves=leaves)
    if summary is not None and summary.strip() != assessment.summary:
        changes["summary"] = {"before": assessment.summary, "after": summary.strip()}
        assessment.summary = summary.strip()
        Assessment.objects.filter(pk=assessment.pk).update(summary=assessment.summary)
    before_total = assessment.total
    totals = scoring.recompute(assessment)
    if changes:
        if before_total != totals.total:
            changes["total"] = {"before": str(before_total), "after": str(totals.total)}
        audit.record(
            actor=actor, verb="assessment.score", target=assessment, scope_path=assessment.scope_path, changes=changes
        )
    return totals


def score_set(
    *,
    actor: Any,
    assessment: Assessment,
    criterion: Criterion,
    value: Decimal | None = None,
    verdict: str = "",
    note: str = "",
) -> scoring.Totals:
    """Save one leaf's score (used by the page's inline save)."""
    return scores_save(
        actor=actor,
        assessment=assessment,
        entries={criterion.pk: ScoreInput(value=value, verdict=verdict, note=note)},
    )


# --- submission and reopening ---------------------------------------------------------------------


@transaction.atomic
def assessment_submit(*, actor: Any, assessment: Assessment, expected_version: int | None = None) -> Assessment:
    """Submit and lock: every leaf must be scored. Self: the leader; inspection: the team."""
    assessment = _lock(assessment)
    if not access.may_submit(actor, assessment):
        if assessment.kind == AssessmentKind.SELF:
            raise PermissionDenied(_("Chỉ lãnh đạo cơ quan mới nộp được bản tự đánh giá."))
        raise PermissionDenied(_("Chỉ thành viên đoàn kiểm tra được phân công mới nộp được bản kiểm tra."))
    access.require_editable(assessment)
    totals = scoring.recompute(assessment)
    missing = totals.leaf_count - totals.scored_count
    if missing:
        raise ValidationError(
            _("Còn %(n)s tiêu chí chưa chấm (đã chấm %(done)s/%(all)s): chấm đủ rồi mới nộp được.")
            % {"n": missing, "done": totals.scored_count, "all": totals.leaf_count},
            code="incomplete",
        )
    _touch(assessment, expected_version)
    before = assessment.status
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor if getattr(actor, "pk", None) else None
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit.record(
        actor=actor,
        verb="assessment.submit",
        target=assessment,
        scope_path=assessment.scope_path,
        changes={
            "status": {"before": before, "after": assessment.status},
            "total": {"before": None, "after": str(assessment.total)},
            "rating": {"before": None, "after": assessment.rating},
        },
    )
    return assessment


@transaction.atomic
def assessment_reopen(*, actor: Any, assessment: Assessment, reason: str) -> Assessment:
    """Unlock a submitted assessment (``ASSESS_REOPEN``), with the reason recorded."""
    assessment = _lock(assessment)
    if not access.may_reopen(actor, assessment):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì mới mở lại được bản đánh giá đã nộp."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do mở lại.")})
    if len(reason) > MAX_NOTE_CHARS:
        raise ValidationError({"reason": _("Lý do dài quá %(n)s ký tự.") % {"n": MAX_NOTE_CHARS}})
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Bản đánh giá chưa nộp: không cần mở lại."), code="not_submitted")
    _touch(assessment, None)
    assessment.status = AssessmentStatus.REOPENED
    assessment.reopened_at = timezone.now()
    assessment.reopened_by = actor if getattr(actor, "pk", None) else None
    assessment.reopen_reason = reason
    assessment.save(update_fields=["status", "reopened_at", "reopened_by", "reopen_reason", "updated_at"])
    audit.record(
        actor=actor,
        verb="assessment.reopen",
        target=assessment,
        scope_path=assessment.scope_path,
        changes={
            "status": {"before": AssessmentStatus.SUBMITTED.value, "after": assessment.status},
            "reopen_reason": {"before": None, "after": reason},
        },
    )
    return assessment


# --- evidence ------------------------------------------------------------------------------------


def _check_link(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > 500:
        raise ValidationError({"url": _("Đường dẫn dài quá 500 ký tự.")})
    if not (url.startswith("/") and not url.startswith("//")) and not url.lower().startswith(("https://", "http://")):
        raise ValidationError(
            {"url": _("Đường dẫn phải là địa chỉ trong phần mềm (bắt đầu bằng “/”) hoặc địa chỉ http(s)://.")}
        )
    return url


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    assessment: Assessment,
    criterion: Criterion,
    label: str,
    upload: UploadedFile | None = None,
    url: str = "",
) -> Evidence:
    """Attach a file or a link (to a record in the product, or a web page) to one criterion."""
    assessment = _lock(assessment)
    access.require_score(actor, assessment)
    access.require_editable(assessment)
    if criterion.rubric_id != assessment.rubric_id:
        raise ValidationError({"criterion": _("Tiêu chí không thuộc bộ tiêu chí của bản đánh giá.")})
    url = _check_link(url)
    label = " ".join((label or "").split())
    if upload is None and not url:
        raise ValidationError({"upload": _("Chọn tệp minh chứng hoặc nhập đường dẫn tới hồ sơ.")})
    if upload is not None and url:
        raise ValidationError({"url": _("Mỗi minh chứng là một tệp hoặc một đường dẫn, không phải cả hai.")})
    stored = files.store_upload(upload, actor=actor) if upload is not None else None
    if not label:
        label = stored.original_name if stored is not None else url
    if len(label) > 300:
        raise ValidationError({"label": _("Mô tả dài quá 300 ký tự.")})
    evidence = Evidence.objects.create(
        assessment=assessment,
        criterion=criterion,
        label=label,
        file=stored,
        url=url,
        added_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        verb="assessment.evidence_add",
        target=assessment,
        scope_path=assessment.scope_path,
        changes={criterion.key: {"before": None, "after": label}},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    assessment = _lock(evidence.assessment)
    access.require_score(actor, assessment)
    access.require_editable(assessment)
    key = Criterion.objects.filter(pk=evidence.criterion_id).values_list("key", flat=True).first() or ""
    label = evidence.label
    evidence.delete()
    audit.record(
        actor=actor,
        verb="assessment.evidence_remove",
        target=assessment,
        scope_path=assessment.scope_path,
        changes={key: {"before": label, "after": None}},
    )
