"""How organisation events read in the audit log (see ``qms.core.audit.register_changes``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qms.core import audit

from .models import LineageEvent


def _event(value: Any) -> str:
    return str(LineageEvent(value).label) if value in LineageEvent.values else str(value)


audit.register_changes(
    "organisation.lineage_add",
    labels={
        "predecessor": _("Đơn vị trước đó"),
        "event": _("Hình thức"),
        "effective_date": _("Ngày hiệu lực"),
        "decision": _("Căn cứ (nghị quyết, quyết định)"),
    },
    values={"event": _event},
)
audit.register_changes(
    "organisation.import_units",
    labels={
        "created": _("Số đơn vị thêm mới"),
        "updated": _("Số đơn vị cập nhật"),
        "updated_codes": _("Mã đơn vị được cập nhật"),
    },
)
