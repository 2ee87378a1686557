"""How catalogue events read in the audit log (see ``qms.core.audit.register_changes``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core import audit

audit.register_changes(
    "procedures.import",
    labels={
        "added": _("TTHC công bố mới"),
        "amended": _("TTHC sửa đổi, bổ sung"),
        "abolished": _("TTHC bãi bỏ"),
        "assigned": _("Lượt giao TTHC cho cơ quan"),
        "unassigned": _("Lượt thôi giao TTHC"),
        "decisions": _("Quyết định công bố"),
        "codes": _("Mã TTHC thay đổi"),
    },
)
audit.register_changes("procedures.assign", labels={"agency": _("Cơ quan được giao"), "assigned_on": _("Giao từ ngày")})
audit.register_changes("procedures.unassign", labels={"agency": _("Cơ quan thôi giao"), "reason": _("Lý do")})
audit.register_changes(
    "calendar.import",
    labels={"created": _("Ngày thêm mới"), "updated": _("Ngày cập nhật"), "removed": _("Số ngày gỡ bỏ")},
)
