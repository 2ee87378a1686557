"""Importing a filled score sheet into an assessment: upload, preview (every stated subtotal,
total and maximum that disagrees with the leaves; errors by row), then confirm."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qms.core.formerrors import add_service_errors

from . import access, scoresheet, selectors
from .forms import SheetUploadForm
from .models import EDITABLE_STATUSES
from .services_import import scoresheet_import

SESSION_KEY = "assessments.sheet_import"
MAX_SHEET_BYTES = 2 * 1024 * 1024


def _run(request: HttpRequest, assessment: Any, data: bytes, filename: str, *, dry_run: bool) -> Any:
    return scoresheet_import(
        actor=request.user,
        rubric=assessment.rubric,
        kind=assessment.kind,
        data=data,
        filename=filename,
        agency=assessment.agency,
        year=assessment.year,
        dry_run=dry_run,
    )


@require_http_methods(["GET", "POST"])
def sheet_import(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    if not access.may_score(request.user, assessment):
        raise PermissionDenied
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"assessment": assessment, "form": form, "report": None, "token": ""}
    if assessment.status not in EDITABLE_STATUSES:
        messages.error(request, _("Bản đánh giá đã nộp và đang bị khoá: không nhập điểm được."))
        return redirect("assessments:detail", assessment.pk)
    if request.method == "POST" and request.POST.get("token"):
        stored = request.session.get(SESSION_KEY) or {}
        if stored.get("token") != request.POST["token"] or stored.get("assessment") != assessment.pk:
            messages.error(request, _("Phiên nhập tệp đã hết hạn. Hãy chọn lại tệp."))
            return redirect("assessments:import", assessment.pk)
        data = base64.b64decode(stored["data"])
        try:
            report = _run(request, assessment, data, stored["filename"], dry_run=False)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("assessments:import", assessment.pk)
        if report.errors:
            context.update(report=report, filename=stored["filename"])
            return render(request, "assessments/import.html", context)
        request.session.pop(SESSION_KEY, None)
        if report.written:
            messages.success(
                request,
                _("Đã nhập điểm %(n)s tiêu chí từ “%(file)s”. Tổng điểm tính lại: %(total)s.")
                % {"n": report.changed, "file": stored["filename"], "total": _fmt(report.computed_total)},
            )
        else:
            messages.info(request, _("Không có gì thay đổi: điểm trong tệp đã có trong bản đánh giá."))
        return redirect("assessments:detail", assessment.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        if upload.size > MAX_SHEET_BYTES:
            form.add_error("upload", _("Tệp lớn quá 2 MB: không phải một bảng điểm."))
        else:
            data = upload.read()
            try:
                report = _run(request, assessment, data, upload.name, dry_run=True)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                token = ""
                if not report.errors:
                    token = secrets.token_urlsafe(16)
                    request.session[SESSION_KEY] = {
                        "token": token,
                        "assessment": assessment.pk,
                        "filename": upload.name,
                        "data": base64.b64encode(data).decode("ascii"),
                    }
                context.update(report=report, token=token, filename=upload.name)
    if context["report"] is not None:
        context["mismatch_lines"] = [
            {"m": m, "text": scoresheet.mismatch_text(m)} for m in context["report"].mismatches
        ]
    return render(request, "assessments/import.html", context)


def _fmt(value: Any) -> str:
    from .scoring import fmt

    return fmt(value)
