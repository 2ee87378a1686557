"""The process pages at the bench sizes (issue 4).

In the province measured (22 at province size, the one with the most agencies at nation size), the
agency with the most documents that has an ISO secretary gets, through the services (untimed, as a
setup step; reused by ``--reuse-db``):

* 8 forms, 3 TTHC assigned to it (its own assigned ones when the catalogue section ran, else
  written here), 5 more process documents (for the list);
* ``QT BENCH/01``: 12 steps, each with 1 or 2 forms, 4 records, 3 TTHC, the legal bases of the
  agency's documents; revision 1 issued, revision 2 (2 steps changed) issued, revision 3 a draft.

Measured as that ISO secretary:

* the process page ``GET /thu-tuc-hanh-chinh/quy-trinh/<pk>/`` (the effective revision with its
  steps, forms, records, checks and worked example): budget ≤ 150 ms, baseline the trivial page;
* the draft revision of the same page (``?lan=3``) and the agency's process list (assumed
  ≤ 150 ms, like the document register);
* the Word file of the process (assumed ≤ 1 s).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from .harness import Budget, Row, _client_for, measure_page

PROCESS_PAGE_BUDGET = Budget(max_ms=150)
LIST_BUDGET = Budget(max_ms=150, assumed=True)
WORD_BUDGET = Budget(max_ms=1000, assumed=True)
CODE = "QT BENCH/01"
STEPS = 12
FORMS = 8
OTHER_PROCESSES = 5
ISSUED_ON = dt.date(2026, 1, 5)


def _agency_and_secretary(province: Any) -> tuple[Any, Any]:
    """The province's agency (not the provincial UBND) with the most documents (ties: the smallest id)
    that has an ISO secretary."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from qms.documents.models import Document
    from qms.organisations.models import Membership, Organisation, OrganisationKind, Role

    secretaries = dict(
        Membership.objects.filter(role=Role.ISO_SECRETARY, is_active=True, organisation__path__startswith=province.path)
        .exclude(organisation__kind=OrganisationKind.PROVINCE)
        .values_list("organisation_id", "user_id")
    )
    if not secretaries:
        raise RuntimeError("no agency with an ISO secretary in the province")
    counts = dict(
        Document.objects.filter(agency_id__in=list(secretaries))
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    pk = sorted(secretaries, key=lambda pk: (-counts.get(pk, 0), pk))[0]
    return Organisation.objects.get(pk=pk), get_user_model().objects.get(pk=secretaries[pk])


def _procedures(agency: Any, province: Any) -> list[Any]:
    from qms.procedures.models import AdministrativeProcedure, ProcedureAssignment
    from qms.procedures.selectors import procedures_assignable_to_process

    found = list(procedures_assignable_to_process(agency)[:3])
    for n in range(len(found), 3):
        procedure, _created = AdministrativeProcedure.objects.get_or_create(
            catalogue=province,
            code=f"BENCH.{agency.pk}.{n}",
            defaults={
                "name": f"Thủ tục thử nghiệm {n + 1} của {agency.name}",
                "field": "Thử nghiệm",
                "level": "province",
                "time_limit_days": 10 + 5 * n,
                "time_limit_text": f"{10 + 5 * n} ngày làm việc",
            },
        )
        ProcedureAssignment.objects.get_or_create(
            procedure=procedure,
            agency=agency,
            is_active=True,
            defaults={"scope_path": agency.path, "assigned_on": ISSUED_ON},
        )
        found.append(procedure)
    return found


def _issue(document: Any, secretary: Any, day: dt.date) -> None:
    """As the system: submit to the secretary, pass, approve on ``day`` (a past date is allowed)."""
    from qms.documents import services as document_services

    revision = document.revisions.order_by("-number").first()
    document_services.revision_submit(actor=None, revision=revision, reviewer=secretary)
    document_services.revision_pass(actor=None, revision=revision)
    document_services.revision_approve(actor=None, revision=revision, effective_from=day, today=day)


def build(agency: Any, secretary: Any, province: Any) -> dict[str, Any]:
    """The process and its surroundings (see the module docstring); returns ids and counts."""
    from qms.documents import services as document_services
    from qms.documents.models import Document
    from qms.documents.selectors import units_of
    from qms.procedures import services_processes as services
    from qms.procedures.models import ProcessContent
    from qms.procedures.services_processes import StepData

    existing = Document.objects.filter(agency=agency, code=CODE).first()
    if existing is not None:
        return {"document_id": existing.pk, "reused": True}
    units = units_of(agency) or [None]
    forms = [
        document_services.document_create(
            actor=secretary,
            organisation=agency,
            code=f"BM.{n:02d}-QTBENCH",
            title=f"Biểu mẫu thử nghiệm số {n}",
            kind="form",
            content=f"Biểu mẫu {n}: họ và tên, địa chỉ, nội dung yêu cầu, ngày nhận, ngày hẹn trả.",
        )
        for n in range(1, FORMS + 1)
    ]
    procedures = _procedures(agency, province)
    content = services.process_create(
        actor=secretary,
        organisation=agency,
        code=CODE,
        title="Quy trình thử nghiệm giải quyết thủ tục hành chính",
        purpose="Quy định trình tự, trách nhiệm và thời gian giải quyết hồ sơ.",
        scope="Áp dụng đối với các phòng chuyên môn và Bộ phận tiếp nhận và trả kết quả.",
        dossier_components="Đơn đề nghị (theo mẫu)\nBản sao giấy tờ tùy thân\nGiấy tờ chứng minh",
        time_limit_text="10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        fees="Không",
    )
    for n in range(1, STEPS + 1):
        services.process_step_add(
            actor=secretary,
            content=content,
            expected_version=None,
            data=StepData(
                title=f"Bước xử lý số {n}",
                description=f"Kiểm tra, xử lý hồ sơ ở bước {n}; cập nhật trên hệ thống thông tin giải quyết TTHC.",
                responsible_unit=units[n % len(units)],
                responsible_role="Chuyên viên" if n % 3 else "Lãnh đạo phòng",
                duration="4" if n % 2 else "0,5",
                duration_unit="hours" if n % 2 else "days",
                output=f"Kết quả bước {n}",
                forms=forms[n % FORMS : n % FORMS + 1 + n % 2],
            ),
        )
    for n in range(1, 5):
        services.process_record_add(
            actor=secretary,
            content=content,
            expected_version=None,
            name=f"Hồ sơ lưu số {n}",
            keeper="Bộ phận tiếp nhận và trả kết quả",
            retention="05 năm",
            form=forms[n],
        )
    services.process_set_procedures(actor=secretary, content=content, expected_version=None, procedures=procedures)
    document = content.document
    _issue(document, secretary, ISSUED_ON)
    for number, day in ((2, ISSUED_ON + dt.timedelta(days=60)), (3, None)):
        revision = document_services.revision_start(
            actor=secretary, document=document, change_summary=f"Sửa đổi lần {number}: rút ngắn thời gian bước 2, 3."
        )
        draft = ProcessContent.objects.get(revision=revision)
        for step in draft.steps.filter(order__in=(2, 3)):
            services.process_step_update(
                actor=secretary,
                step=step,
                expected_version=None,
                data=StepData(
                    title=step.title,
                    description=step.description + " (sửa đổi)",
                    responsible_unit=step.responsible_unit,
                    responsible_role=step.responsible_role,
                    duration="2",
                    duration_unit="hours",
                    forms=list(step.forms.all()),
                ),
            )
        if day is not None:
            _issue(document, secretary, day)
    for n in range(OTHER_PROCESSES):
        other = services.process_create(
            actor=secretary, organisation=agency, code=f"QT BENCH/{n + 2:02d}", title=f"Quy trình thử nghiệm {n + 2}"
        )
        services.process_step_add(
            actor=secretary,
            content=other,
            expected_version=None,
            data=StepData("Tiếp nhận hồ sơ", responsible_role="Một cửa", duration="4", forms=forms[:1]),
        )
    return {"document_id": document.pk, "reused": False}


def run(
    size: str, *, info: dict[str, Any], coordinator: Any, repeat: int, setup: list[dict[str, Any]], reuse: bool
) -> list[Row]:
    from qms.organisations.models import Organisation

    code = "22" if size == "province" else (info.get("largest_province") or sorted(info["provinces"])[0])
    province = Organisation.objects.get(pk=info["provinces"][code])
    agency, secretary = _agency_and_secretary(province)
    started = time.perf_counter()
    built = build(agency, secretary, province)
    setup.append(
        {
            "size": size,
            "step": f"process {CODE} ({STEPS} steps, 3 revisions) for {agency.code}",
            "seconds": round(time.perf_counter() - started, 3),
            **({"note": "reused"} if built["reused"] else {}),
        }
    )
    client = _client_for(secretary)
    page = f"/thu-tuc-hanh-chinh/quy-trinh/{built['document_id']}/"
    return [
        measure_page(
            f"process page ({STEPS} steps with forms), ISO secretary",
            size,
            client,
            page,
            repeat,
            budget=PROCESS_PAGE_BUDGET,
        ),
        measure_page("process page, draft revision 3", size, client, page + "?lan=3", repeat, budget=LIST_BUDGET),
        measure_page(
            f"process list of {agency.code}", size, client, "/thu-tuc-hanh-chinh/quy-trinh/", repeat, budget=LIST_BUDGET
        ),
        measure_page(
            "process Word file",
            size,
            client,
            f"/thu-tuc-hanh-chinh/quy-trinh/{built['document_id']}/word/",
            repeat,
            budget=WORD_BUDGET,
        ),
    ]
