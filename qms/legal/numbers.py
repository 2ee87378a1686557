"""The "số, ký hiệu" of legal texts: normal form and shape check.

A Vietnamese legal text is numbered ``<number>/<year>/<symbol>`` (the year since 2013 for legal
normative documents, e.g. ``19/2014/QĐ-TTg``) or ``<number>/<symbol>`` (individual decisions,
``101/QĐ-BKHCN``). The symbol is the kind abbreviation and the issuer abbreviation joined by
hyphens (``TT-BKHCN``, ``TTLT-BQP-BLĐTBXH-BTC``, ``QH15``, ``UBTVQH``), letters may be lower case
(``TTg``) and include Đ. Standards are numbered ``TCVN ISO 9001:2015``, ``ISO/IEC 17025:2017``,
``QCVN 01:2009/BYT``.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from .models import LegalTextKind

# A symbol part: letters (any script, so Đ and đ) or digits, starting with a letter.
_PART = r"[^\W\d_][^\W_]*"
LEGAL_NUMBER_RE = re.compile(rf"^\d{{1,6}}[a-z]?/(?:(?:19|20)\d{{2}}/)?{_PART}(?:-{_PART})*$")
STANDARD_NUMBER_RE = re.compile(
    r"^(?:TCVN|QCVN|TCN|ISO|IEC|EN|BS)(?:[ /](?:ISO|IEC|TR|TS|IWA))*"
    r" \d+(?:[-.]\d+)*(?::\d{4})?(?:/(?:[^\W_]+(?:-[^\W_]+)*))?$"
)


def normalise_number(raw: str) -> str:
    """NFC, single spaces, no spaces around ``/``, ``-`` and ``:``: "19 / 2014 /QĐ - TTg" → "19/2014/QĐ-TTg"."""
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = " ".join(text.split())
    return re.sub(r"\s*([/:-])\s*", r"\1", text)


def number_error(kind: str, number: str) -> str:
    """Why ``number`` (already normalised) is not a valid "số, ký hiệu" for ``kind``; "" if it is."""
    if not number:
        return _("Số, ký hiệu không được để trống.")
    if kind == LegalTextKind.STANDARD:
        if STANDARD_NUMBER_RE.match(number):
            return ""
        return _(
            "Số hiệu tiêu chuẩn “%(n)s” không đúng dạng. Ví dụ đúng: TCVN ISO 9001:2015, ISO 9001:2015, QCVN 01:2009/BYT."
        ) % {"n": number}
    if LEGAL_NUMBER_RE.match(number):
        return ""
    if kind == LegalTextKind.OTHER and STANDARD_NUMBER_RE.match(number):
        return ""
    return _(
        "Số, ký hiệu “%(n)s” không đúng dạng số/năm/ký hiệu. "
        "Ví dụ đúng: 19/2014/QĐ-TTg, 26/2014/TT-BKHCN, 101/QĐ-BKHCN, 54/2024/QH15."
    ) % {"n": number}
