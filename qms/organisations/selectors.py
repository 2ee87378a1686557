"""Every read of organisations, memberships and the audit trail shown to a user.

``*_get_for_user`` raise ``Http404`` both for a missing object and for one the user may not see,
so a forbidden object is indistinguishable from a missing one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qms.core.audit import history_for
from qms.core.models import AuditEvent
from qms.core.text import fold, vn_sort_key

from . import policy
from .models import (
    ALLOWED_PARENT_KINDS,
    KIND_ORDER,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationLineage,
    Role,
)
from .policy import Perm


def organisation_get_for_user(user: Any, pk: Any, perm: Perm = Perm.VIEW) -> Organisation:
    try:
        organisation = Organisation.objects.select_related("parent", "agency").get(pk=int(pk))
    except (Organisation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.has_perm(user, perm, organisation):
        raise Http404
    return organisation


def organisation_list_for_user(
    user: Any,
    *,
    search: str = "",
    kind: str = "",
    within: Organisation | None = None,
    status: str = "current",
    perm: Perm = Perm.VIEW,
) -> QuerySet[Organisation]:
    """Organisations the user may see, filtered; ``status`` is current / historical / all."""
    qs = Organisation.objects.filter(policy.scope_q(user, perm)).select_related("parent")
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if kind:
        qs = qs.filter(kind=kind)
    today = timezone.localdate()
    if status == "current":
        qs = qs.current(today)
    elif status == "historical":
        qs = qs.filter(valid_to__lt=today)
    for term in fold(search).split():
        qs = qs.filter(search_text__contains=term)
    return qs.order_by("name", "code")


@dataclass
class TreeNode:
    organisation: Organisation
    children: list[TreeNode] = field(default_factory=list)
    member_count: int = 0
    unit_count: int = 0

    @property
    def descendant_count(self) -> int:
        return sum(1 + child.descendant_count for child in self.children)

    def flatten(self, depth: int = 0) -> list[tuple[TreeNode, int]]:
        """Depth-first (node, depth) pairs: lets a page render the tree in one loop."""
        rows = [(self, depth)]
        for child in self.children:
            rows.extend(child.flatten(depth + 1))
        return rows


UNITS_HIDDEN_UNDER = {OrganisationKind.PROVINCE, OrganisationKind.MINISTRY}


def organisation_tree_for_user(
    user: Any, root: Organisation, *, include_historical: bool = True, include_units: bool | None = None
) -> TreeNode:
    """The subtree under ``root`` as nested nodes, siblings by kind then name, in a few queries.

    Under a province or ministry the internal units of each agency are left out by default
    (they are counted in ``unit_count`` and listed on the agency's page), so a province's tree
    stays readable and fast.
    """
    if not policy.has_perm(user, Perm.VIEW, root):
        raise Http404
    if include_units is None:
        include_units = root.kind not in UNITS_HIDDEN_UNDER
    qs = Organisation.objects.filter(path__startswith=root.path).filter(policy.scope_q(user, Perm.VIEW))
    if not include_historical:
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
    unit_counts: dict[int, int] = {}
    if not include_units:
        qs = qs.exclude(kind=OrganisationKind.UNIT)
        unit_counts = dict(
            Organisation.objects.filter(path__startswith=root.path, kind=OrganisationKind.UNIT)
            .values_list("agency_id")
            .annotate(n=Count("id"))
            .values_list("agency_id", "n")
            .order_by()
        )
    rows = list(
        qs.only("id", "name", "code", "kind", "parent_id", "path", "depth", "valid_from", "valid_to", "search_text")
    )
    # People, not roles (shown as "Số người dùng có vai trò"); by id list, which uses the
    # membership's organisation index instead of scanning every membership under the path.
    ids = [o.pk for o in rows]
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 2000):
        counts.update(
            Membership.objects.filter(organisation_id__in=ids[start : start + 2000], is_active=True)
            .values_list("organisation_id")
            .annotate(n=Count("user", distinct=True))
            .values_list("organisation_id", "n")
            .order_by()
        )
    nodes = {o.pk: TreeNode(o, member_count=counts.get(o.pk, 0), unit_count=unit_counts.get(o.pk, 0)) for o in rows}
    top = nodes.get(root.pk) or TreeNode(root)
    for node in nodes.values():
        parent_id = node.organisation.parent_id
        parent = nodes.get(parent_id) if parent_id is not None and node.organisation.pk != root.pk else None
        if parent is not None:
            parent.children.append(node)
    for node in nodes.values():
        # search_text is the folded name (then code): a Vietnamese-aware order with no work per row.
        node.children.sort(key=lambda n: (KIND_ORDER[n.organisation.kind], n.organisation.search_text))
    return top


def organisation_roots_for_user(user: Any) -> list[Organisation]:
    """The highest organisations the user sees (where the tree view starts)."""
    if policy.is_superadmin(user):
        return list(Organisation.objects.filter(parent__isnull=True).order_by("kind", "name"))
    ids = {g.organisation_id if g.subtree else g.agency_id for g in policy.grants(user)}
    orgs = sorted(Organisation.objects.filter(pk__in=ids), key=lambda o: o.path)
    roots: list[Organisation] = []
    for o in orgs:
        if not roots or not o.path.startswith(roots[-1].path):
            roots.append(o)
    return roots


def organisation_children_summary(organisation: Organisation) -> dict[str, int]:
    """Counts of direct children per kind (the caller has already checked access)."""
    return dict(organisation.children.values_list("kind").annotate(n=Count("id")).values_list("kind", "n").order_by())


def lineage_for_organisation(organisation: Organisation) -> dict[str, list[OrganisationLineage]]:
    return {
        "predecessors": list(organisation.predecessor_links.select_related("predecessor").order_by("effective_date")),
        "successors": list(organisation.successor_links.select_related("successor").order_by("effective_date")),
    }


def membership_list_for_organisation(user: Any, organisation: Organisation) -> QuerySet[Membership]:
    if not policy.has_perm(user, Perm.VIEW, organisation):
        raise Http404
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "organisation")
        .order_by("-is_active", "role", "user__full_name")
    )


def membership_get_for_user(user: Any, pk: Any, perm: Perm = Perm.MANAGE_PEOPLE) -> Membership:
    try:
        membership = Membership.objects.select_related("user", "organisation").get(pk=int(pk))
    except (Membership.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.has_perm(user, perm, membership.organisation):
        raise Http404
    return membership


ACTIVE_MEMBERSHIP_SESSION_KEY = "qms_active_membership"


def active_membership(memberships: list[Membership], session: Any) -> Membership | None:
    """The membership the user works in: the one chosen on the switcher, else the widest role."""
    wanted = session.get(ACTIVE_MEMBERSHIP_SESSION_KEY) if session is not None else None
    chosen = next((m for m in memberships if m.pk == wanted), None)
    if chosen is None and memberships:
        chosen = min(memberships, key=lambda m: (Role.values.index(m.role), m.organisation.path))
    return chosen


def memberships_of_user(user: Any) -> list[Membership]:
    """The acting user's own active memberships (for the workspace switcher)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__path", "role")
    )


def organisation_history_for_user(user: Any, organisation: Organisation) -> QuerySet[AuditEvent]:
    if not policy.has_perm(user, Perm.VIEW, organisation):
        raise Http404
    return history_for(organisation)


def audit_event_list_for_user(
    user: Any,
    *,
    within: Organisation | None = None,
    verb: str = "",
    actor_search: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
) -> QuerySet[AuditEvent]:
    """Audit events in the subtrees where the user may read the audit log."""
    qs = AuditEvent.objects.select_related("actor", "target_type")
    paths = policy.scope_paths(user, Perm.VIEW_AUDIT_LOG)
    if paths is not None:
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(scope_path__startswith=p)
        qs = qs.filter(q)
    if within is not None:
        qs = qs.filter(scope_path__startswith=within.path)
    if verb:
        qs = qs.filter(verb=verb)
    if actor_search:
        qs = qs.filter(Q(actor_name__fcontains=actor_search) | Q(actor__username__fcontains=actor_search))
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    if search:
        qs = qs.filter(target_repr__fcontains=search)
    return qs.order_by("-created_at", "-id")


def organisation_ancestors(organisation: Organisation) -> list[Organisation]:
    """The chain from the root down to the parent (for breadcrumbs); one query."""
    ids = organisation.ancestor_ids
    by_id = {o.pk: o for o in Organisation.objects.filter(pk__in=ids).only("id", "name", "path")}
    return [by_id[i] for i in ids if i in by_id]


def organisation_children_for_user(user: Any, organisation: Organisation) -> list[Organisation]:
    qs = organisation.children.filter(policy.scope_q(user, Perm.VIEW)).annotate(n_children=Count("children"))
    return sorted(qs, key=lambda o: (KIND_ORDER[o.kind], not o.is_current(), vn_sort_key(o.name)))


def child_kinds_for_user(user: Any, parent: Organisation) -> list[str]:
    """Kinds the user may add directly under ``parent``."""
    kinds = []
    for kind, allowed in ALLOWED_PARENT_KINDS.items():
        if parent.kind not in allowed:
            continue
        perm = Perm.MANAGE_UNITS if kind == OrganisationKind.UNIT else Perm.MANAGE_TREE
        if policy.has_perm(user, perm, parent):
            kinds.append(kind)
    return kinds


def possible_parents_for_user(user: Any, organisation: Organisation) -> list[Organisation]:
    """Where ``organisation`` may be moved: allowed parent kinds the user manages, minus its subtree."""
    allowed = {k for k in ALLOWED_PARENT_KINDS[organisation.kind] if k}
    perm = Perm.MANAGE_UNITS if organisation.kind == OrganisationKind.UNIT else Perm.MANAGE_TREE
    qs = (
        Organisation.objects.filter(policy.scope_q(user, perm), kind__in=allowed)
        .exclude(path__startswith=organisation.path)
        .only("id", "name", "depth", "path", "kind")
        .order_by("path")
    )
    if organisation.kind == OrganisationKind.UNIT:
        qs = qs.filter(agency_id=organisation.agency_id)
    return list(qs[:3000])


# Organisations that run a quality management system of their own (QĐ 19): ministries,
# departments and their sub-departments, districts (historical) and communes. Not the province
# node itself (its office, Văn phòng UBND tỉnh, is the department that applies ISO), not the
# internal units (phòng, ban) that work inside an agency's system.
AGENCY_KINDS = (
    OrganisationKind.MINISTRY,
    OrganisationKind.DEPARTMENT,
    OrganisationKind.SUB_DEPARTMENT,
    OrganisationKind.DISTRICT,
    OrganisationKind.COMMUNE,
)


def agencies_in_scope_for_user(
    user: Any, perm: Perm = Perm.VIEW, *, within: Organisation | None = None, on: dt.date | None = None
) -> QuerySet[Organisation]:
    """The agencies "in scope": current organisations of :data:`AGENCY_KINDS` that the user's
    grants for ``perm`` cover, optionally inside one subtree.

    The one definition behind every "how many agencies" figure (the home page, the publication
    overview): pages count this queryset and never their own variant of it."""
    rows = Organisation.objects.filter(policy.scope_q(user, perm), kind__in=AGENCY_KINDS).current(
        on or timezone.localdate()
    )
    if within is not None:
        rows = rows.filter(path__startswith=within.path)
    return rows
