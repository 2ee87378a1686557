"""The 3-month rule (QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN): when a legal text a document cites
is replaced or amended, or a cited text takes effect after it was cited, the document must be
updated within 3 months of the new text's effective date.

:func:`legal_obligations_sync` derives those ``legal_update`` obligations set-based, in a few
queries whatever the number of citations, and opens the missing ones in one bulk insert
(``obligations_open_many``). Keys make it idempotent:

* ``legal_update:<target content type>:<target id>:<N id>`` for a text N that replaces or amends
  a text T the target cites and takes effect after the citation was made (not when the target
  already cites N itself: it has been updated);
* ``legal_update:<ct>:<id>:<T id>`` for a cited text T that takes effect after the citation was
  made (a new text linked before it is in force).

Both rules give the same key for the same (target, new text), so they never duplicate. Texts
without an effective date derive nothing (the register flags them so someone fills the date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qms.core.dates import add_months
from qms.core.display import format_date
from qms.obligations.models import ObligationKind
from qms.obligations.services import ObligationSpec, obligations_open_many
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import access
from .models import LegalCitation, LegalText, LegalTextKind

UPDATE_MONTHS = 3


@dataclass(frozen=True)
class SyncResult:
    created: int
    existing: int

    @property
    def total(self) -> int:
        return self.created + self.existing


def obligation_due_on(effective_on: dt.date) -> dt.date:
    """Three months after the effective date, clamped to the month's end (30/11 → 28/02)."""
    return add_months(effective_on, UPDATE_MONTHS)


def obligation_key(target_type_id: int, target_id: int, legal_text_id: int) -> str:
    return f"legal_update:{target_type_id}:{target_id}:{legal_text_id}"


CITATION_FIELDS = ("organisation_id", "organisation__path", "target_type_id", "target_id", "target_repr")


def _citations_in_scope(
    *, organisation: Organisation | None, target: models.Model | None
) -> models.QuerySet[LegalCitation]:
    qs = LegalCitation.objects.all()
    if organisation is not None:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    if target is not None:
        qs = qs.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
    return qs.order_by()


def derive_specs(
    *,
    organisation: Organisation | None = None,
    legal_texts: Sequence[LegalText] | None = None,
    target: models.Model | None = None,
    today: dt.date | None = None,
) -> list[ObligationSpec]:
    """Every legal-update obligation the register implies in the scope (nothing is written)."""
    today = today or timezone.localdate()
    citations = _citations_in_scope(organisation=organisation, target=target)
    text_ids = sorted({t.pk for t in legal_texts}) if legal_texts is not None else None

    # Targets that already cite a newer text: (ct, id, text id).
    citing_new = set(
        citations.filter(Q(legal_text__replaces__isnull=False) | Q(legal_text__amends__isnull=False))
        .values_list("target_type_id", "target_id", "legal_text_id")
        .distinct()
    )

    specs: dict[str, dict[str, Any]] = {}

    # (a) a cited text T replaced or amended by a text N that has an effective date.
    for relation in ("replaced_by", "amended_by"):
        condition = Q(**{f"legal_text__{relation}__effective_on__isnull": False})
        if text_ids is not None:
            condition &= Q(legal_text_id__in=text_ids) | Q(**{f"legal_text__{relation}__in": text_ids})
        rows = citations.filter(condition).values_list(
            *CITATION_FIELDS,
            "legal_text__number",
            f"legal_text__{relation}",
            f"legal_text__{relation}__number",
            f"legal_text__{relation}__kind",
            f"legal_text__{relation}__effective_on",
            "created_at",
        )
        for row in rows:
            org_id, path, ct_id, target_id, target_repr, old_number, new_id, new_number, new_kind, effective, cited = (
                row
            )
            if (ct_id, target_id, new_id) in citing_new:
                continue
            # A change already in force when the document cited the old text is not an update to
            # catch up on within 3 months: the drafter had the new text in hand.
            if effective <= timezone.localtime(cited).date():
                continue
            key = obligation_key(ct_id, target_id, new_id)
            entry = specs.setdefault(
                key,
                {
                    "organisation_id": org_id,
                    "path": path,
                    "ct_id": ct_id,
                    "target_id": target_id,
                    "target_repr": target_repr,
                    "text_id": new_id,
                    "number": new_number,
                    "kind": new_kind,
                    "effective_on": effective,
                    "replaces": [],
                    "amends": [],
                },
            )
            bucket = entry["replaces"] if relation == "replaced_by" else entry["amends"]
            if old_number not in bucket:
                bucket.append(old_number)

    # (b) a cited text that takes effect after it was cited. In SQL the effective date is compared
    # with the citation's UTC timestamp (cheap, and a superset: the local date is never earlier);
    # the local date is checked here.
    condition = Q(legal_text__effective_on__isnull=False, legal_text__effective_on__gt=F("created_at"))
    if text_ids is not None:
        condition &= Q(legal_text_id__in=text_ids)
    rows = citations.filter(condition).values_list(
        *CITATION_FIELDS,
        "legal_text_id",
        "legal_text__number",
        "legal_text__kind",
        "legal_text__effective_on",
        "created_at",
    )
    for org_id, path, ct_id, target_id, target_repr, text_id, number, kind, effective, created_at in rows:
        if effective <= timezone.localtime(created_at).date():
            continue
        specs.setdefault(
            obligation_key(ct_id, target_id, text_id),
            {
                "organisation_id": org_id,
                "path": path,
                "ct_id": ct_id,
                "target_id": target_id,
                "target_repr": target_repr,
                "text_id": text_id,
                "number": number,
                "kind": kind,
                "effective_on": effective,
                "replaces": [],
                "amends": [],
            },
        )

    legal_text_type_id = ContentType.objects.get_for_model(LegalText).pk
    # Stored titles are in the installation's language, whoever triggered the derivation; the
    # translated patterns are looked up once, not once per obligation.
    with translation.override(settings.LANGUAGE_CODE):
        wording = _Wording()
    return [_spec(key, entry, legal_text_type_id, today, wording) for key, entry in specs.items()]


def _number_key(number: str) -> tuple[int, str]:
    """Sort key: 2/2019/NĐ-CP before 12/2019/NĐ-CP (the leading number, then the whole symbol)."""
    head = number.split("/", 1)[0]
    return (int(head) if head.isdigit() else 0, number)


class _Wording:
    def __init__(self) -> None:
        self.replaces = _("Cập nhật «%(target)s» theo %(text)s (thay thế %(old)s)")
        self.amends = _("Cập nhật «%(target)s» theo %(text)s (sửa đổi, bổ sung %(old)s)")
        self.takes_effect = _("Cập nhật «%(target)s» theo %(text)s (có hiệu lực từ %(day)s)")
        self.detail = _(
            "%(text)s có hiệu lực từ ngày %(day)s. Tài liệu viện dẫn phải được cập nhật chậm nhất 3 tháng "
            "sau ngày văn bản mới có hiệu lực, tức là trước hoặc trong ngày %(due)s."
        )
        self.kinds = {value: str(label) for value, label in LegalTextKind.choices}
        self._dates: dict[dt.date, tuple[str, dt.date, str]] = {}

    def label(self, kind: str, number: str) -> str:
        return f"{self.kinds.get(kind, '')} {number}".strip()

    def dates(self, effective_on: dt.date) -> tuple[str, dt.date, str]:
        """(effective date shown, due date, due date shown): few distinct dates, many obligations."""
        found = self._dates.get(effective_on)
        if found is None:
            due_on = obligation_due_on(effective_on)
            found = (format_date(effective_on), due_on, format_date(due_on))
            self._dates[effective_on] = found
        return found


def _spec(
    key: str, entry: dict[str, Any], legal_text_type_id: int, today: dt.date, wording: _Wording
) -> ObligationSpec:
    label = wording.label(entry["kind"], entry["number"])
    day, due_on, due = wording.dates(entry["effective_on"])
    values = {"target": entry["target_repr"], "text": label}
    if entry["replaces"]:
        # Sorted: rows come back in no particular order, and titles must not depend on it.
        title = wording.replaces % {**values, "old": ", ".join(sorted(entry["replaces"], key=_number_key))}
    elif entry["amends"]:
        title = wording.amends % {**values, "old": ", ".join(sorted(entry["amends"], key=_number_key))}
    else:
        title = wording.takes_effect % {**values, "day": day}
    detail = wording.detail % {"text": label, "day": day, "due": due}
    return ObligationSpec(
        organisation_id=entry["organisation_id"],
        kind=ObligationKind.LEGAL_UPDATE,
        key=key,
        title=title,
        due_on=due_on,
        subject_type_id=entry["ct_id"],
        subject_id=entry["target_id"],
        subject_repr=entry["target_repr"],
        source_type_id=legal_text_type_id,
        source_id=entry["text_id"],
        source_repr=label,
        opened_on=today,
        detail=detail,
        scope_path=entry["path"],
    )


@transaction.atomic
def legal_obligations_sync(
    *,
    actor: Any = None,
    organisation: Organisation | None = None,
    legal_texts: Iterable[LegalText] | None = None,
    today: dt.date | None = None,
    target: models.Model | None = None,
) -> SyncResult:
    """Open every missing legal-update obligation in the scope: the ``organisation``'s subtree,
    the citations concerning ``legal_texts`` (citing them, or citing a text they replace or
    amend), one citing ``target``, or everything. Idempotent: a second run creates nothing.

    ``actor`` None is the system (daily task, commands, other services). A user needs to manage
    the register and, for an organisation, to see its obligations; without one, to be the
    installation's administrator."""
    if actor is not None:
        access.require_manage(actor)
        if organisation is not None:
            policy.require(actor, Perm.OBLIGATIONS_VIEW, organisation)
        elif not policy.is_superadmin(actor):
            raise policy.PermissionDenied(_("Chỉ quản trị hệ thống được đồng bộ nghĩa vụ của toàn hệ thống."))
    today = today or timezone.localdate()
    texts = list(legal_texts) if legal_texts is not None else None
    specs = derive_specs(organisation=organisation, legal_texts=texts, target=target, today=today)
    created = obligations_open_many(actor=actor, specs=specs, today=today)
    return SyncResult(created=created, existing=len(specs) - created)
