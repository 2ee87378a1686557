"""Catalogue, agency and coverage pages: what each role sees and may do; query counts of the lists."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from qms.core.tests.factories import UserFactory, grant, make_org
from qms.core.tests.pagekit import audited, fresh
from qms.obligations.models import Obligation
from qms.procedures.coverage import coverage_recompute
from qms.procedures.models import AdministrativeProcedure, ProcedureAssignment, PublishingDecision

from .conftest import assign, make_decision, make_procedure, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province, department, commune, dost, other_province):
    decision = make_decision(
        province, "1949/QĐ-UBND", dt.date(2026, 3, 2), recorded_on=dt.date(2026, 3, 12), due_on=dt.date(2026, 3, 9)
    )
    lltp = make_procedure(province, "1.001234", "Cấp Phiếu lý lịch tư pháp", field="Lý lịch tư pháp", decision=decision)
    chungthuc = make_procedure(
        province,
        "2.000815",
        "Chứng thực bản sao từ bản chính",
        field="Chứng thực",
        level="commune",
        time_limit_days=Decimal(1),
    )
    congchung = make_procedure(
        province,
        "1.014464.H05",
        "Đăng ký hoạt động văn phòng công chứng",
        field="Công chứng",
        time_limit_days=Decimal(5),
    )
    make_procedure(province, "1.009999", "Thủ tục đã bãi bỏ", field="Khác", status="abolished")
    theirs = make_procedure(other_province, "1.001234", "Cấp Phiếu lý lịch tư pháp (Bắc Ninh)")
    a1 = assign(lltp, department, decision=decision)
    assign(congchung, department)
    assign(chungthuc, commune)
    make_process(department, "QT 01/HCTP", [lltp], total=6)
    make_process(department, "QT 05/BTTP", [congchung], total=8)  # longer than 5 days
    coverage_recompute(agency_ids=[department.pk, commune.pk])
    return {
        "lltp": lltp,
        "chungthuc": chungthuc,
        "congchung": congchung,
        "theirs": theirs,
        "a1": a1,
        "decision": decision,
    }


# --- the catalogue ---------------------------------------------------------------------------------


def test_staff_read_their_provinces_catalogue(client, world, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("procedures:list"))
    assert response.status_code == 200
    assert [p.code for p in response.context["page_obj"]] == ["1.001234", "1.009999", "1.014464.H05", "2.000815"]
    assert response.context["can_manage"] is False
    assert "Nhập danh mục" not in response.content.decode()


def test_catalogue_search_ignores_accents_and_filters(client, world, coordinator):
    client.force_login(coordinator)
    codes = lambda **q: [p.code for p in client.get(reverse("procedures:list"), q).context["page_obj"]]  # noqa: E731
    assert codes(q="ly lich tu phap") == ["1.001234"]
    assert codes(q="CHỨNG THỰC") == ["2.000815"]
    assert codes(level="commune") == ["2.000815"]
    assert codes(status="abolished") == ["1.009999"]
    assert codes(decision=world["decision"].pk) == ["1.001234"]
    assert codes(assignment="none") == ["1.009999"]


def test_catalogue_exports_to_excel(client, world, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("procedures:list"), {"export": "xlsx", "q": "cong chung"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][:3] == ("STT", "Mã TTHC", "Tên thủ tục hành chính")
    assert rows[4][1:3] == ("1.014464.H05", "Đăng ký hoạt động văn phòng công chứng")
    assert rows[4][10] == "Sở Tư pháp"


def test_another_provinces_catalogue_is_404(client, world, outsider):
    client.force_login(outsider)
    assert client.get(reverse("procedures:list"), {"catalogue": world["lltp"].catalogue_id}).status_code == 404
    own = client.get(reverse("procedures:list"))
    assert [p.code for p in own.context["page_obj"]] == ["1.001234"]
    assert own.context["page_obj"][0].name == "Cấp Phiếu lý lịch tư pháp (Bắc Ninh)"
    assert client.get(reverse("procedures:detail", args=[world["lltp"].pk])).status_code == 404


def test_detail_shows_history_assignments_and_coverage(client, world, secretary):
    client.force_login(secretary)
    response = client.get(reverse("procedures:detail", args=[world["lltp"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sở Tư pháp" in body and "Đã có quy trình" in body
    assert response.context["assign_form"] is None


# --- corrections and assignments by the coordinator ----------------------------------------------------


def test_coordinator_corrects_a_time_limit(client, world, coordinator):
    client.force_login(coordinator)
    procedure = world["congchung"]
    data = {
        "name": procedure.name,
        "field": procedure.field,
        "level": "province",
        "time_limit_days": "10",
        "time_limit_text": "10 ngày làm việc",
        "fees": "",
        "legal_bases": "",
        "version": procedure.version,
    }
    with audited("procedures.update"):
        response = client.post(reverse("procedures:edit", args=[procedure.pk]), data)
    assert response.status_code == 302
    assert fresh(procedure).time_limit_days == Decimal(10)
    # The 8-day process is no longer over the limit.
    assert ProcedureAssignment.objects.get(procedure=procedure).agency.pk
    from qms.procedures.models import CoverageSummary

    assert CoverageSummary.objects.get(agency=world["a1"].agency).over_limit == 0


def test_stale_edit_is_refused(client, world, coordinator):
    client.force_login(coordinator)
    procedure = world["congchung"]
    data = {
        "name": "X",
        "field": "",
        "level": "province",
        "time_limit_days": "",
        "time_limit_text": "",
        "fees": "",
        "legal_bases": "",
        "version": procedure.version - 1 if procedure.version > 1 else 99,
    }
    response = client.post(reverse("procedures:edit", args=[procedure.pk]), data)
    assert response.status_code == 200
    assert "đã được người khác sửa" in response.content.decode()


def test_coordinator_assigns_and_unassigns(client, world, coordinator, dost):
    client.force_login(coordinator)
    procedure = world["chungthuc"]
    with audited("procedures.assign", "obligation.open_many"):
        response = client.post(reverse("procedures:assign", args=[procedure.pk]), {"agency": dost.pk})
    assert response.status_code == 302
    assignment = ProcedureAssignment.objects.get(procedure=procedure, agency=dost, is_active=True)
    assert Obligation.objects.filter(subject_id=assignment.pk).count() == 1

    page = client.get(reverse("procedures:unassign", args=[assignment.pk]))
    assert page.status_code == 200
    with audited("obligation.close_auto", "procedures.unassign"):
        response = client.post(
            reverse("procedures:unassign", args=[assignment.pk]), {"reason": "Quyết định 120/QĐ-UBND"}
        )
    assert response.status_code == 302
    assert fresh(assignment).is_active is False
    assert Obligation.objects.get(subject_id=assignment.pk).status == "done"


def test_unassign_needs_a_reason(client, world, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("procedures:unassign", args=[world["a1"].pk]), {"reason": ""})
    assert response.status_code == 200
    assert fresh(world["a1"]).is_active


def test_assignment_link_leads_to_the_agency_page(client, world, secretary):
    client.force_login(secretary)
    response = client.get(reverse("procedures:assignment", args=[world["a1"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("procedures:agency", args=[world["a1"].agency_id]) + "?q=1.001234"


# --- decisions and import --------------------------------------------------------------------------------


def test_decisions_show_late_updates(client, world, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("procedures:decisions"))
    assert response.status_code == 200
    decision = response.context["page_obj"][0]
    assert (decision.number, decision.is_late, decision.procedure_count) == ("1949/QĐ-UBND", True, None)
    assert "Cập nhật muộn" in response.content.decode()
    assert list(client.get(reverse("procedures:decisions"), {"late": "0"}).context["page_obj"]) == []


CSV = (
    "Mã TTHC,Tên thủ tục hành chính,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Quyết định công bố,Cơ quan thực hiện\n"
    "1.004122,Cấp giấy phép hành nghề khoan nước dưới đất,Tài nguyên nước,Cấp tỉnh,22 ngày làm việc,,Sở Khoa học và Công nghệ\n"
)


def test_import_previews_then_writes(client, world, coordinator, dost):
    client.force_login(coordinator)
    url = reverse("procedures:import")
    upload = SimpleUploadedFile("qd.csv", CSV.encode(), content_type="text/csv")
    preview = client.post(
        url,
        {"file": upload, "decision_number": "120/QĐ-UBND", "decision_signed_on": "2026-03-10", "decision_title": ""},
    )
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (result.added, result.assigned) == (1, 1)
    assert not AdministrativeProcedure.objects.filter(code="1.004122").exists()
    token = preview.context["token"]
    with audited("obligation.open_many", "procedures.import"):
        done = client.post(url, {"token": token, "catalogue": world["lltp"].catalogue_id})
    assert done.status_code == 302
    procedure = AdministrativeProcedure.objects.get(code="1.004122")
    assert procedure.decision.number == "120/QĐ-UBND"
    assert ProcedureAssignment.objects.get(procedure=procedure).agency == dost
    assert PublishingDecision.objects.get(number="120/QĐ-UBND").recorded_by == coordinator


def test_import_lists_every_problem(client, world, coordinator):
    client.force_login(coordinator)
    bad = CSV + "1.004122,Trùng,,Cấp tỉnh,,,\nabc,Mã sai,,Cấp tỉnh,,,Sở Không Có\n"
    response = client.post(reverse("procedures:import"), {"file": SimpleUploadedFile("x.csv", bad.encode())})
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(3, "Mã TTHC"), (4, "Mã TTHC"), (4, "Cơ quan thực hiện")]
    assert "Tệp có 3 lỗi" in response.content.decode()


def test_expired_import_token_is_refused(client, world, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("procedures:import"), {"token": "nope", "catalogue": world["lltp"].catalogue_id})
    assert response.status_code == 302
    assert not AdministrativeProcedure.objects.filter(code="1.004122").exists()


# --- an agency's TTHC ------------------------------------------------------------------------------------


def test_agency_page_shows_coverage_and_over_limit(client, world, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("procedures:my_agency"))
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert (coverage.assigned, coverage.covered, coverage.percent) == (2, 2, 100.0)
    assert response.context["over_count"] == 1
    rows = list(response.context["page_obj"])
    assert [(r.code, [p.code for p in r.processes], r.over_limit) for r in rows] == [
        ("1.001234", ["QT 01/HCTP"], False),
        ("1.014464.H05", ["QT 05/BTTP"], True),
    ]
    over = client.get(reverse("procedures:my_agency"), {"state": "over"})
    assert [r.code for r in over.context["page_obj"]] == ["1.014464.H05"]


def test_commune_page_lists_the_uncovered_procedure(client, world, commune_secretary):
    client.force_login(commune_secretary)
    response = client.get(reverse("procedures:my_agency"), {"state": "uncovered"})
    assert [r.code for r in response.context["page_obj"]] == ["2.000815"]
    assert response.context["coverage"].percent == 0.0
    assert response.context["can_write_process"] is True


def test_agency_page_exports(client, world, secretary, department):
    client.force_login(secretary)
    response = client.get(reverse("procedures:agency", args=[department.pk]), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[4][1] == "1.001234"
    assert rows[5][7] == "Vượt thời hạn"


def test_other_agencies_pages_are_404(client, world, secretary, commune, unit):
    client.force_login(secretary)
    assert client.get(reverse("procedures:agency", args=[commune.pk])).status_code == 404
    assert client.get(reverse("procedures:agency", args=[unit.pk])).status_code == 404  # an internal unit
    assert client.get(reverse("procedures:agency", args=[999999])).status_code == 404


# --- coverage of every agency --------------------------------------------------------------------------


def test_coordinator_sees_every_agency_with_totals(client, world, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("procedures:coverage"))
    assert response.status_code == 200
    rows = [(s.agency.name, s.assigned, s.covered, s.percent) for s in response.context["page_obj"]]
    assert rows == [("UBND phường Hạ Long", 1, 0, 0.0), ("Sở Tư pháp", 2, 2, 100.0)]
    totals = response.context["totals"]
    assert (totals.agencies, totals.assigned, totals.covered, totals.percent, totals.over_limit) == (2, 3, 2, 66.7, 1)
    assert totals.complete_agencies == 1
    by_name = client.get(reverse("procedures:coverage"), {"sort": "-agency"})
    assert [s.agency.name for s in by_name.context["page_obj"]] == ["UBND phường Hạ Long", "Sở Tư pháp"]
    incomplete = client.get(reverse("procedures:coverage"), {"incomplete": "1"})
    assert [s.agency.name for s in incomplete.context["page_obj"]] == ["UBND phường Hạ Long"]
    searched = client.get(reverse("procedures:coverage"), {"q": "tu phap"})
    assert [s.agency.name for s in searched.context["page_obj"]] == ["Sở Tư pháp"]


def test_coverage_exports_with_totals(client, world, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("procedures:coverage"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[4][2:7] == ("UBND phường Hạ Long", 1, 0, 1, 0.0)
    assert rows[7][2:7] == ("Tổng cộng (2 cơ quan)", 3, 2, 1, 66.7)


def test_agency_leaders_see_only_their_own_coverage(client, world, leader, outsider):
    client.force_login(leader)
    response = client.get(reverse("procedures:coverage"))
    assert [s.agency.name for s in response.context["page_obj"]] == ["Sở Tư pháp"]
    client.force_login(outsider)
    assert list(client.get(reverse("procedures:coverage")).context["page_obj"]) == []


def test_nation_view_narrows_to_a_province(client, world, superadmin, other_province):
    bac_ninh_dept = make_org("department", other_province, name="Sở Tư pháp Bắc Ninh", code="24-STP")
    assign(world["theirs"], bac_ninh_dept)
    coverage_recompute(agency_ids=[bac_ninh_dept.pk])
    client.force_login(superadmin)
    everything = client.get(reverse("procedures:coverage"))
    assert everything.context["totals"].agencies == 3
    narrowed = client.get(reverse("procedures:coverage"), {"root": other_province.pk})
    assert [s.agency.name for s in narrowed.context["page_obj"]] == ["Sở Tư pháp Bắc Ninh"]


def test_staff_without_coverage_right_get_403(client, world, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("procedures:coverage")).status_code == 403


def test_an_inspector_reads_coverage(client, world, inspector):
    client.force_login(inspector)
    assert client.get(reverse("procedures:coverage")).context["totals"].agencies == 2


def test_a_new_agency_member_without_roles_sees_nothing(client, world, province):
    user = UserFactory()
    grant(user, make_org("department", province, name="Sở Y tế", code="22-SYT"), "staff")
    client.force_login(user)
    assert client.get(reverse("procedures:my_agency")).context["total"] == 0
