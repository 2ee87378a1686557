"""How legal-register events read in the audit log (see ``qms.core.audit.register_changes``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core import audit

audit.register_changes(
    "legal.import",
    labels={
        "created": _("Số văn bản thêm mới"),
        "updated": _("Số văn bản cập nhật"),
        "numbers": _("Văn bản"),
    },
)
audit.register_changes("legal.cite", labels={"legal_bases": _("Căn cứ pháp lý")})
