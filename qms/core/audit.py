"""Writing and describing audit events. Every service calls :func:`record` inside its transaction.

Describing: an event is shown as one line (verb, object, a short summary) with its changes folded
below. Apps register a label for each verb (:func:`register_verbs`) and, for changes that are not
fields of the target model (counts of a batch, a note), labels, value formatters and a summary
(:func:`register_changes`). Keys no app labelled and no field names fall back to a few neutral
labels here; a test checks that every verb and key recorded in the code has a label.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .display import EMPTY, display_value
from .middleware import current_ip
from .models import AuditEvent
from .text import fold

VERB_LABELS: dict[str, Any] = {}


def register_verbs(labels: Mapping[str, Any]) -> None:
    """Apps declare human labels for their verbs (``organisation.create`` → "Tạo tổ chức")."""
    VERB_LABELS.update(labels)


def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


# --- describing events ---------------------------------------------------------------------------

Summary = Callable[[AuditEvent, list["ChangeRow"]], str]


@dataclass
class ChangeSpec:
    """How the changes of one verb are shown (see :func:`register_changes`)."""

    labels: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    key_label: Callable[[str], str] | None = None
    summary: Summary | None = None


CHANGE_SPECS: dict[str, ChangeSpec] = {}

# Neutral labels for keys that are not fields of the target (batches, notes). Domain words are
# registered by the apps.
GENERIC_LABELS: dict[str, Any] = {
    "created": _("Thêm mới"),
    "updated": _("Cập nhật"),
    "removed": _("Gỡ bỏ"),
    "deleted": _("Đã xoá"),
    "count": _("Số lượng"),
    "note": _("Ghi chú"),
    "reason": _("Lý do"),
    "comment": _("Ý kiến"),
    "status": _("Trạng thái"),
    "number": _("Số"),
    "version": _("Phiên bản"),
    "file": _("Tệp"),
    "year": _("Năm"),
}

# Rows shown in an event's folded details, items shown of a list value; the rest are counted.
MAX_ROWS = 40
MAX_LIST = 30


def register_changes(
    verb: str,
    *,
    labels: Mapping[str, Any] | None = None,
    values: Mapping[str, Callable[[Any], str]] | None = None,
    hidden: Iterable[str] = (),
    key_label: Callable[[str], str] | None = None,
    summary: Summary | None = None,
) -> None:
    """Declare how ``verb``'s changes are shown: ``labels`` per key, ``values`` formatters per key
    (given the stored before or after value), ``hidden`` keys (internal identifiers), ``key_label``
    for keys that are data themselves (criterion numbers), and ``summary`` (event, rows) → the
    one-line description."""
    CHANGE_SPECS[verb] = ChangeSpec(
        labels=dict(labels or {}),
        values=dict(values or {}),
        hidden=frozenset(hidden),
        key_label=key_label,
        summary=summary,
    )


# A decimal stored as text ("81.50", "8.0": Decimal fields pass through ``_plain``). At most two
# decimals: codes such as a national procedure code "2.002206" are not numbers.
_DECIMAL = re.compile(r"^-?\d{1,9}\.\d{1,2}$")


def format_number(value: Any) -> str:
    """A number as written in Vietnamese: ``81,5`` (decimal comma, no trailing zeros), ``3``."""
    if isinstance(value, bool):
        return display_value(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = decimal.Decimal(repr(value))
    if isinstance(value, str):
        value = decimal.Decimal(value)
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(decimal.Decimal(1))
    return format(normal, "f").replace(".", ",")


def format_value(value: Any) -> str:
    """A stored value for people: numbers in Vietnamese form, dates as dd/mm/yyyy, lists joined."""
    if isinstance(value, decimal.Decimal | float) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, str) and _DECIMAL.match(value):
        return format_number(value)
    if isinstance(value, list | tuple):
        if not value:
            return EMPTY
        shown = ", ".join(format_value(v) for v in value[:MAX_LIST])
        if len(value) > MAX_LIST:
            rest = len(value) - MAX_LIST
            shown += " " + ngettext("và %(n)s mục khác", "và %(n)s mục khác", rest) % {"n": rest}
        return shown
    return display_value(value)


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str
    after: str
    is_diff: bool
    key: str = ""

    def __getitem__(self, name: str) -> Any:  # templates and callers written for dict rows
        return getattr(self, name)


@dataclass(frozen=True)
class EventDisplay:
    verb: str
    target_type: str
    target: str
    summary: str
    rows: list[ChangeRow]
    more: int  # rows beyond MAX_ROWS, not listed

    @property
    def line(self) -> str:
        """Never empty: "Verb: object" or "Verb: summary" or the verb alone."""
        detail = self.target or self.summary
        return f"{self.verb}: {detail}" if detail else self.verb


def target_type_label(event: AuditEvent) -> str:
    model = _target_model(event)
    if model is None:
        return ""
    label = str(model._meta.verbose_name)
    return label[:1].upper() + label[1:]


def _target_model(event: AuditEvent) -> type[models.Model] | None:
    if not event.target_type_id:
        return None
    # Content types are cached per process: no query per event, whether or not the list joined them.
    return ContentType.objects.get_for_id(event.target_type_id).model_class()


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _key_label(key: str, spec: ChangeSpec | None, model_field: Any) -> str:
    label: Any = None
    if spec is not None:
        label = spec.labels.get(key)
        if label is None and spec.key_label is not None:
            label = spec.key_label(key)
    if label is None and model_field is not None:
        label = getattr(model_field, "verbose_name", None)
    if label is None:
        label = GENERIC_LABELS.get(key)
    text = str(label) if label is not None else key
    return text[:1].upper() + text[1:]


def has_label(verb: str, key: str, model: type[models.Model] | None = None) -> bool:
    """Whether ``key`` of ``verb``'s changes shows as a label rather than as the internal key
    (a key written in words, "cơ quan được kiểm tra", is its own label)."""
    spec = CHANGE_SPECS.get(verb)
    if spec is not None and (key in spec.labels or key in spec.hidden or spec.key_label is not None):
        return True
    if model is not None and _model_field(model, key) is not None:
        return True
    return key in GENERIC_LABELS or _is_words(key)


def _is_words(key: str) -> bool:
    """A key written for people ("Số bước", "cơ quan được kiểm tra"), not an identifier."""
    return bool(re.search(r"\s|[^\x00-\x7f]", key))


def _model_field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def change_rows(event: AuditEvent) -> list[ChangeRow]:
    """The changes as rows with human labels and values, empty ones and hidden keys dropped. A
    value stored without before/after (a note, a count) shows as the "after" value."""
    spec = CHANGE_SPECS.get(event.verb)
    model = _target_model(event)
    rows = []
    for key, change in (event.changes or {}).items():
        if spec is not None and key in spec.hidden:
            continue
        if isinstance(change, Mapping) and set(change) <= {"before", "after"} and change:
            before, after = change.get("before"), change.get("after")
        else:
            before, after = None, change
        if _empty(before) and _empty(after):
            continue
        model_field = _model_field(model, key)
        formatter = spec.values.get(key) if spec is not None else None
        choices = dict(getattr(model_field, "flatchoices", None) or []) if model_field is not None else {}

        def shown(
            value: Any, formatter: Any = formatter, choices: dict[Any, Any] = choices, model_field: Any = model_field
        ) -> str:
            if _empty(value):
                return EMPTY
            if formatter is not None:
                return str(formatter(value))
            if choices and isinstance(value, str | int) and value in choices:
                return str(choices[value])
            if isinstance(model_field, models.DecimalField | models.FloatField) and isinstance(
                value, str | int | float
            ):
                try:
                    return format_number(value)
                except decimal.InvalidOperation:
                    return str(value)
            return format_value(value)

        rows.append(ChangeRow(_key_label(key, spec, model_field), shown(before), shown(after), not _empty(before), key))
    return rows


def _default_summary(rows: list[ChangeRow]) -> str:
    if not rows:
        return ""
    if len(rows) <= 3:
        parts = [f"{r.field}: {r.before} → {r.after}" if r.is_diff else f"{r.field}: {r.after}" for r in rows]
        text = "; ".join(parts)
        return text if len(text) <= 160 else text[:159].rstrip() + "…"
    names = ", ".join(r.field for r in rows[:3])
    return ngettext("%(n)s thay đổi: %(names)s…", "%(n)s thay đổi: %(names)s…", len(rows)) % {
        "n": len(rows),
        "names": names,
    }


def describe(event: AuditEvent) -> EventDisplay:
    """Everything a page shows of one event: the verb, the object, a one-line summary and the rows."""
    rows = change_rows(event)
    spec = CHANGE_SPECS.get(event.verb)
    summary = spec.summary(event, rows) if spec is not None and spec.summary is not None else _default_summary(rows)
    type_label = target_type_label(event)
    if type_label and fold(event.target_repr).startswith(fold(type_label)):
        type_label = ""  # "Kế hoạch kiểm tra năm 2026" already says what it is
    return EventDisplay(
        verb=verb_label(event.verb),
        target_type=type_label,
        target=event.target_repr,
        summary=summary or ("" if event.target_repr else _g("Không có chi tiết")),
        rows=rows[:MAX_ROWS],
        more=max(len(rows) - MAX_ROWS, 0),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "label") and hasattr(value, "value"):
        return value.value
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` of ``instance``, made JSON-safe (FKs by their string form)."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"before": x, "after": y}}`` for every field whose value changed."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: {"before": before.get(key), "after": after.get(key)} for key in keys if before.get(key) != after.get(key)
    }


def record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    scope_path: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    actor_obj = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor_obj else str(_("Hệ thống")),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        scope_path=scope_path,
        changes=dict(changes or {}),
        ip_address=current_ip(),
    )


def history_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit events of one object, newest first. Callers check access to the object first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
