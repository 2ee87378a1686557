"""How assessment events read in the audit log (see ``qms.core.audit.register_changes``): a score
sheet changes dozens of criteria at once, so its summary says how many and the total."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qms.core import audit
from qms.core.models import AuditEvent

from . import services, services_import, services_rubrics  # noqa: F401  (register the verb labels)

# Keys of a score change that are not criteria.
SHEET_KEYS = ("total", "summary", "file", "mismatches")


def criterion_label(key: str) -> str:
    return str(_("Tiêu chí %(key)s")) % {"key": key}


def scores_summary(event: AuditEvent, rows: list[audit.ChangeRow]) -> str:
    """ "Chấm 87 tiêu chí; tổng điểm 78,5 → 81,5"."""
    changes = event.changes or {}
    criteria = sum(1 for key in changes if key not in SHEET_KEYS)
    parts = [ngettext("%(n)s tiêu chí", "%(n)s tiêu chí", criteria) % {"n": criteria}] if criteria else []
    total = changes.get("total")
    if isinstance(total, Mapping):
        before, after = total.get("before"), total.get("after")
        shown = audit.format_value(after)
        if before not in (None, "") and before != after:
            shown = f"{audit.format_value(before)} → {shown}"
        parts.append(str(_("tổng điểm %(total)s")) % {"total": shown})
    if "summary" in changes:
        parts.append(str(_("nhận xét chung")))
    return "; ".join(parts)


SHEET_LABELS: dict[str, Any] = {
    "total": _("Tổng điểm"),
    "file": _("Tệp bảng điểm"),
    "mismatches": _("Tổng ghi trong tệp khác tổng tính lại"),
}
audit.register_changes("assessment.score", labels=SHEET_LABELS, key_label=criterion_label, summary=scores_summary)
audit.register_changes("assessment.import", labels=SHEET_LABELS, key_label=criterion_label, summary=scores_summary)
audit.register_changes("assessment.evidence_add", key_label=criterion_label)
audit.register_changes("assessment.evidence_remove", key_label=criterion_label)
audit.register_changes("rubric.bands", labels={"bands": _("Thang xếp loại")})
audit.register_changes("rubric.publish", labels={"retired_versions": _("Phiên bản thôi áp dụng")})
