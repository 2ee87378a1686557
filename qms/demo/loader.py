"""Load the whole demonstration installation, app by app, in dependency order."""

from __future__ import annotations

import datetime as dt

from qms.assessments.demo import load_demo_assessments
from qms.documents.demo import load_demo_documents
from qms.inspections.demo import load_demo_inspections
from qms.legal.demo import load_legal_register
from qms.people.demo import load_demo
from qms.procedures.demo import load_demo_procedures
from qms.procedures.demo_processes import load_demo_processes
from qms.publication.demo import load_demo_publications


def load_everything(*, today: dt.date | None = None) -> tuple[list[tuple[str, str, str]], bool]:
    """Organisations and accounts, the legal register, then the agencies' QMS documents.

    Idempotent: each step does nothing when its data is already there."""
    accounts, created = load_demo()
    load_legal_register()
    load_demo_documents(today=today)
    load_demo_procedures()  # the holiday calendar and the province's TTHC catalogue
    load_demo_processes(today=today)  # the demo processes' steps, forms, records and TTHC; coverage
    load_demo_publications(today=today)  # after the procedures and processes demos
    load_demo_assessments()
    load_demo_inspections(today=today)
    return accounts, created
