"""Every write to obligations. Each call is atomic and audited.

Obligations are *derived*: other apps open them (the legal register when a legal text takes
effect, documents when a periodic review falls due, ...) with a ``key`` that identifies the
fact they come from, so deriving again never duplicates one and a cancelled one is never
reopened. They are closed by hand (with a note) or by the owning app when the subject is dealt
with (a new revision of the document takes effect).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit
from qms.core.text import fold
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from .models import Obligation, ObligationKind, ObligationStatus

audit.register_verbs(
    {
        "obligation.open": gettext_lazy("Phát sinh nghĩa vụ"),
        "obligation.open_many": gettext_lazy("Phát sinh các nghĩa vụ"),
        "obligation.close": gettext_lazy("Hoàn thành nghĩa vụ"),
        "obligation.close_auto": gettext_lazy("Tự động hoàn thành nghĩa vụ"),
        "obligation.reschedule": gettext_lazy("Điều chỉnh hạn các nghĩa vụ"),
    }
)

KINDS = frozenset(ObligationKind.values)
KEY_MAX = Obligation._meta.get_field("key").max_length or 200
AUDITED_FIELDS = ("kind", "title", "opened_on", "due_on", "status", "subject_repr", "source_repr", "done_note")
TITLE_MAX = Obligation._meta.get_field("title").max_length or 500
REPR_MAX = Obligation._meta.get_field("subject_repr").max_length or 300
NOTE_MAX = Obligation._meta.get_field("done_note").max_length or 500


class _FoldTable(dict):
    """``str.translate`` table giving each character its :func:`qms.core.text.fold` (computed once
    per distinct character). Folding is per character (decomposition, dropping marks, case
    folding), so translating equals ``fold`` and is many times faster on thousands of titles."""

    def __missing__(self, code: int) -> str:
        value = fold(chr(code))
        self[code] = value
        return value


_FOLD = _FoldTable()


def fast_fold(text: str) -> str:
    return text.translate(_FOLD)


def build_search_text(title: str, subject_repr: str, source_repr: str) -> str:
    """Folded title, subject and source; the parts already in the title are not repeated."""
    parts = [title] + [p for p in (subject_repr, source_repr) if p and p not in title]
    return fast_fold(" ".join(parts))


def _in_chunk_size() -> int:
    # SQLite limits bound parameters per statement (999 on old builds); PostgreSQL does not.
    return 900 if connection.vendor == "sqlite" else 10000


@dataclass(frozen=True)
class ObligationSpec:
    """One obligation to open, in plain ids so that callers deriving thousands of them never load
    the subjects. ``scope_path`` is the organisation's path (only used to scope the audit event)."""

    organisation_id: int
    kind: str
    key: str
    title: str
    due_on: dt.date
    subject_type_id: int
    subject_id: int
    subject_repr: str
    source_type_id: int | None = None
    source_id: int | None = None
    source_repr: str = ""
    opened_on: dt.date | None = None
    detail: str = ""
    scope_path: str = ""

    @classmethod
    def for_objects(
        cls,
        *,
        organisation: Organisation,
        kind: str,
        key: str,
        title: str,
        due_on: dt.date,
        subject: models.Model,
        source: models.Model | None = None,
        opened_on: dt.date | None = None,
        detail: str = "",
    ) -> ObligationSpec:
        source_type_id = ContentType.objects.get_for_model(source).pk if source is not None else None
        return cls(
            organisation_id=organisation.pk,
            kind=kind,
            key=key,
            title=title,
            due_on=due_on,
            subject_type_id=ContentType.objects.get_for_model(subject).pk,
            subject_id=int(subject.pk),
            subject_repr=str(subject),
            source_type_id=source_type_id,
            source_id=int(source.pk) if source is not None else None,
            source_repr=str(source) if source is not None else "",
            opened_on=opened_on,
            detail=detail,
            scope_path=organisation.path,
        )

    def values(self, today: dt.date) -> dict[str, Any]:
        """The new row's column values (by attribute name), cleaned."""
        title = self.title.strip()[:TITLE_MAX]
        subject_repr = self.subject_repr[:REPR_MAX]
        source_repr = self.source_repr[:REPR_MAX]
        return {
            "organisation_id": self.organisation_id,
            "kind": self.kind,
            "key": self.key,
            "title": title,
            "detail": self.detail,
            "opened_on": self.opened_on or today,
            "due_on": self.due_on,
            "status": ObligationStatus.OPEN.value,
            "done_at": None,
            "done_note": "",
            "subject_type_id": self.subject_type_id,
            "subject_id": self.subject_id,
            "subject_repr": subject_repr,
            "source_type_id": self.source_type_id,
            "source_id": self.source_id,
            "source_repr": source_repr,
            "search_text": build_search_text(title, subject_repr, source_repr),
        }

    def to_model(self, today: dt.date) -> Obligation:
        return Obligation(**self.values(today))


def _validate_spec(spec: ObligationSpec) -> None:
    if spec.kind not in KINDS:
        raise ValidationError({"kind": _("Loại nghĩa vụ “%(kind)s” không hợp lệ.") % {"kind": spec.kind}})
    if not spec.key.strip():
        raise ValidationError({"key": _("Thiếu khoá định danh của nghĩa vụ.")})
    if len(spec.key) > KEY_MAX:
        raise ValidationError({"key": _("Khoá định danh của nghĩa vụ quá dài.")})
    if not spec.title.strip():
        raise ValidationError({"title": _("Nội dung nghĩa vụ không được để trống.")})


def _common_path(paths: Iterable[str]) -> str:
    """The longest path prefix (whole segments) shared by ``paths``: the audit scope of a batch."""
    common: str | None = None
    for path in paths:
        if common is None:
            common = path
            continue
        while common and not path.startswith(common):
            common = common[: common.rstrip("/").rfind("/") + 1]
    return common or ""


@transaction.atomic
def obligation_open(
    *,
    actor: Any,
    organisation: Organisation,
    kind: str,
    key: str,
    title: str,
    due_on: dt.date,
    subject: models.Model,
    source: models.Model | None = None,
    opened_on: dt.date | None = None,
    detail: str = "",
) -> tuple[Obligation, bool]:
    """Open the obligation identified by ``key`` unless it exists (then it is returned unchanged,
    ``created`` False: a done or cancelled one is never reopened)."""
    policy.require(actor, Perm.OBLIGATIONS_VIEW, organisation)
    existing = Obligation.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    spec = ObligationSpec.for_objects(
        organisation=organisation,
        kind=kind,
        key=key,
        title=title,
        due_on=due_on,
        subject=subject,
        source=source,
        opened_on=opened_on,
        detail=detail,
    )
    _validate_spec(spec)
    obligation = spec.to_model(timezone.localdate())
    obligation.save()
    audit.record(
        actor=actor,
        verb="obligation.open",
        target=obligation,
        scope_path=organisation.path,
        changes=audit.diff({}, audit.snapshot(obligation, AUDITED_FIELDS)),
    )
    return obligation, True


def _insert_rows(specs: Sequence[ObligationSpec], today: dt.date, batch_size: int = 5000) -> None:
    """Insert new obligations in bulk: ``COPY`` on PostgreSQL, ``executemany`` elsewhere. The
    derivations open tens of thousands at once (a province catalogue import: ~30,000), and
    building a model instance and preparing every field one by one (``bulk_create``) costs more
    than the database's work. Values are adapted by field type, as Django would."""
    fields = [f for f in Obligation._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    table = quote(Obligation._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    now = timezone.now()
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as raw, raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for spec in specs:
                values = spec.values(today)
                values["created_at"] = values["updated_at"] = now
                copy.write_row([values.get(name) for name in names])
        return
    ops = connection.ops
    adapted_now = ops.adapt_datetimefield_value(now)
    adapters: list[Any] = []
    for f in fields:
        if f.attname in ("created_at", "updated_at"):
            adapters.append(lambda _v, now=adapted_now: now)
        elif isinstance(f, models.DateTimeField):
            adapters.append(ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            adapters.append(ops.adapt_datefield_value)
        else:
            adapters.append(None)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(table, columns, ", ".join(["%s"] * len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(specs), batch_size):
            rows = [
                tuple(
                    (adapt(values.get(name)) if adapt is not None else values.get(name))
                    for name, adapt in zip(names, adapters, strict=True)
                )
                for values in (spec.values(today) for spec in specs[start : start + batch_size])
            ]
            cursor.executemany(sql, rows)


def existing_keys(keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` already name an obligation (any status), in a few indexed queries."""
    unique = sorted(set(keys))
    if connection.vendor == "postgresql":
        # One array parameter instead of one parameter per key.
        quote = connection.ops.quote_name
        column = quote(str(Obligation._meta.get_field("key").column))
        sql = f"SELECT {column} FROM {quote(Obligation._meta.db_table)} WHERE {column} = ANY(%s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [unique])
            return {row[0] for row in cursor.fetchall()}
    found: set[str] = set()
    size = _in_chunk_size()
    for start in range(0, len(unique), size):
        found.update(Obligation.objects.filter(key__in=unique[start : start + size]).values_list("key", flat=True))
    return found


@transaction.atomic
def obligations_open_many(*, actor: Any, specs: Sequence[ObligationSpec], today: dt.date | None = None) -> int:
    """Open every obligation of ``specs`` whose key is new; returns how many were created.

    One bulk insert and ONE audit event summarising the batch (scoped to the deepest path that
    covers every organisation concerned). Used by derivations over thousands of subjects.
    ``actor`` None is the system; a user must see obligations of every organisation concerned.
    """
    if not specs:
        return 0
    if actor is not None and not policy.is_superadmin(actor):
        org_ids = {s.organisation_id for s in specs}
        for organisation in Organisation.objects.filter(pk__in=org_ids):
            policy.require(actor, Perm.OBLIGATIONS_VIEW, organisation)
    today = today or timezone.localdate()
    wanted: dict[str, ObligationSpec] = {}
    for spec in specs:
        _validate_spec(spec)
        wanted.setdefault(spec.key, spec)
    present = existing_keys(list(wanted))
    new = [spec for key, spec in wanted.items() if key not in present]
    if not new:
        return 0
    _insert_rows(new, today)
    by_kind: dict[str, int] = {}
    for spec in new:
        by_kind[spec.kind] = by_kind.get(spec.kind, 0) + 1
    audit.record(
        actor=actor,
        verb="obligation.open_many",
        scope_path=_common_path(s.scope_path for s in new),
        changes={
            "created": {"before": None, "after": len(new)},
            "kinds": {"before": None, "after": by_kind},
            "keys": {"before": None, "after": [s.key for s in new[:50]]},
        },
    )
    return len(new)


@transaction.atomic
def obligation_close(*, actor: Any, obligation: Obligation, note: str) -> Obligation:
    """Mark an open obligation done by hand; the note says what was done."""
    organisation = Organisation.objects.get(pk=obligation.organisation_id)
    policy.require(actor, Perm.DOC_MANAGE, organisation)
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError({"note": _("Hãy ghi rõ việc đã làm để hoàn thành nghĩa vụ.")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("Ghi chú dài tối đa %(n)s ký tự.") % {"n": NOTE_MAX}})
    before = audit.snapshot(obligation, AUDITED_FIELDS)
    now = timezone.now()
    updated = Obligation.objects.filter(pk=obligation.pk, status=ObligationStatus.OPEN).update(
        status=ObligationStatus.DONE, done_at=now, done_note=note, updated_at=now
    )
    if not updated:
        raise ValidationError(_("Nghĩa vụ này không còn ở trạng thái đang mở nên không thể hoàn thành."))
    obligation.status, obligation.done_at, obligation.done_note = ObligationStatus.DONE, now, note
    audit.record(
        actor=actor,
        verb="obligation.close",
        target=obligation,
        scope_path=organisation.path,
        changes=audit.diff(before, audit.snapshot(obligation, AUDITED_FIELDS)),
    )
    return obligation


@transaction.atomic
def obligations_close_for_subject(*, actor: Any, subject: models.Model, kind: str, note: str) -> int:
    """Close every open obligation of ``kind`` on ``subject`` (e.g. a new revision of the document
    took effect). Writes one audit event per closed obligation, so each shows it in its history.
    ``actor`` None is the system; a user needs DOC_MANAGE at each obligation's organisation."""
    note = " ".join((note or "").split())[:NOTE_MAX]
    if not note:
        raise ValidationError({"note": _("Hãy ghi rõ lý do hoàn thành nghĩa vụ.")})
    content_type = ContentType.objects.get_for_model(subject)
    obligations = list(
        Obligation.objects.select_for_update()
        .filter(subject_type=content_type, subject_id=subject.pk, kind=kind, status=ObligationStatus.OPEN)
        .select_related("organisation")
        .order_by("pk")
    )
    for obligation in obligations:
        policy.require(actor, Perm.DOC_MANAGE, obligation.organisation)
    if not obligations:
        return 0
    now = timezone.now()
    Obligation.objects.filter(pk__in=[o.pk for o in obligations]).update(
        status=ObligationStatus.DONE, done_at=now, done_note=note, updated_at=now
    )
    for obligation in obligations:
        audit.record(
            actor=actor,
            verb="obligation.close_auto",
            target=obligation,
            scope_path=obligation.organisation.path,
            changes={
                "status": {"before": ObligationStatus.OPEN.value, "after": ObligationStatus.DONE.value},
                "done_note": {"before": "", "after": note},
            },
        )
    return len(obligations)


@transaction.atomic
def obligations_reschedule_for_source(
    *, actor: Any, source: models.Model, kind: str, due_on: dt.date, scope_path: str = ""
) -> int:
    """Move the due date of every open obligation of ``kind`` derived from ``source`` (its date was
    corrected). ``actor`` None is the system; a user must see obligations of every organisation
    concerned. One summary audit event when anything moved."""
    content_type = ContentType.objects.get_for_model(source)
    qs = Obligation.objects.filter(
        source_type=content_type, source_id=source.pk, kind=kind, status=ObligationStatus.OPEN
    ).exclude(due_on=due_on)
    if actor is not None and not policy.is_superadmin(actor):
        for organisation in Organisation.objects.filter(pk__in=qs.values("organisation_id")):
            policy.require(actor, Perm.OBLIGATIONS_VIEW, organisation)
    moved = qs.update(due_on=due_on, updated_at=timezone.now())
    if moved:
        audit.record(
            actor=actor,
            verb="obligation.reschedule",
            target=source,
            scope_path=scope_path,
            changes={
                "due_on": {"before": None, "after": due_on.isoformat()},
                "count": {"before": None, "after": moved},
            },
        )
    return moved
