"""Every read of processes (quy trình) shown to a user: one process page with its sections, steps,
forms and records, the checks an inspector would make, and the agency's list of processes.

A process is a controlled document of kind PROCESS: who may see it, and which of its revisions, is
decided by document control (``qms.documents.selectors``): readers see the effective revision
only, the QMS team also drafts and history. The structured content of a revision is its
``ProcessContent``; a revision written before processes had structure has none and is shown as
plain text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.display import format_date
from qms.core.text import fold
from qms.documents import selectors as document_selectors
from qms.documents.models import Document, DocumentKind, DocumentRevision, DocumentStatus, RevisionStatus
from qms.legal import selectors as legal_selectors
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import calendar
from . import selectors as procedure_selectors
from .models import AdministrativeProcedure, DurationUnit, ProcessContent, ProcessRecord, ProcessStep

HUNDREDTH = Decimal("0.01")


# --- arithmetic ----------------------------------------------------------------------------------


def hours_per_day() -> int:
    return int(getattr(settings, "QMS_WORKING_HOURS_PER_DAY", 8)) or 8


def step_days(duration: Decimal, unit: str) -> Decimal:
    """One step's time in working days (hours are divided by the working hours of a day)."""
    if unit == DurationUnit.HOURS:
        return Decimal(duration) / hours_per_day()
    return Decimal(duration)


def total_days(steps: list[tuple[Decimal, str]]) -> Decimal:
    """The process total in working days, rounded up to the hundredth (never below the real
    total): the hours of all steps are added before dividing, so eight 1-hour steps make one day."""
    hours = sum((Decimal(d) for d, unit in steps if unit == DurationUnit.HOURS), Decimal(0))
    days = sum((Decimal(d) for d, unit in steps if unit != DurationUnit.HOURS), Decimal(0))
    return (days + hours / hours_per_day()).quantize(HUNDREDTH, rounding=ROUND_UP)


def format_days(value: Decimal | None) -> str:
    """``Decimal("2.50")`` → "2,5" (Vietnamese decimal comma, no trailing zeros)."""
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def step_time_label(step: ProcessStep) -> str:
    """ "2 giờ làm việc", "0,5 ngày làm việc", or the note of a step without a time of its own."""
    if not step.duration:
        return step.time_note or "—"
    unit = _("giờ làm việc") if step.duration_unit == DurationUnit.HOURS else _("ngày làm việc")
    label = f"{format_days(step.duration)} {unit}"
    return f"{label} ({step.time_note})" if step.time_note else label


def responsible_label(step: ProcessStep) -> str:
    return step.responsible_text


# --- the content of one revision -----------------------------------------------------------------


def content_queryset() -> QuerySet[ProcessContent]:
    """Contents with everything a page or a Word file prints, in a fixed number of queries."""
    return ProcessContent.objects.select_related(
        "document__organisation", "document__agency", "agency"
    ).prefetch_related(
        Prefetch(
            "steps",
            queryset=ProcessStep.objects.select_related("responsible_unit")
            .prefetch_related(Prefetch("forms", queryset=Document.objects.order_by("code_folded", "pk")))
            .order_by("order"),
        ),
        Prefetch("records", queryset=ProcessRecord.objects.select_related("form").order_by("order", "pk")),
        Prefetch("procedures", queryset=AdministrativeProcedure.objects.order_by("code")),
    )


def content_of(revision: DocumentRevision) -> ProcessContent | None:
    return content_queryset().filter(revision=revision).first()


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    lines: list[str]
    bullets: bool = False


@dataclass(frozen=True)
class FormItem:
    document: Document | None  # None: a form not issued by the agency (a line of ``other_forms``)
    code: str
    title: str
    steps: list[int]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def citation_lines(citations: list[Any]) -> list[str]:
    out = []
    for c in citations:
        text = c.legal_text
        day = f" {_('ngày')} {format_date(text.signed_on)}" if getattr(text, "signed_on", None) else ""
        line = f"{text.get_kind_display()} {text.number}{day} {text.title}".strip()
        if c.provision:
            line += f" ({c.provision})"
        out.append(line)
    return out


def process_sections(content: ProcessContent, citations: list[Any]) -> list[Section]:
    """Sections 1 to 5 (without the steps table) as numbered blocks; empty subsections of 5 are
    left out and the rest numbered in order, as the standard layout does."""
    sections = [
        Section("1", _("MỤC ĐÍCH"), _lines(content.purpose)),
        Section("2", _("PHẠM VI"), _lines(content.scope)),
        Section("3", _("TÀI LIỆU VIỆN DẪN"), [*citation_lines(citations), *_lines(content.references)], bullets=True),
        Section("4", _("ĐỊNH NGHĨA, VIẾT TẮT"), _lines(content.definitions), bullets=True),
    ]
    procedures = list(content.procedures.all())
    subsections: list[tuple[str, list[str], bool]] = [
        (_("Yêu cầu chung"), _lines(content.requirements), True),
        (
            _("Thủ tục hành chính áp dụng"),
            [f"{p.code} {p.name}" for p in procedures],
            True,
        ),
        (_("Thành phần hồ sơ"), _lines(content.dossier_components), True),
        (_("Số lượng hồ sơ"), _lines(content.dossier_count), False),
        (_("Thời hạn giải quyết"), _lines(content.time_limit_text), False),
        (_("Nơi tiếp nhận và trả kết quả"), _lines(content.place), False),
        (_("Phí, lệ phí"), _lines(content.fees), False),
    ]
    n = 0
    for title, lines, bullets in subsections:
        if lines:
            n += 1
            sections.append(Section(f"5.{n}", title, lines, bullets))
    sections.append(Section(f"5.{n + 1}", _("Trình tự xử lý công việc"), []))
    return sections


def steps_section_number(sections: list[Section]) -> str:
    return sections[-1].number


def form_items(content: ProcessContent) -> list[FormItem]:
    """Section 6: the forms attached to the steps (in the order they are first used), the forms of
    the records, then the other forms written as text."""
    found: dict[int, tuple[Document, list[int]]] = {}
    for step in content.steps.all():
        for form in step.forms.all():
            found.setdefault(form.pk, (form, []))[1].append(step.order)
    for record in content.records.all():
        if record.form is not None:
            found.setdefault(record.form.pk, (record.form, []))
    items = [FormItem(doc, doc.code, doc.title, steps) for doc, steps in found.values()]
    items += [FormItem(None, "", line, []) for line in _lines(content.other_forms)]
    return items


def step_result_label(step: ProcessStep) -> str:
    """The "Biểu mẫu/Kết quả" column: form codes, then the output."""
    parts = [f.code for f in step.forms.all()]
    if step.output.strip():
        parts.append(step.output.strip())
    return "; ".join(parts)


# --- checks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureCheck:
    procedure: AdministrativeProcedure
    limit_days: Decimal | None
    total_days: Decimal
    due_by_limit: dt.date | None
    due_by_process: dt.date

    @property
    def status(self) -> str:
        """ "ok", "over" (the process takes longer than the law allows) or "unknown" (no limit in days)."""
        if self.limit_days is None:
            return "unknown"
        return "over" if self.total_days > self.limit_days else "ok"

    @property
    def over_by(self) -> Decimal | None:
        if self.limit_days is None or self.total_days <= self.limit_days:
            return None
        return (self.total_days - self.limit_days).quantize(HUNDREDTH)

    @property
    def limit_label(self) -> str:
        return format_days(self.limit_days)

    @property
    def over_by_label(self) -> str:
        return format_days(self.over_by)


@dataclass
class ProcessChecks:
    received_on: dt.date
    total_days: Decimal
    due_by_process: dt.date
    procedures: list[ProcedureCheck] = field(default_factory=list)
    no_responsible: list[ProcessStep] = field(default_factory=list)
    no_forms: list[ProcessStep] = field(default_factory=list)
    no_time: list[ProcessStep] = field(default_factory=list)
    no_steps: bool = False
    no_procedures: bool = False

    @property
    def over(self) -> list[ProcedureCheck]:
        return [c for c in self.procedures if c.status == "over"]

    @property
    def unknown(self) -> list[ProcedureCheck]:
        return [c for c in self.procedures if c.status == "unknown"]

    @property
    def warning_count(self) -> int:
        return (
            len(self.over)
            + len(self.no_responsible)
            + len(self.no_forms)
            + len(self.no_time)
            + int(self.no_steps)
            + int(self.no_procedures)
        )

    @property
    def total_label(self) -> str:
        return format_days(self.total_days)


def process_checks(content: ProcessContent, *, today: dt.date | None = None) -> ProcessChecks:
    """What an inspector checks on a process: the total time against each linked procedure's
    statutory limit, steps without a responsible party, without forms, without a time; and the
    worked example of a dossier received today (due dates by the law and by the process)."""
    today = today or timezone.localdate()
    steps = list(content.steps.all())
    total = total_days([(s.duration, s.duration_unit) for s in steps])
    checks = ProcessChecks(
        received_on=today,
        total_days=total,
        due_by_process=calendar.add_working_days(today, total),
        no_steps=not steps,
    )
    for step in steps:
        if step.responsible_unit_id is None and not step.responsible_role.strip():
            checks.no_responsible.append(step)
        if not step.forms.all():
            checks.no_forms.append(step)
        if not step.duration and not step.time_note.strip():
            checks.no_time.append(step)
    procedures = list(content.procedures.all())
    checks.no_procedures = not procedures and bool(content.dossier_components.strip())
    for procedure in procedures:
        limit = procedure.time_limit_days
        checks.procedures.append(
            ProcedureCheck(
                procedure=procedure,
                limit_days=limit,
                total_days=total,
                due_by_limit=calendar.add_working_days(today, limit) if limit is not None else None,
                due_by_process=checks.due_by_process,
            )
        )
    return checks


# --- one process page ----------------------------------------------------------------------------


@dataclass
class ProcessPage:
    document: Document
    revision: DocumentRevision
    revisions: list[DocumentRevision]
    content: ProcessContent | None
    header: Any
    citations: list[Any]
    can_drafts: bool
    can_manage: bool
    open_revision: DocumentRevision | None
    sections: list[Section] = field(default_factory=list)
    forms: list[FormItem] = field(default_factory=list)
    checks: ProcessChecks | None = None

    @property
    def editable(self) -> bool:
        return self.can_manage and self.revision.status == RevisionStatus.DRAFT

    @property
    def steps(self) -> list[ProcessStep]:
        return list(self.content.steps.all()) if self.content is not None else []

    @property
    def records(self) -> list[ProcessRecord]:
        return list(self.content.records.all()) if self.content is not None else []

    @property
    def steps_number(self) -> str:
        return steps_section_number(self.sections) if self.sections else "5"


def process_document_get_for_user(user: Any, pk: int) -> Document:
    """A process document the user may see (404 for a missing, forbidden or non-process document)."""
    document = document_selectors.document_get_for_user(user, pk)
    if document.kind != DocumentKind.PROCESS:
        raise Http404
    return document


def process_get_for_user(user: Any, pk: int, *, number: int | None = None, today: dt.date | None = None) -> ProcessPage:
    """The process page of document ``pk`` at revision ``number`` (default: the effective one, or
    for the QMS team the latest when nothing is effective yet)."""
    document = process_document_get_for_user(user, pk)
    revisions = document_selectors.revision_list_for_user(user, document)
    if not revisions:
        raise Http404
    if number is not None:
        revision = next((r for r in revisions if r.number == number), None)
        if revision is None:
            raise Http404
    else:
        revision = next((r for r in revisions if r.pk == document.current_revision_id), revisions[0])
    can_drafts = document_selectors.can_view_drafts(user, document)
    decisions = document_selectors.decisions_of(revision)
    revision.document = document
    page = ProcessPage(
        document=document,
        revision=revision,
        revisions=revisions,
        content=content_of(revision),
        header=document_selectors.revision_header(revision, decisions),
        citations=legal_selectors.citations_of(document),
        can_drafts=can_drafts,
        can_manage=policy.has_perm(user, Perm.DOC_MANAGE, document.organisation),
        open_revision=next((r for r in revisions if r.status in OPEN_STATUSES), None) if can_drafts else None,
    )
    if page.content is not None:
        page.sections = process_sections(page.content, page.citations)
        page.forms = form_items(page.content)
        page.checks = process_checks(page.content, today=today)
    return page


OPEN_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.REVIEWED, RevisionStatus.APPROVED)


def draft_content_get_for_user(user: Any, revision_pk: int) -> ProcessContent:
    """The content of a revision for its editors (404 when the user may not see the revision or the
    revision has no structured content). Whether it may still change is the services' business."""
    revision = document_selectors.revision_get_for_user(user, revision_pk)
    if revision.document.kind != DocumentKind.PROCESS:
        raise Http404
    content = content_of(revision)
    if content is None:
        raise Http404
    content.revision = revision
    content.document = revision.document
    return content


def revision_for_process_get_for_user(user: Any, revision_pk: int) -> DocumentRevision:
    revision = document_selectors.revision_get_for_user(user, revision_pk)
    if revision.document.kind != DocumentKind.PROCESS:
        raise Http404
    return revision


def step_of(content: ProcessContent, step_pk: int) -> ProcessStep:
    step = next((s for s in content.steps.all() if s.pk == step_pk), None)
    if step is None:
        raise Http404
    return step


def record_of(content: ProcessContent, record_pk: int) -> ProcessRecord:
    record = next((r for r in content.records.all() if r.pk == record_pk), None)
    if record is None:
        raise Http404
    return record


# --- choices for the editors ---------------------------------------------------------------------


def form_choices(agency: Organisation) -> list[Document]:
    """The agency's forms a step may use (not withdrawn ones)."""
    return list(
        Document.objects.filter(agency=agency, kind=DocumentKind.FORM)
        .exclude(status=DocumentStatus.OBSOLETE)
        .order_by("code_folded", "pk")
    )


def unit_choices(agency: Organisation) -> list[Organisation]:
    return document_selectors.units_of(agency)


def procedure_choices(
    agency: Organisation, *, q: str = "", selected: list[int] | None = None, document_id: int | None = None
) -> list[Any]:
    """The TTHC assigned to the agency, filtered by ``q`` (code or name, accents ignored); the
    selected ones always come first so that a search never hides them. With ``document_id``, each
    carries ``other_processes``: the agency's other effective processes already serving it."""
    rows = list(procedure_selectors.procedures_assignable_to_process(agency))
    chosen = set(selected or [])
    tokens = fold(q).split()
    if tokens:
        rows = [p for p in rows if p.pk in chosen or all(t in fold(f"{p.code} {p.name} {p.field}") for t in tokens)]
    if document_id is not None:
        serving = {
            row.procedure_id: [s for s in row.processes if s.document_id != document_id]
            for row in procedure_selectors.agency_scope(agency, covered=True)
        }
        for p in rows:
            p.other_processes = serving.get(p.pk, [])  # type: ignore[attr-defined]
    return sorted(rows, key=lambda p: (p.pk not in chosen, p.code))


# --- the agency's processes ----------------------------------------------------------------------


def process_document_list_for_user(
    user: Any, *, agency: Organisation | None = None, q: str = "", status: str = ""
) -> QuerySet[Document]:
    return document_selectors.document_list_for_user(
        user, agency=agency, q=q or None, kind=DocumentKind.PROCESS, status=status or None
    )


@dataclass
class ProcessRow:
    document: Document
    revision: DocumentRevision | None
    content: ProcessContent | None = None
    procedures: list[AdministrativeProcedure] = field(default_factory=list)
    steps: int = 0
    no_responsible: int = 0
    no_forms: int = 0
    over: list[AdministrativeProcedure] = field(default_factory=list)

    @property
    def total_label(self) -> str:
        return format_days(self.content.total_working_days) if self.content is not None else "—"

    @property
    def warnings(self) -> int:
        return len(self.over) + self.no_responsible + self.no_forms


def process_rows(user: Any, documents: list[Document]) -> list[ProcessRow]:
    """The list columns of a page of process documents: the revision shown (the effective one, or
    for the QMS team the latest when nothing is effective), its procedures, total time and
    warnings. A fixed number of queries whatever the page size."""
    if not documents:
        return []
    draft_documents = {
        d.pk for d in documents if d.current_revision_id is None and document_selectors.can_view_drafts(user, d)
    }
    latest: dict[int, DocumentRevision] = {}
    if draft_documents:
        for revision in DocumentRevision.objects.filter(document_id__in=draft_documents).order_by(
            "document_id", "-number"
        ):
            latest.setdefault(revision.document_id, revision)
    rows = []
    for document in documents:
        shown = document.current_revision if document.current_revision_id else latest.get(document.pk)
        rows.append(ProcessRow(document=document, revision=shown))
    revision_ids = [r.revision.pk for r in rows if r.revision is not None]
    contents = {
        c.revision_id: c
        for c in ProcessContent.objects.filter(revision_id__in=revision_ids).prefetch_related(
            Prefetch("procedures", queryset=AdministrativeProcedure.objects.order_by("code"))
        )
    }
    content_ids = [c.pk for c in contents.values()]
    steps = ProcessStep.objects.filter(content_id__in=content_ids).values_list(
        "pk", "content_id", "responsible_unit_id", "responsible_role"
    )
    with_forms = set(
        ProcessStep.forms.through.objects.filter(processstep__content_id__in=content_ids).values_list(
            "processstep_id", flat=True
        )
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pk, content_id, unit_id, role in steps:
        c = counts[content_id]
        c[0] += 1
        if unit_id is None and not role.strip():
            c[1] += 1
        if pk not in with_forms:
            c[2] += 1
    for row in rows:
        content = contents.get(row.revision.pk) if row.revision is not None else None
        if content is None:
            continue
        row.content = content
        row.procedures = list(content.procedures.all())
        row.steps, row.no_responsible, row.no_forms = counts[content.pk]
        row.over = [
            p
            for p in row.procedures
            if p.time_limit_days is not None and content.total_working_days > p.time_limit_days
        ]
    return rows


def coverage_for_list(user: Any, agency: Organisation | None) -> Any:
    """The agency's coverage summary for the list header (None when not shown to the user)."""
    if agency is None or not policy.has_perm(user, Perm.PROC_COVERAGE, agency):
        return None
    return procedure_selectors.coverage_for_agency(agency)
