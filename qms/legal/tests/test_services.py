"""Adding and editing texts, recording replacements and amendments (with their guards), citations."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from qms.core.models import AuditEvent, SearchEntry
from qms.core.tests.pagekit import audited, fresh
from qms.legal import access, selectors, services
from qms.legal.models import LegalCitation, LegalText

from .conftest import add_text, cite


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def create(actor, **overrides):
    data = {
        "kind": "circular",
        "number": "26/2014/TT-BKHCN",
        "issuer": "Bộ Khoa học và Công nghệ",
        "title": "quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
        "signed_on": dt.date(2014, 10, 10),
        "effective_on": dt.date(2014, 12, 1),
        "expires_on": None,
        "url": "",
    }
    data.update(overrides)
    return services.legal_text_create(actor=actor, **data)


# --- permissions helpers --------------------------------------------------------------------------


def test_who_may_add_and_manage(db, secretary, leader, coordinator, staff_user, superadmin, admin_user):
    assert [access.can_add_legal(u) for u in (secretary, leader, coordinator, admin_user, superadmin, None)] == [
        True
    ] * 6
    assert access.can_add_legal(staff_user) is False
    assert [access.can_manage_legal(u) for u in (coordinator, admin_user, superadmin, None)] == [True] * 4
    assert [access.can_manage_legal(u) for u in (secretary, leader, staff_user)] == [False] * 3


# --- create ---------------------------------------------------------------------------------------


def test_secretary_adds_a_text(department, secretary):
    with audited("legal.create") as events:
        text = create(secretary, number=" 26 / 2014 / TT - BKHCN ", title="  quy định   chi tiết ")

    stored = fresh(text)
    assert stored.number == "26/2014/TT-BKHCN"
    assert stored.title == "quy định chi tiết"
    assert stored.added_by_organisation == department
    assert "26/2014/tt-bkhcn" in stored.search_text and "thong tu" in stored.search_text
    assert events[0].scope_path == department.path
    entry = SearchEntry.objects.get(source="legal", source_id=text.pk)
    assert (entry.code, entry.public, entry.status, entry.kind) == ("26/2014/TT-BKHCN", True, "in_force", "circular")
    assert entry.dated == dt.date(2014, 10, 10)


def test_staff_cannot_add(department, staff_user):
    with pytest.raises(PermissionDenied):
        create(staff_user)
    assert LegalText.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": "26-2014"}, "number"),
        ({"number": ""}, "number"),
        ({"kind": "bogus"}, "kind"),
        ({"title": "x" * 1001}, "title"),
        ({"effective_on": dt.date(2014, 1, 1)}, "effective_on"),
        ({"expires_on": dt.date(2014, 11, 30)}, "expires_on"),
        ({"url": "ftp://example.org/x"}, "url"),
        ({"kind": "standard", "number": "26/2014/TT-BKHCN"}, "number"),
    ],
)
def test_create_refuses_bad_fields(db, overrides, field):
    with pytest.raises(ValidationError) as caught:
        create(None, **overrides)

    assert field in caught.value.error_dict
    assert LegalText.objects.count() == AuditEvent.objects.count() == 0


def test_number_is_unique_regardless_of_spacing_and_case(db):
    create(None, number="26/2014/TT-BKHCN")

    for number in ("26/2014/TT-BKHCN", "26 / 2014 / TT-BKHCN", "26/2014/tt-bkhcn"):
        with pytest.raises(ValidationError) as caught:
            create(None, number=number)
        assert "đã có trong sổ" in caught.value.error_dict["number"][0].message


def test_create_stores_an_uploaded_file(db, secretary):
    upload = SimpleUploadedFile("26-2014-TT-BKHCN.pdf", blank_pdf(), content_type="application/pdf")

    text = create(secretary, file=upload)

    assert fresh(text).file.original_name == "26-2014-TT-BKHCN.pdf"


def test_create_refuses_a_disguised_file(db, secretary):
    upload = SimpleUploadedFile("van-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(ValidationError) as caught:
        create(secretary, file=upload)

    assert "file" in caught.value.error_dict
    assert LegalText.objects.count() == 0


# --- update ---------------------------------------------------------------------------------------


def test_coordinator_edits_with_the_version(db, coordinator):
    text = create(None)

    with audited("legal.update") as events:
        services.legal_text_update(
            actor=coordinator, legal_text=text, expected_version=1, title="quy định chi tiết (sửa)", issuer="Bộ KH&CN"
        )

    stored = fresh(text)
    assert (stored.title, stored.issuer, stored.version) == ("quy định chi tiết (sửa)", "Bộ KH&CN", 2)
    assert events[0].changes["title"]["after"] == "quy định chi tiết (sửa)"
    assert SearchEntry.objects.get(source="legal", source_id=text.pk).title == "quy định chi tiết (sửa)"


def test_a_stale_edit_is_refused(db, coordinator):
    text = create(None)
    services.legal_text_update(actor=coordinator, legal_text=fresh(text), expected_version=1, title="lần một")

    with pytest.raises(ValidationError) as caught:
        services.legal_text_update(actor=coordinator, legal_text=text, expected_version=1, title="lần hai")

    assert "đã được người khác sửa" in caught.value.messages[0]
    assert fresh(text).title == "lần một"


@pytest.mark.parametrize("who", ["secretary", "leader", "staff_user"])
def test_agency_roles_cannot_edit(request, db, who):
    text = create(None)

    with pytest.raises(PermissionDenied):
        services.legal_text_update(actor=request.getfixturevalue(who), legal_text=text, expected_version=1, title="x")
    assert fresh(text).version == 1


def test_update_refuses_a_number_taken_by_another_text_of_the_same_issuer(db, coordinator, decree_61):
    text = create(None, issuer=decree_61.issuer)

    with pytest.raises(ValidationError):
        services.legal_text_update(actor=coordinator, legal_text=text, expected_version=1, number="61/2018/NĐ-CP")
    assert fresh(text).number == "26/2014/TT-BKHCN"
    services.legal_text_update(actor=coordinator, legal_text=text, expected_version=1, number="26/2014/TT-BKHCN")


def test_update_accepts_a_number_another_issuer_used(db, coordinator):
    other = create(None, kind="decision", number="1276/QĐ-UBND", issuer="UBND tỉnh Đắk Nông")
    text = create(None, kind="decision", number="12/QĐ-UBND", issuer="UBND tỉnh Quảng Ninh")

    services.legal_text_update(actor=coordinator, legal_text=text, expected_version=1, number="1276/QĐ-UBND")
    assert (fresh(text).number, fresh(other).number) == ("1276/QĐ-UBND", "1276/QĐ-UBND")


def test_unknown_fields_are_a_programming_error(db, coordinator):
    with pytest.raises(TypeError):
        services.legal_text_update(actor=coordinator, legal_text=create(None), expected_version=1, version=9)


# --- replace and amend ------------------------------------------------------------------------------


def test_coordinator_records_a_replacement(db, coordinator):
    old = add_text("12/2017/NĐ-CP", signed_on=dt.date(2017, 2, 1), effective_on=dt.date(2017, 3, 1))
    new = add_text("25/2026/NĐ-CP", signed_on=dt.date(2026, 1, 10), effective_on=dt.date(2026, 3, 1))

    with audited("legal.replace") as events:
        result = services.legal_text_replace(actor=coordinator, new=new, old_texts=[old, old])

    assert list(new.replaces.all()) == [old]
    assert list(old.replaced_by.all()) == [new]
    assert result.created == 0  # nobody cites the old text
    assert events[0].changes == {"replaces": {"before": [], "after": ["12/2017/NĐ-CP"]}}
    assert old.status_on(dt.date(2026, 3, 1)) == "replaced"
    assert old.status_on(dt.date(2026, 2, 28)) == "in_force"
    assert SearchEntry.objects.get(source="legal", source_id=old.pk).status == "replaced"


def test_replace_guards(db, coordinator, decree_61, decree_107):
    with pytest.raises(ValidationError, match="chính nó"):
        services.legal_text_replace(actor=coordinator, new=decree_61, old_texts=[decree_61])
    with pytest.raises(ValidationError, match="ký ngày"):
        services.legal_text_replace(actor=coordinator, new=decree_61, old_texts=[decree_107])
    with pytest.raises(ValidationError, match="ít nhất một"):
        services.legal_text_replace(actor=coordinator, new=decree_107, old_texts=[])
    services.legal_text_amend(actor=coordinator, new=decree_107, old_texts=[decree_61])
    with pytest.raises(ValidationError, match="đã được ghi nhận"):
        services.legal_text_amend(actor=coordinator, new=decree_107, old_texts=[decree_61])
    assert decree_61.replaces.count() == 0


def test_replace_refuses_a_cycle(db, coordinator):
    a = add_text("1/2020/NĐ-CP")
    b = add_text("2/2020/NĐ-CP")
    c = add_text("3/2020/NĐ-CP")
    services.legal_text_replace(actor=coordinator, new=b, old_texts=[a])
    services.legal_text_amend(actor=coordinator, new=c, old_texts=[b])

    with pytest.raises(ValidationError, match="vòng lặp"):
        services.legal_text_replace(actor=coordinator, new=a, old_texts=[c])
    with pytest.raises(ValidationError, match="vòng lặp"):
        services.legal_text_amend(actor=coordinator, new=a, old_texts=[b])
    assert a.replaces.count() == a.amends.count() == 0


@pytest.mark.parametrize("who", ["secretary", "leader", "staff_user"])
def test_agency_roles_cannot_record_replacements(request, db, decree_61, decree_107, who):
    with pytest.raises(PermissionDenied):
        services.legal_text_amend(actor=request.getfixturevalue(who), new=decree_107, old_texts=[decree_61])
    assert decree_107.amends.count() == 0


# --- citations --------------------------------------------------------------------------------------


def test_citations_set_replaces_the_legal_bases(department, secretary, doc_stp, decree_61, decision_19):
    with audited("legal.cite") as events:
        citations = services.citations_set(
            actor=secretary, target=doc_stp, organisation=department, items=[(decree_61, "Điều 5"), (decision_19, "")]
        )

    assert [c.legal_text for c in citations] == [decision_19, decree_61]
    assert {c.target_repr for c in citations} == {str(doc_stp)}
    assert events[0].changes["legal_bases"]["after"] == ["19/2014/QĐ-TTg", "61/2018/NĐ-CP (Điều 5)"]
    assert events[0].scope_path == department.path

    with audited("legal.cite"):
        services.citations_set(actor=secretary, target=doc_stp, organisation=department, items=[(decree_61, "Điều 6")])
    assert [(c.legal_text, c.provision) for c in selectors.citations_of(doc_stp)] == [(decree_61, "Điều 6")]

    with audited():  # no change, no event
        services.citations_set(actor=secretary, target=doc_stp, organisation=department, items=[(decree_61, "Điều 6")])


def test_citations_set_refuses_duplicates_and_foreign_agencies(
    department, other_province, secretary, doc_stp, decree_61
):
    with pytest.raises(ValidationError):
        services.citations_set(
            actor=secretary, target=doc_stp, organisation=department, items=[(decree_61, ""), (decree_61, "Điều 1")]
        )
    with pytest.raises(PermissionDenied):
        services.citations_set(actor=secretary, target=doc_stp, organisation=other_province, items=[(decree_61, "")])
    assert LegalCitation.objects.count() == 0


def test_citations_set_by_staff_is_refused(department, staff_user, doc_stp, decree_61):
    with pytest.raises(PermissionDenied):
        services.citations_set(actor=staff_user, target=doc_stp, organisation=department, items=[(decree_61, "")])


def test_citing_counts(department, commune, doc_stp, doc_commune, decree_61):
    cite(doc_stp, department, decree_61)
    cite(doc_commune, commune, decree_61)

    assert selectors.citing_count(decree_61) == 2
