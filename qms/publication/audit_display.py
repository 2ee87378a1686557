"""How publication events read in the audit log (see ``qms.core.audit.register_changes``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core import audit

audit.register_changes(
    "publication.check",
    labels={
        "checked": _("Số lần công bố đã kiểm tra"),
        "drifted": _("Số lần công bố có phạm vi thay đổi"),
        "changed": _("Quyết định có phạm vi thay đổi"),
        "obligations_opened": _("Số nghĩa vụ công bố lại phát sinh"),
        "obligations_closed": _("Số nghĩa vụ công bố lại đã hoàn thành"),
    },
)
