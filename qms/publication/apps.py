from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "qms.publication"
    label = "publication"
    verbose_name = _("Công bố HTQLCL")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qms.obligations import links

        from . import services  # noqa: F401  (registers audit verb labels)

        # The re-publication obligation links back to the publication it concerns.
        links.register("publication.Publication", "publication:detail")
