"""The TTHC catalogue in the search index (``qms.core.search``): one entry per procedure, written by
the procedure services in their transaction (the catalogue import passes its new and changed rows
at once: one multi-row write, no query per procedure).

An entry is scoped to its catalogue, the province: every user working in the province reads the
published list (``qms.search.selectors.readable_q``), as on the catalogue pages. ``kind`` is the
level (cấp tỉnh, cấp xã, …), ``status`` active or abolished, ``dated`` the latest publishing
decision's signing day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse

from qms.core import search
from qms.core.models import SearchEntry
from qms.organisations.models import Organisation

from .models import AdministrativeProcedure, PublishingDecision

SOURCE = "procedure"


def _body(procedure: AdministrativeProcedure) -> str:
    return " ".join(p for p in (procedure.field, procedure.time_limit_text, procedure.legal_bases) if p)


def _signed_on(procedures: list[AdministrativeProcedure]) -> dict[int, dt.date]:
    """Signing day of each procedure's decision: from the decisions already in memory (an import
    sets them), the others in one query."""
    days: dict[int, dt.date] = {}
    missing: set[int] = set()
    for procedure in procedures:
        if procedure.decision_id is None:
            continue
        if AdministrativeProcedure.decision.is_cached(procedure) and procedure.decision is not None:  # type: ignore[attr-defined]
            days[procedure.decision_id] = procedure.decision.signed_on
        else:
            missing.add(procedure.decision_id)
    missing -= set(days)
    if missing:
        days.update(PublishingDecision.objects.filter(pk__in=sorted(missing)).values_list("pk", "signed_on"))
    return days


def _entries(
    procedures: list[AdministrativeProcedure], catalogue: Organisation, days: dict[int, dt.date]
) -> Iterator[dict[str, Any]]:
    base = reverse("procedures:list")
    for procedure in procedures:
        yield {
            "source": SOURCE,
            "source_id": procedure.pk,
            "code": procedure.code,
            "title": procedure.name,
            "body": _body(procedure),
            "scope_path": catalogue.path,
            "agency_id": None,
            "kind": procedure.level,
            "status": procedure.status,
            "public": False,
            "dated": days.get(procedure.decision_id) if procedure.decision_id else None,
            "url": f"{base}{procedure.pk}/",
            "organisation_name": catalogue.name,
        }


def index_procedures(procedures: Iterable[AdministrativeProcedure], *, catalogue: Organisation) -> int:
    """Write (create or replace) the entries of ``procedures`` of ``catalogue``; returns how many."""
    rows = [p for p in procedures if p.pk is not None]
    if not rows:
        return 0
    return search.bulk_upsert(_entries(rows, catalogue, _signed_on(rows)), batch_size=500)


def index_catalogues(*, batch_size: int = 2000) -> int:
    """Rewrite the entries of every catalogue (``qms search_rebuild``, or after loading data around
    the services); entries of procedures that no longer exist are removed. Returns how many."""
    count = 0
    catalogues = Organisation.objects.filter(pk__in=AdministrativeProcedure.objects.values("catalogue_id"))
    for catalogue in catalogues.order_by("pk"):
        procedures = AdministrativeProcedure.objects.filter(catalogue=catalogue).select_related("decision")
        batch: list[AdministrativeProcedure] = []
        for procedure in procedures.order_by("pk").iterator(chunk_size=batch_size):
            batch.append(procedure)
            if len(batch) >= batch_size:
                count += index_procedures(batch, catalogue=catalogue)
                batch = []
        count += index_procedures(batch, catalogue=catalogue)
    gone = SearchEntry.objects.filter(source=SOURCE).exclude(source_id__in=AdministrativeProcedure.objects.values("pk"))
    for source_id in list(gone.values_list("source_id", flat=True)):
        search.remove(SOURCE, source_id)
    return count
