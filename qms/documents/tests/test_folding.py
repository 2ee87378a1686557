"""The record rules' search folds Vietnamese letters on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest

from qms.documents import selectors_records, services_records

pytestmark = pytest.mark.django_db


BIRTHS, LETTERS = "Hồ sơ đăng ký khai sinh", "Sổ theo dõi công văn"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ĐĂNG KÝ", [BIRTHS]),
        ("đăng ký", [BIRTHS]),
        ("dang ky", [BIRTHS]),
        ("ĐỖ THỊ", [BIRTHS]),  # the keeper
        ("VĂN PHÒNG", [BIRTHS, LETTERS]),  # the organisation (Văn phòng Sở)
        ("CÔNG VĂN", [LETTERS]),
    ],
)
def test_record_rules_are_found_whatever_the_case_or_accents(unit, secretary, q, expected):
    services_records.record_rule_create(
        actor=None,
        organisation=unit,
        name=BIRTHS,
        keeper="Đỗ Thị Lan",
        place="Tủ hồ sơ tầng 2",
        retention_months=120,
        disposal_method="shred",
    )
    services_records.record_rule_create(
        actor=None,
        organisation=unit,
        name=LETTERS,
        keeper="Nguyễn Minh",
        place="Kho lưu trữ",
        retention_months=60,
        disposal_method="shred",
    )
    found = selectors_records.record_rule_list_for_user(secretary, q=q)
    assert sorted(r.name for r in found) == sorted(expected)
