from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "qms.documents"
    label = "documents"
    verbose_name = _("Kiểm soát tài liệu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qms.obligations import links

        from . import services, services_change_requests, services_records  # noqa: F401  (register audit verb labels)

        links.register("documents.Document", "documents:detail")
