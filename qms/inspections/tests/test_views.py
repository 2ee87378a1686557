"""Every page and endpoint: anonymous (login), another organisation (404), the wrong role (403 or
404), allowed; on every refusal nothing changes. List pages keep their query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qms.core.officedoc import DOCX_CONTENT_TYPE
from qms.core.tests.pagekit import audited, login_redirect, unchanged
from qms.inspections import services, services_results
from qms.inspections.excel import XLSX_CONTENT_TYPE
from qms.inspections.models import (
    Finding,
    FollowUp,
    FollowUpStatus,
    InspectionDecision,
    InspectionPlan,
    Minutes,
    PlanEntry,
    PlanStatus,
)

from .conftest import score_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _logins_change_nothing():
    """Logging in inside ``unchanged()`` must not count as a change (``last_login``)."""
    from django.contrib.auth.models import update_last_login
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    yield
    user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")


@pytest.fixture
def decision(approved, coordinator):
    return services.decision_create(
        actor=coordinator,
        plan=approved,
        entry=None,
        number="112",
        symbol="QĐ-SKHCN",
        signed_on=None,
        issuer="Sở Khoa học và Công nghệ",
        issuer_parent="UBND tỉnh Quảng Ninh",
        place="Quảng Ninh",
        proposer="",
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Trần Thị Thu Hà",
    )


def _as(client, user):
    client.force_login(user)
    return client


def _warm(client, user):
    """Logged in and one page served: the session and workspace are set up before counting."""
    _as(client, user).get(reverse("home"))
    return client


# --- anonymous -------------------------------------------------------------------------------------


def test_every_page_needs_login(client, signed, stp_entry, approved, decision):
    follow_up = signed[0]
    urls = [
        reverse("inspections:plan_list"),
        reverse("inspections:plan_create"),
        reverse("inspections:plan_detail", args=[approved.pk]),
        reverse("inspections:plan_edit", args=[approved.pk]),
        reverse("inspections:plan_approve", args=[approved.pk]),
        reverse("inspections:plan_word", args=[approved.pk]),
        reverse("inspections:entries_add", args=[approved.pk]),
        reverse("inspections:decision_create", args=[approved.pk]),
        reverse("inspections:decision_edit", args=[decision.pk]),
        reverse("inspections:decision_word", args=[decision.pk]),
        reverse("inspections:entry_edit", args=[stp_entry.pk]),
        reverse("inspections:my_inspections"),
        reverse("inspections:entry_detail", args=[stp_entry.pk]),
        reverse("inspections:minutes_edit", args=[stp_entry.pk]),
        reverse("inspections:minutes_word", args=[stp_entry.pk]),
        reverse("inspections:finding_edit", args=[follow_up.finding_id]),
        reverse("inspections:agency_results"),
        reverse("inspections:agency_entry", args=[stp_entry.pk]),
        reverse("inspections:followup_detail", args=[follow_up.pk]),
        reverse("inspections:followup_answer", args=[follow_up.pk]),
        reverse("inspections:followup_review", args=[follow_up.pk]),
        reverse("inspections:followup_evidence", args=[follow_up.pk]),
        reverse("inspections:consolidation"),
        reverse("inspections:consolidation_excel"),
        reverse("inspections:consolidation_agency", args=[stp_entry.agency_id]),
        reverse("inspections:consolidation_criterion", args=[stp_entry.agency_id, follow_up.finding.criterion_id]),
    ]
    for url in urls:
        assert client.get(url)["Location"] == login_redirect(url), url
    posts = [
        reverse("inspections:plan_delete", args=[approved.pk]),
        reverse("inspections:self_reports_request", args=[approved.pk]),
        reverse("inspections:entry_remove", args=[stp_entry.pk]),
        reverse("inspections:decision_delete", args=[decision.pk]),
        reverse("inspections:finding_create", args=[stp_entry.pk]),
        reverse("inspections:finding_delete", args=[follow_up.finding_id]),
        reverse("inspections:minutes_sign", args=[stp_entry.pk]),
        reverse("inspections:consolidation_report"),
    ]
    with unchanged():
        for url in posts:
            assert client.post(url)["Location"] == login_redirect(url), url


# --- plans -----------------------------------------------------------------------------------------


def test_plan_list(
    client, approved, coordinator, inspector, other_inspector, outsider, secretary, django_assert_max_num_queries
):
    _warm(client, coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inspections:plan_list"))
    assert response.status_code == 200 and approved.title in response.text
    assert approved.title in _as(client, inspector).get(reverse("inspections:plan_list")).text
    for user in (other_inspector, outsider):
        response = _as(client, user).get(reverse("inspections:plan_list"))
        assert response.status_code == 200 and approved.title not in response.text
    assert _as(client, secretary).get(reverse("inspections:plan_list")).status_code == 403


def test_plan_create_page(client, rubric, coordinator, secretary, inspector, province):
    url = reverse("inspections:plan_create")
    for user in (secretary, inspector):
        with unchanged():
            assert _as(client, user).get(url).status_code == 403
            assert _as(client, user).post(url, {"title": "X"}).status_code == 403
    client = _as(client, coordinator)
    assert client.get(url).status_code == 200
    data = {
        "organisation": province.pk,
        "year": 2026,
        "title": "Kế hoạch 2026",
        "rubric": rubric.pk,
        "inspecting_unit": "Sở Khoa học và Công nghệ",
        "symbol": "KH-SKHCN",
    }
    with audited("inspection_plan.create"):
        response = client.post(url, data)
    plan = InspectionPlan.objects.get()
    assert response["Location"] == reverse("inspections:plan_detail", args=[plan.pk])


def test_plan_detail(
    client,
    approved,
    entries,
    coordinator,
    inspector,
    other_inspector,
    outsider,
    secretary,
    django_assert_max_num_queries,
):
    url = reverse("inspections:plan_detail", args=[approved.pk])
    for user in (other_inspector, outsider, secretary):
        assert _as(client, user).get(url).status_code == 404
    _warm(client, coordinator)
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.status_code == 200
    assert reverse("inspections:entry_edit", args=[entries["stp"].pk]) in response.text
    response = _as(client, inspector).get(url)
    assert response.status_code == 200
    assert reverse("inspections:entry_edit", args=[entries["stp"].pk]) not in response.text
    assert reverse("inspections:entry_detail", args=[entries["stp"].pk]) in response.text
    assert reverse("inspections:entry_detail", args=[entries["commune"].pk]) not in response.text


def test_plan_shows_the_one_third_warning(client, plan, coordinator, department, commune, dost):
    services.entries_add(actor=coordinator, plan=plan, agencies=[department, commune, dost], mode="on_file")
    response = _as(client, coordinator).get(reverse("inspections:plan_detail", args=[plan.pk]))
    assert "Mới có 0/3 cơ quan được kiểm tra trực tiếp, chưa đủ 1/3 (cần ít nhất 1)." in response.text


def test_plan_edit_approve_delete_for_the_coordinator_only(client, plan, entries, coordinator, inspector, outsider):
    edit = reverse("inspections:plan_edit", args=[plan.pk])
    approve = reverse("inspections:plan_approve", args=[plan.pk])
    delete = reverse("inspections:plan_delete", args=[plan.pk])
    with unchanged():
        for url in (edit, approve):
            assert _as(client, outsider).get(url).status_code == 404
            assert _as(client, inspector).get(url).status_code == 403
        assert _as(client, inspector).post(delete).status_code == 403
        assert _as(client, outsider).post(delete).status_code == 404
    client = _as(client, coordinator)
    plan.refresh_from_db()
    response = client.post(
        edit,
        {
            "title": "Kế hoạch đã sửa",
            "rubric": plan.rubric_id,
            "inspecting_unit": "Sở KH&CN",
            "symbol": "KH-SKHCN",
            "version": plan.version,
        },
    )
    assert response.status_code == 302 and InspectionPlan.objects.get().title == "Kế hoạch đã sửa"
    stale = client.post(
        edit,
        {
            "title": "Bản cũ",
            "rubric": plan.rubric_id,
            "inspecting_unit": "Sở KH&CN",
            "symbol": "KH-SKHCN",
            "version": plan.version,
        },
    )
    assert "đã được người khác sửa" in stale.text
    plan.refresh_from_db()
    response = client.post(
        approve,
        {
            "approved_on": "2026-03-02",
            "number": "15",
            "signer_title": "Giám đốc",
            "signer_name": "Đỗ Minh Tuấn",
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    assert InspectionPlan.objects.get().status == PlanStatus.APPROVED
    with unchanged():
        client.post(delete)
    assert InspectionPlan.objects.exists()


def test_approve_page_reports_the_shortfall(client, plan, coordinator, department, commune, dost):
    services.entries_add(
        actor=coordinator,
        plan=plan,
        agencies=[department, commune, dost],
        mode="on_file",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 1),
    )
    plan.refresh_from_db()
    with unchanged():
        response = _as(client, coordinator).post(
            reverse("inspections:plan_approve", args=[plan.pk]),
            {"approved_on": "2026-03-02", "signer_title": "Giám đốc", "signer_name": "A", "version": plan.version},
        )
    assert response.status_code == 200
    assert "chưa đủ 1/3 (cần ít nhất 1)" in response.text


def test_plan_word(client, approved, coordinator, inspector, outsider):
    url = reverse("inspections:plan_word", args=[approved.pk])
    assert _as(client, outsider).get(url).status_code == 404
    for user in (coordinator, inspector):
        response = _as(client, user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE


def test_entries_add_and_remove(client, plan, coordinator, inspector, outsider, department, commune):
    url = reverse("inspections:entries_add", args=[plan.pk])
    with unchanged():
        assert _as(client, inspector).get(url).status_code == 404  # not on any team of this draft plan
        assert _as(client, outsider).post(url, {"agencies": [department.pk], "mode": "on_file"}).status_code == 404
    client = _as(client, coordinator)
    response = client.get(url + "?q=tu phap")
    assert response.status_code == 200 and "Sở Tư pháp" in response.text and "phường Hạ Long" not in response.text
    with audited("inspection_entry.add"):
        response = client.post(url, {"agencies": [department.pk, commune.pk], "mode": "on_site"})
    assert response.status_code == 302 and PlanEntry.objects.count() == 2
    entry = PlanEntry.objects.get(agency=commune)
    with audited("inspection_entry.remove"):
        client.post(reverse("inspections:entry_remove", args=[entry.pk]))
    assert PlanEntry.objects.count() == 1


def test_entry_edit(client, approved, entries, coordinator, inspector, other_inspector, outsider):
    entry = entries["commune"]
    url = reverse("inspections:entry_edit", args=[entry.pk])
    with unchanged():
        assert _as(client, outsider).get(url).status_code == 404
        assert _as(client, other_inspector).get(url).status_code == 404
        assert (
            _as(client, inspector).post(reverse("inspections:entry_edit", args=[entries["stp"].pk]), {}).status_code
            == 403
        )
    client = _as(client, coordinator)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "mode": "on_file",
            "starts_on": "2026-10-05",
            "ends_on": "2026-10-06",
            "leader": other_inspector.pk,
            "members": [other_inspector.pk],
            "version": entry.version,
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.leader == other_inspector and entry.inspection_assessment is not None


def test_self_reports_request_page(client, approved, entries, coordinator, inspector):
    url = reverse("inspections:self_reports_request", args=[approved.pk])
    with unchanged():
        assert _as(client, inspector).post(url, {"due_on": "2026-12-15"}).status_code == 403
    response = _as(client, coordinator).post(url, {"due_on": "2099-12-15"})
    assert response.status_code == 302
    assert set(PlanEntry.objects.values_list("self_report_due_on", flat=True)) == {dt.date(2099, 12, 15)}


def test_decision_pages(client, approved, decision, coordinator, inspector, outsider):
    edit = reverse("inspections:decision_edit", args=[decision.pk])
    with unchanged():
        for user in (inspector, outsider):
            assert _as(client, user).get(edit).status_code == 404
            assert _as(client, user).get(reverse("inspections:decision_word", args=[decision.pk])).status_code == 404
            assert _as(client, user).post(reverse("inspections:decision_delete", args=[decision.pk])).status_code == 404
        assert _as(client, inspector).get(reverse("inspections:decision_create", args=[approved.pk])).status_code == 403
    client = _as(client, coordinator)
    assert client.get(reverse("inspections:decision_create", args=[approved.pk])).status_code == 200
    response = client.get(reverse("inspections:decision_word", args=[decision.pk]))
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    data = {
        "number": "113",
        "symbol": "QĐ-SKHCN",
        "issuer": "Sở Khoa học và Công nghệ",
        "place": "Quảng Ninh",
        "signer_title": "Giám đốc",
        "signer_name": "Đỗ Minh Tuấn",
        "version": decision.version,
    }
    assert client.post(edit, data).status_code == 302
    assert InspectionDecision.objects.get().number == "113"
    with audited("inspection_decision.delete"):
        client.post(reverse("inspections:decision_delete", args=[decision.pk]))


# --- the inspection --------------------------------------------------------------------------------


def test_entry_detail(client, stp_entry, coordinator, inspector, other_inspector, secretary, outsider):
    url = reverse("inspections:entry_detail", args=[stp_entry.pk])
    for user in (other_inspector, secretary, outsider):
        assert _as(client, user).get(url).status_code == 404
    response = _as(client, inspector).get(url)
    assert response.status_code == 200
    assert reverse("assessments:detail", args=[stp_entry.inspection_assessment_id]) in response.text
    assert reverse("inspections:finding_create", args=[stp_entry.pk]) in response.text
    response = _as(client, coordinator).get(url)
    assert response.status_code == 200
    assert reverse("inspections:finding_create", args=[stp_entry.pk]) not in response.text


def test_findings_by_the_team_only(client, stp_entry, coordinator, inspector, other_inspector, rubric):
    url = reverse("inspections:finding_create", args=[stp_entry.pk])
    with unchanged():
        assert _as(client, coordinator).post(url, {"text": "X", "severity": "minor"}).status_code == 403
        assert _as(client, other_inspector).post(url, {"text": "X", "severity": "minor"}).status_code == 404
    with audited("inspection_finding.create"):
        response = _as(client, inspector).post(url, {"text": "Biểu mẫu cũ.", "severity": "minor", "criterion": ""})
    assert response.status_code == 302
    finding = Finding.objects.get()
    edit = reverse("inspections:finding_edit", args=[finding.pk])
    delete = reverse("inspections:finding_delete", args=[finding.pk])
    with unchanged():
        assert _as(client, other_inspector).get(edit).status_code == 404
        assert _as(client, coordinator).get(edit).status_code == 403
        assert _as(client, coordinator).post(delete).status_code == 403
    client = _as(client, inspector)
    assert (
        client.post(
            edit, {"text": "Biểu mẫu chưa hiện hành.", "severity": "major", "version": finding.version}
        ).status_code
        == 302
    )
    assert Finding.objects.get().severity == "major"
    client.post(delete)
    assert not Finding.objects.exists()


def test_minutes_pages_and_signing(client, findings, stp_entry, coordinator, inspector, secretary, rubric, department):
    url = reverse("inspections:minutes_edit", args=[stp_entry.pk])
    data = {
        "held_on": "2026-09-15",
        "place": "Sở Tư pháp",
        "agency_rep_name": "Nguyễn Văn Minh",
        "agency_rep_title": "Giám đốc",
        "number": "07",
    }
    with unchanged():
        assert _as(client, coordinator).post(url, data).status_code == 403
    client = _as(client, inspector)
    assert client.get(url).status_code == 200
    with audited("inspection_minutes.save"):
        assert client.post(url, data).status_code == 302
    word = reverse("inspections:minutes_word", args=[stp_entry.pk])
    assert client.get(word)["Content-Type"] == DOCX_CONTENT_TYPE
    assert _as(client, secretary).get(word).status_code == 404  # not signed yet
    sign = reverse("inspections:minutes_sign", args=[stp_entry.pk])
    with unchanged():
        response = _as(client, inspector).post(sign, {"signed_on": "2026-09-16"}, follow=True)
    assert "Đoàn chưa nộp phiếu chấm điểm kiểm tra" in response.text
    with unchanged():
        assert _as(client, coordinator).post(sign, {"signed_on": "2026-09-16"}).status_code == 403
    score_inspection(stp_entry, inspector)
    response = _as(client, inspector).post(sign, {"signed_on": "2026-09-16"})
    assert response.status_code == 302
    assert Minutes.objects.get().signed_on == dt.date(2026, 9, 16)
    assert FollowUp.objects.count() == 2
    assert _as(client, secretary).get(word).status_code == 200


# --- the agency ------------------------------------------------------------------------------------


def test_agency_results(
    client, signed, stp_entry, secretary, commune_secretary, coordinator, staff_user, django_assert_max_num_queries
):
    url = reverse("inspections:agency_results")
    _warm(client, secretary)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert reverse("inspections:followup_detail", args=[signed[0].pk]) in response.text
    response = _as(client, commune_secretary).get(url)
    assert response.status_code == 200 and "Kiểm tra năm 2026" in response.text
    assert reverse("inspections:followup_detail", args=[signed[0].pk]) not in response.text
    assert _as(client, coordinator).get(url).status_code == 403
    assert _as(client, staff_user).get(url).status_code == 403
    entry_url = reverse("inspections:agency_entry", args=[stp_entry.pk])
    assert _as(client, secretary).get(entry_url).status_code == 200
    assert _as(client, commune_secretary).get(entry_url).status_code == 404
    minutes_word = reverse("inspections:minutes_word", args=[stp_entry.pk])
    assert _as(client, commune_secretary).get(minutes_word).status_code == 404
    assert _as(client, secretary).get(minutes_word)["Content-Type"] == DOCX_CONTENT_TYPE


def test_follow_up_answer_and_review(
    client, signed, secretary, commune_secretary, inspector, other_inspector, coordinator
):
    follow_up = signed[0]
    detail = reverse("inspections:followup_detail", args=[follow_up.pk])
    answer = reverse("inspections:followup_answer", args=[follow_up.pk])
    review = reverse("inspections:followup_review", args=[follow_up.pk])
    assert _as(client, commune_secretary).get(detail).status_code == 404
    response = _as(client, secretary).get(detail)
    assert response.status_code == 200 and answer in response.text
    assert answer not in _as(client, inspector).get(detail).text
    with unchanged():
        assert _as(client, inspector).post(answer, {"action_text": "X"}).status_code == 403
        assert _as(client, commune_secretary).post(answer, {"action_text": "X"}).status_code == 404
    with audited("inspection_followup.answer"):
        response = _as(client, secretary).post(
            answer,
            {"action_text": "Đã ban hành lại quy trình.", "evidence_url": "/tai-lieu/1/", "version": follow_up.version},
        )
    assert response.status_code == 302
    with unchanged():
        assert _as(client, secretary).post(review, {"decision": "accept"}).status_code == 403
        assert _as(client, other_inspector).post(review, {"decision": "accept"}).status_code == 404
        response = _as(client, inspector).post(review, {"decision": "reject", "reason": ""})
        assert response.status_code == 200 and "Hãy ghi rõ lý do không chấp nhận." in response.text
    response = _as(client, inspector).post(review, {"decision": "reject", "reason": "Chưa có minh chứng phân phối."})
    assert response.status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).status == FollowUpStatus.NOT_ACCEPTED
    services_results.followup_answer(
        actor=secretary, follow_up=follow_up, expected_version=None, action_text="Đã phân phối."
    )
    _as(client, coordinator).post(review, {"decision": "accept"})
    assert FollowUp.objects.get(pk=follow_up.pk).status == FollowUpStatus.ACCEPTED


def test_follow_up_evidence_download(client, signed, secretary, commune_secretary, inspector):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_services_results import _xlsx_bytes

    follow_up = services_results.followup_answer(
        actor=secretary,
        follow_up=signed[0],
        expected_version=None,
        action_text="Đã sửa",
        upload=SimpleUploadedFile("minh-chung.xlsx", _xlsx_bytes()),
    )
    url = reverse("inspections:followup_evidence", args=[follow_up.pk])
    assert _as(client, commune_secretary).get(url).status_code == 404
    for user in (secretary, inspector):
        response = _as(client, user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
        assert "minh-chung.xlsx" in response["Content-Disposition"]
    event = follow_up.events.get()
    assert (
        _as(client, secretary)
        .get(reverse("inspections:followup_event_evidence", args=[follow_up.pk, event.pk]))
        .status_code
        == 200
    )
    assert _as(client, secretary).get(reverse("inspections:followup_evidence", args=[signed[1].pk])).status_code == 404


def test_my_inspections(
    client, signed, inspector, other_inspector, secretary, stp_entry, django_assert_max_num_queries
):
    url = reverse("inspections:my_inspections")
    _warm(client, inspector)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert reverse("inspections:entry_detail", args=[stp_entry.pk]) in response.text
    assert "Bạn chưa có trong đoàn kiểm tra nào" in _as(client, other_inspector).get(url).text
    assert _as(client, secretary).get(url).status_code == 403


# --- consolidation ---------------------------------------------------------------------------------


def test_consolidation_page(
    client, signed, stp_entry, coordinator, outsider, secretary, inspector, province, django_assert_max_num_queries
):
    url = reverse("inspections:consolidation") + "?year=2026"
    _warm(client, coordinator)
    with django_assert_max_num_queries(25):  # the figures computed and cached
        response = client.get(url)
    with django_assert_max_num_queries(13):  # the same figures from the cache
        assert client.get(url).status_code == 200
    assert response.status_code == 200
    text = response.text
    assert "Sở Tư pháp" in text and 'data-chart="rating-chart"' in text and "vendor/chartjs/chart.umd.js" in text
    assert reverse("inspections:consolidation_agency", args=[stp_entry.agency_id]) in text
    assert _as(client, secretary).get(url).status_code == 403
    assert _as(client, inspector).get(url).status_code == 403
    response = _as(client, outsider).get(url)
    assert response.status_code == 200 and "Sở Tư pháp" not in response.text
    assert _as(client, outsider).get(url + f"&root={province.pk}").status_code == 404
    sorted_page = _as(client, coordinator).get(url + "&sort=-self&state=inspected")
    assert sorted_page.status_code == 200


def test_consolidation_exports(client, signed, coordinator, secretary, outsider, province):
    excel = reverse("inspections:consolidation_excel") + "?year=2026"
    report = reverse("inspections:consolidation_report")
    assert _as(client, secretary).get(excel).status_code == 403
    assert _as(client, secretary).post(report, {"year": 2026}).status_code == 403
    assert _as(client, outsider).post(report, {"year": 2026, "root": province.pk}).status_code == 404
    response = _as(client, coordinator).get(excel)
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    form = client.get(report + "?year=2026")
    assert form.status_code == 200 and 'value="Sở Khoa học và Công nghệ"' in form.text
    incomplete = client.post(report, {"year": 2026, "issuer": "", "symbol": "BC-SKHCN", "signer_title": "Giám đốc"})
    assert incomplete.status_code == 200 and incomplete["Content-Type"].startswith("text/html")
    response = client.post(
        report, {"year": 2026, "issuer": "Sở Khoa học và Công nghệ", "symbol": "BC-SKHCN", "signer_title": "Giám đốc"}
    )
    assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE


def test_consolidation_drill_down(client, signed, stp_entry, coordinator, outsider, inspector):
    criterion_id = signed[0].finding.criterion_id
    agency_url = reverse("inspections:consolidation_agency", args=[stp_entry.agency_id]) + "?year=2026"
    criterion_url = (
        reverse("inspections:consolidation_criterion", args=[stp_entry.agency_id, criterion_id]) + "?year=2026"
    )
    for url in (agency_url, criterion_url):
        assert _as(client, outsider).get(url).status_code == 404
        assert _as(client, inspector).get(url).status_code == 403
        assert _as(client, coordinator).get(url).status_code == 200
    assert criterion_url.split("?")[0] in _as(client, coordinator).get(agency_url).text
