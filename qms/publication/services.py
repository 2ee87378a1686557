"""Every write to publications: drafting, issuing (with the Word files), recording the posting,
and the daily check that raises "re-publication required".

Rules encoded here:

* The ISO secretary (``Perm.PUBLICATION_PREPARE``) drafts; only the head of the agency
  (``Perm.PUBLICATION_ISSUE``) issues. A coordinator above supervises but never publishes in the
  agency's place (both perms are agency-only in the policy).
* Issuing takes the scope **as it is at that moment** (the TTHC under the agency's authority and
  the processes covering them; for a decision signed on an earlier day, without the TTHC assigned
  after that day) and freezes it with the coverage. Coverage must be 100 %
  (QĐ 19, TT 26 Art. 36.1.a); below it the head must acknowledge the gap explicitly, and the
  uncovered TTHC are listed in a separate section of the annex, outside the published scope.
* The decision number is digits only, unique for the agency's symbol within a year; the signing
  date is not in the future nor before the decision it replaces; the notice is dated on or after
  the decision. The previous current publication becomes superseded.
* Re-publication: the daily check (``qms publication_check``) compares each current publication's
  frozen scope with the live one. On any difference (TTHC added or removed, a published process
  withdrawn, a covered TTHC left without process, a TTHC of the gap now covered) it stores the
  difference and opens one REPUBLICATION obligation due **30 days** after the day the difference
  was first found (``settings.QMS_REPUBLICATION_DAYS``): QĐ 19 requires re-publication on every
  scope change without a deadline, and 30 days leaves time to draft, sign, notify and post. The
  obligation closes when the next publication is issued, or by itself if the scope returns to what
  was published.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core import audit, files
from qms.core.concurrency import bump_version
from qms.core.display import format_date
from qms.obligations import selectors as obligation_selectors
from qms.obligations import services as obligation_services
from qms.obligations.models import ObligationKind, ObligationStatus
from qms.obligations.services import ObligationSpec
from qms.organisations import policy
from qms.organisations.models import Organisation, OrganisationKind
from qms.organisations.policy import Perm

from . import selectors, word, wording
from .models import Publication, PublicationStatus

audit.register_verbs(
    {
        "publication.draft": gettext_lazy("Soạn dự thảo công bố HTQLCL"),
        "publication.update": gettext_lazy("Sửa dự thảo công bố HTQLCL"),
        "publication.discard": gettext_lazy("Huỷ dự thảo công bố HTQLCL"),
        "publication.issue": gettext_lazy("Ban hành quyết định công bố HTQLCL"),
        "publication.supersede": gettext_lazy("Quyết định công bố được thay thế"),
        "publication.posting": gettext_lazy("Ghi nhận niêm yết, đăng tải quyết định công bố"),
        "publication.check": gettext_lazy("Kiểm tra thay đổi phạm vi sau công bố"),
    }
)

DRAFT_AUDITED = (
    "issuer_parent",
    "issuer",
    "place",
    "symbol",
    "authority",
    "legal_bases",
    "proposal",
    "implementers",
    "extra_recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
    "notice_recipient_name",
    "notice_symbol",
)
ISSUE_AUDITED = (
    "status",
    "number",
    "symbol",
    "signed_on",
    "notice_number",
    "notice_signed_on",
    "signer_authority",
    "signer_title",
    "signer_name",
    "coverage_assigned",
    "coverage_covered",
    "gap_acknowledged",
)
POSTING_AUDITED = ("posted_on", "posted_place", "website_url", "website_posted_on")

NUMBER_RE = re.compile(r"^[0-9]{1,6}$")
SYMBOL_RE = re.compile(r"^[0-9A-ZĐ][0-9A-ZĐ&.\-]*$")
DOCX_ONLY = frozenset({"docx"})
MAX_ACTIVITIES = 300


def republication_days() -> int:
    return int(getattr(settings, "QMS_REPUBLICATION_DAYS", 30))


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _agency(publication: Publication) -> Organisation:
    return Organisation.objects.get(pk=publication.agency_id)


def _lock(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication.pk)


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _lines(value: str | None) -> str:
    return "\n".join(line.strip() for line in (value or "").splitlines() if line.strip())


# --- drafting -------------------------------------------------------------------------------------


@dataclass
class DraftData:
    """The editable wording of a draft (what the draft form posts)."""

    issuer_parent: str
    issuer: str
    place: str
    symbol: str
    authority: str
    legal_bases: str
    proposal: str
    implementers: str
    extra_recipients: str
    signer_authority: str
    signer_title: str
    signer_name: str
    notice_recipient_name: str
    notice_symbol: str
    activities: list[dict[str, Any]]


def parse_activities(text: str) -> list[dict[str, Any]]:
    """Lines "Tên hoạt động | Mã quy trình" (the code is optional). A bad line is reported by number."""
    activities: list[dict[str, Any]] = []
    errors = []
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, _sep, process = line.partition("|")
        name, process = _one_line(name).strip(" -+•"), _one_line(process)
        if not name:
            errors.append(_("Dòng %(n)s: thiếu tên hoạt động trước dấu “|”.") % {"n": n})
        elif len(name) > 500:
            errors.append(_("Dòng %(n)s: tên hoạt động dài quá 500 ký tự.") % {"n": n})
        elif len(process) > 60:
            errors.append(_("Dòng %(n)s: mã quy trình dài quá 60 ký tự.") % {"n": n})
        else:
            activities.append({"name": name, "process": process})
    if len(activities) > MAX_ACTIVITIES:
        errors.append(_("Tối đa %(n)s hoạt động.") % {"n": MAX_ACTIVITIES})
    if errors:
        raise ValidationError({"activities": errors})
    return activities


def activities_text(activities: Sequence[dict[str, Any]]) -> str:
    return "\n".join(f"{a['name']} | {a['process']}" if a.get("process") else a["name"] for a in activities)


def _clean_draft(data: DraftData) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def required(name: str, value: str, label: str, limit: int) -> str:
        value = _one_line(value)
        if not value:
            errors.setdefault(name, []).append(_("Hãy nhập %(label)s.") % {"label": label})
        elif len(value) > limit:
            errors.setdefault(name, []).append(
                _("%(label)s dài tối đa %(n)s ký tự.") % {"label": label[:1].upper() + label[1:], "n": limit}
            )
        return value

    values: dict[str, Any] = {
        "issuer_parent": _one_line(data.issuer_parent)[:255],
        "issuer": required("issuer", data.issuer, _("tên cơ quan ban hành"), 255),
        "place": required("place", data.place, _("địa danh"), 120),
        "authority": required("authority", data.authority, _("thẩm quyền ban hành"), 255).upper(),
        "implementers": required("implementers", data.implementers, _("người chịu trách nhiệm thi hành"), 1000),
        "signer_title": required("signer_title", data.signer_title, _("chức vụ người ký"), 200),
        "signer_name": required("signer_name", data.signer_name, _("họ tên người ký"), 200),
        "notice_recipient_name": required(
            "notice_recipient_name", data.notice_recipient_name, _("cơ quan nhận thông báo"), 255
        ),
        "signer_authority": _one_line(data.signer_authority).upper()[:120],
        "proposal": _one_line(data.proposal)[:500],
        "legal_bases": _lines(data.legal_bases),
        "extra_recipients": _lines(data.extra_recipients),
    }
    if not values["legal_bases"]:
        errors.setdefault("legal_bases", []).append(_("Hãy nêu ít nhất một căn cứ ban hành."))
    for name, label in (("symbol", _("ký hiệu quyết định")), ("notice_symbol", _("ký hiệu văn bản thông báo"))):
        value = _one_line(getattr(data, name)).upper().replace(" ", "")
        if not value:
            errors.setdefault(name, []).append(_("Hãy nhập %(label)s.") % {"label": label})
        elif len(value) > 60 or not SYMBOL_RE.match(value):
            errors.setdefault(name, []).append(
                _("Ký hiệu chỉ gồm chữ in hoa, chữ số và dấu gạch nối, ví dụ QĐ-STP (không có số và dấu “/”).")
            )
        values[name] = value
    if len(data.activities) > MAX_ACTIVITIES:
        errors.setdefault("activities", []).append(_("Tối đa %(n)s hoạt động.") % {"n": MAX_ACTIVITIES})
    values["activities"] = [
        {"name": _one_line(a.get("name"))[:500], "process": _one_line(a.get("process"))[:60]}
        for a in data.activities
        if _one_line(a.get("name"))
    ]
    if errors:
        raise ValidationError(errors)
    return values


def _take_scope(publication: Publication, scope: selectors.LiveScope) -> None:
    publication.scope = scope.procedures
    publication.gap = scope.gap
    publication.coverage_assigned = scope.assigned
    publication.coverage_covered = scope.covered
    publication.scope_taken_at = timezone.now()


def draft_defaults(*, actor: Any, agency: Organisation) -> dict[str, Any]:
    """The wording proposed for a new draft of ``agency`` (see ``wording``)."""
    province = selectors.province_of(agency)
    parent = selectors.parent_agency(agency)
    dost = selectors.coordinating_body(agency, province)
    leader = selectors.leader_membership(agency)
    signer_authority, signer_title = wording.signer_block(agency, leader.position if leader else "")
    committee = agency.kind in wording.COMMITTEE_KINDS
    letters = wording.abbreviation(agency)
    return {
        "issuer_parent": "" if committee or parent is None else parent.name,
        "issuer": wording.expand(agency.name),
        "place": wording.place_of(agency, province),
        "symbol": f"QĐ-{letters}",
        "authority": wording.authority_line(agency),
        "legal_bases": "\n".join(wording.DEFAULT_LEGAL_BASES),
        "proposal": wording.proposal(agency, selectors.office_of(agency)),
        "implementers": wording.implementers(agency),
        "extra_recipients": wording.extra_recipients(agency),
        "signer_authority": signer_authority,
        "signer_title": signer_title,
        "signer_name": (leader.user.get_full_name() or leader.user.get_username()) if leader else "",
        "notice_recipient": dost,
        "notice_recipient_name": wording.notice_recipient_name(dost, province),
        "notice_symbol": letters if committee else f"{letters}-VP",
    }


@transaction.atomic
def publication_draft_create(*, actor: Any, agency: Organisation) -> Publication:
    """Start the agency's next publication from its live scope and the proposed wording."""
    policy.require(actor, Perm.PUBLICATION_PREPARE, agency)
    if agency.kind == OrganisationKind.UNIT:
        raise ValidationError(_("Chỉ cơ quan (không phải phòng, ban nội bộ) mới công bố HTQLCL."))
    Organisation.objects.select_for_update().filter(pk=agency.pk).first()  # one draft at a time
    if Publication.objects.filter(agency_id=agency.pk, status=PublicationStatus.DRAFT).exists():
        raise ValidationError(_("Cơ quan đã có một dự thảo công bố đang soạn; hãy tiếp tục dự thảo đó."))
    scope = selectors.live_scope(agency)
    publication = Publication(
        agency=agency,
        scope_path=agency.path,
        status=PublicationStatus.DRAFT,
        prepared_by=actor if getattr(actor, "pk", None) else None,
        supersedes=selectors.current_publication(agency),
        activities=[
            {"name": a["name"], "process": a["process"]} for a in selectors.process_activities(actor, agency, scope)
        ],
        **draft_defaults(actor=actor, agency=agency),
    )
    _take_scope(publication, scope)
    publication.save()
    audit.record(
        actor=actor,
        verb="publication.draft",
        target=publication,
        scope_path=agency.path,
        changes=audit.diff(
            {},
            audit.snapshot(publication, ("issuer", "symbol", "signer_name", "coverage_assigned", "coverage_covered")),
        ),
    )
    return publication


def _require_draft(publication: Publication) -> None:
    if publication.status != PublicationStatus.DRAFT:
        raise ValidationError(_("Chỉ sửa được dự thảo; quyết định đã ban hành không thể sửa."))


@transaction.atomic
def publication_draft_update(
    *, actor: Any, publication: Publication, expected_version: int | None, data: DraftData
) -> Publication:
    """Save the draft's wording; the scope snapshot is refreshed from the live scope."""
    agency = _agency(publication)
    policy.require(actor, Perm.PUBLICATION_PREPARE, agency)
    publication = _lock(publication)
    _require_draft(publication)
    values = _clean_draft(data)
    before = audit.snapshot(publication, DRAFT_AUDITED)
    before_activities = len(publication.activities)
    bump_version(publication, expected_version)
    for name, value in values.items():
        setattr(publication, name, value)
    _take_scope(publication, selectors.live_scope(agency))
    publication.save()
    changes = audit.diff(before, audit.snapshot(publication, DRAFT_AUDITED))
    if before_activities != len(publication.activities):
        changes["activities"] = {"before": before_activities, "after": len(publication.activities)}
    audit.record(actor=actor, verb="publication.update", target=publication, scope_path=agency.path, changes=changes)
    return publication


@transaction.atomic
def publication_draft_discard(*, actor: Any, publication: Publication) -> None:
    agency = _agency(publication)
    policy.require(actor, Perm.PUBLICATION_PREPARE, agency)
    publication = _lock(publication)
    _require_draft(publication)
    audit.record(
        actor=actor,
        verb="publication.discard",
        target=publication,
        scope_path=agency.path,
        changes={"status": {"before": PublicationStatus.DRAFT.value, "after": None}},
    )
    publication.delete()


# --- issuing --------------------------------------------------------------------------------------


def _clean_number(value: str, field: str, label: str, errors: dict[str, list[str]]) -> str:
    value = _one_line(value)
    if not value:
        errors.setdefault(field, []).append(_("Hãy nhập %(label)s.") % {"label": label})
        return ""
    if not NUMBER_RE.match(value):
        errors.setdefault(field, []).append(_("Số chỉ gồm chữ số, ví dụ 125 (ký hiệu ghi riêng)."))
        return value
    return str(int(value))


def _store_docx(data: bytes, name: str, actor: Any) -> Any:
    upload = SimpleUploadedFile(name, data, content_type=files.TYPES["docx"].content_type)
    return files.store_upload(upload, actor=actor, allowed=DOCX_ONLY)


@transaction.atomic
def publication_issue(
    *,
    actor: Any,
    publication: Publication,
    expected_version: int | None,
    number: str,
    signed_on: dt.date | None,
    notice_number: str,
    notice_signed_on: dt.date | None,
    signer_name: str,
    signer_title: str,
    signer_authority: str = "",
    acknowledge_gap: bool = False,
    today: dt.date | None = None,
) -> Publication:
    """Sign the decision and the notice: the live scope is frozen, the Word files are generated and
    kept, the previous publication is superseded and the re-publication obligation closed."""
    agency = _agency(publication)
    policy.require(actor, Perm.PUBLICATION_ISSUE, agency)
    today = _today(today)
    publication = _lock(publication)
    _require_draft(publication)
    errors: dict[str, list[str]] = {}
    number = _clean_number(number, "number", _("số quyết định"), errors)
    notice_number = _clean_number(notice_number, "notice_number", _("số văn bản thông báo"), errors)
    signer_name, signer_title = _one_line(signer_name), _one_line(signer_title)
    if not signer_name:
        errors.setdefault("signer_name", []).append(_("Hãy nhập họ tên người ký."))
    if not signer_title:
        errors.setdefault("signer_title", []).append(_("Hãy nhập chức vụ người ký."))
    previous = selectors.current_publication(agency)
    if signed_on is None:
        errors.setdefault("signed_on", []).append(_("Hãy nhập ngày ký quyết định."))
    elif signed_on > today:
        errors.setdefault("signed_on", []).append(_("Ngày ký không được sau ngày hôm nay."))
    elif previous is not None and previous.signed_on and signed_on < previous.signed_on:
        errors.setdefault("signed_on", []).append(
            _("Ngày ký không được trước ngày của quyết định được thay thế (%(date)s).")
            % {"date": format_date(previous.signed_on)}
        )
    if notice_signed_on is None:
        errors.setdefault("notice_signed_on", []).append(_("Hãy nhập ngày của văn bản thông báo."))
    elif notice_signed_on > today:
        errors.setdefault("notice_signed_on", []).append(_("Ngày thông báo không được sau ngày hôm nay."))
    elif signed_on is not None and notice_signed_on < signed_on:
        errors.setdefault("notice_signed_on", []).append(_("Văn bản thông báo không được đề ngày trước quyết định."))
    if number and signed_on is not None and "number" not in errors:
        taken = (
            Publication.objects.filter(
                agency_id=agency.pk, symbol=publication.symbol, number=number, signed_on__year=signed_on.year
            )
            .exclude(pk=publication.pk)
            .exists()
        )
        if taken:
            errors.setdefault("number", []).append(
                _("Số %(ref)s năm %(year)s đã được dùng cho một quyết định công bố khác của cơ quan.")
                % {"ref": f"{number}/{publication.symbol}", "year": signed_on.year}
            )
    scope = selectors.live_scope(agency, as_of=signed_on if signed_on and signed_on < today else None)
    if not scope.procedures and not publication.activities:
        errors.setdefault("__all__", []).append(
            _("Phạm vi công bố đang trống: cơ quan chưa được giao TTHC nào và chưa nêu hoạt động nào khác.")
        )
    elif scope.gap and not acknowledge_gap:
        errors.setdefault("acknowledge_gap", []).append(
            _(
                "Tỷ lệ bao phủ mới đạt %(covered)s/%(assigned)s TTHC (%(percent)s%%), chưa đạt 100%%. "
                "Hãy xác nhận công bố với danh sách TTHC chưa có quy trình tại Phụ lục."
            )
            % {"covered": scope.covered, "assigned": scope.assigned, "percent": scope.percent}
        )
    if errors:
        raise ValidationError(errors)
    assert signed_on is not None and notice_signed_on is not None
    bump_version(publication, expected_version)
    before = audit.snapshot(publication, ISSUE_AUDITED)
    changes_since: dict[str, int] = {}
    if previous is not None:
        difference = selectors.scope_difference(previous.scope, scope.procedures)
        changes_since = {"added": len(difference.added), "removed": len(difference.removed)}
        Publication.objects.filter(pk=previous.pk).update(
            status=PublicationStatus.SUPERSEDED, updated_at=timezone.now()
        )
        audit.record(
            actor=actor,
            verb="publication.supersede",
            target=previous,
            scope_path=agency.path,
            changes={"status": {"before": PublicationStatus.ISSUED.value, "after": PublicationStatus.SUPERSEDED.value}},
        )
    _take_scope(publication, scope)
    publication.supersedes = previous
    publication.number, publication.signed_on = number, signed_on
    publication.notice_number, publication.notice_signed_on = notice_number, notice_signed_on
    publication.signer_name, publication.signer_title = signer_name, signer_title
    publication.signer_authority = _one_line(signer_authority).upper()[:120]
    publication.gap_acknowledged = bool(scope.gap)
    publication.status = PublicationStatus.ISSUED
    publication.issued_by = actor if getattr(actor, "pk", None) else None
    publication.issued_at = timezone.now()
    publication.drift = {}
    publication.drift_checked_at = publication.issued_at
    publication.decision_file = _store_docx(
        word.render_decision(publication), word.decision_filename(publication), actor
    )
    publication.notice_file = _store_docx(
        word.render_notice(publication, changes=changes_since), word.notice_filename(publication), actor
    )
    publication.save()
    if previous is not None:
        obligation_services.obligations_close_for_subject(
            actor=None,
            subject=previous,
            kind=ObligationKind.REPUBLICATION,
            note=str(_("Đã công bố lại: Quyết định số %(ref)s.")) % {"ref": publication.reference},
        )
    after = audit.snapshot(publication, ISSUE_AUDITED)
    changes = audit.diff(before, after)
    if previous is not None:
        changes["supersedes"] = {"before": None, "after": previous.reference}
    if scope.gap:
        changes["gap"] = {"before": None, "after": [g["code"] for g in scope.gap][:50]}
    audit.record(actor=actor, verb="publication.issue", target=publication, scope_path=agency.path, changes=changes)
    return publication


# --- posting --------------------------------------------------------------------------------------


@transaction.atomic
def publication_record_posting(
    *,
    actor: Any,
    publication: Publication,
    expected_version: int | None,
    posted_on: dt.date | None,
    posted_place: str,
    website_url: str,
    website_posted_on: dt.date | None,
    today: dt.date | None = None,
) -> Publication:
    """Record where and when the issued decision was posted at the office and on the website."""
    agency = _agency(publication)
    policy.require(actor, Perm.PUBLICATION_PREPARE, agency)
    today = _today(today)
    publication = _lock(publication)
    if publication.status == PublicationStatus.DRAFT:
        raise ValidationError(_("Chỉ ghi nhận niêm yết sau khi quyết định công bố đã được ban hành."))
    errors: dict[str, list[str]] = {}
    posted_place, website_url = _one_line(posted_place), (website_url or "").strip()
    signed_on = publication.signed_on

    def check_date(name: str, value: dt.date | None) -> None:
        if value is None:
            return
        if value > today:
            errors.setdefault(name, []).append(_("Ngày không được sau ngày hôm nay."))
        elif signed_on is not None and value < signed_on:
            errors.setdefault(name, []).append(
                _("Ngày không được trước ngày ký quyết định (%(date)s).") % {"date": format_date(signed_on)}
            )

    check_date("posted_on", posted_on)
    check_date("website_posted_on", website_posted_on)
    if posted_on and not posted_place:
        errors.setdefault("posted_place", []).append(_("Hãy ghi nơi niêm yết (ví dụ: bảng tin tại trụ sở)."))
    if posted_place and not posted_on:
        errors.setdefault("posted_on", []).append(_("Hãy nhập ngày niêm yết."))
    if len(posted_place) > 255:
        errors.setdefault("posted_place", []).append(_("Nơi niêm yết dài tối đa 255 ký tự."))
    if website_url:
        try:
            URLValidator(schemes=["http", "https"])(website_url)
        except ValidationError:
            errors.setdefault("website_url", []).append(
                _("Đường dẫn không hợp lệ; hãy dán đầy đủ địa chỉ bắt đầu bằng http:// hoặc https://.")
            )
        if len(website_url) > 500:
            errors.setdefault("website_url", []).append(_("Đường dẫn dài tối đa 500 ký tự."))
        if website_posted_on is None:
            errors.setdefault("website_posted_on", []).append(_("Hãy nhập ngày đăng trên trang thông tin điện tử."))
    elif website_posted_on is not None:
        errors.setdefault("website_url", []).append(_("Hãy dán đường dẫn tới bài đăng trên trang thông tin điện tử."))
    if not posted_on and not website_url and not errors:
        errors.setdefault("__all__", []).append(
            _("Hãy ghi nhận ít nhất việc niêm yết tại trụ sở hoặc việc đăng trên trang thông tin điện tử.")
        )
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(publication, POSTING_AUDITED)
    bump_version(publication, expected_version)
    publication.posted_on, publication.posted_place = posted_on, posted_place
    publication.website_url, publication.website_posted_on = website_url, website_posted_on
    publication.save()
    audit.record(
        actor=actor,
        verb="publication.posting",
        target=publication,
        scope_path=agency.path,
        changes=audit.diff(before, audit.snapshot(publication, POSTING_AUDITED)),
    )
    return publication


# --- the daily re-publication check ---------------------------------------------------------------


@dataclass
class CheckResult:
    checked: int = 0
    drifted: int = 0
    opened: int = 0
    closed: int = 0


def _republication_title(publication: Publication, drift: selectors.Drift) -> str:
    parts = []
    counts = drift.counts()
    if counts["added"]:
        parts.append(_("thêm %(n)s TTHC") % {"n": counts["added"]})
    if counts["removed"]:
        parts.append(_("bớt %(n)s TTHC") % {"n": counts["removed"]})
    if counts["uncovered"]:
        parts.append(_("%(n)s TTHC mất quy trình") % {"n": counts["uncovered"]})
    if counts["processes_withdrawn"]:
        parts.append(_("%(n)s quy trình thu hồi") % {"n": counts["processes_withdrawn"]})
    if counts["newly_covered"]:
        parts.append(_("%(n)s TTHC mới có quy trình") % {"n": counts["newly_covered"]})
    return _("Công bố lại HTQLCL (phạm vi thay đổi so với Quyết định %(ref)s: %(parts)s)") % {
        "ref": publication.reference,
        "parts": ", ".join(parts),
    }


@transaction.atomic
def publication_check(
    *, actor: Any = None, agency_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> CheckResult:
    """Compare every current publication (of ``agency_ids``, or all) with the live scope: store the
    difference, open the re-publication obligation where a difference appeared and close it where
    the scope came back. Idempotent; run daily by ``qms publication_check`` as the system."""
    today = _today(today)
    result = CheckResult()
    publications = Publication.objects.filter(status=PublicationStatus.ISSUED).select_related("agency")
    if agency_ids is not None:
        publications = publications.filter(agency_id__in=list(agency_ids))
    if actor is not None and not policy.is_superadmin(actor):
        publications = publications.filter(
            policy.scope_q(actor, Perm.PROC_COVERAGE, path_field="scope_path", agency_field="agency_id")
        )
    publication_type = ContentType.objects.get_for_model(Publication).pk
    specs: list[ObligationSpec] = []
    changed: list[str] = []
    now = timezone.now()
    for publication in publications.order_by("scope_path"):
        result.checked += 1
        agency = publication.agency
        drift = selectors.scope_difference(publication.scope, selectors.live_scope(agency).procedures)
        stored = drift.as_json()
        if stored != (publication.drift or {}):
            Publication.objects.filter(pk=publication.pk).update(drift=stored, drift_checked_at=now)
            changed.append(publication.reference)
        else:
            Publication.objects.filter(pk=publication.pk).update(drift_checked_at=now)
        open_ones = [
            o
            for o in obligation_selectors.obligations_for_subject(publication)
            if o.kind == ObligationKind.REPUBLICATION and o.status == ObligationStatus.OPEN
        ]
        if drift.any:
            result.drifted += 1
            if not open_ones:
                specs.append(
                    ObligationSpec(
                        organisation_id=agency.pk,
                        kind=ObligationKind.REPUBLICATION,
                        key=f"publication.republish:{publication.pk}:{today.isoformat()}",
                        title=_republication_title(publication, drift),
                        due_on=today + dt.timedelta(days=republication_days()),
                        subject_type_id=publication_type,
                        subject_id=publication.pk,
                        subject_repr=str(publication),
                        opened_on=today,
                        detail=_(
                            "Phạm vi áp dụng HTQLCL đã thay đổi sau khi công bố (QĐ 19/2014/QĐ-TTg): "
                            "cơ quan cần ban hành quyết định công bố lại, thông báo Sở Khoa học và Công nghệ, "
                            "niêm yết và đăng tải. Hạn: %(days)s ngày kể từ ngày phát hiện thay đổi."
                        )
                        % {"days": republication_days()},
                        scope_path=agency.path,
                    )
                )
        elif open_ones:
            result.closed += obligation_services.obligations_close_for_subject(
                actor=None,
                subject=publication,
                kind=ObligationKind.REPUBLICATION,
                note=str(_("Phạm vi áp dụng đã trở lại như khi công bố.")),
            )
    result.opened = obligation_services.obligations_open_many(actor=None, specs=specs, today=today)
    if changed or result.opened or result.closed:
        audit.record(
            actor=actor,
            verb="publication.check",
            scope_path="",
            changes={
                "checked": {"before": None, "after": result.checked},
                "drifted": {"before": None, "after": result.drifted},
                "changed": {"before": None, "after": changed[:50]},
                "obligations_opened": {"before": None, "after": result.opened},
                "obligations_closed": {"before": None, "after": result.closed},
            },
        )
    return result
