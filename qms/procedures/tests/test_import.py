"""Catalogue import: parsing of published cells, every bad row reported with nothing written,
idempotent re-import, decisions with the 5-working-day rule, amendments, replacements,
abolitions, assignments and the obligations they raise."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from qms.core.models import AuditEvent
from qms.core.tests.pagekit import audited, unchanged
from qms.obligations.models import Obligation, ObligationStatus
from qms.procedures import importing
from qms.procedures.importing import CatalogueImportError
from qms.procedures.models import (
    AdministrativeProcedure,
    CoverageSummary,
    ProcedureAssignment,
    ProcedureChange,
    PublishingDecision,
)
from qms.procedures.services import catalogue_import

from .conftest import TODAY, holiday, make_process

pytestmark = pytest.mark.django_db

HEADER = "Mã TTHC;Tên thủ tục hành chính;Lĩnh vực;Cấp thực hiện;Thời hạn giải quyết;Phí, lệ phí;Căn cứ pháp lý;Quyết định công bố;Cơ quan thực hiện"
DECISION = "Quyết định 1949/QĐ-UBND ngày 10/03/2026"


def vn_csv(*lines: str, header: str = HEADER) -> io.BytesIO:
    data = io.BytesIO("\n".join([header, *lines]).encode("utf-8"))
    data.name = "danh-muc.csv"
    return data


def run(catalogue, *lines: str, actor=None, header: str = HEADER, **kwargs):
    return catalogue_import(actor=actor, catalogue=catalogue, file=vn_csv(*lines, header=header), today=TODAY, **kwargs)


STP_ROWS = (
    f"1.001234;Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam;Lý lịch tư pháp;Cấp tỉnh;Trong thời hạn 10 ngày làm việc, kể từ ngày nhận đủ hồ sơ;200.000 đồng/người;Luật Lý lịch tư pháp 2009;{DECISION};22-STP",
    f"2.000815;Chứng thực bản sao từ bản chính;Chứng thực;Cấp xã;Trong ngày;2.000 đồng/trang;Nghị định 23/2015/NĐ-CP;{DECISION};06688",
    f"1.014464.H05;Đăng ký hoạt động văn phòng công chứng;Công chứng;tỉnh;Mười (10) ngày làm việc;1.000.000 đồng;Luật Công chứng 2024;{DECISION};Sở Tư pháp",
)


# --- cells -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Trong thời hạn 22 ngày làm việc, kể từ ngày nhận đủ hồ sơ.", Decimal(22)),
        ("05 ngày làm việc", Decimal(5)),
        ("Mười (10) ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ", Decimal(10)),
        ("Không quá 02 (hai) ngày làm việc", Decimal(2)),
        ("15 ngày", Decimal(15)),
        ("Trong ngày", Decimal(1)),
        ("Ngay trong ngày tiếp nhận; nếu nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo", Decimal(1)),
        ("04 giờ làm việc", Decimal("0.5")),
        ("- Trường hợp 1: 05 ngày làm việc. - Trường hợp 2: 15 ngày làm việc", Decimal(15)),
        ("03 tháng", None),
        ("Theo thỏa thuận", None),
        ("", None),
    ],
)
def test_time_limits_are_read_from_the_published_text(text, days):
    assert importing.parse_time_limit(text) == days


@pytest.mark.parametrize(
    ("raw", "code", "valid"),
    [
        ("1.004122", "1.004122", True),
        (" 2.000908.00 ", "2.000908.00", True),
        ("1.014464.h05", "1.014464.H05", True),
        ("1004122", "1.004122", True),
        ("1.01499", "1.01499", False),
        ("TTHC-01", "TTHC-01", False),
    ],
)
def test_codes_are_normalised_and_checked(raw, code, valid):
    assert importing.normalise_code(raw) == code
    assert (importing.code_error(code) is None) is valid


def test_decision_and_level_cells():
    ref = importing.parse_decision("Quyết định 1949/QĐ-UBND ngày 18/11/2025 – Tỉnh Cao Bằng")
    assert (ref.number, ref.signed_on) == ("1949/QĐ-UBND", dt.date(2025, 11, 18))
    assert importing.parse_decision("Quyết định số 02125/QĐ-UBND ngày 24/11/2025").number == "02125/QĐ-UBND"
    assert importing.parse_decision("Quyết định công bố") is None
    assert [
        importing.parse_level(v) for v in ("tỉnh", "Cấp xã", "TTHC cấp huyện", "Cấp tỉnh, cấp xã", "khác", "?")
    ] == [
        "province",
        "commune",
        "district",
        "province",
        "other",
        None,
    ]
    assert importing.split_agencies("22-STP; Sở Khoa học và Công nghệ\n06688;22-STP") == [
        "22-STP",
        "Sở Khoa học và Công nghệ",
        "06688",
    ]


# --- a first import ----------------------------------------------------------------------------------


def test_first_import_creates_procedures_decision_assignments_and_obligations(
    province, department, commune, coordinator
):
    with audited("obligation.open_many", "procedures.import"):
        result = run(province, *STP_ROWS, actor=coordinator)

    assert (result.added, result.amended, result.abolished, result.assigned) == (3, 0, 0, 3)
    p = AdministrativeProcedure.objects.get(code="1.001234")
    assert (p.name, p.field, p.level, p.time_limit_days, p.fees) == (
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Lý lịch tư pháp",
        "province",
        Decimal(10),
        "200.000 đồng/người",
    )
    assert p.time_limit_text == "Trong thời hạn 10 ngày làm việc, kể từ ngày nhận đủ hồ sơ"
    assert AdministrativeProcedure.objects.get(code="2.000815").time_limit_days == Decimal(1)
    decision = PublishingDecision.objects.get()
    assert (decision.number, decision.signed_on, decision.recorded_on) == (
        "1949/QĐ-UBND",
        dt.date(2026, 3, 10),
        TODAY,
    )
    assert decision.due_on == dt.date(2026, 3, 17)  # Tue + 5 working days
    assert not decision.is_late
    assert p.decision == decision
    assert sorted(ProcedureAssignment.objects.values_list("procedure__code", "agency__code")) == [
        ("1.001234", "22-STP"),
        ("1.014464.H05", "22-STP"),
        ("2.000815", "06688"),
    ]
    assert ProcedureAssignment.objects.filter(assigned_on=dt.date(2026, 3, 10), decision=decision).count() == 3
    assert sorted(ProcedureChange.objects.filter(procedure=p).values_list("kind", flat=True)) == ["added", "assigned"]
    assert Obligation.objects.filter(status=ObligationStatus.OPEN).count() == 3
    assert Obligation.objects.filter(organisation=department).count() == 2
    assert CoverageSummary.objects.get(agency=department).assigned == 2


def test_reimporting_the_same_file_changes_nothing(province, department, commune, coordinator):
    run(province, *STP_ROWS, actor=coordinator)
    before_events = AuditEvent.objects.count()

    with unchanged():
        result = run(province, *STP_ROWS, actor=coordinator)

    assert not result.has_changes
    assert result.unchanged == 3
    assert AuditEvent.objects.count() == before_events


def test_decision_recorded_after_five_working_days_is_late(province, department, commune):
    holiday(dt.date(2026, 3, 12))
    row = STP_ROWS[0].replace(DECISION, "Quyết định 300/QĐ-UBND ngày 05/03/2026")
    result = run(province, row)
    decision = PublishingDecision.objects.get()
    assert decision.due_on == dt.date(2026, 3, 13)  # Thu 5/3 + 5 working days, skipping the holiday on 12/3
    assert decision.is_late
    assert result.decisions[0].is_late


def test_decision_from_the_form_applies_to_rows_without_one(province, department, commune):
    result = catalogue_import(
        actor=None,
        catalogue=province,
        rows=[
            {
                "code": "1.004122",
                "name": "Cấp giấy phép hành nghề khoan nước dưới đất",
                "level": "tỉnh",
                "time_limit": "22 ngày làm việc",
            }
        ],
        decision_number="120/QĐ-UBND",
        decision_signed_on=dt.date(2026, 3, 13),
        today=TODAY,
    )
    assert [d.number for d in result.decisions] == ["120/QĐ-UBND"]
    assert AdministrativeProcedure.objects.get().decision.number == "120/QĐ-UBND"


def test_sample_file_with_english_headers_is_accepted(province):
    result = catalogue_import(
        actor=None,
        catalogue=province,
        rows=[
            {
                "code": "1.004122",
                "name": "Cấp giấy phép hành nghề khoan nước dưới đất",
                "field": "TÀI NGUYÊN NƯỚC",
                "level": "tỉnh",
                "time_limit": "Trong thời hạn 22 ngày làm việc, kể từ ngày nhận đủ hồ sơ.",
                "fee": "Không quy định",
                "legal_bases": "Nghị định số 136/2025/NĐ-CP",
                "source_decision": "Quyết định 1949/QĐ-UBND ngày 18/11/2025 – Tỉnh Cao Bằng",
                "source": "github:…",
            }
        ],
        today=TODAY,
    )
    assert result.added == 1
    procedure = AdministrativeProcedure.objects.get()
    assert procedure.time_limit_days == 22
    assert procedure.decision.signed_on == dt.date(2025, 11, 18)
    assert procedure.decision.is_late  # recorded months later


def test_xlsx_is_read_like_csv(province, department):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH"])  # a title line above the header
    sheet.append(HEADER.split(";"))
    sheet.append(STP_ROWS[0].split(";"))
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = "danh-muc.xlsx"
    result = catalogue_import(actor=None, catalogue=province, file=data, today=TODAY)
    assert result.added == 1
    assert result.rows[0].row == 3


# --- bad input ----------------------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_written(province, department, commune):
    lines = [
        STP_ROWS[0],
        "1.001234;Trùng mã;Lý lịch tư pháp;tỉnh;5 ngày làm việc;;;;22-STP",
        "1.0099;Mã sai;;tỉnh;;;;;",
        "1.002000;Cấp không rõ;;cấp bộ lạc;;;;;",
        "1.002001;Cơ quan lạ;;tỉnh;;;;;Sở Du hành Vũ trụ",
        "1.002002;Quyết định lạ;;tỉnh;;;;Quyết định hôm qua;",
        "1.002003;;;tỉnh;;;;;",
    ]
    with unchanged(), pytest.raises(CatalogueImportError) as caught:
        run(province, *lines)
    problems = [(p.row, p.column, p.reason) for p in caught.value.problems]
    assert [(row, column) for row, column, _r in problems] == [
        (3, "Mã TTHC"),
        (4, "Mã TTHC"),
        (5, "Cấp thực hiện"),
        (6, "Cơ quan thực hiện"),
        (7, "Quyết định công bố"),
        (8, "Tên thủ tục hành chính"),
    ]
    assert problems[0][2] == "Mã TTHC “1.001234” trùng với dòng 2."
    assert "Sở Du hành Vũ trụ" in problems[3][2]
    assert not AdministrativeProcedure.objects.exists()


def test_missing_columns_are_reported_at_the_header(province):
    with pytest.raises(CatalogueImportError) as caught:
        run(province, "1.001234;Tên", header="Mã TTHC;Tên thủ tục hành chính")
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "Cấp thực hiện")]


def test_a_numeric_time_limit_column_must_hold_numbers(province):
    header = "Mã TTHC;Tên thủ tục hành chính;Cấp thực hiện;Thời hạn (ngày làm việc)"
    with pytest.raises(CatalogueImportError) as caught:
        run(province, "1.001234;Tên;tỉnh;mười", "1.001235;Tên 2;tỉnh;2,5", header=header)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "Thời hạn (ngày làm việc)")]
    result = run(province, "1.001235;Tên 2;tỉnh;2,5", header=header)
    assert result.added == 1
    assert AdministrativeProcedure.objects.get().time_limit_days == Decimal("2.5")


def test_free_text_without_a_number_is_listed_as_not_computable(province):
    result = run(province, "1.001234;Tên;;tỉnh;Theo thỏa thuận với người yêu cầu;;;;")
    assert result.not_computable == [(2, "1.001234", "Theo thỏa thuận với người yêu cầu")]
    assert AdministrativeProcedure.objects.get().time_limit_days is None


def test_only_a_coordinator_of_the_province_may_import(province, other_province, secretary, outsider):
    for user in (secretary, outsider):
        with unchanged(), pytest.raises(PermissionDenied):
            run(province, STP_ROWS[0], actor=user)


def test_catalogue_must_be_a_province(department):
    with pytest.raises(ValidationError):
        run(department, STP_ROWS[0])


# --- later decisions -----------------------------------------------------------------------------------


def test_amendment_keeps_history_and_an_empty_cell_erases_nothing(province, department, commune):
    run(province, *STP_ROWS)
    amended = "1.001234;;Lý lịch tư pháp;tỉnh;Trong thời hạn 07 ngày làm việc;;;Quyết định 500/QĐ-UBND ngày 13/03/2026;"
    result = run(province, amended)
    assert (result.amended, result.assigned, result.unassigned) == (1, 0, 0)
    p = AdministrativeProcedure.objects.get(code="1.001234")
    assert (p.time_limit_days, p.fees, p.decision.number, p.version) == (
        Decimal(7),
        "200.000 đồng/người",
        "500/QĐ-UBND",
        2,
    )
    change = ProcedureChange.objects.filter(procedure=p, kind="amended").get()
    assert change.decision.number == "500/QĐ-UBND"
    assert change.changes["time_limit_days"] == {"before": "10", "after": "7"}
    assert ProcedureAssignment.objects.filter(procedure=p, is_active=True).count() == 1


def test_agencies_listed_become_the_assignments(province, department, commune, dost):
    run(province, *STP_ROWS)
    row = '1.001234;;;tỉnh;;;;Quyết định 501/QĐ-UBND ngày 13/03/2026;"22-SKHCN; 06688"'
    result = run(province, row)
    assert result.rows[0].assigned == ["Sở Khoa học và Công nghệ", "UBND phường Hạ Long"]
    assert result.rows[0].unassigned == ["Sở Tư pháp"]
    active = ProcedureAssignment.objects.filter(procedure__code="1.001234", is_active=True)
    assert sorted(active.values_list("agency__code", flat=True)) == ["06688", "22-SKHCN"]
    ended = ProcedureAssignment.objects.get(procedure__code="1.001234", agency=department)
    assert (ended.is_active, ended.ended_on) == (False, TODAY)
    # The ended assignment's obligation is closed; the new ones are open.
    assert Obligation.objects.get(subject_id=ended.pk).status == ObligationStatus.DONE
    assert Obligation.objects.filter(organisation=dost, status=ObligationStatus.OPEN).count() == 1


def test_abolition_ends_assignments_and_closes_obligations(province, department, commune):
    run(province, *STP_ROWS)
    header = "Mã TTHC;Tên thủ tục hành chính;Cấp thực hiện;Loại thay đổi;Quyết định công bố"
    result = run(province, "1.014464.H05;;;Bãi bỏ;Quyết định 600/QĐ-UBND ngày 16/03/2026", header=header)
    assert result.abolished == 1
    p = AdministrativeProcedure.objects.get(code="1.014464.H05")
    assert p.status == "abolished"
    assert not ProcedureAssignment.objects.filter(procedure=p, is_active=True).exists()
    assert Obligation.objects.filter(status=ObligationStatus.OPEN, organisation=department).count() == 1
    assert CoverageSummary.objects.get(agency=department).assigned == 1
    assert list(
        ProcedureChange.objects.filter(procedure=p, decision__number="600/QĐ-UBND")
        .values_list("kind", flat=True)
        .order_by("kind")
    ) == [
        "abolished",
        "unassigned",
    ]


def test_abolishing_an_unknown_code_is_an_error(province):
    header = "Mã TTHC;Tên thủ tục hành chính;Cấp thực hiện;Loại thay đổi"
    with pytest.raises(CatalogueImportError) as caught:
        run(province, "1.009999;;;bãi bỏ", header=header)
    assert caught.value.problems[0].reason == "TTHC mã “1.009999” cần bãi bỏ không có trong danh mục."


def test_replacement_links_the_old_code_to_the_new_one(province, department, commune):
    run(province, *STP_ROWS)
    make_process(department, "QT 01/HCTP", [AdministrativeProcedure.objects.get(code="1.001234")])
    header = "Mã TTHC;Tên thủ tục hành chính;Cấp thực hiện;Thời hạn giải quyết;Loại thay đổi;Thay thế mã;Quyết định công bố;Cơ quan thực hiện"
    row = "1.014999;Cấp Phiếu lý lịch tư pháp (điện tử);tỉnh;05 ngày làm việc;Thay thế;1.001234;Quyết định 700/QĐ-UBND ngày 16/03/2026;22-STP"
    result = run(province, row, header=header)
    old = AdministrativeProcedure.objects.get(code="1.001234")
    new = AdministrativeProcedure.objects.get(code="1.014999")
    assert (old.status, old.replaced_by) == ("abolished", new)
    assert result.rows[0].unassigned == ["Sở Tư pháp (1.001234)"]
    assert ProcedureChange.objects.get(procedure=old, kind="replaced").changes == {
        "replaced_by": {"before": None, "after": "1.014999"}
    }
    # The process listed the old code only: the new TTHC is uncovered and raises an obligation.
    assert ProcedureAssignment.objects.get(procedure=new).covered is False
    assert Obligation.objects.filter(subject_id=ProcedureAssignment.objects.get(procedure=new).pk).exists()
    again = run(province, row, header=header)
    assert not again.has_changes


def test_dry_run_writes_nothing(province, department, commune):
    with unchanged():
        result = run(province, *STP_ROWS, dry_run=True)
    assert result.added == 3
    assert not PublishingDecision.objects.exists()


def test_decision_signed_on_differently_than_recorded_is_refused(province, department, commune):
    run(province, *STP_ROWS)
    row = STP_ROWS[0].replace("10/03/2026", "11/03/2026").replace("Trong thời hạn 10", "Trong thời hạn 9")
    with pytest.raises(CatalogueImportError) as caught:
        run(province, row)
    assert "ngày ký 10/03/2026" in caught.value.problems[0].reason
