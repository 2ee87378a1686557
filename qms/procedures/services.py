"""Every write to the TTHC catalogue: imports of published lists with their publishing decisions
(``services_import``), corrections of a procedure, assignments of procedures to agencies
(working-day calendar: ``services_calendar``; processes: ``services_processes``).

Each call is atomic, checks the policy (``PROC_CATALOGUE`` at the catalogue's province) and
writes one audit event. Coverage and the "write a process" obligations follow from the data and
are derived by :mod:`qms.procedures.coverage` as the system.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit
from qms.core.concurrency import bump_version
from qms.organisations.models import Organisation, OrganisationKind

from . import coverage, search_index
from .import_rows import CONTENT_FIELDS, FIELD_MAX, NAME_MAX
from .importing import CatalogueImportError
from .models import (
    AdministrativeProcedure,
    ChangeKind,
    ProcedureAssignment,
    ProcedureChange,
    ProcedureLevel,
    ProcedureStatus,
)
from .services_bulk import close_ended
from .services_import import (
    CatalogueImportResult,
    _plain,
    _require_catalogue,
    build_search_text,
    catalogue_import,
    decision_due_on,
)

__all__ = [
    "CatalogueImportError",
    "CatalogueImportResult",
    "catalogue_import",
    "decision_due_on",
    "procedure_assign",
    "procedure_unassign",
    "procedure_update",
]

audit.register_verbs(
    {
        "procedures.import": gettext_lazy("Nhập danh mục TTHC"),
        "procedures.update": gettext_lazy("Sửa thông tin TTHC"),
        "procedures.assign": gettext_lazy("Giao TTHC cho cơ quan"),
        "procedures.unassign": gettext_lazy("Thôi giao TTHC cho cơ quan"),
    }
)


# --- one procedure --------------------------------------------------------------------------------


@transaction.atomic
def procedure_update(
    *, actor: Any, procedure: AdministrativeProcedure, expected_version: int | None, **fields: Any
) -> AdministrativeProcedure:
    """Correct a procedure's data (e.g. a time limit the import could not compute). Kept in its
    history as an amendment without a publishing decision."""
    catalogue = Organisation.objects.get(pk=procedure.catalogue_id)
    _require_catalogue(actor, catalogue)
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    values = {name: fields.get(name, getattr(procedure, name)) for name in CONTENT_FIELDS}
    errors: dict[str, str] = {}
    values["name"] = " ".join(str(values["name"] or "").split())
    if not values["name"]:
        errors["name"] = _("Thiếu tên thủ tục hành chính.")
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = _("Tên thủ tục dài tối đa %(n)s ký tự.") % {"n": NAME_MAX}
    values["field"] = " ".join(str(values["field"] or "").split())
    if len(values["field"]) > FIELD_MAX:
        errors["field"] = _("Lĩnh vực dài tối đa %(n)s ký tự.") % {"n": FIELD_MAX}
    if values["level"] not in ProcedureLevel.values:
        errors["level"] = _("Cấp thực hiện không hợp lệ.")
    days = values["time_limit_days"]
    if days is not None and (not isinstance(days, Decimal | int) or days < 0 or days >= 10000):
        errors["time_limit_days"] = _("Thời hạn phải là số ngày làm việc từ 0 đến 9999.")
    if errors:
        raise ValidationError(errors)
    before = {name: _plain(getattr(procedure, name)) for name in CONTENT_FIELDS}
    bump_version(procedure, expected_version)
    for name, value in values.items():
        setattr(procedure, name, Decimal(value) if name == "time_limit_days" and value is not None else value)
    procedure.search_text = build_search_text(procedure.code, procedure.name, procedure.field)
    procedure.save(update_fields=[*CONTENT_FIELDS, "search_text", "updated_at"])
    after = {name: _plain(getattr(procedure, name)) for name in CONTENT_FIELDS}
    changes = audit.diff(before, after)
    if changes:
        ProcedureChange.objects.create(procedure=procedure, kind=ChangeKind.AMENDED, changes=changes)
    search_index.index_procedures([procedure], catalogue=catalogue)
    audit.record(actor=actor, verb="procedures.update", target=procedure, scope_path=catalogue.path, changes=changes)
    if "time_limit_days" in changes:
        coverage.coverage_recompute(
            agency_ids=ProcedureAssignment.objects.filter(procedure=procedure, is_active=True).values_list(
                "agency_id", flat=True
            )
        )
    return procedure


@transaction.atomic
def procedure_assign(
    *,
    actor: Any,
    procedure: AdministrativeProcedure,
    agency: Organisation,
    assigned_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ProcedureAssignment:
    """Put a procedure under an agency's authority by hand (the coordinator's correction of the
    catalogue); opens the "write a process" obligation unless a process already covers it."""
    catalogue = Organisation.objects.get(pk=procedure.catalogue_id)
    _require_catalogue(actor, catalogue)
    today = today or timezone.localdate()
    assigned_on = assigned_on or today
    errors: dict[str, str] = {}
    if procedure.status != ProcedureStatus.ACTIVE:
        errors["procedure"] = _("TTHC này đã bị bãi bỏ, không thể giao cho cơ quan.")
    if (
        agency.kind == OrganisationKind.UNIT
        or not agency.path.startswith(catalogue.path)
        or not agency.is_current(today)
    ):
        errors["agency"] = _("Hãy chọn một cơ quan đang hoạt động thuộc %(catalogue)s.") % {"catalogue": catalogue}
    elif ProcedureAssignment.objects.filter(procedure=procedure, agency=agency, is_active=True).exists():
        errors["agency"] = _("TTHC này đã được giao cho %(agency)s.") % {"agency": agency}
    if assigned_on > today:
        errors["assigned_on"] = _("Ngày giao không thể sau ngày hôm nay.")
    if errors:
        raise ValidationError(errors)
    assignment = ProcedureAssignment.objects.create(
        procedure=procedure, agency=agency, scope_path=agency.path, assigned_on=assigned_on
    )
    ProcedureChange.objects.create(
        procedure=procedure, kind=ChangeKind.ASSIGNED, changes={"agencies": {"before": None, "after": [agency.name]}}
    )
    audit.record(
        actor=actor,
        verb="procedures.assign",
        target=procedure,
        scope_path=agency.path,
        changes={
            "agency": {"before": None, "after": agency.name},
            "assigned_on": {"before": None, "after": assigned_on.isoformat()},
        },
    )
    coverage.coverage_recompute(agency_ids=[agency.pk], today=today)
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def procedure_unassign(
    *, actor: Any, assignment: ProcedureAssignment, reason: str, today: dt.date | None = None
) -> ProcedureAssignment:
    """End an assignment by hand; its open "write a process" obligation is closed."""
    procedure = AdministrativeProcedure.objects.get(pk=assignment.procedure_id)
    catalogue = Organisation.objects.get(pk=procedure.catalogue_id)
    _require_catalogue(actor, catalogue)
    today = today or timezone.localdate()
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do thôi giao (ví dụ: số quyết định điều chỉnh).")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Lý do dài tối đa 300 ký tự.")})
    updated = ProcedureAssignment.objects.filter(pk=assignment.pk, is_active=True).update(
        is_active=False, ended_on=today, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("TTHC này đã thôi giao cho cơ quan từ trước."))
    agency = Organisation.objects.get(pk=assignment.agency_id)
    ProcedureChange.objects.create(
        procedure=procedure,
        kind=ChangeKind.UNASSIGNED,
        changes={"agencies": {"before": [agency.name], "after": None}, "reason": {"before": None, "after": reason}},
    )
    close_ended([assignment.pk])
    audit.record(
        actor=actor,
        verb="procedures.unassign",
        target=procedure,
        scope_path=agency.path,
        changes={"agency": {"before": agency.name, "after": None}, "reason": {"before": None, "after": reason}},
    )
    coverage.coverage_recompute(agency_ids=[agency.pk], today=today)
    assignment.refresh_from_db()
    return assignment
