"""Pages of processes (quy trình): the agency's list with coverage columns, one process in the
standard layout with its checks, its Word file, and the editors of a draft (sections, steps with
htmx, records, procedures). Review, approval and distribution stay on the document pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core.audit import history_for
from qms.core.formerrors import add_service_errors
from qms.core.officedoc import docx_response
from qms.core.pagination import paginate, querystring_without_page
from qms.documents import selectors as document_selectors
from qms.documents import services as document_services
from qms.organisations import policy
from qms.organisations.policy import Perm
from qms.people.workspace import workspace_for_request

from . import selectors_processes as selectors
from . import services_processes as services
from . import word
from .forms_processes import SECTION_NAMES, ProceduresForm, ProcessCreateForm, RecordForm, SectionsForm, StepForm

STATUSES = ("draft", "effective", "obsolete")


def _agency_filter(request: HttpRequest) -> Any:
    """The agency of the active workspace; none for subtree roles (they see their whole subtree)."""
    workspace = workspace_for_request(request)
    organisation = workspace.organisation
    if organisation is None or (workspace.active is not None and workspace.active.role in policy.SUBTREE_ROLES):
        return None
    return organisation.agency


def _number(request: HttpRequest) -> int | None:
    try:
        return int(request.GET["lan"])
    except (KeyError, ValueError):
        return None


# --- list, detail, Word --------------------------------------------------------------------------


def process_list(request: HttpRequest) -> HttpResponse:
    agency = _agency_filter(request)
    status = request.GET.get("status", "")
    documents = selectors.process_document_list_for_user(
        request.user,
        agency=agency,
        q=request.GET.get("q", "").strip(),
        status=status if status in STATUSES else "",
    )
    page_obj = paginate(request, documents)
    return render(
        request,
        "procedures/process_list.html",
        {
            "page_obj": page_obj,
            "rows": selectors.process_rows(request.user, list(page_obj.object_list)),
            "querystring": querystring_without_page(request),
            "status": status,
            "agency": agency,
            "coverage": selectors.coverage_for_list(request.user, agency),
            "can_create": workspace_for_request(request).can(Perm.DOC_MANAGE),
        },
    )


def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.process_get_for_user(request.user, pk, number=_number(request))
    events = (
        history_for(page.content).select_related("target_type")[:30]
        if page.content is not None and page.can_drafts
        else []
    )
    return render(request, "procedures/process_detail.html", {"page": page, "events": events})


def process_word(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.process_get_for_user(request.user, pk, number=_number(request))
    data = word.render_process(page)
    return docx_response(data, word.filename(page))


@require_POST
def process_revision_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the next revision of a process from its effective content, then edit it here."""
    document = selectors.process_document_get_for_user(request.user, pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, document.organisation):
        raise PermissionDenied
    try:
        revision = document_services.revision_start(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("procedures:process_detail", document.pk)
    messages.success(
        request,
        _("Đã mở dự thảo lần ban hành %(n)s từ nội dung hiện hành; hãy sửa các mục cần thay đổi.")
        % {"n": revision.number},
    )
    return redirect("procedures:process_edit", revision.pk)


# --- creating ------------------------------------------------------------------------------------


def process_create(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    agency = workspace.organisation.agency if workspace.organisation is not None else None
    owners = document_selectors.owner_choices_for_user(request.user, agency=agency)
    if not owners:
        raise PermissionDenied
    agency = agency or owners[0].agency
    if agency is None:
        raise PermissionDenied
    owners = [o for o in owners if o.agency_id == agency.pk]
    units = selectors.unit_choices(agency)
    form = ProcessCreateForm(request.POST or None, owners=owners, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next(o for o in owners if o.pk == data["organisation"])
        try:
            content = services.process_create(
                actor=request.user,
                organisation=owner,
                code=data["code"],
                title=data["title"],
                purpose=data["purpose"],
                scope=data["scope"],
                distribute_to_units=[u for u in units if u.pk in data["distribute_to_units"]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã tạo quy trình “%(doc)s” (dự thảo lần ban hành 1). Hãy soạn các bước xử lý.")
                % {"doc": content.document},
            )
            return redirect("procedures:process_steps", content.revision_id)
    return render(request, "procedures/process_create.html", {"form": form})


@require_POST
def process_content_start(request: HttpRequest, revision_pk: int) -> HttpResponse:
    """Give a draft of a process written as plain text its structured content."""
    revision = selectors.revision_for_process_get_for_user(request.user, revision_pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, revision.document.organisation):
        raise PermissionDenied
    try:
        services.process_content_create(actor=request.user, revision=revision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('procedures:process_detail', args=[revision.document_id])}?lan={revision.number}")
    messages.success(request, _("Đã tạo nội dung có cấu trúc; hãy soạn các mục và các bước."))
    return redirect("procedures:process_edit", revision.pk)


# --- editing a draft -----------------------------------------------------------------------------


def _editable(request: HttpRequest, revision_pk: int) -> Any:
    """The content of a draft the user may edit: 404 when unseen, 403 without the right, and a
    message back to the process page when the revision is no longer a draft."""
    content = selectors.draft_content_get_for_user(request.user, revision_pk)
    if not policy.has_perm(request.user, Perm.DOC_MANAGE, content.document.organisation):
        raise PermissionDenied
    return content


def _detail_url(content: Any) -> str:
    return f"{reverse('procedures:process_detail', args=[content.document_id])}?lan={content.revision.number}"


def _frozen(request: HttpRequest, content: Any) -> HttpResponse | None:
    if content.revision.status == "draft":
        return None
    messages.error(
        request,
        _("Lần ban hành %(n)s đang ở trạng thái “%(s)s”: chỉ sửa được nội dung khi còn là dự thảo.")
        % {"n": content.revision.number, "s": content.revision.get_status_display()},
    )
    return redirect(_detail_url(content))


def _edit_context(content: Any, tab: str, **extra: Any) -> dict[str, Any]:
    return {"content": content, "revision": content.revision, "document": content.document, "tab": tab, **extra}


def process_edit(request: HttpRequest, revision_pk: int) -> HttpResponse:
    content = _editable(request, revision_pk)
    if (refused := _frozen(request, content)) is not None:
        return refused
    initial = {name: getattr(content, name) for name in SECTION_NAMES}
    form = SectionsForm(request.POST or None, initial={**initial, "version": content.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.process_update(
                actor=request.user,
                content=content,
                expected_version=data["version"],
                **{name: data[name] for name in SECTION_NAMES},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu các mục của quy trình."))
            return redirect("procedures:process_steps", content.revision_id)
    return render(request, "procedures/process_edit.html", _edit_context(content, "muc", form=form))


# --- steps ---------------------------------------------------------------------------------------


def _step_form(content: Any, data: Any = None, **kwargs: Any) -> StepForm:
    return StepForm(
        data,
        units=selectors.unit_choices(content.agency),
        form_documents=selectors.form_choices(content.agency),
        **kwargs,
    )


def _step_data(form: StepForm, content: Any) -> services.StepData:
    data = form.cleaned_data
    units = {u.pk: u for u in selectors.unit_choices(content.agency)}
    documents = {d.pk: d for d in selectors.form_choices(content.agency)}
    return services.StepData(
        title=data["title"],
        description=data["description"],
        responsible_unit=units.get(data["responsible_unit"]) if data["responsible_unit"] else None,
        responsible_role=data["responsible_role"],
        duration=data["duration"],
        duration_unit=data["duration_unit"],
        time_note=data["time_note"],
        output=data["output"],
        forms=[documents[pk] for pk in data["step_forms"] if pk in documents],
    )


def _steps_page(request: HttpRequest, content: Any, **extra: Any) -> HttpResponse:
    content = selectors.draft_content_get_for_user(request.user, content.revision_id)  # fresh after a write
    context = _edit_context(
        content,
        "buoc",
        checks=selectors.process_checks(content),
        add_form=extra.pop("add_form", None) or _step_form(content, initial={"version": content.version}),
        **extra,
    )
    template = "procedures/process_steps.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#steps-editor"
    return render(request, template, context)


def process_steps(request: HttpRequest, revision_pk: int) -> HttpResponse:
    """The steps editor; a POST adds a step (at ``position``, default last)."""
    content = _editable(request, revision_pk)
    if (refused := _frozen(request, content)) is not None:
        return refused
    if request.method != "POST":
        return _steps_page(request, content)
    form = _step_form(content, request.POST)
    if form.is_valid():
        try:
            step = services.process_step_add(
                actor=request.user,
                content=content,
                expected_version=form.cleaned_data["version"],
                data=_step_data(form, content),
                position=form.cleaned_data["position"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"forms": "step_forms"})
        else:
            done = _("Đã thêm bước %(n)s.") % {"n": step.order}
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, done)
                return redirect("procedures:process_steps", content.revision_id)
            return _steps_page(request, content, notice=done)
    return _steps_page(request, content, add_form=form)


def process_step_edit(request: HttpRequest, revision_pk: int, step_pk: int) -> HttpResponse:
    content = _editable(request, revision_pk)
    if (refused := _frozen(request, content)) is not None:
        return refused
    step = selectors.step_of(content, step_pk)
    initial = {
        "title": step.title,
        "description": step.description,
        "responsible_unit": step.responsible_unit_id,
        "responsible_role": step.responsible_role,
        "duration": selectors.format_days(step.duration),
        "duration_unit": step.duration_unit,
        "time_note": step.time_note,
        "output": step.output,
        "step_forms": [f.pk for f in step.forms.all()],
        "version": content.version,
    }
    form = _step_form(content, request.POST or None, initial=initial, prefix=f"b{step.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.process_step_update(
                actor=request.user,
                step=step,
                expected_version=form.cleaned_data["version"],
                data=_step_data(form, content),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"forms": "step_forms"})
        else:
            done = _("Đã lưu bước %(n)s.") % {"n": step.order}
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, done)
                return redirect("procedures:process_steps", content.revision_id)
            return _steps_page(request, content, notice=done)
    if request.htmx:  # type: ignore[attr-defined]
        return _steps_page(request, content, editing=step.pk, edit_form=form)
    return render(request, "procedures/process_step_form.html", _edit_context(content, "buoc", step=step, form=form))


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _after_step_action(request: HttpRequest, content: Any, done: str | None, error: str | None) -> HttpResponse:
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done or "")
        return redirect("procedures:process_steps", content.revision_id)
    return _steps_page(request, content, notice=done, error=error)


@require_POST
def process_step_delete(request: HttpRequest, revision_pk: int, step_pk: int) -> HttpResponse:
    content = _editable(request, revision_pk)
    step = selectors.step_of(content, step_pk)
    try:
        services.process_step_remove(actor=request.user, step=step, expected_version=_version(request))
    except ValidationError as exc:
        return _after_step_action(request, content, None, " ".join(exc.messages))
    return _after_step_action(request, content, _("Đã xoá bước %(n)s.") % {"n": step.order}, None)


@require_POST
def process_step_move(request: HttpRequest, revision_pk: int, step_pk: int) -> HttpResponse:
    content = _editable(request, revision_pk)
    step = selectors.step_of(content, step_pk)
    direction = request.POST.get("direction", "")
    try:
        moved = services.process_step_move(
            actor=request.user, step=step, expected_version=_version(request), direction=direction
        )
    except ValidationError as exc:
        return _after_step_action(request, content, None, " ".join(exc.messages))
    return _after_step_action(request, content, _("Đã chuyển thành bước %(n)s.") % {"n": moved.order}, None)


# --- records -------------------------------------------------------------------------------------


def _record_form(content: Any, data: Any = None, **kwargs: Any) -> RecordForm:
    return RecordForm(data, form_documents=selectors.form_choices(content.agency), **kwargs)


def _record_values(form: RecordForm, content: Any) -> dict[str, Any]:
    data = form.cleaned_data
    documents = {d.pk: d for d in selectors.form_choices(content.agency)}
    return {
        "name": data["name"],
        "keeper": data["keeper"],
        "retention": data["retention"],
        "form": documents.get(data["form"]) if data["form"] else None,
    }


def _records_page(request: HttpRequest, content: Any, **extra: Any) -> HttpResponse:
    content = selectors.draft_content_get_for_user(request.user, content.revision_id)
    context = _edit_context(
        content,
        "ho-so",
        add_form=extra.pop("add_form", None) or _record_form(content, initial={"version": content.version}),
        **extra,
    )
    template = "procedures/process_records.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#records-editor"
    return render(request, template, context)


def process_records(request: HttpRequest, revision_pk: int) -> HttpResponse:
    content = _editable(request, revision_pk)
    if (refused := _frozen(request, content)) is not None:
        return refused
    if request.method != "POST":
        return _records_page(request, content)
    form = _record_form(content, request.POST)
    if form.is_valid():
        try:
            services.process_record_add(
                actor=request.user,
                content=content,
                expected_version=form.cleaned_data["version"],
                **_record_values(form, content),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = _("Đã thêm hồ sơ cần lưu.")
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, done)
                return redirect("procedures:process_records", content.revision_id)
            return _records_page(request, content, notice=done)
    return _records_page(request, content, add_form=form)


def process_record_edit(request: HttpRequest, revision_pk: int, record_pk: int) -> HttpResponse:
    content = _editable(request, revision_pk)
    if (refused := _frozen(request, content)) is not None:
        return refused
    record = selectors.record_of(content, record_pk)
    initial = {
        "name": record.name,
        "keeper": record.keeper,
        "retention": record.retention,
        "form": record.form_id,
        "version": content.version,
    }
    form = _record_form(content, request.POST or None, initial=initial, prefix=f"h{record.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.process_record_update(
                actor=request.user,
                record=record,
                expected_version=form.cleaned_data["version"],
                **_record_values(form, content),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            done = _("Đã lưu hồ sơ cần lưu.")
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, done)
                return redirect("procedures:process_records", content.revision_id)
            return _records_page(request, content, notice=done)
    if request.htmx:  # type: ignore[attr-defined]
        return _records_page(request, content, editing=record.pk, edit_form=form)
    return render(
        request, "procedures/process_record_form.html", _edit_context(content, "ho-so", record=record, form=form)
    )


@require_POST
def process_record_delete(request: HttpRequest, revision_pk: int, record_pk: int) -> HttpResponse:
    content = _editable(request, revision_pk)
    record = selectors.record_of(content, record_pk)
    error: str | None = None
    done: str | None = None
    try:
        services.process_record_remove(actor=request.user, record=record, expected_version=_version(request))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        done = _("Đã xoá hồ sơ “%(name)s”.") % {"name": record.name}
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done or "")
        return redirect("procedures:process_records", content.revision_id)
    return _records_page(request, content, notice=done, error=error)


# --- procedures ----------------------------------------------------------------------------------


def process_procedures(request: HttpRequest, revision_pk: int) -> HttpResponse:
    """Pick the TTHC the process serves among those assigned to the agency (with a search)."""
    content = _editable(request, revision_pk)
    if (refused := _frozen(request, content)) is not None:
        return refused
    selected = [p.pk for p in content.procedures.all()]
    q = request.GET.get("q", "").strip()
    if request.method == "POST":
        choices = selectors.procedure_choices(content.agency)
        form = ProceduresForm(request.POST, choices=choices)
        if form.is_valid():
            wanted = set(form.cleaned_data["procedures"])
            try:
                services.process_set_procedures(
                    actor=request.user,
                    content=content,
                    expected_version=form.cleaned_data["version"],
                    procedures=[p for p in choices if p.pk in wanted],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Đã cập nhật thủ tục hành chính áp dụng (%(n)s TTHC).") % {"n": len(wanted)}
                )
                return redirect("procedures:process_procedures", content.revision_id)
        choices = selectors.procedure_choices(content.agency, q=q, selected=selected, document_id=content.document_id)
    else:
        choices = selectors.procedure_choices(content.agency, q=q, selected=selected, document_id=content.document_id)
        form = ProceduresForm(initial={"procedures": selected, "version": content.version}, choices=choices)
    return render(
        request,
        "procedures/process_procedures.html",
        _edit_context(
            content,
            "thu-tuc",
            form=form,
            choices=choices,
            selected=set(selected),
            checks=selectors.process_checks(content),
            q=q,
        ),
    )
