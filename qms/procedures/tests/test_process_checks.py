"""Checks of a process (selectors): total time against each TTHC's limit, steps without a
responsible party, forms or time, the worked example of due dates with the holiday calendar; and
the list rows with their coverage columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qms.procedures import calendar
from qms.procedures import selectors_processes as selectors
from qms.procedures import services_processes as services
from qms.procedures.models import CalendarDay, ProcessStep

from .test_process_kit import *  # noqa: F403
from .test_process_kit import add_steps, issue

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 4, 24)


@pytest.fixture
def holidays(db):
    """Hùng Kings' day 2026 falls on a Sunday (day off on Monday 27/4), then 30/4 and 1/5."""
    CalendarDay.objects.create(day=dt.date(2026, 4, 27), kind="day_off", name="Nghỉ bù Giỗ Tổ Hùng Vương")
    CalendarDay.objects.create(day=dt.date(2026, 4, 30), kind="holiday", name="Ngày Chiến thắng")
    CalendarDay.objects.create(day=dt.date(2026, 5, 1), kind="holiday", name="Quốc tế Lao động")
    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture
def full(process, secretary, hctp, forms, procedures):
    add_steps(process, secretary, hctp, forms)
    services.process_set_procedures(actor=secretary, content=process, expected_version=None, procedures=procedures)
    return selectors.content_of(process.revision)


def test_limits_per_procedure_and_worked_example(full, holidays):
    checks = selectors.process_checks(full, today=FRIDAY)
    assert checks.total_days == Decimal("8.13")
    assert checks.due_by_process == dt.date(2026, 5, 12)  # 9 working days: fractions round up
    rows = [(c.procedure.code, c.status, c.over_by, c.due_by_limit) for c in checks.procedures]
    assert rows == [
        ("1.001", "ok", None, dt.date(2026, 5, 13)),
        ("1.002", "ok", None, dt.date(2026, 5, 13)),
        ("1.003", "over", Decimal("3.13"), dt.date(2026, 5, 6)),
        ("2.001", "unknown", None, None),
    ]
    assert [c.procedure.code for c in checks.over] == ["1.003"]
    assert [c.procedure.code for c in checks.unknown] == ["2.001"]


def test_steps_without_forms_responsible_party_or_time(full):
    ProcessStep.objects.create(content=full, order=7, description="Lưu hồ sơ (dữ liệu cũ)", duration=0)
    content = selectors.content_of(full.revision)
    checks = selectors.process_checks(content, today=FRIDAY)
    assert [s.order for s in checks.no_forms] == [3, 4, 5, 7]
    assert [s.order for s in checks.no_responsible] == [7]
    assert [s.order for s in checks.no_time] == [7]
    assert checks.warning_count == 1 + 4 + 1 + 1  # over the 5-day limit, no forms, no one, no time
    assert not checks.no_steps and not checks.no_procedures


def test_a_process_with_a_dossier_but_no_procedure_is_flagged(process):
    checks = selectors.process_checks(selectors.content_of(process.revision), today=FRIDAY)
    assert checks.no_steps and checks.no_procedures
    assert checks.total_days == Decimal("0.00") and checks.due_by_process == FRIDAY


def test_sections_number_the_parts_of_section_5_that_have_text(full):
    sections = selectors.process_sections(full, [])
    assert [(s.number, s.title) for s in sections] == [
        ("1", "MỤC ĐÍCH"),
        ("2", "PHẠM VI"),
        ("3", "TÀI LIỆU VIỆN DẪN"),
        ("4", "ĐỊNH NGHĨA, VIẾT TẮT"),
        ("5.1", "Thủ tục hành chính áp dụng"),
        ("5.2", "Thành phần hồ sơ"),
        ("5.3", "Trình tự xử lý công việc"),
    ]
    assert sections[5].lines == ["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Bản chụp giấy tờ tùy thân"]


def test_form_items_in_order_of_first_use(full, forms, secretary):
    services.process_update(actor=secretary, content=full, expected_version=None, other_forms="Tờ khai của Bộ")
    items = selectors.form_items(selectors.content_of(full.revision))
    assert [(i.code, i.steps) for i in items] == [
        ("BM.01-QT01", [1]),
        ("BM.02-QT01", [2]),
        ("BM.05-QT01", [6]),
        ("", []),
    ]
    assert items[-1].title == "Tờ khai của Bộ" and items[-1].document is None


def test_labels():
    assert selectors.format_days(Decimal("2.50")) == "2,5"
    assert selectors.format_days(Decimal("10.00")) == "10"
    assert selectors.format_days(Decimal("0.44")) == "0,44"
    assert selectors.format_days(None) == "—"
    assert selectors.total_days([(Decimal(1), "hours")] * 8) == Decimal("1.00")
    assert selectors.total_days([(Decimal(1), "hours")] * 3) == Decimal("0.38")  # 0,375 rounded up


def test_list_rows(full, process, secretary, head, department, reader, procedures):
    issue(process.document, secretary=secretary, head=head)
    draft = services.process_create(actor=secretary, organisation=department, code="QT 02", title="Quy trình mới")
    documents = list(selectors.process_document_list_for_user(secretary, agency=department))
    rows = {r.document.code: r for r in selectors.process_rows(secretary, documents)}
    effective = rows["QT 01/HCTP"]
    assert (effective.steps, effective.no_responsible, effective.no_forms) == (6, 0, 3)
    assert [p.code for p in effective.over] == ["1.003"]
    assert effective.total_label == "8,13" and effective.warnings == 4
    assert rows["QT 02"].revision.pk == draft.revision_id and rows["QT 02"].steps == 0
    # a reader sees the effective process only
    reader_rows = selectors.process_rows(reader, list(selectors.process_document_list_for_user(reader)))
    assert [r.document.code for r in reader_rows] == ["QT 01/HCTP"]


def test_the_procedure_picker_keeps_the_chosen_ones_and_names_other_processes(
    full, process, secretary, head, department, procedures, hctp, forms
):
    issue(process.document, secretary=secretary, head=head)
    other = services.process_create(actor=secretary, organisation=department, code="QT 02", title="Quy trình khác")
    choices = selectors.procedure_choices(
        department, q="ho tich", selected=[procedures[0].pk], document_id=other.document_id
    )
    assert [p.code for p in choices] == ["1.001", "2.001"]
    assert [s.code for s in choices[0].other_processes] == ["QT 01/HCTP"]
    assert [s.code for s in choices[1].other_processes] == ["QT 01/HCTP"]
    own = selectors.procedure_choices(department, document_id=process.document_id)
    assert all(p.other_processes == [] for p in own)  # a process is not "another" process of itself
