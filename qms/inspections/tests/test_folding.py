"""Inspection plans are found by title whatever the case or accents (the query is folded; the
title was compared with ``icontains``, which neither folds accents nor, on SQLite, "Đ")."""

from __future__ import annotations

import pytest

from qms.inspections import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["KIỂM TRA HTQLCL", "kiem tra htqlcl", "Kế hoạch"])
def test_plans_are_found_by_title_whatever_the_case_or_accents(plan, coordinator, q):
    assert list(selectors.plan_list_for_user(coordinator, q=q)) == [plan]


def test_a_title_that_does_not_match_finds_nothing(plan, coordinator):
    assert list(selectors.plan_list_for_user(coordinator, q="đánh giá nội bộ")) == []
