"""Template helpers shared by every page: ``{% load qms_tags %}``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField
from django.forms.widgets import HiddenInput
from django.template.base import Parser, Token
from django.utils.safestring import mark_safe

from qms.core import audit
from qms.core.display import format_date
from qms.core.forms import bootstrap_class, with_classes

register = template.Library()

EMPTY = "—"


@register.filter
def verb_label(verb: str) -> str:
    """The human label registered for an audit verb (``organisation.create`` → "Tạo tổ chức")."""
    return audit.verb_label(str(verb or ""))


@register.filter
def audit_describe(event: Any) -> audit.EventDisplay:
    """An audit event as shown: ``.verb``, ``.target_type``, ``.target``, ``.summary`` (one line),
    ``.rows`` (the changes), ``.more`` (rows not listed) and ``.line`` (never empty)."""
    return audit.describe(event)


@register.filter
def vn_date(value: Any) -> str:
    """A date as ``21/11/2026``; an aware datetime in local time; nothing as "—"."""
    if isinstance(value, dt.date):
        return format_date(value)
    return EMPTY if value is None or value == "" else str(value)


@register.simple_tag
def active_if(request_path: str, prefix: str) -> str:
    """``"active"`` when ``request_path`` is under ``prefix`` (``"/"`` only matches itself)."""
    path, prefix = str(request_path or ""), str(prefix or "")
    if not prefix:
        return ""
    if prefix == "/":
        return "active" if path == "/" else ""
    return "active" if path.startswith(prefix) else ""


@register.filter
def bs_widget(field: Any) -> Any:
    """Render a bound field's widget with its Bootstrap class and ``is-invalid`` on errors.

    Django adds ``aria-describedby`` pointing at ``<auto_id>_helptext`` and ``<auto_id>_error``.
    """
    if not isinstance(field, BoundField):
        return field
    widget = field.field.widget
    if isinstance(widget, HiddenInput):
        return field.as_widget()
    css = with_classes(widget.attrs.get("class"), bootstrap_class(widget))
    attrs: dict[str, str | bool] = {}
    if field.errors:
        css = with_classes(css, "is-invalid")
        attrs["aria-invalid"] = "true"
    if css:
        attrs["class"] = css
    return field.as_widget(attrs=attrs)


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, varname: str) -> None:
        self.nodelist = nodelist
        self.varname = varname

    def render(self, context: template.Context) -> str:
        # The body was rendered by the template engine, so it is already escaped.
        context[self.varname] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """``{% capture as name %}…{% endcapture %}``: render the body (blocks included) into ``name``.

    The base layout uses it to leave out a wrapper when a block is empty.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
