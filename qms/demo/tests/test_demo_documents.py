"""The whole demo, as an inspector would read it: its official documents carry no demo label,
every process in force is in the standard layout, and its histories are dated coherently."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest
from django.utils import timezone

from qms.core.display import local_date
from qms.core.officedoc import render_docx
from qms.demo.loader import load_everything
from qms.documents.models import DecisionKind, Document, DocumentKind, DocumentRevision, RevisionStatus
from qms.inspections import selectors_consolidation as consolidation
from qms.inspections import word as inspection_word
from qms.inspections.models import InspectionDecision, InspectionPlan, Minutes
from qms.organisations.models import Organisation
from qms.procedures import selectors_processes
from qms.procedures import word as process_word
from qms.procedures.models import ProcessContent
from qms.publication import selectors as publication_selectors
from qms.publication import word as publication_word
from qms.publication.models import Publication

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DEMO_WORDS = ("minh hoạ", "minh họa", "trình diễn", "demo")


def _text(data: bytes) -> str:
    document = docx.Document(BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _generated_documents() -> dict[str, bytes]:
    admin = None
    from qms.people.models import User

    admin = User.objects.filter(is_superuser=True).first()
    out: dict[str, bytes] = {}
    for document in Document.objects.filter(kind=DocumentKind.PROCESS, status="effective"):
        page = selectors_processes.process_get_for_user(admin, document.pk)
        out[f"process {document.code}"] = process_word.render_process(page)
    for publication in Publication.objects.all():
        shown = publication_selectors.with_live_scope(publication)
        out[f"decision {publication.pk}"] = publication_word.render_decision(shown)
        out[f"notice {publication.pk}"] = publication_word.render_notice(shown)
    for plan in InspectionPlan.objects.all():
        out[f"plan {plan.pk}"] = render_docx(inspection_word.plan_document(plan))
    for decision in InspectionDecision.objects.all():
        out[f"inspection decision {decision.pk}"] = render_docx(inspection_word.decision_document(decision))
    for minutes in Minutes.objects.all():
        out[f"minutes {minutes.pk}"] = render_docx(inspection_word.minutes_document(minutes))
    root = Organisation.objects.get(code="22")
    defaults = consolidation.default_issuer(root, 2026)
    report = inspection_word.report_document(
        consolidation.consolidation_get(root, 2026),
        issuer=defaults["issuer"],
        issuer_parent=defaults["issuer_parent"],
        date=defaults["date"],
    )
    out["november report"] = render_docx(report)
    return out


def test_the_demo_as_an_inspector_reads_it(settings):
    settings.LANGUAGE_CODE = "vi"
    load_everything()
    today = timezone.localdate()

    # Item 4: demo configuration is marked in the interface, never inside an official document.
    documents = _generated_documents()
    assert len(documents) > 60
    for name, data in documents.items():
        text = _text(data).lower()
        assert not [w for w in DEMO_WORDS if w in text], name

    # Item 6: every process in force (or approved) has steps, and a process of TTHC serves some.
    issued = DocumentRevision.objects.filter(
        document__kind=DocumentKind.PROCESS, status__in=[RevisionStatus.EFFECTIVE, RevisionStatus.APPROVED]
    )
    for revision in issued:
        content = ProcessContent.objects.get(revision=revision)
        assert content.steps.exists(), revision

    # Item 8: submitted, then reviewed, then approved, then in force; approved before effective.
    checked = 0
    for revision in DocumentRevision.objects.filter(effective_from__isnull=False).prefetch_related("decisions"):
        times = {d.kind: d.decided_at for d in revision.decisions.all()}
        submit, passed, approve = (times.get(k) for k in (DecisionKind.SUBMIT, DecisionKind.PASS, DecisionKind.APPROVE))
        if approve is None:
            continue
        assert submit <= passed <= approve, revision
        assert local_date(approve) <= revision.effective_from, revision
        if revision.effective_from < today - dt.timedelta(days=30):
            # history: not everything dated the day the demo was loaded
            assert local_date(approve) < today, revision
        checked += 1
    assert checked > 50
