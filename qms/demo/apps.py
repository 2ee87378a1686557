from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration installation: it sits above every feature app and loads each one's demo."""

    name = "qms.demo"
    label = "demo"
    verbose_name = _("Dữ liệu trình diễn")
