"""The demo publications: Sở KH&CN current, Sở Tư pháp drifted with its obligation, others not
published; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.obligations.models import Obligation, ObligationKind, ObligationStatus
from qms.organisations.models import Organisation
from qms.people.demo import load_demo
from qms.procedures.coverage import coverage_recompute
from qms.procedures.models import ProcedureAssignment
from qms.publication import selectors
from qms.publication.demo import load_demo_publications
from qms.publication.models import Publication, PublicationStatus

from .conftest import make_procedure, make_process

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 11, 21)


def _scope(agency: Organisation, province: Organisation, prefix: str, dates: list[dt.date]) -> None:
    """One TTHC per date, each covered by its own process."""
    for i, day in enumerate(dates, start=1):
        procedure = make_procedure(province, f"{prefix}.{i:03d}", f"Thủ tục {prefix} số {i}", "Lĩnh vực thử")
        ProcedureAssignment.objects.create(procedure=procedure, agency=agency, scope_path=agency.path, assigned_on=day)
        make_process(agency, f"QT {prefix}-{i:02d}", f"Quy trình {prefix} số {i}", [procedure])
    coverage_recompute(agency_ids=[agency.pk], today=TODAY)


def test_demo_publications():
    load_demo()
    province = Organisation.objects.get(code="22")
    stp = Organisation.objects.get(code="22.STP")
    dost = Organisation.objects.get(code="22.SKHCN")
    halong = Organisation.objects.get(code="06688")
    _scope(stp, province, "1.1", [dt.date(2025, 6, 2), dt.date(2025, 6, 2), dt.date(2026, 10, 12)])
    _scope(dost, province, "1.2", [dt.date(2025, 12, 1)])

    result = load_demo_publications(today=TODAY)
    assert result == {"publications": 2, "republication": 1}

    stp_pub = Publication.objects.get(agency=stp)
    assert stp_pub.status == PublicationStatus.ISSUED
    assert (stp_pub.reference, stp_pub.signed_on) == ("215/QĐ-STP", dt.date(2025, 6, 3))
    assert (stp_pub.coverage_assigned, stp_pub.coverage_covered) == (2, 2)
    assert stp_pub.is_posted and stp_pub.decision_file and stp_pub.notice_file
    drift = selectors.publication_drift(stp)
    assert [p["code"] for p in drift.added] == ["1.1.003"]
    obligation = Obligation.objects.get(kind=ObligationKind.REPUBLICATION)
    assert (obligation.organisation, obligation.status) == (stp, ObligationStatus.OPEN)
    assert obligation.due_on == TODAY + dt.timedelta(days=30)

    dost_pub = Publication.objects.get(agency=dost)
    assert dost_pub.reference == "68/QĐ-SKHCN"
    assert dost_pub.signed_on == TODAY - dt.timedelta(days=45)
    assert not selectors.publication_drift(dost)
    assert dost_pub.notice_recipient_name == "Sở Khoa học và Công nghệ tỉnh Quảng Ninh"

    assert selectors.current_publication(halong) is None

    assert load_demo_publications(today=TODAY) == {"publications": 2, "republication": 0}
    assert Publication.objects.count() == 2
    assert Obligation.objects.filter(kind=ObligationKind.REPUBLICATION).count() == 1


def test_demo_adds_a_tthc_when_every_assignment_has_one_date():
    """With the whole scope assigned on one day, the drift comes from a decision the coordinator
    imports after the publication (as the procedures demo's catalogue would not give one)."""
    load_demo()
    province = Organisation.objects.get(code="22")
    stp = Organisation.objects.get(code="22.STP")
    _scope(stp, province, "1.1", [dt.date(2025, 7, 15), dt.date(2025, 7, 15)])
    assert load_demo_publications(today=TODAY)["republication"] == 1
    drift = selectors.publication_drift(stp)
    assert [(p["code"], p["field"]) for p in drift.added] == [("2.000505", "Lý lịch tư pháp")]
    assert Publication.objects.get(agency=stp).signed_on == dt.date(2025, 7, 15)
