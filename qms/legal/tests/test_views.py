"""Legal register pages for the users allowed to use them, and the list's query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.core.tests.pagekit import STALE_MESSAGE, audited, fresh, unchanged
from qms.legal import services
from qms.legal.models import LegalText
from qms.obligations.models import Obligation

from .conftest import add_text, cite
from .test_services import blank_pdf
from .viewkit import replace_data, text_data

CSV = (
    '"Số, ký hiệu",Loại văn bản,Cơ quan ban hành,Trích yếu,Ngày ký,Ngày hiệu lực\n'
    "30/2020/NĐ-CP,Nghị định,Chính phủ,về công tác văn thư,05/03/2020,05/03/2020\n"
    "61/2018/NĐ-CP,Nghị định,Chính phủ,về thực hiện cơ chế một cửa (sửa),23/04/2018,21/06/2018\n"
)


def test_list_shows_the_register_with_filters_and_flags(client, staff_user, decision_19, decree_61):
    add_text("101/QĐ-BKHCN", kind="decision", title="Mô hình khung", signed_on=dt.date(2019, 1, 21))
    client.force_login(staff_user)

    response = client.get(reverse("legal:list"))

    assert response.status_code == 200
    assert [t.number for t in response.context["page_obj"].object_list] == [
        "101/QĐ-BKHCN",
        "61/2018/NĐ-CP",
        "19/2014/QĐ-TTg",
    ]
    body = response.content.decode()
    assert "chưa có ngày hiệu lực" in body and "Còn hiệu lực" in body
    assert "23/04/2018" in body  # dd/mm/yyyy
    assert response.context["no_date_count"] == 1
    filtered = client.get(
        reverse("legal:list"), {"q": "qd 19", "kind": "decision", "year": "2014", "status": "in_force"}
    )
    assert [t.number for t in filtered.context["page_obj"].object_list] == ["19/2014/QĐ-TTg"]
    empty = client.get(reverse("legal:list"), {"q": "không tồn tại"})
    assert "Không tìm thấy văn bản nào" in empty.content.decode()


def test_secretary_sees_add_and_import_buttons(client, secretary, db):
    client.force_login(secretary)
    body = client.get(reverse("legal:list")).content.decode()
    assert "Thêm văn bản" in body and "Nhập từ tệp" in body


def test_secretary_adds_a_text(client, secretary, department):
    client.force_login(secretary)

    with audited("legal.create"):
        response = client.post(
            reverse("legal:create"),
            {**text_data(number="26 / 2014 / TT-BKHCN"), "upload": SimpleUploadedFile("tt26.pdf", blank_pdf())},
        )

    text = LegalText.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("legal:detail", args=[text.pk])
    assert (text.number, text.added_by_organisation) == ("26/2014/TT-BKHCN", department)
    assert text.file.original_name == "tt26.pdf"
    download = client.get(reverse("legal:file", args=[text.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_create_shows_number_errors_beside_the_field(client, secretary, decree_61):
    client.force_login(secretary)

    with unchanged():
        bad = client.post(reverse("legal:create"), text_data(number="26-2014"))
        taken = client.post(
            reverse("legal:create"), text_data(kind="decree", number="61/2018/nđ-CP", issuer="chính phủ")
        )

    assert bad.status_code == taken.status_code == 200
    assert "không đúng dạng" in bad.context["form"].errors["number"][0]
    assert "đã có trong sổ" in taken.context["form"].errors["number"][0]


def test_coordinator_edits_and_a_stale_form_is_refused(client, coordinator, decree_61):
    client.force_login(coordinator)
    url = reverse("legal:edit", args=[decree_61.pk])
    loaded = text_data(decree_61)

    with audited("legal.update"):
        response = client.post(url, {**loaded, "title": "về một cửa, một cửa liên thông"})
    assert response.status_code == 302
    assert fresh(decree_61).title == "về một cửa, một cửa liên thông"

    with unchanged():
        stale = client.post(url, {**loaded, "title": "bản sửa cũ"})
    assert stale.status_code == 200
    assert STALE_MESSAGE in stale.content.decode()


def test_detail_shows_relations_citations_obligations_and_history(
    client, coordinator, department, doc_stp, decree_61, decree_107
):
    cite(doc_stp, department, decree_61)
    services.legal_text_amend(actor=coordinator, new=decree_107, old_texts=[decree_61])
    client.force_login(coordinator)

    old_page = client.get(reverse("legal:detail", args=[decree_61.pk]))
    new_page = client.get(reverse("legal:detail", args=[decree_107.pk]))

    assert [t.number for t in old_page.context["relations"]["amended_by"]] == ["107/2021/NĐ-CP"]
    assert [c.target_repr for c in old_page.context["citations"]] == ["Quy trình cấp phiếu lý lịch tư pháp"]
    assert [o.due_on for o in new_page.context["obligations"]] == [dt.date(2022, 3, 6)]
    body = new_page.content.decode()
    assert "Ghi nhận văn bản sửa đổi, bổ sung" in body  # the history
    assert "Quá hạn" in body


def test_coordinator_records_a_replacement_after_a_preview(
    client, coordinator, department, commune, doc_stp, doc_commune
):
    old = add_text("12/2017/NĐ-CP", signed_on=dt.date(2017, 2, 1), effective_on=dt.date(2017, 3, 1))
    new = add_text("25/2026/NĐ-CP", signed_on=dt.date(2026, 1, 10), effective_on=dt.date(2026, 3, 1))
    cite(doc_stp, department, old)
    cite(doc_commune, commune, old)
    client.force_login(coordinator)
    url = reverse("legal:replace", args=[new.pk])

    assert client.get(url).status_code == 200
    with unchanged():
        preview = client.post(url, replace_data("12/2017/nđ-cp"))
    assert preview.status_code == 200
    assert preview.context["preview"]["affected"] == 2
    assert "2 tài liệu đang viện dẫn" in preview.content.decode()

    with audited("legal.replace", "obligation.open_many"):
        done = client.post(url, replace_data("12/2017/NĐ-CP", confirm=True))
    assert done.status_code == 302
    assert list(new.replaces.all()) == [old]
    assert Obligation.objects.count() == 2
    assert set(Obligation.objects.values_list("due_on", flat=True)) == {dt.date(2026, 6, 1)}


def test_replace_with_unknown_numbers_or_a_guard_shows_the_error(client, coordinator, decree_61, decree_107):
    client.force_login(coordinator)
    url = reverse("legal:replace", args=[decree_61.pk])

    with unchanged():
        unknown = client.post(url, replace_data("999/2099/NĐ-CP"))
        newer = client.post(url, replace_data("107/2021/NĐ-CP", confirm=True))

    assert "Chưa có trong sổ: 999/2099/NĐ-CP" in unknown.content.decode()
    assert newer.context["form"].errors["numbers"]


def test_import_preview_then_confirm(client, coordinator, decree_61):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("so-van-ban.csv", CSV.encode(), content_type="text/csv")

    with unchanged():
        preview = client.post(reverse("legal:import"), {"file": upload})
    assert preview.status_code == 200
    result = preview.context["result"]
    assert (result.created, result.updated) == (1, 1)
    body = preview.content.decode()
    assert "Thêm mới" in body and "Cập nhật" in body and "Trích yếu" in body

    with audited("legal.import"):
        done = client.post(reverse("legal:import"), {"token": preview.context["token"]})
    assert done.status_code == 302
    assert LegalText.objects.filter(number="30/2020/NĐ-CP").exists()
    assert fresh(decree_61).title == "về thực hiện cơ chế một cửa (sửa)"
    # The token is spent.
    with unchanged():
        again = client.post(reverse("legal:import"), {"token": preview.context["token"]})
    assert again.status_code == 302


def test_secretary_import_of_a_changed_known_text_is_refused_by_row(client, secretary, decree_61):
    client.force_login(secretary)

    with unchanged():
        response = client.post(
            reverse("legal:import"), {"file": SimpleUploadedFile("x.csv", CSV.encode(), content_type="text/csv")}
        )

    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, "Số, ký hiệu")]


# --- query counts ----------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(n: int, start: int) -> None:
    previous = None
    for i in range(start, start + n):
        text = add_text(f"{i + 1}/2020/NĐ-CP", signed_on=dt.date(2020, 1, 1), effective_on=dt.date(2020, 2, 1))
        if previous is not None and i % 2:
            services.legal_text_replace(actor=None, new=text, old_texts=[previous])
        previous = text


@pytest.mark.parametrize(
    "path", ["/van-ban-phap-luat/", "/van-ban-phap-luat/?status=replaced", "/van-ban-phap-luat/?q=nghi+dinh"]
)
def test_list_does_not_issue_a_query_per_row(client, staff_user, django_assert_max_num_queries, path):
    client.force_login(staff_user)
    _grow(4, 0)
    client.get(path)
    small = _queries(client, path)

    _grow(40, 4)
    with django_assert_max_num_queries(small) as captured:
        response = client.get(path)

    assert len(captured.captured_queries) <= 12
    if "status" not in path:
        assert len(response.context["page_obj"].object_list) == 25


def test_detail_query_count_does_not_grow_with_citations(client, coordinator, department, decree_61, decree_107):
    from .conftest import document

    client.force_login(coordinator)
    for i in range(3):
        cite(document(department, f"Quy trình {i}"), department, decree_61)
    services.legal_text_amend(actor=None, new=decree_107, old_texts=[decree_61])
    url = reverse("legal:detail", args=[decree_107.pk])
    client.get(url)
    small = _queries(client, url)
    for i in range(3, 20):
        cite(document(department, f"Quy trình {i}"), department, decree_61)
    services.legal_obligations_sync()

    assert _queries(client, url) <= small
    old = reverse("legal:detail", args=[decree_61.pk])
    assert _queries(client, old) <= small + 2
