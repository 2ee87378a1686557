"""Legal register pages refuse anonymous callers and insufficient roles, and show another
province none of our citing documents or obligations; on every denial nothing changes."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qms.core.tests.pagekit import login_redirect, unchanged
from qms.legal import services

from .conftest import cite
from .viewkit import replace_data, text_data

CSV = "number,type,issuer,title,signed_on,effective_on\n30/2020/NĐ-CP,Nghị định,Chính phủ,về công tác văn thư,05/03/2020,05/03/2020\n"


def csv_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("van-ban.csv", CSV.encode(), content_type="text/csv")


@pytest.fixture
def world(
    department,
    commune,
    other_province,
    doc_stp,
    doc_other,
    decree_61,
    decree_107,
    coordinator,
    secretary,
    staff_user,
    outsider,
):
    cite(doc_stp, department, decree_61)
    cite(doc_other, other_province, decree_61)
    services.legal_text_amend(actor=None, new=decree_107, old_texts=[decree_61])
    return {"nd61": decree_61, "nd107": decree_107}


def payload(name: str, world) -> dict:
    return {
        "legal:create": text_data(),
        "legal:edit": text_data(world["nd61"], title="bị sửa"),
        "legal:replace": replace_data("61/2018/NĐ-CP", confirm=True),
        "legal:import": {"file": csv_upload()},
    }.get(name, {})


ANONYMOUS_CASES = [
    ("get", "legal:list", False),
    ("get", "legal:detail", True),
    ("get", "legal:file", True),
    ("get", "legal:create", False),
    ("post", "legal:create", False),
    ("get", "legal:edit", True),
    ("post", "legal:edit", True),
    ("get", "legal:replace", True),
    ("post", "legal:replace", True),
    ("get", "legal:import", False),
    ("post", "legal:import", False),
]


@pytest.mark.parametrize(("method", "name", "with_pk"), ANONYMOUS_CASES)
def test_anonymous_is_sent_to_the_login_page(client, world, method, name, with_pk):
    url = reverse(name, args=[world["nd107"].pk]) if with_pk else reverse(name)

    with unchanged():
        response = getattr(client, method)(url, payload(name, world) if method == "post" else {})

    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)


# --- another province: the register is shared, who cites it is not -----------------------------


def test_other_province_reads_the_text_but_not_our_citations_or_obligations(client, world, outsider):
    client.force_login(outsider)

    response = client.get(reverse("legal:detail", args=[world["nd61"].pk]))

    assert response.status_code == 200
    assert [c.target_repr for c in response.context["citations"]] == ["Quy trình tiếp nhận hồ sơ Bắc Ninh"]
    assert response.context["citing_total"] == 2
    body = response.content.decode()
    assert "Quy trình cấp phiếu lý lịch tư pháp" not in body
    new_page = client.get(reverse("legal:detail", args=[world["nd107"].pk]))
    assert [o.organisation.name for o in new_page.context["obligations"]] == ["UBND tỉnh Bắc Ninh"]


def test_missing_text_is_404(client, world, coordinator):
    client.force_login(coordinator)
    missing = world["nd107"].pk + 1000
    for name in ("legal:detail", "legal:edit", "legal:replace", "legal:file"):
        assert client.get(reverse(name, args=[missing])).status_code == 404
    assert client.get(reverse("legal:file", args=[world["nd61"].pk])).status_code == 404  # it has no file


# --- insufficient role ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff_user", "nobody"])
@pytest.mark.parametrize(
    ("method", "name", "with_pk"),
    [c for c in ANONYMOUS_CASES if c[1] not in ("legal:list", "legal:detail", "legal:file")],
)
def test_readers_cannot_add_edit_replace_or_import(client, request, world, who, method, name, with_pk):
    client.force_login(request.getfixturevalue(who))
    url = reverse(name, args=[world["nd107"].pk]) if with_pk else reverse(name)

    with unchanged():
        response = getattr(client, method)(url, payload(name, world) if method == "post" else {})

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["staff_user", "nobody"])
def test_readers_read_the_register(client, request, world, who):
    client.force_login(request.getfixturevalue(who))

    listing = client.get(reverse("legal:list"))
    page = client.get(reverse("legal:detail", args=[world["nd61"].pk]))

    assert listing.status_code == page.status_code == 200
    assert listing.context["can_add"] is False
    assert page.context["can_manage"] is False
    assert "Thêm văn bản" not in listing.content.decode()


@pytest.mark.parametrize("who", ["secretary", "leader"])
@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "legal:edit"), ("post", "legal:edit"), ("get", "legal:replace"), ("post", "legal:replace")],
)
def test_agency_roles_cannot_edit_or_record_replacements(client, request, world, who, method, name):
    client.force_login(request.getfixturevalue(who))
    url = reverse(name, args=[world["nd107"].pk])
    data = {
        "legal:edit": text_data(world["nd107"], title="bị sửa"),
        "legal:replace": replace_data("61/2018/NĐ-CP", confirm=True),
    }[name]

    with unchanged():
        response = getattr(client, method)(url, data if method == "post" else {})

    assert response.status_code == 403


def test_import_confirmation_needs_the_token_of_the_preview(client, world, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(reverse("legal:import"), {"token": "forged"})

    assert response.status_code == 302
    assert response["Location"] == reverse("legal:import")


def test_import_of_a_bad_file_shows_the_errors_and_writes_nothing(client, world, secretary):
    client.force_login(secretary)
    bad = CSV + "19-2014,Quyết định,Thủ tướng,áp dụng ISO,32/13/2014,\n"

    with unchanged():
        response = client.post(
            reverse("legal:import"), {"file": SimpleUploadedFile("x.csv", bad.encode(), content_type="text/csv")}
        )

    assert response.status_code == 200
    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, "number"), (3, "signed_on")]
    assert "chưa nhập văn bản nào" in response.content.decode()


def test_excel_upload_that_is_not_a_workbook(client, world, secretary):
    client.force_login(secretary)

    with unchanged():
        response = client.post(
            reverse("legal:import"), {"file": SimpleUploadedFile("x.xlsx", io.BytesIO(b"PK\x03\x04xx").read())}
        )

    assert response.status_code == 200
    assert response.context["problems"]
