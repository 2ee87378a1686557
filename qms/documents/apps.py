from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "qms.documents"
    label = "documents"
    verbose_name = _("Kiểm soát tài liệu")
    default_auto_field = "django.db.models.BigAutoField"
