"""A legal text is its number *and* its issuer: local decisions share numbers across provinces."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qms.legal import selectors, services_import
from qms.legal.importing import LegalImportError
from qms.legal.models import LegalText

from .conftest import add_text

pytestmark = pytest.mark.django_db

DAKNONG = "UBND tỉnh Đắk Nông"
QUANGNINH = "UBND tỉnh Quảng Ninh"


def _row(number: str, issuer: str, title: str = "Ban hành bộ tiêu chí") -> dict[str, str]:
    return {"Số, ký hiệu": number, "Loại văn bản": "Quyết định", "Cơ quan ban hành": issuer, "Trích yếu": title}


def test_two_provinces_may_issue_the_same_number():
    add_text("1276/QĐ-UBND", kind="decision", issuer=DAKNONG, signed_on=dt.date(2020, 8, 25))
    add_text("1276/QĐ-UBND", kind="decision", issuer=QUANGNINH, signed_on=dt.date(2021, 4, 2))
    assert sorted(LegalText.objects.values_list("issuer", flat=True)) == sorted([DAKNONG, QUANGNINH])


def test_the_same_number_from_the_same_issuer_is_refused_in_any_case_or_spacing():
    add_text("1276/QĐ-UBND", kind="decision", issuer=DAKNONG)
    with pytest.raises(ValidationError) as exc:
        add_text("1276/qđ-ubnd", kind="decision", issuer="  ubnd tỉnh  đắk nông ")
    assert exc.value.message_dict["number"] == [
        "Văn bản số “1276/QĐ-UBND” của UBND tỉnh Đắk Nông đã có trong sổ văn bản pháp luật."
    ]
    assert LegalText.objects.count() == 1


def test_a_number_with_an_unknown_issuer_cannot_sit_beside_the_same_number():
    add_text("1276/QĐ-UBND", kind="decision", issuer=DAKNONG)
    with pytest.raises(ValidationError):
        add_text("1276/QĐ-UBND", kind="decision", issuer="")
    assert LegalText.objects.count() == 1


def test_the_database_enforces_number_and_issuer():
    add_text("1276/QĐ-UBND", kind="decision", issuer=DAKNONG)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalText.objects.create(kind="decision", number="1276/QĐ-UBND", issuer=DAKNONG, title="bản sao")


def test_import_creates_one_text_per_issuer_and_a_repeat_changes_nothing():
    rows = [_row("1276/QĐ-UBND", DAKNONG), _row("1276/QĐ-UBND", QUANGNINH, "Quy chế ISO")]
    assert services_import.legal_texts_import(actor=None, rows=rows).created == 2
    again = services_import.legal_texts_import(actor=None, rows=rows)
    assert (again.created, again.updated) == (0, 0)
    assert LegalText.objects.count() == 2


def test_import_reports_the_same_number_and_issuer_twice_in_one_file():
    rows = [_row("1276/QĐ-UBND", DAKNONG), _row("1276/QĐ-UBND", DAKNONG.upper())]
    with pytest.raises(LegalImportError) as exc:
        services_import.legal_texts_import(actor=None, rows=rows)
    assert [(p.row, p.reason) for p in exc.value.problems] == [(3, "Số, ký hiệu “1276/QĐ-UBND” trùng với dòng 2.")]
    assert LegalText.objects.count() == 0


def test_import_without_issuer_is_ambiguous_when_two_issuers_used_the_number():
    add_text("1276/QĐ-UBND", kind="decision", issuer=DAKNONG)
    add_text("1276/QĐ-UBND", kind="decision", issuer=QUANGNINH)
    with pytest.raises(LegalImportError) as exc:
        services_import.legal_texts_import(actor=None, rows=[_row("1276/QĐ-UBND", "", "Tiêu đề mới")])
    assert [(p.row, p.column, p.reason) for p in exc.value.problems] == [
        (
            2,
            "Cơ quan ban hành",
            "Số “1276/QĐ-UBND” có ở nhiều cơ quan ban hành (UBND tỉnh Quảng Ninh; UBND tỉnh Đắk Nông): "
            "hãy ghi cơ quan ban hành.",
        )
    ]


def test_import_fills_the_issuer_of_a_text_known_only_by_its_number():
    add_text("1276/QĐ-UBND", kind="decision", issuer="")
    result = services_import.legal_texts_import(actor=None, rows=[_row("1276/QĐ-UBND", DAKNONG)])
    assert (result.created, result.updated) == (0, 1)
    assert LegalText.objects.get().issuer == DAKNONG


def test_texts_by_numbers_names_every_issuer_of_a_shared_number():
    dn = add_text("1276/QĐ-UBND", kind="decision", issuer=DAKNONG)
    qn = add_text("1276/QĐ-UBND", kind="decision", issuer=QUANGNINH)
    found, missing = selectors.texts_by_numbers(["1276/qđ-ubnd", "9/2099/NĐ-CP"])
    assert [t.pk for t in found] == [qn.pk, dn.pk]  # ordered by issuer
    assert missing == ["9/2099/NĐ-CP"]
