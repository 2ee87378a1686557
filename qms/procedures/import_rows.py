"""Checking every row of a catalogue file before anything is written: codes, names, levels,
time limits, decisions, changes and the agencies with authority. Problems are collected, never
raised one by one, so the user sees every bad cell of the file at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from qms.core.tabular import RowProblem, SourceRows
from qms.core.text import fold
from qms.organisations.models import Organisation, OrganisationKind

from .importing import (
    DecisionRef,
    code_error,
    field_label,
    normalise_code,
    parse_change,
    parse_decision,
    parse_level,
    parse_number,
    parse_time_limit,
    split_agencies,
)
from .models import AdministrativeProcedure, ChangeKind, PublishingDecision

CONTENT_FIELDS = ("name", "field", "level", "time_limit_days", "time_limit_text", "fees", "legal_bases")
NAME_MAX = AdministrativeProcedure._meta.get_field("name").max_length or 1000
FIELD_MAX = AdministrativeProcedure._meta.get_field("field").max_length or 255
CODE_MAX = AdministrativeProcedure._meta.get_field("code").max_length or 40
NUMBER_MAX = PublishingDecision._meta.get_field("number").max_length or 80
TITLE_MAX = PublishingDecision._meta.get_field("title").max_length or 500
SEARCH_MAX = AdministrativeProcedure._meta.get_field("search_text").max_length or 1200


@dataclass
class CheckedRow:
    row: int
    code: str
    values: dict[str, Any]
    change: str
    replaces: str
    decision: DecisionRef | None
    agencies: list[Organisation] | None  # None: leave the assignments as they are


class AgencyIndex:
    """The catalogue's agencies (not internal units, current) by code, name and short name."""

    def __init__(self, catalogue: Organisation, today: dt.date) -> None:
        self.by_code: dict[str, Organisation] = {}
        self.by_name: dict[str, list[Organisation]] = {}
        agencies = (
            Organisation.objects.subtree_of(catalogue)
            .current(today)
            .exclude(kind=OrganisationKind.UNIT)
            .only("id", "name", "short_name", "code", "path", "kind")
        )
        for organisation in agencies:
            self.by_code[organisation.code.casefold()] = organisation
            for label in {organisation.name, organisation.short_name} - {""}:
                self.by_name.setdefault(fold(label), []).append(organisation)

    def find(self, label: str) -> Organisation | str:
        """The agency, or the reason it cannot be found."""
        found = self.by_code.get(label.casefold())
        if found is not None:
            return found
        matches = {o.pk: o for o in self.by_name.get(fold(label), [])}
        if len(matches) == 1:
            return next(iter(matches.values()))
        if matches:
            return _("Có nhiều cơ quan tên “%(name)s”; hãy ghi mã cơ quan.") % {"name": label}
        return _("Không có cơ quan “%(name)s” trong tỉnh (ghi mã hoặc tên cơ quan đúng như trong hệ thống).") % {
            "name": label
        }


def check_rows(
    source: SourceRows,
    catalogue: Organisation,
    default_decision: DecisionRef | None,
    existing: Mapping[str, AdministrativeProcedure],
    today: dt.date,
) -> tuple[list[CheckedRow], list[RowProblem], list[tuple[int, str, str]]]:
    problems: list[RowProblem] = []
    clean: list[CheckedRow] = []
    not_computable: list[tuple[int, str, str]] = []
    columns = source.columns
    agencies = AgencyIndex(catalogue, today) if "agencies" in columns else None
    first_row_of: dict[str, int] = {}
    decisions_seen: dict[str, tuple[dt.date, int]] = {}

    def column(name: str) -> str:
        return columns.get(name) or field_label(name)

    for row_number, raw in source.rows:
        found: list[RowProblem] = []

        def problem(name: str, reason: str, row_number: int = row_number, found: list = found, kind: str = "") -> None:
            found.append(RowProblem(row_number, column(name), reason, kind))

        code = normalise_code(raw.get("code", ""))
        code_problem = code_error(code)
        if code_problem:
            problem("code", code_problem, kind="" if code else "missing")
        elif len(code) > CODE_MAX:
            problem("code", _("Mã TTHC dài tối đa %(n)s ký tự.") % {"n": CODE_MAX})
        elif code in first_row_of:
            problem("code", _("Mã TTHC “%(code)s” trùng với dòng %(row)s.") % {"code": code, "row": first_row_of[code]})
        else:
            first_row_of[code] = row_number
        change = parse_change(raw.get("change", ""))
        if change is None:
            problem(
                "change",
                _("Loại thay đổi “%(value)s” không hợp lệ (mới, sửa đổi, thay thế hoặc bãi bỏ).")
                % {"value": raw.get("change", "")},
            )
            change = ""
        values: dict[str, Any] = {}
        name = " ".join(raw.get("name", "").split())
        known = code in existing
        if change != ChangeKind.ABOLISHED and not name and not known:
            problem("name", _("Thiếu tên thủ tục hành chính."))
        elif len(name) > NAME_MAX:
            problem("name", _("Tên thủ tục dài tối đa %(n)s ký tự.") % {"n": NAME_MAX})
        values["name"] = name
        values["field"] = " ".join(raw.get("field", "").split())
        if len(values["field"]) > FIELD_MAX:
            problem("field", _("Lĩnh vực dài tối đa %(n)s ký tự.") % {"n": FIELD_MAX})
        level_text = raw.get("level", "")
        level = parse_level(level_text)
        if level is None and (level_text.strip() or (change != ChangeKind.ABOLISHED and not known)):
            problem(
                "level",
                _("Thiếu cấp thực hiện.")
                if not level_text.strip()
                else _("Cấp thực hiện “%(value)s” không hợp lệ (cấp tỉnh, cấp xã, …).") % {"value": level_text},
                kind="" if level_text.strip() else "missing",
            )
        values["level"] = level or ""
        values["time_limit_text"] = raw.get("time_limit", "").strip()
        days: Decimal | None = None
        if raw.get("time_limit_days", "").strip():
            try:
                days = parse_number(raw["time_limit_days"])
            except ValueError:
                problem(
                    "time_limit_days",
                    _("Thời hạn “%(value)s” không phải là một số ngày làm việc.") % {"value": raw["time_limit_days"]},
                )
        elif values["time_limit_text"]:
            days = parse_time_limit(values["time_limit_text"])
            if days is None and change != ChangeKind.ABOLISHED:
                not_computable.append((row_number, code, values["time_limit_text"]))
        values["time_limit_days"] = days
        values["fees"] = raw.get("fees", "").strip()
        values["legal_bases"] = raw.get("legal_bases", "").strip()
        decision = default_decision
        decision_text = raw.get("decision", "").strip()
        if decision_text:
            decision = parse_decision(decision_text)
            if decision is None:
                problem(
                    "decision",
                    _(
                        "Không đọc được số và ngày ký của quyết định công bố “%(value)s” (ví dụ: Quyết định "
                        "1949/QĐ-UBND ngày 18/11/2025)."
                    )
                    % {"value": decision_text[:120]},
                )
            elif len(decision.number) > NUMBER_MAX:
                problem("decision", _("Số quyết định dài tối đa %(n)s ký tự.") % {"n": NUMBER_MAX})
        if decision is not None:
            seen = decisions_seen.setdefault(decision.number.casefold(), (decision.signed_on, row_number))
            if seen[0] != decision.signed_on:
                problem(
                    "decision",
                    _("Quyết định %(number)s ghi ngày ký khác với dòng %(row)s.")
                    % {"number": decision.number, "row": seen[1]},
                )
            if decision.signed_on > today:
                problem("decision", _("Ngày ký quyết định công bố không thể sau ngày hôm nay."))
        replaces = normalise_code(raw.get("replaces", ""))
        if replaces:
            error = code_error(replaces)
            if error:
                problem("replaces", error)
            elif replaces == code:
                replaces = ""
            elif replaces not in existing:
                problem(
                    "replaces",
                    _("TTHC mã “%(code)s” được thay thế chưa có trong danh mục.") % {"code": replaces},
                )
            if replaces and change in ("", ChangeKind.ADDED, ChangeKind.AMENDED):
                change = ChangeKind.REPLACED
        if change == ChangeKind.ABOLISHED and code and not code_problem and code not in existing:
            problem("code", _("TTHC mã “%(code)s” cần bãi bỏ không có trong danh mục.") % {"code": code})
        listed: list[Organisation] | None = None
        if agencies is not None and change != ChangeKind.ABOLISHED and raw.get("agencies", "").strip():
            listed = []
            listed_ids: set[int] = set()
            for label in split_agencies(raw["agencies"]):
                agency = agencies.find(label)
                if isinstance(agency, str):
                    problem("agencies", agency)
                elif agency.pk not in listed_ids:
                    listed_ids.add(agency.pk)
                    listed.append(agency)
        problems.extend(found)
        if not found:
            clean.append(CheckedRow(row_number, code, values, change, replaces, decision, listed))
    return clean, problems, not_computable
