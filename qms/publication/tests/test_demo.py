"""The demo publications: Sở KH&CN current at 100 %, Sở Tư pháp published at 100 % then drifted
by the TTHC assigned since (with its obligation), others not published; loading twice changes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from qms.documents.demo import load_demo_documents
from qms.legal.demo import load_legal_register
from qms.obligations.models import Obligation, ObligationKind, ObligationStatus
from qms.organisations.models import Organisation
from qms.people.demo import load_demo
from qms.procedures.coverage import coverage_recompute
from qms.procedures.demo import load_demo_procedures
from qms.procedures.demo_processes import load_demo_processes
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


def test_demo_publication_is_current_when_every_assignment_has_one_date():
    """With the whole scope assigned on one day and covered, Sở Tư pháp publishes the day after
    and nothing has changed since: no re-publication."""
    load_demo()
    province = Organisation.objects.get(code="22")
    stp = Organisation.objects.get(code="22.STP")
    _scope(stp, province, "1.1", [dt.date(2025, 7, 15), dt.date(2025, 7, 15)])
    assert load_demo_publications(today=TODAY) == {"publications": 1, "republication": 0}
    publication = Publication.objects.get(agency=stp)
    assert (publication.signed_on, publication.coverage_assigned, publication.coverage_covered) == (
        dt.date(2025, 7, 16),
        2,
        2,
    )
    assert not selectors.publication_drift(stp)
    assert not Obligation.objects.filter(kind=ObligationKind.REPUBLICATION).exists()


def test_demo_publications_on_the_whole_demo():
    """On the full demo: Sở Tư pháp published a week after its last process of the July 2025 scope
    took effect (100 % then); the late-December decision's lawyers' TTHC are exactly the drift.
    Sở KH&CN published at 100 % and nothing changed since. The departments without demo accounts
    published a week after their processes took effect (Sở Nội vụ with its gap acknowledged); the
    new commune, the special zone, Sở NN&MT and the provincial office have not published."""
    load_demo()
    load_legal_register()
    load_demo_documents(today=TODAY)
    load_demo_procedures()
    load_demo_processes(today=TODAY)
    assert load_demo_publications(today=TODAY) == {"publications": 7, "republication": 1}

    stp = Organisation.objects.get(code="22.STP")
    publication = Publication.objects.get(agency=stp)
    assert (publication.reference, publication.signed_on) == ("215/QĐ-STP", dt.date(2025, 10, 27))
    assert (publication.coverage_assigned, publication.coverage_covered, publication.gap) == (13, 13, [])
    drift = selectors.publication_drift(stp)
    assert [(p["code"], p["field"]) for p in drift.added] == [("1.002055", "Luật sư"), ("1.002079", "Luật sư")]
    assert drift.counts() == {
        "added": 2,
        "removed": 0,
        "uncovered": 0,
        "processes_withdrawn": 0,
        "newly_covered": 0,
    }
    scope = selectors.live_scope(stp)
    assert (scope.assigned, scope.covered) == (15, 13)

    dost = Organisation.objects.get(code="22.SKHCN")
    current = Publication.objects.get(agency=dost)
    assert (current.reference, current.signed_on) == ("68/QĐ-SKHCN", TODAY - dt.timedelta(days=45))
    assert (current.coverage_assigned, current.coverage_covered) == (23, 23)
    assert not selectors.publication_drift(dost)
    assert [o.organisation.code for o in Obligation.objects.filter(kind=ObligationKind.REPUBLICATION)] == ["22.STP"]

    taken_over = {
        p.agency.code: (p.reference, p.signed_on, p.coverage_assigned, p.coverage_covered, p.signer_title)
        for p in Publication.objects.filter(issued_by__isnull=True).select_related("agency")
    }
    assert taken_over == {
        "22.SCT": ("302/QĐ-SCT", dt.date(2025, 9, 15), 10, 10, "Giám đốc"),
        "22.STC": ("1106/QĐ-STC", dt.date(2025, 9, 22), 32, 32, "Giám đốc"),
        "22.SNV": ("436/QĐ-SNV", dt.date(2025, 9, 29), 52, 48, "Giám đốc"),
        "22.SVHTTDL": ("540/QĐ-SVHTTDL", dt.date(2025, 10, 6), 8, 8, "Giám đốc"),
        "22.SYT": ("1231/QĐ-SYT", dt.date(2025, 10, 8), 6, 6, "Giám đốc"),
    }
    snv = Publication.objects.get(agency__code="22.SNV")
    assert snv.gap_acknowledged and [g["code"] for g in snv.gap] == ["1.013932", "1.013934", "1.013937", "2.001955"]
    for code in ("06688", "06994", "22.SNNMT", "22.VPUB"):
        assert selectors.current_publication(Organisation.objects.get(code=code)) is None
    assert all(p.is_posted for p in Publication.objects.all())
    assert load_demo_publications(today=TODAY) == {"publications": 7, "republication": 0}
