"""How people events read in the audit log (see ``qms.core.audit.register_changes``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qms.core import audit

audit.register_changes("committee.member_add", labels={"member": _("Thành viên")})
audit.register_changes("committee.member_remove", labels={"member": _("Thành viên")})
