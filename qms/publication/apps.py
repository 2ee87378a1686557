from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "qms.publication"
    label = "publication"
    verbose_name = _("Công bố HTQLCL")
    default_auto_field = "django.db.models.BigAutoField"
