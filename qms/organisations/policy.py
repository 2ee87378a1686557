"""The one permission policy. Pages, services and (later) the API all ask it.

A role is held through a membership at an organisation. Subtree roles (admin, coordinator,
inspector) cover every organisation below the one they are held at; the other roles cover the
agency they are held at and its internal units. A superuser is the installation's administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Membership, Organisation, OrganisationKind, Role


class Perm(StrEnum):
    VIEW = "organisation.view"
    MANAGE_TREE = "organisation.manage_tree"
    MANAGE_UNITS = "organisation.manage_units"
    MANAGE_PEOPLE = "people.manage"
    MANAGE_QMS_TEAM = "people.manage_qms_team"
    VIEW_AUDIT_LOG = "audit.view"
    # Document control (ISO 7.5), legal register, obligations.
    DOC_MANAGE = "documents.manage"  # create documents, write drafts, submit, record rules, distribution
    DOC_REVIEW = "documents.review"  # comment on / pass on / return a revision in review
    DOC_APPROVE = "documents.approve"  # approve (issue) a revision, withdraw a document
    DOC_VIEW_DRAFTS = "documents.view_drafts"  # read drafts, revisions in review and superseded ones
    LEGAL_ADD = "legal.add"  # add texts to the legal register, cite them
    LEGAL_MANAGE = "legal.manage"  # edit any text, record replacements and amendments
    OBLIGATIONS_VIEW = "obligations.view"  # see the obligations of the organisations covered
    # Administrative procedures (TTHC), processes and coverage; publication of the QMS.
    PROC_CATALOGUE = "procedures.manage_catalogue"  # import the TTHC catalogue, assign TTHC, edit holidays
    PROC_COVERAGE = "procedures.view_coverage"  # see coverage and the uncovered TTHC
    PUBLICATION_PREPARE = "publication.prepare"  # draft the publication, record its posting
    PUBLICATION_ISSUE = "publication.issue"  # issue (sign) the publication decision and the notice
    # Assessment (rubric scoring) and the province's yearly inspection.
    ASSESS_VIEW = "assessments.view"  # read assessments (self and inspection) and their evidence
    ASSESS_EDIT = "assessments.edit_self"  # fill in the agency's self-assessment
    ASSESS_SUBMIT = "assessments.submit_self"  # approve and submit (lock) the self-assessment
    ASSESS_REOPEN = "assessments.reopen"  # reopen a submitted assessment, with a reason
    RUBRIC_MANAGE = "assessments.manage_rubrics"  # rubrics as versioned data
    INSPECTION_PLAN = "inspections.plan"  # plans, decisions, requests for self-reports, consolidation
    INSPECTION_SCORE = "inspections.score"  # score agencies of plans one is on, findings, minutes
    FOLLOWUP_ANSWER = "inspections.answer_followup"  # answer inspection follow-ups for the agency


SUBTREE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR})

# Approving an agency's documents belongs to its head: a coordinator or an administrator above
# it supervises but never issues the agency's documents in its place.
AGENCY_ONLY_PERMS = frozenset(
    {
        Perm.DOC_MANAGE,
        Perm.DOC_REVIEW,
        Perm.DOC_APPROVE,
        Perm.PUBLICATION_PREPARE,
        Perm.PUBLICATION_ISSUE,
        Perm.ASSESS_EDIT,
        Perm.ASSESS_SUBMIT,
        Perm.FOLLOWUP_ANSWER,
    }
)

ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: frozenset(Perm) - AGENCY_ONLY_PERMS,
    Role.COORDINATOR: frozenset(Perm) - AGENCY_ONLY_PERMS,
    Role.INSPECTOR: frozenset(
        {
            Perm.VIEW,
            Perm.DOC_VIEW_DRAFTS,
            Perm.OBLIGATIONS_VIEW,
            Perm.PROC_COVERAGE,
            Perm.ASSESS_VIEW,
            Perm.INSPECTION_SCORE,
        }
    ),
    Role.LEADER: frozenset(
        {
            Perm.VIEW,
            Perm.MANAGE_UNITS,
            Perm.MANAGE_PEOPLE,
            Perm.MANAGE_QMS_TEAM,
            Perm.DOC_MANAGE,
            Perm.DOC_REVIEW,
            Perm.DOC_APPROVE,
            Perm.DOC_VIEW_DRAFTS,
            Perm.LEGAL_ADD,
            Perm.OBLIGATIONS_VIEW,
            Perm.PROC_COVERAGE,
            Perm.PUBLICATION_PREPARE,
            Perm.PUBLICATION_ISSUE,
            Perm.ASSESS_VIEW,
            Perm.ASSESS_EDIT,
            Perm.ASSESS_SUBMIT,
            Perm.FOLLOWUP_ANSWER,
        }
    ),
    Role.ISO_SECRETARY: frozenset(
        {
            Perm.VIEW,
            Perm.MANAGE_UNITS,
            Perm.MANAGE_PEOPLE,
            Perm.MANAGE_QMS_TEAM,
            Perm.DOC_MANAGE,
            Perm.DOC_REVIEW,
            Perm.DOC_VIEW_DRAFTS,
            Perm.LEGAL_ADD,
            Perm.OBLIGATIONS_VIEW,
            Perm.PROC_COVERAGE,
            Perm.PUBLICATION_PREPARE,
            Perm.ASSESS_VIEW,
            Perm.ASSESS_EDIT,
            Perm.FOLLOWUP_ANSWER,
        }
    ),
    Role.AUDITOR: frozenset({Perm.VIEW, Perm.DOC_VIEW_DRAFTS}),
    Role.STAFF: frozenset({Perm.VIEW}),
}

# Which roles a holder of a role may grant (inside the organisations that role covers).
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(Role.values),
    Role.COORDINATOR: frozenset(
        {
            Role.COORDINATOR,
            Role.INSPECTOR,
            Role.LEADER,
            Role.ISO_SECRETARY,
            Role.AUDITOR,
            Role.STAFF,
        }
    ),
    Role.LEADER: frozenset({Role.LEADER, Role.ISO_SECRETARY, Role.AUDITOR, Role.STAFF}),
    Role.ISO_SECRETARY: frozenset({Role.AUDITOR, Role.STAFF}),
}

# Subtree roles only make sense at an agency; internal units cannot hold them.
SUBTREE_ROLE_KINDS = frozenset(k for k in OrganisationKind.values if k != OrganisationKind.UNIT)


@dataclass(frozen=True)
class Grant:
    role: str
    organisation_id: int
    path: str
    agency_id: int
    subtree: bool

    def covers(self, organisation: Organisation) -> bool:
        if self.subtree:
            return organisation.path.startswith(self.path)
        return organisation.agency_id == self.agency_id


def grants(user: Any) -> tuple[Grant, ...]:
    """The user's active grants, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_qms_grants", None)
    if cached is not None:
        return cached
    rows = (
        Membership.objects.filter(user=user, is_active=True)
        .values_list("role", "organisation_id", "organisation__path", "organisation__agency_id")
        .order_by("organisation__path")
    )
    result = tuple(
        Grant(
            role=role,
            organisation_id=org_id,
            path=path,
            agency_id=agency_id or org_id,
            subtree=role in SUBTREE_ROLES,
        )
        for role, org_id, path, agency_id in rows
    )
    user._qms_grants = result
    return result


def forget(user: Any) -> None:
    """Drop the cached grants after a membership of ``user`` changed."""
    if hasattr(user, "_qms_grants"):
        del user._qms_grants


def is_superadmin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def has_perm(user: Any, perm: Perm, organisation: Organisation) -> bool:
    if is_superadmin(user):
        return True
    return any(perm in ROLE_PERMS[g.role] and g.covers(organisation) for g in grants(user))


def require(user: Any, perm: Perm, organisation: Organisation) -> None:
    """For services: ``None`` as the actor is the system itself (management commands)."""
    if user is None:
        return
    if not has_perm(user, perm, organisation):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này tại %(org)s.") % {"org": organisation})


def scope_q(
    user: Any,
    perm: Perm = Perm.VIEW,
    prefix: str = "",
    *,
    path_field: str | None = None,
    agency_field: str | None = None,
) -> Q:
    """A filter selecting the organisations (or rows of ``prefix``-related organisations) that
    ``user`` holds ``perm`` on. Matches nothing for a user with no grant.

    Rows that carry a copy of their organisation's path and agency (documents, search entries)
    pass ``path_field``/``agency_field`` instead of a prefix, and are filtered without a join."""
    path_field = path_field or f"{prefix}path"
    agency_field = agency_field or f"{prefix}agency_id"
    if is_superadmin(user):
        return Q()
    subtree_paths: list[str] = []
    agency_ids: set[int] = set()
    for g in grants(user):
        if perm not in ROLE_PERMS[g.role]:
            continue
        if g.subtree:
            subtree_paths.append(g.path)
        else:
            agency_ids.add(g.agency_id)
    # Drop paths already covered by a shorter one: keeps the SQL small for many grants.
    subtree_paths.sort()
    minimal: list[str] = []
    for p in subtree_paths:
        if not minimal or not p.startswith(minimal[-1]):
            minimal.append(p)
    q = Q(pk__in=[])
    for p in minimal:
        q |= Q(**{f"{path_field}__startswith": p})
    if agency_ids:
        q |= Q(**{f"{agency_field}__in": sorted(agency_ids)})
    return q


def scope_paths(user: Any, perm: Perm) -> list[str] | None:
    """Path prefixes of the subtrees ``user`` holds ``perm`` over (``None`` = everything).

    Used where rows carry a copied ``scope_path`` (the audit trail) rather than a foreign key.
    Non-subtree grants contribute their agency's path: internal units sit under it.
    """
    if is_superadmin(user):
        return None
    paths: set[str] = set()
    agency_ids = [g.agency_id for g in grants(user) if perm in ROLE_PERMS[g.role] and not g.subtree]
    agency_paths = dict(Organisation.objects.filter(pk__in=agency_ids).values_list("pk", "path"))
    for g in grants(user):
        if perm not in ROLE_PERMS[g.role]:
            continue
        paths.add(g.path if g.subtree else agency_paths[g.agency_id])
    return sorted(paths)


def grantable_roles(user: Any, organisation: Organisation) -> list[str]:
    """Roles ``user`` may grant at ``organisation`` (in the order of ``Role``)."""
    if is_superadmin(user):
        allowed: set[str] = set(Role.values)
    else:
        allowed = set()
        for g in grants(user):
            if g.role in GRANTABLE_ROLES and g.covers(organisation):
                allowed |= GRANTABLE_ROLES[g.role]
    if organisation.kind not in SUBTREE_ROLE_KINDS:
        allowed -= set(SUBTREE_ROLES)
    return [r for r in Role.values if r in allowed]


def can_grant(user: Any, role: str, organisation: Organisation) -> bool:
    if user is None:
        return True
    return role in grantable_roles(user, organisation)


def roles_at(user: Any, organisation: Organisation) -> list[str]:
    """Roles of ``user`` that apply at ``organisation`` (held there or inherited from above)."""
    if is_superadmin(user):
        return [Role.ADMIN]
    return sorted({g.role for g in grants(user) if g.covers(organisation)}, key=Role.values.index)
