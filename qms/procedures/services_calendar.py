"""Every write to the working-day calendar (holidays, days off in lieu, worked weekends).

The calendar is shared by the whole installation (public holidays are national), so editing it
takes ``PROC_CATALOGUE`` at some province (a coordinator) or the administrator. Each call is
atomic and audited, and clears the working-day cache of :mod:`qms.procedures.calendar`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit
from qms.core.display import format_date
from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm

from . import calendar
from .models import CalendarDay, DayKind

audit.register_verbs(
    {
        "calendar.create": gettext_lazy("Thêm ngày vào lịch nghỉ, làm bù"),
        "calendar.update": gettext_lazy("Sửa ngày trong lịch nghỉ, làm bù"),
        "calendar.delete": gettext_lazy("Xoá ngày khỏi lịch nghỉ, làm bù"),
        "calendar.import": gettext_lazy("Nhập lịch nghỉ, làm bù"),
    }
)

FIELDS = ("day", "kind", "name", "basis")
NAME_MAX = CalendarDay._meta.get_field("name").max_length or 200
BASIS_MAX = CalendarDay._meta.get_field("basis").max_length or 255
SHIPPED = Path(__file__).resolve().parent / "data" / "calendar-vn.csv"


def can_edit_calendar(user: Any) -> bool:
    """A coordinator (PROC_CATALOGUE held over a whole province or ministry) or the administrator:
    public holidays are national, so an agency cannot change them."""
    if policy.is_superadmin(user):
        return True
    ids = [
        g.organisation_id for g in policy.grants(user) if g.subtree and Perm.PROC_CATALOGUE in policy.ROLE_PERMS[g.role]
    ]
    if not ids:
        return False
    return Organisation.objects.filter(
        pk__in=ids, kind__in=[OrganisationKind.PROVINCE, OrganisationKind.MINISTRY]
    ).exists()


def require_edit(actor: Any) -> None:
    if actor is None:
        return
    if not can_edit_calendar(actor):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì hoặc quản trị hệ thống mới được sửa lịch ngày nghỉ."))


def _clean(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    day = values.get("day")
    kind = values.get("kind")
    if not isinstance(day, dt.date):
        errors["day"] = _("Hãy chọn ngày.")
    if kind not in DayKind.values:
        errors["kind"] = _("Loại ngày không hợp lệ.")
    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        errors["name"] = _("Hãy ghi tên ngày nghỉ hoặc lý do (ví dụ: Tết Nguyên đán, Nghỉ bù Quốc khánh).")
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = _("Tên dài tối đa %(n)s ký tự.") % {"n": NAME_MAX}
    values["basis"] = " ".join(str(values.get("basis") or "").split())
    if len(values["basis"]) > BASIS_MAX:
        errors["basis"] = _("Căn cứ dài tối đa %(n)s ký tự.") % {"n": BASIS_MAX}
    if isinstance(day, dt.date) and kind in DayKind.values:
        problem = day_problem(day, kind)
        if problem:
            errors["day"] = problem
        elif CalendarDay.objects.filter(day=day).exclude(pk=exclude_pk or 0).exists():
            errors["day"] = _("Ngày %(day)s đã có trong lịch; hãy sửa dòng đã có.") % {"day": format_date(day)}
    if errors:
        raise ValidationError(errors)
    return values


def day_problem(day: dt.date, kind: str) -> str | None:
    """A holiday or day off on a weekend changes nothing (the day is not worked anyway); a worked
    day on a weekday is already worked."""
    weekend = day.weekday() >= 5
    if kind in (DayKind.HOLIDAY, DayKind.DAY_OFF) and weekend:
        return _(
            "Ngày %(day)s là thứ Bảy hoặc Chủ nhật, vốn không phải ngày làm việc: không cần ghi là ngày nghỉ. "
            "Nếu được nghỉ bù, hãy ghi ngày nghỉ bù (ngày thường) với loại “Ngày nghỉ bù”."
        ) % {"day": format_date(day)}
    if kind == DayKind.WORKING_DAY and not weekend:
        return _(
            "Ngày %(day)s là ngày thường, vốn đã là ngày làm việc: chỉ ghi “làm việc bù” cho thứ Bảy hoặc Chủ nhật."
        ) % {"day": format_date(day)}
    return None


@transaction.atomic
def calendar_day_create(*, actor: Any, day: dt.date, kind: str, name: str, basis: str = "") -> CalendarDay:
    require_edit(actor)
    values = _clean({"day": day, "kind": kind, "name": name, "basis": basis})
    row = CalendarDay.objects.create(**values)
    audit.record(actor=actor, verb="calendar.create", target=row, changes=audit.diff({}, audit.snapshot(row, FIELDS)))
    transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()
    return row


@transaction.atomic
def calendar_day_update(
    *, actor: Any, calendar_day: CalendarDay, day: dt.date, kind: str, name: str, basis: str = ""
) -> CalendarDay:
    require_edit(actor)
    before = audit.snapshot(calendar_day, FIELDS)
    values = _clean({"day": day, "kind": kind, "name": name, "basis": basis}, exclude_pk=calendar_day.pk)
    for key, value in values.items():
        setattr(calendar_day, key, value)
    calendar_day.save(update_fields=[*FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        verb="calendar.update",
        target=calendar_day,
        changes=audit.diff(before, audit.snapshot(calendar_day, FIELDS)),
    )
    transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()
    return calendar_day


@transaction.atomic
def calendar_day_delete(*, actor: Any, calendar_day: CalendarDay) -> None:
    require_edit(actor)
    before = audit.snapshot(calendar_day, FIELDS)
    audit.record(actor=actor, verb="calendar.delete", target=calendar_day, changes=audit.diff(before, {}))
    calendar_day.delete()
    transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()


# --- CSV import ------------------------------------------------------------------------------------

_HEADERS = {
    "day": ("day", "date", "ngay"),
    "kind": ("kind", "loai", "loai ngay"),
    "name": ("name", "ten", "ten ngay nghi", "ly do", "ten ngay nghi / ly do"),
    "basis": ("basis", "can cu", "can cu (thong bao, cong van)"),
}
_KIND_WORDS = (
    ("lam viec", DayKind.WORKING_DAY),
    ("working", DayKind.WORKING_DAY),
    ("nghi bu", DayKind.DAY_OFF),
    ("day_off", DayKind.DAY_OFF),
    ("day off", DayKind.DAY_OFF),
    ("holiday", DayKind.HOLIDAY),
    ("le", DayKind.HOLIDAY),
    ("tet", DayKind.HOLIDAY),
)


def _kind(value: str) -> str | None:
    folded = fold(value or "").strip()
    if folded in DayKind.values:
        return folded
    for word, kind in _KIND_WORDS:
        if word in folded:
            return kind
    return None


def _date(value: str) -> dt.date | None:
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class CalendarImportResult:
    created: list[CalendarDay] = field(default_factory=list)
    updated: list[CalendarDay] = field(default_factory=list)
    unchanged: int = 0
    removed: int = 0
    problems: list[str] = field(default_factory=list)


def _read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return []
    delimiter = max(",;\t", key=lines[0].count)
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [fold(h).strip() for h in next(reader)]
    positions: dict[str, int] = {}
    for name, aliases in _HEADERS.items():
        for index, h in enumerate(header):
            if h in aliases:
                positions[name] = index
                break
    missing = [name for name in ("day", "kind", "name") if name not in positions]
    if missing:
        raise ValidationError(
            _("Tệp thiếu cột: %(columns)s (cần các cột day, kind, name, basis hoặc Ngày, Loại, Tên, Căn cứ).")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    # Line numbers count the comment lines too, so they match what a text editor shows.
    numbered = [
        n for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.lstrip().startswith("#")
    ]
    for index, cells in enumerate(reader, start=1):
        rows.append((numbered[index], {name: (cells[i] if i < len(cells) else "") for name, i in positions.items()}))
    return rows


@transaction.atomic
def calendar_import(
    *,
    actor: Any,
    path: str | Path | None = None,
    file: IO[bytes] | None = None,
    year: int | None = None,
    replace_year: bool = False,
) -> CalendarImportResult:
    """Import days from a CSV (``day, kind, name, basis``; dates as dd/mm/yyyy or yyyy-mm-dd;
    lines starting with # are comments). ``year``: only the rows of that year. ``replace_year``:
    days of that year missing from the file are removed. Every bad line is reported and nothing
    is written; importing the same file twice changes nothing."""
    require_edit(actor)
    if path is None and file is None:
        path = SHIPPED
    data = Path(path).read_bytes() if path is not None else file.read()  # type: ignore[union-attr]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from None
    result = CalendarImportResult()
    wanted: dict[dt.date, dict[str, Any]] = {}
    for line, raw in _read_rows(text):
        day = _date(raw["day"])
        kind = _kind(raw["kind"])
        if day is None:
            result.problems.append(
                _("Dòng %(line)s: ngày “%(value)s” không hợp lệ.") % {"line": line, "value": raw["day"]}
            )
            continue
        if year is not None and day.year != year:
            continue
        if kind is None:
            result.problems.append(
                _("Dòng %(line)s: loại ngày “%(value)s” không hợp lệ (holiday, day_off, working_day).")
                % {"line": line, "value": raw["kind"]}
            )
            continue
        problem = day_problem(day, kind)
        if problem:
            result.problems.append(_("Dòng %(line)s: %(reason)s") % {"line": line, "reason": problem})
            continue
        name = " ".join(raw["name"].split())[:NAME_MAX]
        if not name:
            result.problems.append(_("Dòng %(line)s: thiếu tên ngày nghỉ.") % {"line": line})
            continue
        if day in wanted:
            result.problems.append(
                _("Dòng %(line)s: ngày %(day)s ghi hai lần.") % {"line": line, "day": format_date(day)}
            )
            continue
        wanted[day] = {"kind": kind, "name": name, "basis": " ".join(raw.get("basis", "").split())[:BASIS_MAX]}
    if result.problems:
        raise ValidationError(result.problems)
    existing = {row.day: row for row in CalendarDay.objects.filter(day__in=list(wanted))}
    for day, values in sorted(wanted.items()):
        row = existing.get(day)
        if row is None:
            result.created.append(CalendarDay(day=day, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            result.updated.append(row)
        else:
            result.unchanged += 1
    CalendarDay.objects.bulk_create(result.created)
    if result.updated:
        now = timezone.now()
        for row in result.updated:
            row.updated_at = now
        CalendarDay.objects.bulk_update(result.updated, ["kind", "name", "basis", "updated_at"])
    if replace_year and year is not None:
        result.removed, _detail = CalendarDay.objects.filter(day__year=year).exclude(day__in=list(wanted)).delete()
    if result.created or result.updated or result.removed:
        audit.record(
            actor=actor,
            verb="calendar.import",
            changes={
                "created": {"before": None, "after": [d.day.isoformat() for d in result.created]},
                "updated": {"before": None, "after": [d.day.isoformat() for d in result.updated]},
                "removed": {"before": None, "after": result.removed},
            },
        )
        transaction.on_commit(calendar.clear_cache)
        calendar.clear_cache()
    return result
