"""What processes do when document control moves a process document (registered in ``apps``).

Document control sits below this app and calls these through ``qms.documents.hooks``, inside its
own service's transaction (an error here rolls the whole operation back). They act only on
documents of kind PROCESS.
"""

from __future__ import annotations

from typing import Any

from qms.documents.models import DocumentKind

from .coverage import coverage_recompute
from .models import ProcessContent
from .services_processes import process_content_copy


def _is_process(document: Any) -> bool:
    return document.kind == DocumentKind.PROCESS or ProcessContent.objects.filter(document_id=document.pk).exists()


def copy_content_to_new_revision(*, actor: Any, revision: Any, base: Any) -> None:
    """A new revision (lần ban hành) of a process starts from the structured content of the
    effective one: sections, procedures, steps with their forms, records."""
    if revision.document.kind == DocumentKind.PROCESS:
        process_content_copy(revision=revision, base=base)


def recompute_coverage_on_effective(*, actor: Any, revision: Any, previous: Any) -> None:
    """A revision taking effect may cover new TTHC, or stop covering ones its predecessor listed."""
    document = revision.document
    if _is_process(document):
        coverage_recompute(agency_ids=[document.agency_id])


def recompute_coverage_on_withdrawal(*, actor: Any, document: Any) -> None:
    """A withdrawn process covers nothing any more."""
    if _is_process(document):
        coverage_recompute(agency_ids=[document.agency_id])
