from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "qms.legal"
    label = "legal"
    verbose_name = _("Văn bản pháp luật")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qms.obligations import links

        from . import services  # noqa: F401  (registers audit verb labels)

        # Obligations derived from a legal text link back to it.
        links.register("legal.LegalText", "legal:detail")
