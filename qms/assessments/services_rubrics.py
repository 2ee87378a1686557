"""Every write to rubrics: loading the shipped data files, importing a version from Excel,
deriving a province's own rubric, setting rating bands, publishing and retiring.

A rubric that any assessment uses is never edited in place: a change makes a new version
(a draft, which the coordinator publishes). Each call is atomic and writes one audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from . import access, rubricfile
from .models import Criterion, RatingBand, Rubric, RubricStatus, ScoringMode
from .rubricfile import RubricSpec

audit.register_verbs(
    {
        "rubric.load": gettext_lazy("Nạp bộ tiêu chí"),
        "rubric.import": gettext_lazy("Nhập bộ tiêu chí từ Excel"),
        "rubric.new_version": gettext_lazy("Tạo phiên bản mới của bộ tiêu chí"),
        "rubric.update": gettext_lazy("Sửa thông tin bộ tiêu chí"),
        "rubric.bands": gettext_lazy("Đặt thang xếp loại"),
        "rubric.publish": gettext_lazy("Áp dụng bộ tiêu chí"),
        "rubric.retire": gettext_lazy("Ngừng áp dụng bộ tiêu chí"),
        "rubric.discard": gettext_lazy("Xoá phiên bản dự thảo của bộ tiêu chí"),
    }
)


def _require(actor: Any, organisation: Organisation | None) -> None:
    if organisation is not None:
        policy.require(actor, Perm.RUBRIC_MANAGE, organisation)
    else:
        access.require_manage_rubrics(actor)


def spec_of(rubric: Rubric) -> RubricSpec:
    """The rubric as data (the shape of the shipped files and of the Excel form)."""
    criteria = list(Criterion.objects.filter(rubric=rubric).order_by("order"))
    nodes: dict[int, rubricfile.CriterionSpec] = {}
    roots: list[rubricfile.CriterionSpec] = []
    for c in criteria:
        node = rubricfile.CriterionSpec(code=c.code, text=c.text, max_points=c.max_points)
        nodes[c.pk] = node
        if c.parent_id is None:
            roots.append(node)
        else:
            nodes[c.parent_id].children.append(node)
    return RubricSpec(
        code=rubric.code,
        version=rubric.version,
        title=rubric.title,
        issuer=rubric.issuer,
        description=rubric.description,
        scoring_mode=rubric.scoring_mode,
        max_points=rubric.max_points,
        score_step=rubric.score_step,
        bands_published=rubric.bands_published,
        bands_note=rubric.bands_note,
        bands=[(b.lower_bound, b.label) for b in rubric.bands.order_by("lower_bound")],
        criteria=roots,
        organisation_code=rubric.organisation.code if rubric.organisation_id and rubric.organisation else "",
    )


def in_use(rubric: Rubric) -> bool:
    return rubric.assessments.exists()


def _check(spec: RubricSpec) -> None:
    errors = rubricfile.validate(spec)
    if errors:
        raise ValidationError(errors)


def _write(spec: RubricSpec, *, organisation: Organisation | None, actor: Any, status: str, **extra: Any) -> Rubric:
    rubric = Rubric.objects.create(
        code=spec.code,
        version=spec.version,
        title=spec.title,
        issuer=spec.issuer,
        description=spec.description,
        organisation=organisation,
        scoring_mode=spec.scoring_mode,
        max_points=spec.max_points,
        score_step=spec.score_step,
        bands_published=spec.bands_published,
        bands_note=spec.bands_note,
        status=status,
        published_at=timezone.now() if status == RubricStatus.PUBLISHED else None,
        created_by=actor if getattr(actor, "pk", None) else None,
        **extra,
    )
    _write_criteria(rubric, spec)
    _write_bands(rubric, spec.bands)
    return rubric


def _write_criteria(rubric: Rubric, spec: RubricSpec) -> None:
    rows = rubricfile.flatten(spec.criteria)
    objs = [
        Criterion(
            rubric=rubric,
            code=r.code,
            key=r.key,
            text=r.text,
            max_points=r.max_points,
            order=r.order,
            depth=r.depth,
            is_leaf=r.is_leaf,
        )
        for r in rows
    ]
    Criterion.objects.bulk_create(objs)
    by_key = {c.key: c for c in Criterion.objects.filter(rubric=rubric)}
    parents = []
    for r in rows:
        if r.parent_key is not None:
            c = by_key[r.key]
            c.parent_id = by_key[r.parent_key].pk
            parents.append(c)
    Criterion.objects.bulk_update(parents, ["parent"])


def _write_bands(rubric: Rubric, bands: Sequence[tuple[Decimal, str]]) -> None:
    RatingBand.objects.filter(rubric=rubric).delete()
    RatingBand.objects.bulk_create(
        RatingBand(rubric=rubric, lower_bound=lower, label=label.strip(), order=i)
        for i, (lower, label) in enumerate(bands)
    )


def _organisation_of(spec: RubricSpec) -> Organisation | None:
    if not spec.organisation_code:
        return None
    org = Organisation.objects.filter(code=spec.organisation_code).first()
    if org is None:
        raise ValidationError(
            _("Không tìm thấy đơn vị ban hành mã “%(code)s” của bộ tiêu chí.") % {"code": spec.organisation_code}
        )
    return org


@transaction.atomic
def rubric_load_spec(*, actor: Any, spec: RubricSpec, publish: bool = True) -> tuple[Rubric, bool]:
    """Load one shipped rubric version; returns (rubric, created). Idempotent: loading the same
    file again changes nothing; a file whose content differs from the stored version is refused
    (a shipped version never changes: give the changed file a new version number)."""
    _check(spec)
    organisation = _organisation_of(spec)
    _require(actor, organisation)
    existing = Rubric.objects.filter(code=spec.code, version=spec.version).first()
    if existing is not None:
        if rubricfile.fingerprint(spec_of(existing)) != rubricfile.fingerprint(spec):
            raise ValidationError(
                _(
                    "Bộ tiêu chí %(code)s phiên bản %(v)s đã có trong hệ thống với nội dung khác. "
                    "Không sửa một phiên bản đã có: hãy tăng số phiên bản trong tệp."
                )
                % {"code": spec.code, "v": spec.version}
            )
        return existing, False
    rubric = _write(
        spec,
        organisation=organisation,
        actor=actor,
        status=RubricStatus.PUBLISHED if publish else RubricStatus.DRAFT,
        derived_from=Rubric.objects.filter(code=spec.code, version__lt=spec.version).order_by("-version").first(),
    )
    audit.record(
        actor=actor,
        verb="rubric.load",
        target=rubric,
        scope_path=organisation.path if organisation else "",
        changes={
            "version": {"before": None, "after": rubric.version},
            "status": {"before": None, "after": rubric.status},
        },
    )
    return rubric, True


def rubrics_load_shipped(*, actor: Any = None) -> list[tuple[Rubric, bool]]:
    """Load every rubric file shipped in ``data/`` (idempotent)."""
    return [rubric_load_spec(actor=actor, spec=rubricfile.load_file(path)) for path in rubricfile.shipped_files()]


def _next_version(code: str) -> int:
    latest = Rubric.objects.filter(code=code).order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1


@transaction.atomic
def rubric_import_spec(*, actor: Any, spec: RubricSpec, change_note: str = "") -> tuple[Rubric, bool]:
    """A rubric read from Excel becomes a new draft version of its code (version 1 for a new
    code); nothing is created when it equals the latest version (idempotent)."""
    spec.version = _next_version(spec.code)
    _check(spec)
    organisation = _organisation_of(spec)
    latest = Rubric.objects.filter(code=spec.code).order_by("-version").first()
    if latest is not None:
        organisation = latest.organisation
    _require(actor, organisation)
    if latest is not None and rubricfile.fingerprint(spec_of(latest)) == rubricfile.fingerprint(
        _with_org(spec, latest)
    ):
        return latest, False
    rubric = _write(
        spec,
        organisation=organisation,
        actor=actor,
        status=RubricStatus.DRAFT,
        derived_from=latest,
        change_note=change_note.strip()[:500],
    )
    audit.record(
        actor=actor,
        verb="rubric.import",
        target=rubric,
        scope_path=organisation.path if organisation else "",
        changes={"version": {"before": latest.version if latest else None, "after": rubric.version}},
    )
    return rubric, True


@transaction.atomic
def rubric_import_excel(*, actor: Any, data: bytes, code: str = "", change_note: str = "") -> tuple[Rubric, bool]:
    """A rubric workbook (``exporting.rubric_xlsx`` layout) as a new draft version; ``code``
    (when given) overrides the code written in the workbook. Bad rows are refused by row."""
    from .exporting import RubricFileError, rubric_from_xlsx

    try:
        spec = rubric_from_xlsx(data)
    except RubricFileError as exc:
        raise ValidationError([str(p) for p in exc.problems]) from None
    if code:
        spec.code = code
    latest = Rubric.objects.filter(code=spec.code).order_by("-version").first() if spec.code else None
    if latest is not None:
        # A criteria-only sheet (an annex) keeps the header of the version it replaces.
        spec.title = spec.title or latest.title
        spec.issuer = spec.issuer or latest.issuer
        spec.description = spec.description or latest.description
    if not spec.code:
        raise ValidationError(_("Tệp không ghi mã bộ tiêu chí (trang “Thông tin”): hãy chọn bộ tiêu chí."))
    return rubric_import_spec(actor=actor, spec=spec, change_note=change_note)


def _with_org(spec: RubricSpec, rubric: Rubric) -> RubricSpec:
    copy = RubricSpec(**{**spec.__dict__})
    copy.organisation_code = rubric.organisation.code if rubric.organisation_id and rubric.organisation else ""
    return copy


@transaction.atomic
def rubric_derive(
    *,
    actor: Any,
    rubric: Rubric,
    code: str,
    title: str,
    organisation: Organisation | None,
    issuer: str = "",
    description: str = "",
) -> Rubric:
    """A new rubric (version 1 of ``code``, draft) with ``rubric``'s criteria: a province adopts
    another's rubric as its own and sets its own bands."""
    _require(actor, organisation)
    if Rubric.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã bộ tiêu chí “%(code)s” đã được dùng.") % {"code": code}})
    spec = spec_of(rubric)
    spec.code, spec.version, spec.title = code, 1, title.strip()
    spec.issuer = issuer.strip() or spec.issuer
    spec.description = description.strip()
    spec.organisation_code = organisation.code if organisation else ""
    _check(spec)
    derived = _write(spec, organisation=organisation, actor=actor, status=RubricStatus.DRAFT, derived_from=rubric)
    audit.record(
        actor=actor,
        verb="rubric.new_version",
        target=derived,
        scope_path=organisation.path if organisation else "",
        changes={"derived_from": {"before": None, "after": str(rubric)}},
    )
    return derived


def _editable_copy(actor: Any, rubric: Rubric, change_note: str) -> tuple[Rubric, bool]:
    """``rubric`` itself if no assessment uses it, else a new draft version copying it."""
    if not in_use(rubric) and rubric.status != RubricStatus.RETIRED:
        return rubric, False
    spec = spec_of(rubric)
    spec.version = _next_version(rubric.code)
    copy = _write(
        spec,
        organisation=rubric.organisation,
        actor=actor,
        status=RubricStatus.DRAFT,
        derived_from=rubric,
        change_note=change_note[:500],
    )
    return copy, True


@transaction.atomic
def rubric_set_bands(
    *,
    actor: Any,
    rubric: Rubric,
    bands: Sequence[tuple[Decimal, str]],
    bands_note: str = "",
    published: bool = False,
) -> tuple[Rubric, bool]:
    """Set the rating bands (ascending lower bounds within 0..max, unique labels).

    Returns (rubric, new_version): a rubric in use gets a new draft version instead."""
    _require(actor, rubric.organisation)
    bands = [(Decimal(lower), (label or "").strip()) for lower, label in bands]
    if rubric.scoring_mode == ScoringMode.CHECKLIST and bands:
        raise ValidationError(_("Bộ tiêu chí dạng danh mục không dùng thang xếp loại theo điểm."))
    errors = rubricfile.validate_bands(bands, rubric.max_points)
    if errors:
        raise ValidationError(errors)
    before = [f"≥ {lower}: {label}" for lower, label in rubric.bands.values_list("lower_bound", "label")]
    target, created = _editable_copy(actor, rubric, _("Đặt thang xếp loại"))
    _write_bands(target, bands)
    target.bands_published = bool(published)
    target.bands_note = bands_note.strip()
    target.save(update_fields=["bands_published", "bands_note", "updated_at"])
    audit.record(
        actor=actor,
        verb="rubric.bands",
        target=target,
        scope_path=target.organisation.path if target.organisation else "",
        changes={
            "bands": {"before": before, "after": [f"≥ {lower}: {label}" for lower, label in bands]},
            "bands_note": {"before": rubric.bands_note, "after": target.bands_note},
            **({"version": {"before": rubric.version, "after": target.version}} if created else {}),
        },
    )
    return target, created


RUBRIC_EDITABLE = ("title", "issuer", "description", "score_step")


@transaction.atomic
def rubric_update(*, actor: Any, rubric: Rubric, **fields: Any) -> tuple[Rubric, bool]:
    """Change the header (title, basis, description, score step). A rubric in use gets a new
    draft version instead. Returns (rubric, new_version)."""
    _require(actor, rubric.organisation)
    unknown = set(fields) - set(RUBRIC_EDITABLE)
    if unknown:
        raise ValidationError(_("Không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    target, created = _editable_copy(actor, rubric, _("Sửa thông tin bộ tiêu chí"))
    before = audit.snapshot(target, fields)
    for name, value in fields.items():
        setattr(target, name, value.strip() if isinstance(value, str) else value)
    spec = spec_of(target)
    for name in fields:
        setattr(spec, name, getattr(target, name))
    _check(spec)
    target.save()
    audit.record(
        actor=actor,
        verb="rubric.update",
        target=target,
        scope_path=target.organisation.path if target.organisation else "",
        changes=audit.diff(before, audit.snapshot(target, fields)),
    )
    return target, created


@transaction.atomic
def rubric_publish(*, actor: Any, rubric: Rubric) -> Rubric:
    """A draft version becomes the one applied to new assessments; older published versions of
    the same code are retired (assessments already made keep theirs)."""
    _require(actor, rubric.organisation)
    if rubric.status != RubricStatus.DRAFT:
        raise ValidationError(_("Chỉ phiên bản dự thảo mới áp dụng được."))
    _check(spec_of(rubric))
    retired = list(
        Rubric.objects.filter(code=rubric.code, status=RubricStatus.PUBLISHED).values_list("version", flat=True)
    )
    Rubric.objects.filter(code=rubric.code, status=RubricStatus.PUBLISHED).update(status=RubricStatus.RETIRED)
    rubric.status = RubricStatus.PUBLISHED
    rubric.published_at = timezone.now()
    rubric.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="rubric.publish",
        target=rubric,
        scope_path=rubric.organisation.path if rubric.organisation else "",
        changes={
            "status": {"before": RubricStatus.DRAFT.value, "after": rubric.status},
            **({"retired_versions": {"before": None, "after": retired}} if retired else {}),
        },
    )
    return rubric


@transaction.atomic
def rubric_retire(*, actor: Any, rubric: Rubric) -> Rubric:
    """No new assessment may use this version (existing ones keep it)."""
    _require(actor, rubric.organisation)
    if rubric.status == RubricStatus.RETIRED:
        raise ValidationError(_("Phiên bản này đã ngừng áp dụng."))
    before = rubric.status
    rubric.status = RubricStatus.RETIRED
    rubric.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        verb="rubric.retire",
        target=rubric,
        scope_path=rubric.organisation.path if rubric.organisation else "",
        changes={"status": {"before": before, "after": rubric.status}},
    )
    return rubric


@transaction.atomic
def rubric_discard(*, actor: Any, rubric: Rubric) -> None:
    """Delete a draft version no assessment uses (e.g. a wrong Excel import)."""
    _require(actor, rubric.organisation)
    if rubric.status != RubricStatus.DRAFT or in_use(rubric):
        raise ValidationError(_("Chỉ xoá được phiên bản dự thảo chưa được dùng để đánh giá."))
    text = str(rubric)
    scope = rubric.organisation.path if rubric.organisation else ""
    audit.record(
        actor=actor,
        verb="rubric.discard",
        target=rubric,
        scope_path=scope,
        changes={"deleted": {"before": text, "after": None}},
    )
    Criterion.objects.filter(rubric=rubric).update(parent=None)
    rubric.delete()
