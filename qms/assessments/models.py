"""Rubrics (bộ tiêu chí chấm điểm) as versioned data, and the assessments scored against them.

A ``Rubric`` is identified by ``code`` and ``version``: a criteria tree (``Criterion``: code,
text, maximum points, order), a score step and rating bands (``RatingBand``: lower bound →
label). A rubric that any assessment uses is never edited in place: a change makes a new version.

An ``Assessment`` is one agency's score for one year against one rubric, either its own
self-assessment (tự chấm) or the province's inspection (kiểm tra). Only leaf criteria carry a
``Score``; every subtotal, part and total is computed from the leaves (``scoring.py``) and the
results are kept on the assessment (``total``, ``rating``, ``subtotals``) so that consolidation
across thousands of agencies reads one row per assessment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.core.models import StoredFile, TimeStampedModel, VersionedModel
from qms.organisations.models import Organisation


class ScoringMode(models.TextChoices):
    POINTS = "points", _("Chấm điểm")
    CHECKLIST = "checklist", _("Danh mục kiểm tra (đạt / cần khắc phục / không áp dụng)")


class RubricStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đang áp dụng")
    RETIRED = "retired", _("Ngừng áp dụng")


class Rubric(TimeStampedModel):
    code = models.CharField(_("mã bộ tiêu chí"), max_length=60)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    issuer = models.CharField(
        _("căn cứ ban hành"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: Quyết định 1276/QĐ-UBND ngày 25/08/2020 của UBND tỉnh Đắk Nông."),
    )
    description = models.TextField(_("ghi chú"), blank=True)
    # The province (or ministry) whose rubric this is; empty for a national one.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rubrics",
    )
    scoring_mode = models.CharField(
        _("cách chấm"), max_length=20, choices=ScoringMode.choices, default=ScoringMode.POINTS
    )
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2, default=0)
    score_step = models.DecimalField(_("bước điểm"), max_digits=5, decimal_places=2, default=0.5)
    bands_published = models.BooleanField(_("có thang xếp loại"), default=False)
    bands_note = models.TextField(_("ghi chú về thang xếp loại"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=RubricStatus.choices, default=RubricStatus.DRAFT)
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("phiên bản trước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    change_note = models.CharField(_("nội dung thay đổi"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("áp dụng từ lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bộ tiêu chí chấm điểm")
        verbose_name_plural = _("bộ tiêu chí chấm điểm")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="rubric_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.code} v{self.version})"

    @property
    def is_checklist(self) -> bool:
        return self.scoring_mode == ScoringMode.CHECKLIST


class RatingBand(models.Model):
    """A total at or above ``lower_bound`` (and below the next band) earns ``label``."""

    rubric = models.ForeignKey(Rubric, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="bands")
    lower_bound = models.DecimalField(_("từ (điểm)"), max_digits=7, decimal_places=2)
    label = models.CharField(_("xếp loại"), max_length=80)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("thang xếp loại")
        ordering = ["rubric", "lower_bound"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "label"], name="ratingband_label_unique"),
            models.UniqueConstraint(fields=["rubric", "lower_bound"], name="ratingband_bound_unique"),
        ]

    def __str__(self) -> str:
        return f"≥ {self.lower_bound}: {self.label}"


class Criterion(models.Model):
    """One row of the criteria tree. ``code`` is what the annex prints (``I``, ``7``, ``7.1``,
    ``a``) and may recur (letters); ``key`` is unique within the rubric (``7.1.a``)."""

    rubric = models.ForeignKey(Rubric, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", verbose_name=_("tiêu chí cha"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("mã (TT)"), max_length=20)
    key = models.CharField(_("khoá"), max_length=80)
    text = models.TextField(_("tiêu chí đánh giá"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2, default=0)
    order = models.PositiveIntegerField(_("thứ tự"))
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0)
    is_leaf = models.BooleanField(_("tiêu chí chấm"), default=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["rubric", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="criterion_key_unique"),
            models.UniqueConstraint(fields=["rubric", "order"], name="criterion_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    INSPECTION = "inspection", _("Kiểm tra")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp (khoá)")
    REOPENED = "reopened", _("Đã mở lại")


EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.REOPENED})


class Verdict(models.TextChoices):
    CONFORMING = "conforming", _("Đạt")
    NEEDS_CORRECTION = "needs_correction", _("Cần khắc phục")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")


class Assessment(VersionedModel):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="assessments"
    )
    agency = models.ForeignKey(
        Organisation, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="assessments"
    )
    scope_path = models.CharField(_("phạm vi"), max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=20, choices=AssessmentKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    # Computed from the leaf scores by scoring.recompute(); never typed in.
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, default=0)
    rating = models.CharField(_("xếp loại"), max_length=80, blank=True)
    scored_count = models.PositiveIntegerField(_("số tiêu chí đã chấm"), default=0)
    leaf_count = models.PositiveIntegerField(_("số tiêu chí chấm"), default=0)
    correction_count = models.PositiveIntegerField(_("số nội dung cần khắc phục"), default=0)
    subtotals = models.JSONField(_("điểm theo nhóm"), default=dict, blank=True, editable=False)
    summary = models.TextField(_("nhận xét chung"), blank=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấm (đoàn kiểm tra)"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)

    class Meta:
        verbose_name = _("bản đánh giá")
        verbose_name_plural = _("bản đánh giá")
        ordering = ["-year", "agency", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind", "rubric"], name="assessment_unique_per_rubric"),
        ]
        indexes = [
            models.Index(fields=["year", "kind", "agency"], name="assessment_year_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} — {self.agency}"

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class Score(models.Model):
    """The score of one leaf criterion (points rubrics) or its verdict (checklist rubrics)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("bản đánh giá"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    verdict = models.CharField(_("kết luận"), max_length=20, choices=Verdict.choices, blank=True)
    note = models.TextField(_("ghi chú, giải trình"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chấm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="score_unique_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value if self.value is not None else self.verdict}"


class Evidence(models.Model):
    """A file or a link (to a record in the product or elsewhere) supporting one criterion."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("bản đánh giá"), on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("mô tả"), max_length=300)
    file = models.ForeignKey(
        StoredFile, verbose_name=_("tệp"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thêm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["assessment", "criterion", "id"]
        indexes = [models.Index(fields=["assessment", "criterion"], name="evidence_assessment_idx")]

    def __str__(self) -> str:
        return self.label
