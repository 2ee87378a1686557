from typing import Any

from django.http import HttpRequest

from .workspace import workspace_for_request


def workspace(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"workspace": workspace_for_request(request)}
