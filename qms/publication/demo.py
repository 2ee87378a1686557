"""Demonstration publications for Quảng Ninh, created through the services.

* Sở Khoa học và Công nghệ published its QMS recently and nothing changed since: current, 100 %.
* Sở Tư pháp published a week after every TTHC it then held had a process in force (100 % of its
  scope at the time); the province's late-December decision then gave it the lawyers' TTHC, which
  have no process in force yet, so its page shows "Cần công bố lại" listing exactly those and the
  daily check has opened the re-publication obligation.
* The departments without demo accounts (finance, industry and trade, culture, health, home
  affairs) published a week after their processes took effect; their
  decisions are entered by the system, as a data take-over would, signed by illustrative heads.
  Sở Nội vụ published with four TTHC still uncovered (its head acknowledged the gap).
* UBND phường Hạ Long (a new system, December 2025), Sở Nông nghiệp và Môi trường, UBND đặc khu
  Vân Đồn and Văn phòng UBND tỉnh (whose head is not a "Giám đốc": the proposed wording does not
  fit it) have not published yet.

Runs after the procedures and processes demos (it reads the scope they built); idempotent: an
agency that already has a publication is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from qms.documents.models import DocumentRevision, RevisionStatus
from qms.organisations.models import Organisation
from qms.people.models import User
from qms.procedures import selectors as procedure_selectors

from . import selectors, services
from .models import Publication

STP, SKHCN = "22.STP", "22.SKHCN"
SITE = "cong-bo-he-thong-quan-ly-chat-luong-tcvn-iso-9001-2015"


@dataclass(frozen=True)
class Publisher:
    code: str
    number: str
    notice_number: str
    website: str
    secretary: str | None = None  # None: the system enters the decision (no demo accounts)
    leader: str | None = None
    signer_name: str = ""  # illustrative head of an agency without demo accounts
    recent: bool = False  # published 45 days ago rather than a week after its processes


PUBLISHERS = [
    Publisher(
        SKHCN, "68", "1890", f"https://skhcn.quangninh.gov.vn/{SITE}", "sokhcn.thuky", "sokhcn.lanhdao", recent=True
    ),
    Publisher(STP, "215", "2760", f"https://sotuphap.quangninh.gov.vn/{SITE}", "stp.thuky", "stp.lanhdao"),
    Publisher("22.STC", "1106", "2894", f"https://sotaichinh.quangninh.gov.vn/{SITE}", signer_name="Nguyễn Hữu Thành"),
    Publisher("22.SCT", "302", "1187", f"https://soct.quangninh.gov.vn/{SITE}", signer_name="Phạm Văn Lộc"),
    Publisher("22.SVHTTDL", "540", "1622", f"https://sovhttdl.quangninh.gov.vn/{SITE}", signer_name="Đinh Thị Hằng"),
    Publisher("22.SYT", "1231", "3305", f"https://soyte.quangninh.gov.vn/{SITE}", signer_name="Vũ Đức Thắng"),
    Publisher("22.SNV", "436", "2215", f"https://sonoivu.quangninh.gov.vn/{SITE}", signer_name="Trịnh Văn Sơn"),
]


def _user(username: str | None) -> User | None:
    return User.objects.filter(username=username).first() if username else None


def _publish(
    agency: Organisation,
    *,
    secretary: User | None,
    leader: User | None,
    signer_name: str,
    signed_on: dt.date,
    number: str,
    notice_number: str,
    website: str,
    today: dt.date,
) -> Publication | None:
    """Draft as the secretary (or the system), issue as the head (or the system), record the posting."""
    draft = services.publication_draft_create(actor=secretary, agency=agency)
    scope = selectors.live_scope(agency, as_of=signed_on)
    if not scope.procedures and not draft.activities:
        services.publication_draft_discard(actor=secretary, publication=draft)
        return None
    issued = services.publication_issue(
        actor=leader,
        publication=draft,
        expected_version=draft.version,
        number=number,
        signed_on=signed_on,
        notice_number=notice_number,
        notice_signed_on=min(signed_on + dt.timedelta(days=2), today),
        signer_name=draft.signer_name or (leader.get_full_name() if leader else signer_name),
        signer_title=draft.signer_title,
        signer_authority=draft.signer_authority,
        acknowledge_gap=bool(scope.gap),
        today=today,
    )
    posted = min(signed_on + dt.timedelta(days=3), today)
    return services.publication_record_posting(
        actor=secretary,
        publication=issued,
        expected_version=issued.version,
        posted_on=posted,
        posted_place="Bảng tin tại trụ sở cơ quan và Bộ phận Một cửa",
        website_url=website,
        website_posted_on=posted,
        today=today,
    )


def _assigned_dates(agency: Organisation) -> list[dt.date]:
    return sorted({row.assigned_on for row in procedure_selectors.agency_scope(agency) if row.assigned_on})


def _first_effective(document_ids: set[int]) -> dt.date | None:
    """The day the last of these process documents first took effect (None when none has a date)."""
    firsts = (
        DocumentRevision.objects.filter(document_id__in=document_ids, effective_from__isnull=False)
        .exclude(status__in=[RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.REVIEWED])
        .values("document_id")
        .annotate(first=Min("effective_from"))
        .values_list("first", flat=True)
    )
    return max(firsts, default=None)


def _signing_day(agency: Organisation, today: dt.date) -> dt.date:
    """When the agency published: a week after the processes of the TTHC it held before its latest
    assignments had all taken effect (so it published what it then covered), before those came."""
    dates = _assigned_dates(agency)
    if not dates:
        return today
    earlier = [d for d in dates if d < dates[-1]]
    held_until = dates[-1] - dt.timedelta(days=1) if earlier else today
    scope = selectors.live_scope(agency, as_of=held_until)
    first = _first_effective({p["id"] for row in scope.procedures for p in row["processes"]})
    start = (earlier or dates)[-1]
    day = max(start, first + dt.timedelta(days=7)) if first else start + dt.timedelta(days=1)
    return min(day, held_until, today)


def _recent_day(agency: Organisation, today: dt.date) -> dt.date:
    """45 days ago, or the latest assignment if that came later."""
    return min(max([today - dt.timedelta(days=45), *_assigned_dates(agency)[-1:]]), today)


@transaction.atomic
def load_demo_publications(*, today: dt.date | None = None) -> dict[str, int]:
    """Create the demo publications once; returns how many publications exist and how many
    agencies need to publish again (0 when nothing was created)."""
    today = today or timezone.localdate()
    agencies = {o.code: o for o in Organisation.objects.filter(code__in=[p.code for p in PUBLISHERS])}
    published = set(Publication.objects.filter(agency__in=agencies.values()).values_list("agency__code", flat=True))
    created = 0
    for publisher in PUBLISHERS:
        agency = agencies.get(publisher.code)
        if agency is None or publisher.code in published:
            continue
        secretary, leader = _user(publisher.secretary), _user(publisher.leader)
        if (publisher.secretary and secretary is None) or (publisher.leader and leader is None):
            continue
        if not publisher.secretary and not procedure_selectors.agency_scope(agency, covered=True):
            continue  # an agency without processes has nothing to take over
        signed_on = _recent_day(agency, today) if publisher.recent else _signing_day(agency, today)
        publication = _publish(
            agency,
            secretary=secretary,
            leader=leader,
            signer_name=publisher.signer_name,
            signed_on=signed_on,
            number=publisher.number,
            notice_number=publisher.notice_number,
            website=publisher.website,
            today=today,
        )
        created += publication is not None
    if not created:
        return {"publications": Publication.objects.count(), "republication": 0}
    result = services.publication_check(actor=None, today=today)
    return {"publications": Publication.objects.count(), "republication": result.drifted}
