"""User search and the people app's uniqueness checks fold Vietnamese letters on SQLite as on
PostgreSQL ("ĐỖ" finds "Đỗ", "123/qđ-ubnd" is "123/QĐ-UBND"), where ``icontains``/``iexact``
folded ASCII only on SQLite."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qms.core.tests.factories import UserFactory, grant
from qms.core.tests.pagekit import unchanged
from qms.people import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(department):
    people = [
        UserFactory(full_name="Đỗ Văn Giang", username="giang.dv"),
        UserFactory(full_name="Đặng Thu Trang", username="trang.dt"),
        UserFactory(full_name="Nguyễn Thị Hoa", username="hoa.nt"),
    ]
    for person in people:
        grant(person, department, "staff")
    return people


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ĐỖ", {"giang.dv"}),
        ("đỗ văn", {"giang.dv"}),
        ("Đặng", {"trang.dt"}),
        ("đặng", {"trang.dt"}),
        ("dang", {"trang.dt"}),
    ],
)
def test_the_user_list_search_folds_vietnamese_letters(client, coordinator, colleagues, q, expected):
    client.force_login(coordinator)
    response = client.get(reverse("people:user_list"), {"q": q})
    assert response.status_code == 200
    assert {u.username for u in response.context["page_obj"].object_list} == expected


def test_the_selector_matches_every_word_in_name_username_or_email(coordinator, colleagues):
    found = selectors.user_list_for_user(coordinator, search="THỊ hoa.nt")
    assert [u.username for u in found] == ["hoa.nt"]


def test_usernames_are_unique_whatever_the_case_of_vietnamese_letters(coordinator, department):
    services.user_create(
        actor=coordinator,
        username="đỗ.giang",
        full_name="Đỗ Văn Giang",
        email="",
        password="mat-khau-dai-2026",
        organisation=department,
        role="staff",
    )
    assert selectors.username_taken("ĐỖ.GIANG")
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=coordinator,
            username="ĐỖ.Giang",
            full_name="Đỗ Văn Giang",
            email="",
            password="mat-khau-dai-2026",
            organisation=department,
            role="staff",
        )
    assert "username" in exc.value.message_dict


def test_e_mail_addresses_are_unique_whatever_the_case(coordinator, department, colleagues):
    colleagues[0].email = "Giang.Đỗ@quangninh.gov.vn"
    colleagues[0].save(update_fields=["email"])
    colleagues[1].home_organisation = department
    colleagues[1].save(update_fields=["home_organisation"])
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.user_update(
            actor=coordinator, user=colleagues[1], full_name="Đặng Thu Trang", email="giang.đỗ@QUANGNINH.gov.vn"
        )
    assert "email" in exc.value.message_dict


def test_a_committee_decision_number_is_recorded_once_whatever_its_case(department, coordinator):
    services.committee_create(
        actor=coordinator, organisation=department, decision_number="123/QĐ-STP", decision_date=dt.date(2026, 3, 2)
    )
    with unchanged(), pytest.raises(ValidationError) as exc:
        services.committee_create(
            actor=coordinator, organisation=department, decision_number="123/qđ-stp", decision_date=dt.date(2026, 3, 2)
        )
    assert "decision_number" in exc.value.message_dict


def test_the_training_search_folds_vietnamese_letters(department, secretary):
    from qms.people.models import TrainingRecord

    TrainingRecord.objects.create(
        organisation=department,
        trainee_name="Đặng Thu Trang",
        course="Đánh giá viên nội bộ",
        kind=TrainingRecord._meta.get_field("kind").choices[0][0],
        start_date=dt.date(2026, 3, 2),
    )
    found = selectors.training_list_for_user(secretary, department, search="ĐẶNG ĐÁNH")
    assert [r.trainee_name for r in found] == ["Đặng Thu Trang"]
