"""Importing a filled score sheet into an assessment (all or nothing, idempotent).

The sheet is read and checked by ``scoresheet`` (rows matched to the rubric, everything
recomputed from the leaf scores, stated subtotals and maxima compared). When the sheet has an
error nothing is written; with ``dry_run`` nothing is written either. Otherwise the scores of the
leaves present in the sheet replace the stored ones and every total is recomputed. Importing the same sheet again changes nothing. Notes written in
the sheet replace the stored ones; empty note cells keep them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.core import audit
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import access, scoresheet, scoring
from .models import Assessment, AssessmentKind, Criterion, Rubric, Score
from .scoresheet import RowError, SheetReport
from .services import ScoreInput, apply_scores, assessment_open


def _check_may_import(actor: Any, *, kind: str, agency: Organisation, existing: Assessment | None) -> None:
    if actor is None:
        return
    if existing is not None:
        access.require_score(actor, existing)
        return
    if kind == AssessmentKind.SELF:
        policy.require(actor, Perm.ASSESS_EDIT, agency)
    else:
        raise PermissionDenied(
            _("Chưa có bản kiểm tra năm này của %(org)s: đơn vị chủ trì lập kế hoạch và phân công đoàn trước.")
            % {"org": agency}
        )


def _entries(report: SheetReport, assessment: Assessment | None) -> dict[int, ScoreInput]:
    """The sheet's leaves as entries. A note written in the sheet replaces the stored one; an
    empty note cell (or a sheet without a note column) keeps what was written in the product."""
    notes: dict[int, str] = {}
    if assessment is not None:
        notes = dict(Score.objects.filter(assessment=assessment).values_list("criterion_id", "note"))
    out = {}
    for criterion_id, (value, verdict, note) in report.entries().items():
        out[criterion_id] = ScoreInput(value=value, verdict=verdict, note=note or notes.get(criterion_id, ""))
    return out


def scoresheet_read(*, data: bytes, filename: str, rubric: Rubric, kind: str) -> SheetReport:
    """Read and check a sheet (no permission needed: nothing is written or disclosed)."""
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": _("Loại đánh giá không hợp lệ.")})
    try:
        rows = scoresheet.read_table(data, filename)
    except ValueError as exc:
        report = SheetReport(rubric_code=rubric.code, rubric_version=rubric.version, kind=kind)
        report.errors.append(RowError(0, "", str(exc)))
        return report
    return scoresheet.check_sheet(rows, rubric, kind)


@transaction.atomic
def scoresheet_import(
    *,
    actor: Any,
    rubric: Rubric,
    kind: str,
    data: bytes,
    filename: str = "",
    agency: Organisation | None = None,
    year: int | None = None,
    dry_run: bool = False,
) -> SheetReport:
    """Check a filled sheet and (unless ``dry_run`` or in error) write its scores into the
    agency's assessment of ``kind`` for ``year`` (opened if missing: a self-assessment by its
    agency, an inspection only by the system). Returns the report; ``report.written`` says
    whether anything was stored. Without ``agency`` only a dry run is possible."""
    report = scoresheet_read(data=data, filename=filename, rubric=rubric, kind=kind)
    report.dry_run = dry_run
    report.year = year
    if agency is None:
        if not dry_run:
            raise ValidationError({"agency": _("Chọn cơ quan để nhập điểm (chỉ kiểm tra thử mới bỏ trống được).")})
        return report
    report.organisation = agency.code
    if year is None:
        raise ValidationError({"year": _("Chọn năm đánh giá.")})
    existing = Assessment.objects.filter(agency=agency, year=year, kind=kind, rubric=rubric).first()
    _check_may_import(actor, kind=kind, agency=agency, existing=existing)
    if existing is not None:
        report.assessment_id = existing.pk
        if existing.is_locked:
            report.errors.append(
                RowError(
                    0,
                    "",
                    _("Bản đánh giá đã nộp và đang bị khoá: không nhập điểm được. Đề nghị đơn vị chủ trì mở lại."),
                )
            )
    if dry_run or report.errors:
        return report
    assessment = existing or assessment_open(actor=actor, rubric=rubric, agency=agency, year=year, kind=kind)
    assessment = Assessment.objects.select_for_update().select_related("rubric", "agency").get(pk=assessment.pk)
    access.require_editable(assessment)
    leaves = {c.pk: c for c in Criterion.objects.filter(rubric=rubric, is_leaf=True)}
    changes = apply_scores(actor=actor, assessment=assessment, entries=_entries(report, assessment), leaves=leaves)
    report.assessment_id = assessment.pk
    report.changed = len(changes)
    if changes:
        before_total = assessment.total
        totals = scoring.recompute(assessment)
        Assessment.objects.filter(pk=assessment.pk).update(version=assessment.version + 1)
        changes["total"] = {"before": str(before_total), "after": str(totals.total)}
        changes["file"] = {"before": None, "after": filename or "—"}
        if report.mismatches:
            changes["mismatches"] = {"before": None, "after": [scoresheet.mismatch_text(m) for m in report.mismatches]}
        audit.record(
            actor=actor, verb="assessment.import", target=assessment, scope_path=assessment.scope_path, changes=changes
        )
        report.written = True
    return report
