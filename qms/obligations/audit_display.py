"""How obligation events read in the audit log (see ``qms.core.audit.register_changes``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy, ngettext

from qms.core import audit
from qms.core.models import AuditEvent

from .models import ObligationKind


def kind_label(kind: Any) -> str:
    return str(ObligationKind(kind).label) if kind in ObligationKind.values else str(kind)


def _kinds(value: Any) -> str:
    """``{"inspection_followup": 3}`` → "Khắc phục tồn tại sau kiểm tra (3)"."""
    if not isinstance(value, Mapping):
        return audit.format_value(value)
    return "; ".join(f"{kind_label(kind)} ({n})" for kind, n in value.items())


def _after(event: AuditEvent, key: str) -> Any:
    change = (event.changes or {}).get(key)
    return change.get("after") if isinstance(change, Mapping) else change


def open_many_summary(event: AuditEvent, rows: list[audit.ChangeRow]) -> str:
    """ "3 nghĩa vụ “Khắc phục tồn tại sau kiểm tra”", or the count per kind for a mix."""
    created = _after(event, "created") or 0
    kinds = _after(event, "kinds") or {}
    if isinstance(kinds, Mapping) and len(kinds) == 1:
        kind = next(iter(kinds))
        return ngettext("%(n)s nghĩa vụ “%(kind)s”", "%(n)s nghĩa vụ “%(kind)s”", int(created)) % {
            "n": created,
            "kind": kind_label(kind),
        }
    if isinstance(kinds, Mapping) and kinds:
        return ngettext("%(n)s nghĩa vụ: %(kinds)s", "%(n)s nghĩa vụ: %(kinds)s", int(created)) % {
            "n": created,
            "kinds": _kinds(kinds),
        }
    return ngettext("%(n)s nghĩa vụ", "%(n)s nghĩa vụ", int(created)) % {"n": created}


audit.register_changes(
    "obligation.open_many",
    labels={"created": gettext_lazy("Số nghĩa vụ phát sinh"), "kinds": gettext_lazy("Loại nghĩa vụ")},
    values={"kinds": _kinds},
    hidden={"keys"},  # internal identifiers ("inspection-followup:12")
    summary=open_many_summary,
)
audit.register_changes(
    "obligation.reschedule",
    labels={"due_on": gettext_lazy("Hạn mới"), "count": gettext_lazy("Số nghĩa vụ điều chỉnh hạn")},
)
