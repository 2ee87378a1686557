from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "qms.obligations"
    label = "obligations"
    verbose_name = _("Nghĩa vụ và thời hạn")
    default_auto_field = "django.db.models.BigAutoField"
