"""Where a generic subject or source lives, without this app knowing the apps that own it.

Obligations (and legal citations) point at other apps' rows through a content type and an id.
Each owning app registers the URL name of its detail page for its model once (in its
``AppConfig.ready``)::

    links.register("documents.Document", "documents:detail")

and pages build links from ``(content_type_id, object_id)`` pairs without loading the objects.
Whoever follows the link is checked by the owner's own selector.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

_URL_NAMES: dict[str, str] = {}


def register(model_label: str, url_name: str) -> None:
    """``model_label`` is ``"app_label.ModelName"``; ``url_name`` takes the object id as its only argument."""
    _URL_NAMES[model_label.lower()] = url_name


def unregister(model_label: str) -> None:
    _URL_NAMES.pop(model_label.lower(), None)


def url_for(content_type_id: int | None, object_id: int | None) -> str:
    """The detail URL of the object, or "" when its app registered none."""
    if not content_type_id or not object_id:
        return ""
    content_type = ContentType.objects.get_for_id(content_type_id)  # cached per process
    url_name = _URL_NAMES.get(f"{content_type.app_label}.{content_type.model}")
    if not url_name:
        return ""
    try:
        return reverse(url_name, args=[object_id])
    except NoReverseMatch:
        return ""
