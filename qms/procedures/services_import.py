"""Importing a published TTHC list into a province's catalogue: checking every cell, planning the
changes in memory from the catalogue loaded once, and writing them in bulk (procedures, history,
assignments, obligations, coverage). Reached through :mod:`qms.procedures.services`.

The 5-working-day rule: a publishing decision must be entered into the catalogue within 5
working days of its signing (``due_on = add_working_days(signed_on, 5)``); the day it was
entered (``recorded_on``) is kept, and a late entry is shown as such wherever the decision is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core import audit
from qms.core.tabular import RowProblem, SourceRows
from qms.obligations.services import fast_fold
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm

from . import coverage, search_index
from .calendar import add_working_days
from .import_rows import (
    CONTENT_FIELDS,
    NUMBER_MAX,
    SEARCH_MAX,
    TITLE_MAX,
    CheckedRow,
    check_rows,
)
from .importing import (
    CatalogueImportError,
    DecisionRef,
    PreparedAnnex,
    Section,
    field_label,
    prepare_annex,
    read_file,
    rows_from_mappings,
)
from .models import (
    AdministrativeProcedure,
    ChangeKind,
    ProcedureAssignment,
    ProcedureChange,
    ProcedureLevel,
    ProcedureStatus,
    PublishingDecision,
)
from .services_bulk import close_ended, insert_assignments, insert_changes

UPDATE_DAYS = 5  # working days to enter a publishing decision into the catalogue


def build_search_text(code: str, name: str, field_name: str) -> str:
    """Folded code, name and field (``fast_fold`` equals ``qms.core.text.fold``, per character)."""
    return fast_fold(" ".join(part for part in (code, name, field_name) if part))[:SEARCH_MAX]


def decision_due_on(signed_on: dt.date) -> dt.date:
    return add_working_days(signed_on, UPDATE_DAYS)


def _require_catalogue(actor: Any, catalogue: Organisation) -> None:
    if catalogue.kind != OrganisationKind.PROVINCE:
        raise ValidationError(_("Danh mục TTHC thuộc về một tỉnh, thành phố."))
    policy.require(actor, Perm.PROC_CATALOGUE, catalogue)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


# --- import -------------------------------------------------------------------------------------


@dataclass
class ImportRow:
    row: int
    code: str
    name: str
    action: str  # ChangeKind value, or "unchanged"
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    assigned: list[str] = field(default_factory=list)  # agency names
    unassigned: list[str] = field(default_factory=list)
    decision: str = ""

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        levels = dict(ProcedureLevel.choices)
        rows = []
        for name, change in self.changes.items():
            before, after = change["before"], change["after"]
            if name == "level":
                before, after = levels.get(before, before), levels.get(after, after)
            rows.append((field_label("time_limit" if name == "time_limit_text" else name), before, after))
        return rows


@dataclass
class DecisionSummary:
    number: str
    signed_on: dt.date
    due_on: dt.date
    recorded_on: dt.date
    new: bool

    @property
    def is_late(self) -> bool:
        return self.recorded_on > self.due_on


@dataclass
class CatalogueImportResult:
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)
    decisions: list[DecisionSummary] = field(default_factory=list)
    # row, code, time-limit text ("" when neither the file nor the catalogue has one)
    not_computable: list[tuple[int, str, str]] = field(default_factory=list)
    obligations_opened: int = 0
    sections: list[Section] = field(default_factory=list)  # section rows read (level, field, change)
    matched_by_name: list[tuple[int, str, str]] = field(default_factory=list)  # row, code, name
    several_levels: list[tuple[int, str, str]] = field(default_factory=list)  # row, code, levels named

    @property
    def count_warnings(self) -> list[Section]:
        """Sections whose stated count ("(12 TTHC)") differs from the rows under them."""
        return [s for s in self.sections if s.count_differs]

    def _count(self, *actions: str) -> int:
        return sum(1 for r in self.rows if r.action in actions)

    @property
    def added(self) -> int:
        return self._count(ChangeKind.ADDED)

    @property
    def amended(self) -> int:
        return self._count(ChangeKind.AMENDED, ChangeKind.REPLACED)

    @property
    def abolished(self) -> int:
        return self._count(ChangeKind.ABOLISHED)

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == "unchanged" and not r.assigned and not r.unassigned)

    @property
    def assigned(self) -> int:
        return sum(len(r.assigned) for r in self.rows)

    @property
    def unassigned(self) -> int:
        return sum(len(r.unassigned) for r in self.rows)

    @property
    def changed_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.action != "unchanged" or r.assigned or r.unassigned]

    @property
    def has_changes(self) -> bool:
        return bool(self.changed_rows)


def _decision_objects(
    rows: list[CheckedRow], catalogue: Organisation, actor: Any, today: dt.date, title: str, problems: list[RowProblem]
) -> dict[str, PublishingDecision]:
    """Known decisions of the catalogue named in the rows, and unsaved new ones."""
    refs: dict[str, tuple[DecisionRef, int]] = {}
    for row in rows:
        if row.decision is not None:
            refs.setdefault(row.decision.number.casefold(), (row.decision, row.row))
    if not refs:
        return {}
    known = {
        d.number.casefold(): d
        for d in PublishingDecision.objects.filter(
            catalogue=catalogue, number__in=[r.number for r, _n in refs.values()]
        )
    }
    result: dict[str, PublishingDecision] = {}
    for key, (ref, row_number) in refs.items():
        decision = known.get(key)
        if decision is not None and decision.signed_on != ref.signed_on:
            problems.append(
                RowProblem(
                    row_number,
                    field_label("decision"),
                    _("Quyết định %(number)s đã có trong danh mục với ngày ký %(day)s.")
                    % {"number": decision.number, "day": decision.signed_on.strftime("%d/%m/%Y")},
                )
            )
            continue
        if decision is None:
            decision = PublishingDecision(
                catalogue=catalogue,
                number=ref.number,
                signed_on=ref.signed_on,
                title=title[:TITLE_MAX],
                recorded_on=today,
                due_on=decision_due_on(ref.signed_on),
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
        result[key] = decision
    return result


def _resolve_source(
    rows: Iterable[Mapping[str, Any]] | SourceRows | None,
    path: str | Path | None,
    file: IO[bytes] | None,
    filename: str,
) -> SourceRows:
    if isinstance(rows, SourceRows):
        return rows
    if rows is not None:
        return rows_from_mappings(rows)
    if path is not None:
        return read_file(path, filename)
    if file is not None:
        return read_file(file, filename)
    raise TypeError("catalogue_import needs rows, path or file")


def _explained(prepared: PreparedAnnex, problems: list[RowProblem]) -> list[RowProblem]:
    """The row checks' problems, told for an annex: a code-less row says why no procedure was
    matched by name; without a level column and without a section naming a level, the rows that
    need one (new procedures) are reported once, at the header."""
    code_label = prepared.source.columns.get("code") or field_label("code")
    problems = [
        RowProblem(p.row, p.column, prepared.unmatched[p.row])
        if p.column == code_label and p.kind == "missing" and p.row in prepared.unmatched
        else p
        for p in problems
    ]
    if "level" in prepared.source.columns or prepared.annex.names_levels:
        return problems
    label = field_label("level")
    kept = [p for p in problems if not (p.column == label and p.kind == "missing")]
    if len(kept) == len(problems):
        return problems
    header = RowProblem(
        prepared.source.header_row,
        label,
        _(
            "Thiếu cột “%(column)s” ở dòng tiêu đề, và không có dòng mục nào ghi cấp (ví dụ “A. THỦ TỤC HÀNH "
            "CHÍNH CẤP TỈNH”)."
        )
        % {"column": label},
    )
    return [header, *kept]


def _unknown_limits(
    clean: list[CheckedRow], listed: list[tuple[int, str, str]], existing: Mapping[str, AdministrativeProcedure]
) -> list[tuple[int, str, str]]:
    """The rows listed as not computable, with every procedure no limit is known for: the file
    gives none and the catalogue has none (a limit or fee the file leaves out is kept)."""
    rows = {row for row, _code, _text in listed}
    found = list(listed)
    for row in clean:
        if row.row in rows or row.change == ChangeKind.ABOLISHED:
            continue
        if row.values["time_limit_days"] is not None or row.values["time_limit_text"]:
            continue
        known = existing.get(row.code)
        if known is None or known.time_limit_days is None:
            found.append((row.row, row.code, known.time_limit_text if known is not None else ""))
    return sorted(found)


@transaction.atomic
def catalogue_import(
    *,
    actor: Any,
    catalogue: Organisation,
    rows: Iterable[Mapping[str, Any]] | SourceRows | None = None,
    path: str | Path | None = None,
    file: IO[bytes] | None = None,
    filename: str = "",
    decision_number: str = "",
    decision_signed_on: dt.date | None = None,
    decision_title: str = "",
    dry_run: bool = False,
    today: dt.date | None = None,
) -> CatalogueImportResult:
    """Import a published TTHC list into ``catalogue`` (a province): new procedures, amendments,
    replacements, abolitions and the agencies with authority.

    All or nothing: every bad cell is reported as (row, column, reason) in a
    :class:`CatalogueImportError` and nothing is written. Procedures are matched on their code
    (a code-less row on its name, when exactly one active procedure of the catalogue bears it);
    an empty cell never erases a value, so importing the same file twice changes nothing. An
    annex as published may give the level, the field and the kind of change as section rows. The
    publishing decision comes from each row's decision cell, else from ``decision_number`` and
    ``decision_signed_on``; each new decision is recorded today with its 5-working-day due date.
    Every change is kept as a ``ProcedureChange`` naming the decision. The agencies listed for a
    procedure become exactly its active assignments (an empty cell leaves them alone); an
    abolished or replaced procedure ends its assignments. Coverage and the "write a process"
    obligations are then derived for every agency concerned.
    """
    _require_catalogue(actor, catalogue)
    today = today or timezone.localdate()
    source = _resolve_source(rows, path, file, filename)
    default_decision = _default_decision(decision_number, decision_signed_on, today)
    existing = {p.code: p for p in AdministrativeProcedure.objects.filter(catalogue=catalogue)}
    prepared = prepare_annex(source, existing)
    clean, row_problems, not_computable = check_rows(prepared.source, catalogue, default_decision, existing, today)
    problems = prepared.problems + _explained(prepared, row_problems)
    decisions = _decision_objects(clean, catalogue, actor, today, decision_title, problems)
    if problems:
        problems.sort(key=lambda p: p.row)
        raise CatalogueImportError(problems)
    not_computable = _unknown_limits(clean, not_computable, existing)
    plan = _Plan(catalogue=catalogue, existing=existing, decisions=decisions, today=today)
    plan.build(clean)
    result = CatalogueImportResult(
        dry_run=dry_run,
        rows=plan.result_rows,
        not_computable=not_computable,
        sections=[s for s in prepared.annex.sections if s.heading.kind != "other"],
        matched_by_name=prepared.matched_by_name,
        several_levels=prepared.several_levels,
    )
    used = {d.number.casefold() for d in plan.used_decisions}
    result.decisions = [
        DecisionSummary(d.number, d.signed_on, d.due_on, d.recorded_on, d.pk is None)
        for key, d in decisions.items()
        if key in used
    ]
    if dry_run or not result.has_changes:
        return result
    result.obligations_opened = plan.write(actor)
    audit.record(
        actor=actor,
        verb="procedures.import",
        target=catalogue,
        scope_path=catalogue.path,
        changes={
            "added": {"before": None, "after": result.added},
            "amended": {"before": None, "after": result.amended},
            "abolished": {"before": None, "after": result.abolished},
            "assigned": {"before": None, "after": result.assigned},
            "unassigned": {"before": None, "after": result.unassigned},
            "decisions": {"before": None, "after": [d.number for d in result.decisions]},
            "codes": {"before": None, "after": [r.code for r in result.changed_rows][:200]},
        },
    )
    return result


def _default_decision(number: str, signed_on: dt.date | None, today: dt.date) -> DecisionRef | None:
    number = " ".join((number or "").split())
    if not number and signed_on is None:
        return None
    errors: dict[str, str] = {}
    if not number:
        errors["decision_number"] = _("Hãy ghi số, ký hiệu của quyết định công bố.")
    elif len(number) > NUMBER_MAX:
        errors["decision_number"] = _("Số quyết định dài tối đa %(n)s ký tự.") % {"n": NUMBER_MAX}
    if signed_on is None:
        errors["decision_signed_on"] = _("Hãy ghi ngày ký của quyết định công bố.")
    elif signed_on > today:
        errors["decision_signed_on"] = _("Ngày ký quyết định công bố không thể sau ngày hôm nay.")
    if errors:
        raise ValidationError(errors)
    assert signed_on is not None
    return DecisionRef(number=number, signed_on=signed_on)


class _Plan:
    """What an import changes, computed in memory from the catalogue loaded once."""

    def __init__(
        self,
        *,
        catalogue: Organisation,
        existing: dict[str, AdministrativeProcedure],
        decisions: dict[str, PublishingDecision],
        today: dt.date,
    ) -> None:
        self.catalogue = catalogue
        self.existing = existing
        self.decisions = decisions
        self.today = today
        self.result_rows: list[ImportRow] = []
        self.to_create: list[AdministrativeProcedure] = []
        self.to_update: dict[str, AdministrativeProcedure] = {}
        self.changes: list[tuple[str, str, str, dict[str, Any]]] = []  # code, kind, decision key, changes
        self.replace_links: list[tuple[str, str]] = []  # old code, new code
        self.add_assignments: list[tuple[str, Organisation, str]] = []  # code, agency, decision key
        self.end_assignments: list[int] = []
        self.ended_agencies: set[int] = set()
        self.used_decisions: list[PublishingDecision] = []
        self.active: dict[int, dict[int, tuple[int, int]]] = {}  # procedure → agency → (assignment, cycle)
        self.agency_names: dict[int, str] = {}
        ids = [p.pk for p in existing.values()]
        for start in range(0, len(ids), 5000):
            for pk, procedure_id, agency_id, cycle, agency_name in ProcedureAssignment.objects.filter(
                procedure_id__in=ids[start : start + 5000], is_active=True
            ).values_list("pk", "procedure_id", "agency_id", "process_cycle", "agency__name"):
                self.active.setdefault(procedure_id, {})[agency_id] = (pk, cycle)
                self.agency_names[agency_id] = agency_name

    def _decision_key(self, row: CheckedRow) -> str:
        return row.decision.number.casefold() if row.decision is not None else ""

    def _mark_used(self) -> None:
        """The decisions that change something (an unchanged row does not record its decision)."""
        keys = [key for _code, _kind, key, _changes in self.changes] + [key for _c, _a, key in self.add_assignments]
        for key in dict.fromkeys(keys):
            if key:
                self.used_decisions.append(self.decisions[key])

    def _end_all(self, procedure: AdministrativeProcedure, out: ImportRow, decision_key: str) -> None:
        current = self.active.get(procedure.pk, {}) if procedure.pk else {}
        if not current:
            return
        names = sorted(self.agency_names[a] for a in current)
        for agency_id, (assignment_id, _cycle) in current.items():
            self.end_assignments.append(assignment_id)
            self.ended_agencies.add(agency_id)
        out.unassigned = names
        self.changes.append(
            (procedure.code, ChangeKind.UNASSIGNED, decision_key, {"agencies": {"before": names, "after": None}})
        )

    def build(self, rows: list[CheckedRow]) -> None:
        for row in rows:
            decision_key = self._decision_key(row)
            decision = self.decisions.get(decision_key) if decision_key else None
            current = self.existing.get(row.code)
            out = ImportRow(row.row, row.code, row.values["name"] or (current.name if current else ""), "unchanged")
            out.decision = decision.number if decision else ""
            if row.change == ChangeKind.ABOLISHED:
                assert current is not None
                if current.status != ProcedureStatus.ABOLISHED:
                    current.status = ProcedureStatus.ABOLISHED
                    current.decision = decision
                    self.to_update[current.code] = current
                    out.action = ChangeKind.ABOLISHED
                    self.changes.append(
                        (
                            current.code,
                            ChangeKind.ABOLISHED,
                            decision_key,
                            {"status": {"before": "active", "after": "abolished"}},
                        )
                    )
                    self._end_all(current, out, decision_key)
                self.result_rows.append(out)
                continue
            procedure = self._upsert(row, current, out, decision, decision_key)
            if row.replaces:
                old = self.existing[row.replaces]
                if (
                    old.status != ProcedureStatus.ABOLISHED
                    or old.replaced_by_id != procedure.pk
                    or procedure.pk is None
                ):
                    old.status = ProcedureStatus.ABOLISHED
                    old.decision = decision
                    self.to_update[old.code] = old
                    self.replace_links.append((old.code, procedure.code))
                    self.changes.append(
                        (
                            old.code,
                            ChangeKind.REPLACED,
                            decision_key,
                            {"replaced_by": {"before": None, "after": procedure.code}},
                        )
                    )
                    if out.action == "unchanged":
                        out.action = ChangeKind.REPLACED
                    out.changes.setdefault("replaces", {"before": None, "after": old.code})
                    ended = ImportRow(row.row, old.code, old.name, "unchanged")
                    self._end_all(old, ended, decision_key)
                    out.unassigned += [f"{name} ({old.code})" for name in ended.unassigned]
            if row.agencies is not None:
                self._assign(procedure, row.agencies, out, decision_key)
            self.result_rows.append(out)
        self._mark_used()

    def _upsert(
        self,
        row: CheckedRow,
        current: AdministrativeProcedure | None,
        out: ImportRow,
        decision: PublishingDecision | None,
        decision_key: str,
    ) -> AdministrativeProcedure:
        values = row.values
        if current is None:
            procedure = AdministrativeProcedure(
                catalogue=self.catalogue,
                code=row.code,
                status=ProcedureStatus.ACTIVE,
                decision=decision,
                search_text=build_search_text(row.code, values["name"], values["field"]),
                **{name: values[name] if values[name] is not None else None for name in CONTENT_FIELDS},
            )
            self.to_create.append(procedure)
            self.existing[row.code] = procedure
            out.action = ChangeKind.ADDED
            out.changes = {
                name: {"before": None, "after": _plain(values[name])}
                for name in CONTENT_FIELDS
                if values[name] not in (None, "")
            }
            self.changes.append((row.code, ChangeKind.ADDED, decision_key, out.changes))
            return procedure
        changes: dict[str, dict[str, Any]] = {}
        for name in CONTENT_FIELDS:
            value = values[name]
            if value in (None, ""):
                continue  # an empty cell never erases what the catalogue knows
            if getattr(current, name) != value:
                changes[name] = {"before": _plain(getattr(current, name)), "after": _plain(value)}
        if "time_limit_text" in changes and values["time_limit_days"] is None and current.time_limit_days is not None:
            # A new limit written in words no number can be read from: the old number no longer
            # describes it, so the procedure becomes "not computable" rather than keep a stale limit.
            changes["time_limit_days"] = {"before": _plain(current.time_limit_days), "after": None}
        reactivated = current.status == ProcedureStatus.ABOLISHED
        if reactivated:
            changes["status"] = {"before": ProcedureStatus.ABOLISHED.value, "after": ProcedureStatus.ACTIVE.value}
        if not changes:
            return current
        for name in CONTENT_FIELDS:
            if name in changes:
                setattr(current, name, values[name])
        current.status = ProcedureStatus.ACTIVE
        current.replaced_by = None if reactivated else current.replaced_by
        current.decision = decision or current.decision
        current.search_text = build_search_text(current.code, current.name, current.field)
        current.version += 1
        self.to_update[current.code] = current
        kind = (
            ChangeKind.ADDED
            if reactivated
            else (ChangeKind.REPLACED if row.change == ChangeKind.REPLACED else ChangeKind.AMENDED)
        )
        out.action = kind
        out.changes = changes
        self.changes.append((current.code, kind, decision_key, changes))
        return current

    def _assign(
        self, procedure: AdministrativeProcedure, agencies: list[Organisation], out: ImportRow, key: str
    ) -> None:
        current = self.active.get(procedure.pk, {}) if procedure.pk else {}
        wanted = {a.pk: a for a in agencies}
        added = [a for a in agencies if a.pk not in current]
        removed = [agency_id for agency_id in current if agency_id not in wanted]
        for agency in added:
            self.add_assignments.append((procedure.code, agency, key))
        for agency_id in removed:
            self.end_assignments.append(current[agency_id][0])
            self.ended_agencies.add(agency_id)
        if added:
            out.assigned = [a.name for a in added]
            self.changes.append(
                (procedure.code, ChangeKind.ASSIGNED, key, {"agencies": {"before": None, "after": out.assigned}})
            )
        if removed:
            names = sorted(self.agency_names[a] for a in removed)
            out.unassigned += names
            self.changes.append(
                (procedure.code, ChangeKind.UNASSIGNED, key, {"agencies": {"before": names, "after": None}})
            )

    def write(self, actor: Any) -> int:
        """Write the plan; returns the number of obligations opened."""
        new_decisions = [d for d in self.used_decisions if d.pk is None]
        for decision in new_decisions:
            decision.save()
        AdministrativeProcedure.objects.bulk_create(self.to_create, batch_size=1000)
        if self.to_create and any(p.pk is None for p in self.to_create):  # backends without RETURNING
            ids = dict(
                AdministrativeProcedure.objects.filter(
                    catalogue=self.catalogue, code__in=[p.code for p in self.to_create]
                ).values_list("code", "pk")
            )
            for procedure in self.to_create:
                procedure.pk = ids[procedure.code]
        for old_code, new_code in self.replace_links:
            self.to_update[old_code].replaced_by = self.existing[new_code]
        if self.to_update:
            now = timezone.now()
            for procedure in self.to_update.values():
                procedure.updated_at = now
            AdministrativeProcedure.objects.bulk_update(
                list(self.to_update.values()),
                [*CONTENT_FIELDS, "status", "decision", "replaced_by", "search_text", "version", "updated_at"],
                batch_size=500,
            )
        search_index.index_procedures([*self.to_create, *self.to_update.values()], catalogue=self.catalogue)
        insert_changes(
            [
                ProcedureChange(
                    procedure_id=self.existing[code].pk,
                    decision_id=self.decisions[key].pk if key else None,
                    kind=kind,
                    changes=changes,
                )
                for code, kind, key, changes in self.changes
            ]
        )
        if self.end_assignments:
            for start in range(0, len(self.end_assignments), 500):
                ProcedureAssignment.objects.filter(pk__in=self.end_assignments[start : start + 500]).update(
                    is_active=False, ended_on=self.today, updated_at=timezone.now()
                )
            close_ended(self.end_assignments)
        opened = self._add_assignments()
        agencies = {agency.pk for _code, agency, _key in self.add_assignments} | self.ended_agencies
        over_limit_agencies = {
            agency_id
            for procedure in self.to_update.values()
            if procedure.pk in self.active
            for agency_id in self.active[procedure.pk]
        }
        outcome = coverage.coverage_recompute(agency_ids=agencies | over_limit_agencies, today=self.today)
        return opened + outcome.obligations_opened

    def _add_assignments(self) -> int:
        """Insert the new assignments and open the obligation of each one no effective process of
        its agency covers yet (first episode, numbered 1 at insertion: no second pass to number
        them). Returns the number of obligations opened."""
        if not self.add_assignments:
            return 0
        now = timezone.now()
        covered = coverage.covered_pairs({agency.pk for _code, agency, _key in self.add_assignments})
        rows: list[dict[str, Any]] = []
        for code, agency, key in self.add_assignments:
            procedure = self.existing[code]
            rows.append(
                {
                    "procedure_id": procedure.pk,
                    "agency_id": agency.pk,
                    "scope_path": agency.path,
                    "assigned_on": self.decisions[key].signed_on if key else self.today,
                    "decision_id": self.decisions[key].pk if key else None,
                    "process_cycle": 0 if (procedure.pk, agency.pk) in covered else 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        insert_assignments(rows)
        # The ids of the rows just inserted (COPY returns none): this transaction's rows of these
        # procedures stamped ``now``.
        wanted: dict[tuple[int, int], dict[str, Any]] = {
            (r["procedure_id"], r["agency_id"]): r for r in rows if r["process_cycle"] == 1
        }
        procedure_ids: list[int] = sorted({procedure_id for procedure_id, _agency in wanted})
        by_procedure = {p.pk: p for p in self.existing.values()}
        numbers = {d.pk: d.number for d in self.decisions.values() if d.pk is not None}
        owed: list[coverage.Owed] = []
        paths: dict[int, str] = {}
        for start in range(0, len(procedure_ids), 500):
            found = ProcedureAssignment.objects.filter(
                procedure_id__in=procedure_ids[start : start + 500], is_active=True, process_cycle=1, created_at=now
            ).values_list("pk", "procedure_id", "agency_id", "scope_path")
            for pk, procedure_id, agency_id, scope_path in found:
                row = wanted.get((procedure_id, agency_id))
                if row is None:
                    continue
                procedure = by_procedure[procedure_id]
                decision_id = row["decision_id"]
                paths[agency_id] = scope_path
                owed.append(
                    coverage.Owed(
                        pk,
                        agency_id,
                        1,
                        row["assigned_on"],
                        False,
                        procedure.code,
                        procedure.name,
                        decision_id,
                        numbers.get(decision_id) if decision_id else None,
                    )
                )
        return coverage.open_obligations(owed, paths, self.today)
