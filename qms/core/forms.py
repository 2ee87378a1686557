"""Bootstrap 5 classes on form widgets, so forms render correctly without per-field markup."""

from __future__ import annotations

from typing import Any

from django import forms


def bootstrap_class(widget: forms.Widget) -> str:
    """The Bootstrap class a widget's input(s) need: ``form-control``, ``form-select``, …"""
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectDateWidget):
        return "form-select"
    input_type = getattr(widget, "input_type", "")
    if input_type == "range":
        return "form-range"
    if input_type == "color":
        return "form-control form-control-color"
    return "form-control"


def with_classes(existing: str | None, *extra: str) -> str:
    """``existing`` plus each class of ``extra`` not already present, order kept."""
    classes = (existing or "").split()
    for chunk in extra:
        for name in chunk.split():
            if name not in classes:
                classes.append(name)
    return " ".join(classes)


class BootstrapFormMixin:
    """Mix into a ``Form``/``ModelForm`` (first in the bases) to style its widgets.

    Widgets get ``form-control`` / ``form-select`` / ``form-check-input``; after validation the
    widgets of fields with errors also get ``is-invalid`` and ``aria-invalid``.
    """

    fields: dict[str, forms.Field]
    _errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            css = bootstrap_class(field.widget)
            if css:
                field.widget.attrs["class"] = with_classes(field.widget.attrs.get("class"), css)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is not None and not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs["class"] = with_classes(field.widget.attrs.get("class"), "is-invalid")
                field.widget.attrs["aria-invalid"] = "true"


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Give a choice field of ``form`` its choices (computed per request, e.g. from the user's scope)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices
