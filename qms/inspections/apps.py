from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qms.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra hằng năm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qms.obligations import links

        from . import services, services_results  # noqa: F401  (register audit verb labels)

        # The agency's follow-up obligations link to the follow-up page.
        links.register("inspections.FollowUp", "inspections:followup_detail")
