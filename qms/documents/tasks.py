"""Background jobs of document control, run daily (see ``qms documents_daily``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def activate_due_revisions() -> int:
    """Approved revisions whose effective date has come become effective (and are distributed)."""
    return services.revisions_activate_due()
