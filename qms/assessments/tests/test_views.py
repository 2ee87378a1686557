"""Assessment and rubric pages: who may see and do what, refused requests change nothing, and the
flows work end to end (save, live preview, submit, reopen, evidence, import, export, rubrics)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from qms.assessments import services, services_rubrics
from qms.assessments.models import Assessment, AssessmentStatus, Criterion, Evidence, Rubric, RubricStatus, Score
from qms.assessments.services import ScoreInput
from qms.core.tests.factories import UserFactory, grant
from qms.core.tests.pagekit import audited, login_redirect, unchanged
from qms.core.tests.test_files import make_pdf

from .conftest import full_scores, open_inspection, open_self
from .sheets import annex_rows, half_scores, to_xlsx

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def own(banded, department, secretary):
    a = open_self(banded, department)
    c = Criterion.objects.get(rubric=banded, key="1.1")
    services.scores_save(actor=secretary, assessment=a, entries={c.pk: ScoreInput(value=D(1))})
    ev = services.evidence_add(actor=secretary, assessment=a, criterion=c, label="Kế hoạch", upload=_pdf())
    a.refresh_from_db()
    a.evidence_item = ev
    return a


@pytest.fixture
def auditor(department):
    user = UserFactory(full_name="Hoàng Văn Nam")
    grant(user, department, "auditor")
    return user


def _pdf():
    return SimpleUploadedFile("ke-hoach.pdf", make_pdf(), content_type="application/pdf")


def crit(rubric, key):
    return Criterion.objects.get(rubric=rubric, key=key)


def assessment_urls(a, rubric):
    c = crit(rubric, "1.1")
    ev = Evidence.objects.filter(assessment=a).first()
    return [
        ("get", reverse("assessments:detail", args=[a.pk])),
        ("post", reverse("assessments:save", args=[a.pk])),
        ("post", reverse("assessments:preview", args=[a.pk])),
        ("post", reverse("assessments:submit", args=[a.pk])),
        ("get", reverse("assessments:reopen", args=[a.pk])),
        ("post", reverse("assessments:reopen", args=[a.pk])),
        ("get", reverse("assessments:export", args=[a.pk])),
        ("get", reverse("assessments:import", args=[a.pk])),
        ("post", reverse("assessments:import", args=[a.pk])),
        ("get", reverse("assessments:evidence", args=[a.pk, c.pk])),
        ("post", reverse("assessments:evidence", args=[a.pk, c.pk])),
        ("get", reverse("assessments:evidence_file", args=[a.pk, ev.pk])),
        ("post", reverse("assessments:evidence_remove", args=[a.pk, ev.pk])),
    ]


def rubric_urls(rubric):
    return [
        ("get", reverse("assessments:rubric_import")),
        ("post", reverse("assessments:rubric_import")),
        ("get", reverse("assessments:rubric_bands", args=[rubric.pk])),
        ("post", reverse("assessments:rubric_bands", args=[rubric.pk])),
        ("post", reverse("assessments:rubric_publish", args=[rubric.pk])),
        ("post", reverse("assessments:rubric_retire", args=[rubric.pk])),
        ("post", reverse("assessments:rubric_discard", args=[rubric.pk])),
        ("get", reverse("assessments:rubric_derive", args=[rubric.pk])),
        ("post", reverse("assessments:rubric_derive", args=[rubric.pk])),
    ]


POST_DATA = {
    "reason": "x",
    "label": "x",
    "url": "/x/",
    "lines": "0 | A",
    "code": "abc-1",
    "title": "X",
    "organisation": "1",
}


def _call(client, method, url):
    return client.get(url) if method == "get" else client.post(url, POST_DATA)


# --- anonymous, other organisation, wrong role ---------------------------------------------------------


def test_anonymous_is_sent_to_login_everywhere(client, own, banded):
    urls = [
        *assessment_urls(own, banded),
        *rubric_urls(banded),
        ("get", reverse("assessments:list")),
        ("get", reverse("assessments:start")),
        ("post", reverse("assessments:start")),
        ("get", reverse("assessments:rubric_list")),
        ("get", reverse("assessments:rubric_detail", args=[banded.pk])),
        ("get", reverse("assessments:rubric_export", args=[banded.pk])),
    ]
    with unchanged():
        for method, url in urls:
            response = _call(client, method, url)
            assert response.status_code == 302, url
            assert response["Location"] == login_redirect(url), url


@pytest.mark.parametrize("who", ["commune_secretary", "outsider", "staff_user", "auditor"])
def test_other_organisation_or_no_assess_view_gets_404(client, own, banded, who, request):
    client.force_login(request.getfixturevalue(who))
    with unchanged():
        for method, url in assessment_urls(own, banded):
            assert _call(client, method, url).status_code == 404, url


def test_coordinator_reads_but_may_not_fill_in_the_self_assessment(client, own, banded, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("assessments:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("assessments:export", args=[own.pk])).status_code == 200
    c = crit(banded, "1.2")
    ev = own.evidence_item
    with unchanged():
        for url, data in [
            (reverse("assessments:save", args=[own.pk]), {f"v-{c.pk}": "1"}),
            (reverse("assessments:preview", args=[own.pk]), {f"v-{c.pk}": "1"}),
            (reverse("assessments:submit", args=[own.pk]), {}),
            (reverse("assessments:import", args=[own.pk]), {}),
            (reverse("assessments:evidence", args=[own.pk, c.pk]), {"url": "/x/"}),
            (reverse("assessments:evidence_remove", args=[own.pk, ev.pk]), {}),
        ]:
            assert client.post(url, data).status_code == 403, url
        assert client.get(reverse("assessments:start")).status_code == 403
    # Reopen needs a submitted assessment: the draft says so without changing anything.
    assert client.get(reverse("assessments:reopen", args=[own.pk])).status_code == 200


def test_secretary_may_not_submit_or_reopen_or_manage_rubrics(client, own, banded, secretary):
    client.force_login(secretary)
    with unchanged():
        assert client.post(reverse("assessments:submit", args=[own.pk])).status_code == 403
        assert client.post(reverse("assessments:reopen", args=[own.pk]), {"reason": "x"}).status_code == 403
        for method, url in rubric_urls(banded):
            assert _call(client, method, url).status_code == 403, url
    assert client.get(reverse("assessments:rubric_list")).status_code == 200
    assert client.get(reverse("assessments:rubric_detail", args=[banded.pk])).status_code == 200


def test_drafts_of_rubrics_are_hidden_from_agencies(client, daknong, secretary, coordinator):
    draft = services_rubrics.rubric_derive(
        actor=coordinator, rubric=daknong, code="draft-2026", title="D", organisation=None
    )
    client.force_login(secretary)
    assert client.get(reverse("assessments:rubric_detail", args=[draft.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("assessments:rubric_detail", args=[draft.pk])).status_code == 200


def test_inspection_page_only_for_the_team(client, banded, department, inspector, other_inspector):
    a = open_inspection(banded, department, [inspector])
    c = crit(banded, "1.1")
    client.force_login(other_inspector)
    assert client.get(reverse("assessments:detail", args=[a.pk])).status_code == 200  # reads (subtree role)
    with unchanged():
        assert client.post(reverse("assessments:save", args=[a.pk]), {f"v-{c.pk}": "1"}).status_code == 403
    client.force_login(inspector)
    response = client.post(reverse("assessments:save", args=[a.pk]), {f"v-{c.pk}": "0,5", "version": a.version})
    assert response.status_code == 302
    assert Score.objects.get(assessment=a, criterion=c).value == D("0.5")


# --- allowed flows ---------------------------------------------------------------------------------------


def test_list_and_start(client, banded, department, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    response = client.get(reverse("assessments:list"))
    assert response.status_code == 200 and "Chưa có bản đánh giá nào" in response.content.decode()
    response = client.get(reverse("assessments:start"))
    assert banded.title in response.content.decode()
    with audited("assessment.open"):
        response = client.post(reverse("assessments:start"), {"year": 2026, "rubric": banded.pk})
    a = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:detail", args=[a.pk])
    for year in range(2019, 2027):
        open_self(banded, department, year=year) if year != 2026 else None
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessments:list"))
    assert response.content.decode().count('data-href="/danh-gia/') == 8


def test_coordinator_list_query_count(client, banded, department, commune, coordinator, django_assert_max_num_queries):
    open_self(banded, department)
    open_self(banded, commune)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessments:list") + "?year=2026&kind=self")
    html = response.content.decode()
    assert "Sở Tư pháp" in html and "UBND phường Hạ Long" in html


def test_detail_query_count(client, own, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("assessments:detail", args=[own.pk]))
    html = response.content.decode()
    assert 'name="v-' in html and "Lưu điểm" in html
    assert client.get(reverse("assessments:detail", args=[own.pk]) + "?tab=lich-su").status_code == 200


def test_save_valid_and_invalid(client, own, banded, secretary):
    client.force_login(secretary)
    c1, c2 = crit(banded, "1.2"), crit(banded, "2.1")
    with unchanged():
        response = client.post(
            reverse("assessments:save", args=[own.pk]),
            {f"v-{c1.pk}": "1,5", f"v-{c2.pk}": "abc", "version": own.version},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Điểm 1,5 vượt điểm tối đa 1." in html and "“abc” không phải là số." in html
    with audited("assessment.score"):
        response = client.post(
            reverse("assessments:save", args=[own.pk]),
            {
                f"v-{c1.pk}": "0,5",
                f"n-{c1.pk}": "Chưa phân công",
                f"v-{c2.pk}": "1",
                "summary": "Tốt",
                "version": own.version,
            },
        )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.total, own.summary) == (D("2.5"), "Tốt")


def test_save_with_stale_version(client, own, banded, secretary):
    client.force_login(secretary)
    c = crit(banded, "1.2")
    with unchanged():
        response = client.post(
            reverse("assessments:save", args=[own.pk]), {f"v-{c.pk}": "1", "version": own.version - 1}
        )
    assert "người khác sửa" in response.content.decode()


def test_live_preview_computes_without_saving(client, own, banded, secretary):
    client.force_login(secretary)
    c = crit(banded, "1.2")
    parent = crit(banded, "1")
    with unchanged():
        response = client.post(
            reverse("assessments:preview", args=[own.pk]), {f"v-{c.pk}": "1"}, HTTP_HX_REQUEST="true"
        )
    html = response.content.decode()
    assert f'<span id="sub-{parent.pk}" hx-swap-oob="true">2</span>' in html
    assert '<span id="sub-total" hx-swap-oob="true">2</span>' in html
    response = client.post(reverse("assessments:preview", args=[own.pk]), {f"v-{c.pk}": "3"})
    assert "Điểm 3 vượt điểm tối đa 1." in response.content.decode()


def test_submit_reopen_flow(client, own, banded, secretary, leader, coordinator):
    services.scores_save(actor=secretary, assessment=own, entries=full_scores(banded))
    own.refresh_from_db()
    client.force_login(leader)
    with audited("assessment.submit"):
        client.post(reverse("assessments:submit", args=[own.pk]), {"version": own.version})
    own.refresh_from_db()
    assert own.status == AssessmentStatus.SUBMITTED
    html = client.get(reverse("assessments:detail", args=[own.pk])).content.decode()
    assert "Bản đánh giá đang bị khoá" in html and 'name="v-' not in html
    client.force_login(secretary)
    with unchanged():
        response = client.post(
            reverse("assessments:save", args=[own.pk]), {f"v-{crit(banded, '1.2').pk}": "1"}, follow=True
        )
    assert "đang bị khoá" in response.content.decode()
    client.force_login(coordinator)
    with audited("assessment.reopen"):
        response = client.post(reverse("assessments:reopen", args=[own.pk]), {"reason": "Bổ sung minh chứng 10.2"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == AssessmentStatus.REOPENED


def test_evidence_pages(client, own, banded, secretary, leader):
    client.force_login(secretary)
    c = crit(banded, "1.1")
    ev = own.evidence_item
    response = client.get(reverse("assessments:evidence_file", args=[own.pk, ev.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with audited("assessment.evidence_add"):
        client.post(reverse("assessments:evidence", args=[own.pk, c.pk]), {"label": "Sổ tay", "url": "/tai-lieu/3/"})
    html = client.get(reverse("assessments:evidence", args=[own.pk, c.pk])).content.decode()
    assert "Sổ tay" in html and "ke-hoach.pdf" in html
    with unchanged():
        response = client.post(
            reverse("assessments:evidence", args=[own.pk, c.pk]), {"label": "x", "url": "javascript:x"}
        )
        assert "Đường dẫn phải" in response.content.decode()
    with audited("assessment.evidence_remove"):
        client.post(reverse("assessments:evidence_remove", args=[own.pk, ev.pk]))
    # The evidence of one assessment is not reachable through another's URL.
    second = Evidence.objects.get(assessment=own)
    assert client.get(reverse("assessments:evidence_file", args=[own.pk + 999, second.pk])).status_code == 404


def test_export(client, own, secretary):
    client.force_login(secretary)
    response = client.get(reverse("assessments:export", args=[own.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bang-diem-tu-cham-2026-22-STP.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "PHỤ LỤC"


def test_import_preview_then_confirm(client, own, banded, secretary):
    client.force_login(secretary)
    rows = annex_rows(banded, half_scores(banded), stated={"II": D(20)})
    upload = SimpleUploadedFile("bang-diem.xlsx", to_xlsx(rows))
    with unchanged():
        response = client.post(reverse("assessments:import", args=[own.pk]), {"upload": upload})
    html = response.content.decode()
    assert "Dòng " in html and "II: điểm ghi 20, tính từ các tiêu chí là 14." in html
    token = response.context["token"]
    with audited("assessment.import"):
        response = client.post(reverse("assessments:import", args=[own.pk]), {"token": token})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.total == D(50)
    with unchanged():
        response = client.post(reverse("assessments:import", args=[own.pk]), {"token": "stale"})
    assert response.status_code == 302


def test_import_errors_are_shown(client, own, banded, secretary):
    client.force_login(secretary)
    rows = annex_rows(banded, {**half_scores(banded), "1.2": D(5)})
    with unchanged():
        response = client.post(
            reverse("assessments:import", args=[own.pk]), {"upload": SimpleUploadedFile("b.xlsx", to_xlsx(rows))}
        )
    html = response.content.decode()
    assert "chưa ghi điểm nào" in html and "Điểm 5 vượt điểm tối đa 1." in html
    assert response.context["token"] == ""


# --- rubric pages ------------------------------------------------------------------------------------------


def test_rubric_list_and_detail(client, rubrics, banded, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessments:rubric_list"))
    html = response.content.decode()
    assert "daknong-2020" in html and "tt26-art36" in html and "quangninh-2026" in html
    html = client.get(reverse("assessments:rubric_detail", args=[rubrics["daknong-2020"].pk])).content.decode()
    assert "không kèm thang xếp loại" in html and "Quyết định 1276/QĐ-UBND" in html
    response = client.get(reverse("assessments:rubric_list") + "?q=dak nong")
    assert "daknong-2020" in response.content.decode()


def test_rubric_management_flow(client, daknong, department, coordinator, province):
    client.force_login(coordinator)
    open_self(daknong, department)  # in use
    with audited("rubric.bands"):
        response = client.post(
            reverse("assessments:rubric_bands", args=[daknong.pk]),
            {"lines": "0 | Không đạt\n50 | Trung bình\n75 | Khá\n90 | Tốt", "bands_note": "Tạm"},
        )
    v2 = Rubric.objects.get(code="daknong-2020", version=2)
    assert response["Location"] == reverse("assessments:rubric_detail", args=[v2.pk])
    assert daknong.bands.count() == 0
    with unchanged():
        response = client.post(reverse("assessments:rubric_bands", args=[v2.pk]), {"lines": "50 | A\n10 | B"})
    assert "tăng dần" in response.content.decode()
    with audited("rubric.publish"):
        client.post(reverse("assessments:rubric_publish", args=[v2.pk]))
    v2.refresh_from_db()
    daknong.refresh_from_db()
    assert (v2.status, daknong.status) == (RubricStatus.PUBLISHED, RubricStatus.RETIRED)
    data = client.get(reverse("assessments:rubric_export", args=[v2.pk])).content
    response = client.post(
        reverse("assessments:rubric_import") + f"?from={v2.pk}", {"upload": SimpleUploadedFile("r.xlsx", data)}
    )
    assert response.status_code == 302 and Rubric.objects.filter(code="daknong-2020").count() == 2
    response = client.post(
        reverse("assessments:rubric_derive", args=[v2.pk]),
        {"code": "quangninh-2027", "title": "QN 2027", "organisation": province.pk},
    )
    derived = Rubric.objects.get(code="quangninh-2027")
    assert response["Location"] == reverse("assessments:rubric_detail", args=[derived.pk])
    with audited("rubric.discard"):
        client.post(reverse("assessments:rubric_discard", args=[derived.pk]))
    with audited("rubric.retire"):
        client.post(reverse("assessments:rubric_retire", args=[v2.pk]))
