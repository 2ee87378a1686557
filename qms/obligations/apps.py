from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "qms.obligations"
    label = "obligations"
    verbose_name = _("Nghĩa vụ và thời hạn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers audit verb labels)
