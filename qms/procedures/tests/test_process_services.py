"""Process services: content of a draft revision, steps, records, procedures, and what document
control does to them (copy on a new revision, frozen once approved)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from qms.core.search import query
from qms.core.tests.factories import make_org
from qms.core.tests.pagekit import audited
from qms.documents import services as document_services
from qms.documents.models import DocumentRevision, RevisionStatus
from qms.procedures import services_processes as services
from qms.procedures.models import ProcessContent, ProcessRecord, ProcessStep

from .test_process_kit import *  # noqa: F403
from .test_process_kit import StepData, add_procedure, add_steps, issue, make_form

pytestmark = pytest.mark.django_db


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}


# --- creating ------------------------------------------------------------------------------------


def test_process_create_makes_the_document_its_draft_and_content(process, department, secretary):
    document = process.document
    assert document.kind == "process"
    assert document.code == "QT 01/HCTP"
    assert process.revision.number == 1 and process.revision.status == RevisionStatus.DRAFT
    assert process.agency == department
    assert process.purpose == "Quy định trình tự cấp Phiếu lý lịch tư pháp."
    revision = DocumentRevision.objects.get(pk=process.revision_id)
    assert revision.content.startswith("QUY TRÌNH: QUY TRÌNH CẤP PHIẾU LÝ LỊCH TƯ PHÁP — Mã hiệu: QT 01/HCTP")
    assert "1. MỤC ĐÍCH\nQuy định trình tự cấp Phiếu lý lịch tư pháp." in revision.content
    assert "- Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in revision.content
    assert "Tổng thời gian: 0 ngày làm việc" in revision.content  # no steps yet; decimal comma, no ".00"


def test_process_create_writes_document_then_process_audit(department, secretary):
    with audited("document.create", "process.create") as events:
        content = services.process_create(
            actor=secretary, organisation=department, code="QT 09", title="Quy trình thử", purpose="Mục đích"
        )
    assert events[1].target_id == str(content.pk)
    assert events[1].changes == {"purpose": {"before": None, "after": "Mục đích"}}


def test_content_for_an_existing_draft_of_a_process_document(department, secretary):
    document = document_services.document_create(
        actor=secretary, organisation=department, code="QT 10", title="Quy trình cũ", kind="process", content="x"
    )
    revision = document.revisions.get()
    content = services.process_content_create(actor=secretary, revision=revision, purpose="Mục đích mới")
    assert content.revision == revision
    with pytest.raises(ValidationError, match="đã có nội dung quy trình"):
        services.process_content_create(actor=secretary, revision=revision)


def test_content_refused_for_a_document_that_is_not_a_process(department, secretary):
    form = make_form(department, secretary, "BM.09", "Biểu mẫu")
    with pytest.raises(ValidationError, match="không phải là quy trình"):
        services.process_content_create(actor=secretary, revision=form.revisions.get())


def test_only_the_agencys_qms_team_may_write(process, staff_user, other_secretary, coordinator, hctp):
    data = StepData("Tiếp nhận", responsible_role="Một cửa", duration="1", duration_unit="hours")
    for user in (staff_user, other_secretary, coordinator):
        with pytest.raises(PermissionDenied):
            services.process_update(actor=user, content=process, expected_version=None, purpose="x")
        with pytest.raises(PermissionDenied):
            services.process_step_add(actor=user, content=process, expected_version=None, data=data)
    assert ProcessStep.objects.count() == 0


# --- steps ---------------------------------------------------------------------------------------


def test_total_adds_hours_and_days(process, secretary, hctp, forms):
    add_steps(process, secretary, hctp, forms)
    process.refresh_from_db()
    # 0,5 + 5 + 2 days, 4 + 1 hours = 5/8 day, the return step by appointment adds nothing
    assert process.total_working_days == Decimal("8.13")
    assert list(process.steps.values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]


@override_settings(QMS_WORKING_HOURS_PER_DAY=4)
def test_total_uses_the_configured_working_hours(process, secretary, hctp, forms):
    add_steps(process, secretary, hctp, forms)
    process.refresh_from_db()
    assert process.total_working_days == Decimal("8.75")


def test_total_recomputed_on_every_step_change(process, secretary, hctp, forms):
    steps = add_steps(process, secretary, hctp, forms)
    services.process_step_update(
        actor=secretary,
        step=steps[2],
        expected_version=None,
        data=StepData("Tra cứu", title="Tra cứu", responsible_unit=hctp, duration="3", duration_unit="days"),
    )
    process.refresh_from_db()
    assert process.total_working_days == Decimal("6.13")
    services.process_step_remove(actor=secretary, step=steps[1], expected_version=None)
    process.refresh_from_db()
    assert process.total_working_days == Decimal("5.63")
    assert list(process.steps.values_list("title", "order")) == [
        ("Tiếp nhận", 1),
        ("Tra cứu", 2),
        ("Trình ký", 3),
        ("Ký", 4),
        ("Trả kết quả", 5),
    ]


def test_step_without_responsible_party_is_refused_with_its_number(process, secretary, hctp, forms):
    add_steps(process, secretary, hctp, forms)
    with pytest.raises(ValidationError) as exc:
        services.process_step_add(
            actor=secretary, content=process, expected_version=None, data=StepData("Lưu hồ sơ", duration="1")
        )
    assert _messages(exc.value) == {"responsible_role": ["Bước 7 chưa có người/bộ phận thực hiện"]}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (StepData("", responsible_role="A", duration="1"), "description", "Bước 1: hãy nhập nội dung công việc."),
        (StepData("x", responsible_role="A", duration="0"), "duration", "Bước 1: thời gian phải lớn hơn 0"),
        (StepData("x", responsible_role="A", duration="-1"), "duration", "Bước 1: thời gian không được âm."),
        (StepData("x", responsible_role="A", duration="abc"), "duration", "Bước 1: thời gian phải là một số"),
        (StepData("x", responsible_role="A", duration="0,25"), "duration", "một chữ số thập phân"),
        (StepData("x", responsible_role="A", duration="1", duration_unit="weeks"), "duration_unit", "giờ hoặc ngày"),
    ],
)
def test_step_validation_messages(process, secretary, data, field, message):
    with pytest.raises(ValidationError) as exc:
        services.process_step_add(actor=secretary, content=process, expected_version=None, data=data)
    assert message in _messages(exc.value)[field][0]


def test_step_unit_must_be_a_unit_of_the_agency(process, secretary, department, other_department):
    foreign = make_org("unit", other_department, name="Phòng Tài chính")
    for unit in (foreign, department):
        with pytest.raises(ValidationError) as exc:
            services.process_step_add(
                actor=secretary,
                content=process,
                expected_version=None,
                data=StepData("x", responsible_unit=unit, duration="1"),
            )
        assert "không phải là phòng, ban của Sở Tư pháp" in _messages(exc.value)["responsible_unit"][0]


def test_step_forms_must_be_forms_of_the_agency(process, secretary, other_department, other_secretary, department):
    foreign = make_form(other_department, other_secretary, "BM.01", "Biểu mẫu Sở Tài chính")
    guide = document_services.document_create(
        actor=secretary, organisation=department, code="HD 01", title="Hướng dẫn", kind="guidance"
    )
    for document in (foreign, guide):
        with pytest.raises(ValidationError) as exc:
            services.process_step_add(
                actor=secretary,
                content=process,
                expected_version=None,
                data=StepData("x", responsible_role="A", duration="1", forms=[document]),
            )
        assert "không phải là biểu mẫu của Sở Tư pháp" in _messages(exc.value)["forms"][0]


def test_step_at_a_position_and_moves(process, secretary, hctp, forms):
    steps = add_steps(process, secretary, hctp, forms)
    first = services.process_step_add(
        actor=secretary,
        content=process,
        expected_version=None,
        data=StepData("Hướng dẫn", title="Hướng dẫn", responsible_role="Một cửa", duration="1", duration_unit="hours"),
        position=1,
    )
    assert first.order == 1
    services.process_step_move(actor=secretary, step=steps[-1], expected_version=None, direction="up")
    titles = list(process.steps.values_list("title", flat=True))
    assert titles == ["Hướng dẫn", "Tiếp nhận", "Chuyển hồ sơ", "Tra cứu", "Trình ký", "Trả kết quả", "Ký"]
    with pytest.raises(ValidationError, match="Bước 1 đã ở đầu quy trình"):
        services.process_step_move(actor=secretary, step=first, expected_version=None, direction="up")


def test_stale_version_is_refused_and_nothing_changes(process, secretary):
    loaded = process.version
    services.process_update(actor=secretary, content=process, expected_version=loaded, purpose="Lần 1")
    with pytest.raises(ValidationError, match="đã được người khác sửa"):
        services.process_update(actor=secretary, content=process, expected_version=loaded, purpose="Lần 2")
    with pytest.raises(ValidationError, match="đã được người khác sửa"):
        services.process_step_add(
            actor=secretary,
            content=process,
            expected_version=loaded,
            data=StepData("x", responsible_role="A", duration="1"),
        )
    assert ProcessContent.objects.get(pk=process.pk).purpose == "Lần 1"
    assert ProcessStep.objects.count() == 0


def test_writes_without_version_still_move_it_on(process, secretary):
    version = process.version
    services.process_update(actor=secretary, content=process, expected_version=None, purpose="x")
    assert ProcessContent.objects.get(pk=process.pk).version == version + 1


def test_each_write_records_one_audit_event(process, secretary, hctp, forms):
    with audited("process.step_add") as events:
        step = services.process_step_add(
            actor=secretary,
            content=process,
            expected_version=None,
            data=StepData(
                "Tiếp nhận hồ sơ", responsible_unit=hctp, duration="2", duration_unit="hours", forms=forms[:1]
            ),
        )
    assert events[0].changes["Bước 1 — nội dung công việc"] == {"before": None, "after": "Tiếp nhận hồ sơ"}
    assert events[0].changes["Bước 1 — biểu mẫu sử dụng"] == {"before": None, "after": "BM.01-QT01"}
    with audited("process.step_update"):
        services.process_step_update(
            actor=secretary,
            step=step,
            expected_version=None,
            data=StepData("Tiếp nhận", responsible_unit=hctp, duration="2"),
        )
    second = services.process_step_add(
        actor=secretary, content=process, expected_version=None, data=StepData("B", responsible_role="A", duration="1")
    )
    with audited("process.step_move") as events:
        services.process_step_move(actor=secretary, step=second, expected_version=None, direction="up")
    assert events[0].changes == {"B": {"before": "Bước 2", "after": "Bước 1"}}
    with audited("process.update"):
        services.process_update(actor=secretary, content=process, expected_version=None, scope="Phạm vi")
    with audited("process.record_add"):
        record = services.process_record_add(
            actor=secretary, content=process, expected_version=None, name="Hồ sơ", keeper="Phòng", retention="05 năm"
        )
    with audited("process.record_remove"):
        services.process_record_remove(actor=secretary, record=record, expected_version=None)


# --- records -------------------------------------------------------------------------------------


def test_records_require_name_keeper_and_retention(process, secretary):
    with pytest.raises(ValidationError) as exc:
        services.process_record_add(
            actor=secretary, content=process, expected_version=None, name="", keeper="", retention=""
        )
    assert _messages(exc.value) == {
        "name": ["Hồ sơ 1: hãy nhập tên hồ sơ."],
        "keeper": ["Hồ sơ 1: hãy nhập bộ phận lưu."],
        "retention": ["Hồ sơ 1: hãy nhập thời gian lưu (ví dụ 05 năm, vĩnh viễn)."],
    }
    record = services.process_record_add(
        actor=secretary,
        content=process,
        expected_version=None,
        name="Phiếu lý lịch tư pháp đã cấp",
        keeper="Phòng Hành chính tư pháp",
        retention="Vĩnh viễn",
    )
    services.process_record_update(
        actor=secretary,
        record=record,
        expected_version=None,
        name="Bản lưu Phiếu",
        keeper="Văn thư",
        retention="10 năm",
    )
    assert list(ProcessRecord.objects.values_list("order", "name", "keeper", "retention")) == [
        (1, "Bản lưu Phiếu", "Văn thư", "10 năm")
    ]


# --- procedures ----------------------------------------------------------------------------------


def test_procedures_must_be_assigned_to_the_agency(process, secretary, procedures, province, other_department):
    elsewhere = add_procedure(province, other_department, "9.001", "Thủ tục của Sở Tài chính", 5)
    unassigned = add_procedure(province, other_department, "9.002", "Chưa giao", 5, assigned=False)
    with pytest.raises(ValidationError) as exc:
        services.process_set_procedures(
            actor=secretary, content=process, expected_version=None, procedures=[procedures[0], elsewhere, unassigned]
        )
    assert _messages(exc.value)["procedures"] == [
        "TTHC 9.001, 9.002 không thuộc danh mục TTHC được giao cho Sở Tư pháp (hoặc đã bị bãi bỏ)."
    ]
    assert process.procedures.count() == 0
    with audited("process.procedures") as events:
        services.process_set_procedures(
            actor=secretary, content=process, expected_version=None, procedures=procedures[:3]
        )
    assert events[0].changes == {"procedures": {"before": [], "after": ["1.001", "1.002", "1.003"]}}
    assert (
        "1.001 Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
        in DocumentRevision.objects.get(pk=process.revision_id).content
    )


# --- document control: frozen after approval, copied to the next revision -------------------------


def test_content_is_frozen_once_the_revision_is_submitted_or_approved(
    process, secretary, head, hctp, forms, procedures
):
    steps = add_steps(process, secretary, hctp, forms)
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures[:1])
    document_services.revision_submit(actor=secretary, revision=process.revision, reviewer=head)
    with pytest.raises(ValidationError, match="chỉ sửa được khi còn là dự thảo"):
        services.process_update(actor=secretary, content=process, expected_version=None, purpose="x")
    revision = DocumentRevision.objects.get(pk=process.revision_id)
    document_services.revision_pass(actor=head, revision=revision)
    document_services.revision_approve(actor=head, revision=revision, effective_from=timezone.localdate())
    for call in (
        lambda: services.process_step_remove(actor=secretary, step=steps[0], expected_version=None),
        lambda: services.process_step_move(actor=secretary, step=steps[1], expected_version=None, direction="up"),
        lambda: services.process_record_add(
            actor=secretary, content=process, expected_version=None, name="a", keeper="b", retention="c"
        ),
    ):
        with pytest.raises(ValidationError, match="Lần ban hành 1 đang ở trạng thái “Đang hiệu lực”"):
            call()
    assert process.steps.count() == 6


def test_a_new_revision_starts_from_a_copy(process, secretary, head, hctp, forms, procedures):
    add_steps(process, secretary, hctp, forms)
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures[:2])
    services.process_record_add(
        actor=secretary,
        content=process,
        expected_version=None,
        name="Sổ",
        keeper="Văn thư",
        retention="05 năm",
        form=forms[1],
    )
    issue(process.document, secretary=secretary, head=head)
    with audited("revision.start"):
        revision = document_services.revision_start(actor=secretary, document=process.document)
    copy = ProcessContent.objects.get(revision=revision)
    assert copy.pk != process.pk
    assert (copy.purpose, copy.dossier_components, copy.total_working_days) == (
        process.purpose,
        process.dossier_components,
        Decimal("8.13"),
    )
    assert sorted(copy.procedures.values_list("code", flat=True)) == ["1.001", "1.002"]
    old = [(s.order, s.title, s.responsible_unit_id, s.duration, s.time_note) for s in process.steps.all()]
    new = [(s.order, s.title, s.responsible_unit_id, s.duration, s.time_note) for s in copy.steps.all()]
    assert new == old
    assert [sorted(f.code for f in s.forms.all()) for s in copy.steps.all()] == [
        ["BM.01-QT01"],
        ["BM.02-QT01"],
        [],
        [],
        [],
        ["BM.05-QT01"],
    ]
    assert list(copy.records.values_list("name", "keeper", "retention", "form__code")) == [
        ("Sổ", "Văn thư", "05 năm", "BM.02-QT01")
    ]
    # editing the copy leaves the effective revision untouched
    services.process_step_remove(actor=secretary, step=copy.steps.first(), expected_version=None)
    assert process.steps.count() == 6 and copy.steps.count() == 5


def test_search_finds_the_process_text_of_a_first_draft(process, secretary, hctp, forms):
    add_steps(process, secretary, hctp, forms)
    from django.db.models import Q

    page = query("tra cuu xac minh", where=Q(), limit=10)
    assert [(h.source, h.source_id) for h in page.hits] == [("document", process.document_id)]


def test_a_draft_with_steps_can_be_submitted(process, secretary, head, hctp, forms):
    add_steps(process, secretary, hctp, forms)
    revision = document_services.revision_submit(actor=secretary, revision=process.revision, reviewer=head)
    assert revision.status == RevisionStatus.IN_REVIEW
