from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "qms.procedures"
    label = "procedures"
    verbose_name = _("Thủ tục hành chính và quy trình")
    default_auto_field = "django.db.models.BigAutoField"
