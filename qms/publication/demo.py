"""Demonstration publications for Quảng Ninh, created through the services as the demo people.

* Sở Khoa học và Công nghệ published its QMS recently and nothing changed since: current.
* Sở Tư pháp published earlier; TTHC were assigned to it after the signing date (by the catalogue
  imports of the procedures demo, or, if they all predate any sensible signing date, by one more
  assignment made here as the province's coordinator), so its page shows "Cần công bố lại" and
  the daily check has opened the re-publication obligation.
* Every other agency (UBND phường Hạ Long, ...) has not published yet.

Runs after the procedures and processes demos (it reads the scope they built); idempotent: an
agency that already has a publication is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from qms.organisations.models import Organisation
from qms.people.models import User
from qms.procedures import selectors as procedure_selectors
from qms.procedures import services as procedure_services

from . import selectors, services
from .models import Publication

STP, SKHCN, PROVINCE = "22.STP", "22.SKHCN", "22"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _publish(
    agency: Organisation,
    *,
    secretary: User,
    leader: User,
    signed_on: dt.date,
    number: str,
    notice_number: str,
    website: str,
    today: dt.date,
) -> Publication | None:
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
        signer_name=draft.signer_name or leader.get_full_name(),
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


# A TTHC the province publishes after Sở Tư pháp's publication and gives to it (illustrative code).
NEW_PROCEDURE = {
    "Mã TTHC": "2.000505",
    "Tên thủ tục hành chính": "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
    "Lĩnh vực": "Lý lịch tư pháp",
    "Cấp thực hiện": "Cấp tỉnh",
    "Thời hạn giải quyết": "10 ngày làm việc",
    "Phí, lệ phí": "Không",
    "Căn cứ pháp lý": "Luật Lý lịch tư pháp năm 2009",
    "Cơ quan thực hiện": STP,
}


def _assign_one_more(agency: Organisation, coordinator: Any, today: dt.date) -> None:
    """The coordinator gives the agency one more TTHC: one of its fields that no agency holds yet,
    else a new TTHC published by a decision of the province (imported like any catalogue file)."""
    catalogue = Organisation.objects.filter(code=PROVINCE).first()
    if catalogue is None or coordinator is None:
        return
    mine = {row.procedure_id for row in procedure_selectors.agency_scope(agency)}
    fields = sorted({row.field for row in procedure_selectors.agency_scope(agency) if row.field})
    for field_name in fields:
        candidates = procedure_selectors.procedure_list_for_user(
            coordinator, catalogue, status="active", level="province", field_name=field_name, assignment="none"
        )
        procedure = next((p for p in candidates[:50] if p.pk not in mine), None)
        if procedure is not None:
            procedure_services.procedure_assign(actor=coordinator, procedure=procedure, agency=agency, today=today)
            return
    procedure_services.catalogue_import(
        actor=coordinator,
        catalogue=catalogue,
        rows=[NEW_PROCEDURE],
        decision_number="2486/QĐ-UBND",
        decision_signed_on=today - dt.timedelta(days=7),
        decision_title="Về việc công bố danh mục thủ tục hành chính mới trong lĩnh vực lý lịch tư pháp",
        today=today,
    )


@transaction.atomic
def load_demo_publications(*, today: dt.date | None = None) -> dict[str, int]:
    """Create the demo publications once; returns how many publications exist and how many
    agencies need to publish again."""
    today = today or timezone.localdate()
    agencies = {o.code: o for o in Organisation.objects.filter(code__in=[STP, SKHCN])}
    if not agencies or Publication.objects.filter(agency__code__in=[STP, SKHCN]).exists():
        return {"publications": Publication.objects.count(), "republication": 0}
    dost = agencies.get(SKHCN)
    secretary, leader = _user("sokhcn.thuky"), _user("sokhcn.lanhdao")
    if dost is not None and secretary and leader:
        dates = _assigned_dates(dost)
        signed_on = max([today - dt.timedelta(days=45), *dates[-1:]])
        _publish(
            dost,
            secretary=secretary,
            leader=leader,
            signed_on=min(signed_on, today),
            number="68",
            notice_number="1890",
            website="https://skhcn.quangninh.gov.vn/cong-bo-he-thong-quan-ly-chat-luong-tcvn-iso-9001-2015",
            today=today,
        )
    stp = agencies.get(STP)
    secretary, leader = _user("stp.thuky"), _user("stp.lanhdao")
    if stp is not None and secretary and leader:
        dates = _assigned_dates(stp)
        if len(dates) >= 2:
            # The last day before the latest assignments on which every TTHC assigned so far had
            # its process (the department published at 100 %), else simply that day.
            complete = [d for d in dates[:-1] if selectors.live_scope(stp, as_of=d).complete]
            signed_on = (complete[-1] if complete else dates[-1] - dt.timedelta(days=1)) + dt.timedelta(days=1)
            signed_on = min(signed_on, dates[-1] - dt.timedelta(days=1))
            extra_needed = False
        else:
            signed_on = dates[0] if dates else dt.date(2025, 9, 15)
            extra_needed = True
        published = _publish(
            stp,
            secretary=secretary,
            leader=leader,
            signed_on=min(signed_on, today),
            number="215",
            notice_number="2760",
            website="https://sotuphap.quangninh.gov.vn/cong-bo-he-thong-quan-ly-chat-luong-tcvn-iso-9001-2015",
            today=today,
        )
        if published is not None and extra_needed:
            _assign_one_more(stp, _user("sokhcn.dieuphoi"), today)
    result = services.publication_check(actor=None, today=today)
    return {"publications": Publication.objects.count(), "republication": result.drifted}
