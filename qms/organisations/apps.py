from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "qms.organisations"
    label = "organisations"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers audit verb labels)
