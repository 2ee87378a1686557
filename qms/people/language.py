"""The language of the interface: Vietnamese for everyone, English only by the user's own choice.

The browser's ``Accept-Language`` and Django's language cookie are never consulted (an English
browser in a Vietnamese agency must not turn the product English). The language is, in order:

1. the logged-in user's choice, kept on their profile (``User.language``, set from the user menu);
2. the choice a visitor made for this session (the language switch on the anonymous pages, also
   carried into the session of a user who has not chosen on their profile);
3. ``settings.LANGUAGE_CODE`` (Vietnamese).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SESSION_KEY = "qms_language"


def supported(code: str | None) -> bool:
    return bool(code) and code in {c for c, _n in settings.LANGUAGES}


def language_for_request(request: HttpRequest) -> str:
    user: Any = getattr(request, "user", None)
    if user is not None and user.is_authenticated and supported(getattr(user, "language", "")):
        return str(user.language)
    session = getattr(request, "session", None)
    chosen = session.get(SESSION_KEY) if session is not None else None
    if supported(chosen):
        return str(chosen)
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Replaces Django's ``LocaleMiddleware``: activates :func:`language_for_request`.

    Sits after ``AuthenticationMiddleware`` (it reads the user's profile)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        return response
