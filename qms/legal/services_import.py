"""Importing the legal register from a CSV/.xlsx file: all or nothing, matched on number and
issuer, idempotent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from qms.core import audit
from qms.core.display import display_value
from qms.core.tabular import RowProblem, SourceRows
from qms.obligations import services as obligation_services
from qms.obligations.models import ObligationKind
from qms.organisations.models import Organisation

from . import access
from .importing import (
    DATE_FIELDS,
    LegalImportError,
    field_label,
    parse_date,
    parse_kind,
    read_file,
    rows_from_mappings,
)
from .models import LegalText, LegalTextKind
from .numbers import normalise_number, number_error
from .services import (
    EDITABLE_FIELDS,
    IMPORTED_FIELDS,
    ISSUER_MAX,
    TITLE_MAX,
    _index,
    build_search_text,
    issuer_key,
    match_existing,
)
from .sync import legal_obligations_sync, obligation_due_on


@dataclass
class ImportRow:
    row: int
    number: str
    action: str  # "create" | "update" | "unchanged"
    title: str = ""
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def change_rows(self) -> list[tuple[str, str, str]]:
        """(column label, before, after) as shown to people."""
        kinds = dict(LegalTextKind.choices)
        rows = []
        for name, change in self.changes.items():
            before, after = change["before"], change["after"]
            if name == "kind":
                before, after = kinds.get(before, before), kinds.get(after, after)
            rows.append((field_label(name), display_value(before), display_value(after)))
        return rows


@dataclass
class ImportResult:
    dry_run: bool
    rows: list[ImportRow] = field(default_factory=list)

    def _count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")


def _parse_rows(source: SourceRows) -> tuple[list[tuple[int, dict[str, Any]]], list[RowProblem]]:
    """Check every cell; returns the clean rows and every problem found (all rows are checked)."""
    problems: list[RowProblem] = []
    clean: list[tuple[int, dict[str, Any]]] = []
    first_row_of: dict[tuple[str, str], int] = {}
    columns = source.columns

    def column(name: str) -> str:
        return columns.get(name) or field_label(name)

    for row_number, raw in source.rows:
        row_problems: list[RowProblem] = []
        values: dict[str, Any] = {}
        kind = parse_kind(raw.get("kind", ""))
        if kind is None:
            reason = (
                _("Thiếu loại văn bản.")
                if not raw.get("kind", "").strip()
                else _(
                    "Loại văn bản “%(value)s” không có trong danh mục (ví dụ: Luật, Nghị định, Thông tư, Quyết định)."
                )
                % {"value": raw.get("kind", "")}
            )
            row_problems.append(RowProblem(row_number, column("kind"), reason))
        values["kind"] = kind or ""
        number = normalise_number(raw.get("number", ""))
        values["number"] = number
        if kind is not None:
            problem = number_error(kind, number)
            if problem:
                row_problems.append(RowProblem(row_number, column("number"), problem))
        if number:
            key = (number.casefold(), issuer_key(raw.get("issuer", "")))
            if key in first_row_of:
                row_problems.append(
                    RowProblem(
                        row_number,
                        column("number"),
                        _("Số, ký hiệu “%(number)s” trùng với dòng %(row)s.")
                        % {"number": number, "row": first_row_of[key]},
                    )
                )
            else:
                first_row_of[key] = row_number
        values["title"] = " ".join(raw.get("title", "").split())
        if len(values["title"]) > TITLE_MAX:
            row_problems.append(
                RowProblem(row_number, column("title"), _("Trích yếu dài tối đa %(n)s ký tự.") % {"n": TITLE_MAX})
            )
        values["issuer"] = " ".join(raw.get("issuer", "").split())
        if len(values["issuer"]) > ISSUER_MAX:
            row_problems.append(
                RowProblem(row_number, column("issuer"), _("Tên cơ quan dài tối đa %(n)s ký tự.") % {"n": ISSUER_MAX})
            )
        for name in DATE_FIELDS:
            try:
                values[name] = parse_date(raw.get(name, ""))
            except ValueError:
                values[name] = None
                row_problems.append(
                    RowProblem(
                        row_number,
                        column(name),
                        _("Ngày “%(value)s” không hợp lệ (ghi dạng ngày/tháng/năm, ví dụ 05/03/2014).")
                        % {"value": raw.get(name, "")},
                    )
                )
        if values["signed_on"] and values["effective_on"] and values["effective_on"] < values["signed_on"]:
            row_problems.append(
                RowProblem(row_number, column("effective_on"), _("Ngày có hiệu lực không thể trước ngày ký."))
            )
        values["url"] = raw.get("url", "").strip()
        if values["url"]:
            try:
                URLValidator(schemes=["http", "https"])(values["url"])
            except ValidationError:
                row_problems.append(RowProblem(row_number, column("url"), _("Đường dẫn không hợp lệ.")))
        problems.extend(row_problems)
        if not row_problems:
            clean.append((row_number, values))
    return clean, problems


@transaction.atomic
def legal_texts_import(
    *,
    actor: Any,
    rows: Iterable[Mapping[str, Any]] | SourceRows | None = None,
    path: str | Path | None = None,
    file: IO[bytes] | None = None,
    filename: str = "",
    dry_run: bool = False,
    organisation: Organisation | None = None,
) -> ImportResult:
    """Import legal texts from a CSV/.xlsx file (``path`` or an open ``file``) or from ``rows``.

    All or nothing: any bad cell raises :class:`LegalImportError` listing (row, column, reason)
    for every problem, and nothing is written. Texts are matched on their number: a new number is
    created, a known one is updated where the file says something different (an empty cell never
    erases a value), so importing the same file twice changes nothing and writes no second audit
    event. Updating a text already in the register needs the right to manage the register.
    ``dry_run`` checks and reports what would happen without writing.
    """
    access.require_add_at(actor, organisation)
    if isinstance(rows, SourceRows):
        source = rows
    elif rows is not None:
        source = rows_from_mappings(rows)
    elif path is not None or file is not None:
        source = read_file(path if path is not None else file, filename)  # type: ignore[arg-type]
    else:
        raise TypeError("legal_texts_import needs rows, path or file")
    clean, problems = _parse_rows(source)

    numbers = [values["number"] for _, values in clean]
    known: dict[int, LegalText] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        known.update((t.pk, t) for t in LegalText.objects.filter(number__in=chunk))
    wanted = {n.casefold() for n in numbers} - {t.number.casefold() for t in known.values()}
    if wanted:  # a number written in another case (SQLite folds ASCII only)
        variants = [pk for pk, n in LegalText.objects.values_list("pk", "number") if n.casefold() in wanted]
        known.update((t.pk, t) for t in LegalText.objects.filter(pk__in=variants))
    by_number: dict[str, list[LegalText]] = {}
    for text in known.values():
        by_number.setdefault(text.number.casefold(), []).append(text)

    may_manage = access.can_manage_legal(actor)
    result = ImportResult(dry_run=dry_run)
    to_create: list[LegalText] = []
    to_update: list[LegalText] = []
    dates_changed: list[LegalText] = []
    added_by_id = organisation.pk if organisation is not None else access.adding_organisation_id(actor)
    for row_number, values in clean:
        match = match_existing(values["number"], values["issuer"], by_number.get(values["number"].casefold(), []))
        if isinstance(match, list):
            problems.append(
                RowProblem(
                    row_number,
                    source.columns.get("issuer", field_label("issuer")),
                    _("Số “%(number)s” có ở nhiều cơ quan ban hành (%(issuers)s): hãy ghi cơ quan ban hành.")
                    % {"number": values["number"], "issuers": "; ".join(sorted(t.issuer for t in match))},
                )
            )
            continue
        current = match
        if current is None:
            to_create.append(
                LegalText(
                    **values,
                    added_by_organisation_id=added_by_id,
                    search_text=build_search_text(
                        number=values["number"], kind=values["kind"], title=values["title"], issuer=values["issuer"]
                    ),
                )
            )
            result.rows.append(ImportRow(row_number, values["number"], "create", values["title"]))
            continue
        changes: dict[str, dict[str, Any]] = {}
        for name in IMPORTED_FIELDS:
            value = values[name]
            if value in (None, ""):
                continue  # an empty cell never erases what the register knows
            if getattr(current, name) != value:
                changes[name] = {"before": audit._plain(getattr(current, name)), "after": audit._plain(value)}
        if not changes:
            result.rows.append(ImportRow(row_number, current.number, "unchanged", current.title))
            continue
        if not may_manage:
            problems.append(
                RowProblem(
                    row_number,
                    source.columns.get("number", field_label("number")),
                    _(
                        "Văn bản “%(number)s” đã có trong sổ với nội dung khác; chỉ đơn vị chủ trì hoặc quản trị "
                        "mới được sửa văn bản đã có."
                    )
                    % {"number": current.number},
                )
            )
            continue
        merged = {n: getattr(current, n) for n in EDITABLE_FIELDS if n != "file"}
        merged.update({n: values[n] for n in changes})
        merged["number"] = current.number
        start = merged["effective_on"] or merged["signed_on"]
        if merged["signed_on"] and merged["effective_on"] and merged["effective_on"] < merged["signed_on"]:
            problems.append(
                RowProblem(
                    row_number,
                    source.columns.get("effective_on", field_label("effective_on")),
                    _("Ngày có hiệu lực không thể trước ngày ký."),
                )
            )
            continue
        if start and merged["expires_on"] and merged["expires_on"] <= start:
            problems.append(
                RowProblem(
                    row_number,
                    source.columns.get("expires_on", field_label("expires_on")),
                    _("Ngày hết hiệu lực phải sau ngày có hiệu lực (hoặc ngày ký)."),
                )
            )
            continue
        for name in changes:
            setattr(current, name, merged[name])
        current.search_text = build_search_text(
            number=current.number, kind=current.kind, title=current.title, issuer=current.issuer
        )
        current.version += 1
        to_update.append(current)
        if "effective_on" in changes:
            dates_changed.append(current)
        result.rows.append(ImportRow(row_number, current.number, "update", current.title, changes))

    if problems:
        problems.sort(key=lambda p: p.row)  # stable: a row's problems stay in column order
        raise LegalImportError(problems)
    if dry_run or not (to_create or to_update):
        return result

    created = LegalText.objects.bulk_create(to_create, batch_size=500)
    if created and any(t.pk is None for t in created):  # backends that cannot return ids
        pairs = {(t.number, t.issuer) for t in to_create}
        created = [
            t for t in LegalText.objects.filter(number__in=[n for n, _i in pairs]) if (t.number, t.issuer) in pairs
        ]
    if to_update:
        LegalText.objects.bulk_update(
            to_update, [*IMPORTED_FIELDS, "search_text", "version", "updated_at"], batch_size=500
        )
    _index([*created, *to_update])
    scope = ""
    if added_by_id is not None:
        scope = Organisation.objects.filter(pk=added_by_id).values_list("path", flat=True).first() or ""
    audit.record(
        actor=actor,
        verb="legal.import",
        target=None,
        scope_path=scope,
        changes={
            "created": {"before": None, "after": len(to_create)},
            "updated": {"before": None, "after": len(to_update)},
            "numbers": {"before": None, "after": [t.number for t in [*to_create, *to_update]][:200]},
        },
    )
    if dates_changed:
        for text in dates_changed:
            if text.effective_on is not None:
                obligation_services.obligations_reschedule_for_source(
                    actor=None,
                    source=text,
                    kind=ObligationKind.LEGAL_UPDATE,
                    due_on=obligation_due_on(text.effective_on),
                )
        legal_obligations_sync(actor=None, legal_texts=dates_changed)
    return result
