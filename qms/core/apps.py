from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qms.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import lookups

        # Vietnamese-aware ``__fcontains`` / ``__fexact`` on both databases (see qms.core.lookups).
        connection_created.connect(lookups.register_sqlite_functions, dispatch_uid="qms_sqlite_functions")
        # Each app's ``audit_display`` module says how its audit events read (labels of changes
        # that are not model fields, summaries); see ``qms.core.audit.register_changes``.
        autodiscover_modules("audit_display")
