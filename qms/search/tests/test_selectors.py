"""Who finds what: the search selector applies the permission policy and the filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from qms.core import search
from qms.core.tests.factories import UserFactory, grant
from qms.search import selectors

pytestmark = pytest.mark.django_db


def doc(pk: int, org: Any, title: str, *, status: str = "effective", body: str = "", **fields: Any) -> None:
    search.upsert(
        "document",
        pk,
        title=title,
        body=body,
        scope_path=org.path,
        agency_id=org.agency_id or org.pk,
        status=status,
        organisation_name=org.name,
        url=f"/tai-lieu/{pk}/",
        **{"kind": "process", **fields},
    )


def legal(pk: int, title: str, code: str, **fields: Any) -> None:
    search.upsert("legal", pk, title=title, code=code, public=True, status="in_force", kind="decision", **fields)


def titles(user: Any, text: str = "quy trinh", **filters: Any) -> set[str]:
    return {h.title for h in selectors.search_for_user(user, text, per_page=100, **filters).hits}


@pytest.fixture
def entries(department, unit, dost, commune, other_province) -> None:
    doc(1, department, "Quy trình STP hiệu lực")
    doc(2, department, "Quy trình STP dự thảo", status="draft")
    doc(3, unit, "Quy trình Văn phòng Sở hiệu lực")
    doc(4, dost, "Quy trình KHCN hiệu lực")
    doc(5, commune, "Quy trình phường hiệu lực")
    doc(6, other_province, "Quy trình Bắc Ninh hiệu lực")
    doc(7, department, "Quy trình STP đã thu hồi", status="obsolete")
    legal(1, "Quyết định áp dụng quy trình ISO", "19/2014/QĐ-TTg")


STP_EFFECTIVE = {"Quy trình STP hiệu lực", "Quy trình Văn phòng Sở hiệu lực"}
LEGAL = {"Quyết định áp dụng quy trình ISO"}
QUANG_NINH = {
    "Quy trình STP hiệu lực",
    "Quy trình STP dự thảo",
    "Quy trình Văn phòng Sở hiệu lực",
    "Quy trình KHCN hiệu lực",
    "Quy trình phường hiệu lực",
    "Quy trình STP đã thu hồi",
}


def test_staff_read_only_the_effective_documents_of_their_agency(entries, staff_user) -> None:
    assert titles(staff_user) == STP_EFFECTIVE | LEGAL


def test_the_qms_team_reads_every_status_of_its_agency(entries, secretary) -> None:
    assert (
        titles(secretary)
        == {
            "Quy trình STP hiệu lực",
            "Quy trình STP dự thảo",
            "Quy trình Văn phòng Sở hiệu lực",
            "Quy trình STP đã thu hồi",
        }
        | LEGAL
    )


def test_a_coordinator_reads_the_whole_subtree(entries, coordinator) -> None:
    assert titles(coordinator) == QUANG_NINH | LEGAL


def test_another_province_reads_none_of_it(entries, outsider) -> None:
    assert titles(outsider) == {"Quy trình Bắc Ninh hiệu lực"} | LEGAL


def test_a_superuser_reads_everything(entries, superadmin) -> None:
    assert titles(superadmin) == QUANG_NINH | {"Quy trình Bắc Ninh hiệu lực"} | LEGAL


def test_legal_texts_are_read_by_every_logged_in_user(entries) -> None:
    assert titles(UserFactory()) == LEGAL
    assert titles(UserFactory(), "QD 19") == LEGAL
    assert titles(AnonymousUser()) == set()
    assert titles(UserFactory(is_active=False)) == set()


def test_an_auditor_of_a_unit_reads_drafts_of_the_whole_agency(entries, unit) -> None:
    auditor = UserFactory()
    grant(auditor, unit, "auditor")
    assert "Quy trình STP dự thảo" in titles(auditor)
    assert "Quy trình KHCN hiệu lực" not in titles(auditor)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quy trinh", 2),
        ("Quy Trình", 2),
        ("QUY TRÌNH", 2),
        ("tiep nhan", 1),
        ("tiếp nhận hồ sơ", 1),
        ("đăng ký", 1),
        ("dang ky", 1),
        ("Đăng Ký", 1),
        ("QD 19", 1),
        ("qđ-ttg", 1),
        ("19/2014", 1),
    ],
)
def test_vietnamese_without_accents_finds_accented_text(department, staff_user, text: str, expected: int) -> None:
    doc(1, department, "Quy trình tiếp nhận hồ sơ")
    doc(2, department, "Quy trình đăng ký kinh doanh")
    legal(1, "Quyết định áp dụng hệ thống quản lý chất lượng", "19/2014/QĐ-TTg")
    assert selectors.search_for_user(staff_user, text).total == expected


def test_title_matches_rank_before_body_matches(department, staff_user) -> None:
    doc(1, department, "Kế hoạch năm", body="Phụ lục nhắc tới quy trình kiểm soát hồ sơ.")
    doc(2, department, "Quy trình kiểm soát hồ sơ", body="Nội dung.")
    hits = selectors.search_for_user(staff_user, "kiem soat ho so").hits
    assert [h.source_id for h in hits] == [2, 1]
    assert "<mark>kiểm</mark> <mark>soát</mark> <mark>hồ</mark> <mark>sơ</mark>" in hits[1].snippet


def test_filters(entries, coordinator, department, dost) -> None:
    doc(8, dost, "Biểu mẫu quy trình KHCN", kind="form", dated=dt.date(2025, 3, 1))
    doc(9, dost, "Hướng dẫn quy trình KHCN", kind="guidance", dated=dt.date(2026, 5, 1))
    assert titles(coordinator, source="legal") == LEGAL
    assert titles(coordinator, source="document") == QUANG_NINH | {
        "Biểu mẫu quy trình KHCN",
        "Hướng dẫn quy trình KHCN",
    }
    assert titles(coordinator, kind="form") == {"Biểu mẫu quy trình KHCN"}
    assert titles(coordinator, status="draft") == {"Quy trình STP dự thảo"}
    assert titles(coordinator, status="in_force") == LEGAL
    assert titles(coordinator, agency_id=department.pk) == {
        "Quy trình STP hiệu lực",
        "Quy trình STP dự thảo",
        "Quy trình Văn phòng Sở hiệu lực",
        "Quy trình STP đã thu hồi",
    }
    assert titles(coordinator, date_from=dt.date(2025, 1, 1)) == {"Biểu mẫu quy trình KHCN", "Hướng dẫn quy trình KHCN"}
    assert titles(coordinator, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)) == {
        "Biểu mẫu quy trình KHCN"
    }


def test_filters_never_widen_permissions(entries, staff_user, dost) -> None:
    assert titles(staff_user, agency_id=dost.pk) == set()
    assert titles(staff_user, status="draft") == set()


def test_pages(department, staff_user) -> None:
    search.bulk_upsert(
        {
            "source": "document",
            "source_id": i,
            "title": f"Quy trình số {i}",
            "scope_path": department.path,
            "agency_id": department.pk,
            "status": "effective",
        }
        for i in range(1, 46)
    )
    first = selectors.search_for_user(staff_user, "quy trinh", page=1, per_page=20)
    third = selectors.search_for_user(staff_user, "quy trinh", page=3, per_page=20)
    assert first.total == third.total == 45
    assert len(first.hits) == 20 and len(third.hits) == 5
    assert not {h.source_id for h in first.hits} & {h.source_id for h in third.hits}


def test_agency_choices(coordinator, staff_user, superadmin, department, dost, commune, unit, other_province) -> None:
    names = [name for _pk, name in selectors.agency_choices_for_user(coordinator)]
    assert names[0] == "UBND tỉnh Quảng Ninh"
    assert {"Sở Tư pháp", "Sở Khoa học và Công nghệ", "UBND phường Hạ Long"} <= set(names)
    assert "Văn phòng Sở" not in names and "UBND tỉnh Bắc Ninh" not in names
    assert selectors.agency_choices_for_user(staff_user) == []  # one agency: nothing to choose
    assert len(selectors.agency_choices_for_user(superadmin)) >= 5
    assert selectors.agency_choices_for_user(UserFactory()) == []
    assert selectors.agency_choices_for_user(AnonymousUser()) == []
