"""Form payloads shared by the legal page tests."""

from __future__ import annotations

from typing import Any

from qms.core.tests.pagekit import fresh
from qms.legal.models import LegalText


def text_data(text: LegalText | None = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "circular",
        "number": "26/2014/TT-BKHCN",
        "issuer": "Bộ Khoa học và Công nghệ",
        "title": "quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
        "signed_on": "2014-10-10",
        "effective_on": "2014-12-01",
        "expires_on": "",
        "url": "",
        "version": "",
    }
    if text is not None:
        text = fresh(text)
        data.update(
            kind=text.kind,
            number=text.number,
            issuer=text.issuer,
            title=text.title,
            signed_on=text.signed_on.isoformat() if text.signed_on else "",
            effective_on=text.effective_on.isoformat() if text.effective_on else "",
            expires_on=text.expires_on.isoformat() if text.expires_on else "",
            url=text.url,
            version=text.version,
        )
    data.update(overrides)
    return data


def replace_data(*numbers: str, relation: str = "replace", confirm: bool = False) -> dict[str, Any]:
    data = {"relation": relation, "numbers": "\n".join(numbers)}
    if confirm:
        data["confirm"] = "True"
    return data
