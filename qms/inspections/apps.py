from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qms.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra hằng năm")
    default_auto_field = "django.db.models.BigAutoField"
