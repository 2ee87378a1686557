"""How document-control events read in the audit log (see ``qms.core.audit.register_changes``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core import audit

audit.register_changes(
    "revision.effective",
    labels={
        "superseded": _("Thay thế lần ban hành"),
        "distributed_to": _("Số người nhận"),
        "obligations_closed": _("Số nghĩa vụ đã hoàn thành"),
    },
)
audit.register_changes("revision.discard", labels={"number": _("Lần ban hành")})
audit.register_changes("distribution.acknowledge", labels={"acknowledged_at": _("Xác nhận đã đọc lúc")})
audit.register_changes("document.withdraw", labels={"reason": _("Lý do thu hồi")})
audit.register_changes("document.periodic_review", labels={"note": _("Kết quả xem xét")})
audit.register_changes("change_request.accept", labels={"note": _("Ý kiến xử lý")})
audit.register_changes("change_request.reject", labels={"note": _("Ý kiến xử lý")})
