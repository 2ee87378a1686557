"""Every write to the structured content of a process (quy trình): sections 1-7, the procedures it
serves, its ordered steps with their forms, and the records to keep.

The content belongs to one revision of a document of kind PROCESS and may change only while that
revision is a draft: an approved revision is frozen, the next revision starts from a copy (made by
:func:`process_content_copy`, called from ``listeners`` when document control opens a revision).
Each write checks ``Perm.DOC_MANAGE`` on the document's owner, refuses a stale version
(``ProcessContent.version``), recomputes ``total_working_days``, rewrites the revision's plain text
(so that search and the document pages find the process text) and records one audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit, search
from qms.core.concurrency import bump_version
from qms.documents import services as document_services
from qms.documents.models import Document, DocumentKind, DocumentRevision, DocumentStatus, RevisionStatus
from qms.legal import selectors as legal_selectors
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import selectors as procedure_selectors
from .models import AdministrativeProcedure, DurationUnit, ProcessContent, ProcessRecord, ProcessStep
from .selectors_processes import (
    content_queryset,
    form_items,
    format_days,
    process_sections,
    responsible_label,
    step_result_label,
    step_time_label,
    total_days,
)

audit.register_verbs(
    {
        "process.create": gettext_lazy("Soạn nội dung quy trình"),
        "process.register": gettext_lazy("Ghi nhận nội dung quy trình đã ban hành"),
        "process.update": gettext_lazy("Sửa nội dung quy trình"),
        "process.procedures": gettext_lazy("Cập nhật thủ tục hành chính áp dụng quy trình"),
        "process.step_add": gettext_lazy("Thêm bước quy trình"),
        "process.step_update": gettext_lazy("Sửa bước quy trình"),
        "process.step_remove": gettext_lazy("Xoá bước quy trình"),
        "process.step_move": gettext_lazy("Đổi thứ tự bước quy trình"),
        "process.record_add": gettext_lazy("Thêm hồ sơ cần lưu"),
        "process.record_update": gettext_lazy("Sửa hồ sơ cần lưu"),
        "process.record_remove": gettext_lazy("Xoá hồ sơ cần lưu"),
    }
)

# Sections written as text: field name → maximum length (None: no limit beyond the page's).
SECTION_FIELDS: dict[str, int | None] = {
    "purpose": None,
    "scope": None,
    "references": None,
    "definitions": None,
    "requirements": None,
    "dossier_components": None,
    "dossier_count": 200,
    "time_limit_text": 500,
    "place": 500,
    "fees": 1000,
    "other_forms": None,
}
SECTION_MAX_CHARS = 20_000
MAX_STEPS = 60
MAX_RECORDS = 60
MAX_DURATION = Decimal("999.9")
STEP_AUDITED = (
    "title",
    "description",
    "responsible_unit",
    "responsible_role",
    "duration",
    "duration_unit",
    "time_note",
    "output",
)
RECORD_AUDITED = ("name", "keeper", "retention", "form")


@dataclass(frozen=True)
class StepData:
    """What a step says (the same for adding and editing)."""

    description: str
    title: str = ""
    responsible_unit: Organisation | None = None
    responsible_role: str = ""
    duration: Decimal | int | float | str = 0
    duration_unit: str = DurationUnit.HOURS
    time_note: str = ""
    output: str = ""
    forms: Sequence[Document] = ()


# --- helpers -------------------------------------------------------------------------------------


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _lock(content: ProcessContent) -> ProcessContent:
    """Re-read the content and its revision under row locks; refuse anything but a draft."""
    locked = (
        ProcessContent.objects.select_for_update()
        .select_related("revision", "document__organisation", "agency")
        .get(pk=content.pk)
    )
    revision = DocumentRevision.objects.select_for_update().get(pk=locked.revision_id)
    locked.revision = revision
    _require_draft(revision)
    return locked


def _require_draft(revision: DocumentRevision) -> None:
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(
            _(
                "Lần ban hành %(number)s đang ở trạng thái “%(status)s”: nội dung quy trình chỉ sửa được khi "
                "còn là dự thảo (lần ban hành đã phê duyệt được giữ nguyên; hãy soạn lần ban hành mới)."
            )
            % {"number": revision.number, "status": revision.get_status_display()},
            code="frozen",
        )


def _require(actor: Any, content: ProcessContent) -> None:
    policy.require(actor, Perm.DOC_MANAGE, content.document.organisation)


def _bump(content: ProcessContent, expected_version: int | None) -> None:
    """Refuse a stale edit (``expected_version`` given), else move the version on all the same so
    that a form loaded before this write is refused."""
    if expected_version is not None:
        bump_version(content, expected_version)
        return
    ProcessContent.objects.filter(pk=content.pk).update(version=F("version") + 1)
    content.version += 1


def _refresh_total(content: ProcessContent) -> None:
    steps = list(content.steps.values_list("duration", "duration_unit"))
    content.total_working_days = total_days(steps)
    ProcessContent.objects.filter(pk=content.pk).update(total_working_days=content.total_working_days)


def process_text(content: ProcessContent) -> str:
    """The process as plain text in the standard layout: kept as the revision's content, which
    search indexes and document pages, comparisons and submission read."""
    content = content_queryset().get(pk=content.pk)
    document = content.document
    sections = process_sections(content, legal_selectors.citations_of(document))
    out = [f"{_('QUY TRÌNH')}: {document.title.upper()} — {_('Mã hiệu')}: {document.code}", ""]
    for section in sections[:-1]:
        title = f"{section.number}. {section.title}"
        out.append(title.upper() if "." not in section.number else title)
        out += [f"- {line}" if section.bullets else line for line in section.lines]
        out.append("")
    out.append(f"{sections[-1].number}. {sections[-1].title}")
    for step in content.steps.all():
        head = f"{_('Bước')} {step.order}. {step.title}".rstrip(". ") if step.title else f"{_('Bước')} {step.order}."
        out.append(head)
        out.append(f"- {_('Nội dung')}: {step.description}")
        out.append(f"- {_('Trách nhiệm')}: {responsible_label(step) or '—'}")
        out.append(f"- {_('Thời gian')}: {step_time_label(step)}")
        result = step_result_label(step)
        if result:
            out.append(f"- {_('Biểu mẫu/Kết quả')}: {result}")
    out.append(_("Tổng thời gian: %(days)s ngày làm việc") % {"days": format_days(content.total_working_days)})
    out += ["", f"6. {_('BIỂU MẪU')}"]
    for n, item in enumerate(form_items(content), start=1):
        out.append(f"{n}. {item.code} {item.title}".replace("  ", " "))
    out += ["", f"7. {_('HỒ SƠ CẦN LƯU')}"]
    for n, record in enumerate(content.records.all(), start=1):
        out.append(f"{n}. {record.name} | {record.keeper} | {record.retention}")
    return "\n".join(out).strip()


def _sync_text(content: ProcessContent) -> None:
    """Write the process text into the revision and, when that revision is the one search shows
    (the document has no effective revision yet), refresh the document's search entry the way
    document control does."""
    with translation.override(settings.LANGUAGE_CODE):  # the document's language, not the editor's
        text = process_text(content)
    DocumentRevision.objects.filter(pk=content.revision_id).update(content=text)
    document = Document.objects.select_related("organisation").get(pk=content.document_id)
    if document.current_revision_id is not None:
        return
    latest = document.revisions.order_by("-number").values_list("pk", flat=True).first()
    if latest != content.revision_id:
        return
    revision = DocumentRevision.objects.select_related("file").get(pk=content.revision_id)
    search.upsert(
        "document",
        document.pk,
        title=document.title,
        code=document.code,
        body=revision.text,
        scope_path=document.scope_path,
        agency_id=document.agency_id,
        kind=document.kind,
        status=document.status,
        public=False,
        dated=revision.effective_from,
        url=reverse("documents:detail", args=[document.pk]),
        organisation_name=str(document.organisation),
    )


def _after_write(content: ProcessContent, *, steps_changed: bool = False) -> None:
    if steps_changed:
        _refresh_total(content)
    _sync_text(content)


def _record(actor: Any, verb: str, content: ProcessContent, changes: dict[str, Any]) -> None:
    audit.record(actor=actor, verb=verb, target=content, scope_path=content.document.scope_path, changes=changes)


# --- validation ----------------------------------------------------------------------------------


def _clean_sections(values: dict[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if name not in SECTION_FIELDS:
            raise TypeError(f"unknown section {name!r}")
        limit = SECTION_FIELDS[name]
        text = "\n".join(line.rstrip() for line in str(value or "").strip().splitlines())
        if limit is not None:
            text = _one_line(text)
            if len(text) > limit:
                errors[name] = _("Dài quá %(n)s ký tự.") % {"n": limit}
        elif len(text) > SECTION_MAX_CHARS:
            errors[name] = _("Dài quá %(n)s ký tự.") % {"n": f"{SECTION_MAX_CHARS:,}".replace(",", ".")}
        cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def parse_duration(value: Decimal | int | float | str | None) -> Decimal:
    """A step time as entered ("0,5", "2", 1.5) as a Decimal; raises ``ValueError`` if not a number."""
    if value is None or value == "":
        return Decimal(0)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def _clean_step(content: ProcessContent, n: int, data: StepData) -> dict[str, Any]:
    """The step's fields, or a ValidationError whose messages name step ``n``."""
    errors: dict[str, str] = {}
    agency = content.agency
    description = (data.description or "").strip()
    title = _one_line(data.title)
    role = _one_line(data.responsible_role)
    note = _one_line(data.time_note)
    output = _one_line(data.output)
    if not description:
        errors["description"] = _("Bước %(n)s: hãy nhập nội dung công việc.") % {"n": n}
    elif len(description) > 5000:
        errors["description"] = _("Bước %(n)s: nội dung công việc dài quá 5.000 ký tự.") % {"n": n}
    for name, value, limit in (("title", title, 255), ("responsible_role", role, 255), ("time_note", note, 200)):
        if len(value) > limit:
            errors[name] = _("Bước %(n)s: dài quá %(limit)s ký tự.") % {"n": n, "limit": limit}
    if len(output) > 500:
        errors["output"] = _("Bước %(n)s: kết quả dài quá 500 ký tự.") % {"n": n}
    unit = data.responsible_unit
    if unit is None and not role:
        errors["responsible_role"] = _("Bước %(n)s chưa có người/bộ phận thực hiện") % {"n": n}
    elif unit is not None and (unit.agency_id != agency.pk or unit.pk == agency.pk):
        errors["responsible_unit"] = _("Bước %(n)s: “%(unit)s” không phải là phòng, ban của %(agency)s.") % {
            "n": n,
            "unit": unit,
            "agency": agency,
        }
    try:
        duration = parse_duration(data.duration)
    except ValueError:
        errors["duration"] = _("Bước %(n)s: thời gian phải là một số (ví dụ 0,5 hoặc 2).") % {"n": n}
        duration = Decimal(0)
    else:
        if duration < 0:
            errors["duration"] = _("Bước %(n)s: thời gian không được âm.") % {"n": n}
        elif duration > MAX_DURATION:
            errors["duration"] = _("Bước %(n)s: thời gian quá lớn (tối đa 999,9).") % {"n": n}
        elif duration != duration.quantize(Decimal("0.1")):
            errors["duration"] = _("Bước %(n)s: thời gian chỉ lấy tới một chữ số thập phân (ví dụ 0,5).") % {"n": n}
        elif duration == 0 and not note:
            errors["duration"] = _(
                "Bước %(n)s: thời gian phải lớn hơn 0; bước không có thời gian riêng (ví dụ trả kết quả theo "
                "ngày hẹn) thì để 0 và ghi chú thời gian."
            ) % {"n": n}
    if data.duration_unit not in DurationUnit.values:
        errors["duration_unit"] = _("Bước %(n)s: đơn vị thời gian phải là giờ hoặc ngày làm việc.") % {"n": n}
    forms = list(dict.fromkeys(data.forms))
    for form in forms:
        if form.kind != DocumentKind.FORM or form.agency_id != agency.pk:
            errors["forms"] = _("Bước %(n)s: “%(doc)s” không phải là biểu mẫu của %(agency)s.") % {
                "n": n,
                "doc": form,
                "agency": agency,
            }
            break
        if form.status == DocumentStatus.OBSOLETE:
            errors["forms"] = _("Bước %(n)s: biểu mẫu “%(doc)s” đã bị thu hồi.") % {"n": n, "doc": form}
            break
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": description,
        "responsible_unit": unit,
        "responsible_role": role,
        "duration": duration.quantize(Decimal("0.1")),
        "duration_unit": data.duration_unit,
        "time_note": note,
        "output": output,
        "forms": forms,
    }


def _clean_record(content: ProcessContent, n: int, name: str, keeper: str, retention: str, form: Any) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values = {"name": _one_line(name), "keeper": _one_line(keeper), "retention": _one_line(retention)}
    messages = {
        "name": _("Hồ sơ %(n)s: hãy nhập tên hồ sơ."),
        "keeper": _("Hồ sơ %(n)s: hãy nhập bộ phận lưu."),
        "retention": _("Hồ sơ %(n)s: hãy nhập thời gian lưu (ví dụ 05 năm, vĩnh viễn)."),
    }
    limits = {"name": 500, "keeper": 255, "retention": 120}
    for key, value in values.items():
        if not value:
            errors[key] = messages[key] % {"n": n}
        elif len(value) > limits[key]:
            errors[key] = _("Hồ sơ %(n)s: dài quá %(limit)s ký tự.") % {"n": n, "limit": limits[key]}
    if form is not None and (form.kind != DocumentKind.FORM or form.agency_id != content.agency_id):
        errors["form"] = _("Hồ sơ %(n)s: “%(doc)s” không phải là biểu mẫu của cơ quan.") % {"n": n, "doc": form}
    if errors:
        raise ValidationError(errors)
    return {**values, "form": form}


def _label(model: Any, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _record_snapshot(record: ProcessRecord) -> dict[str, Any]:
    snap = audit.snapshot(record, RECORD_AUDITED)
    labels = {name: _label(ProcessRecord, name) for name in snap}
    return {f"{_('Hồ sơ cần lưu')} — {labels[name]}": value for name, value in snap.items()}


def _step_snapshot(step: ProcessStep, n: int, forms: Sequence[Document] | None = None) -> dict[str, Any]:
    """The step's values keyed "Bước n — <field label>" (the history shows them as they are)."""
    snap = audit.snapshot(step, STEP_AUDITED)
    snap["forms"] = ", ".join(sorted(f.code for f in (forms if forms is not None else step.forms.all())))
    labels = {name: _label(ProcessStep, name) for name in snap}
    return {f"{_('Bước')} {n} — {labels[name]}": value for name, value in snap.items()}


# --- creating content ----------------------------------------------------------------------------


def _new_content(revision: DocumentRevision, **sections: str) -> ProcessContent:
    document = revision.document
    return ProcessContent.objects.create(revision=revision, document=document, agency=document.agency, **sections)


@transaction.atomic
def process_content_create(*, actor: Any, revision: DocumentRevision, **sections: Any) -> ProcessContent:
    """Give a draft revision of a process document its structured content (sections as given)."""
    document = revision.document
    policy.require(actor, Perm.DOC_MANAGE, document.organisation)
    if document.kind != DocumentKind.PROCESS:
        raise ValidationError(_("Tài liệu “%(doc)s” không phải là quy trình.") % {"doc": document})
    revision = DocumentRevision.objects.select_for_update().get(pk=revision.pk)
    revision.document = document
    _require_draft(revision)
    if ProcessContent.objects.filter(revision=revision).exists():
        raise ValidationError(_("Lần ban hành này đã có nội dung quy trình."))
    content = _new_content(revision, **_clean_sections(sections))
    _sync_text(content)
    _record(actor, "process.create", content, audit.diff({}, {k: v for k, v in sections.items() if v}))
    return content


@transaction.atomic
def process_create(
    *,
    actor: Any,
    organisation: Organisation,
    code: str,
    title: str,
    review_interval_months: int = 12,
    distribute_to_units: Sequence[Organisation] = (),
    change_summary: str = "",
    **sections: Any,
) -> ProcessContent:
    """A new process document with its first draft and its structured content, in one step."""
    cleaned = _clean_sections(sections)
    document = document_services.document_create(
        actor=actor,
        organisation=organisation,
        code=code,
        title=title,
        kind=DocumentKind.PROCESS,
        review_interval_months=review_interval_months,
        distribute_to_units=distribute_to_units,
        change_summary=change_summary,
    )
    revision = document.revisions.get(number=1)
    revision.document = document
    content = _new_content(revision, **cleaned)
    _sync_text(content)
    _record(actor, "process.create", content, audit.diff({}, {k: v for k, v in cleaned.items() if v}))
    return content


def process_content_copy(*, revision: DocumentRevision, base: DocumentRevision | None) -> ProcessContent | None:
    """Copy the structured content of ``base`` into the new draft ``revision`` (sections, procedures,
    steps with their forms, records). Called inside document control's ``revision_start``, which
    has checked the permission and writes the audit event; nothing happens without a base content."""
    if base is None:
        return None
    source = content_queryset().filter(revision=base).first()
    if source is None or ProcessContent.objects.filter(revision=revision).exists():
        return None
    content = ProcessContent.objects.create(
        revision=revision,
        document_id=source.document_id,
        agency_id=source.agency_id,
        total_working_days=source.total_working_days,
        **{name: getattr(source, name) for name in SECTION_FIELDS},
    )
    content.procedures.set(source.procedures.all())
    steps = list(source.steps.all())
    copies = ProcessStep.objects.bulk_create(
        [
            ProcessStep(
                content=content,
                order=s.order,
                title=s.title,
                description=s.description,
                responsible_unit_id=s.responsible_unit_id,
                responsible_role=s.responsible_role,
                duration=s.duration,
                duration_unit=s.duration_unit,
                time_note=s.time_note,
                output=s.output,
            )
            for s in steps
        ]
    )
    through = ProcessStep.forms.through
    links = []
    for old, new in zip(steps, copies, strict=True):
        if new.pk is None:  # backends that do not return ids from bulk inserts
            new = ProcessStep.objects.get(content=content, order=old.order)
        links += [through(processstep_id=new.pk, document_id=f.pk) for f in old.forms.all()]
    through.objects.bulk_create(links)
    ProcessRecord.objects.bulk_create(
        [
            ProcessRecord(
                content=content, order=r.order, name=r.name, form_id=r.form_id, keeper=r.keeper, retention=r.retention
            )
            for r in source.records.all()
        ]
    )
    return content


@transaction.atomic
def process_content_register(
    *,
    actor: Any,
    revision: DocumentRevision,
    sections: dict[str, Any],
    steps: Sequence[StepData] = (),
    records: Sequence[tuple[str, str, str]] = (),
    procedures: Sequence[AdministrativeProcedure] = (),
) -> ProcessContent:
    """Register the structured content of a revision issued before the installation had processes
    (an import of legacy processes, the demonstration data). Only the system may do it (``actor``
    None), and only for a revision without content: what an approved revision says is not changed,
    its structure is recorded. A draft gets its text rewritten as usual; an issued revision keeps
    the text it was approved with."""
    if actor is not None:
        raise PermissionDenied(_("Chỉ hệ thống mới ghi nhận được nội dung của lần ban hành đã ban hành."))
    document = revision.document
    if document.kind != DocumentKind.PROCESS:
        raise ValidationError(_("Tài liệu “%(doc)s” không phải là quy trình.") % {"doc": document})
    revision = DocumentRevision.objects.select_for_update().get(pk=revision.pk)
    revision.document = document
    if ProcessContent.objects.filter(revision=revision).exists():
        raise ValidationError(_("Lần ban hành này đã có nội dung quy trình."))
    content = _new_content(revision, **_clean_sections(sections))
    allowed = set(procedure_selectors.procedures_assignable_to_process(content.agency).values_list("pk", flat=True))
    refused = [p.code for p in procedures if p.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "procedures": _("TTHC %(codes)s không được giao cho %(agency)s.")
                % {"codes": ", ".join(refused), "agency": content.agency}
            }
        )
    content.procedures.set(procedures)
    for n, data in enumerate(steps, start=1):
        values = _clean_step(content, n, data)
        forms = values.pop("forms")
        step = ProcessStep.objects.create(content=content, order=n, **values)
        step.forms.set(forms)
    for n, (name, keeper, retention) in enumerate(records, start=1):
        ProcessRecord.objects.create(
            content=content, order=n, **_clean_record(content, n, name, keeper, retention, None)
        )
    _refresh_total(content)
    if revision.status == RevisionStatus.DRAFT:
        _sync_text(content)
    _record(
        actor,
        "process.register",
        content,
        {
            str(_("Số bước")): {"before": None, "after": len(steps)},
            "procedures": {"before": None, "after": sorted(p.code for p in procedures)},
        },
    )
    return content


# --- sections and procedures ---------------------------------------------------------------------


@transaction.atomic
def process_update(
    *, actor: Any, content: ProcessContent, expected_version: int | None, **sections: Any
) -> ProcessContent:
    """Save sections 1-7 written as text (only the ones given)."""
    _require(actor, content)
    content = _lock(content)
    cleaned = _clean_sections(sections)
    before = {name: getattr(content, name) for name in cleaned}
    _bump(content, expected_version)
    for name, value in cleaned.items():
        setattr(content, name, value)
    content.save(update_fields=list(cleaned))
    _after_write(content)
    changes = audit.diff(before, cleaned)
    for name, change in changes.items():  # long texts: the log says that they changed, and how much
        if SECTION_FIELDS[name] is None:
            change["before"] = f"{len(change['before'] or '')} ký tự"
            change["after"] = f"{len(change['after'] or '')} ký tự"
    _record(actor, "process.update", content, changes)
    return content


@transaction.atomic
def process_set_procedures(
    *, actor: Any, content: ProcessContent, expected_version: int | None, procedures: Sequence[AdministrativeProcedure]
) -> ProcessContent:
    """Replace the TTHC the process serves; each must be assigned to the document's agency."""
    _require(actor, content)
    content = _lock(content)
    wanted = list(dict.fromkeys(procedures))
    allowed = set(
        procedure_selectors.procedures_assignable_to_process(content.agency)
        .filter(pk__in=[p.pk for p in wanted])
        .values_list("pk", flat=True)
    )
    refused = [p for p in wanted if p.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "procedures": _(
                    "TTHC %(codes)s không thuộc danh mục TTHC được giao cho %(agency)s (hoặc đã bị bãi bỏ)."
                )
                % {"codes": ", ".join(p.code for p in refused), "agency": content.agency}
            }
        )
    before = sorted(content.procedures.values_list("code", flat=True))
    _bump(content, expected_version)
    content.procedures.set(wanted)
    _after_write(content)
    _record(
        actor,
        "process.procedures",
        content,
        {"procedures": {"before": before, "after": sorted(p.code for p in wanted)}},
    )
    return content


# --- steps ---------------------------------------------------------------------------------------


def _renumber(content: ProcessContent, ordered_ids: list[int]) -> None:
    """Give the steps orders 1..n in ``ordered_ids`` order (through a free range: orders are unique)."""
    offset = MAX_STEPS * 10
    for index, pk in enumerate(ordered_ids, start=1):
        ProcessStep.objects.filter(pk=pk).update(order=offset + index)
    for index, pk in enumerate(ordered_ids, start=1):
        ProcessStep.objects.filter(pk=pk).update(order=index)


@transaction.atomic
def process_step_add(
    *, actor: Any, content: ProcessContent, expected_version: int | None, data: StepData, position: int | None = None
) -> ProcessStep:
    """Add a step at ``position`` (1-based; default: last)."""
    _require(actor, content)
    content = _lock(content)
    ids = list(content.steps.order_by("order").values_list("pk", flat=True))
    if len(ids) >= MAX_STEPS:
        raise ValidationError(_("Quy trình có tối đa %(n)s bước.") % {"n": MAX_STEPS})
    at = len(ids) + 1 if position is None else min(max(int(position), 1), len(ids) + 1)
    values = _clean_step(content, at, data)
    forms = values.pop("forms")
    _bump(content, expected_version)
    step = ProcessStep.objects.create(content=content, order=MAX_STEPS * 20, **values)
    step.forms.set(forms)
    ids.insert(at - 1, step.pk)
    _renumber(content, ids)
    step.order = at
    _after_write(content, steps_changed=True)
    _record(actor, "process.step_add", content, audit.diff({}, _step_snapshot(step, at, forms)))
    return step


@transaction.atomic
def process_step_update(*, actor: Any, step: ProcessStep, expected_version: int | None, data: StepData) -> ProcessStep:
    content = step.content
    _require(actor, content)
    content = _lock(content)
    step = ProcessStep.objects.select_for_update().get(pk=step.pk, content=content)
    values = _clean_step(content, step.order, data)
    forms = values.pop("forms")
    before = _step_snapshot(step, step.order)
    _bump(content, expected_version)
    for name, value in values.items():
        setattr(step, name, value)
    step.save()
    step.forms.set(forms)
    _after_write(content, steps_changed=True)
    _record(actor, "process.step_update", content, audit.diff(before, _step_snapshot(step, step.order, forms)))
    return step


@transaction.atomic
def process_step_remove(*, actor: Any, step: ProcessStep, expected_version: int | None) -> None:
    content = step.content
    _require(actor, content)
    content = _lock(content)
    step = ProcessStep.objects.select_for_update().get(pk=step.pk, content=content)
    before = _step_snapshot(step, step.order)
    _bump(content, expected_version)
    step.delete()
    _renumber(content, list(content.steps.order_by("order").values_list("pk", flat=True)))
    _after_write(content, steps_changed=True)
    _record(actor, "process.step_remove", content, audit.diff(before, {}))


@transaction.atomic
def process_step_move(*, actor: Any, step: ProcessStep, expected_version: int | None, direction: str) -> ProcessStep:
    """Move a step one place ``"up"`` or ``"down"``."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Hướng di chuyển không hợp lệ."))
    content = step.content
    _require(actor, content)
    content = _lock(content)
    ids = list(content.steps.order_by("order").values_list("pk", flat=True))
    if step.pk not in ids:
        raise ValidationError(_("Bước này không còn trong quy trình."))
    index = ids.index(step.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ids):
        message = _("Bước %(n)s đã ở đầu quy trình.") if direction == "up" else _("Bước %(n)s đã ở cuối quy trình.")
        raise ValidationError(message % {"n": index + 1})
    _bump(content, expected_version)
    ids[index], ids[target] = ids[target], ids[index]
    _renumber(content, ids)
    _after_write(content)
    label = step.title or step.description[:60]
    before, after = f"{_('Bước')} {index + 1}", f"{_('Bước')} {target + 1}"
    _record(actor, "process.step_move", content, {label: {"before": before, "after": after}})
    step.order = target + 1
    return step


# --- records -------------------------------------------------------------------------------------


@transaction.atomic
def process_record_add(
    *,
    actor: Any,
    content: ProcessContent,
    expected_version: int | None,
    name: str,
    keeper: str,
    retention: str,
    form: Document | None = None,
) -> ProcessRecord:
    _require(actor, content)
    content = _lock(content)
    count = content.records.count()
    if count >= MAX_RECORDS:
        raise ValidationError(_("Quy trình có tối đa %(n)s hồ sơ cần lưu.") % {"n": MAX_RECORDS})
    values = _clean_record(content, count + 1, name, keeper, retention, form)
    _bump(content, expected_version)
    last = content.records.order_by("-order").values_list("order", flat=True).first() or 0
    record = ProcessRecord.objects.create(content=content, order=last + 1, **values)
    _after_write(content)
    _record(actor, "process.record_add", content, audit.diff({}, _record_snapshot(record)))
    return record


@transaction.atomic
def process_record_update(
    *,
    actor: Any,
    record: ProcessRecord,
    expected_version: int | None,
    name: str,
    keeper: str,
    retention: str,
    form: Document | None = None,
) -> ProcessRecord:
    content = record.content
    _require(actor, content)
    content = _lock(content)
    record = ProcessRecord.objects.select_for_update().get(pk=record.pk, content=content)
    n = content.records.filter(order__lt=record.order).count() + 1
    values = _clean_record(content, n, name, keeper, retention, form)
    before = _record_snapshot(record)
    _bump(content, expected_version)
    for key, value in values.items():
        setattr(record, key, value)
    record.save()
    _after_write(content)
    _record(actor, "process.record_update", content, audit.diff(before, _record_snapshot(record)))
    return record


@transaction.atomic
def process_record_remove(*, actor: Any, record: ProcessRecord, expected_version: int | None) -> None:
    content = record.content
    _require(actor, content)
    content = _lock(content)
    record = ProcessRecord.objects.select_for_update().get(pk=record.pk, content=content)
    before = _record_snapshot(record)
    _bump(content, expected_version)
    record.delete()
    _after_write(content)
    _record(actor, "process.record_remove", content, audit.diff(before, {}))
