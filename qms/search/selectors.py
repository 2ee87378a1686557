"""Search across everything a user may read (documents of the agencies they cover, the legal
register, the TTHC catalogue), through the one index in :mod:`qms.core.search`.

Who reads what:

* legal texts are public entries: every logged-in user reads them;
* the TTHC catalogue of a province (public information there) is read by everyone working in
  the province or below it, as on the catalogue pages; the administrator reads every catalogue;
* a member of an agency (any role) reads the agency's EFFECTIVE documents;
* the QMS team (secretary, leader, auditor), inspectors and coordinators read every status of the
  documents they cover (``Perm.DOC_VIEW_DRAFTS``), coordinators over their whole subtree;
* a superuser reads everything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qms.core import search
from qms.core.search import SearchPage
from qms.documents.models import DocumentKind, DocumentStatus
from qms.legal.models import LegalTextKind, LegalTextStatus
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm
from qms.procedures import search_index as procedure_index
from qms.procedures.models import ProcedureLevel, ProcedureStatus

# The ``source`` the domain apps write their entries under.
SOURCE_DOCUMENT = "document"
SOURCE_LEGAL = "legal"
SOURCE_PROCEDURE = procedure_index.SOURCE
SOURCES = (SOURCE_DOCUMENT, SOURCE_LEGAL, SOURCE_PROCEDURE)
SOURCE_LABELS: dict[str, Any] = {
    SOURCE_DOCUMENT: _("Tài liệu"),
    SOURCE_LEGAL: _("Văn bản pháp luật"),
    SOURCE_PROCEDURE: _("Thủ tục hành chính"),
}

KIND_LABELS: dict[str, dict[str, Any]] = {
    SOURCE_DOCUMENT: dict(DocumentKind.choices),
    SOURCE_LEGAL: dict(LegalTextKind.choices),
    SOURCE_PROCEDURE: dict(ProcedureLevel.choices),
}
STATUS_LABELS: dict[str, dict[str, Any]] = {
    SOURCE_DOCUMENT: dict(DocumentStatus.choices),
    SOURCE_LEGAL: dict(LegalTextStatus.choices),
    SOURCE_PROCEDURE: dict(ProcedureStatus.choices),
}
# Bootstrap badge classes per status.
STATUS_BADGES: dict[str, str] = {
    DocumentStatus.DRAFT: "text-bg-secondary",
    DocumentStatus.EFFECTIVE: "text-bg-success",
    DocumentStatus.OBSOLETE: "text-bg-dark",
    LegalTextStatus.PENDING: "text-bg-warning",
    LegalTextStatus.IN_FORCE: "text-bg-success",
    LegalTextStatus.REPLACED: "text-bg-dark",
    LegalTextStatus.EXPIRED: "text-bg-dark",
    ProcedureStatus.ACTIVE: "text-bg-success",
    ProcedureStatus.ABOLISHED: "text-bg-dark",
}
EFFECTIVE = DocumentStatus.EFFECTIVE.value
MAX_AGENCY_CHOICES = 300


def readable_q(user: Any) -> Q:
    """The search entries ``user`` may read (a ``Q`` on ``SearchEntry``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if policy.is_superadmin(user):
        return Q()
    fields = {"path_field": "scope_path", "agency_field": "agency_id"}
    return (
        Q(public=True)
        | policy.scope_q(user, Perm.DOC_VIEW_DRAFTS, **fields)
        | (policy.scope_q(user, Perm.VIEW, **fields) & Q(status=EFFECTIVE))
        | _catalogues_q(user)
    )


def _catalogues_q(user: Any) -> Q:
    """The TTHC entries of the provinces (tree roots) the user works in: a procedure's entry is
    scoped to its catalogue's path, the root's (written so that PostgreSQL's filter lexemes
    express it: source and a whole path segment)."""
    roots = sorted({g.path.split("/", 1)[0] + "/" for g in policy.grants(user) if g.path})
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(source=SOURCE_PROCEDURE, scope_path__startswith=root)
    return q


def filters_q(
    *,
    kind: str | None = None,
    source: str | None = None,
    agency_id: int | None = None,
    status: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Q:
    q = Q()
    if source:
        q &= Q(source=source)
    if kind:
        q &= Q(kind=kind)
    if agency_id:
        q &= Q(agency_id=agency_id)
    if status:
        q &= Q(status=status)
    if date_from:
        q &= Q(dated__gte=date_from)
    if date_to:
        q &= Q(dated__lte=date_to)
    return q


def search_for_user(
    user: Any,
    text: str,
    *,
    kind: str | None = None,
    source: str | None = None,
    agency_id: int | None = None,
    status: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """One page of the entries matching ``text`` that ``user`` may read, best first (two queries
    after the user's grants are loaded)."""
    page = max(int(page or 1), 1)
    where = readable_q(user) & filters_q(
        kind=kind, source=source, agency_id=agency_id, status=status, date_from=date_from, date_to=date_to
    )
    return search.query(text, where=where, limit=per_page, offset=(page - 1) * per_page)


def agency_choices_for_user(user: Any) -> list[tuple[int, str]]:
    """Agencies whose documents ``user`` reads, for the agency filter: empty when there is only
    one (nothing to choose) or too many for a list (a nation-wide administrator)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if policy.is_superadmin(user):
        qs = Organisation.objects.all()
    else:
        scope = policy.scope_q(user, Perm.VIEW)
        if not policy.grants(user):
            return []
        qs = Organisation.objects.filter(scope)
    rows = list(qs.agencies().current().order_by("path").values_list("pk", "name")[: MAX_AGENCY_CHOICES + 1])
    if len(rows) < 2 or len(rows) > MAX_AGENCY_CHOICES:
        return []
    return rows
