"""Load the whole demonstration installation, app by app, in dependency order."""

from __future__ import annotations

import datetime as dt

from qms.documents.demo import load_demo_documents
from qms.legal.demo import load_legal_register
from qms.people.demo import load_demo


def load_everything(*, today: dt.date | None = None) -> tuple[list[tuple[str, str, str]], bool]:
    """Organisations and accounts, the legal register, then the agencies' QMS documents.

    Idempotent: each step does nothing when its data is already there."""
    accounts, created = load_demo()
    load_legal_register()
    load_demo_documents(today=today)
    return accounts, created
