from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "qms.people"
    label = "people"
    verbose_name = _("Con người")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers audit verb labels)
