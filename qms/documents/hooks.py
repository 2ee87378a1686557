"""Extension points for apps built on document control.

A process (``qms.procedures``) is a controlled document with structured content of its own. That
app sits above this one, so document control cannot call it; instead it registers here, from its
``AppConfig.ready``, what it must do when a revision is opened, becomes effective or a document is
withdrawn. The listeners run inside the calling service's transaction: an error rolls the whole
operation back. They are explicit calls made by the services below, not Django signals, and they
must not do anything the acting user could not do through the owning app's own services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

RevisionStarted = Callable[..., None]  # (*, actor, revision, base) — base: the effective revision or None
RevisionEffective = Callable[..., None]  # (*, actor, revision, previous) — previous: superseded or None
DocumentWithdrawn = Callable[..., None]  # (*, actor, document)
ApprovalCheck = Callable[..., list[str]]  # (*, revision) -> why it cannot be approved ([] when it can)

_started: list[RevisionStarted] = []
_effective: list[RevisionEffective] = []
_withdrawn: list[DocumentWithdrawn] = []
_approval_checks: list[ApprovalCheck] = []


def on_revision_started(fn: RevisionStarted) -> RevisionStarted:
    if fn not in _started:
        _started.append(fn)
    return fn


def on_revision_effective(fn: RevisionEffective) -> RevisionEffective:
    if fn not in _effective:
        _effective.append(fn)
    return fn


def on_document_withdrawn(fn: DocumentWithdrawn) -> DocumentWithdrawn:
    if fn not in _withdrawn:
        _withdrawn.append(fn)
    return fn


def on_revision_approving(fn: ApprovalCheck) -> ApprovalCheck:
    if fn not in _approval_checks:
        _approval_checks.append(fn)
    return fn


def approval_blockers(*, revision: Any) -> list[str]:
    """Why ``revision`` cannot be approved yet (a process without steps, ...): asked by the
    approval service, which refuses, and by the revision page, which says so by the button."""
    return [reason for fn in _approval_checks for reason in fn(revision=revision)]


def revision_started(*, actor: Any, revision: Any, base: Any) -> None:
    for fn in _started:
        fn(actor=actor, revision=revision, base=base)


def revision_effective(*, actor: Any, revision: Any, previous: Any) -> None:
    for fn in _effective:
        fn(actor=actor, revision=revision, previous=previous)


def document_withdrawn(*, actor: Any, document: Any) -> None:
    for fn in _withdrawn:
        fn(actor=actor, document=document)
