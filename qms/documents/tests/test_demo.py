"""The demo documents: a realistic QMS for Sở Tư pháp in every lifecycle state, created through the
services as the demo people, and loaded only once."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util

import pytest
from django.contrib.contenttypes.models import ContentType

from qms.core.models import AuditEvent
from qms.documents.demo import load_demo_documents
from qms.documents.models import (
    ChangeRequest,
    ChangeRequestStatus,
    DecisionKind,
    Distribution,
    Document,
    DocumentKind,
    DocumentRevision,
    DocumentStatus,
    RevisionDecision,
    RevisionStatus,
)
from qms.documents.selectors import awaiting_my_decision, revision_header
from qms.legal.models import LegalCitation
from qms.people.demo import load_demo
from qms.people.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 11, 21)
HAS_LEGAL_DEMO = importlib.util.find_spec("qms.legal.demo") is not None


def _load_legal() -> None:
    """The shipped register, or, while its file still has rows the importer refuses (texts without
    a title), the rows it accepts: this test checks the documents, not the register."""
    if not HAS_LEGAL_DEMO:
        return
    from qms.legal.demo import DATA_FILE, load_legal_register
    from qms.legal.importing import LegalImportError
    from qms.legal.services_import import legal_texts_import

    try:
        load_legal_register()
    except LegalImportError:
        with open(DATA_FILE, encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["title"].strip()]
        legal_texts_import(actor=None, rows=[{k: v for k, v in r.items() if k != "source"} for r in rows])


def _snapshot() -> tuple[int, ...]:
    return (
        Document.objects.count(),
        DocumentRevision.objects.count(),
        RevisionDecision.objects.count(),
        Distribution.objects.count(),
        Distribution.objects.filter(acknowledged_at__isnull=False).count(),
        ChangeRequest.objects.count(),
        LegalCitation.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def demo():
    load_demo()
    _load_legal()
    return load_demo_documents(today=TODAY)


def _counts(demo):
    assert demo["documents"] >= 35
    assert demo["revisions"] > demo["documents"]
    assert demo["distributions"] >= 40
    assert demo["change_requests"] == 3
    if HAS_LEGAL_DEMO:
        assert demo["legal_texts_missing"] == 0
        assert demo["legal_bases"] >= 80


def _sotuphap_has_an_effective_system(demo):
    stp = Document.objects.filter(agency__code="22.STP")
    for kind in (DocumentKind.MANUAL, DocumentKind.POLICY, DocumentKind.OBJECTIVES, DocumentKind.EXTERNAL):
        assert stp.filter(kind=kind, status=DocumentStatus.EFFECTIVE).exists(), kind
    assert stp.filter(kind=DocumentKind.PROCESS, status=DocumentStatus.EFFECTIVE).count() >= 5
    assert stp.filter(kind=DocumentKind.FORM, status=DocumentStatus.EFFECTIVE).count() >= 4
    assert stp.filter(kind=DocumentKind.GUIDANCE, status=DocumentStatus.EFFECTIVE).exists()

    manual = stp.get(code="STCL")
    assert manual.current_revision.number == 2
    assert manual.current_revision.change_summary
    assert manual.revisions.get(number=1).status == RevisionStatus.SUPERSEDED
    assert "8.3" in manual.current_revision.content
    assert "CÔNG KHAI - MINH BẠCH - HIỆN ĐẠI - HIỆU QUẢ" in stp.get(code="CSCL").current_revision.content
    assert "≥ 98 %" in stp.get(code="MTCL-2026").current_revision.content


def _processes_follow_the_standard_layout_and_are_approved_by_the_head(demo):
    process = Document.objects.get(agency__code="22.STP", code="QT 01/HCTP")
    text = process.current_revision.content
    headings = ["1. MỤC ĐÍCH", "2. PHẠM VI", "3. TÀI LIỆU VIỆN DẪN", "4. ĐỊNH NGHĨA, VIẾT TẮT", "5.2. Thành phần hồ sơ"]
    headings += ["5.4. Thời gian xử lý", "5.7. Quy trình xử lý công việc", "6. BIỂU MẪU", "7. HỒ SƠ CẦN LƯU", "Bước 1."]
    for heading in headings:
        assert heading in text, heading
    assert "10 ngày làm việc" in text
    header = revision_header(process.current_revision)
    assert header.approved.name == "Nguyễn Văn Minh"
    assert header.drafted.name == "Phạm Thị Lan"
    assert process.current_revision.effective_from == dt.date(2024, 6, 3)


def _every_lifecycle_state_is_shown(demo):
    stp = DocumentRevision.objects.filter(document__agency__code="22.STP")
    leader = User.objects.get(username="stp.lanhdao")
    in_review = stp.get(status=RevisionStatus.IN_REVIEW)
    assert (in_review.document.code, in_review.number, in_review.reviewer) == ("QT 01/HCTP", 2, leader)
    assert in_review in awaiting_my_decision(leader)
    [future] = stp.filter(status=RevisionStatus.APPROVED)
    assert future.effective_from == TODAY + dt.timedelta(days=7)
    assert Document.objects.filter(agency__code="22.STP", status=DocumentStatus.OBSOLETE).count() == 1
    assert Document.objects.get(agency__code="22.STP", status=DocumentStatus.OBSOLETE).withdrawn_reason
    draft = Document.objects.get(agency__code="22.STP", code="QT 07/XDKT")
    assert draft.status == DocumentStatus.DRAFT
    assert draft.revisions.get().status == RevisionStatus.DRAFT


def _change_requests_and_reading(demo):
    canbo = User.objects.get(username="stp.canbo")
    requests = ChangeRequest.objects.filter(document__agency__code="22.STP", raised_by=canbo)
    assert requests.filter(status=ChangeRequestStatus.OPEN).count() == 1
    done = requests.get(status=ChangeRequestStatus.DONE)
    assert done.revision.status == RevisionStatus.EFFECTIVE and done.revision.number == 2
    assert requests.get(status=ChangeRequestStatus.ACCEPTED).revision.status == RevisionStatus.IN_REVIEW
    mine = Distribution.objects.filter(user=canbo, revision__status=RevisionStatus.EFFECTIVE)
    assert mine.filter(acknowledged_at__isnull=True).count() >= 3
    assert mine.filter(acknowledged_at__isnull=False).count() >= 5


def _effective_processes_cite_their_legal_bases(demo):
    if not HAS_LEGAL_DEMO:  # the legal register loader is not there yet
        return
    document_type = ContentType.objects.get_for_model(Document)
    processes = Document.objects.filter(kind=DocumentKind.PROCESS, status=DocumentStatus.EFFECTIVE)
    assert processes.count() >= 13
    for process in processes:
        cited = LegalCitation.objects.filter(target_type=document_type, target_id=process.pk).count()
        assert cited >= 2, process.code


def _smaller_systems_for_the_ward_and_the_dost(demo):
    halong = Document.objects.filter(agency__code="06688", status=DocumentStatus.EFFECTIVE)
    assert {"CSCL", "MTCL-2026", "QT 01/TP", "QT 02/TP", "QT 03/TP"} <= set(halong.values_list("code", flat=True))
    assert halong.get(code="QT 01/TP").current_revision.decisions.get(kind=DecisionKind.APPROVE).actor_name == (
        "Bùi Quang Huy"
    )
    dost = Document.objects.filter(agency__code="22.SKHCN", status=DocumentStatus.EFFECTIVE)
    assert dost.filter(kind=DocumentKind.POLICY).exists()
    assert dost.filter(kind=DocumentKind.PROCESS).count() == 2


def test_the_demo_is_a_realistic_qms_in_every_state(demo):
    _counts(demo)
    _sotuphap_has_an_effective_system(demo)
    _processes_follow_the_standard_layout_and_are_approved_by_the_head(demo)
    _every_lifecycle_state_is_shown(demo)
    _change_requests_and_reading(demo)
    _effective_processes_cite_their_legal_bases(demo)
    _smaller_systems_for_the_ward_and_the_dost(demo)


def test_loading_twice_changes_nothing(demo):
    before = _snapshot()
    again = load_demo_documents(today=TODAY)
    assert set(again.values()) == {0}
    assert _snapshot() == before
