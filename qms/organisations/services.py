"""Every write to organisations, lineage and memberships. Each call is atomic and audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from vietnam_provinces import Province, ProvinceCode, Ward

from qms.core import audit
from qms.core.concurrency import bump_version

from . import policy
from .models import (
    ALLOWED_PARENT_KINDS,
    LineageEvent,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationLineage,
    Role,
    path_segment,
)
from .policy import Perm

audit.register_verbs(
    {
        "organisation.create": gettext_lazy("Tạo tổ chức"),
        "organisation.update": gettext_lazy("Sửa thông tin tổ chức"),
        "organisation.move": gettext_lazy("Chuyển tổ chức sang đơn vị cấp trên khác"),
        "organisation.lineage_add": gettext_lazy("Ghi nhận kế thừa (sáp nhập, chia tách)"),
        "membership.grant": gettext_lazy("Cấp vai trò"),
        "membership.revoke": gettext_lazy("Thu hồi vai trò"),
        "organisation.import_units": gettext_lazy("Nhập danh mục đơn vị hành chính"),
    }
)

EDITABLE_FIELDS = (
    "name",
    "short_name",
    "code",
    "official",
    "valid_from",
    "valid_to",
    "address",
    "email",
    "phone",
    "website",
)
AUDITED_FIELDS = ("kind", "parent", *EDITABLE_FIELDS)


def _required_perm(kind: str) -> Perm:
    return Perm.MANAGE_UNITS if kind == OrganisationKind.UNIT else Perm.MANAGE_TREE


def _check_placement(kind: str, parent: Organisation | None) -> None:
    allowed = ALLOWED_PARENT_KINDS[kind]
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in allowed:
        if parent is None:
            message = _("Loại “%(kind)s” phải trực thuộc một tổ chức khác.")
        else:
            message = _("Loại “%(kind)s” không thể trực thuộc “%(parent)s” (%(parent_kind)s).")
        raise ValidationError(
            {
                "parent": message
                % {
                    "kind": OrganisationKind(kind).label,
                    "parent": parent,
                    "parent_kind": OrganisationKind(parent.kind).label if parent else "",
                }
            }
        )


def _check_code_unique(code: str, exclude_pk: int | None = None) -> None:
    clash = Organisation.objects.filter(code__fexact=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    existing = clash.first()
    if existing is not None:
        raise ValidationError(
            {"code": _("Mã “%(code)s” đã được dùng cho “%(name)s”.") % {"code": code, "name": existing}}
        )


def _check_dates(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    parent: Organisation | None,
    kind: str,
    name: str,
    code: str,
    short_name: str = "",
    official: bool = False,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    address: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
) -> Organisation:
    if parent is None:
        if actor is not None and not policy.is_superadmin(actor):
            raise ValidationError({"parent": _("Chỉ quản trị hệ thống mới tạo được tổ chức cấp cao nhất.")})
    else:
        policy.require(actor, _required_perm(kind), parent)
    name, code = name.strip(), code.strip()
    if not name:
        raise ValidationError({"name": _("Tên không được để trống.")})
    if not code:
        raise ValidationError({"code": _("Mã không được để trống.")})
    _check_placement(kind, parent)
    _check_code_unique(code)
    _check_dates(valid_from, valid_to)

    organisation = Organisation(
        parent=parent,
        kind=kind,
        name=name,
        code=code,
        short_name=short_name.strip(),
        official=official,
        valid_from=valid_from,
        valid_to=valid_to,
        address=address,
        email=email,
        phone=phone,
        website=website,
        path=f"tmp-{code}",
        depth=(parent.depth + 1) if parent else 0,
    )
    organisation.search_text = organisation.build_search_text()
    organisation.save()
    organisation.path = (parent.path if parent else "") + path_segment(organisation.pk)
    if kind == OrganisationKind.UNIT and parent is not None:
        organisation.agency_id = parent.agency_id
    else:
        organisation.agency_id = organisation.pk
    Organisation.objects.filter(pk=organisation.pk).update(path=organisation.path, agency_id=organisation.agency_id)
    audit.record(
        actor=actor,
        verb="organisation.create",
        target=organisation,
        scope_path=organisation.path,
        changes=audit.diff({}, audit.snapshot(organisation, AUDITED_FIELDS)),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    expected_version: int | None,
    parent: Organisation | None = None,
    **fields: Any,
) -> Organisation:
    """Edit an organisation's details and, if ``parent`` differs, move its whole subtree."""
    # The caller's copy may predate a move of an ancestor: take the tree position from the database.
    organisation.refresh_from_db(fields=["parent", "agency", "path", "depth"])
    policy.require(actor, _required_perm(organisation.kind), organisation)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    before = audit.snapshot(organisation, AUDITED_FIELDS)

    if "code" in fields:
        fields["code"] = fields["code"].strip()
        _check_code_unique(fields["code"], exclude_pk=organisation.pk)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if not fields["name"]:
            raise ValidationError({"name": _("Tên không được để trống.")})
    _check_dates(
        fields.get("valid_from", organisation.valid_from),
        fields.get("valid_to", organisation.valid_to),
    )

    moving = parent is not None and parent.pk != organisation.parent_id
    if moving:
        assert parent is not None
        if parent.path.startswith(organisation.path):
            raise ValidationError(
                {
                    "parent": _("Không thể chuyển “%(org)s” vào chính nó hoặc đơn vị cấp dưới của nó.")
                    % {"org": organisation}
                }
            )
        _check_placement(organisation.kind, parent)
        policy.require(actor, _required_perm(organisation.kind), parent)

    bump_version(organisation, expected_version)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.search_text = organisation.build_search_text()
    organisation.save(update_fields=[*fields, "search_text", "updated_at"])  # version: bump_version wrote it

    if moving:
        assert parent is not None
        _move_subtree(organisation, parent)
    audit.record(
        actor=actor,
        verb="organisation.move" if moving else "organisation.update",
        target=organisation,
        scope_path=organisation.path,
        changes=audit.diff(before, audit.snapshot(organisation, AUDITED_FIELDS)),
    )
    return organisation


def _move_subtree(organisation: Organisation, parent: Organisation) -> None:
    old_path = organisation.path
    new_path = parent.path + path_segment(organisation.pk)
    depth_change = (parent.depth + 1) - organisation.depth
    Organisation.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Organisation.objects.filter(pk=organisation.pk).update(parent=parent)
    if organisation.kind == OrganisationKind.UNIT:
        # Internal units follow their new agency, down through nested units.
        Organisation.objects.filter(path__startswith=new_path, kind=OrganisationKind.UNIT).update(
            agency_id=parent.agency_id
        )
    organisation.refresh_from_db()


@transaction.atomic
def lineage_add(
    *,
    actor: Any,
    predecessor: Organisation,
    successor: Organisation,
    event: str,
    effective_date: dt.date,
    decision: str = "",
) -> OrganisationLineage:
    policy.require(actor, Perm.MANAGE_TREE, successor)
    policy.require(actor, Perm.MANAGE_TREE, predecessor)
    if predecessor.pk == successor.pk:
        raise ValidationError({"successor": _("Đơn vị mới phải khác đơn vị cũ.")})
    if event not in LineageEvent.values:
        raise ValidationError({"event": _("Hình thức kế thừa không hợp lệ.")})
    if OrganisationLineage.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError({"successor": _("Quan hệ kế thừa này đã được ghi nhận.")})
    if OrganisationLineage.objects.filter(predecessor=successor, successor=predecessor).exists():
        raise ValidationError({"successor": _("Không thể ghi nhận kế thừa hai chiều giữa hai đơn vị.")})
    link = OrganisationLineage.objects.create(
        predecessor=predecessor,
        successor=successor,
        event=event,
        effective_date=effective_date,
        decision=decision,
    )
    audit.record(
        actor=actor,
        verb="organisation.lineage_add",
        target=successor,
        scope_path=successor.path,
        changes={
            "predecessor": {"before": None, "after": str(predecessor)},
            "event": {"before": None, "after": event},
            "effective_date": {"before": None, "after": effective_date.isoformat()},
            "decision": {"before": None, "after": decision},
        },
    )
    return link


@transaction.atomic
def membership_grant(
    *,
    actor: Any,
    user: Any,
    organisation: Organisation,
    role: str,
    position: str = "",
) -> Membership:
    """Give ``user`` ``role`` at ``organisation``; re-activates a revoked identical grant."""
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if not policy.can_grant(actor, role, organisation):
        if actor is not None and not policy.has_perm(actor, Perm.MANAGE_PEOPLE, organisation):
            raise policy.PermissionDenied(_("Bạn không quản lý người dùng của %(org)s.") % {"org": organisation})
        raise ValidationError(
            {
                "role": _("Bạn không được cấp vai trò “%(role)s” tại %(org)s.")
                % {"role": Role(role).label, "org": organisation}
            }
        )
    if role in policy.SUBTREE_ROLES and organisation.kind == OrganisationKind.UNIT:
        raise ValidationError({"organisation": _("Vai trò này phải được cấp tại một cơ quan, không phải phòng ban.")})
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={
            "position": position,
            "granted_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    if not created:
        if membership.is_active:
            raise ValidationError(
                {
                    "role": _("%(user)s đã có vai trò “%(role)s” tại %(org)s.")
                    % {"user": user, "role": Role(role).label, "org": organisation}
                }
            )
        membership.is_active = True
        membership.position = position or membership.position
        membership.save(update_fields=["is_active", "position", "updated_at"])
    policy.forget(user)
    audit.record(
        actor=actor,
        verb="membership.grant",
        target=membership,
        scope_path=organisation.path,
        changes={
            "user": {"before": None, "after": str(user)},
            "role": {"before": None, "after": role},
            "organisation": {"before": None, "after": str(organisation)},
        },
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Any, membership: Membership) -> Membership:
    organisation = membership.organisation
    if not policy.can_grant(actor, membership.role, organisation):
        raise policy.PermissionDenied(_("Bạn không được thu hồi vai trò này."))
    if actor is not None and membership.user_id == actor.pk and membership.role in (Role.ADMIN, Role.COORDINATOR):
        raise ValidationError(_("Bạn không thể tự thu hồi vai trò quản lý của chính mình."))
    if not membership.is_active:
        raise ValidationError(_("Vai trò này đã bị thu hồi trước đó."))
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    policy.forget(membership.user)
    audit.record(
        actor=actor,
        verb="membership.revoke",
        target=membership,
        scope_path=organisation.path,
        changes={"is_active": {"before": True, "after": False}},
    )
    return membership


# --- Official administrative units (vietnam-provinces) ------------------------------------

REFORM_DATE = dt.date(2025, 7, 1)  # two-tier local government in force (Resolution 202/2025/QH15)


def province_code(code: int) -> str:
    return f"{int(code):02d}"


def ward_code(code: int) -> str:
    return f"{int(code):05d}"


def province_agency_name(province: Province) -> str:
    # "Thành phố Hà Nội" → "UBND thành phố Hà Nội"; "Quảng Ninh" → "UBND tỉnh Quảng Ninh"
    if province.name.startswith("Thành phố "):
        return f"UBND thành phố {province.name.removeprefix('Thành phố ')}"
    return f"UBND tỉnh {province.name}"


def ward_agency_name(ward: Ward) -> str:
    # "Xã Thượng Lâm" → "UBND xã Thượng Lâm"; "Đặc khu Cô Tô" → "UBND đặc khu Cô Tô"
    return f"UBND {ward.name[:1].lower()}{ward.name[1:]}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_codes: list[str] = field(default_factory=list)
    updated_codes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _provinces(code: str | None) -> list[Province]:
    if code is None:
        return sorted(Province.iter_all(), key=lambda p: int(p.code))
    try:
        return [Province.from_code(ProvinceCode(int(code)))]
    except (ValueError, KeyError):
        raise ValidationError(
            {"province": _("Không có tỉnh, thành phố nào mang mã “%(code)s” trong danh mục.") % {"code": code}}
        ) from None


@transaction.atomic
def units_import(*, actor: Any, province: str | None = None) -> ImportResult:
    """Create or refresh provinces and their communes; running it twice changes nothing."""
    if actor is not None and not policy.is_superadmin(actor):
        raise policy.PermissionDenied(_("Chỉ quản trị hệ thống được nhập danh mục đơn vị hành chính."))
    result = ImportResult()
    provinces = _provinces(province)
    wanted: dict[str, tuple[str, str, str | None]] = {}  # code -> (name, kind, parent code)
    for p in provinces:
        wanted[province_code(p.code)] = (province_agency_name(p), OrganisationKind.PROVINCE, None)
        for w in Ward.iter_by_province(p.code):
            wanted[ward_code(w.code)] = (
                ward_agency_name(w),
                OrganisationKind.COMMUNE,
                province_code(p.code),
            )

    existing = {o.code: o for o in Organisation.objects.filter(code__in=list(wanted))}
    # Parents first (provinces), then communes, so every parent has its path when children need it.
    for level in (OrganisationKind.PROVINCE, OrganisationKind.COMMUNE):
        new: list[Organisation] = []
        changed: list[Organisation] = []
        for code, (name, kind, parent_code) in wanted.items():
            if kind != level:
                continue
            parent = existing[parent_code] if parent_code else None
            current = existing.get(code)
            if current is None:
                new.append(
                    Organisation(
                        code=code,
                        name=name,
                        kind=kind,
                        official=True,
                        parent=parent,
                        depth=(parent.depth + 1) if parent else 0,
                        valid_from=REFORM_DATE,
                        path=f"tmp-{code}",
                    )
                )
            elif current.name != name or not current.official:
                current.name, current.official = name, True
                current.search_text = current.build_search_text()
                changed.append(current)
                result.updated_codes.append(code)
            else:
                result.unchanged += 1
        if new:
            created = Organisation.objects.bulk_create(new, batch_size=1000)
            if any(o.pk is None for o in created):  # backends that cannot return ids
                created = list(Organisation.objects.filter(code__in=[o.code for o in new]).select_related("parent"))
            for o in created:
                o.search_text = o.build_search_text()
                o.path = (o.parent.path if o.parent else "") + path_segment(o.pk)
                o.agency_id = o.pk
                existing[o.code] = o
                result.created_codes.append(o.code)
            Organisation.objects.bulk_update(created, ["path", "agency", "search_text"], batch_size=1000)
        if changed:
            Organisation.objects.bulk_update(changed, ["name", "official", "search_text"], batch_size=1000)
    result.created = len(result.created_codes)
    result.updated = len(result.updated_codes)

    if result.created or result.updated:
        scope = existing[province_code(provinces[0].code)].path if len(provinces) == 1 else ""
        audit.record(
            actor=actor,
            verb="organisation.import_units",
            target=existing[province_code(provinces[0].code)] if len(provinces) == 1 else None,
            scope_path=scope,
            changes={
                "created": {"before": None, "after": result.created},
                "updated": {"before": None, "after": result.updated},
                "updated_codes": {"before": None, "after": result.updated_codes[:200]},
            },
        )
    return result
