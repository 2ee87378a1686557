"""Who sees which obligations (the agency its own, the coordinator the subtree, another province
nothing) and the states computed against ``today``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from qms.obligations import selectors

from .conftest import TODAY, open_obligation


def keys(qs) -> set[str]:
    return set(qs.values_list("key", flat=True))


def test_the_agency_sees_its_own(obligations, secretary, leader):
    for user in (secretary, leader):
        assert keys(selectors.obligation_list_for_user(user, today=TODAY)) == {"t:overdue", "t:later", "t:done"}


def test_the_coordinator_and_inspector_see_the_subtree(obligations, coordinator, inspector):
    for user in (coordinator, inspector):
        assert keys(selectors.obligation_list_for_user(user, today=TODAY)) == {
            "t:overdue",
            "t:later",
            "t:done",
            "t:commune",
        }


def test_another_province_and_staff_see_nothing_of_ours(obligations, outsider, staff_user):
    assert keys(selectors.obligation_list_for_user(outsider, today=TODAY)) == {"t:other"}
    assert keys(selectors.obligation_list_for_user(staff_user, today=TODAY)) == set()
    assert selectors.can_view_obligations(staff_user) is False


def test_superadmin_sees_everything(obligations, superadmin):
    assert len(keys(selectors.obligation_list_for_user(superadmin, today=TODAY))) == 5


def test_states_are_computed_against_today(obligations, coordinator):
    def listed(state, today=TODAY):
        return keys(selectors.obligation_list_for_user(coordinator, state=state, today=today))

    assert listed("open") == {"t:overdue", "t:later", "t:commune"}
    assert listed("overdue") == {"t:overdue", "t:commune"}
    assert listed("done") == {"t:done"}
    assert listed("all") == listed(None) == {"t:overdue", "t:later", "t:done", "t:commune"}
    # The due date itself is not overdue yet; the day after is.
    assert listed("overdue", today=dt.date(2026, 3, 1)) == {"t:commune"}
    assert listed("overdue", today=dt.date(2026, 3, 2)) == {"t:overdue", "t:commune"}
    assert listed("overdue", today=dt.date(2026, 7, 1)) == {"t:overdue", "t:later", "t:commune"}


def test_filters_by_organisation_subtree_kind_and_words(obligations, coordinator, department, commune):
    def listed(**kwargs):
        return keys(selectors.obligation_list_for_user(coordinator, today=TODAY, **kwargs))

    assert listed(organisation=commune) == {"t:commune"}
    assert listed(organisation=department) == {"t:overdue", "t:later", "t:done"}
    assert listed(kind="legal_update") == listed()
    assert listed(q="so tay CHAT luong") == {"t:later"}
    assert listed(q="sổ tay chất lượng") == {"t:later"}
    assert listed(q="107/2021") == {"t:overdue", "t:commune"}


def test_list_order_is_by_due_date_and_done_by_completion(obligations, coordinator):
    ordered = list(selectors.obligation_list_for_user(coordinator, state="open", today=TODAY))
    assert [o.key for o in ordered] == ["t:commune", "t:overdue", "t:later"]


def test_get_for_user_hides_others_obligations(obligations, secretary, outsider, coordinator):
    overdue = obligations["overdue"]
    assert selectors.obligation_get_for_user(secretary, overdue.pk) == overdue
    assert selectors.obligation_get_for_user(coordinator, overdue.pk) == overdue
    for user, pk in (
        (outsider, overdue.pk),
        (secretary, obligations["commune"].pk),
        (secretary, "x"),
        (secretary, 10**9),
    ):
        with pytest.raises(Http404):
            selectors.obligation_get_for_user(user, pk)


def test_counts_for_dashboards(obligations, coordinator, secretary, outsider):
    assert selectors.obligation_counts_for_user(coordinator, TODAY) == {"open": 3, "overdue": 2, "done": 1}
    assert selectors.obligation_counts_for_user(secretary, TODAY) == {"open": 2, "overdue": 1, "done": 1}
    assert selectors.obligation_counts_for_user(outsider, TODAY) == {"open": 1, "overdue": 1, "done": 0}


def test_counts_are_one_query(obligations, coordinator, django_assert_num_queries):
    coordinator.refresh_from_db()  # grants not cached yet
    with django_assert_num_queries(2):  # the grants, the aggregate
        selectors.obligation_counts_for_user(coordinator, TODAY)


def test_obligations_for_subject_lists_open_and_done(obligations, subject, department):
    cancelled = open_obligation(department, subject, key="t:cancelled", due_on=TODAY)
    type(cancelled).objects.filter(pk=cancelled.pk).update(status="cancelled")

    assert [o.key for o in selectors.obligations_for_subject(subject)] == ["t:done", "t:overdue"]


def test_obligations_derived_from_a_source(department, subject, coordinator, commune):
    open_obligation(department, subject, key="s1", due_on=TODAY, source=commune)
    open_obligation(department, subject, key="s2", due_on=TODAY, source=department)

    assert keys(selectors.obligation_list_for_user(coordinator, source=commune)) == {"s1"}


def test_agency_filter_choices_exclude_units(obligations, coordinator, secretary, department, unit):
    choices = selectors.agency_choices_for_user(coordinator)
    assert department in choices and unit not in choices
    assert selectors.sees_several_agencies(coordinator) is True
    assert selectors.sees_several_agencies(secretary) is False
    assert selectors.organisation_for_filter(secretary, department.pk) == department
    assert selectors.organisation_for_filter(secretary, "nope") is None
