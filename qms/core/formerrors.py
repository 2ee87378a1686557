from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError beside the matching fields (or above the form).

    ``field_map`` renames service argument names to form field names (``password`` → ``password1``).
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = (field_map or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
