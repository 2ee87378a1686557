"""The inspection's rules as plain functions (no database): the one-third on-site share, the
kinds of organisation inspected, the corrective-action deadline."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from qms.core.dates import add_months
from qms.organisations.models import OrganisationKind

# Agencies that run a QMS and are inspected: not internal units, not the province itself.
INSPECTED_KINDS = frozenset(
    {
        OrganisationKind.MINISTRY,
        OrganisationKind.DEPARTMENT,
        OrganisationKind.SUB_DEPARTMENT,
        OrganisationKind.DISTRICT,
        OrganisationKind.COMMUNE,
    }
)
FOLLOWUP_MONTHS = 2  # TT 26/2014/TT-BKHCN: corrective action reported within two months


def followup_due_on(signed_on: dt.date) -> dt.date:
    """Two calendar months after signing, clamped to the month's end (30/12 → 28/02 or 29/02)."""
    return add_months(signed_on, FOLLOWUP_MONTHS)


@dataclass(frozen=True)
class OnSiteCheck:
    """At least one third of the agencies of a plan are inspected on site (DOMAIN: TT 26)."""

    total: int
    on_site: int

    @property
    def required(self) -> int:
        return math.ceil(self.total / 3)

    @property
    def short_by(self) -> int:
        return max(self.required - self.on_site, 0)

    @property
    def is_short(self) -> bool:
        return self.short_by > 0

    @property
    def percent(self) -> float:
        return round(100 * self.on_site / self.total, 1) if self.total else 0.0
