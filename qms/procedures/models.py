"""Administrative procedures (TTHC), their assignment to agencies, the working-day calendar, and
processes (quy trình): the structured content of a controlled document of kind PROCESS.

The catalogue belongs to a province (the body whose chairman publishes the TTHC lists): the
same national code may carry a shorter time limit or other fees in another province. Each
publishing decision (quyết định công bố) adds, amends, replaces or abolishes procedures; every
change is kept as a ``ProcedureChange`` row naming the decision.

A process's structured content hangs off a ``DocumentRevision``: an approved revision is frozen,
the next revision starts from a copy (see ``services_processes``). An assignment is *covered*
when an effective process of its agency lists its procedure; ``ProcedureAssignment.covered`` is
a denormalised flag kept by the services, and ``CoverageSummary`` holds the per-agency counts the
coverage views read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.core.display import format_date
from qms.core.models import TimeStampedModel, VersionedModel
from qms.documents.models import Document, DocumentRevision
from qms.organisations.models import Organisation


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Ngày nghỉ lễ, Tết")
    DAY_OFF = "day_off", _("Ngày nghỉ bù")
    WORKING_DAY = "working_day", _("Ngày làm việc bù (cuối tuần)")


class CalendarDay(TimeStampedModel):
    """An exception to the Monday-Friday week: a public holiday or day off on a weekday, or a
    weekend day worked in exchange. Lunar new year dates are entered per year as data."""

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("tên ngày nghỉ / lý do"), max_length=200)
    basis = models.CharField(_("căn cứ (thông báo, công văn)"), max_length=255, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("ngày đặc biệt trong lịch làm việc")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")

    def __str__(self) -> str:
        return f"{format_date(self.day)} {self.name}"


class PublishingDecision(TimeStampedModel):
    """A decision of the provincial chairman publishing new, amended, replaced or abolished TTHC."""

    catalogue = models.ForeignKey(
        Organisation, verbose_name=_("danh mục của"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.CharField(_("số, ký hiệu"), max_length=80)
    signed_on = models.DateField(_("ngày ký"))
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    recorded_on = models.DateField(_("ngày cập nhật vào danh mục"))
    due_on = models.DateField(_("hạn cập nhật (5 ngày làm việc)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-signed_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "number"], name="uniq_publishing_decision")]
        verbose_name = _("quyết định công bố TTHC")
        verbose_name_plural = _("quyết định công bố TTHC")

    def __str__(self) -> str:
        return self.number

    @property
    def is_late(self) -> bool:
        return self.recorded_on > self.due_on


class ProcedureLevel(models.TextChoices):
    CENTRAL = "central", _("Cấp trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


class ProcedureStatus(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class AdministrativeProcedure(VersionedModel):
    catalogue = models.ForeignKey(
        Organisation, verbose_name=_("danh mục của"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("mã TTHC"), max_length=40)
    name = models.CharField(_("tên thủ tục hành chính"), max_length=1000)
    field = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    level = models.CharField(_("cấp thực hiện"), max_length=20, choices=ProcedureLevel.choices)
    time_limit_days = models.DecimalField(
        _("thời hạn giải quyết (ngày làm việc)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    # Free text as published ("Trong thời hạn 22 ngày làm việc, kể từ ngày nhận đủ hồ sơ"): some
    # cells run to more than a thousand characters.
    time_limit_text = models.TextField(_("thời hạn giải quyết (theo văn bản)"), blank=True)
    fees = models.TextField(_("phí, lệ phí"), blank=True)
    legal_bases = models.TextField(_("căn cứ pháp lý"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProcedureStatus.choices, default=ProcedureStatus.ACTIVE
    )
    decision = models.ForeignKey(
        PublishingDecision,
        verbose_name=_("quyết định công bố gần nhất"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
    )
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("được thay thế bởi"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    search_text = models.CharField(max_length=1200, editable=False, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="uniq_procedure_code")]
        indexes = [models.Index(fields=["catalogue", "status"], name="procedure_catalogue_status")]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ChangeKind(models.TextChoices):
    ADDED = "added", _("Công bố mới")
    AMENDED = "amended", _("Sửa đổi, bổ sung")
    REPLACED = "replaced", _("Thay thế")
    ABOLISHED = "abolished", _("Bãi bỏ")
    ASSIGNED = "assigned", _("Giao thêm cơ quan")
    UNASSIGNED = "unassigned", _("Thôi giao cơ quan")


class ProcedureChange(models.Model):
    """History of a procedure: what changed, by which decision, when."""

    procedure = models.ForeignKey(AdministrativeProcedure, on_delete=models.CASCADE, related_name="changes")
    decision = models.ForeignKey(
        PublishingDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    kind = models.CharField(_("thay đổi"), max_length=20, choices=ChangeKind.choices)
    changes = models.JSONField(_("nội dung thay đổi"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi thủ tục hành chính")
        verbose_name_plural = _("thay đổi thủ tục hành chính")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.kind}"


class ProcedureAssignment(TimeStampedModel):
    """A procedure under the authority of an agency. Ended assignments stay for history."""

    procedure = models.ForeignKey(AdministrativeProcedure, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Organisation, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+")
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    assigned_on = models.DateField(_("giao từ ngày"))
    ended_on = models.DateField(_("thôi giao từ ngày"), null=True, blank=True)
    decision = models.ForeignKey(PublishingDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_active = models.BooleanField(default=True)
    covered = models.BooleanField(_("đã có quy trình"), default=False)
    # How many times the assignment was left without a process (assigned uncovered, or uncovered
    # again after its process was withdrawn): numbers the "write a process" obligations, so that
    # each such episode opens one obligation and recomputing never opens a second one.
    process_cycle = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("giao thủ tục hành chính")
        verbose_name_plural = _("giao thủ tục hành chính")
        ordering = ["procedure__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency"],
                condition=models.Q(is_active=True),
                name="uniq_active_assignment",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "is_active", "covered"], name="assignment_agency_cov"),
            models.Index(fields=["procedure", "is_active"], name="assignment_procedure_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} → {self.agency_id}"


class CoverageSummary(models.Model):
    """Per-agency counts of active assignments and covered ones, rewritten by the services
    whenever either side changes, so that coverage for a whole nation is one indexed scan."""

    agency = models.OneToOneField(Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+")
    scope_path = models.CharField(max_length=255, db_index=True)
    assigned = models.PositiveIntegerField(default=0)
    covered = models.PositiveIntegerField(default=0)
    over_limit = models.PositiveIntegerField(default=0)  # covered by a process longer than the time limit
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tổng hợp mức độ bao phủ")
        verbose_name_plural = _("tổng hợp mức độ bao phủ")
        indexes = [
            models.Index(fields=["scope_path"], name="coverage_scope_like_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.covered}/{self.assigned}"

    @property
    def percent(self) -> float | None:
        return None if self.assigned == 0 else round(100 * self.covered / self.assigned, 1)


class ProcessContent(models.Model):
    """The structured content of one revision of a process document (sections 1-7)."""

    revision = models.OneToOneField(DocumentRevision, on_delete=models.CASCADE, related_name="process")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    purpose = models.TextField(_("1. Mục đích"), blank=True)
    scope = models.TextField(_("2. Phạm vi"), blank=True)
    # Section 3 lists the legal bases the document cites from the register (``LegalCitation``),
    # then these other references (the standard, texts not in the register), one per line.
    references = models.TextField(_("3. Tài liệu viện dẫn khác"), blank=True)
    definitions = models.TextField(_("4. Định nghĩa, từ viết tắt"), blank=True)
    requirements = models.TextField(_("5. Yêu cầu chung"), blank=True)
    dossier_components = models.TextField(_("5.1 Thành phần hồ sơ"), blank=True)
    dossier_count = models.CharField(_("5.2 Số lượng hồ sơ"), max_length=200, blank=True)
    time_limit_text = models.CharField(_("5.3 Thời hạn giải quyết"), max_length=500, blank=True)
    place = models.CharField(_("5.4 Nơi tiếp nhận, trả kết quả"), max_length=500, blank=True)
    fees = models.CharField(_("5.5 Phí, lệ phí"), max_length=1000, blank=True)
    # Section 6 lists the forms attached to the steps, then these forms not issued by the agency
    # (e.g. a declaration form prescribed by a ministry), one per line.
    other_forms = models.TextField(_("6. Biểu mẫu khác"), blank=True)
    procedures = models.ManyToManyField(
        AdministrativeProcedure, verbose_name=_("thủ tục hành chính áp dụng"), related_name="processes", blank=True
    )
    # Sum of the step times in working days (hours / QMS_WORKING_HOURS_PER_DAY), kept by the
    # process services so coverage can flag processes longer than a procedure's time limit.
    total_working_days = models.DecimalField(max_digits=7, decimal_places=2, default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("nội dung quy trình")
        verbose_name_plural = _("nội dung quy trình")

    def __str__(self) -> str:
        return f"{self.document.code} — lần ban hành {self.revision.number}"


class DurationUnit(models.TextChoices):
    HOURS = "hours", _("giờ làm việc")
    DAYS = "days", _("ngày làm việc")


class ProcessStep(models.Model):
    content = models.ForeignKey(ProcessContent, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("bước"))
    title = models.CharField(_("tên bước"), max_length=255, blank=True)
    description = models.TextField(_("nội dung công việc"))
    responsible_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_role = models.CharField(_("người / bộ phận thực hiện"), max_length=255, blank=True)
    duration = models.DecimalField(_("thời gian"), max_digits=6, decimal_places=1)
    duration_unit = models.CharField(
        _("đơn vị thời gian"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.HOURS
    )
    # A step without a time of its own ("theo ngày hẹn", returning the result) has duration 0 and
    # says so here; it adds nothing to the total.
    time_note = models.CharField(_("ghi chú thời gian"), max_length=200, blank=True)
    output = models.CharField(_("kết quả, hồ sơ đầu ra"), max_length=500, blank=True)
    forms = models.ManyToManyField(Document, verbose_name=_("biểu mẫu sử dụng"), related_name="+", blank=True)

    class Meta:
        verbose_name = _("bước quy trình")
        verbose_name_plural = _("bước quy trình")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["content", "order"], name="uniq_process_step_order")]

    def __str__(self) -> str:
        return f"B{self.order}"

    @property
    def responsible_text(self) -> str:
        """Who does the step: the role as written, then the unit unless the role already names it."""
        from qms.core.text import fold

        role = self.responsible_role.strip()
        unit = self.responsible_unit.name if self.responsible_unit_id and self.responsible_unit else ""
        if role and unit and fold(unit) in fold(role):
            return role
        return " — ".join(p for p in (role, unit) if p)


class ProcessRecord(models.Model):
    """Section 7: a record to keep (hồ sơ cần lưu), with keeper and retention."""

    content = models.ForeignKey(ProcessContent, on_delete=models.CASCADE, related_name="records")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("hồ sơ"), max_length=500)
    form = models.ForeignKey(
        Document, verbose_name=_("biểu mẫu"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    keeper = models.CharField(_("bộ phận lưu"), max_length=255)
    retention = models.CharField(_("thời gian lưu"), max_length=120)

    class Meta:
        verbose_name = _("hồ sơ cần lưu của quy trình")
        verbose_name_plural = _("hồ sơ cần lưu của quy trình")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name
