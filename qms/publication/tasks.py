"""Background jobs of publication, run daily (see ``qms publication_check``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def check_republication() -> int:
    """Store scope drift since each current publication and raise re-publication obligations."""
    return services.publication_check(actor=None).drifted
