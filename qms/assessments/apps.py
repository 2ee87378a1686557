from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "qms.assessments"
    label = "assessments"
    verbose_name = _("Đánh giá, chấm điểm")
    default_auto_field = "django.db.models.BigAutoField"
