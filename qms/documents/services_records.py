"""Every write to record rules (quy định lưu hồ sơ, ISO 9001:2015 clause 7.5.3) and the record
holdings kept under them; atomic and audited.

A rule says, for one kind of record, who keeps it, where, for how long and how it is destroyed.
A holding is one batch kept under a rule ("Hồ sơ năm 2020"): its disposal date is the end of
its period plus the rule's retention, and it is disposed of only against a disposal record
(biên bản huỷ). Permanent records (no retention) are never disposed of.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit
from qms.core.concurrency import bump_version
from qms.core.dates import add_months
from qms.core.display import format_date
from qms.organisations import policy
from qms.organisations.models import Organisation
from qms.organisations.policy import Perm

from .models import DisposalMethod, Document, DocumentKind, RecordHolding, RecordRule

audit.register_verbs(
    {
        "record_rule.create": gettext_lazy("Thêm quy định lưu hồ sơ"),
        "record_rule.update": gettext_lazy("Sửa quy định lưu hồ sơ"),
        "record_rule.delete": gettext_lazy("Xóa quy định lưu hồ sơ"),
        "record_holding.add": gettext_lazy("Thêm tập hồ sơ đang lưu"),
        "record_holding.dispose": gettext_lazy("Huỷ tập hồ sơ hết thời hạn lưu"),
    }
)

RULE_FIELDS = (
    "organisation",
    "name",
    "document",
    "keeper",
    "place",
    "retention_months",
    "disposal_method",
    "note",
)
HOLDING_FIELDS = ("rule", "label", "period_end", "location", "dispose_on")
DISPOSAL_FIELDS = ("disposed_on", "disposed_by", "disposal_record")

# Longer than this is "permanent" in practice (Luật Lưu trữ: 5, 10, 20, 50, 70 years or permanent).
MAX_RETENTION_MONTHS = 100 * 12

# The documents a record rule may refer to: the process or form that produces the records.
RECORD_DOCUMENT_KINDS = frozenset(
    {DocumentKind.PROCESS, DocumentKind.GUIDANCE, DocumentKind.FORM, DocumentKind.RECORD_TEMPLATE}
)


def dispose_on_for(period_end: dt.date, retention_months: int | None) -> dt.date | None:
    """The day a holding may be disposed of; ``None`` for permanent records."""
    if retention_months is None:
        return None
    return add_months(period_end, retention_months)


def _agency_of(organisation: Organisation) -> Organisation:
    if organisation.agency_id in (None, organisation.pk):
        return organisation
    return organisation.agency or organisation


def _clean_rule(
    *,
    organisation: Organisation,
    name: str,
    keeper: str,
    place: str,
    retention_months: int | None,
    disposal_method: str,
    document: Document | None,
) -> None:
    errors: dict[str, str] = {}
    if not organisation.is_current():
        errors["organisation"] = _("Cơ quan, đơn vị này không còn hoạt động.")
    if not name.strip():
        errors["name"] = _("Tên hồ sơ không được để trống.")
    if not keeper.strip():
        errors["keeper"] = _("Phải ghi người hoặc bộ phận lưu hồ sơ.")
    if not place.strip():
        errors["place"] = _("Phải ghi nơi lưu hồ sơ.")
    if retention_months is not None and not 1 <= retention_months <= MAX_RETENTION_MONTHS:
        errors["retention_months"] = _(
            "Thời gian lưu phải từ 1 tháng đến 100 năm; hồ sơ lưu lâu hơn hãy chọn lưu vĩnh viễn."
        )
    if disposal_method not in DisposalMethod.values:
        errors["disposal_method"] = _("Cách huỷ không hợp lệ.")
    if document is not None:
        if document.agency_id != _agency_of(organisation).pk:
            errors["document"] = _("Tài liệu phải thuộc cùng cơ quan với hồ sơ.")
        elif document.kind not in RECORD_DOCUMENT_KINDS:
            errors["document"] = _("Chỉ gắn được với quy trình, hướng dẫn, biểu mẫu hoặc mẫu hồ sơ.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_rule_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    keeper: str,
    place: str,
    retention_months: int | None,
    disposal_method: str,
    document: Document | None = None,
    note: str = "",
) -> RecordRule:
    """Record how one kind of record is kept at ``organisation`` (an agency or one of its units)."""
    policy.require(actor, Perm.DOC_MANAGE, organisation)
    _clean_rule(
        organisation=organisation,
        name=name,
        keeper=keeper,
        place=place,
        retention_months=retention_months,
        disposal_method=disposal_method,
        document=document,
    )
    rule = RecordRule.objects.create(
        organisation=organisation,
        agency=_agency_of(organisation),
        scope_path=organisation.path,
        name=name.strip(),
        document=document,
        keeper=keeper.strip(),
        place=place.strip(),
        retention_months=retention_months,
        disposal_method=disposal_method,
        note=note.strip(),
    )
    audit.record(
        actor=actor,
        verb="record_rule.create",
        target=rule,
        scope_path=rule.scope_path,
        changes=audit.diff({}, audit.snapshot(rule, RULE_FIELDS)),
    )
    return rule


@transaction.atomic
def record_rule_update(
    *,
    actor: Any,
    rule: RecordRule,
    expected_version: int | None,
    name: str,
    keeper: str,
    place: str,
    retention_months: int | None,
    disposal_method: str,
    organisation: Organisation | None = None,
    document: Document | None = None,
    note: str = "",
) -> RecordRule:
    """Change a rule. A new retention moves the disposal date of every holding not yet disposed of.

    ``organisation`` (default: unchanged) may move the rule to another unit of the same agency.
    """
    policy.require(actor, Perm.DOC_MANAGE, rule.organisation)
    organisation = organisation or rule.organisation
    if organisation.pk != rule.organisation_id:
        policy.require(actor, Perm.DOC_MANAGE, organisation)
        if _agency_of(organisation).pk != rule.agency_id:
            raise ValidationError({"organisation": _("Chỉ chuyển được sang đơn vị thuộc cùng cơ quan.")})
    _clean_rule(
        organisation=organisation,
        name=name,
        keeper=keeper,
        place=place,
        retention_months=retention_months,
        disposal_method=disposal_method,
        document=document,
    )
    before = audit.snapshot(rule, RULE_FIELDS)
    retention_changed = retention_months != rule.retention_months
    bump_version(rule, expected_version)
    rule.organisation = organisation
    rule.scope_path = organisation.path
    rule.name, rule.keeper, rule.place, rule.note = name.strip(), keeper.strip(), place.strip(), note.strip()
    rule.retention_months = retention_months
    rule.disposal_method = disposal_method
    rule.document = document
    rule.save()
    if retention_changed:
        holdings = list(rule.holdings.filter(disposed_on__isnull=True))
        for holding in holdings:
            holding.dispose_on = dispose_on_for(holding.period_end, retention_months)
        RecordHolding.objects.bulk_update(holdings, ["dispose_on"])
    audit.record(
        actor=actor,
        verb="record_rule.update",
        target=rule,
        scope_path=rule.scope_path,
        changes=audit.diff(before, audit.snapshot(rule, RULE_FIELDS)),
    )
    return rule


@transaction.atomic
def record_rule_delete(*, actor: Any, rule: RecordRule) -> None:
    """Delete a rule entered by mistake; refused while records are still kept under it."""
    policy.require(actor, Perm.DOC_MANAGE, rule.organisation)
    kept = rule.holdings.filter(disposed_on__isnull=True).count()
    if kept:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Không xóa được: còn %(n)s tập hồ sơ đang lưu theo quy định này. "
                    "Hãy huỷ các tập hồ sơ đó (khi đến hạn) trước."
                )
                % {"n": kept}
            }
        )
    audit.record(
        actor=actor,
        verb="record_rule.delete",
        target=rule,
        scope_path=rule.scope_path,
        changes=audit.diff(audit.snapshot(rule, RULE_FIELDS), {}),
    )
    rule.delete()


@transaction.atomic
def record_holding_add(
    *, actor: Any, rule: RecordRule, label: str, period_end: dt.date, location: str = ""
) -> RecordHolding:
    """Register a batch of records kept under ``rule``; its disposal date follows the retention."""
    policy.require(actor, Perm.DOC_MANAGE, rule.organisation)
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Tên tập hồ sơ không được để trống.")})
    if period_end is None:
        raise ValidationError({"period_end": _("Phải ghi ngày kết thúc của tập hồ sơ.")})
    # Compared in Python: SQLite's case-insensitive match ignores Vietnamese letters ("NĂM").
    kept_labels = rule.holdings.filter(disposed_on__isnull=True).values_list("label", flat=True)
    if any(kept.casefold() == label.casefold() for kept in kept_labels):
        raise ValidationError({"label": _("Tập hồ sơ “%(l)s” đã có trong danh sách đang lưu.") % {"l": label}})
    holding = RecordHolding.objects.create(
        rule=rule,
        label=label,
        period_end=period_end,
        location=location.strip(),
        dispose_on=dispose_on_for(period_end, rule.retention_months),
    )
    audit.record(
        actor=actor,
        verb="record_holding.add",
        target=holding,
        scope_path=rule.scope_path,
        changes=audit.diff({}, audit.snapshot(holding, HOLDING_FIELDS)),
    )
    return holding


@transaction.atomic
def record_holding_dispose(
    *, actor: Any, holding: RecordHolding, disposed_on: dt.date, disposal_record: str
) -> RecordHolding:
    """Record that a holding past its retention was destroyed, against its disposal record."""
    rule = holding.rule
    policy.require(actor, Perm.DOC_MANAGE, rule.organisation)
    # Read the row again under a lock: two people disposing of the same batch at once.
    holding = RecordHolding.objects.select_for_update().select_related("rule").get(pk=holding.pk)
    today = timezone.localdate()
    if holding.disposed_on is not None:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("Tập hồ sơ này đã được huỷ ngày %(d)s.")
                % {"d": f"{format_date(holding.disposed_on)}"}
            }
        )
    if holding.rule.retention_months is None or holding.dispose_on is None:
        raise ValidationError({NON_FIELD_ERRORS: _("Hồ sơ lưu vĩnh viễn, không được huỷ.")})
    if holding.dispose_on > today:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("Chưa đến hạn huỷ: tập hồ sơ này được huỷ từ ngày %(d)s.")
                % {"d": f"{format_date(holding.dispose_on)}"}
            }
        )
    errors: dict[str, str] = {}
    if disposed_on is None:
        errors["disposed_on"] = _("Phải ghi ngày huỷ.")
    elif disposed_on > today:
        errors["disposed_on"] = _("Ngày huỷ không được sau ngày hôm nay.")
    elif disposed_on < holding.dispose_on:
        errors["disposed_on"] = _("Ngày huỷ không được trước ngày đến hạn huỷ (%(d)s).") % {
            "d": f"{format_date(holding.dispose_on)}"
        }
    disposal_record = (disposal_record or "").strip()
    if not disposal_record:
        errors["disposal_record"] = _("Phải ghi số biên bản huỷ (ví dụ: Biên bản huỷ số 03/BB-VP).")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(holding, DISPOSAL_FIELDS)
    holding.disposed_on = disposed_on
    holding.disposed_by = actor if getattr(actor, "pk", None) else None
    holding.disposal_record = disposal_record
    holding.save(update_fields=["disposed_on", "disposed_by", "disposal_record", "updated_at"])
    audit.record(
        actor=actor,
        verb="record_holding.dispose",
        target=holding,
        scope_path=holding.rule.scope_path,
        changes=audit.diff(before, audit.snapshot(holding, DISPOSAL_FIELDS)),
    )
    return holding
