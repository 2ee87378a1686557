"""Background work of the legal register."""

from __future__ import annotations

from django_tasks import task

from .sync import legal_obligations_sync


@task()
def legal_sync_obligations_daily() -> dict[str, int]:
    """Derive the legal-update obligations of the whole installation (idempotent). Run once a day
    (``qms legal_sync_obligations`` from cron, or enqueue this task from a scheduler): texts whose
    effective date was filled in since, and citations made before a text took effect, are caught up."""
    result = legal_obligations_sync(actor=None)
    return {"created": result.created, "existing": result.existing}
