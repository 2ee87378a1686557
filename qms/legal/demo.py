"""The shipped legal register: the QMS's own legal bases (QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN,
QĐ 101/QĐ-BKHCN, NĐ 30/2020/NĐ-CP, NĐ 61/2018/NĐ-CP and its amendment 107/2021/NĐ-CP, TCVN ISO
9001:2015) and 91 real texts cited by published administrative procedures (data/legal-texts.csv).

Loaded through the import service, so it is validated, audited and idempotent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from .models import LegalText
from .services import legal_text_amend
from .services_import import legal_texts_import

DATA_FILE = Path(__file__).resolve().parent / "data" / "legal-texts.csv"

# (new, old): the new text amends the old one, as the new text's own summary says.
AMENDMENTS = [
    ("107/2021/NĐ-CP", "61/2018/NĐ-CP"),
    ("280/2025/NĐ-CP", "23/2015/NĐ-CP"),  # "sửa đổi, bổ sung một số điều của Nghị định số 23/2015/NĐ-CP"
    ("239/2025/NĐ-CP", "31/2021/NĐ-CP"),  # "sửa đổi bổ sung một số điều của nghị định số 31/2021/NĐ-CP"
]


@transaction.atomic
def load_legal_register(actor: Any = None) -> int:
    """Import the shipped register and record the known amendments; returns how many texts were
    created (0 when it was already loaded)."""
    result = legal_texts_import(actor=actor, path=DATA_FILE)
    for new_number, old_number in AMENDMENTS:
        new = LegalText.objects.get(number=new_number)
        old = LegalText.objects.get(number=old_number)
        if not new.amends.filter(pk=old.pk).exists():
            legal_text_amend(actor=actor, new=new, old_texts=[old])
    return result.created
