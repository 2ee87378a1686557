from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "qms.procedures"
    label = "procedures"
    verbose_name = _("Thủ tục hành chính và quy trình")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from qms.documents import hooks
        from qms.obligations import links

        from . import listeners, services, services_calendar, services_processes  # noqa: F401  (register audit verb labels)  # noqa: F401  (catalogue and calendar audit verbs)

        # "Write a process" obligations point at the assignment of a TTHC to an agency.
        links.register("procedures.ProcedureAssignment", "procedures:assignment")

        # A process is a controlled document: document control tells us when one of its revisions
        # opens, takes effect, or the document is withdrawn (copy the content, recompute coverage).
        hooks.on_revision_started(listeners.copy_content_to_new_revision)
        hooks.on_revision_effective(listeners.recompute_coverage_on_effective)
        hooks.on_document_withdrawn(listeners.recompute_coverage_on_withdrawal)
        # ... and asks before approving one: a process without steps (or a TTHC process serving
        # no TTHC) cannot be issued.
        hooks.on_revision_approving(listeners.refuse_incomplete_process)
