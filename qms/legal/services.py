"""Every write to the legal register: texts, replacements and amendments, citations (imports of
whole files: ``services_import``).
Each call is atomic and audited; the obligations the 3-month rule derives are opened by
:mod:`qms.legal.sync` as the system (they follow from the register, not from the user)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit, files, search
from qms.core.concurrency import bump_version
from qms.core.models import StoredFile
from qms.core.text import fold
from qms.obligations import services as obligation_services
from qms.obligations.models import ObligationKind
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import access
from .importing import (
    LegalImportError,
)
from .models import LegalCitation, LegalText, LegalTextKind
from .numbers import normalise_number, number_error
from .sync import SyncResult, legal_obligations_sync, obligation_due_on

__all__ = [
    "LegalImportError",
    "SyncResult",
    "citations_set",
    "legal_obligations_sync",
    "legal_text_amend",
    "legal_text_create",
    "legal_text_replace",
    "legal_text_update",
]

audit.register_verbs(
    {
        "legal.create": gettext_lazy("Thêm văn bản pháp luật"),
        "legal.update": gettext_lazy("Sửa văn bản pháp luật"),
        "legal.replace": gettext_lazy("Ghi nhận văn bản thay thế"),
        "legal.amend": gettext_lazy("Ghi nhận văn bản sửa đổi, bổ sung"),
        "legal.import": gettext_lazy("Nhập văn bản pháp luật từ tệp"),
        "legal.cite": gettext_lazy("Cập nhật căn cứ pháp lý"),
    }
)

EDITABLE_FIELDS = ("kind", "number", "issuer", "title", "signed_on", "effective_on", "expires_on", "url", "file")
AUDITED_FIELDS = EDITABLE_FIELDS
IMPORTED_FIELDS = ("kind", "issuer", "title", "signed_on", "effective_on", "expires_on", "url")
TITLE_MAX = LegalText._meta.get_field("title").max_length or 1000
ISSUER_MAX = LegalText._meta.get_field("issuer").max_length or 255
NUMBER_MAX = LegalText._meta.get_field("number").max_length or 120
PROVISION_MAX = LegalCitation._meta.get_field("provision").max_length or 200
# The full text of a legal text: PDF or Word, or a scan.
FILE_TYPES = frozenset({"pdf", "docx", "doc", "png", "jpeg", "tiff"})


def _stored(file: Any, actor: Any) -> StoredFile | None:
    """A stored file as given, or an upload checked and stored (inside the caller's transaction)."""
    if file is None or isinstance(file, StoredFile):
        return file
    if isinstance(file, UploadedFile):
        return files.store_upload(file, actor=actor, allowed=FILE_TYPES)
    raise TypeError("file must be a StoredFile or an UploadedFile")


# --- helpers ------------------------------------------------------------------------------------


def build_search_text(*, number: str, kind: str, title: str, issuer: str) -> str:
    """Folded number (also with its separators as spaces), kind, title and issuer: "qd 19" finds
    "19/2014/QĐ-TTg", "quyet dinh 19" too."""
    spaced = number.replace("/", " ").replace("-", " ").replace(":", " ")
    kind_label = str(dict(LegalTextKind.choices).get(kind, ""))
    return fold(" ".join(part for part in (number, spaced, kind_label, title, issuer) if part))


def _scope_path(text: LegalText) -> str:
    organisation = text.added_by_organisation
    return organisation.path if organisation is not None else ""


def _index(texts: Iterable[LegalText], today: dt.date | None = None) -> None:
    """Write the texts' search entries (public: every user reads the register)."""
    texts = list(texts)
    if not texts:
        return
    today = today or timezone.localdate()
    through = LegalText.replaces.through
    replaced: set[int] = set()
    ids = [t.pk for t in texts]
    for start in range(0, len(ids), 500):
        replaced.update(
            through.objects.filter(
                to_legaltext_id__in=ids[start : start + 500], from_legaltext__effective_on__lte=today
            ).values_list("to_legaltext_id", flat=True)
        )
    search.bulk_upsert(
        {
            "source": "legal",
            "source_id": text.pk,
            "title": text.title or str(text),
            "code": text.number,
            "body": " ".join(
                part for part in (str(text.get_kind_display()), text.number, text.issuer, text.title) if part
            ),
            "kind": text.kind,
            "status": text.status_on(today, replaced=text.pk in replaced),
            "public": True,
            "dated": text.signed_on,
            "url": reverse("legal:detail", args=[text.pk]),
        }
        for text in texts
    )


def issuer_key(issuer: str) -> str:
    """An issuer compared as people read it: spaces, case and accents aside."""
    return fold(" ".join((issuer or "").split()))


def _same_number(number: str, exclude_pk: int | None = None) -> list[LegalText]:
    """Every text numbered ``number`` in any case ("61/2018/nđ-CP"). SQLite compares only ASCII
    case-insensitively, so candidates come from the folded search text, compared in Python."""
    candidates = LegalText.objects.filter(Q(number=number) | Q(search_text__contains=fold(number)))
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    key = number.casefold()
    return [t for t in candidates.only("id", "number", "issuer") if t.number.casefold() == key]


def _number_clash(number: str, issuer: str, exclude_pk: int | None) -> LegalText | None:
    """The text this one would duplicate: the same number from the same issuer, or the same number
    where either issuer is unknown (two such texts could not be told apart)."""
    wanted = issuer_key(issuer)
    for text in _same_number(number, exclude_pk):
        other = issuer_key(text.issuer)
        if other == wanted or not other or not wanted:
            return text
    return None


def match_existing(number: str, issuer: str, texts: Iterable[LegalText]) -> LegalText | list[LegalText] | None:
    """Which of ``texts`` a row numbered ``number`` from ``issuer`` names: the one with the same
    number and issuer; else, the only text of that number when either issuer is unknown. A list
    when the row names no issuer and several issuers used that number (the row is ambiguous)."""
    key, wanted = number.casefold(), issuer_key(issuer)
    same = [t for t in texts if t.number.casefold() == key]
    exact = [t for t in same if issuer_key(t.issuer) == wanted]
    if exact:
        return exact[0]
    if not wanted:
        return same[0] if len(same) == 1 else (same or None)
    unknown = [t for t in same if not issuer_key(t.issuer)]
    return unknown[0] if len(unknown) == 1 else None


def _clean(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    """Normalise and check a text's fields; raises ValidationError {field: message}."""
    errors: dict[str, str] = {}
    kind = values.get("kind", "")
    if kind not in LegalTextKind.values:
        errors["kind"] = _("Loại văn bản không hợp lệ.")
    number = normalise_number(values.get("number", ""))
    values["number"] = number
    problem = number_error(kind, number)
    if problem:
        errors["number"] = problem
    elif len(number) > NUMBER_MAX:
        errors["number"] = _("Số, ký hiệu dài tối đa %(n)s ký tự.") % {"n": NUMBER_MAX}
    else:
        existing = _number_clash(number, str(values.get("issuer") or ""), exclude_pk)
        if existing is not None:
            errors["number"] = (
                _("Văn bản số “%(number)s” của %(issuer)s đã có trong sổ văn bản pháp luật.")
                % {"number": existing.number, "issuer": existing.issuer}
                if existing.issuer
                else _("Văn bản số “%(number)s” đã có trong sổ văn bản pháp luật.") % {"number": existing.number}
            )
    # Trích yếu may be unknown: texts are often known only by the number a procedure cites.
    values["title"] = " ".join(str(values.get("title") or "").split())
    if len(values["title"]) > TITLE_MAX:
        errors["title"] = _("Trích yếu dài tối đa %(n)s ký tự.") % {"n": TITLE_MAX}
    values["issuer"] = " ".join(str(values.get("issuer") or "").split())
    if len(values["issuer"]) > ISSUER_MAX:
        errors["issuer"] = _("Tên cơ quan ban hành dài tối đa %(n)s ký tự.") % {"n": ISSUER_MAX}
    signed_on, effective_on, expires_on = values.get("signed_on"), values.get("effective_on"), values.get("expires_on")
    if signed_on and effective_on and effective_on < signed_on:
        errors["effective_on"] = _("Ngày có hiệu lực không thể trước ngày ký.")
    start = effective_on or signed_on
    if start and expires_on and expires_on <= start:
        errors["expires_on"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực (hoặc ngày ký).")
    values["url"] = str(values.get("url") or "").strip()
    if values["url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["url"])
        except ValidationError:
            errors["url"] = _("Đường dẫn không hợp lệ (phải bắt đầu bằng http:// hoặc https://).")
    if errors:
        raise ValidationError(errors)
    return values


# --- texts --------------------------------------------------------------------------------------


@transaction.atomic
def legal_text_create(
    *,
    actor: Any,
    kind: str,
    number: str,
    issuer: str,
    title: str,
    signed_on: dt.date | None,
    effective_on: dt.date | None,
    expires_on: dt.date | None,
    url: str,
    file: Any = None,
    organisation: Organisation | None = None,
) -> LegalText:
    """Add a text to the register (``organisation``: who adds it; by default the actor's first
    organisation where they may add)."""
    access.require_add_at(actor, organisation)
    values = _clean(
        {
            "kind": kind,
            "number": number,
            "issuer": issuer,
            "title": title,
            "signed_on": signed_on,
            "effective_on": effective_on,
            "expires_on": expires_on,
            "url": url,
        }
    )
    try:
        stored = _stored(file, actor)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    text = LegalText(**values, file=stored)
    if organisation is not None:
        text.added_by_organisation = organisation
    else:
        text.added_by_organisation_id = access.adding_organisation_id(actor)
    text.search_text = build_search_text(number=text.number, kind=text.kind, title=text.title, issuer=text.issuer)
    text.save()
    _index([text])
    audit.record(
        actor=actor,
        verb="legal.create",
        target=text,
        scope_path=_scope_path(text),
        changes=audit.diff({}, audit.snapshot(text, AUDITED_FIELDS)),
    )
    return text


@transaction.atomic
def legal_text_update(*, actor: Any, legal_text: LegalText, expected_version: int | None, **fields: Any) -> LegalText:
    """Edit a text (register managers only). A changed effective date moves the due date of the
    open update obligations derived from the text and derives any that now apply."""
    access.require_manage(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    before = audit.snapshot(legal_text, AUDITED_FIELDS)
    old_effective_on = legal_text.effective_on
    values = {name: fields.get(name, getattr(legal_text, name)) for name in EDITABLE_FIELDS if name != "file"}
    values = _clean(values, exclude_pk=legal_text.pk)
    bump_version(legal_text, expected_version)
    for name, value in values.items():
        setattr(legal_text, name, value)
    if "file" in fields:
        try:
            legal_text.file = _stored(fields["file"], actor)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    legal_text.search_text = build_search_text(
        number=legal_text.number, kind=legal_text.kind, title=legal_text.title, issuer=legal_text.issuer
    )
    # version: bump_version wrote it
    legal_text.save(update_fields=[*values, *(["file"] if "file" in fields else []), "search_text", "updated_at"])
    after = audit.snapshot(legal_text, AUDITED_FIELDS)
    _index([legal_text, *legal_text.replaces.all()])
    audit.record(
        actor=actor,
        verb="legal.update",
        target=legal_text,
        scope_path=_scope_path(legal_text),
        changes=audit.diff(before, after),
    )
    if legal_text.effective_on != old_effective_on:
        if legal_text.effective_on is not None and old_effective_on is not None:
            obligation_services.obligations_reschedule_for_source(
                actor=None,
                source=legal_text,
                kind=ObligationKind.LEGAL_UPDATE,
                due_on=obligation_due_on(legal_text.effective_on),
            )
        legal_obligations_sync(actor=None, legal_texts=[legal_text])
    return legal_text


# --- replacements and amendments ----------------------------------------------------------------


def _reachable(starts: Iterable[int]) -> set[int]:
    """Every text reachable from ``starts`` by "replaces"/"amends" links (older texts), level by level."""
    replaces, amends = LegalText.replaces.through, LegalText.amends.through
    seen: set[int] = set()
    frontier = set(starts)
    while frontier:
        seen |= frontier
        ids = sorted(frontier)
        nxt = set(replaces.objects.filter(from_legaltext_id__in=ids).values_list("to_legaltext_id", flat=True))
        nxt |= set(amends.objects.filter(from_legaltext_id__in=ids).values_list("to_legaltext_id", flat=True))
        frontier = nxt - seen
    return seen


def _link(
    *, actor: Any, new: LegalText, old_texts: Sequence[LegalText], relation: str, today: dt.date | None
) -> SyncResult:
    access.require_manage(actor)
    manager = new.replaces if relation == "replace" else new.amends
    olds = list({t.pk: t for t in old_texts}.values())
    if not olds:
        raise ValidationError({"old_texts": _("Hãy chọn ít nhất một văn bản.")})
    if any(t.pk == new.pk for t in olds):
        message = (
            _("Văn bản không thể thay thế chính nó.")
            if relation == "replace"
            else _("Văn bản không thể sửa đổi, bổ sung chính nó.")
        )
        raise ValidationError({"old_texts": message})
    for old in olds:
        if old.signed_on and new.signed_on and old.signed_on > new.signed_on:
            raise ValidationError(
                {
                    "old_texts": _(
                        "Văn bản %(old)s ký ngày %(old_day)s, sau văn bản %(new)s (ký ngày %(new_day)s): "
                        "văn bản ban hành sau không thể bị văn bản ban hành trước thay thế hay sửa đổi."
                    )
                    % {
                        "old": old.number,
                        "old_day": old.signed_on.strftime("%d/%m/%Y"),
                        "new": new.number,
                        "new_day": new.signed_on.strftime("%d/%m/%Y"),
                    }
                }
            )
    older_than_olds = _reachable(t.pk for t in olds)
    if new.pk in older_than_olds:
        raise ValidationError(
            {
                "old_texts": _(
                    "Không thể ghi nhận: %(new)s đã được (trực tiếp hoặc gián tiếp) thay thế hay sửa đổi bởi "
                    "văn bản được chọn, ghi nhận này sẽ tạo thành vòng lặp."
                )
                % {"new": new.number}
            }
        )
    already = set(manager.filter(pk__in=[t.pk for t in olds]).values_list("pk", flat=True))
    adding = [t for t in olds if t.pk not in already]
    if not adding:
        raise ValidationError({"old_texts": _("Quan hệ này đã được ghi nhận trước đó.")})
    before = sorted(manager.values_list("number", flat=True))
    manager.add(*adding)
    after = sorted(manager.values_list("number", flat=True))
    _index(adding, today)
    field_name = "replaces" if relation == "replace" else "amends"
    audit.record(
        actor=actor,
        verb=f"legal.{relation}",
        target=new,
        scope_path=_scope_path(new),
        changes={field_name: {"before": before, "after": after}},
    )
    return legal_obligations_sync(actor=None, legal_texts=[new], today=today)


@transaction.atomic
def legal_text_replace(
    *, actor: Any, new: LegalText, old_texts: Sequence[LegalText], today: dt.date | None = None
) -> SyncResult:
    """Record that ``new`` replaces each of ``old_texts``, then open an update obligation on every
    object citing one of them (due 3 months after ``new`` takes effect)."""
    return _link(actor=actor, new=new, old_texts=old_texts, relation="replace", today=today)


@transaction.atomic
def legal_text_amend(
    *, actor: Any, new: LegalText, old_texts: Sequence[LegalText], today: dt.date | None = None
) -> SyncResult:
    """Record that ``new`` amends (sửa đổi, bổ sung) each of ``old_texts``; obligations as for a replacement."""
    return _link(actor=actor, new=new, old_texts=old_texts, relation="amend", today=today)


# --- citations ----------------------------------------------------------------------------------


def _citation_label(number: str, provision: str) -> str:
    return f"{number} ({provision})" if provision else number


@transaction.atomic
def citations_set(
    *,
    actor: Any,
    target: models.Model,
    organisation: Organisation,
    items: Sequence[tuple[LegalText, str]],
    today: dt.date | None = None,
) -> list[LegalCitation]:
    """Make ``items`` (text, provisions applied) the legal bases of ``target`` (owned by
    ``organisation``), then derive its update obligations (a newly linked text that takes effect
    later opens one)."""
    policy.require(actor, Perm.LEGAL_ADD, organisation)
    if target.pk is None:
        raise ValueError("The citing object must be saved first.")
    wanted: dict[int, tuple[LegalText, str]] = {}
    for text, provision in items:
        if text.pk in wanted:
            raise ValidationError({"items": _("Văn bản %(number)s được chọn hai lần.") % {"number": text.number}})
        provision = " ".join((provision or "").split())
        if len(provision) > PROVISION_MAX:
            raise ValidationError({"items": _("Điều, khoản áp dụng dài tối đa %(n)s ký tự.") % {"n": PROVISION_MAX}})
        wanted[text.pk] = (text, provision)
    content_type = ContentType.objects.get_for_model(target)
    target_repr = str(target)[: LegalCitation._meta.get_field("target_repr").max_length or 300]
    existing = {
        c.legal_text_id: c
        for c in LegalCitation.objects.filter(target_type=content_type, target_id=target.pk).select_related(
            "legal_text"
        )
    }
    before = sorted(_citation_label(c.legal_text.number, c.provision) for c in existing.values())
    removed = [c.pk for text_id, c in existing.items() if text_id not in wanted]
    if removed:
        LegalCitation.objects.filter(pk__in=removed).delete()
    changed: list[LegalCitation] = []
    new: list[LegalCitation] = []
    for text_id, (text, provision) in wanted.items():
        citation = existing.get(text_id)
        if citation is None:
            new.append(
                LegalCitation(
                    legal_text=text,
                    organisation=organisation,
                    target_type=content_type,
                    target_id=target.pk,
                    target_repr=target_repr,
                    provision=provision,
                )
            )
        elif (citation.provision, citation.organisation_id, citation.target_repr) != (
            provision,
            organisation.pk,
            target_repr,
        ):
            citation.provision, citation.organisation, citation.target_repr = provision, organisation, target_repr
            changed.append(citation)
    for citation in changed:
        citation.save(update_fields=["provision", "organisation", "target_repr", "updated_at"])
    for citation in new:
        citation.save()
    after = sorted(_citation_label(text.number, provision) for text, provision in wanted.values())
    if before != after:
        audit.record(
            actor=actor,
            verb="legal.cite",
            target=target,
            scope_path=organisation.path,
            changes={"legal_bases": {"before": before, "after": after}},
        )
    if wanted:
        legal_obligations_sync(actor=None, target=target, today=today)
    return sorted([c for c in existing.values() if c.legal_text_id in wanted] + new, key=lambda c: c.legal_text.number)
