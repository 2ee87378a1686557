"""What processes do when document control moves a process document (registered in ``apps``).

Document control sits below this app and calls these through ``qms.documents.hooks``, inside its
own service's transaction (an error here rolls the whole operation back). They act only on
documents of kind PROCESS.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

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


def refuse_incomplete_process(*, revision: Any) -> list[str]:
    """Before a revision of a process is approved: what it still lacks (no steps, no TTHC)."""
    if revision.document.kind != DocumentKind.PROCESS:
        return []
    return process_approval_blockers(revision)


def serves_procedures(content: ProcessContent) -> bool:
    """A process for administrative procedures (it states a dossier, a time limit, a place or fees:
    sections 5.1 to 5.5), as opposed to an internal process (document control, internal audit),
    which serves no TTHC and is published as an "other activity"."""
    return any(
        (getattr(content, name) or "").strip()
        for name in ("dossier_components", "dossier_count", "time_limit_text", "place", "fees")
    )


def process_approval_blockers(revision: Any) -> list[str]:
    """What a process revision lacks to be approved: its steps (section 5) and, for a process of
    administrative procedures, the TTHC it settles. Shown by the approve button and refused by
    the approval service."""
    content = ProcessContent.objects.filter(revision_id=revision.pk).first()
    if content is None or not content.steps.exists():
        return [
            _(
                "Quy trình chưa có bước xử lý nào: hãy nhập các bước (nội dung công việc, trách nhiệm, thời gian) "
                "theo bố cục chuẩn trước khi phê duyệt."
            )
        ]
    if serves_procedures(content) and not content.procedures.exists():
        return [
            _(
                "Quy trình chưa gắn với thủ tục hành chính nào: hãy chọn các TTHC mà quy trình áp dụng "
                "trước khi phê duyệt."
            )
        ]
    return []
