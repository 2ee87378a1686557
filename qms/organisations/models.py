"""The organisation tree, its lineage (2025 mergers) and memberships that carry roles."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import TimeStampedModel, VersionedModel
from qms.core.text import fold

PATH_SEGMENT_WIDTH = 8  # hex digits per level: ids up to 4 billion, depth up to 28 in 255 chars


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}x}/"


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, ngành")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    SUB_DEPARTMENT = "sub_department", _("Chi cục, đơn vị trực thuộc")
    DISTRICT = "district", _("Huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    UNIT = "unit", _("Phòng, ban nội bộ")


# Which kinds may sit directly under which (None = a root).
ALLOWED_PARENT_KINDS: dict[str, set[str | None]] = {
    OrganisationKind.MINISTRY: {None},
    OrganisationKind.PROVINCE: {None},
    OrganisationKind.DEPARTMENT: {OrganisationKind.PROVINCE, OrganisationKind.MINISTRY},
    OrganisationKind.SUB_DEPARTMENT: {OrganisationKind.DEPARTMENT, OrganisationKind.MINISTRY},
    OrganisationKind.DISTRICT: {OrganisationKind.PROVINCE},
    OrganisationKind.COMMUNE: {OrganisationKind.PROVINCE, OrganisationKind.DISTRICT},
    OrganisationKind.UNIT: {
        OrganisationKind.MINISTRY,
        OrganisationKind.PROVINCE,
        OrganisationKind.DEPARTMENT,
        OrganisationKind.SUB_DEPARTMENT,
        OrganisationKind.DISTRICT,
        OrganisationKind.COMMUNE,
        OrganisationKind.UNIT,
    },
}

KIND_ORDER = {kind.value: index for index, kind in enumerate(OrganisationKind)}


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def current(self, on: dt.date | None = None) -> OrganisationQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )

    def agencies(self) -> OrganisationQuerySet:
        return self.exclude(kind=OrganisationKind.UNIT)

    def subtree_of(self, organisation: Organisation) -> OrganisationQuerySet:
        return self.filter(path__startswith=organisation.path)


class Organisation(VersionedModel):
    """An agency (cơ quan) or an internal unit (phòng ban) at any depth of the tree.

    ``path`` is a materialised path of fixed-width id segments, so a subtree is one indexed
    prefix query at any size. ``agency`` points to the nearest agency at or above the node
    (itself for agencies), which is what non-subtree roles are scoped to.
    """

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=OrganisationKind.choices)
    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        help_text=_("Mã chính thức nếu có (mã tỉnh, mã xã theo danh mục hành chính); nếu không, mã nội bộ."),
    )
    official = models.BooleanField(_("mã chính thức"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    agency = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    website = models.URLField(_("trang thông tin điện tử"), blank=True)
    # Name, short name and code folded (no diacritics, lower case) so search is accent- and
    # case-insensitive on every database; kept current by the services.
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["kind", "path"], name="org_kind_path_idx"),
            models.Index(fields=["agency"], name="org_agency_idx"),
            models.Index(fields=["path"], name="org_path_like_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="org_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def build_search_text(self) -> str:
        return fold(" ".join(filter(None, [self.name, self.short_name, self.code])))

    @property
    def is_agency(self) -> bool:
        return self.kind != OrganisationKind.UNIT

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(segment, 16) for segment in self.path.split("/") if segment][:-1]


class LineageEvent(models.TextChoices):
    MERGE = "merge", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Chuyển giao")


class OrganisationLineage(TimeStampedModel):
    """Predecessor → successor link (e.g. a district and its communes merged into a new commune)."""

    predecessor = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị cũ"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị mới"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    event = models.CharField(_("hình thức"), max_length=20, choices=LineageEvent.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("căn cứ (nghị quyết, quyết định)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa tổ chức")
        verbose_name_plural = _("kế thừa tổ chức")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="lineage_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="lineage_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    COORDINATOR = "coordinator", _("Đơn vị chủ trì (Sở KH&CN)")
    INSPECTOR = "inspector", _("Thành viên đoàn kiểm tra")
    LEADER = "leader", _("Lãnh đạo cơ quan")
    ISO_SECRETARY = "iso_secretary", _("Thư ký ISO")
    AUDITOR = "auditor", _("Chuyên gia đánh giá nội bộ")
    STAFF = "staff", _("Cán bộ, công chức")


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vai trò của người dùng")
        verbose_name_plural = _("vai trò của người dùng")
        ordering = ["organisation__path", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")]
        indexes = [models.Index(fields=["user", "is_active"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"
